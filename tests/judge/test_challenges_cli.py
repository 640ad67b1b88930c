"""`vetml challenges` and `vetml judge` as a user runs them, and malformed challenge folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.judge.conftest import _sandbox_available
from tests.judge.factories import write_challenge
from vetml.judge.challenges import ChallengeError, check_tests, read_challenge


def vetml(bank: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VETML_BANK_DIR": str(bank), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "vetml", *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    write_challenge(tmp_path / "bank" / "challenges")
    return tmp_path / "bank"


def test_list_and_show_reveal_nothing_hidden(bank: Path) -> None:
    listed = json.loads(vetml(bank, "challenges", "list", "--json").stdout)
    assert listed == [
        {"id": "add-up", "title": "Add up a list of numbers", "category": "algorithms", "level": "junior",
         "tags": ["warm-up"], "kind": "function"}
    ]  # fmt: skip
    shown = vetml(bank, "challenges", "show", "add-up")
    assert shown.returncode == 0
    assert "Return the sum of the values." in shown.stdout
    assert "three numbers" in shown.stdout
    assert "negative" not in shown.stdout
    assert "return sum(values)" not in shown.stdout


def test_validate_passes_a_good_challenge_and_names_a_mismatch(bank: Path) -> None:
    _sandbox_available()
    good = vetml(bank, "challenges", "validate")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "All 1 challenges are valid." in good.stdout
    folder = bank / "challenges" / "add-up"
    (folder / "wrong" / "off_by_one.py").write_text("def add_up(values):\n    return sum(values)\n", encoding="utf-8")
    bad = vetml(bank, "challenges", "validate", "add-up")
    assert bad.returncode == 1
    assert "MISMATCH" in bad.stdout
    assert "wrong/off_by_one.py" in bad.stdout


def test_judge_run_prints_per_test_results(bank: Path, tmp_path: Path) -> None:
    _sandbox_available()
    solution = tmp_path / "solution.py"
    solution.write_text("def add_up(values):\n    return sum(values) if len(values) < 50 else 0\n", encoding="utf-8")
    result = vetml(bank, "judge", "run", "add-up", str(solution))
    assert result.returncode == 1
    assert "WRONG ANSWER" in result.stdout
    assert "score 40/100" in result.stdout
    assert "many" in result.stdout
    hiring = json.loads(vetml(bank, "judge", "run", "add-up", str(solution), "--mode", "hiring", "--json").stdout)
    assert hiring["tests"] == []
    assert hiring["score"] == 40


def test_judge_run_refuses_a_missing_file_and_unknown_challenge(bank: Path, tmp_path: Path) -> None:
    missing = vetml(bank, "judge", "run", "add-up", str(tmp_path / "nope.py"), "--unsafe-no-sandbox")
    assert missing.returncode == 1
    assert "cannot read" in missing.stderr
    unknown = vetml(bank, "judge", "run", "nope", str(tmp_path / "nope.py"))
    assert unknown.returncode == 1
    assert "there is no challenge 'nope'" in unknown.stderr


def test_unsafe_mode_says_so_loudly(bank: Path, tmp_path: Path) -> None:
    solution = tmp_path / "solution.py"
    solution.write_text("def add_up(values):\n    return sum(values)\n", encoding="utf-8")
    result = vetml(bank, "judge", "run", "add-up", str(solution), "--unsafe-no-sandbox")
    assert "WARNING: --unsafe-no-sandbox runs code with no isolation" in result.stdout
    assert result.returncode == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda folder: (folder / "tests.py").unlink(), "missing tests.py"),
        (lambda folder: _edit_spec(folder, points=10), "must add up to 100"),
        (lambda folder: _edit_spec(folder, id="other"), "must equal the folder name"),
        (lambda folder: _edit_spec(folder, surprise=1), "challenge.yaml is invalid"),
        (lambda folder: (folder / "wrong" / "off_by_one.py").unlink(), "does not exist"),
        (lambda folder: (folder / "tests.py").write_text("def examples(:\n", encoding="utf-8"), "failed to load"),
    ],
    ids=["missing-file", "points", "id", "unknown-key", "known-wrong-missing", "broken-tests"],
)
def test_malformed_challenges_are_reported(tmp_path: Path, change: object, message: str) -> None:
    folder = write_challenge(tmp_path)
    change(folder)  # type: ignore[operator]
    with pytest.raises(ChallengeError) as caught:
        check_tests(read_challenge(folder))
    assert message in caught.value.message + " ".join(caught.value.details)


def _edit_spec(folder: Path, points: int | None = None, **changes: object) -> None:
    spec = yaml.safe_load((folder / "challenge.yaml").read_text(encoding="utf-8"))
    spec.update(changes)
    if points is not None:
        spec["subtasks"][0]["points"] = points
    (folder / "challenge.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")


def test_a_challenge_is_read_once_and_again_whenever_a_file_changes(tmp_path: Path) -> None:
    folder = write_challenge(tmp_path / "challenges")
    first = read_challenge(folder)
    assert read_challenge(folder) is first  # unchanged: the loaded challenge (and its tests) is reused
    (folder / "statement.md").write_text("# Add up\n\nReturn the total.\n", encoding="utf-8")
    edited = read_challenge(folder)
    assert edited is not first
    assert edited.content_hash != first.content_hash
    (folder / "wrong" / "empty.py").write_text("", encoding="utf-8")  # a new file in a subfolder counts too
    assert read_challenge(folder).content_hash != edited.content_hash


@pytest.mark.parametrize(("text", "message"), [("id: add-up\ncreated: 2021-02-30\n", "is not a real date"),
                                               ("id: !!timestamp soon\n", "is not a date or time"),
                                               ("id: " + "{a: " * 500 + "}" * 500, "nested more than")])  # fmt: skip
def test_challenge_yaml_that_crashed_the_yaml_library_is_a_challenge_error(
    tmp_path: Path, text: str, message: str
) -> None:
    folder = write_challenge(tmp_path)
    (folder / "challenge.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ChallengeError) as caught:
        read_challenge(folder)
    assert message in caught.value.message
