def sparse_dot(a: list[tuple[int, float]], b: list[tuple[int, float]], dim: int) -> float:
    """Return the dot product of two sparse vectors given as index-sorted (index, value) pairs."""
    raise NotImplementedError
