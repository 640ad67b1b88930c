"""Checks read from the code as text: preprocessing shared with serving, model artefacts, reproducibility,
monitoring and tests. Each returns the evidence it found and says what would earn the missing credit."""

from __future__ import annotations

import re

from vetml.takehome.code import CodeIndex
from vetml.takehome.findings import CheckResult, Evidence, Status

SAVE = re.compile(
    r"joblib\.dump|pickle\.dump|torch\.save|\.save_model\(|\.save\(|log_model\(|save_pretrained|"
    r"onnx\.save|skops\.io\.dump|cloudpickle\.dump"
)
LOAD = re.compile(
    r"joblib\.load|pickle\.load|torch\.load|load_model\(|from_pretrained|InferenceSession|"
    r"skops\.io\.load|cloudpickle\.load|mlflow\.\w+\.load_model"
)
VERSIONED = re.compile(r"(?i)model_version|__version__|\"version\"|'version'|version_tag|sklearn\.__version__")
PIPELINE = re.compile(r"\bPipeline\(|make_pipeline\(|ColumnTransformer\(")
SEEDS = re.compile(
    r"random\.seed\(|np\.random\.seed\(|torch\.manual_seed\(|set_seed\(|seed_everything\(|"
    r"random_state\s*=\s*(?:\d|seed|cfg|config|params)|tf\.random\.set_seed\(|default_rng\(\s*\w"
)
TRACKING = re.compile(r"mlflow\.(?:log_|start_run|autolog)|wandb\.(?:init|log)|neptune\.|comet_ml\.|aim\.Run")
METRICS = re.compile(r"prometheus_client|Counter\(|Histogram\(|statsd|opentelemetry|datadog")
DRIFT = re.compile(r"(?i)drift|population_stability|\bpsi\b|ks_2samp|evidently|alibi_detect|whylogs")
DATA_QUALITY = re.compile(r"pandera|great_expectations|DataFrameSchema|pydantic|jsonschema|\bvalidate_\w+\(")
LOGGING = re.compile(r"^\s*import logging|getLogger\(|structlog|loguru")
PRINT = re.compile(r"^\s*print\(")
DEBUG = re.compile(r"\.run\([^)]*debug\s*=\s*True")
BEHAVIOUR = re.compile(r"(?i)invarian|direction|monoton|\.predict(?:_proba)?\(|perturb|counterfactual")
DATA_TEST = re.compile(r"(?i)schema|dtype|isnull|isna\(|notna|range|between|unique\(|pandera|expect_")
END_TO_END = re.compile(r"TestClient|subprocess\.run|CliRunner|requests\.(?:get|post)\(|httpx")


def preprocessing(index: CodeIndex) -> CheckResult:
    """Evidenced when serving and training share feature code or a saved pipeline; absent when they do not."""
    if not index.entry_points:
        saved_in_notebook = index.find(SAVE, {p: t for p, t in index.sources.items() if p.endswith(".ipynb")})
        if saved_in_notebook and not index.find(PIPELINE, index.sources):
            return CheckResult(
                check="preprocessing",
                status=Status.ABSENT,
                evidence=saved_in_notebook,
                summary="The model is saved without its preprocessing.",
                problems=["Save the fitted preprocessing with the model (e.g. a scikit-learn Pipeline)."],
            )
        return CheckResult(check="preprocessing", status=Status.NOT_APPLICABLE, summary="Nothing serves predictions.")
    shared = _shared_feature_modules(index)
    pipeline = index.find(PIPELINE)
    if shared or pipeline:
        evidence = [Evidence(path=path, quote="imported by training and serving") for path in shared] + pipeline
        return CheckResult(
            check="preprocessing",
            status=Status.EVIDENCED,
            evidence=evidence,
            summary="Training and serving use the same feature code.",
        )
    return CheckResult(
        check="preprocessing",
        status=Status.ABSENT,
        evidence=[Evidence(path=index.entry_points[0])],
        summary="Serving computes its own features: training-serving skew risk.",
        problems=["Import one feature module from training and serving, or save a fitted pipeline."],
    )


def _shared_feature_modules(index: CodeIndex) -> list[str]:
    """Local modules imported both by an entry point (or what it imports) and by training code."""
    training = [path for path, text in index.modules.items() if re.search(r"\.fit\(", text)]
    serving = set(index.entry_points)
    shared = []
    for path in index.modules:
        module = path.removesuffix(".py").rsplit("/", 1)[-1]
        if module in ("__init__",) or path in serving:
            continue
        pattern = re.compile(
            rf"(?:from\s+[\w.]*\b{module}\b\s+import|import\s+[\w.]*\b{module}\b|from\s+\.\s+import\s+.*\b{module}\b)"
        )
        users = {other for other, text in index.modules.items() if pattern.search(text)}
        if (users & serving and users & set(training) - serving) or (users & serving and path in training):
            shared.append(path)
    return shared


