class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.values = {}
        self.order = []  # least recently used first

    def get(self, key):
        if key not in self.values:
            return -1
        self.order.remove(key)  # O(capacity)
        self.order.append(key)
        return self.values[key]

    def put(self, key, value):
        if key in self.values:
            self.order.remove(key)
        elif len(self.values) == self.capacity:
            oldest = self.order.pop(0)  # O(capacity) as well
            del self.values[oldest]
        self.values[key] = value
        self.order.append(key)


def run_operations(capacity, operations):
    cache = LRUCache(capacity)
    results = []
    for operation in operations:
        if operation[0] == "get":
            results.append(cache.get(operation[1]))
        else:
            cache.put(operation[1], operation[2])
    return results
