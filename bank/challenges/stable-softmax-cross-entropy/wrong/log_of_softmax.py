import numpy as np


def softmax_cross_entropy(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    probabilities = exp / exp.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probabilities[np.arange(len(labels)), labels]))
    return probabilities, float(loss)
