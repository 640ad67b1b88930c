import numpy as np


def _assign(X: np.ndarray, x_sq: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Index of the nearest centroid by squared Euclidean distance; argmin keeps the lowest index on ties."""
    dist = x_sq[:, None] - 2.0 * (X @ centroids.T) + (centroids * centroids).sum(axis=1)[None, :]
    return dist.argmin(axis=1)


def kmeans(X: np.ndarray, init_centroids: np.ndarray, max_iter: int) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's algorithm from the given centroids; an empty cluster keeps its previous centroid."""
    X = np.asarray(X, dtype=np.float64)
    centroids = np.array(init_centroids, dtype=np.float64)
    k = centroids.shape[0]
    x_sq = (X * X).sum(axis=1)
    columns = np.ascontiguousarray(X.T)
    labels = None
    for _ in range(max_iter):
        new_labels = _assign(X, x_sq, centroids)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        counts = np.bincount(labels, minlength=k)
        sums = np.stack([np.bincount(labels, weights=column, minlength=k) for column in columns], axis=1)
        filled = counts > 0
        centroids[filled] = sums[filled] / counts[filled, None]
    return labels.astype(np.int64), centroids
