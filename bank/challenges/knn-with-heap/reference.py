import numpy as np


def k_nearest(points: np.ndarray, queries: np.ndarray, k: int) -> list[list[int]]:
    """Indices of the k nearest points to each query by squared Euclidean distance, ties by index.

    Per query: one vectorised pass for the distances (exact in int64), np.partition to find the k-th
    smallest distance in O(n), then only the candidates at or below it are ordered by
    (distance, index) - so ties at the k-th place are resolved by index, not by partition order.
    """
    points = np.asarray(points, dtype=np.int64)
    queries = np.asarray(queries, dtype=np.int64)
    n = points.shape[0]
    k = min(k, n)
    result: list[list[int]] = []
    for query in queries:
        diff = points - query
        dist = np.einsum("ij,ij->i", diff, diff)
        if k < n:
            kth = np.partition(dist, k - 1)[k - 1]
            candidates = np.flatnonzero(dist <= kth)
        else:
            candidates = np.arange(n)
        order = np.lexsort((candidates, dist[candidates]))[:k]
        result.append(candidates[order].tolist())
    return result
