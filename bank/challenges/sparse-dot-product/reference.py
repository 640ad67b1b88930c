def sparse_dot(a: list[tuple[int, float]], b: list[tuple[int, float]], dim: int) -> float:
    """Walk both index-sorted lists at once, like the merge step of merge sort: O(len(a) + len(b))."""
    total = 0.0
    i, j = 0, 0
    while i < len(a) and j < len(b):
        index_a, index_b = a[i][0], b[j][0]
        if index_a == index_b:
            total += a[i][1] * b[j][1]
            i += 1
            j += 1
        elif index_a < index_b:
            i += 1
        else:
            j += 1
    return float(total)
