def stratified_k_fold(labels: list, k: int) -> list[list[int]]:
    """Deal the rows round-robin over the folds, class by class in sorted order, rows in index order."""
    # A stable sort by label lists each class's rows in index order, classes in ascending order.
    dealing_order = sorted(range(len(labels)), key=labels.__getitem__)
    return [sorted(dealing_order[fold::k]) for fold in range(k)]
