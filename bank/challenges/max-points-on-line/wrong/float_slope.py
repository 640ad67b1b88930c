def max_points_on_line(points):
    n = len(points)
    if n <= 2:
        return n
    best = 0
    for i in range(n):
        slopes = {}
        copies, most = 1, 0
        for j in range(i + 1, n):
            dx, dy = points[j][0] - points[i][0], points[j][1] - points[i][1]
            if dx == 0 and dy == 0:
                copies += 1
                continue
            slope = float("inf") if dx == 0 else dy / dx  # -0.0 == 0.0, so horizontal lines are fine
            slopes[slope] = slopes.get(slope, 0) + 1
            most = max(most, slopes[slope])
        best = max(best, most + copies)
    return best
