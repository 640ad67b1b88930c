from collections import Counter
from typing import Any

OTHER = "__other__"


def one_hot_encode(
    train_rows: list[dict[str, Any]],
    serve_rows: list[dict[str, Any]],
    columns: list[str],
    min_count: int = 1,
) -> dict[str, list]:
    """Fit the vocabulary on the training rows only, then map serving rows onto it; anything the
    vocabulary does not know (unseen, too rare, missing) goes to the column's `__other__` slot."""
    features: list[str] = []
    slot: dict[str, dict[str, int]] = {}  # column -> category -> feature position
    other: dict[str, int] = {}  # column -> position of its __other__ feature
    for column in columns:
        counts = Counter(row.get(column) for row in train_rows)
        counts.pop(None, None)
        known = sorted(category for category, count in counts.items() if count >= min_count)
        slot[column] = {}
        for category in known:
            slot[column][category] = len(features)
            features.append(f"{column}={category}")
        other[column] = len(features)
        features.append(f"{column}={OTHER}")

    matrix = []
    for row in serve_rows:
        encoded = [0] * len(features)
        for column in columns:
            encoded[slot[column].get(row.get(column), other[column])] = 1
        matrix.append(encoded)
    return {"features": features, "matrix": matrix}
