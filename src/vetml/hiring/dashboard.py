"""What the dashboard shows a staff user: the hiring requests still in play and what waits on them.

"Waiting on me" is per person: an interviewer's upcoming interviews and the finished ones still
missing their scorecard; for managers, the candidates whose loop is at the debrief. Everything is
read through the same visibility rules as the rest of hiring, so the dashboard shows nobody more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.accounts.service import is_manager
from vetml.hiring import service
from vetml.hiring.models import Candidate, HiringRequest
from vetml.hiring.schemas import RequestStatus, Stage
from vetml.interviews.loop_schemas import InterviewStatus
from vetml.interviews.models import Interview, Loop, Scorecard

ACTIVE = (RequestStatus.DRAFT.value, RequestStatus.OPEN.value, RequestStatus.ON_HOLD.value)


@dataclass(frozen=True)
class RequestSummary:
    """A hiring request and how many of the candidates the viewer may see sit in each stage."""

    request: HiringRequest
    counts: dict[str, int]

    @property
    def out(self) -> int:
        """Rejected and withdrawn together."""
        return sum(self.counts.get(stage.value, 0) for stage in service.EXITS)


@dataclass(frozen=True)
class DebriefDue:
    """A candidate at the debrief stage and their loop, if one was planned."""

    candidate: Candidate
    loop_id: int | None


@dataclass(frozen=True)
class WaitingOnMe:
    """What the viewer should act on next."""

    upcoming: list[Interview] = field(default_factory=list)
    unscored: list[Interview] = field(default_factory=list)
    debriefs: list[DebriefDue] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing waits on the viewer."""
        return not (self.upcoming or self.unscored or self.debriefs)


def active_requests(session: Session, *, viewer: User) -> list[RequestSummary]:
    """Requests in draft, open or on hold that ``viewer`` may see, newest first, with stage counts."""
    statement = service.visible_requests(viewer).where(HiringRequest.status.in_(ACTIVE))
    rows = list(session.scalars(statement.order_by(HiringRequest.id.desc())))
    counts = service.stage_counts(session, [row.id for row in rows], viewer=viewer)
    return [RequestSummary(request=row, counts=counts[row.id]) for row in rows]


def waiting_on(session: Session, *, user: User, now: datetime | None = None) -> WaitingOnMe:
    """The user's upcoming interviews, finished interviews without their scorecard, and (managers) debriefs."""
    now = now or datetime.now(UTC)
    mine = select(Interview).where(
        Interview.interviewer_id == user.id, Interview.status != InterviewStatus.CANCELLED.value
    )
    interviews = list(session.scalars(mine))
    scored = set(session.scalars(select(Scorecard.interview_id).where(Scorecard.interviewer_id == user.id)))
    unscored = [row for row in interviews if row.id not in scored and _finished(row, now)]
    upcoming = [row for row in interviews if row.id not in scored and not _finished(row, now)]
    debriefs = _debriefs(session, user) if is_manager(user) else []
    return WaitingOnMe(upcoming=sorted(upcoming, key=_when), unscored=sorted(unscored, key=_when), debriefs=debriefs)


def _utc(moment: datetime) -> datetime:
    """SQLite returns stored UTC times without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _finished(interview: Interview, now: datetime) -> bool:
    """Marked completed, or its scheduled time is over."""
    if interview.status == InterviewStatus.COMPLETED.value:
        return True
    if interview.scheduled_at is None:
        return False
    return _utc(interview.scheduled_at) + timedelta(minutes=interview.minutes) <= now


def _when(interview: Interview) -> tuple[bool, datetime, int]:
    """Soonest first; interviews without a time yet go last."""
    start = _utc(interview.scheduled_at) if interview.scheduled_at else datetime.max.replace(tzinfo=UTC)
    return (interview.scheduled_at is None, start, interview.id)


def _debriefs(session: Session, user: User) -> list[DebriefDue]:
    statement = service.visible_candidates(user).where(Candidate.stage == Stage.DEBRIEF.value)
    candidates = list(session.scalars(statement.order_by(Candidate.updated_at, Candidate.id)))
    ids = [candidate.id for candidate in candidates]
    rows = session.execute(select(Loop.candidate_id, Loop.id).where(Loop.candidate_id.in_(ids)))
    loops = {row.candidate_id: row.id for row in rows}
    return [DebriefDue(candidate=candidate, loop_id=loops.get(candidate.id)) for candidate in candidates]
