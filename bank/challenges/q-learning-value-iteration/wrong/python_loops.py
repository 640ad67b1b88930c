import numpy as np


def value_iteration(P, R, gamma, tol):
    S, A, _ = P.shape
    P, R = P.tolist(), R.tolist()

    def q_value(values, s, a):
        return sum(P[s][a][t] * (R[s][a][t] + gamma * values[t]) for t in range(S))

    values = [0.0] * S
    while True:
        new_values = [max(q_value(values, s, a) for a in range(A)) for s in range(S)]
        delta = max(abs(x - y) for x, y in zip(new_values, values))
        values = new_values
        if delta < tol:
            break
    policy = []
    for s in range(S):
        q = [q_value(values, s, a) for a in range(A)]
        best = max(q)
        policy.append(next(a for a in range(A) if q[a] >= best - 1e-6))
    return np.array(values), np.array(policy)
