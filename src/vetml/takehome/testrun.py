"""Run a candidate project's own tests inside a sandbox: bubblewrap with no network, a private copy of the
project, an unprivileged uid, resource limits and a wall-clock limit. The candidate's code runs nowhere else.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from pydantic import BaseModel, Field

from vetml.errors import ConfigurationError
from vetml.judge.zygotes import bubblewrap_path, python_folders
from vetml.takehome.code import CodeIndex
from vetml.takehome.project import Project

TIME_LIMIT_S = 120
MEMORY_BYTES = 4 * 1024**3
MAX_REPORT_BYTES = 5 * 1024 * 1024
NOBODY = 65534
NETWORK = re.compile(
    r"(?i)network is unreachable|name resolution|name or service not known|getaddrinfo|"
    r"connection(?:error| refused)|max retries exceeded|nodename nor servname|urlopen error"
)
GPU = re.compile(r"(?i)cuda|no gpu|nvidia|torch\.cuda\.is_available\(\) is false|cudnn")
REPORT = ".vetml-junit.xml"


class TestOutcome(BaseModel):
    """One test of the candidate's suite as it ended in the sandbox."""

    test: str
    outcome: str = Field(description="passed, failed, errored or skipped")
    message: str = ""
    needed_network: bool = False
    needed_gpu: bool = False


class TestRun(BaseModel):
    """What running the candidate's tests showed, or why they could not be run."""

    ran: bool
    reason: str = ""
    passed: int = 0
    failed: int = 0
    errored: int = 0
    skipped: int = 0
    timed_out: bool = False
    seconds: float = 0.0
    needed_network: list[str] = Field(default_factory=list)
    needed_gpu: list[str] = Field(default_factory=list)
    outcomes: list[TestOutcome] = Field(default_factory=list)


def run_tests(project: Project, *, time_limit_s: float = TIME_LIMIT_S) -> TestRun:
    """The project's pytest suite, run in the sandbox against the packages vetml itself has installed."""
    if not CodeIndex(project).tests:
        return TestRun(ran=False, reason="the project has no tests")
    try:
        bwrap = bubblewrap_path()
    except ConfigurationError as error:
        return TestRun(ran=False, reason=f"{error.message}. {error.hint}")
    with tempfile.TemporaryDirectory(prefix="vetml-takehome-") as folder:
        root = Path(folder) / "project"
        materialise(project, root)
        started = time.monotonic()
        try:
            completed = subprocess.run(_command(bwrap, root), capture_output=True, timeout=time_limit_s, check=False,
                                       preexec_fn=_limits, start_new_session=True)  # fmt: skip
        except subprocess.TimeoutExpired:
            elapsed = round(time.monotonic() - started, 1)
            reason = f"the tests did not finish within {time_limit_s:g} seconds"
            return _read_report(root / REPORT).model_copy(
                update={"ran": True, "timed_out": True, "seconds": elapsed, "reason": reason}
            )
        run = _read_report(root / REPORT)
        seconds = round(time.monotonic() - started, 1)
        if not run.ran:
            tail = completed.stderr.decode("utf-8", "replace").strip()[-300:] or completed.stdout.decode(
                "utf-8", "replace").strip()[-300:]  # fmt: skip
            return TestRun(ran=False, reason=f"pytest did not produce results (exit {completed.returncode}): {tail}",
                           seconds=seconds)  # fmt: skip
        return run.model_copy(update={"seconds": seconds})


def materialise(project: Project, root: Path) -> None:
    """Write the project's text files into a private folder (binaries were not kept when it was read)."""
    for path, item in project.files.items():
        if item.text is None:
            continue
        target = (root / path).resolve()
        if not target.is_relative_to(root.resolve()):
            continue  # ingestion already refuses such paths; never write outside the copy regardless
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(item.text, encoding="utf-8")
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o777)  # the tests run as an unprivileged uid and may write next to themselves
    for folder in root.rglob("*"):
        if folder.is_dir():
            folder.chmod(0o777)


def _command(bwrap: str, root: Path) -> list[str]:
    python = str(Path(sys.executable).absolute())
    arguments = [bwrap, "--unshare-all", "--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY),
                 "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib",
                 "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
                 "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache", "--proc", "/proc", "--dev", "/dev",
                 "--tmpfs", "/tmp"]  # fmt: skip
    for folder in python_folders(python):
        arguments += ["--ro-bind", folder, folder]
    arguments += ["--bind", str(root), "/project", "--chdir", "/project", "--clearenv",
                  "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp",
                  "--setenv", "PYTHONPATH", "/project/src:/project", "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
                  "--setenv", "MPLBACKEND", "Agg", "--setenv", "CUDA_VISIBLE_DEVICES", ""]  # fmt: skip
    return [*arguments, python, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml=/project/{REPORT}",
            "-o", "junit_family=xunit2", "/project"]  # fmt: skip


def _limits() -> None:
    """Limits for the sandboxed process tree: memory, file size, no core dumps."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_FSIZE, (100 * 1024 * 1024, 100 * 1024 * 1024))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _read_report(path: Path) -> TestRun:
    """The JUnit XML pytest wrote; the candidate's code could have tampered with it, so it is read with care."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_REPORT_BYTES:
            return TestRun(ran=False)
        tree = ElementTree.fromstring(path.read_bytes())
    except (OSError, ElementTree.ParseError):
        return TestRun(ran=False)
    outcomes = [_outcome(case) for case in tree.iter("testcase")]
    counts = {
        name: sum(1 for item in outcomes if item.outcome == name) for name in ("passed", "failed", "errored", "skipped")
    }
    return TestRun(ran=True, **counts, outcomes=outcomes[:500],
                   needed_network=[item.test for item in outcomes if item.needed_network],
                   needed_gpu=[item.test for item in outcomes if item.needed_gpu])  # fmt: skip


def _outcome(case: ElementTree.Element) -> TestOutcome:
    name = f"{case.get('classname', '')}::{case.get('name', '')}".strip(":")
    for tag, outcome in (("failure", "failed"), ("error", "errored"), ("skipped", "skipped")):
        found = case.find(tag)
        if found is not None:
            message = f"{found.get('message', '')} {found.text or ''}".strip()[:2000]
            failed = outcome != "skipped"
            return TestOutcome(test=name, outcome=outcome, message=message[:500],
                               needed_network=failed and bool(NETWORK.search(message)),
                               needed_gpu=failed and bool(GPU.search(message)))  # fmt: skip
    return TestOutcome(test=name, outcome="passed")
