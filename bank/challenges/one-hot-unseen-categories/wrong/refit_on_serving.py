from collections import Counter


def one_hot_encode(train_rows, serve_rows, columns, min_count=1):
    # "fit_transform" on the batch in hand: the vocabulary comes from the serving rows.
    fit_rows = serve_rows if serve_rows else train_rows
    features, slot, other = [], {}, {}
    for column in columns:
        counts = Counter(row.get(column) for row in fit_rows)
        counts.pop(None, None)
        slot[column] = {}
        for category in sorted(c for c, n in counts.items() if n >= min_count):
            slot[column][category] = len(features)
            features.append(f"{column}={category}")
        other[column] = len(features)
        features.append(f"{column}=__other__")
    matrix = []
    for row in serve_rows:
        encoded = [0] * len(features)
        for column in columns:
            encoded[slot[column].get(row.get(column), other[column])] = 1
        matrix.append(encoded)
    return {"features": features, "matrix": matrix}
