import random


def group_train_test_split(groups: list, test_size: float, seed: int) -> tuple[list[int], list[int]]:
    """Shuffle the groups with the seed, then fill the test side greedily without passing the target."""
    rows_by_group: dict = {}
    for index, group in enumerate(groups):
        rows_by_group.setdefault(group, []).append(index)
    order = list(rows_by_group)  # first-seen order, so the shuffle depends only on the inputs
    random.Random(seed).shuffle(order)

    target = test_size * len(groups)
    test_groups = []
    test_rows = 0
    for group in order:
        size = len(rows_by_group[group])
        if test_rows + size <= target:
            test_groups.append(group)
            test_rows += size
    if not test_groups:  # every group is bigger than the target: take the smallest one
        test_groups = [min(order, key=lambda group: len(rows_by_group[group]))]

    in_test = set(test_groups)
    train = [index for index, group in enumerate(groups) if group not in in_test]
    test = [index for index, group in enumerate(groups) if group in in_test]
    return train, test
