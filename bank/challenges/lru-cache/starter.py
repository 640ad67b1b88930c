class LRUCache:
    """A fixed-capacity cache that evicts the least recently used key. get and put must be O(1)."""

    def __init__(self, capacity: int):
        self.capacity = capacity

    def get(self, key: int) -> int:
        """Return the cached value for key (and mark key as most recently used), or -1 if absent."""
        raise NotImplementedError

    def put(self, key: int, value: int) -> None:
        """Insert or update key (it becomes most recently used); evict the LRU key when over capacity."""
        raise NotImplementedError


def run_operations(capacity: int, operations: list[list]) -> list[int]:
    """Replay the operations on a fresh cache and return the results of the gets, in order.

    This driver is what the judge calls; you normally only need to implement LRUCache.
    """
    cache = LRUCache(capacity)
    results = []
    for operation in operations:
        if operation[0] == "get":
            results.append(cache.get(operation[1]))
        else:
            cache.put(operation[1], operation[2])
    return results
