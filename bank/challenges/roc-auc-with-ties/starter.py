import numpy as np


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Return the ROC-AUC of scores against 0/1 labels, counting tied pairs as one half."""
    raise NotImplementedError
