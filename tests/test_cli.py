"""The `vetml` command run as a user runs it: a real process, real files, a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import question_data, write_question


def vetml(*args: str, database_url: str, bank_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI with its settings in the environment, as a shell would."""
    env = {**os.environ, "VETML_DATABASE_URL": database_url, "VETML_BANK_DIR": str(bank_dir), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "vetml", *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def loaded(database_url: str, bank_dir: Path) -> dict[str, object]:
    """Settings of a database that `vetml db upgrade` and `vetml bank load` have prepared."""
    settings: dict[str, object] = {"database_url": database_url, "bank_dir": bank_dir}
    assert vetml("db", "upgrade", database_url=database_url, bank_dir=bank_dir).returncode == 0
    result = vetml("bank", "load", database_url=database_url, bank_dir=bank_dir)
    assert result.returncode == 0, result.stderr
    assert "4 added" in result.stdout
    return settings


def test_help_lists_every_command_with_a_line_each(tmp_path: Path) -> None:
    result = vetml("--help", database_url=f"sqlite:///{tmp_path}/x.db", bank_dir=tmp_path)
    assert result.returncode == 0
    for command in ("serve", "db", "bank", "version"):
        assert f" {command} " in result.stdout
    bank_help = vetml("bank", "--help", database_url=f"sqlite:///{tmp_path}/x.db", bank_dir=tmp_path).stdout
    for command in ("validate", "load", "list", "search", "show", "stats"):
        assert f" {command} " in bank_help


def test_validate_passes_a_good_bank_and_fails_a_broken_one(tmp_path: Path, bank_dir: Path) -> None:
    url = f"sqlite:///{tmp_path}/x.db"
    good = vetml("bank", "validate", "--strict", database_url=url, bank_dir=bank_dir)
    assert good.returncode == 0
    assert "Bank is valid" in good.stdout
    write_question(bank_dir, question_data("deployment-bad-level", level="principal"))
    bad = vetml("bank", "validate", database_url=url, bank_dir=bank_dir)
    assert bad.returncode == 1
    assert "deployment-bad-level.yaml" in bad.stdout
    assert "level" in bad.stdout
    assert "Bank is invalid" in bad.stdout


def test_list_search_show_and_stats(loaded: dict[str, object]) -> None:
    run = lambda *args: vetml(*args, **loaded)  # noqa: E731
    listed = json.loads(run("bank", "list", "--category", "monitoring", "--json").stdout)
    assert [item["id"] for item in listed] == ["monitoring-alert-fatigue", "monitoring-latency-slo"]
    found = json.loads(run("bank", "search", "kubernetes", "--json").stdout)
    assert [item["id"] for item in found] == ["deployment-blue-green-swap"]
    table = run("bank", "list", "--level", "staff")
    assert "monitoring-latency-slo" in table.stdout
    assert "1 question(s)" in table.stdout
    shown = run("bank", "show", "deployment-blue-green-swap")
    assert shown.returncode == 0
    assert "Reference answer" in shown.stdout
    assert "Plans the rollback of deployment blue green swap" in shown.stdout
    assert "question deployment-shadow-traffic" in shown.stdout
    stats = json.loads(run("bank", "stats", "--json").stdout)
    assert stats["total"] == 4
    assert stats["senior_or_staff"] == 2


def test_errors_are_one_line_with_a_fix_and_no_traceback(loaded: dict[str, object]) -> None:
    missing = vetml("bank", "show", "no-such-question", **loaded)  # type: ignore[arg-type]
    assert missing.returncode == 1
    assert "error: there is no question 'no-such-question' in the bank" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad_level = vetml("bank", "list", "--level", "principal", **loaded)  # type: ignore[arg-type]
    assert bad_level.returncode == 2
    assert "principal" in bad_level.stderr


def test_a_bad_database_url_is_one_clear_line(tmp_path: Path) -> None:
    result = vetml("bank", "stats", database_url="mysql://root@localhost/vetml", bank_dir=tmp_path)
    assert result.returncode == 1
    assert "VETML_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_browsing_before_setup_says_what_to_run(database_url: str, bank_dir: Path) -> None:
    result = vetml("bank", "list", database_url=database_url, bank_dir=bank_dir)
    assert result.returncode == 1
    assert "vetml db upgrade" in result.stderr


def test_loading_a_broken_bank_changes_nothing(loaded: dict[str, object], bank_dir: Path) -> None:
    write_question(bank_dir, question_data("deployment-shadow-traffic", prompt="This edit must not be loaded."))
    write_question(bank_dir, question_data("deployment-dangling", follow_ups=[{"question": "deployment-gone"}]))
    result = vetml("bank", "load", **loaded)  # type: ignore[arg-type]
    assert result.returncode == 1
    assert "nothing was loaded" in result.stderr
    assert "deployment-gone" in result.stderr
    shown = json.loads(vetml("bank", "show", "deployment-shadow-traffic", "--json", **loaded).stdout)  # type: ignore[arg-type]
    assert shown["version"] == 1
    assert "This edit" not in shown["prompt"]
