"""`vetml bench grading`: the learned combiner and the cross-encoder on public short-answer grading benchmarks.

Every number says which split it comes from; nothing of a test split is used for training or
tuning (on Mohler the regressor's settings are searched inside each training fold; the other
settings were fixed before looking at test results, on Mohler's unseen-questions cross-validation
only; the cross-encoder was tuned on held-out SemEval training
answers). On SemEval the cross-encoder is measured on its own, as it was trained on that training
split. Its class probabilities as extra combiner features lowered Mohler's unseen-questions r
(0.609 to 0.594, the protocol the combiner's settings are chosen on), so Mohler and SAF use the
combiner alone.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import pearsonr
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GridSearchCV, GroupKFold, KFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVR

from vetml.config import get_settings
from vetml.grading import asag
from vetml.grading.coverage import CoverageModel, load_model, match_grid
from vetml.grading.crossencoder import LABELS, CrossEncoder, shared_cross_encoder
from vetml.grading.encoder import Encoder
from vetml.grading.engine import RubricGrader, passage_texts
from vetml.grading.features import extract
from vetml.grading.schemas import GradingQuestion
from vetml.grading.text import sentences
from vetml.questions.bank import read_bank

Report = Callable[[str], None]
PUBLISHED = {
    "mohler unseen questions": "best published r 0.592, RMSE 0.887 (Mohler et al. 2011); two human graders r 0.586",
}
SEMEVAL_SPLITS = ("test-unseen-answers", "test-unseen-questions", "test-unseen-domains")
SAF_SPLITS = ("unseen_answers", "unseen_questions")
SPEED_ANSWERS = 200


@dataclass
class GradingFigures:
    """What `vetml bench grading` measured."""

    mohler: list[dict[str, Any]] = field(default_factory=list)
    semeval: list[dict[str, Any]] = field(default_factory=list)
    saf: list[dict[str, Any]] = field(default_factory=list)
    speed: list[dict[str, Any]] = field(default_factory=list)
    published: dict[str, str] = field(default_factory=lambda: dict(PUBLISHED))
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The figures as one JSON-ready object."""
        return asdict(self)


def regressor() -> Pipeline:
    """Scores from features: an RBF support-vector regressor on standardised features."""
    return make_pipeline(StandardScaler(), SVR(C=1.0))


REGRESSOR_GRID = {"svr__C": [0.3, 1.0, 3.0], "svr__epsilon": [0.1, 0.3, 0.6]}
INNER_FOLDS = 4


def fit_tuned(features: np.ndarray, gold: np.ndarray, groups: np.ndarray | None) -> Any:
    """The regressor with C and epsilon chosen by cross-validation inside the training part only.

    With ``groups`` (Mohler's assignments) the inner folds hold out whole assignments, as the outer
    ones do, so the settings are chosen for unseen questions without looking at the test fold.
    """
    distinct = len(set(groups)) if groups is not None else len(gold)
    if distinct < 2:
        return regressor().fit(features, gold)
    inner = GroupKFold(min(INNER_FOLDS, distinct)) if groups is not None else KFold(INNER_FOLDS, shuffle=True,
                                                                                    random_state=0)  # fmt: skip
    search = GridSearchCV(regressor(), REGRESSOR_GRID, cv=inner, scoring="neg_mean_squared_error")
    return search.fit(features, gold, groups=groups)


def classifier() -> Pipeline:
    """Labels from features: class-balanced logistic regression (rare 'contradictory' still counts)."""
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced"))


def bench_grading(
    data: Path | None = None, *, limit: int | None = None, report: Report | None = None
) -> GradingFigures:
    """Run every benchmark on the data folder; ``limit`` keeps the first answers of each split (for tests)."""
    say = report or (lambda _message: None)
    root = asag.data_path(data)
    encoder, cross = Encoder(), shared_cross_encoder()
    started = time.perf_counter()
    figures = GradingFigures()
    say("Mohler")
    figures.mohler = mohler_figures(_first(asag.mohler(root), limit), encoder)
    say("SemEval-2013")
    figures.semeval = semeval_figures(_first(asag.semeval(root), limit), encoder, cross)
    say("SAF")
    saf_items = _first(asag.saf(root), limit)
    figures.saf = saf_figures(saf_items, encoder)
    say("speed")
    figures.speed = [
        speed_figures("Mohler (short answers)", _first(asag.mohler(root), limit), encoder),
        speed_figures("SAF (paragraph answers)", saf_items, encoder),
        engine_speed(get_settings().bank_dir, encoder, limit),
    ]
    figures.seconds = round(time.perf_counter() - started, 1)
    return figures


