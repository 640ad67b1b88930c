"""`vetml grading grade` as a user runs it: a file or standard input in, a grade with its evidence out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.grading.test_plugins import install_plugins

ANSWER = (
    "Before touching thresholds I would label the last 90 days of alerts as actionable or not.\n"
    "The stale pricing features would have been caught by a freshness check on the newest value.\n"
)


def vetml(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vetml", *args], input=stdin, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200", **env}, check=False)  # fmt: skip


def test_grading_a_file_prints_the_grade_and_its_evidence(tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(ANSWER, encoding="utf-8")
    result = vetml("grading", "grade", "monitoring-alert-fatigue", str(answer), "--json")
    assert result.returncode == 0, result.stderr
    grade = json.loads(result.stdout)
    assert grade["question_id"] == "monitoring-alert-fatigue" and len(grade["question_hash"]) == 64
    freshness = next(point for point in grade["points"] if point["point"].startswith("Adds a feature freshness"))
    assert freshness["coverage"] == "covered"
    span = freshness["evidence"][0]
    assert ANSWER[span["start"] : span["end"]] == span["text"]
    table = vetml("grading", "grade", "monitoring-alert-fatigue", str(answer))
    assert f"{grade['score']}/100" in table.stdout and "freshness check" in table.stdout


def test_standard_input_and_bad_input(tmp_path: Path) -> None:
    piped = vetml("grading", "grade", "monitoring-alert-fatigue", "-", "--json", stdin=ANSWER)
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["score"] > 0
    missing = vetml("grading", "grade", "monitoring-alert-fatigue", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1
    assert "there is no answer file" in missing.stderr and "Traceback" not in missing.stderr
    unknown = vetml("grading", "grade", "no-such-question", "-", stdin=ANSWER)
    assert unknown.returncode == 1
    assert "there is no question 'no-such-question'" in unknown.stderr and "vetml bank list" in unknown.stderr
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00 not text \x80")
    assert vetml("grading", "grade", "monitoring-alert-fatigue", str(binary), "--json").returncode == 0


def test_second_opinions_are_printed_next_to_the_grade_and_in_json(tmp_path: Path) -> None:
    install_plugins(tmp_path)
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    env = {"PYTHONPATH": path, "VETML_EXTRA_GRADERS": "steady,broken"}
    result = vetml("grading", "grade", "monitoring-alert-fatigue", "-", "--json", stdin=ANSWER, **env)
    assert result.returncode == 0, result.stderr
    grade = json.loads(result.stdout)
    steady, broken = grade["opinions"]
    assert (steady["grader"], steady["score"], steady["band"]) == ("steady", 42, 2)
    assert broken["error"] == "failed with RuntimeError: the plugin fell over"
    table = vetml("grading", "grade", "monitoring-alert-fatigue", "-", stdin=ANSWER, **env).stdout
    assert f"{grade['score']}/100" in table
    assert "Second opinion from steady (steady/1), not part of the grade: 42/100, band 2 (mixed)" in table
    assert "Second opinion from broken: none, failed with RuntimeError: the plugin fell over" in table
