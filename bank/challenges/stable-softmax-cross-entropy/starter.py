import numpy as np


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, float]:
    """Return (row-wise softmax probabilities, mean cross-entropy of the true labels)."""
    raise NotImplementedError
