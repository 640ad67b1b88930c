from collections import Counter


def one_hot_encode(train_rows, serve_rows, columns, min_count=1):
    features, slot = [], {}
    for column in columns:
        counts = Counter(row.get(column) for row in train_rows)
        counts.pop(None, None)
        slot[column] = {}
        for category in sorted(c for c, n in counts.items() if n >= min_count):
            slot[column][category] = len(features)
            features.append(f"{column}={category}")
    matrix = []
    for row in serve_rows:
        encoded = [0] * len(features)
        for column in columns:
            position = slot[column].get(row.get(column))
            if position is not None:  # unknown values leave the whole block at zero
                encoded[position] = 1
        matrix.append(encoded)
    return {"features": features, "matrix": matrix}
