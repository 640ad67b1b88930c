def group_train_test_split(groups: list, test_size: float, seed: int) -> tuple[list[int], list[int]]:
    """Return (train_indices, test_indices) with every group entirely on one side."""
    raise NotImplementedError
