def merge_intervals(intervals: list[list[int]]) -> list[list[int]]:
    """Return the union of closed intervals as sorted, disjoint [start, end] pairs."""
    raise NotImplementedError
