import numpy as np


def kmeans(X, init_centroids, max_iter):
    X = np.asarray(X, dtype=np.float64)
    centroids = np.array(init_centroids, dtype=np.float64)
    k = centroids.shape[0]
    labels = None
    for _ in range(max_iter):
        best = np.full(X.shape[0], np.inf)
        new_labels = np.zeros(X.shape[0], dtype=np.int64)
        for j in range(k):
            dist = ((X - centroids[j]) ** 2).sum(axis=1)
            closer = dist <= best  # "<=" hands a tie to the later centroid
            best[closer] = dist[closer]
            new_labels[closer] = j
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        for j in range(k):
            members = X[labels == j]
            if len(members):
                centroids[j] = members.mean(axis=0)
    return labels, centroids
