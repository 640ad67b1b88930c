from math import gcd


def max_points_on_line(points):
    n = len(points)
    if n <= 2:
        return n
    best = 0
    for i in range(n):
        directions = {}
        copies, most = 1, 0
        for j in range(i + 1, n):
            dx, dy = points[j][0] - points[i][0], points[j][1] - points[i][1]
            if dx == 0 and dy == 0:
                copies += 1
                continue
            g = gcd(dx, dy)
            key = (dx // g, dy // g)  # (1, 1) and (-1, -1) are the same line but different keys
            directions[key] = directions.get(key, 0) + 1
            most = max(most, directions[key])
        best = max(best, most + copies)
    return best
