"""Reading and saving people's hours and busy blocks, and turning them into the finder's Availability.

Hours are checked in full (zone, ranges, overlaps, exceptions) before anything is written, so a bad
form never leaves half-saved hours behind.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.accounts.service import is_manager
from vetml.errors import Forbidden, NotFound
from vetml.hiring import audit
from vetml.hiring.models import Candidate
from vetml.interviews.models import Interview
from vetml.scheduling import ics_import
from vetml.scheduling.availability import Availability, Interval, parse_window, weekly_pattern, windows
from vetml.scheduling.models import BusyBlock, WorkingHours
from vetml.scheduling.schemas import BusyImport, HoursInput, HoursView
from vetml.scheduling.zones import utc, zone

WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
STAFF_DEFAULT = {day: ["09:00-17:00"] for day in WORKDAYS}
CANDIDATE_DEFAULT = {day: ["08:00-20:00"] for day in WORKDAYS}
"""Until a candidate says otherwise: weekdays, early to late, with 09:00-17:00 preferred."""
IMPORT_DAYS_BEFORE, IMPORT_DAYS_AFTER = 1, 120


def availability(row: WorkingHours | None, *, zone_name: str, default: dict[str, list[str]]) -> Availability:
    """The finder's view of stored hours (or the defaults), without busy time."""
    weekly = row.weekly if row else default
    exceptions = row.exceptions if row else {}
    return Availability(
        zone=zone_name,
        weekly=weekly_pattern(weekly),
        exceptions={date.fromisoformat(day): windows(ranges, where=day) for day, ranges in exceptions.items()},
        preferred=parse_window(row.preferred) if row else (9 * 60, 17 * 60),
        max_per_day=row.max_per_day if row else 3,
    )


def _checked(data: HoursInput, zone_name: str) -> Availability:
    """Every part of the input parsed once, raising the first problem before anything is saved."""
    zone(zone_name)
    return Availability(
        zone=zone_name,
        weekly=weekly_pattern(data.weekly),
        exceptions={day: windows(ranges, where=day.isoformat()) for day, ranges in data.exceptions.items()},
        preferred=parse_window(data.preferred),
        max_per_day=data.max_per_day,
    )


def _view(row: WorkingHours | None, zone_name: str, default: dict[str, list[str]]) -> HoursView:
    if row is None:
        return HoursView(time_zone=zone_name, weekly=default, exceptions={}, preferred="09:00-17:00", max_per_day=3,
                         stored=False)  # fmt: skip
    return HoursView(time_zone=zone_name, weekly=row.weekly, exceptions=row.exceptions, preferred=row.preferred,
                     max_per_day=row.max_per_day, stored=True)  # fmt: skip


def _save(
    session: Session, row: WorkingHours, data: HoursInput, zone_name: str, *, owner: tuple[str, int],
    actor: User | None, default: dict[str, list[str]],
) -> HoursView:  # fmt: skip
    """Write checked hours into ``row`` and record who changed whose hours."""
    row.weekly = {day: list(ranges) for day, ranges in data.weekly.items() if ranges}
    row.exceptions = {day.isoformat(): list(ranges) for day, ranges in sorted(data.exceptions.items())}
    row.preferred = data.preferred
    row.max_per_day = data.max_per_day
    session.add(row)
    session.flush()
    audit.record(session, entity=owner[0], entity_id=owner[1], action="hours", actor=actor,
                 data={"time_zone": zone_name, "weekly": row.weekly})  # fmt: skip
    return _view(row, zone_name, default)


# Interviewers


def staff_user(session: Session, user_id: int, *, actor: User, action: str) -> User:
    """The user whose hours are read or changed: oneself, or anyone for a manager."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"there is no user {user_id}", hint="Pick one from GET /api/v1/users.")
    if user.id != actor.id and not is_manager(actor):
        raise Forbidden(f"you may not {action} of another user", hint="Change your own, or ask a hiring manager.")
    return user


def user_row(session: Session, user_id: int) -> WorkingHours | None:
    """The stored hours of a user, if any."""
    return session.scalar(select(WorkingHours).where(WorkingHours.user_id == user_id))


def user_hours(session: Session, *, user_id: int, actor: User) -> HoursView:
    """A user's hours (the defaults until they save their own)."""
    user = staff_user(session, user_id, actor=actor, action="read the hours")
    return _view(user_row(session, user.id), user.time_zone, STAFF_DEFAULT)


