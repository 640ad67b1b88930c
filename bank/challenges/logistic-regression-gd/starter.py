import numpy as np


def fit_logistic_regression(
    X: np.ndarray, y: np.ndarray, lr: float, n_iters: int, l2: float
) -> tuple[np.ndarray, float]:
    """Run n_iters steps of full-batch gradient descent from zero weights; return (w, b)."""
    raise NotImplementedError
