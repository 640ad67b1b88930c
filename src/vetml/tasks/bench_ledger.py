"""After a simulated hiring day: wait for the workers to finish, then check in the database that every hand-in
got exactly one final result and that every autosave holds the text the candidate last had acknowledged.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from vetml.db import transaction
from vetml.interviews import assessments
from vetml.interviews.models import Assessment, AssessmentAnswer
from vetml.judge.models import Submission, SubmissionStatus
from vetml.tasks.bench_crowd import Outcome
from vetml.tasks.bench_figures import Ledger, QueueWait
from vetml.tasks.bench_seed import Seat

UNFINISHED = (SubmissionStatus.QUEUED.value, SubmissionStatus.RUNNING.value)
FINAL = (SubmissionStatus.DONE.value, SubmissionStatus.FAILED.value)


def unfinished(sessions: sessionmaker[Session]) -> int:
    """Submissions still queued or running plus written answers still waiting for their grade."""
    with transaction(sessions) as session:
        waiting = session.scalar(select(func.count()).where(Submission.status.in_(UNFINISHED))) or 0
        grading = session.scalar(select(func.count()).where(AssessmentAnswer.grade_pending.is_(True))) or 0
    return waiting + grading


def settle(sessions: sessionmaker[Session], *, timeout: float) -> bool:
    """Wait until the workers have finished everything handed in; False when ``timeout`` seconds were not enough."""
    deadline = time.monotonic() + timeout
    while unfinished(sessions):
        if time.monotonic() > deadline:
            return False
        time.sleep(1.0)
    return True


def audit(sessions: sessionmaker[Session], seats: list[Seat], outcomes: list[Outcome]) -> Ledger:
    """The exactly-once ledger of the day, from what the database holds and what each candidate was told."""
    ledger = Ledger(hand_ins_acknowledged=sum(outcome.handed_in for outcome in outcomes))
    with transaction(sessions) as session:
        rows = {row.id: row for row in session.scalars(select(Assessment))}
        submissions = {row.id: row for row in session.scalars(select(Submission))}
        referenced: Counter[str] = Counter()
        for seat, outcome in zip(seats, outcomes, strict=True):
            assessment = rows[seat.assessment_id]
            saved = assessments.answers(session, assessment.id)
            ledger.hand_ins_stored += outcome.handed_in and assessment.submitted_at is not None
            _check_autosaves(ledger, outcome, saved)
            if assessment.submitted_at is not None:
                _check_results(ledger, seat, saved, submissions, referenced)
    ledger.submissions = len(submissions)
    ledger.duplicated += sum(count - 1 for count in referenced.values() if count > 1)
    ledger.duplicated += len(set(submissions) - set(referenced))  # rows no answer points at: judged in vain
    ledger.duplicated += sum(row.attempts > 1 for row in submissions.values())
    ledger.final = sum(row.status in FINAL for row in submissions.values())
    ledger.failed = sum(row.status == SubmissionStatus.FAILED.value for row in submissions.values())
    return ledger


def _check_autosaves(ledger: Ledger, outcome: Outcome, saved: dict[int, AssessmentAnswer]) -> None:
    for position, text in outcome.saved.items():
        ledger.autosaves_checked += 1
        row = saved.get(position)
        ledger.autosaves_mismatched += row is None or row.text != text


def _check_results(ledger: Ledger, seat: Seat, saved: dict[int, AssessmentAnswer], submissions: dict[str, Submission],
                   referenced: Counter[str]) -> None:  # fmt: skip
    for item in seat.items:
        row = saved.get(item.position)
        result = row.result if row is not None else None
        if item.kind == "question":
            ledger.grades += 1
            ledger.grades_lost += row is None or row.grade_pending or result is None
            continue
        submission = submissions.get(str((result or {}).get("submission_id")))
        if submission is None or submission.status not in FINAL:
            ledger.lost += 1
            continue
        referenced[submission.id] += 1
        final_text = row is not None and row.text == item.final_text
        ledger.unexpected_verdicts += final_text and submission.verdict != item.expected_verdict


def queue_waits(sessions: sessionmaker[Session]) -> tuple[QueueWait, float]:
    """Seconds from queued to claimed (percentiles), and submissions judged per minute over the judging span."""
    statement = select(Submission.queued_at, Submission.started_at, Submission.finished_at).where(
        Submission.status.in_(FINAL), Submission.queued_at.is_not(None), Submission.started_at.is_not(None)
    )
    with transaction(sessions) as session:
        rows = [(_utc(queued), _utc(started), finished) for queued, started, finished in session.execute(statement)
                if queued is not None and started is not None]  # fmt: skip
    waits = [max((started - queued).total_seconds(), 0.0) for queued, started, _ in rows]
    finished = [_utc(done) for _, _, done in rows if done is not None]
    return QueueWait.of(waits), _per_minute([queued for queued, _, _ in rows], finished)


def _per_minute(queued: list[datetime], finished: list[datetime]) -> float:
    """Judgements finished per minute, from the first one queued to the last one finished."""
    if not queued or not finished or max(finished) <= min(queued):
        return 0.0
    return round(len(finished) / ((max(finished) - min(queued)).total_seconds() / 60), 1)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
