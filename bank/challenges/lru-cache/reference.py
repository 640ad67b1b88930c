class _Node:
    __slots__ = ("key", "value", "prev", "next")

    def __init__(self, key: int = 0, value: int = 0):
        self.key = key
        self.value = value
        self.prev: _Node = self
        self.next: _Node = self


class LRUCache:
    """A dict from key to node plus a circular doubly linked list ordered from LRU to MRU.

    The sentinel's `next` is the least recently used node and its `prev` the most recently used, so
    touching, inserting and evicting are all O(1) pointer updates.
    """

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.nodes: dict[int, _Node] = {}
        self.sentinel = _Node()

    def _unlink(self, node: _Node) -> None:
        node.prev.next = node.next
        node.next.prev = node.prev

    def _append(self, node: _Node) -> None:
        last = self.sentinel.prev
        last.next = node
        node.prev = last
        node.next = self.sentinel
        self.sentinel.prev = node

    def get(self, key: int) -> int:
        node = self.nodes.get(key)
        if node is None:
            return -1
        self._unlink(node)
        self._append(node)
        return node.value

    def put(self, key: int, value: int) -> None:
        node = self.nodes.get(key)
        if node is not None:
            node.value = value
            self._unlink(node)
            self._append(node)
            return
        if len(self.nodes) == self.capacity:
            oldest = self.sentinel.next
            self._unlink(oldest)
            del self.nodes[oldest.key]
        node = _Node(key, value)
        self.nodes[key] = node
        self._append(node)


def run_operations(capacity: int, operations: list[list]) -> list[int]:
    cache = LRUCache(capacity)
    results = []
    for operation in operations:
        if operation[0] == "get":
            results.append(cache.get(operation[1]))
        else:
            cache.put(operation[1], operation[2])
    return results
