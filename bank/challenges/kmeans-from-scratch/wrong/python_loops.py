import numpy as np


def kmeans(X, init_centroids, max_iter):
    points = [[float(v) for v in row] for row in X]
    centroids = [[float(v) for v in row] for row in init_centroids]
    k, d = len(centroids), len(centroids[0])
    labels = None
    for _ in range(max_iter):
        new_labels = []
        for p in points:
            best, best_j = float("inf"), 0
            for j, c in enumerate(centroids):
                dist = 0.0
                for a in range(d):
                    diff = p[a] - c[a]
                    dist += diff * diff
                if dist < best:
                    best, best_j = dist, j
            new_labels.append(best_j)
        if new_labels == labels:
            break
        labels = new_labels
        sums = [[0.0] * d for _ in range(k)]
        counts = [0] * k
        for p, j in zip(points, labels, strict=True):
            counts[j] += 1
            for a in range(d):
                sums[j][a] += p[a]
        for j in range(k):
            if counts[j]:
                centroids[j] = [s / counts[j] for s in sums[j]]
    return np.array(labels, dtype=np.int64), np.array(centroids)
