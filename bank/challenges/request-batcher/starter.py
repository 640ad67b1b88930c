def plan_batches(arrivals: list[int], max_batch: int, fixed_ms: int, per_item_ms: int, budget_ms: int) -> dict:
    """Group requests into as few batches as possible without any request exceeding the latency budget.

    Return {"dispatch_ms": [dispatch time of each batch], "batch_of": [batch number of each request]}.
    """
    raise NotImplementedError