def set_user_hours(session: Session, *, user_id: int, data: HoursInput, actor: User) -> HoursView:
    """Check, then save a user's hours and zone together."""
    user = staff_user(session, user_id, actor=actor, action="change the hours")
    zone_name = data.time_zone or user.time_zone
    _checked(data, zone_name)
    user.time_zone = zone_name
    row = user_row(session, user.id) or WorkingHours(user_id=user.id)
    return _save(session, row, data, zone_name, owner=("user", user.id), actor=actor, default=STAFF_DEFAULT)


def import_busy(session: Session, *, user_id: int, data: bytes, actor: User, now: datetime | None = None) -> BusyImport:
    """Replace the user's imported busy blocks with those of an .ics file, from yesterday to four months on."""
    user = staff_user(session, user_id, actor=actor, action="import the calendar")
    moment = utc(now or datetime.now(UTC))
    start, end = moment - timedelta(days=IMPORT_DAYS_BEFORE), moment + timedelta(days=IMPORT_DAYS_AFTER)
    blocks = ics_import.busy_blocks(data, zone=user.time_zone, start=start, end=end)
    session.execute(delete(BusyBlock).where(BusyBlock.user_id == user.id, BusyBlock.source == "ics"))
    session.add_all(
        BusyBlock(user_id=user.id, start=block.start, end=block.end, summary=block.summary[:200], source="ics")
        for block in blocks
    )
    session.flush()
    audit.record(session, entity="user", entity_id=user.id, action="busy-import", actor=actor,
                 data={"blocks": len(blocks)})  # fmt: skip
    return BusyImport(imported=len(blocks), window_start=start, window_end=end)


def busy_of(session: Session, user_id: int, start: datetime, end: datetime) -> tuple[Interval, ...]:
    """The user's busy blocks touching [start, end)."""
    rows = session.scalars(
        select(BusyBlock).where(BusyBlock.user_id == user_id, BusyBlock.start < end, BusyBlock.end > start)
    )
    return tuple(sorted((utc(row.start), utc(row.end)) for row in rows))


def bookings_of(
    session: Session, user_id: int, start: datetime, end: datetime, *, except_loop: int | None = None
) -> tuple[Interval, ...]:
    """Interviews the user already runs around [start, end), other than those of ``except_loop``."""
    statement = select(Interview).where(
        Interview.interviewer_id == user_id,
        Interview.status != "cancelled",
        Interview.scheduled_at.is_not(None),
        Interview.scheduled_at < end,
        Interview.scheduled_at > start - timedelta(hours=12),
    )
    if except_loop is not None:
        statement = statement.where(Interview.loop_id != except_loop)
    rows = session.scalars(statement)
    return tuple(sorted((utc(row.scheduled_at), utc(row.scheduled_at) + timedelta(minutes=row.minutes))
                        for row in rows if row.scheduled_at is not None))  # fmt: skip


# Candidates


def candidate_row(session: Session, candidate_id: int) -> WorkingHours | None:
    """The stored hours of a candidate, if any."""
    return session.scalar(select(WorkingHours).where(WorkingHours.candidate_id == candidate_id))


def _candidate(session: Session, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound(f"there is no candidate {candidate_id}")
    return candidate


def candidate_hours(session: Session, *, candidate_id: int) -> HoursView:
    """A candidate's acceptable hours (weekdays 08:00-20:00 in their zone until set)."""
    candidate = _candidate(session, candidate_id)
    return _view(candidate_row(session, candidate.id), candidate.time_zone, CANDIDATE_DEFAULT)


def set_candidate_hours(session: Session, *, candidate_id: int, data: HoursInput, actor: User | None) -> HoursView:
    """Check, then save a candidate's hours and zone (set by staff; the link only shows options)."""
    candidate = _candidate(session, candidate_id)
    zone_name = data.time_zone or candidate.time_zone
    _checked(data, zone_name)
    candidate.time_zone = zone_name
    row = candidate_row(session, candidate.id) or WorkingHours(candidate_id=candidate.id)
    owner = ("candidate", candidate.id)
    return _save(session, row, data, zone_name, owner=owner, actor=actor, default=CANDIDATE_DEFAULT)
