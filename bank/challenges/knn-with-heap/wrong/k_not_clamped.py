import numpy as np


def k_nearest(points, queries, k):
    points = np.asarray(points, dtype=np.int64)
    result = []
    for query in np.asarray(queries, dtype=np.int64):
        diff = points - query
        dist = np.einsum("ij,ij->i", diff, diff)
        kth = np.partition(dist, k - 1)[k - 1]  # ValueError when k > number of points
        candidates = np.flatnonzero(dist <= kth)
        order = np.lexsort((candidates, dist[candidates]))[:k]
        result.append(candidates[order].tolist())
    return result