def artefacts(index: CodeIndex) -> CheckResult:
    """Evidenced with save and load code, an entry point and a version kept with the model; described with
    save code only; absent when the model exists only as a committed file or inside a notebook."""
    saves, loads = index.find(SAVE), index.find(LOAD)
    binaries = [path for path in index.project.files if re.search(r"\.(pkl|pickle|joblib|pt|pth|h5|onnx)$", path)]
    problems = [f"{path} is a committed model file with no version recorded" for path in binaries]
    problems += [f"debug=True in {item.path} line {item.line}" for item in index.find(DEBUG)]
    if not saves:
        return CheckResult(
            check="artefacts",
            status=Status.ABSENT,
            summary="No code outside notebooks saves the model.",
            evidence=[Evidence(path=path) for path in binaries],
            problems=problems,
        )
    versioned = [item for item in index.find(VERSIONED) if item.path in {save.path for save in saves}]
    containers = [Evidence(path=path, quote="container image") for path in index.project.files
                  if re.search(r"(^|/)(Dockerfile|Containerfile)$", path)]  # fmt: skip
    if index.entry_points and not containers:
        problems.append("No Dockerfile: the serving environment is not written down")
    complete = bool(loads and index.entry_points and versioned)
    summary = "Saved, versioned and loaded by an entry point." if complete else "Saved by a script."
    return CheckResult(
        check="artefacts",
        status=Status.EVIDENCED if complete else Status.DESCRIBED,
        summary=summary,
        evidence=saves + loads + versioned + containers,
        problems=problems,
    )


def reproducibility(index: CodeIndex) -> CheckResult:
    """Evidenced with seeds and either configuration files or versioned data; described with one of them."""
    seeds = index.find(SEEDS, index.sources)
    configs = [
        Evidence(path=path)
        for path in index.project.files
        if re.search(r"(^|/)(configs?/[\w.-]+\.ya?ml|config\.ya?ml|params\.ya?ml|[\w-]+\.toml\.example)$", path)
    ]
    data = [
        Evidence(path=path)
        for path in index.project.files
        if re.search(r"(^|/)(dvc\.yaml|[\w.-]+\.dvc|scripts/download[\w-]*\.py|download_data\.py)$", path)
    ]
    tracking = index.find(TRACKING)
    evidence = seeds + configs + data + tracking
    if seeds and (configs or data):
        return CheckResult(
            check="reproducibility",
            status=Status.EVIDENCED,
            summary="Seeds, configuration and data are pinned down.",
            evidence=evidence,
        )
    status = Status.DESCRIBED if evidence else Status.ABSENT
    return CheckResult(
        check="reproducibility",
        status=status,
        evidence=evidence,
        summary="Runs cannot be repeated exactly.",
        problems=[] if seeds else ["Set and record random seeds."],
    )


def monitoring(index: CodeIndex) -> CheckResult:
    """Not applicable without an entry point; evidenced with metrics and drift or data-quality checks."""
    if not index.entry_points:
        return CheckResult(check="monitoring", status=Status.NOT_APPLICABLE, summary="Nothing serves predictions.")
    metrics, drift, quality = index.find(METRICS), index.find(DRIFT), index.find(DATA_QUALITY)
    prints = [item for item in index.find(PRINT, limit=20) if item.path in index.entry_points]
    problems = [f"print instead of logging in {item.path} line {item.line}" for item in prints[:3]]
    if metrics and (drift or quality):
        return CheckResult(
            check="monitoring",
            status=Status.EVIDENCED,
            summary="Metrics and drift or data checks.",
            evidence=metrics + drift + quality,
            problems=problems,
        )
    found = metrics + drift
    return CheckResult(
        check="monitoring",
        status=Status.DESCRIBED if found else Status.ABSENT,
        evidence=found,
        summary="Nobody would know if the model degraded in production.",
        problems=[*problems, "Export metrics and check inputs for drift."],
    )


def tests(index: CodeIndex) -> CheckResult:
    """Evidenced when test functions exist, each file classified as unit, data validation, model behaviour or
    end to end (running them in the sandbox is a separate step)."""
    if not index.tests:
        return CheckResult(
            check="tests",
            status=Status.ABSENT,
            summary="No tests.",
            problems=["Add unit tests for the feature code and a model behaviour test."],
        )
    kinds = {path: classify_test(text) for path, text in index.tests.items()}
    count = sum(len(re.findall(r"^\s*(?:async\s+)?def test_", text, re.MULTILINE)) for text in index.tests.values())
    summary = f"{count} tests in {len(kinds)} files: " + ", ".join(sorted(set(kinds.values())))
    return CheckResult(
        check="tests",
        status=Status.EVIDENCED,
        summary=summary,
        evidence=[Evidence(path=path, quote=kind) for path, kind in sorted(kinds.items())],
    )


def classify_test(text: str) -> str:
    """The kind of a test file from what it exercises."""
    if END_TO_END.search(text):
        return "end-to-end"
    if BEHAVIOUR.search(text) and re.search(r"\.predict", text):
        return "model behaviour"
    if DATA_TEST.search(text):
        return "data validation"
    return "unit"
