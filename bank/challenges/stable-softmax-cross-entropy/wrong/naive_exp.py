import numpy as np


def softmax_cross_entropy(logits, labels):
    exp = np.exp(logits)
    probabilities = exp / exp.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(probabilities[np.arange(len(labels)), labels]))
    return probabilities, float(loss)
