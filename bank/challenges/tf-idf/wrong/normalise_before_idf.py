import math
from collections import Counter

import numpy as np


def tfidf(corpus: list[list[str]], documents: list[list[str]]) -> np.ndarray:
    """One pass over the corpus for document frequencies, one pass over each document for counts."""
    df: Counter[str] = Counter()
    for doc in corpus:
        df.update(set(doc))
    vocabulary = sorted(df)
    column = {token: j for j, token in enumerate(vocabulary)}
    n = len(corpus)
    idf = np.array([math.log((1 + n) / (1 + df[token])) + 1.0 for token in vocabulary], dtype=np.float64)

    matrix = np.zeros((len(documents), len(vocabulary)), dtype=np.float64)
    for i, doc in enumerate(documents):
        for token, count in Counter(doc).items():
            j = column.get(token)
            if j is not None:
                matrix[i, j] = count
        norm = np.linalg.norm(matrix[i])
        if norm > 0:
            matrix[i] /= norm
        matrix[i] *= idf
    return matrix
