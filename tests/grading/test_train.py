"""`vetml grading train` on a small SemEval folder written here, and the committed cross-encoder artefact."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.grading.test_bench import write_benchmarks
from vetml.errors import InvalidInput, NotFound
from vetml.grading.crossencoder import ARTEFACTS, LABELS, METADATA, WEIGHTS, CrossEncoder, read_metadata
from vetml.grading.train import VERSION, Options, train, training_items

REFERENCE = "A stack removes the most recently added item first (last in, first out)."


def vetml(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vetml", *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "COLUMNS": "200"}, check=False)  # fmt: skip


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_training_writes_a_versioned_artefact_that_loads_and_is_reproducible(tmp_path: Path) -> None:
    data = write_benchmarks(tmp_path / "asag")
    output = tmp_path / "model"
    args = ("grading", "train", "--data", str(data), "--output", str(output), "--epochs", "1", "--limit", "15")
    result = vetml(*args)
    assert result.returncode == 0, result.stderr
    assert "Held-out training answers, sciEntsBank" in result.stdout
    metadata = json.loads((output / METADATA).read_text(encoding="utf-8"))
    assert metadata["version"] == VERSION
    assert metadata["data"]["splits"] == {"beetle": "train", "sciEntsBank": "train"}
    assert metadata["data"]["answers"] == 30
    assert sum(metadata["data"]["fitted_on"].values()) + sum(metadata["data"]["held_out_for_validation"].values()) == 30
    assert metadata["data"]["sha256"] == sha256(data / "semeval2013-task7" / "semeval2013_task7_flat.csv")
    assert metadata["weights"]["sha256"] == sha256(output / WEIGHTS)
    assert {"torch", "transformers", "safetensors"} <= set(metadata["libraries"])
    assert set(metadata["validation"]) == {"beetle", "sciEntsBank"}
    again = train(data, tmp_path / "again", Options(epochs=1, limit=15))
    assert again["weights"]["sha256"] == metadata["weights"]["sha256"]  # same seed, same weights
    probabilities = CrossEncoder(output).probabilities([(REFERENCE, "Last in, first out.")])
    assert probabilities.shape == (1, 3) and np.isclose(probabilities.sum(), 1.0, atol=1e-5)


def test_missing_or_malformed_data_is_a_one_line_error(tmp_path: Path) -> None:
    result = vetml("grading", "train", "--data", str(tmp_path / "nowhere"), "--output", str(tmp_path / "model"))
    assert result.returncode == 1
    assert "there is no SemEval-2013 training data" in result.stderr and "--data" in result.stderr
    assert "Traceback" not in result.stderr
    broken = tmp_path / "broken" / "semeval2013-task7"
    broken.mkdir(parents=True)
    (broken / "semeval2013_task7_flat.csv").write_text("corpus,split\nbeetle,train\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not in the expected layout"):
        training_items(tmp_path / "broken", None)
    with pytest.raises(NotFound, match="no trained cross-encoder"):
        read_metadata(tmp_path / "model")


def test_the_committed_artefact_is_small_versioned_and_matches_its_metadata() -> None:
    metadata = read_metadata(ARTEFACTS)
    assert metadata["version"] == VERSION
    assert metadata["labels"] == list(LABELS)
    assert metadata["weights"]["sha256"] == sha256(ARTEFACTS / WEIGHTS)
    assert sum(path.stat().st_size for path in ARTEFACTS.iterdir()) < 12 * 1024 * 1024
    assert metadata["data"]["splits"] == {"beetle": "train", "sciEntsBank": "train"}
    assert all(figures["macro_f1_3way"] > 0.5 for figures in metadata["validation"].values())


def test_the_committed_cross_encoder_tells_a_right_answer_from_a_wrong_one_the_same_way_every_time() -> None:
    pairs = [(REFERENCE, REFERENCE), (REFERENCE, "I do not know.")]
    first = CrossEncoder().probabilities(pairs)
    assert [LABELS[index] for index in first.argmax(axis=1)] == ["correct", "incorrect"]
    assert first[0, 0] > first[1, 0] + 0.1
    assert np.array_equal(CrossEncoder().probabilities(pairs), first)  # a fresh copy of the model, same numbers
