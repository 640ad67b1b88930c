import numpy as np


def value_iteration(P, R, gamma, tol):
    S = P.shape[0]
    reward = (P * R).sum(axis=2)
    values = np.zeros(S)
    for _ in range(100):  # "enough" sweeps
        values = (reward + gamma * P @ values).max(axis=1)
    q = reward + gamma * P @ values
    policy = np.argmax(q >= q.max(axis=1, keepdims=True) - 1e-6, axis=1)
    return values, policy
