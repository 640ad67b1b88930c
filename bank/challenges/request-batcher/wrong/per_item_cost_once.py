def plan_batches(arrivals, max_batch, fixed_ms, per_item_ms, budget_ms):
    order = sorted(range(len(arrivals)), key=arrivals.__getitem__)
    dispatch_ms, batch_of = [], [0] * len(arrivals)
    start = 0
    while start < len(order):
        deadline = arrivals[order[start]] + budget_ms
        end = start + 1
        # latency of a single request, not of the whole batch
        while (
            end < len(order) and end - start < max_batch and arrivals[order[end]] + fixed_ms + per_item_ms <= deadline
        ):
            end += 1
        for position in range(start, end):
            batch_of[order[position]] = len(dispatch_ms)
        dispatch_ms.append(arrivals[order[end - 1]])
        start = end
    return {"dispatch_ms": dispatch_ms, "batch_of": batch_of}
