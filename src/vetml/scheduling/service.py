"""Proposals for a loop: search from stored hours, offer through a signed link, book the pick, cancel.

The finder works on plain data; this module gathers that data from the database (hours, busy blocks,
interviews already booked elsewhere), stores the options as UTC sessions with user ids, and on booking
checks each session again, because someone else may have booked the same interviewer meanwhile.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.accounts.service import is_manager
from vetml.config import Settings
from vetml.errors import Conflict, Forbidden, Gone, InvalidInput, NotFound
from vetml.hiring import audit
from vetml.interviews.models import Interview, Loop
from vetml.interviews.service import plan_of
from vetml.scheduling import hours
from vetml.scheduling.availability import Availability, free_intervals
from vetml.scheduling.finder import propose as find
from vetml.scheduling.models import ScheduleProposal, WorkingHours
from vetml.scheduling.request import LoopRequest, ModuleNeed, Option, Rules
from vetml.scheduling.schemas import OptionView, ProposalCreate, ProposalView, SessionView
from vetml.scheduling.zones import local_label, utc

SALT = "vetml-schedule"
LINK_GONE = "Ask your recruiter for a new scheduling link."


def _now() -> datetime:
    return datetime.now(UTC)


def _require_manager(user: User, action: str) -> None:
    if not is_manager(user):
        raise Forbidden(f"only hiring managers and admins may {action}", hint="Ask the loop's hiring manager.")


# Building the finder's request from the database


def _eligible(session: Session, loop: Loop, data: ProposalCreate) -> dict[str, list[User]]:
    """Eligible users per module: as asked, or every active interviewer and anyone else with saved hours."""
    modules = [planned.module.value for planned in plan_of(loop).modules]
    if data.interviewers is None:
        with_hours = select(WorkingHours.user_id).where(WorkingHours.user_id.is_not(None))
        rows = session.scalars(
            select(User).where(User.active, (User.role == "interviewer") | User.id.in_(with_hours)).order_by(User.id)
        )
        everyone = list(rows)
        return dict.fromkeys(modules, everyone)
    unknown = sorted(set(data.interviewers) - set(modules))
    if unknown:
        raise InvalidInput(f"the loop has no {unknown[0]!r} module", hint=f"Use one of: {', '.join(modules)}.")
    eligible: dict[str, list[User]] = {}
    for module in modules:
        eligible[module] = [_active_user(session, user_id) for user_id in data.interviewers.get(module, [])]
    return eligible


def _active_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise InvalidInput(f"there is no active user {user_id}", hint="Pick interviewers from GET /api/v1/users.")
    return user


def _key(user: User) -> str:
    """How an interviewer is named inside the finder and its flags: their name, made unique by id."""
    return f"{user.name} #{user.id}"


def build_request(session: Session, *, loop: Loop, data: ProposalCreate, now: datetime) -> LoopRequest:
    """The finder's request for ``loop``, with everyone's hours, busy blocks and other bookings."""
    eligible = _eligible(session, loop, data)
    minutes = {planned.module.value: planned.minutes for planned in plan_of(loop).modules}
    start, end = now - timedelta(days=1), now + timedelta(days=(data.last_day - now.date()).days + 3)
    people = {user.id: user for users in eligible.values() for user in users}
    interviewers = {_key(user): _interviewer(session, user, start, end, loop.id) for user in people.values()}
    candidate = loop.candidate
    return LoopRequest(
        modules=tuple(ModuleNeed(module, minutes[module], tuple(_key(user) for user in users))
                      for module, users in eligible.items()),
        candidate=hours.availability(hours.candidate_row(session, candidate.id), zone_name=candidate.time_zone,
                                     default=hours.CANDIDATE_DEFAULT),
        interviewers=interviewers, first_day=data.first_day, last_day=data.last_day, not_before=now,
        rules=Rules(break_minutes=data.break_minutes, max_gap_minutes=data.max_gap_minutes, max_days=data.max_days,
                    options=data.options, distinct_interviewers=data.distinct_interviewers),
    )  # fmt: skip


def _interviewer(session: Session, user: User, start: datetime, end: datetime, loop_id: int) -> Availability:
    base = hours.availability(hours.user_row(session, user.id), zone_name=user.time_zone, default=hours.STAFF_DEFAULT)
    return Availability(
        zone=base.zone, weekly=base.weekly, exceptions=base.exceptions, preferred=base.preferred,
        max_per_day=base.max_per_day, busy=hours.busy_of(session, user.id, start, end),
        bookings=hours.bookings_of(session, user.id, start, end, except_loop=loop_id),
    )  # fmt: skip


# Proposals


def create(
    session: Session, *, loop: Loop, data: ProposalCreate, actor: User, now: datetime | None = None
) -> ScheduleProposal:
    """Search, store the options (or the reasons) and open the candidate's link."""
    _require_manager(actor, "propose interview times")
    moment = utc(now or _now())
    _check_dates(data, moment)
    request = build_request(session, loop=loop, data=data, now=moment)
    result = find(request)
    ids = {_key(user): user.id for users in _eligible(session, loop, data).values() for user in users}
    proposal = ScheduleProposal(
        loop_id=loop.id, request=data.model_dump(mode="json"),
        options=[_stored(option, ids) for option in result.options],
        reasons=list(result.reasons), nonce=secrets.token_urlsafe(32), created_by_id=actor.id, created_at=moment,
        expires_at=moment + timedelta(days=data.valid_days),
    )  # fmt: skip
    session.add(proposal)
    session.flush()
    audit.record(session, entity="loop", entity_id=loop.id, action="schedule-proposed", actor=actor,
                 data={"proposal_id": proposal.id, "options": len(result.options)})  # fmt: skip
    return proposal


