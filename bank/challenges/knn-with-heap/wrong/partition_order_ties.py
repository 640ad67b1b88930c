import numpy as np


def k_nearest(points, queries, k):
    # argpartition, then argsort by distance only: which of several equally distant points is kept,
    # and in which order they come out, depends on the partition, not on the index.
    points = np.asarray(points, dtype=np.int64)
    k = min(k, len(points))
    result = []
    for query in np.asarray(queries, dtype=np.int64):
        diff = points - query
        dist = np.einsum("ij,ij->i", diff, diff)
        if k < len(points):
            nearest = np.argpartition(dist, k - 1)[:k]
        else:
            nearest = np.arange(len(points))
        nearest = nearest[np.argsort(dist[nearest])]
        result.append(nearest.tolist())
    return result
