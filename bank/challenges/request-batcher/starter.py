def plan_batches(arrivals: list[int], max_batch: int, fixed_ms: int, per_item_ms: int, budget_ms: int) -> list[list]:
    """Group requests into as few batches as possible without any request exceeding the latency budget.

    Return a list of [dispatch_ms, [request indices]] pairs.
    """
    raise NotImplementedError
