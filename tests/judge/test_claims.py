"""Exactly one result per submission: conditional claims and writes, takeover past the deadline, poison."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from tests.judge.factories import REFERENCE
from vetml.db import transaction
from vetml.judge import service as judge
from vetml.judge.feedback import FeedbackMode
from vetml.judge.models import Submission, SubmissionStatus
from vetml.judge.sandbox import Sandbox


def _stored(sessions: sessionmaker[Session], root: Path, source: str = REFERENCE) -> str:
    with transaction(sessions) as session:
        return judge.submit(session, root=root, challenge_id="add-up", source=source.encode(),
                            mode=FeedbackMode.HIRING).id  # fmt: skip


def _row(sessions: sessionmaker[Session], submission_id: str) -> Submission:
    with transaction(sessions) as session:
        return judge.get(session, submission_id)


def _started_long_ago(sessions: sessionmaker[Session], submission_id: str, *, attempts: int | None = None) -> None:
    values: dict[str, object] = {"started_at": datetime.now(UTC) - timedelta(hours=1)}
    if attempts is not None:
        values |= {"attempts": attempts, "status": SubmissionStatus.RUNNING.value}
    with transaction(sessions) as session:
        session.execute(update(Submission).where(Submission.id == submission_id).values(**values))


def test_a_queued_submission_is_taken_by_one_judge_only(sessions: sessionmaker[Session], challenges_root: Path) -> None:
    submission_id = _stored(sessions, challenges_root)
    first = judge.claim(sessions, submission_id)
    second = judge.claim(sessions, submission_id)
    assert first is not None and first.attempt == 1 and first.source == REFERENCE.encode()
    assert second is None
    assert _row(sessions, submission_id).status == SubmissionStatus.RUNNING.value


def test_a_running_submission_is_taken_over_only_past_its_deadline_and_the_first_judge_cannot_store(
    sessions: sessionmaker[Session], challenges_root: Path
) -> None:
    submission_id = _stored(sessions, challenges_root)
    lost = judge.claim(sessions, submission_id)
    assert lost is not None
    assert judge.claim(sessions, submission_id, stale_after=timedelta(minutes=10)) is None
    _started_long_ago(sessions, submission_id)
    takeover = judge.claim(sessions, submission_id, stale_after=timedelta(minutes=10))
    assert takeover is not None and takeover.attempt == 2
    assert judge.store_outcome(sessions, takeover, {"status": SubmissionStatus.DONE.value, "score": 100})
    assert not judge.store_outcome(sessions, lost, {"status": SubmissionStatus.DONE.value, "score": 0})
    row = _row(sessions, submission_id)
    assert (row.status, row.score, row.attempts) == (SubmissionStatus.DONE.value, 100, 2)


def test_judging_twice_stores_one_result(
    sessions: sessionmaker[Session], challenges_root: Path, sandbox: Sandbox
) -> None:
    submission_id = _stored(sessions, challenges_root)
    assert judge.judge_submission(sessions, submission_id, root=challenges_root, sandbox=sandbox) == "done"
    first = _row(sessions, submission_id)
    assert judge.judge_submission(sessions, submission_id, root=challenges_root, sandbox=sandbox) == "done"
    again = _row(sessions, submission_id)
    assert (first.verdict, first.attempts) == ("accepted", 1)
    assert (again.attempts, again.finished_at, again.result) == (1, first.finished_at, first.result)


def test_a_submission_whose_judge_keeps_dying_is_given_up_without_running_it_again(
    sessions: sessionmaker[Session], challenges_root: Path, sandbox: Sandbox
) -> None:
    submission_id = _stored(sessions, challenges_root, "import os\nos._exit(0)\n")
    _started_long_ago(sessions, submission_id, attempts=judge.MAX_ATTEMPTS)
    status = judge.judge_submission(sessions, submission_id, root=challenges_root, sandbox=sandbox,
                                    stale_after=timedelta(minutes=1))  # fmt: skip
    row = _row(sessions, submission_id)
    assert status == SubmissionStatus.FAILED.value
    assert (row.verdict, row.attempts, row.result) == ("internal_error", judge.MAX_ATTEMPTS + 1, None)
    assert "stopped every time" in row.error


def test_our_fault_goes_back_to_the_queue_then_becomes_an_internal_error(
    sessions: sessionmaker[Session], challenges_root: Path, sandbox: Sandbox
) -> None:
    submission_id = _stored(sessions, challenges_root)
    (challenges_root / "add-up" / "tests.py").unlink()  # the challenge broke under the judge: our fault, not theirs
    statuses = [judge.judge_submission(sessions, submission_id, root=challenges_root, sandbox=sandbox)
                for _ in range(judge.MAX_ATTEMPTS)]  # fmt: skip
    row = _row(sessions, submission_id)
    assert statuses == ["queued"] * (judge.MAX_ATTEMPTS - 1) + ["failed"]
    assert (row.verdict, row.attempts) == ("internal_error", judge.MAX_ATTEMPTS)
