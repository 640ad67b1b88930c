"""How well a passage of an answer covers a rubric point: the engine's learned combiner.

Four things a grader weighs when deciding whether a sentence makes a point: how close the two
mean (sentence-embedding cosine), how many of the point's content words are there, how much of
the point's wording finds a close word piece in the passage (BERTScore-style recall), and
whether one of them is negated and the other not. A logistic regression, trained by
`vetml grading train-coverage` on SemEval-2013 Task 7's training answers (reference against
answer, "correct" against the rest), turns them into the probability that the passage makes the
point, with each weight kept on the side its feature's meaning says. The covered and
partly-covered thresholds on that probability are then set on our own bank, where every
question's reference answer should cover its points and another question's should not. The
coefficients ship as a small JSON artefact, so a grade can be traced to them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from vetml.errors import NotFound
from vetml.grading.contradiction import negated
from vetml.grading.encoder import Encoder
from vetml.grading.text import content_words

ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
COVERAGE_FILE = "point-coverage.json"
FEATURES = ("cosine", "content_share", "piece_recall", "negation_mismatch")
# The way each feature may move the probability: more shared meaning never lowers it, a negation
# mismatch never raises it. Training keeps every weight on its side (an unconstrained fit gave the
# cosine a negative weight, because it overlaps with the word-piece recall).
SIGNS = (1, 1, 1, -1)


@dataclass(frozen=True)
class CoverageModel:
    """Standardised features, one weight each, a sigmoid; and the two thresholds the engine applies."""

    version: str
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    intercept: float
    covered: float
    partly: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(the passage makes the point) for feature rows in the order of ``FEATURES`` (any leading shape)."""
        logit = ((features - self.mean) / self.scale) @ self.weights + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-logit)))

    @classmethod
    def from_json(cls, data: dict[str, object]) -> CoverageModel:
        """The model as written by training; the feature list must be the one this code computes."""
        if tuple(data.get("features", ())) != FEATURES:  # type: ignore[arg-type]
            raise ValueError(f"the artefact's features {data.get('features')} are not {list(FEATURES)}")
        thresholds = data["thresholds"]
        assert isinstance(thresholds, dict)
        return cls(
            version=str(data["version"]),
            mean=np.array(data["mean"], dtype=np.float64),
            scale=np.array(data["scale"], dtype=np.float64),
            weights=np.array(data["weights"], dtype=np.float64),
            intercept=float(data["intercept"]),  # type: ignore[arg-type]
            covered=float(thresholds["covered"]),
            partly=float(thresholds["partly"]),
        )


def load_model(path: Path | None = None) -> CoverageModel:
    """The shipped model (read once per process), or the one at ``path``."""
    return _load(path or ARTEFACTS / COVERAGE_FILE)


@cache
def _load(path: Path) -> CoverageModel:
    if not path.is_file():
        raise NotFound(
            f"the point-coverage model {path} is missing",
            hint="Reinstall vetml, or rebuild it with `vetml grading train-coverage`.",
        )
    return CoverageModel.from_json(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class _Prepared:
    """What the features need of each text, computed once per text."""

    vectors: np.ndarray
    tokens: list[np.ndarray]
    words: list[set[str]]
    negated: list[bool]


def feature_grid(encoder: Encoder, points: list[str], passages: list[str]) -> np.ndarray:
    """Features of every (point, passage) pair: shape (points, passages, len(FEATURES))."""
    point, passage = _prepare(encoder, points), _prepare(encoder, passages)
    grid = np.zeros((len(points), len(passages), len(FEATURES)))
    if not points or not passages:
        return grid
    grid[:, :, 0] = point.vectors @ passage.vectors.T
    grid[:, :, 1] = [[_share(wanted, found) for found in passage.words] for wanted in point.words]
    grid[:, :, 2] = _piece_recall(point.tokens, passage.tokens)
    grid[:, :, 3] = np.not_equal.outer(np.array(point.negated), np.array(passage.negated))
    return grid


def match_grid(encoder: Encoder, model: CoverageModel, points: list[str], passages: list[str]) -> np.ndarray:
    """P(passage makes point) for every pair, rounded so that a grade does not hang on the last float bits."""
    return np.round(model.probability(feature_grid(encoder, points, passages)), 4)


def pair_features(encoder: Encoder, pairs: list[tuple[str, str]]) -> np.ndarray:
    """Features of each (point, passage) pair alone: shape (pairs, len(FEATURES)); for training and benchmarks."""
    texts = sorted({text for pair in pairs for text in pair})
    encoder.encode_tokens(texts)  # one batched pass; the grids below read the cache
    return np.array([feature_grid(encoder, [point], [passage])[0, 0] for point, passage in pairs])


def _prepare(encoder: Encoder, texts: list[str]) -> _Prepared:
    tokens = encoder.encode_tokens(texts)  # the same pass also caches the sentence vectors
    return _Prepared(
        vectors=encoder.encode(texts),
        tokens=tokens,
        words=[set(content_words(text, prefix=5, shortest=3)) for text in texts],
        negated=[negated(text) for text in texts],
    )


def _share(wanted: set[str], found: set[str]) -> float:
    return len(wanted & found) / max(1, len(wanted))


def _piece_recall(points: list[np.ndarray], passages: list[np.ndarray]) -> np.ndarray:
    """For each point and passage, the mean over the point's word pieces of the closest piece in the passage."""
    recall = np.zeros((len(points), len(passages)))
    lengths = [len(pieces) for pieces in passages]
    present = [index for index, length in enumerate(lengths) if length]
    if not present:
        return recall
    stacked = np.vstack([passages[index] for index in present])
    starts = np.cumsum([0] + [lengths[index] for index in present])[:-1]
    for row, pieces in enumerate(points):
        if len(pieces):
            closest = np.maximum.reduceat(pieces @ stacked.T, starts, axis=1)  # (point pieces, passages)
            recall[row, present] = closest.mean(axis=0)
    return recall
