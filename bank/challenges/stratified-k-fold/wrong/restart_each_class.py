from collections import defaultdict


def stratified_k_fold(labels, k):
    rows_by_class = defaultdict(list)
    for index, label in enumerate(labels):
        rows_by_class[label].append(index)
    folds = [[] for _ in range(k)]
    for label in sorted(rows_by_class):
        # Every class starts again at fold 0, so the first folds collect the remainders.
        for position, index in enumerate(rows_by_class[label]):
            folds[position % k].append(index)
    return [sorted(fold) for fold in folds]
