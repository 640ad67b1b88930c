def sparse_dot(a, b, dim):
    total = 0.0
    i, j = 0, 0
    while i < len(a) - 1 and j < len(b) - 1:
        if a[i][0] == b[j][0]:
            total += a[i][1] * b[j][1]
            i += 1
            j += 1
        elif a[i][0] < b[j][0]:
            i += 1
        else:
            j += 1
    return total
