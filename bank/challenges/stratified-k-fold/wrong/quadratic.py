def stratified_k_fold(labels, k):
    n = len(labels)
    folds = [[] for _ in range(k)]
    position = 0
    for label in sorted(set(labels)):
        # Scans every row once per class: O(n * number of classes).
        for index in [i for i in range(n) if labels[i] == label]:
            folds[position % k].append(index)
            position += 1
    return [sorted(fold) for fold in folds]