def mohler_figures(items: list[asag.Item], encoder: Encoder) -> list[dict[str, Any]]:
    """Pearson r and RMSE under the original protocol (one assignment per fold) and random 5-fold."""
    features = extract(items, encoder)
    gold = np.array([item.score for item in items], dtype=float)
    groups = np.array([item.group for item in items])
    by_assignment = [(groups != group, groups == group) for group in sorted(set(groups))]
    folds = KFold(5, shuffle=True, random_state=0).split(features)
    rows = []
    for protocol, splits, grouped in (("unseen questions (12 folds, one assignment each)", by_assignment, True),
                                      ("unseen answers (random 5-fold)", folds, False)):  # fmt: skip
        predicted = np.zeros_like(gold)
        for train, test in splits:
            model = fit_tuned(features[train], gold[train], groups[train] if grouped else None)
            predicted[test] = np.clip(model.predict(features[test]), 0, 5)
        rows.append({"protocol": protocol, "answers": len(items), **_regression(gold, predicted)})
    return rows


def semeval_figures(items: list[asag.Item], encoder: Encoder, cross: CrossEncoder) -> list[dict[str, Any]]:
    """Macro- and weighted-F1, 2-way and 3-way, of the combiner and of the cross-encoder, per test split.

    The engine's point-coverage model adds 2-way rows: it says whether a point is covered, which is
    'correct' or not; it cannot tell a contradiction from a wrong answer.
    """
    return _combiner_rows(items, encoder) + _cross_encoder_rows(items, cross) + _engine_rows(items, encoder)


def _combiner_rows(items: list[asag.Item], encoder: Encoder) -> list[dict[str, Any]]:
    """The combiner, trained on each corpus's training split."""
    rows = []
    for corpus in sorted({item.dataset for item in items}):
        train = [item for item in items if item.dataset == corpus and item.split == "train"]
        if not train:
            continue
        train_features = extract(train, encoder)
        for ways in (3, 2):
            model = classifier().fit(train_features, [_label(item, ways) for item in train])
            for split in SEMEVAL_SPLITS:
                test = [item for item in items if item.dataset == corpus and item.split == split]
                if test:
                    predicted = list(model.predict(extract(test, encoder)))
                    rows.append(_semeval_row("combiner", corpus, split, ways, test, predicted))
    return rows


def _cross_encoder_rows(items: list[asag.Item], cross: CrossEncoder) -> list[dict[str, Any]]:
    """The cross-encoder as trained (on both corpora's training splits); 2-way is 'correct' against the rest."""
    rows = []
    for corpus in sorted({item.dataset for item in items}):
        for split in SEMEVAL_SPLITS:
            test = [item for item in items if item.dataset == corpus and item.split == split]
            if not test:
                continue
            probabilities = cross.probabilities([(item.reference, item.answer) for item in test])
            labels = [LABELS[index] for index in probabilities.argmax(axis=1)]
            for ways in (3, 2):
                predicted = [label if ways == 3 or label == "correct" else "incorrect" for label in labels]
                rows.append(_semeval_row("cross-encoder", corpus, split, ways, test, predicted))
    return rows


def _engine_rows(items: list[asag.Item], encoder: Encoder) -> list[dict[str, Any]]:
    """The rubric engine's point decision: the reference as one rubric point, the answer's passages as evidence."""
    model = load_model()
    tested = [item for item in items if item.split in SEMEVAL_SPLITS]
    passages = {item.answer: passage_texts(item.answer) for item in tested}
    encoder.encode_tokens(sorted({item.reference for item in tested} | {text for found in passages.values()
                                                                          for text in found}))  # fmt: skip
    rows = []
    for corpus in sorted({item.dataset for item in tested}):
        for split in SEMEVAL_SPLITS:
            test = [item for item in tested if item.dataset == corpus and item.split == split]
            if test:
                covered = [_covered(encoder, model, item.reference, passages[item.answer]) for item in test]
                predicted = ["correct" if flag else "incorrect" for flag in covered]
                rows.append(_semeval_row("engine", corpus, split, 2, test, predicted))
    return rows


def _covered(encoder: Encoder, model: CoverageModel, point: str, passages: list[str]) -> bool:
    return bool(passages) and float(match_grid(encoder, model, [point], passages).max()) >= model.covered


def _semeval_row(
    grader: str, corpus: str, split: str, ways: int, test: list[asag.Item], predicted: list[str]
) -> dict[str, Any]:
    gold = [_label(item, ways) for item in test]
    return {"grader": grader, "corpus": corpus.removeprefix("semeval-"), "split": split, "ways": ways,
            "answers": len(test), **_classification(gold, predicted)}  # fmt: skip


def saf_figures(items: list[asag.Item], encoder: Encoder) -> list[dict[str, Any]]:
    """The score's correlation and the verdict's accuracy on unseen answers and unseen questions."""
    train = [item for item in items if item.split == "training"]
    if not train:
        return []
    train_features = extract(train, encoder)
    scores = regressor().fit(train_features, [item.score for item in train])
    verdicts = classifier().fit(train_features, [item.label for item in train])
    rows = []
    for split in SAF_SPLITS:
        test = [item for item in items if item.split == split]
        if test:
            features = extract(test, encoder)
            gold = np.array([item.score for item in test], dtype=float)
            predicted = np.clip(scores.predict(features), 0, 1)
            verdict = _classification([str(item.label) for item in test], list(verdicts.predict(features)))
            rows.append({"split": split, "answers": len(test), **_regression(gold, predicted),
                         "verdict_accuracy": verdict["accuracy"], "verdict_macro_f1": verdict["macro_f1"]})  # fmt: skip
    return rows


