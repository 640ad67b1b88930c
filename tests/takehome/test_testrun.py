"""The candidate's own tests, run in the sandbox: results, network needs, time limits and containment."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.takehome.corpus import load
from tests.takehome.test_dependencies import project_of
from vetml.takehome.audit import audit
from vetml.takehome.testrun import run_tests


@pytest.fixture(autouse=True)
def sandbox_available() -> None:
    """Skip (or, on CI, fail) where bubblewrap cannot be used, as the judge's sandbox tests do."""
    problem = "bubblewrap is not installed (apt-get install bubblewrap)" if shutil.which("bwrap") is None else None
    if problem:
        if os.environ.get("VETML_REQUIRE_SANDBOX"):
            pytest.fail(f"VETML_REQUIRE_SANDBOX is set but {problem}")
        pytest.skip(problem)


def test_a_solid_project_passes_its_own_tests() -> None:
    run = run_tests(load("solid"))
    assert run.ran, run.reason
    assert (run.failed, run.errored) == (0, 0), [item for item in run.outcomes if item.outcome != "passed"]
    assert run.passed >= 10


def test_a_test_that_needs_the_network_is_named_and_the_rest_pass() -> None:
    report = audit(load("production-grade"), run_tests=True)
    run = report.test_run
    assert run is not None and run.ran
    assert run.needed_network == ["tests.test_drift::test_outbound_https_for_the_alert_webhook"]
    assert run.failed == 1 and run.passed >= 30
    tests_check = next(result for result in report.checks if result.check == "tests")
    assert "Run in the sandbox:" in tests_check.summary
    assert any("needs the network" in problem for problem in tests_check.problems)


def test_tests_that_never_end_are_stopped_at_the_time_limit() -> None:
    project = project_of({"tests/test_forever.py": "def test_forever():\n    while True:\n        pass\n"})
    run = run_tests(project, time_limit_s=5)
    assert run.timed_out and "did not finish within 5 seconds" in run.reason


def test_the_sandbox_hides_the_host_and_keeps_writes_in_the_copy() -> None:
    hostile = (
        "import os, pathlib, socket\n"
        "def test_host_files():\n    assert not pathlib.Path('/etc/shadow').exists()\n"
        "def test_home():\n    assert not pathlib.Path('/root/.bash_history').exists()\n"
        "def test_uid():\n    assert os.getuid() != 0\n"
        "def test_network():\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n"
        "def test_write_outside():\n    pathlib.Path('/usr/vetml-escape').write_text('x')\n"
    )
    run = run_tests(project_of({"tests/test_escape.py": hostile}))
    outcomes = {item.test.rsplit("::", 1)[-1]: item for item in run.outcomes}
    assert [outcomes[name].outcome for name in ("test_host_files", "test_home", "test_uid")] == ["passed"] * 3
    assert outcomes["test_network"].outcome == "failed" and outcomes["test_network"].needed_network
    assert outcomes["test_write_outside"].outcome == "failed"
    assert not Path("/usr/vetml-escape").exists()


def test_a_project_without_tests_is_not_run() -> None:
    run = run_tests(load("research-grade"))
    assert not run.ran and run.reason == "the project has no tests"
