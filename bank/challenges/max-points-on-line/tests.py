import random
from math import gcd

from vetml.judge.testkit import Case

LIMIT = 10**9


def _float_twins(rng: random.Random) -> tuple[tuple[int, int], tuple[int, int]]:
    """Two lattice directions A, B with cross(A, B) == 1 whose slopes (and that of A + B) are the same double.

    Such pairs are consecutive fractions of a Farey sequence: non-collinear, yet dy / dx cannot tell them apart.
    """
    low, high = 150_000_000, 300_000_000
    while True:
        q1, p1 = rng.randrange(low, high), rng.randrange(-high, high)
        if abs(p1) < 2 or gcd(q1, p1) != 1:
            continue
        p2 = pow(q1, -1, abs(p1))  # solves q1 * p2 - q2 * p1 == 1 for some integer q2
        if p1 < 0:
            p2 = -p2
        q2 = (q1 * p2 - 1) // p1
        shift = (low - q2) // q1 + 1 if q2 < low else -((q2 - low) // q1)
        q2, p2 = q2 + shift * q1, p2 + shift * p1
        if low <= q2 < high and abs(p2) < high and p1 / q1 == p2 / q2 == (p1 + p2) / (q1 + q2):
            return (q1, p1), (q2, p2)


def _float_trap(rng: random.Random) -> list[list[int]]:
    """Six points that float slopes put on one line through the first, while at most three are collinear."""
    (ax, ay), (bx, by) = _float_twins(rng)
    ox, oy = -rng.randrange(0, 10**8), rng.randrange(-(10**8), 10**8)
    steps = [(0, 0), (1, 0), (0, 1), (1, 1), (2, 1), (1, 2)]
    return [[ox + m * ax + k * bx, oy + m * ay + k * by] for m, k in steps]


def _line(rng: random.Random, count: int, bound: int) -> list[list[int]]:
    """`count` distinct collinear points with a random primitive direction, all within +-bound."""
    while True:
        dx, dy = rng.randint(0, 9), rng.randint(-9, 9)
        steps = bound // max(abs(dx), abs(dy), 1)
        if (dx, dy) != (0, 0) and gcd(dx, dy) == 1 and steps >= count:
            break
    x0, y0 = rng.randint(-bound // 2, bound // 2), rng.randint(-bound // 2, bound // 2)
    ts = sorted(rng.sample(range(-steps // 2, steps // 2), count))
    return [[x0 + t * dx, y0 + t * dy] for t in ts]


def examples():
    return [
        Case("three on a diagonal", args=([[1, 1], [2, 2], [3, 3], [1, 2], [4, 0]],), expected=3),
        Case("vertical line with a duplicate", args=([[2, 5], [2, -1], [2, 5], [0, 0], [2, 9]],), expected=4),
    ]


def hidden():
    yield Case("empty", args=([],), expected=0, subtask="basic", category="edge cases")
    yield Case("one point", args=([[7, -3]],), expected=1, subtask="basic", category="edge cases")
    yield Case("two copies of one point", args=([[4, 4], [4, 4]],), expected=2, subtask="basic", category="duplicates")
    yield Case("only duplicates", args=([[-1, 6]] * 5,), expected=5, subtask="basic", category="duplicates")
    yield Case(
        "anchor between the others",
        args=([[2, 2], [0, 0], [3, 3], [5, 5], [1, 0]],),
        expected=4,
        subtask="basic",
        category="direction sign",
    )
    yield Case(
        "negative slope, mixed order",
        args=([[0, 6], [3, 0], [-1, 8], [1, 4], [2, 2], [5, 5], [2, 3]],),
        expected=5,
        subtask="basic",
        category="direction sign",
    )
    yield Case(
        "horizontal line, negative x",
        args=([[3, 4], [-2, 4], [0, 4], [10, 4], [1, 1]],),
        expected=4,
        subtask="basic",
        category="horizontal and vertical",
    )
    yield Case(
        "vertical and horizontal through one point",
        args=([[0, 0], [0, 3], [0, -2], [5, 0], [-4, 0], [0, 0], [7, 7]],),
        expected=4,
        subtask="basic",
        category="horizontal and vertical",
    )
    yield Case(
        "duplicate on the best line",
        args=([[1, 1], [1, 1], [2, 3], [3, 5], [0, 0]],),
        expected=4,
        subtask="basic",
        category="duplicates",
    )
    yield Case(
        "no three collinear",
        args=([[0, 0], [1, 2], [2, 1], [3, 5]],),
        expected=2,
        subtask="basic",
        category="edge cases",
    )
    rng = random.Random(4242)
    small = _line(rng, 9, 100) + [[rng.randint(-100, 100), rng.randint(-100, 100)] for _ in range(21)]
    rng.shuffle(small)
    yield Case("30 points, one planted line", args=(small,), subtask="basic", category="random small")

    yield Case(
        "slopes one part in 10**18 apart",
        args=([[0, 0], [999_999_999, 999_999_998], [1_000_000_000, 999_999_999]],),
        expected=2,
        subtask="precision",
        category="floating-point slopes",
    )
    yield Case(
        "corners of the coordinate range",
        args=([[-LIMIT, -LIMIT], [LIMIT, LIMIT], [0, 0], [LIMIT, -LIMIT], [-LIMIT, LIMIT], [1, 1]],),
        expected=4,
        subtask="precision",
        category="large coordinates",
    )
    trap = _float_trap(rng)
    yield Case(
        "six points on float-identical rays",
        args=(trap,),
        expected=3,
        subtask="precision",
        category="floating-point slopes",
    )
    points = [point for _ in range(4) for point in _float_trap(rng)] + _line(rng, 5, LIMIT)
    rng.shuffle(points)
    yield Case(
        "float traps beside a true line of five",
        args=(points,),
        expected=5,
        subtask="precision",
        category="floating-point slopes",
    )

    points = [point for _ in range(40) for point in _float_trap(rng)]
    points += [[rng.randint(-LIMIT, LIMIT), rng.randint(-LIMIT, LIMIT)] for _ in range(750)]
    points += _line(rng, 10, LIMIT)
    rng.shuffle(points)
    yield Case("1,000 points, large coordinates", args=(points,), subtask="large", category="large inputs")
    points = [[rng.randint(-20, 20), rng.randint(-20, 20)] for _ in range(1_000)]
    yield Case("1,000 points on a small grid", args=(points,), subtask="large", category="large inputs")
    points = []
    for count in (180, 150, 120, 90):
        points += _line(rng, count, 10**6)
    points += [[31_337, y] for y in range(-200_000, 200_000, 2_000)]  # a vertical line of 200
    points += [points[rng.randrange(len(points))] for _ in range(60)]
    points += [[rng.randint(-(10**6), 10**6), rng.randint(-(10**6), 10**6)] for _ in range(1_000 - len(points))]
    rng.shuffle(points)
    yield Case("1,000 points on several planted lines", args=(points,), subtask="large", category="large inputs")
    points = [[3 * t - 1_000, -7 * t + 5] for t in range(-400, 400)] + [[-1_000, 5]] * 200
    rng.shuffle(points)
    yield Case("1,000 points all on one line", args=(points,), expected=1_000, subtask="large", category="large inputs")
