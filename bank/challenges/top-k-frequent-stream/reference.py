import heapq
from collections import Counter


def top_k_frequent(events: list[str], k: int) -> list[str]:
    """Count once, then keep the k best (count desc, id asc) with a heap: O(n + d log k)."""
    if k <= 0:
        return []
    counts = Counter(events)
    best = heapq.nsmallest(k, counts.items(), key=lambda item: (-item[1], item[0]))
    return [item for item, _ in best]
