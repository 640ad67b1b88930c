import math

import numpy as np


def tfidf(corpus, documents):
    vocabulary = sorted({token for doc in corpus for token in doc})
    n = len(corpus)
    idf = [math.log((1 + n) / (1 + sum(1 for doc in corpus if token in doc))) + 1 for token in vocabulary]
    rows = []
    for doc in documents:
        row = np.array([doc.count(token) * w for token, w in zip(vocabulary, idf)], dtype=float)
        norm = np.linalg.norm(row)
        rows.append(row / norm if norm else row)
    return np.array(rows).reshape(len(documents), len(vocabulary))
