from math import gcd


def max_points_on_line(points: list[list[int]]) -> int:
    """For each anchor, group the later points by exact, gcd-reduced direction: O(n^2) gcds, no floats."""
    n = len(points)
    if n <= 2:
        return n
    best = 0
    for i in range(n):
        x0, y0 = points[i]
        directions: dict[tuple[int, int], int] = {}
        copies = 1  # the anchor itself and any later duplicates of it
        most = 0
        for j in range(i + 1, n):
            dx, dy = points[j][0] - x0, points[j][1] - y0
            if dx == 0 and dy == 0:
                copies += 1
                continue
            g = gcd(dx, dy)
            dx, dy = dx // g, dy // g
            # A line has two directions; keep the one with dx > 0, or dy > 0 when the line is vertical.
            if dx < 0 or (dx == 0 and dy < 0):
                dx, dy = -dx, -dy
            count = directions.get((dx, dy), 0) + 1
            directions[(dx, dy)] = count
            if count > most:
                most = count
        best = max(best, most + copies)
        if best >= n - i:  # no later anchor can see more points than remain
            break
    return best
