def stratified_k_fold(labels, k):
    rows_by_class = {}
    for index, label in enumerate(labels):
        rows_by_class.setdefault(label, []).append(index)
    folds = [[] for _ in range(k)]
    position = 0
    # Classes are dealt in the order they first appear, not in sorted order.
    for rows in rows_by_class.values():
        for index in rows:
            folds[position % k].append(index)
            position += 1
    return [sorted(fold) for fold in folds]
