def sparse_dot(a, b, dim):
    # Looks up every coordinate of the full space: correct, but 10**8 dictionary probes per call.
    lookup_a, lookup_b = dict(a), dict(b)
    return float(sum(lookup_a.get(i, 0.0) * lookup_b.get(i, 0.0) for i in range(dim)))
