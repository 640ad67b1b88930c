def hash_features(tokens, n_features, signed=True):
    vector = {}
    for token in tokens:
        value = hash(token) & 0xFFFFFFFF  # salted per process: different on every run
        index = value % n_features
        sign = -1 if signed and value & 0x80000000 else 1
        vector[index] = vector.get(index, 0) + sign
    return {index: total for index, total in vector.items() if total != 0}
