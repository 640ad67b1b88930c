"""The sweeper: work that stayed queued or running past its deadline is sent to the queues again.

A message can be lost (the broker restarted without persistence, the web process died between its
commit and its send, a worker was killed mid-task). The database still says the work is waiting,
so sending it again is always safe: the task bodies do nothing for work that is already done and
take over running work only once its deadline has passed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from vetml.db import transaction
from vetml.interviews import assessments
from vetml.judge.models import Submission, SubmissionStatus
from vetml.tasks.outbox import Dispatcher


@dataclass(frozen=True)
class Sweep:
    """What one sweep sent again."""

    submissions: int
    answers: int

    def as_dict(self) -> dict[str, int]:
        """The counts as JSON."""
        return asdict(self)


def late_submissions(session: Session, *, now: datetime, deadline: timedelta) -> list[str]:
    """Submissions queued (or last sent) before the deadline, or running since before it, oldest first."""
    before = now - deadline
    queued_late = and_(Submission.status == SubmissionStatus.QUEUED.value,
                       func.coalesce(Submission.queued_at, Submission.created_at) < before)  # fmt: skip
    running_late = and_(Submission.status == SubmissionStatus.RUNNING.value, Submission.started_at < before)
    statement = select(Submission.id).where(or_(queued_late, running_late)).order_by(Submission.created_at)
    return list(session.scalars(statement))


def sweep(sessions: sessionmaker[Session], dispatcher: Dispatcher, *, deadline: timedelta) -> Sweep:
    """Send late work again; the send time is recorded so a long backlog is not sent again every sweep."""
    now = datetime.now(UTC)
    with transaction(sessions) as session:
        submissions = late_submissions(session, now=now, deadline=deadline)
        answers = assessments.late_grades(session, handed_in_before=now - deadline)
        if submissions:
            session.execute(
                update(Submission).where(Submission.id.in_(submissions)).values(queued_at=now)
                .execution_options(synchronize_session=False)
            )  # fmt: skip
    if submissions:
        dispatcher.judge(submissions)
    if answers:
        dispatcher.grade(answers)
    return Sweep(submissions=len(submissions), answers=len(answers))
