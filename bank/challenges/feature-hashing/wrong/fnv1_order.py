def fnv1_32(data):
    value = 0x811C9DC5
    for byte in data:
        value = (value * 0x01000193) & 0xFFFFFFFF  # FNV-1 multiplies first; FNV-1a xors first
        value ^= byte
    return value


def hash_features(tokens, n_features, signed=True):
    vector = {}
    for token in tokens:
        value = fnv1_32(token.encode("utf-8"))
        index = value % n_features
        sign = -1 if signed and value & 0x80000000 else 1
        vector[index] = vector.get(index, 0) + sign
    return {index: total for index, total in vector.items() if total != 0}
