import math
import random


def group_train_test_split(groups, test_size, seed):
    # Like GroupShuffleSplit: test_size is read as a share of the GROUPS, not of the rows.
    unique = list(dict.fromkeys(groups))
    random.Random(seed).shuffle(unique)
    n_test_groups = min(len(unique) - 1, max(1, math.ceil(test_size * len(unique))))
    in_test = set(unique[:n_test_groups])
    train = [i for i, g in enumerate(groups) if g not in in_test]
    test = [i for i, g in enumerate(groups) if g in in_test]
    return train, test
