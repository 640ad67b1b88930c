def top_k_frequent(events: list[str], k: int) -> list[str]:
    """Return the k most frequent ids, by count descending, ties by id ascending."""
    raise NotImplementedError
