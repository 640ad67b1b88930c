import random


def reservoir_sample(stream, k):
    reservoir = []
    if k <= 0:
        return reservoir
    for seen, item in enumerate(stream):
        if seen < k:
            reservoir.append(item)
        else:
            slot = random.randrange(seen)  # accepts item `seen` with probability k / seen instead of k / (seen + 1)
            if slot < k:
                reservoir[slot] = item
    return reservoir
