import numpy as np


def precision_recall_report(y_true: np.ndarray, scores: np.ndarray, threshold: float) -> dict:
    """Return {"precision", "recall", "f1", "average_precision"} as floats."""
    raise NotImplementedError
