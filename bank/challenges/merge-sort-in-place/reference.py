def merge_sort_events(events: list[list]) -> list[list]:
    """Stable bottom-up merge sort of [timestamp, event_id] records by timestamp, in place.

    Runs of width 1, 2, 4, ... are merged from one buffer into the other; on equal timestamps the
    record from the left run is taken first, which is what keeps the sort stable. The sorted records
    end up in `events` itself, which is also returned.
    """
    n = len(events)
    src = events
    dst = [None] * n
    width = 1
    while width < n:
        for lo in range(0, n, 2 * width):
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            i, j, k = lo, mid, lo
            while i < mid and j < hi:
                if src[j][0] < src[i][0]:  # strictly smaller: ties take the left record
                    dst[k] = src[j]
                    j += 1
                else:
                    dst[k] = src[i]
                    i += 1
                k += 1
            if i < mid:
                dst[k:hi] = src[i:mid]
            else:
                dst[k:hi] = src[j:hi]
        src, dst = dst, src
        width *= 2
    if src is not events:
        events[:] = src
    return events
