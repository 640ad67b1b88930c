from collections import Counter

NUMERIC_DEFAULT = 0.0
CATEGORICAL_DEFAULT = "__missing__"


def _median(values: list) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def _most_frequent(values: list[str]) -> str:
    counts = Counter(values)
    best = max(counts.values())
    return min(value for value, count in counts.items() if count == best)


def fit_and_impute(schema: dict[str, str], train_rows: list[dict], serving_rows: list[dict]) -> dict:
    """Fit fill values on the training rows only, then fill the serving rows with them."""
    fill_values: dict = {}
    for column, kind in schema.items():
        present = [row[column] for row in train_rows if row.get(column) is not None]
        if kind == "numeric":
            fill_values[column] = _median(present) if present else NUMERIC_DEFAULT
        else:
            fill_values[column] = _most_frequent(present) if present else CATEGORICAL_DEFAULT
    rows = []
    for row in serving_rows:
        filled = {}
        for column, fill in fill_values.items():
            value = row.get(column)
            filled[column] = fill if value is None else value
        rows.append(filled)
    return {"fill_values": fill_values, "rows": rows}
