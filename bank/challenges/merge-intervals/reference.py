def merge_intervals(intervals: list[list[int]]) -> list[list[int]]:
    """Sort by start, then extend the last block while the next interval starts inside or at its end."""
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
