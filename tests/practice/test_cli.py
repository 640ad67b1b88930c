"""`vetml practice` as a candidate uses it: an interactive session in a real terminal, driven by pexpect."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from tests.factories import write_bank

SUBMIT = "\x1b\r"  # Esc then Enter: the editor's submit key; Enter alone starts a new line
EDITOR_READY = "\x1b[?2004h"  # the editor switches bracketed paste on when it is ready for typing
GOOD_LINES = (
    "First I would label the last month of pages as actionable or not, and alert only on p99 latency above 80 ms.",
    "Guardrail thresholds come from that data, and a rollback plan returns to the previous version in 5 minutes.",
)


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    """A migrated SQLite database with the small test bank loaded, as environment variables."""
    env = {**os.environ, "VETML_DATABASE_URL": f"sqlite:///{tmp_path / 'vetml.db'}",
           "VETML_BANK_DIR": str(write_bank(tmp_path / "bank")), "NO_COLOR": "1", "COLUMNS": "160",
           "PROMPT_TOOLKIT_NO_CPR": "1"}  # fmt: skip
    for command in (["db", "upgrade"], ["bank", "load"]):
        subprocess.run([sys.executable, "-m", "vetml", *command], env=env, check=True, capture_output=True)
    return env


def workdir(env: dict[str, str]) -> Path:
    """The test's own folder, so a default ./practice-reports never lands in the repository."""
    return Path(env["VETML_BANK_DIR"]).parent


def spawn(env: dict[str, str], *args: str) -> pexpect.spawn:
    return pexpect.spawn(sys.executable, ["-m", "vetml", "practice", *args], env=env, cwd=workdir(env),
                         encoding="utf-8", timeout=90, dimensions=(60, 160))  # fmt: skip


def type_answer(child: pexpect.spawn, text: str) -> None:
    """Type into the editor, then submit once the typing has been read (a fast Esc would join the text)."""
    child.send(text)
    time.sleep(0.5)
    child.send(SUBMIT)


def vetml(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vetml", *args], env=env, cwd=workdir(env), input=stdin,
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


def test_an_interactive_session_from_choosing_modules_to_the_written_report(
    environment: dict[str, str], tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    child = spawn(environment, "--profile", "alex", "--report-dir", str(reports))
    child.expect("Modules \\(numbers")
    child.sendline("9,foo")
    child.expect("Not a module: 9, foo")
    child.sendline("1,5")
    child.expect("Level")
    child.sendline("staff")
    child.expect("Minutes")
    child.sendline("30")
    child.expect("2 questions")
    child.expect("1/2")
    child.expect_exact(EDITOR_READY)
    type_answer(child, "\r".join(GOOD_LINES))
    child.expect(r"(\d+)/100\S*, band (\d)")  # \S* skips the end of the bold style
    first_score = int(child.match.group(1))
    child.expect("A better answer covers")
    child.expect("2/2")
    child.expect_exact(EDITOR_READY)
    type_answer(child, "/quit")
    child.expect("Session report")
    child.expect(f"Overall \\S*{first_score}/100")
    child.expect("Report written to")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    markdown = next(reports.glob("*.md")).read_text(encoding="utf-8")
    assert "# Practice report: alex" in markdown and GOOD_LINES[1] in markdown
    assert "<blockquote>" in next(reports.glob("*.html")).read_text(encoding="utf-8")

    history = vetml(environment, "practice", "history", "--profile", "alex", "--chart", str(tmp_path / "h.png"))
    assert history.returncode == 0, history.stderr
    assert "1/2" in history.stdout and str(first_score) in history.stdout
    assert (tmp_path / "h.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    session_id = next(line.split()[-2] for line in history.stdout.splitlines() if "1/2" in line)
    printed = vetml(environment, "practice", "report", session_id.strip("│ "))
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith("# Practice report: alex") and GOOD_LINES[0] in printed.stdout


def test_when_time_runs_out_what_was_typed_is_graded(environment: dict[str, str], tmp_path: Path) -> None:
    child = spawn(environment, "--profile", "bo", "-m", "technical-screen", "--level", "senior",
                  "--minutes", "15", "--time-limit", "10", "--report-dir", str(tmp_path))  # fmt: skip
    child.expect_exact(EDITOR_READY)
    child.send("Alert only on p99 latency above 80 ms")
    child.expect("time ran out", timeout=60)
    child.expect("Session report")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "Alert only on p99 latency above 80 ms" in next(tmp_path.glob("*.md")).read_text(encoding="utf-8")


def test_piped_answers_end_at_a_full_stop_line_and_bad_options_are_one_line(environment: dict[str, str]) -> None:
    piped = vetml(environment, "practice", "--profile", "cy", "--suggested", "--level", "junior", "--minutes", "10",
                  "--report-dir", "/dev/null/x", stdin="Shadow traffic copies requests.\n.\n")  # fmt: skip
    assert piped.returncode == 1 and "cannot create the report folder /dev/null/x" in piped.stderr
    assert "Traceback" not in piped.stderr
    piped = vetml(environment, "practice", "--profile", "cy", "--suggested", "--level", "junior", "--minutes", "10",
                  stdin="Shadow traffic copies live requests to the new model.\n.\n")  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    assert "/100" in piped.stdout and "Session report" in piped.stdout
    nothing = vetml(environment, "practice", "--profile", "cy", "-m", "behavioral", "--level", "junior")
    assert nothing.returncode == 1 and "no question in the bank is in behavioral" in nothing.stderr
    assert "Traceback" not in nothing.stderr
    unknown = vetml(environment, "practice", "history", "--profile", "nobody-here")
    assert unknown.returncode == 1 and "has not practised yet" in unknown.stderr
