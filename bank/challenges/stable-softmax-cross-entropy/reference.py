import numpy as np


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, float]:
    """Shift each row by its maximum, then use log-sum-exp for the loss so nothing overflows."""
    z = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    shifted = z - z.max(axis=1, keepdims=True)  # every row's largest value becomes 0
    exp = np.exp(shifted)  # in (0, 1]; the row sum is at least 1
    sums = exp.sum(axis=1, keepdims=True)
    probabilities = exp / sums
    log_sum = np.log(sums[:, 0])  # log-sum-exp of the shifted row
    true_shifted = shifted[np.arange(z.shape[0]), labels]
    loss = float(np.mean(log_sum - true_shifted))
    return probabilities, loss
