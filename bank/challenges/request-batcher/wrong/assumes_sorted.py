def plan_batches(arrivals, max_batch, fixed_ms, per_item_ms, budget_ms):
    # Walks the requests in input order as if they were sorted by arrival time.
    n = len(arrivals)
    dispatch_ms, batch_of = [], [0] * n
    start = 0
    while start < n:
        deadline = arrivals[start] + budget_ms
        end = start + 1
        while (
            end < n
            and end - start < max_batch
            and arrivals[end] + fixed_ms + per_item_ms * (end - start + 1) <= deadline
        ):
            end += 1
        for request in range(start, end):
            batch_of[request] = len(dispatch_ms)
        dispatch_ms.append(arrivals[end - 1])
        start = end
    return {"dispatch_ms": dispatch_ms, "batch_of": batch_of}
