def plan_batches(arrivals, max_batch, fixed_ms, per_item_ms, budget_ms):
    # Walks the requests in input order as if they were sorted by arrival time.
    batches = []
    start = 0
    n = len(arrivals)
    while start < n:
        deadline = arrivals[start] + budget_ms
        end = start + 1
        while end < n and end - start < max_batch and arrivals[end] + fixed_ms + per_item_ms * (end - start + 1) <= deadline:
            end += 1
        batches.append([arrivals[end - 1], list(range(start, end))])
        start = end
    return batches
