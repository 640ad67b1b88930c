import numpy as np


def tfidf(corpus: list[list[str]], documents: list[list[str]]) -> np.ndarray:
    """Fit vocabulary and idf on corpus; return the L2-normalised TF-IDF rows of documents."""
    raise NotImplementedError
