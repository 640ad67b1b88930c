import numpy as np


def best_split(x: np.ndarray, y: np.ndarray, criterion: str) -> tuple[float, float]:
    """Return (threshold, impurity decrease) of the best midpoint split of one feature."""
    raise NotImplementedError
