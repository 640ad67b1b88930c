def plan_batches(arrivals, max_batch, fixed_ms, per_item_ms, budget_ms):
    order = sorted(range(len(arrivals)), key=arrivals.__getitem__)
    batches = []
    start = 0
    while start < len(order):
        deadline = arrivals[order[start]] + budget_ms
        end = start + 1
        # latency of a single request, not of the whole batch
        while end < len(order) and end - start < max_batch and arrivals[order[end]] + fixed_ms + per_item_ms <= deadline:
            end += 1
        batches.append([arrivals[order[end - 1]], order[start:end]])
        start = end
    return batches
