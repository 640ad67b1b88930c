from collections import Counter


def one_hot_encode(train_rows, serve_rows, columns, min_count=1):
    # Casts every value to str first, like df[col].astype(str): None becomes the category "None".
    features, slot, other = [], {}, {}
    for column in columns:
        counts = Counter(str(row.get(column)) for row in train_rows)
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
            encoded[slot[column].get(str(row.get(column)), other[column])] = 1
        matrix.append(encoded)
    return {"features": features, "matrix": matrix}
