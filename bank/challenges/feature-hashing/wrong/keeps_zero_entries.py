from collections import defaultdict


def fnv1a_32(data):
    value = 0x811C9DC5
    for byte in data:
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def hash_features(tokens, n_features, signed=True):
    vector = defaultdict(int)
    for token in tokens:
        value = fnv1a_32(token.encode("utf-8"))
        vector[value % n_features] += -1 if signed and value & 0x80000000 else 1
    return dict(vector)  # columns where tokens cancelled stay in, with value 0
