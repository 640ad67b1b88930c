def max_points_on_line(points):
    n = len(points)
    if n <= 2:
        return n
    best = 0
    for i in range(n):
        for j in range(i + 1, n):
            (x1, y1), (x2, y2) = points[i], points[j]
            if x1 == x2 and y1 == y2:
                count = sum(1 for x, y in points if x == x1 and y == y1)
            else:
                count = sum(1 for x, y in points if (x2 - x1) * (y - y1) == (y2 - y1) * (x - x1))
            best = max(best, count)
    return best
