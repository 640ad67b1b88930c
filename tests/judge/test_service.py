"""Submissions in a real database (SQLite and PostgreSQL) judged by the embedded executor."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from tests.judge.conftest import _sandbox_available
from vetml.db import transaction
from vetml.errors import InvalidInput, NotFound
from vetml.judge import service
from vetml.judge.feedback import FeedbackMode
from vetml.judge.models import SubmissionStatus
from vetml.judge.sandbox import Sandbox

GOOD = b"def add_up(values):\n    return sum(values)\n"
PARTIAL = b"def add_up(values):\n    return sum(values) if len(values) < 50 else 0\n"


@pytest.fixture
def executor(sessions: sessionmaker[Session], challenges_root: Path) -> object:
    _sandbox_available()
    pool = service.LocalExecutor(sessions, root=challenges_root, slots=2)
    yield pool
    pool.shutdown()


def _submit(sessions: sessionmaker[Session], root: Path, source: bytes, mode: FeedbackMode) -> str:
    with transaction(sessions) as session:
        return service.submit(session, root=root, challenge_id="add-up", source=source, mode=mode).id


def test_a_submission_is_stored_then_judged(
    sessions: sessionmaker[Session], challenges_root: Path, executor: service.LocalExecutor
) -> None:
    submission_id = _submit(sessions, challenges_root, GOOD, FeedbackMode.HIRING)
    with sessions() as session:
        stored = service.get(session, submission_id)
        assert stored.status == SubmissionStatus.QUEUED.value
        assert stored.source == GOOD
    assert executor.enqueue(submission_id).result(timeout=120) == "done"
    with sessions() as session:
        judged = service.get(session, submission_id)
        view = service.result_view(judged)
    assert judged.verdict == "accepted"
    assert judged.score == 100
    assert judged.attempts == 1
    assert view is not None
    assert view.tests == []
    assert view.summary[0] == "5 of 5 tests passed."


def test_judging_twice_changes_nothing(
    sessions: sessionmaker[Session], challenges_root: Path, executor: service.LocalExecutor
) -> None:
    submission_id = _submit(sessions, challenges_root, PARTIAL, FeedbackMode.PRACTICE)
    executor.enqueue(submission_id).result(timeout=120)
    executor.enqueue(submission_id).result(timeout=120)
    with sessions() as session:
        judged = service.get(session, submission_id)
    assert judged.attempts == 1
    assert judged.score == 40


def test_practice_feedback_hides_hidden_test_details(
    sessions: sessionmaker[Session], challenges_root: Path, executor: service.LocalExecutor
) -> None:
    submission_id = _submit(sessions, challenges_root, PARTIAL, FeedbackMode.PRACTICE)
    executor.enqueue(submission_id).result(timeout=120)
    with sessions() as session:
        submission = service.get(session, submission_id)
        practice = service.result_view(submission)
        review = service.result_view(submission, FeedbackMode.REVIEW)
    assert practice is not None and review is not None
    assert [test.name for test in practice.tests] == ["three numbers"]
    assert "Hidden tests failing in 'large inputs': 1 (wrong answer)" in practice.summary
    assert [test.name for test in review.tests] == ["three numbers", "empty", "negative", "many", "scripted"]
    assert review.tests[3].message.startswith("expected")


def test_submissions_left_running_are_recovered(
    sessions: sessionmaker[Session], challenges_root: Path, executor: service.LocalExecutor
) -> None:
    first = _submit(sessions, challenges_root, GOOD, FeedbackMode.HIRING)
    second = _submit(sessions, challenges_root, PARTIAL, FeedbackMode.HIRING)
    with transaction(sessions) as session:
        service.get(session, first).status = SubmissionStatus.RUNNING.value
    assert [future.result(timeout=120) for future in executor.recover()] == ["done", "done"]
    with sessions() as session:
        assert [service.get(session, item).score for item in (first, second)] == [100, 40]
        assert service.pending(session) == []


def test_a_sandbox_failure_is_ours_and_is_retried(sessions: sessionmaker[Session], challenges_root: Path) -> None:
    _sandbox_available()
    slow = b"import time\ndef add_up(values):\n    time.sleep(0.2)\n    return sum(values)\n"
    submission_id = _submit(sessions, challenges_root, slow, FeedbackMode.HIRING)
    with Sandbox(slot=0) as sandbox:
        processes = [zygote.process for zygote in sandbox.zygotes]
        assert all(processes)
        killer = threading.Timer(0.3, lambda: [process.kill() for process in processes if process])
        killer.start()
        first = service.judge_submission(sessions, submission_id, root=challenges_root, sandbox=sandbox)
        killer.join()
        with sessions() as session:
            failed_once = service.get(session, submission_id)
            assert failed_once.status == first == "queued"
            assert failed_once.verdict is None
            assert "sandbox" in failed_once.error
        assert service.judge_submission(sessions, submission_id, root=challenges_root, sandbox=sandbox) == "done"
    with sessions() as session:
        judged = service.get(session, submission_id)
    assert judged.verdict == "accepted"
    assert judged.attempts == 2


def test_unknown_challenge_and_oversized_submission_are_refused(
    sessions: sessionmaker[Session], challenges_root: Path
) -> None:
    with transaction(sessions) as session, pytest.raises(NotFound, match="no challenge 'nope'"):
        service.submit(session, root=challenges_root, challenge_id="nope", source=GOOD, mode=FeedbackMode.HIRING)
    huge = b"#" * (service.MAX_STORED_SOURCE + 1)
    with transaction(sessions) as session, pytest.raises(InvalidInput, match="limited to 16 MB"):
        service.submit(session, root=challenges_root, challenge_id="add-up", source=huge, mode=FeedbackMode.HIRING)
