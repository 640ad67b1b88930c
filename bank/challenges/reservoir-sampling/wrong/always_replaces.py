import random


def reservoir_sample(stream, k):
    # Every later item evicts a random slot, with no acceptance test: recent items dominate.
    reservoir = []
    if k <= 0:
        return reservoir
    for item in stream:
        if len(reservoir) < k:
            reservoir.append(item)
        else:
            reservoir[random.randrange(k)] = item
    return reservoir
