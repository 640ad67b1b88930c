def merge_sort_events(events: list[list]) -> list[list]:
    """Sort [timestamp, event_id] records by timestamp with a stable merge sort, in place.

    Equal timestamps keep their original relative order. Return `events` itself (the same list
    object, now sorted).
    """
    raise NotImplementedError
