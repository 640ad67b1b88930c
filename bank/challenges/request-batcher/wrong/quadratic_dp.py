def plan_batches(arrivals, max_batch, fixed_ms, per_item_ms, budget_ms):
    # Dynamic programme over prefixes: best[j] = fewest batches for the first j requests in arrival
    # order, trying every feasible last batch. Correct, but O(n * batch length).
    order = sorted(range(len(arrivals)), key=arrivals.__getitem__)
    times = [arrivals[index] for index in order]
    n = len(times)
    best = [0] + [n + 1] * n
    cut = [0] * (n + 1)
    for end in range(1, n + 1):
        for start in range(end - 1, max(-1, end - 1 - max_batch), -1):
            if times[end - 1] + fixed_ms + per_item_ms * (end - start) > times[start] + budget_ms:
                break
            if best[start] + 1 < best[end]:
                best[end] = best[start] + 1
                cut[end] = start
    bounds = []
    end = n
    while end > 0:
        bounds.append((cut[end], end))
        end = cut[end]
    bounds.reverse()
    dispatch_ms, batch_of = [], [0] * n
    for number, (start, end) in enumerate(bounds):
        for position in range(start, end):
            batch_of[order[position]] = number
        dispatch_ms.append(times[end - 1])
    return {"dispatch_ms": dispatch_ms, "batch_of": batch_of}
