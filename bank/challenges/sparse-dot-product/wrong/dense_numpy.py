import numpy as np


def sparse_dot(a, b, dim):
    # Densify both vectors: two float64 arrays of length dim, 800 MB each when dim = 10**8.
    dense_a = np.zeros(dim)
    dense_b = np.zeros(dim)
    for index, value in a:
        dense_a[index] = value
    for index, value in b:
        dense_b[index] = value
    return float(dense_a @ dense_b)
