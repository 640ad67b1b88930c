def reservoir_sample(stream, k):
    # Fills the reservoir and stops: valid-looking output, but never samples past the first k items.
    reservoir = []
    for item in stream:
        if len(reservoir) >= k:
            break
        reservoir.append(item)
    return reservoir
