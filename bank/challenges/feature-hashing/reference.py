from collections import Counter

FNV_OFFSET_BASIS = 0x811C9DC5
FNV_PRIME = 0x01000193


def fnv1a_32(data: bytes) -> int:
    """32-bit FNV-1a: for each byte, xor it into the hash, then multiply by the FNV prime modulo 2**32."""
    value = FNV_OFFSET_BASIS
    for byte in data:
        value = ((value ^ byte) * FNV_PRIME) & 0xFFFFFFFF
    return value


def hash_features(tokens: list[str], n_features: int, signed: bool = True) -> dict[int, int]:
    """Count tokens first so each distinct token is hashed once, then add +-count at its bucket."""
    vector: dict[int, int] = {}
    for token, count in Counter(tokens).items():
        value = fnv1a_32(token.encode("utf-8"))
        index = value % n_features
        if signed and value & 0x80000000:
            count = -count
        vector[index] = vector.get(index, 0) + count
    return {index: total for index, total in vector.items() if total != 0}
