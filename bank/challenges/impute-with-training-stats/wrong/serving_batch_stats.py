from collections import Counter


def fit_and_impute(schema, train_rows, serving_rows):
    # Fits the fill values on the batch being transformed instead of on the training rows.
    fill_values = {}
    for column, kind in schema.items():
        present = [row[column] for row in serving_rows if row.get(column) is not None]
        if not present:
            fill_values[column] = 0.0 if kind == "numeric" else "__missing__"
        elif kind == "numeric":
            ordered = sorted(present)
            mid = len(ordered) // 2
            fill_values[column] = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
        else:
            counts = Counter(present)
            best = max(counts.values())
            fill_values[column] = min(value for value, count in counts.items() if count == best)
    rows = [
        {column: fill if row.get(column) is None else row[column] for column, fill in fill_values.items()}
        for row in serving_rows
    ]
    return {"fill_values": fill_values, "rows": rows}
