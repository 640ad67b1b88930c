"""`vetml worker --nice N`: the worker and its pool judge at a lower CPU priority than the process that started it."""

from __future__ import annotations

import os
from pathlib import Path

from tests.judge.factories import REFERENCE
from tests.tasks.conftest import Stack


def _priority(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_a_niced_worker_and_its_pool_judge_at_the_lower_priority(stack: Stack) -> None:
    submission_id = stack.submit(REFERENCE)
    worker = stack.worker(slot=16, beat=False, arguments=("--nice", "7"))
    stack.wait_final([submission_id])
    assert stack.status(submission_id) == ("done", "accepted", 1)  # judged as usual, only later in line for the CPU
    ours = _priority(os.getpid())
    pool = _children(worker.process.pid)
    assert pool, "the worker has no pool process"
    assert {_priority(pid) for pid in [worker.process.pid, *pool]} == {min(ours + 7, 19)}
