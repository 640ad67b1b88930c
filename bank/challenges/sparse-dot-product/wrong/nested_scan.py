def sparse_dot(a, b, dim):
    # For every stored entry of a, search the whole of b for the same index.
    total = 0.0
    for index_a, value_a in a:
        for index_b, value_b in b:
            if index_a == index_b:
                total += value_a * value_b
                break
    return total
