from collections import Counter


def top_k_frequent(events, k):
    counts = Counter(events)
    return sorted(counts, key=lambda item: (counts[item], item), reverse=True)[:k]
