import itertools
import math
import random

import numpy as np

from vetml.judge.testkit import Case


def _row(weights):
    """L2-normalise a hand-computed row of tf * idf weights."""
    row = np.array(weights, dtype=np.float64)
    norm = math.sqrt(sum(w * w for w in weights))
    return row / norm if norm else row


def examples():
    corpus = [["cat", "sat"], ["cat", "ran"]]
    idf_sat = math.log(3 / 2) + 1
    return [
        Case("unseen token ignored", args=(corpus, [["sat", "sat", "cat", "dog"]]),
             expected=np.array([_row([1.0, 0.0, 2 * idf_sat])])),
        Case("several rows", args=(corpus, [["ran"], ["cat"], []]),
             expected=np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])),
    ]


def _zipf_corpus(rng, n_docs, vocabulary, length):
    """Documents of random length whose tokens follow a Zipf-like law over the vocabulary."""
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))
    return [rng.choices(vocabulary, cum_weights=cumulative, k=rng.randint(0, 2 * length)) for _ in range(n_docs)]


def _words(rng, count):
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéß_-0123456789"
    words = set()
    while len(words) < count:
        words.add("".join(rng.choices(letters, k=rng.randint(1, 9))))
    ordered = sorted(words)  # a set's order depends on the hash seed; sort before shuffling
    rng.shuffle(ordered)
    return ordered


def hidden():
    # n = 3; df: a=3, b=2, c=1 -> idf: a=1, b=ln(4/3)+1, c=ln(2)+1.
    corpus = [["a", "b", "b"], ["a", "c"], ["a", "b", "a"]]
    idf_b, idf_c = math.log(4 / 3) + 1, math.log(2) + 1
    yield Case("repeated tokens count once for df", args=(corpus, [["a", "b", "c"]]),
               expected=np.array([_row([1.0, idf_b, idf_c])]), subtask="basic", category="document frequency")
    yield Case("raw counts as tf", args=(corpus, [["c", "c", "c", "a"]]),
               expected=np.array([_row([1.0, 0.0, 3 * idf_c])]), subtask="basic", category="term frequency")
    yield Case("only unseen tokens", args=(corpus, [["z", "y"], ["A"]]),
               expected=np.zeros((2, 3)), subtask="basic", category="unseen tokens")
    yield Case("no documents", args=(corpus, []), expected=np.zeros((0, 3)), subtask="basic", category="edge cases")
    yield Case("empty corpus documents still count", args=([["x"], [], [], []], [["x"]]),
               expected=np.array([[1.0]]), subtask="basic", category="document frequency")
    # n = 4 with two empty documents; df(x) = 1, df(y) = 2 -> idf(x) = ln(5/2)+1, idf(y) = ln(5/3)+1.
    yield Case("idf uses every corpus document", args=([["x", "y"], [], ["y"], []], [["x", "y"]]),
               expected=np.array([_row([math.log(5 / 2) + 1, math.log(5 / 3) + 1])]),
               subtask="basic", category="document frequency")
    # Code-point order: "B" < "a" < "b" < "é".
    yield Case("case-sensitive code-point order", args=([["b", "é", "a"], ["B", "a"]], [["é", "B", "b"]]),
               expected=np.array([_row([math.log(3 / 2) + 1, 0.0, math.log(3 / 2) + 1, math.log(3 / 2) + 1])]),
               subtask="basic", category="vocabulary order")
    yield Case("empty vocabulary", args=([[], []], [["a"], []]), expected=np.zeros((2, 0)),
               subtask="basic", category="edge cases")
    yield Case("transformed documents do not change idf", args=([["a"], ["a", "b"]], [["b", "b"], ["b"], ["a", "b"]]),
               expected=np.array([[0.0, 1.0], [0.0, 1.0], _row([1.0, math.log(3 / 2) + 1])]),
               subtask="basic", category="leakage")

    rng = random.Random(4417)
    for index in range(3):
        vocabulary = _words(rng, 60)
        corpus = _zipf_corpus(rng, 40, vocabulary[:50], 6)
        documents = _zipf_corpus(rng, 15, vocabulary, 8)  # the last 10 words never appear in the corpus
        yield Case(f"random small corpus {index + 1}", args=(corpus, documents), subtask="basic",
                   category="random corpora")

    for index, (n_docs, length) in enumerate([(10_000, 20), (8_000, 25), (10_000, 18)]):
        vocabulary = _words(rng, 4_000)
        corpus = _zipf_corpus(rng, n_docs, vocabulary[:3_800], length)
        documents = _zipf_corpus(rng, 300, vocabulary, 30)
        yield Case(f"large corpus {index + 1}", args=(corpus, documents), subtask="large", category="large inputs")