def _check_dates(data: ProposalCreate, now: datetime) -> None:
    """Dates in the past, reversed or beyond a year are refused before anything is searched."""
    if data.last_day < data.first_day:
        raise InvalidInput(f"the last day ({data.last_day}) is before the first ({data.first_day})",
                           hint="Give the first day, then a last day on or after it.")  # fmt: skip
    if data.last_day < now.date() - timedelta(days=1):
        raise InvalidInput(f"the dates ({data.first_day} to {data.last_day}) are in the past", hint="Pick later dates.")
    if (data.last_day - data.first_day).days > 62:
        raise InvalidInput("the date range is longer than 9 weeks", hint="Search at most 63 days at a time.")
    if data.first_day > now.date() + timedelta(days=365):
        raise InvalidInput(f"{data.first_day} is more than a year away", hint="Schedule within the next 12 months.")


def _stored(option: Option, ids: dict[str, int]) -> dict[str, Any]:
    return {
        "days": option.days, "candidate_inconvenience": option.candidate_inconvenience,
        "panel_inconvenience": option.panel_inconvenience, "flags": list(option.flags),
        "sessions": [{"module": item.module, "interviewer_id": ids[item.interviewer], "start": item.start.isoformat(),
                      "end": item.end.isoformat()} for item in option.sessions],
    }  # fmt: skip


def get(session: Session, proposal_id: int, *, actor: User) -> ScheduleProposal:
    """A proposal, for managers."""
    _require_manager(actor, "see scheduling proposals")
    proposal = session.get(ScheduleProposal, proposal_id)
    if proposal is None:
        raise NotFound(f"there is no scheduling proposal {proposal_id}")
    return proposal


def latest_for_loop(session: Session, loop_id: int) -> ScheduleProposal | None:
    """The loop's newest proposal, if any."""
    statement = select(ScheduleProposal).where(ScheduleProposal.loop_id == loop_id)
    return session.scalar(statement.order_by(ScheduleProposal.id.desc()).limit(1))


def view(
    session: Session, proposal: ScheduleProposal, *, settings: Settings, zone_name: str | None = None
) -> ProposalView:
    """The proposal with every time in the candidate's zone (or ``zone_name``) and each interviewer's."""
    shown = zone_name or proposal.loop.candidate.time_zone
    users = {user.id: user for user in session.scalars(select(User).where(User.id.in_(_user_ids(proposal))))}
    options = [_option_view(index, option, users, shown) for index, option in enumerate(proposal.options)]
    return ProposalView(
        id=proposal.id, loop_id=proposal.loop_id, status=proposal.status, options=options, reasons=proposal.reasons,
        chosen=proposal.chosen, link=f"/schedule/{link_token(settings, proposal)}", expires_at=utc(proposal.expires_at),
        version=proposal.version,
    )  # fmt: skip


