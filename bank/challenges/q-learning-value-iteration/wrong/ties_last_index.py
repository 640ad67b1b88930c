import numpy as np

TIE_TOLERANCE = 1e-6


def value_iteration(P: np.ndarray, R: np.ndarray, gamma: float, tol: float) -> tuple[np.ndarray, np.ndarray]:
    S, A, _ = P.shape
    expected_reward = np.einsum("sat,sat->sa", P, R)  # fixed across sweeps
    transitions = P.reshape(S * A, S)

    def q_values(values: np.ndarray) -> np.ndarray:
        return expected_reward + gamma * (transitions @ values).reshape(S, A)

    values = np.zeros(S)
    while True:
        new_values = q_values(values).max(axis=1)
        converged = np.max(np.abs(new_values - values)) < tol
        values = new_values
        if converged:
            break

    q = q_values(values)
    tied = q >= q.max(axis=1, keepdims=True) - TIE_TOLERANCE
    policy = A - 1 - np.argmax(tied[:, ::-1], axis=1)
    return values, policy.astype(np.int64)
