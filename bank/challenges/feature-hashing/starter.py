def hash_features(tokens: list[str], n_features: int, signed: bool = True) -> dict[int, int]:
    """Return {column: signed count} for the tokens, hashed with 32-bit FNV-1a over UTF-8 bytes."""
    raise NotImplementedError