def _user_ids(proposal: ScheduleProposal) -> set[int]:
    return {item["interviewer_id"] for option in proposal.options for item in option["sessions"]}


def _option_view(index: int, option: dict[str, Any], users: dict[int, User], shown: str) -> OptionView:
    sessions = []
    for item in option["sessions"]:
        user, start = users[item["interviewer_id"]], datetime.fromisoformat(item["start"])
        sessions.append(SessionView(
            module=item["module"], interviewer_id=user.id, interviewer=user.name, start=start,
            end=datetime.fromisoformat(item["end"]), candidate_time=local_label(start, shown),
            interviewer_time=local_label(start, user.time_zone),
        ))  # fmt: skip
    return OptionView(
        index=index, days=option["days"], sessions=sessions, flags=option["flags"],
        candidate_inconvenience_minutes=option["candidate_inconvenience"],
        panel_inconvenience_minutes=option["panel_inconvenience"],
    )  # fmt: skip


# The candidate's link


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.signing_key(), salt=SALT)


def link_token(settings: Settings, proposal: ScheduleProposal) -> str:
    """The signed token of the candidate's page ``/schedule/{token}``."""
    return str(_serializer(settings).dumps({"p": proposal.id, "n": proposal.nonce}))


def by_token(session: Session, *, settings: Settings, token: str, now: datetime | None = None) -> ScheduleProposal:
    """The proposal behind a link: 404 when forged, 410 when cancelled or expired (a booked one stays readable)."""
    try:
        payload = _serializer(settings).loads(token)
    except BadSignature as error:
        raise NotFound("this scheduling link is not valid", hint=LINK_GONE) from error
    proposal = session.get(ScheduleProposal, payload.get("p")) if isinstance(payload, dict) else None
    if proposal is None or not secrets.compare_digest(proposal.nonce, str(payload.get("n"))):
        raise NotFound("this scheduling link is not valid", hint=LINK_GONE)
    if proposal.status in ("cancelled", "replaced"):
        raise Gone("this scheduling link was withdrawn", hint=LINK_GONE)
    if proposal.status == "open" and utc(now or _now()) >= utc(proposal.expires_at):
        raise Gone("this scheduling link has expired", hint=LINK_GONE)
    return proposal


@dataclass(frozen=True)
class Booking:
    """What a pick changed: the interviews now booked, and who was taken off a moved interview."""

    interviews: list[Interview]
    replaced_interviewers: list[tuple[Interview, User]]


def book(session: Session, *, proposal: ScheduleProposal, option: int, now: datetime | None = None) -> Booking:
    """Book option ``option``: check each session is still free, then create or move the loop's interviews."""
    if proposal.status != "open":
        raise Conflict("these interviews are already booked", hint="Ask your recruiter to move them if you need to.")
    if not 0 <= option < len(proposal.options):
        raise InvalidInput(f"there is no option {option + 1}", hint=f"Pick 1 to {len(proposal.options)}.")
    moment = utc(now or _now())
    chosen = proposal.options[option]
    _lock_interviewers(session, chosen)
    _check_still_free(session, proposal, chosen, moment)
    results = [_book_session(session, proposal.loop, item) for item in chosen["sessions"]]
    booked = [interview for interview, _previous in results]
    replaced = [(interview, previous) for interview, previous in results if previous is not None]
    proposal.status, proposal.chosen, proposal.booked_at = "booked", option, moment
    _replace_earlier_bookings(session, proposal)
    session.flush()
    data = {"proposal_id": proposal.id, "option": option, "interviews": [row.id for row in booked]}
    audit.record(session, entity="loop", entity_id=proposal.loop_id, action="schedule-booked", actor=None, data=data)
    return Booking(interviews=booked, replaced_interviewers=replaced)


