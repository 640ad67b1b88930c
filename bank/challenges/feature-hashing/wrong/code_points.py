def fnv1a_32(text):
    value = 0x811C9DC5
    for char in text:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF  # code points, not UTF-8 bytes
    return value


def hash_features(tokens, n_features, signed=True):
    vector = {}
    for token in tokens:
        value = fnv1a_32(token)
        index = value % n_features
        sign = -1 if signed and value & 0x80000000 else 1
        vector[index] = vector.get(index, 0) + sign
    return {index: total for index, total in vector.items() if total != 0}
