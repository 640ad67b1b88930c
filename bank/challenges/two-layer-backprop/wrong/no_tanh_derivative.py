import numpy as np


def backprop(
    X: np.ndarray, y: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n = X.shape[0]
    rows = np.arange(n)

    H = np.tanh(X @ W1 + b1)
    Z2 = H @ W2 + b2
    shifted = Z2 - Z2.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    sums = exp.sum(axis=1, keepdims=True)
    P = exp / sums
    loss = float(np.mean(np.log(sums[:, 0]) - shifted[rows, y]))

    dZ2 = P.copy()
    dZ2[rows, y] -= 1.0
    dZ2 /= n
    dW2 = H.T @ dZ2
    db2 = dZ2.sum(axis=0)
    dZ1 = dZ2 @ W2.T
    dW1 = X.T @ dZ1
    db1 = dZ1.sum(axis=0)
    return loss, dW1, db1, dW2, db2
