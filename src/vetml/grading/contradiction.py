"""Answer sentences that say the opposite of the reference answer.

A sentence contradicts the reference when it is about the same statement as one of the
reference's sentences (their embeddings are very close) but negates it where the reference does
not, or the reverse: "you never need to roll back" against "roll back by switching traffic to the
previous version". Negation is counted, so "never ship without a canary" reads as positive. This
is deliberately narrow: it misses contradictions that swap terms instead of negating, and it stays
quiet unless the match is close, because a wrong accusation is worse than a missed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from vetml.grading.encoder import Encoder
from vetml.grading.text import Span, sentences, words

SAME_STATEMENT = 0.68  # a negated paraphrase scores 0.7-0.95, another sentence on the same topic 0.4-0.6
CLEAR_MARGIN = 0.05  # the opposite statement must be clearly closer than any sentence the answer agrees with
NOT_ONLY = re.compile(r"\bnot (?:only|just|merely)\b", re.IGNORECASE)  # "not only X" adds, it does not negate
NEGATIONS = frozenset({"not", "no", "never", "cannot", "without", "none", "nothing", "neither", "nor", "nobody"})


@dataclass(frozen=True)
class Contradiction:
    """An answer sentence and the reference sentence it negates."""

    answer: Span
    reference: str
    similarity: float


def negated(text: str) -> bool:
    """True when the sentence carries an odd number of negations (two cancel out)."""
    count = sum(word in NEGATIONS or word.endswith("n't") for word in words(NOT_ONLY.sub("", text)))
    return count % 2 == 1


def find_contradictions(encoder: Encoder, reference: str, spans: list[Span]) -> list[Contradiction]:
    """Answer sentences that negate a reference sentence they closely match."""
    statements = [span.text for span in sentences(reference)]
    if not statements or not spans:
        return []
    vectors = encoder.encode(statements + [span.text for span in spans])
    similarity = vectors[len(statements) :] @ vectors[: len(statements)].T
    polarity = np.array([negated(text) for text in statements])
    found = []
    for row, span in enumerate(spans):
        opposite = polarity != negated(span.text)
        if not opposite.any():
            continue
        best_opposite = int(np.argmax(np.where(opposite, similarity[row], -1.0)))
        agreeing = similarity[row][~opposite]
        closest_agreeing = float(agreeing.max()) if agreeing.size else -1.0
        score = float(similarity[row][best_opposite])
        if score >= SAME_STATEMENT and score >= closest_agreeing + CLEAR_MARGIN:
            found.append(Contradiction(span, statements[best_opposite], round(score, 3)))
    return found
