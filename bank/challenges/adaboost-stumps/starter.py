import numpy as np


def adaboost_predict(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, n_rounds: int) -> np.ndarray:
    """Train discrete AdaBoost with decision stumps for n_rounds and return -1/+1 predictions for X_test."""
    raise NotImplementedError
