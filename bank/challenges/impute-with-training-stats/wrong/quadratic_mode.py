def _median(values):
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def fit_and_impute(schema, train_rows, serving_rows):
    fill_values = {}
    for column, kind in schema.items():
        present = [row[column] for row in train_rows if row.get(column) is not None]
        if not present:
            fill_values[column] = 0.0 if kind == "numeric" else "__missing__"
        elif kind == "numeric":
            fill_values[column] = _median(present)
        else:
            # right answer (max keeps the first, i.e. smallest, of equal counts), but one full
            # scan of the column per distinct value
            fill_values[column] = max(sorted(set(present)), key=present.count)
    rows = [
        {column: fill if row.get(column) is None else row[column] for column, fill in fill_values.items()}
        for row in serving_rows
    ]
    return {"fill_values": fill_values, "rows": rows}
