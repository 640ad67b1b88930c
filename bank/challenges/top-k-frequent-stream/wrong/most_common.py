from collections import Counter


def top_k_frequent(events, k):
    return [item for item, _ in Counter(events).most_common(k)]
