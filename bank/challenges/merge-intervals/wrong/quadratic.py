def merge_intervals(intervals):
    merged = []
    for start, end in intervals:
        overlapping = [block for block in merged if block[0] <= end and start <= block[1]]
        for block in overlapping:
            merged.remove(block)
            start, end = min(start, block[0]), max(end, block[1])
        merged.append([start, end])
    return sorted(merged)
