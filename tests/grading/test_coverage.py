"""The engine's point-coverage model: its features, the shipped artefact, and `vetml grading train-coverage`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.grading.test_bench import write_benchmarks
from tests.grading.test_train import sha256, vetml
from vetml.errors import NotFound
from vetml.grading.coverage import (
    ARTEFACTS,
    COVERAGE_FILE,
    FEATURES,
    SIGNS,
    CoverageModel,
    feature_grid,
    load_model,
    match_grid,
)
from vetml.grading.coverage_train import VERSION
from vetml.grading.encoder import Encoder

BANK = Path(__file__).resolve().parents[2] / "bank"
POINT = "Roll back by switching traffic to the previous model version."
PARAPHRASE = "We sent all traffic back to the previous model version, which rolled the release back."
UNRELATED = "Gradient boosting fits shallow trees to the residuals of the trees before them."
NEGATED = "You never need to roll back to a previous model version."


def test_the_shipped_model_keeps_every_weight_on_its_side_and_covered_above_partly() -> None:
    model = load_model()
    stored = json.loads((ARTEFACTS / COVERAGE_FILE).read_text(encoding="utf-8"))
    assert tuple(stored["features"]) == FEATURES and stored["version"] == model.version == VERSION
    assert all(weight * sign >= 0 for weight, sign in zip(model.weights, SIGNS, strict=True))
    assert 0 < model.partly < model.covered < 1
    assert stored["data"]["split"] == "train"  # nothing of a test split trained it
    assert set(stored["validation"]) == {"beetle", "sciEntsBank"}


def test_a_paraphrase_makes_the_point_and_an_unrelated_or_negated_sentence_does_not() -> None:
    encoder, model = Encoder(), load_model()
    match = match_grid(encoder, model, [POINT], [PARAPHRASE, UNRELATED, NEGATED, POINT])[0]
    assert match[3] >= model.covered  # the point itself
    assert match[0] >= model.partly
    assert match[1] < model.partly
    assert match[2] < match[0]
    grid = feature_grid(encoder, [POINT], [PARAPHRASE, NEGATED])
    negation = FEATURES.index("negation_mismatch")
    assert grid[0, 0, negation] == 0.0 and grid[0, 1, negation] == 1.0


def test_features_have_one_row_per_point_and_passage_and_a_text_recalls_itself() -> None:
    grid = feature_grid(Encoder(), [POINT, UNRELATED], [UNRELATED, POINT, PARAPHRASE])
    assert grid.shape == (2, 3, len(FEATURES))
    recall, share = FEATURES.index("piece_recall"), FEATURES.index("content_share")
    assert np.isclose(grid[0, 1, recall], 1.0, atol=1e-4) and grid[0, 1, share] == 1.0
    assert np.isclose(grid[1, 0, recall], 1.0, atol=1e-4)
    assert grid[0, 0, recall] < 0.8 and grid[0, 0, share] == 0.0
    assert feature_grid(Encoder(), [POINT], []).shape == (1, 0, len(FEATURES))


def test_a_missing_or_foreign_artefact_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="point-coverage model") as raised:
        load_model(tmp_path / "nowhere.json")
    assert "train-coverage" in str(raised.value.hint)
    stored = json.loads((ARTEFACTS / COVERAGE_FILE).read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="features"):
        CoverageModel.from_json({**stored, "features": ["cosine"]})


def _small_bank(root: Path) -> Path:
    """Two categories of the real bank: enough questions with references to set the thresholds on."""
    root.mkdir()
    for name in ("categories.yaml", "signals.yaml"):
        shutil.copy(BANK / name, root / name)
    for category in ("automl", "monitoring"):
        shutil.copytree(BANK / "questions" / category, root / "questions" / category)
    return root


def test_training_writes_a_model_that_grades_and_is_reproducible(tmp_path: Path) -> None:
    data, bank = write_benchmarks(tmp_path / "asag"), _small_bank(tmp_path / "bank")
    output = tmp_path / "model" / "coverage.json"
    args = ("grading", "train-coverage", "--data", str(data), "--bank-dir", str(bank), "--output", str(output))
    result = vetml(*args, "--limit", "20")
    assert result.returncode == 0, result.stderr
    assert "Held-out training answers, sciEntsBank" in result.stdout
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["data"]["sha256"] == sha256(data / "semeval2013-task7" / "semeval2013_task7_flat.csv")
    assert written["data"]["answers"] == 40
    assert written["bank_calibration"]["questions"] >= 10
    model = load_model(output)
    assert 0 < model.partly < model.covered < 1
    assert all(weight * sign >= 0 for weight, sign in zip(model.weights, SIGNS, strict=True))
    again = tmp_path / "again.json"
    assert vetml(*args[:-1], str(again), "--limit", "20").returncode == 0
    first, second = json.loads(again.read_text(encoding="utf-8")), written
    assert {key: first[key] for key in ("mean", "scale", "weights", "intercept", "thresholds")} == {
        key: second[key] for key in ("mean", "scale", "weights", "intercept", "thresholds")
    }


def test_training_without_data_is_a_one_line_error(tmp_path: Path) -> None:
    result = vetml("grading", "train-coverage", "--data", str(tmp_path / "nowhere"), "--output", str(tmp_path / "m"))
    assert result.returncode == 1
    assert "there is no SemEval-2013 training data" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "m").exists()