def _lock_interviewers(session: Session, chosen: dict[str, Any]) -> None:
    """Hold the option's interviewers until this booking commits, so two picks cannot take the same hour.

    PostgreSQL makes a second booking of the same people wait here and then re-check against the first
    one's interviews; the lock is taken in id order so two bookings cannot deadlock.
    """
    ids = sorted({int(item["interviewer_id"]) for item in chosen["sessions"]})
    session.execute(select(User.id).where(User.id.in_(ids)).order_by(User.id).with_for_update())


def _replace_earlier_bookings(session: Session, proposal: ScheduleProposal) -> None:
    """A new pick moves the loop's interviews, so an earlier booked proposal no longer describes them."""
    earlier = select(ScheduleProposal).where(
        ScheduleProposal.loop_id == proposal.loop_id, ScheduleProposal.id != proposal.id,
        ScheduleProposal.status == "booked",
    )  # fmt: skip
    for row in session.scalars(earlier):
        row.status = "replaced"


def _check_still_free(session: Session, proposal: ScheduleProposal, chosen: dict[str, Any], now: datetime) -> None:
    for item in chosen["sessions"]:
        start, end = datetime.fromisoformat(item["start"]), datetime.fromisoformat(item["end"])
        user = session.get(User, item["interviewer_id"])
        if start < now or user is None or not user.active:
            raise Conflict("this option is no longer available", hint="Pick another option, or ask for new times.")
        person = _interviewer(session, user, start - timedelta(days=1), end + timedelta(days=1), proposal.loop_id)
        padding = timedelta(minutes=int(proposal.request.get("break_minutes", 15)))
        free = free_intervals(person, start - timedelta(hours=1), end + timedelta(hours=1), padding=padding)
        if not any(low <= start and end <= high for low, high in free):
            raise Conflict(
                f"{user.name} was booked or became busy at that time since these options were made",
                hint="Pick another option, or ask your recruiter for new times.",
            )


def _book_session(session: Session, loop: Loop, item: dict[str, Any]) -> tuple[Interview, User | None]:
    """Move the loop's interview of that module (raising its invite's sequence), or create it; with the
    interviewer taken off it, if the move changed who runs it."""
    start = datetime.fromisoformat(item["start"])
    minutes = int((datetime.fromisoformat(item["end"]) - start).total_seconds() // 60)
    existing = session.scalar(
        select(Interview).where(Interview.loop_id == loop.id, Interview.module == item["module"],
                                Interview.status != "cancelled").order_by(Interview.id).limit(1)
    )  # fmt: skip
    if existing is None:
        existing = Interview(loop_id=loop.id, module=item["module"], minutes=minutes, invite_sequence=0)
        session.add(existing)
    previous = None
    if existing.scheduled_at is not None:
        existing.invite_sequence += 1
        previous = existing.interviewer if existing.interviewer_id != item["interviewer_id"] else None
    existing.interviewer_id, existing.scheduled_at, existing.minutes = item["interviewer_id"], start, minutes
    existing.status = "scheduled"
    session.flush()
    session.refresh(existing, ["interviewer"])
    return existing, previous


def cancel(session: Session, *, proposal: ScheduleProposal, actor: User, reason: str = "") -> list[Interview]:
    """Withdraw the link; if it was booked, cancel those interviews (their invites go out as cancellations)."""
    _require_manager(actor, "cancel scheduled interviews")
    if proposal.status in ("cancelled", "replaced"):
        raise Conflict(f"scheduling proposal {proposal.id} is already {proposal.status}")
    cancelled: list[Interview] = []
    if proposal.status == "booked" and proposal.chosen is not None:
        modules = {item["module"] for item in proposal.options[proposal.chosen]["sessions"]}
        statement = select(Interview).where(
            Interview.loop_id == proposal.loop_id, Interview.module.in_(modules), Interview.status == "scheduled"
        )
        rows = session.scalars(statement)
        for row in rows:
            row.status, row.invite_sequence = "cancelled", row.invite_sequence + 1
            cancelled.append(row)
    proposal.status = "cancelled"
    session.flush()
    data = {"proposal_id": proposal.id, "interviews": [row.id for row in cancelled]}
    audit.record(session, entity="loop", entity_id=proposal.loop_id, action="schedule-cancelled", actor=actor,
                 reason=reason, data=data)  # fmt: skip
    return cancelled
