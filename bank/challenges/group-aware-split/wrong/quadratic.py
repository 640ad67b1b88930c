import random


def group_train_test_split(groups, test_size, seed):
    unique = sorted(set(groups), key=str)
    random.Random(seed).shuffle(unique)
    n = len(groups)
    train, test = [], []
    for group in unique:
        # Scans every row for every group: O(n * number of groups).
        rows = [i for i in range(n) if groups[i] == group]
        if len(test) + len(rows) <= test_size * n:
            test.extend(rows)
        else:
            train.extend(rows)
    if not test:
        smallest = min(unique, key=groups.count)
        test = [i for i in range(n) if groups[i] == smallest]
        train = [i for i in range(n) if groups[i] != smallest]
    return sorted(train), sorted(test)
