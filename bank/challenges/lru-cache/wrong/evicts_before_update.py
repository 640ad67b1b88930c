class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.data = {}  # dicts keep insertion order: first key is the least recently used

    def get(self, key):
        if key not in self.data:
            return -1
        value = self.data.pop(key)
        self.data[key] = value
        return value

    def put(self, key, value):
        if len(self.data) == self.capacity:  # evicts even when key is already cached
            del self.data[next(iter(self.data))]
        self.data.pop(key, None)
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
