"""The whole audit: each sample project gets its band, and `vetml audit` works on folders and archives."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.takehome.corpus import BANDS, PROJECTS, load
from vetml.takehome.audit import audit


@pytest.mark.parametrize("band", BANDS)
def test_each_sample_project_gets_its_band(band: str) -> None:
    report = audit(load(band))
    assert report.band.value == band, report.summary
    wanted = yaml.safe_load((PROJECTS / band / "EXPECTED.yaml").read_text(encoding="utf-8"))["findings"]
    assert {result.check: result.status.value for result in report.checks} == {
        item["check"]: item["status"] for item in wanted
    }


def test_the_ml_test_score_is_the_weakest_section_and_explains_missing_points() -> None:
    score = audit(load("production-grade")).ml_test_score
    assert len(score.tests) == 28
    assert score.score == min(score.sections.values())
    assert all(test.points in (0.0, 0.5, 1.0) for test in score.tests)
    assert all(test.evidence for test in score.tests if test.points > 0)
    assert all(test.to_earn for test in score.tests if test.points < 1)
    notebook = audit(load("notebook-only"))
    assert notebook.ml_test_score.score == 0 and notebook.maturity == 0
    assert audit(load("production-grade")).maturity == 2


def vetml(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "vetml", *args], env=env, capture_output=True, text=True, timeout=120,
                          check=False)  # fmt: skip


def test_the_command_audits_an_uploaded_archive_as_json(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((PROJECTS / "solid").rglob("*")):
            if path.is_file() and path.name != "EXPECTED.yaml":
                archive.write(path, "churn-takehome/" + path.relative_to(PROJECTS / "solid").as_posix())
    upload = tmp_path / "takehome.zip"
    upload.write_bytes(buffer.getvalue())
    result = vetml("audit", str(upload), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["project"], report["band"]) == ("churn-takehome", "solid")


def test_the_command_explains_what_it_cannot_read(tmp_path: Path) -> None:
    fake = tmp_path / "project.zip"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    result = vetml("audit", str(fake))
    assert result.returncode == 2
    assert "error:" in result.stderr and "Traceback" not in result.stderr
    remote = vetml("audit", "https://example.com/candidate/project.git")
    assert remote.returncode == 2 and "network" in remote.stderr


def test_the_benchmark_times_the_samples_and_a_generated_repository() -> None:
    result = vetml("bench", "audit", "--samples", str(PROJECTS), "--files", "300", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    bands = {timing["project"]: timing["band"] for timing in figures["timings"]}
    assert {band: bands[band] for band in BANDS} == {band: band for band in BANDS}
    assert figures["large_files"] == 300 and figures["large_seconds"] > 0


def test_imports_are_checked_with_deptry_and_its_findings_name_file_and_line() -> None:
    dependencies = next(result for result in audit(load("demo-grade")).checks if result.check == "dependencies")
    assert dependencies.summary.endswith("Imports checked with deptry.")
    assert "dotenv is imported but no manifest declares it (app.py:6)" in dependencies.problems
    solid = next(result for result in audit(load("solid")).checks if result.check == "dependencies")
    assert not [problem for problem in solid.problems if "churn" in problem or "pytest" in problem]
