def k_nearest(points, queries, k):
    # Pure-Python distances and a full sort of all n (distance, index) pairs for every query.
    points = points.tolist()
    result = []
    for query in queries.tolist():
        scored = []
        for index, point in enumerate(points):
            dist = 0
            for a, b in zip(point, query):
                dist += (a - b) * (a - b)
            scored.append((dist, index))
        scored.sort()
        result.append([index for _, index in scored[:k]])
    return result
