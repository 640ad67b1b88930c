def plan_batches(arrivals: list[int], max_batch: int, fixed_ms: int, per_item_ms: int, budget_ms: int) -> dict:
    """Fewest batches such that every request finishes within budget_ms of its arrival.

    Take requests in arrival order and grow each batch greedily: a batch of sorted requests i..j is
    dispatched when its last request arrives and finishes at arrivals[j] + fixed + per_item * size,
    which must not exceed arrivals[i] + budget. Adding a request only makes that harder, so the
    feasible batches starting at i are exactly the prefixes up to some length, and always taking the
    longest one is optimal (an exchange argument: any solution's first batch can be replaced by the
    longest feasible prefix without making the rest worse).
    """
    n = len(arrivals)
    order = sorted(range(n), key=arrivals.__getitem__)
    times = [arrivals[index] for index in order]
    dispatch_ms: list[int] = []
    batch_of = [0] * n
    start = 0
    while start < n:
        # requests start..end-1 fit while times[end-1] + fixed + per_item * size <= times[start] + budget
        slack = times[start] + budget_ms - fixed_ms
        stop = min(n, start + max_batch)
        end = start + 1
        while end < stop and times[end] + per_item_ms * (end - start + 1) <= slack:
            end += 1
        batch = len(dispatch_ms)
        for position in range(start, end):
            batch_of[order[position]] = batch
        dispatch_ms.append(times[end - 1])
        start = end
    return {"dispatch_ms": dispatch_ms, "batch_of": batch_of}
