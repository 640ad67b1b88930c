def stratified_k_fold(labels: list, k: int) -> list[list[int]]:
    """Return k lists of row indices (the test rows of each fold), each in increasing order."""
    raise NotImplementedError
