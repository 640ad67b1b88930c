def max_points_on_line(points: list[list[int]]) -> int:
    """Return the largest number of the given points (duplicates included) that lie on one straight line."""
    raise NotImplementedError