def speed_figures(name: str, items: list[asag.Item], encoder: Encoder) -> dict[str, Any]:
    """Answers per second in one batch, and the latency of grading one answer at a time (p50, p95).

    As in the service, a question's texts (prompt, reference and its sentences) are encoded once
    per question version; what is timed is everything done for a new answer.
    """
    sample = items[:: max(1, len(items) // SPEED_ANSWERS)][:SPEED_ANSWERS]  # spread over the questions
    model = regressor().fit(extract(sample, encoder), [item.score or 0.0 for item in sample])
    encoder.forget()
    _warm_questions(sample, encoder)
    started = time.perf_counter()
    model.predict(extract(sample, encoder))
    batch_seconds = time.perf_counter() - started
    encoder.forget()
    _warm_questions(sample, encoder)
    latencies = []
    for item in sample[:100]:
        started = time.perf_counter()
        model.predict(extract([item], encoder))
        latencies.append((time.perf_counter() - started) * 1000)
    return {
        "answers": name,
        "mean_words": round(statistics.mean(len(item.answer.split()) for item in sample), 1),
        "answers_per_second_batched": round(len(sample) / batch_seconds, 1),
        "model_pass_per_second": _model_pass_rate(sample, encoder),
        **_percentiles(latencies),
    }


def _model_pass_rate(sample: list[asag.Item], encoder: Encoder) -> float:
    """Answers per second of one batched model pass over the answers and nothing else: the ceiling of any
    grader that reads each answer with this model once (the combiner reads it twice: whole, then by sentence)."""
    encoder.forget()
    started = time.perf_counter()
    encoder.encode_tokens([item.answer for item in sample])
    return round(len(sample) / (time.perf_counter() - started), 1)


def engine_speed(bank_dir: Path, encoder: Encoder, limit: int | None = None) -> dict[str, Any]:
    """The rubric engine, as interviews and practice use it, on the bank's own reference answers.

    It grades one answer at a time (there is no batch path), so its throughput is one answer after
    another. Each question's rubric points are encoded beforehand, as they are after a question's
    first grade in a running service.
    """
    bank, _problems = read_bank(bank_dir)
    specs = [spec for spec in bank.questions if spec.reference_answer and spec.rubric][: limit or SPEED_ANSWERS // 2]
    questions = [GradingQuestion.from_spec(spec, bank.signals) for spec in specs]
    grader = RubricGrader(encoder)
    encoder.forget()
    encoder.encode_tokens([point.text for question in questions for point in question.rubric])
    latencies = []
    for question in questions:
        started = time.perf_counter()
        grader.grade(question, question.reference_answer)
        latencies.append((time.perf_counter() - started) * 1000)
    return {
        "answers": "rubric engine (bank reference answers, one at a time)",
        "mean_words": round(statistics.mean(len(question.reference_answer.split()) for question in questions), 1),
        "answers_per_second_batched": round(1000 * len(latencies) / sum(latencies), 1),
        **_percentiles(latencies),
    }


def _percentiles(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    return {"latency_ms_p50": round(statistics.median(ordered), 1),
            "latency_ms_p95": round(ordered[int(0.95 * (len(ordered) - 1))], 1)}  # fmt: skip


def _warm_questions(items: list[asag.Item], encoder: Encoder) -> None:
    references = sorted({item.reference for item in items})
    encoder.encode_tokens(references)
    encoder.encode(sorted({item.question for item in items}))
    encoder.encode(sorted({span.text for text in references for span in sentences(text)}))


def _label(item: asag.Item, ways: int) -> str:
    label = str(item.label)
    return label if ways == 3 else ("correct" if label == "correct" else "incorrect")


def _regression(gold: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    correlation = float(pearsonr(gold, predicted)[0]) if len(gold) > 2 and predicted.std() > 0 else 0.0
    return {"pearson_r": round(correlation, 3), "rmse": round(float(np.sqrt(np.mean((gold - predicted) ** 2))), 3)}


def _classification(gold: list[str], predicted: list[str]) -> dict[str, float]:
    return {
        "macro_f1": round(float(f1_score(gold, predicted, average="macro", zero_division=0)), 3),
        "weighted_f1": round(float(f1_score(gold, predicted, average="weighted", zero_division=0)), 3),
        "accuracy": round(float(accuracy_score(gold, predicted)), 3),
    }


def _first(items: list[asag.Item], limit: int | None) -> list[asag.Item]:
    """All items, or the first ``limit`` of each split and group (keeps every split and fold present)."""
    if limit is None:
        return items
    kept: dict[tuple[str, str, str], list[asag.Item]] = {}
    for item in items:
        bucket = kept.setdefault((item.dataset, item.split, item.group), [])
        if len(bucket) < limit:
            bucket.append(item)
    return [item for bucket in kept.values() for item in bucket]
