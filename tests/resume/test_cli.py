"""`vetml cv check` and `vetml bench cv` run as a user runs them: a real process and real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.resume.cv_texts import CLEAN, with_change


def vetml(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "vetml", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip


def test_a_clean_cv_exits_0_and_a_typo_exits_2_with_the_finding_shown(tmp_path: Path) -> None:
    clean = tmp_path / "clean.md"
    clean.write_text(CLEAN, encoding="utf-8")
    typo = tmp_path / "typo.md"
    typo.write_text(with_change("Reduced forecast error", "Reduced forcast error"), encoding="utf-8")
    passed = vetml("cv", "check", str(clean))
    assert passed.returncode == 0, passed.stderr
    assert "100/100" in passed.stdout
    failed = vetml("cv", "check", str(typo))
    assert failed.returncode == 2
    assert "forcast" in failed.stdout and "forecast" in failed.stdout


def test_json_output_carries_findings_skills_and_probes(tmp_path: Path) -> None:
    path = tmp_path / "cv.md"
    path.write_text(with_change("- Built demand forecasts", "- Build demand forecasts"), encoding="utf-8")
    result = vetml("cv", "check", str(path), "--json")
    assert result.returncode == 1  # a tense slip is of medium severity
    review = json.loads(result.stdout)
    assert [(finding["kind"], finding["quote"]) for finding in review["findings"]] == [("tense", "Build")]
    assert review["findings"][0]["location"].startswith("line ")
    assert "XGBoost" in review["probe_skills"]


def test_an_unreadable_file_exits_3_with_a_clear_message(tmp_path: Path) -> None:
    fake = tmp_path / "cv.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    result = vetml("cv", "check", str(fake))
    assert result.returncode == 3
    assert "error:" in result.stderr and "Traceback" not in result.stderr
    missing = vetml("cv", "check", str(tmp_path / "nowhere.pdf"))
    assert missing.returncode == 3 and "is not a file" in missing.stderr


def test_the_benchmark_measures_every_kind_on_the_markdown_corpus() -> None:
    result = vetml("bench", "cv", "--formats", "markdown", "--seeds", "1", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    kinds = {row["kind"]: row for row in figures["kinds"]}
    assert len(kinds) == 11
    assert all(row["injected"] > 0 for row in kinds.values())
    assert all(row["precision"] >= 0.9 and row["recall"] >= 0.85 for row in kinds.values()), kinds
    assert figures["false_alarms_per_1000_words"] < 2
    assert figures["clean_words"] > 5000
    assert set(figures["ms_per_cv"]) == {"markdown"}


def test_the_benchmark_refuses_an_unknown_format() -> None:
    result = vetml("bench", "cv", "--formats", "markdown,rtf")
    assert result.returncode == 2
    assert "rtf" in result.stderr
