import numpy as np


def k_nearest(points: np.ndarray, queries: np.ndarray, k: int) -> list[list[int]]:
    """For each query, the indices of the k points with the smallest squared Euclidean distance.

    Ties are broken by the smaller point index; each inner list is ordered by (distance, index).
    If k exceeds the number of points, return all of them.
    """
    raise NotImplementedError
