class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.data = {}  # dicts keep insertion order

    def get(self, key):
        return self.data.get(key, -1)  # forgets to mark the key as recently used

    def put(self, key, value):
        if key in self.data:
            del self.data[key]
        elif len(self.data) == self.capacity:
            del self.data[next(iter(self.data))]
        self.data[key] = value


def run_operations(capacity, operations):
    cache = LRUCache(capacity)
    results = []
    for operation in operations:
        if operation[0] == "get":
            results.append(cache.get(operation[1]))
        else:
            cache.put(operation[1], operation[2])
    return results
