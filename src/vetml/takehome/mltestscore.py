"""The 28 tests of Breck et al. 2017, "The ML Test Score", adapted to what a repository can show.

A test earns a full point when the repository automates it (code, tests or CI do it), half a point when
it is only described (a README or a design document says it is done by hand), nothing otherwise. Each
section sums its tests and the score is the lowest section sum, as in the paper: a system is only as
production-ready as its weakest area. Every credited point names its evidence; every missing one says
what would earn it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from vetml.takehome.code import CodeIndex
from vetml.takehome.findings import Evidence

SECTIONS = ("data", "model", "infrastructure", "monitoring")
Finder = Callable[[CodeIndex], list[Evidence]]


class TestScore(BaseModel):
    """One of the 28 tests: its points (0, 0.5 or 1), why, and what would earn the rest."""

    id: str
    section: str
    title: str
    points: float
    evidence: list[Evidence]
    to_earn: str


class MLTestScore(BaseModel):
    """Points per test and per section, and the overall score (the lowest section)."""

    tests: list[TestScore]
    sections: dict[str, float]
    score: float


@dataclass(frozen=True)
class _Test:
    id: str
    section: str
    title: str
    automated: Finder
    manual: Finder
    to_earn: str


def _code(pattern: str) -> Finder:
    compiled = re.compile(pattern)
    return lambda index: index.find(compiled, limit=2)


def _tests(pattern: str) -> Finder:
    compiled = re.compile(pattern)
    return lambda index: index.find(compiled, index.tests, limit=2)


def _ci(pattern: str) -> Finder:
    compiled = re.compile(pattern)
    return lambda index: index.find(compiled, _files(index, r"^\.github/workflows/|^\.gitlab-ci|^Jenkinsfile|"
                                                          r"^\.circleci/|dependabot|renovate"), limit=2)  # fmt: skip


def _docs(pattern: str) -> Finder:
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda index: index.find(compiled, _files(index, r"\.(md|rst|txt)$"), limit=2)


def _files(index: CodeIndex, pattern: str) -> dict[str, str]:
    compiled = re.compile(pattern)
    return {path: index.project.text(path) or "" for path in index.project.files if compiled.search(path)}


def _any(*finders: Finder) -> Finder:
    return lambda index: [item for finder in finders for item in finder(index)][:3]


def _all(*finders: Finder) -> Finder:
    def found(index: CodeIndex) -> list[Evidence]:
        parts = [finder(index) for finder in finders]
        return [item for part in parts for item in part][:3] if all(parts) else []

    return found


def _none(_index: CodeIndex) -> list[Evidence]:
    return []


def _files_named(path_pattern: str, content_pattern: str) -> Finder:
    """Files whose path matches, and which contain the content pattern."""
    content = re.compile(content_pattern)
    return lambda index: index.find(content, _files(index, path_pattern), limit=2)


def _config_files(index: CodeIndex) -> list[Evidence]:
    pattern = re.compile(r"(^|/)(configs?/[\w.-]+\.ya?ml|config\.ya?ml|params\.ya?ml|dvc\.yaml)$")
    return [Evidence(path=path) for path in sorted(index.project.files) if pattern.search(path)][:2]


def _entry(index: CodeIndex) -> list[Evidence]:
    return [Evidence(path=path, quote="entry point") for path in index.entry_points[:2]]


def _lock_files(index: CodeIndex) -> list[Evidence]:
    pattern = re.compile(r"(^|/)(uv\.lock|poetry\.lock|Pipfile\.lock|requirements[\w.-]*\.lock|conda-lock\.yml)$")
    return [Evidence(path=path, quote="lock file") for path in sorted(index.project.files) if pattern.search(path)][:1]


def _in_serving(pattern: str) -> Finder:
    compiled = re.compile(pattern)
    return lambda index: index.find(compiled, {path: index.modules[path] for path in index.entry_points}, limit=2)


def _shared_features(index: CodeIndex) -> list[Evidence]:
    from vetml.takehome.checks.practices import preprocessing

    result = preprocessing(index)
    return result.evidence[:2] if result.status.value == "evidenced" else []


SCHEMA = r"pandera|DataFrameSchema|great_expectations|class \w+\((?:BaseModel|pa\.DataFrameModel)\)|jsonschema"
SERVING_ONLY = r"FastAPI\(|Flask\(|@app\.(?:post|get|route)"
_TESTS = [
    _Test(
        "D1",
        "data",
        "Feature expectations are captured in a schema",
        _code(SCHEMA),
        _docs(r"schema|expected range"),
        "Write the input schema (columns, types, ranges) as code, e.g. pandera or pydantic, and check it.",
    ),
    _Test(
        "D2",
        "data",
        "All features are beneficial",
        _code(r"permutation_importance|feature_importances_|shap\.|ablation"),
        _docs(r"feature importance|ablation"),
        "Measure each feature's contribution (permutation importance, ablation).",
    ),
    _Test(
        "D3",
        "data",
        "No feature's cost is too much",
        _code(r"(?i)feature.*(latency|cost)|time\.perf_counter\(\).*feature"),
        _docs(r"feature (cost|latency)|cost of (each|a) feature"),
        "Record what each feature costs to compute and serve.",
    ),
    _Test(
        "D4",
        "data",
        "Features adhere to meta-level requirements",
        _code(r"(?i)pii|forbidden_features|allowed_features"),
        _docs(r"\bPII\b|personal data|protected attribute"),
        "List the features that may not be used and enforce it.",
    ),
    _Test(
        "D5",
        "data",
        "The data pipeline has appropriate privacy controls",
        _code(r"(?i)hashlib\.\w+\(.*id|pseudonym|anonymi[sz]"),
        _files_named(r"(^|/)\.gitignore$", r"(?m)^/?data/?"),
        "Keep raw data out of the repository; pseudonymise identifiers.",
    ),
    _Test(
        "D6",
        "data",
        "New features can be added quickly",
        _code(r"(?i)FEATURES\s*=|feature_registry|register_feature"),
        _files_named(r"(^|/)features?\.py$|(^|/)features/", r"def "),
        "Keep feature code in one module with a list of features.",
    ),
    _Test(
        "D7",
        "data",
        "All input feature code is tested",
        _tests(r"(?:from|import)\s+[\w.]*features?\b"),
        _none,
        "Add unit tests for the feature code.",
    ),
    _Test(
        "M1",
        "model",
        "Model specs are reviewed and submitted",
        _all(_config_files, _ci(r"pytest|test")),
        _config_files,
        "Keep the model configuration in version-controlled files checked by CI.",
    ),
    _Test(
        "M2",
        "model",
        "Offline and online metrics correlate",
        _all(_code(r"(?i)log\w*\(.*predict"), _code(r"roc_auc|accuracy|f1_score|mean_absolute")),
        _docs(r"online metric|offline metric"),
        "Log predictions with outcomes and compare online with offline metrics.",
    ),
    _Test(
        "M3",
        "model",
        "All hyperparameters have been tuned",
        _code(r"GridSearchCV|RandomizedSearchCV|optuna|ray\.tune|hyperopt|BayesSearchCV"),
        _config_files,
        "Tune hyperparameters with a search (grid, random or Bayesian) and keep the results.",
    ),
    _Test(
        "M4",
        "model",
        "The impact of model staleness is known",
        _code(r"TimeSeriesSplit|backtest|rolling.origin"),
        _docs(r"stale|retrain(ing)? (every|schedule|weekly|monthly)"),
        "Backtest over time to see how fast the model decays.",
    ),
    _Test(
        "M5",
        "model",
        "A simpler model is not better",
        _code(r"DummyClassifier|DummyRegressor|(?i:baseline)"),
        _docs(r"baseline"),
        "Compare against a simple baseline in the evaluation.",
    ),
    _Test(
        "M6",
        "model",
        "Model quality is sufficient on important data slices",
        _code(r"(?i)slice|groupby\(.*\).*(?:score|auc|accuracy)|per_segment"),
        _docs(r"slice|segment"),
        "Report the metrics per important slice (region, customer type, ...).",
    ),
    _Test(
        "M7",
        "model",
        "The model is tested for considerations of inclusion",
        _code(r"fairlearn|aif360|(?i:demographic_parity|equal(?:ized|ised)_odds)"),
        _docs(r"fairness|bias"),
        "Check the model's behaviour across groups it could treat unfairly.",
    ),
    _Test(
        "I1",
        "infrastructure",
        "Training is reproducible",
        _all(_code(r"random\.seed|np\.random\.seed|torch\.manual_seed|random_state\s*="), _config_files),
        _code(r"random\.seed|random_state\s*="),
        "Fix seeds and keep configuration and data versions with each run.",
    ),
    _Test(
        "I2",
        "infrastructure",
        "Model specs are unit tested",
        _tests(r"(?:from|import)\s+[\w.]*(?:model|train|pipeline)\b"),
        _none,
        "Unit test the model and training code (shapes, a few steps of training).",
    ),
    _Test(
        "I3",
        "infrastructure",
        "The ML pipeline is integration tested",
        _tests(r"TestClient|CliRunner|subprocess\.run|def test_\w*(?:end_to_end|e2e|pipeline)"),
        _none,
        "Add an end-to-end test from raw input to a served prediction.",
    ),
    _Test(
        "I4",
        "infrastructure",
        "Model quality is validated before serving",
        _code(r"(?i)(?:min|threshold)_\w*(?:auc|score|accuracy)|quality.gate|raise \w+\(.*(?:auc|score|metric)"),
        _docs(r"quality gate|validated before|holdout (?:auc|score) (?:of|above)"),
        "Refuse to publish a model whose held-out metric is below a threshold.",
    ),
    _Test(
        "I5",
        "infrastructure",
        "The model is debuggable",
        _all(_entry, _code(r"getLogger|structlog|loguru")),
        _entry,
        "Make a single prediction runnable and logged step by step.",
    ),
    _Test(
        "I6",
        "infrastructure",
        "Models are canaried before serving",
        _code(r"(?i)canary|shadow"),
        _docs(r"canary|shadow"),
        "Route a small share of traffic (or a shadow copy) to a new model first.",
    ),
    _Test(
        "I7",
        "infrastructure",
        "Serving models can be rolled back",
        _all(_code(r"(?i)model_version|MODEL_PATH|model_uri|registry"), _docs(r"roll ?back")),
        _docs(r"roll ?back"),
        "Version the served model and document (or script) how to return to the previous one.",
    ),
    _Test(
        "Mon1",
        "monitoring",
        "Dependency changes result in notification",
        _ci(r"dependabot|renovate|package-ecosystem"),
        _lock_files,
        "Let a bot (Dependabot, Renovate) propose dependency updates that CI tests.",
    ),
    _Test(
        "Mon2",
        "monitoring",
        "Data invariants hold for training and serving inputs",
        _in_serving(SCHEMA + r"|BaseModel"),
        _code(SCHEMA),
        "Validate serving inputs against the same schema as training data.",
    ),
    _Test(
        "Mon3",
        "monitoring",
        "Training and serving features compute the same values",
        _code(r"(?i)population_stability|\bpsi\b|ks_2samp|drift"),
        _shared_features,
        "Compare serving feature values with the training distribution.",
    ),
    _Test(
        "Mon4",
        "monitoring",
        "Models are not too stale",
        _code(r"(?i)model_age|trained_at|staleness"),
        _in_serving(r"(?i)version"),
        "Expose the model's training date and alert when it is too old.",
    ),
    _Test(
        "Mon5",
        "monitoring",
        "The model is numerically stable",
        _code(r"isfinite|isnan|np\.nan_to_num|allow_inf_nan"),
        _none,
        "Check predictions and inputs for NaN and infinity.",
    ),
    _Test(
        "Mon6",
        "monitoring",
        "Computing performance has not regressed",
        _code(r"Histogram\(|latency|perf_counter"),
        _docs(r"latency|throughput|load test"),
        "Measure serving latency and alert on regressions.",
    ),
    _Test(
        "Mon7",
        "monitoring",
        "Prediction quality has not regressed",
        _all(_in_serving(r"(?i)log\w*\.(?:info|debug)\(|logger"), _code(r"(?i)drift|alert")),
        _in_serving(r"(?i)log\w*\.(?:info|debug)\(|logger"),
        "Log predictions and alert when their quality or distribution shifts.",
    ),
]


def score(index: CodeIndex) -> MLTestScore:
    """All 28 tests, their section sums and the score: the lowest section sum."""
    results = [_score_one(test, index) for test in _TESTS]
    sections = {section: sum(item.points for item in results if item.section == section) for section in SECTIONS}
    return MLTestScore(tests=results, sections=sections, score=min(sections.values()))


def _score_one(test: _Test, index: CodeIndex) -> TestScore:
    automated = test.automated(index)
    manual = [] if automated else test.manual(index)
    points = 1.0 if automated else 0.5 if manual else 0.0
    advice = test.to_earn if not manual else f"Automate it: {test.to_earn[0].lower()}{test.to_earn[1:]}"
    return TestScore(id=test.id, section=test.section, title=test.title, points=points,
                     evidence=automated or manual, to_earn="" if points == 1.0 else advice)  # fmt: skip
