"""Fixtures of the judge tests: real sandboxes under bubblewrap, and small challenges written as files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.judge.factories import write_challenge
from vetml.judge.sandbox import Sandbox

REQUIRE_SANDBOX_ENV = "VETML_REQUIRE_SANDBOX"


def _sandbox_available() -> None:
    """Skip (or, on CI, fail) when bubblewrap cannot be used on this machine."""
    problem = None
    if shutil.which("bwrap") is None:
        problem = "bubblewrap is not installed (apt-get install bubblewrap)"
    elif os.geteuid() != 0:
        problem = "the sandbox needs root to create its namespaces and drop to per-slot uids"
    if problem:
        if os.environ.get(REQUIRE_SANDBOX_ENV):
            pytest.fail(f"{REQUIRE_SANDBOX_ENV} is set but {problem}")
        pytest.skip(f"sandbox tests skipped: {problem}")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    """A started sandbox on slot 0, shared by the tests of one module."""
    _sandbox_available()
    with Sandbox(slot=0) as started:
        yield started


@pytest.fixture(scope="module")
def second_sandbox() -> Iterator[Sandbox]:
    """Another slot, with its own uid."""
    _sandbox_available()
    with Sandbox(slot=1) as started:
        yield started


@pytest.fixture
def challenges_root(tmp_path: Path) -> Path:
    """A challenges folder holding the small `add-up` challenge."""
    root = tmp_path / "challenges"
    write_challenge(root)
    return root
