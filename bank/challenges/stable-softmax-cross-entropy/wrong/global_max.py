import numpy as np


def softmax_cross_entropy(logits, labels):
    shifted = logits - logits.max()  # one shift for the whole batch
    exp = np.exp(shifted)
    sums = exp.sum(axis=1, keepdims=True)
    probabilities = exp / sums
    loss = np.mean(np.log(sums[:, 0]) - shifted[np.arange(len(labels)), labels])
    return probabilities, float(loss)
