"""Features of an answer against its reference, for the learned combiner.

Each feature is something a grader looks at: does the answer say what the reference says (whole
text, sentence by sentence, and word piece by word piece, as BERTScore does), with the same
content words, at a sensible length, without merely repeating the question, and without negating
what the reference states. Graders also compare answers to one question with each other, so the
main similarities are repeated relative to the other answers to the same question (z-score, rank,
distance to the best), and an answer is compared with its peers directly: how close it is to what
the others say on the whole, and to the few answers closest to the reference (a pseudo-reference
in the students' own words). Most answers to a question are at least partly right, so agreeing
with them is evidence; that uses the other answers' texts, never their grades.
"""

from __future__ import annotations

import re

import numpy as np
from scipy.stats import rankdata

from vetml.grading.asag import Item
from vetml.grading.encoder import Encoder
from vetml.grading.text import content_words, sentences, words

BASE = (
    "similarity", "question_similarity", "reference_covered", "answer_supported", "best_sentence",
    "reference_recall", "answer_precision", "question_overlap", "answer_words", "length_ratio",
    "negation_mismatch", "empty", "piece_recall", "piece_precision", "piece_f1",
)  # fmt: skip
RELATIVE_TO_PEERS = ("similarity", "reference_covered", "best_sentence", "reference_recall", "piece_recall", "piece_f1")
PEER_AGREEMENT = ("peer_centroid", "peer_pseudo_reference", "peer_mean", "peer_max")
PSEUDO_REFERENCE_SIZE = 3  # the other answers closest to the reference that stand in for it
NAMES = BASE + tuple(f"{name}_{kind}" for name in RELATIVE_TO_PEERS for kind in ("z", "rank", "gap")) + PEER_AGREEMENT
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|doesn't|don't|isn't|won't|without|none)\b", re.IGNORECASE)


def extract(items: list[Item], encoder: Encoder) -> np.ndarray:
    """One row of features per item, in the order of ``NAMES``; texts are encoded once, batched."""
    texts = sorted({text for item in items for text in (item.reference, item.answer)})
    tokens = dict(zip(texts, encoder.encode_tokens(texts), strict=True))
    pieces = {text: [span.text for span in sentences(text)] or [text] for text in texts}
    others = sorted({item.question for item in items} | {piece for parts in pieces.values() for piece in parts})
    vectors = dict(zip(others, encoder.encode(others), strict=True))
    vectors.update(zip(texts, encoder.encode(texts), strict=True))
    base = np.array([_row(item, vectors, pieces, tokens) for item in items], dtype=np.float64)
    questions = [item.question_id for item in items]
    return np.hstack([base, _relative(base, questions), _agreement(items, vectors, questions)])


def _row(
    item: Item, vectors: dict[str, np.ndarray], pieces: dict[str, list[str]], tokens: dict[str, np.ndarray]
) -> list[float]:
    answer, reference, question = vectors[item.answer], vectors[item.reference], vectors[item.question]
    grid = _stack(vectors, pieces[item.reference]) @ _stack(vectors, pieces[item.answer]).T
    answer_words, reference_words, question_words = (_content(text) for text in (item.answer, item.reference,
                                                                                  item.question))  # fmt: skip
    new_words = answer_words - question_words
    recall, precision = _piece_match(tokens[item.reference], tokens[item.answer])
    return [
        float(answer @ reference),
        float(answer @ question),
        float(grid.max(axis=1).mean()),
        float(grid.max(axis=0).mean()),
        float(grid.max()),
        len(reference_words & answer_words) / max(1, len(reference_words)),
        len(reference_words & new_words) / max(1, len(new_words)),
        len(answer_words & question_words) / max(1, len(answer_words)),
        float(np.log1p(len(words(item.answer)))),
        float(np.log1p(len(words(item.answer))) - np.log1p(len(words(item.reference)))),
        float(bool(_NEGATION.search(item.answer)) != bool(_NEGATION.search(item.reference))),
        float(not item.answer.strip()),
        recall,
        precision,
        2 * recall * precision / (recall + precision) if recall + precision > 0 else 0.0,
    ]


def _piece_match(reference: np.ndarray, answer: np.ndarray) -> tuple[float, float]:
    """Greedy word-piece alignment: how much of the reference the answer matches, and the reverse."""
    if not len(reference) or not len(answer):
        return 0.0, 0.0
    grid = reference @ answer.T
    return float(grid.max(axis=1).mean()), float(grid.max(axis=0).mean())


def _relative(base: np.ndarray, questions: list[str]) -> np.ndarray:
    """Each peer-relative feature: z-score, rank (0 to 1) and distance to the best, within one question."""
    keys = np.array(questions)
    columns = []
    for name in RELATIVE_TO_PEERS:
        values = base[:, BASE.index(name)]
        z, rank, gap = np.zeros(len(values)), np.zeros(len(values)), np.zeros(len(values))
        for key in np.unique(keys):
            mask = keys == key
            peers = values[mask]
            z[mask] = (peers - peers.mean()) / (peers.std() + 1e-6)
            rank[mask] = (rankdata(peers) - 1) / max(1, mask.sum() - 1)
            gap[mask] = peers - peers.max()
        columns += [z, rank, gap]
    return np.column_stack(columns) if columns else np.zeros((len(base), 0))


def _agreement(items: list[Item], vectors: dict[str, np.ndarray], questions: list[str]) -> np.ndarray:
    """Each answer's cosine to its peers: their centroid, the pseudo-reference, the mean and the closest peer.

    An answer without peers (the only answer to its question) gets zeros, as an empty answer does.
    """
    keys = np.array(questions)
    answers = _stack(vectors, [item.answer for item in items])
    columns = np.zeros((len(items), len(PEER_AGREEMENT)))
    for key in np.unique(keys):
        rows = np.flatnonzero(keys == key)
        if len(rows) > 1:
            columns[rows] = _peer_rows(answers[rows], vectors[items[rows[0]].reference])
    return columns


def _peer_rows(answers: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """The four agreement columns for the answers to one question (each compared with the others only)."""
    similarity = answers @ answers.T
    to_reference = answers @ reference
    rows = []
    for own in range(len(answers)):
        others = np.delete(np.arange(len(answers)), own)
        closest = others[np.argsort(-to_reference[others], kind="stable")[:PSEUDO_REFERENCE_SIZE]]
        peer_similarity = similarity[own, others]
        rows.append([float(answers[own] @ _unit(answers[others].mean(axis=0))),
                     float(answers[own] @ _unit(answers[closest].mean(axis=0))),
                     float(peer_similarity.mean()), float(peer_similarity.max())])  # fmt: skip
    return np.array(rows)


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def _stack(vectors: dict[str, np.ndarray], texts: list[str]) -> np.ndarray:
    return np.array([vectors[text] for text in texts])


def _content(text: str) -> set[str]:
    return set(content_words(text, prefix=6, shortest=2))
