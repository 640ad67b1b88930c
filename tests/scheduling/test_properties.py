"""Properties of every proposal, over random zones, hours, calendars and dates around DST changes.

The checks are made independently of the finder: each session is read back on each participant's
own wall clock (zoneinfo, UTC to local, which is never ambiguous) and compared with their hours.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vetml.scheduling.availability import Availability
from vetml.scheduling.finder import propose
from vetml.scheduling.request import LoopRequest, ModuleNeed, Rules

from .helpers import inside_hours, overlaps

# Zones with DST changes, odd offsets and the date line, mixed with any zone the database knows.
NOTABLE = (
    "Europe/London", "America/New_York", "America/Sao_Paulo", "Australia/Sydney", "Australia/Lord_Howe",
    "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham", "Pacific/Kiritimati", "Pacific/Pago_Pago",
    "America/St_Johns", "Asia/Tehran", "Africa/Casablanca", "Europe/Berlin", "UTC",
)  # fmt: skip
ALL_ZONES = sorted(available_timezones())
zones = st.one_of(st.sampled_from(NOTABLE), st.sampled_from(ALL_ZONES))
# Start dates a few days before the usual spring and autumn changes, or anywhere in 2026-2034.
first_days = st.one_of(
    st.builds(date, st.integers(2026, 2034), st.sampled_from([3, 4, 9, 10, 11]), st.integers(1, 28)),
    st.dates(date(2026, 1, 1), date(2034, 12, 31)),
)  # fmt: skip


@st.composite
def windows(draw: st.DrawFn) -> tuple[tuple[int, int], ...]:
    """One or two quarter-hour windows in a day."""
    start = draw(st.integers(0, 80)) * 15
    length = draw(st.integers(4, 40)) * 15
    first = (start, min(start + length, 1440))
    if draw(st.booleans()) and first[1] <= 1380:
        second_start = draw(st.integers(first[1] // 15 + 1, 95)) * 15
        return first, (second_start, min(second_start + draw(st.integers(2, 24)) * 15, 1440))
    return (first,)


@st.composite
def people(draw: st.DrawFn, first_day: date) -> Availability:
    """Someone with random hours on random weekdays, busy blocks and bookings near the range."""
    weekly = tuple(draw(windows()) if draw(st.integers(0, 6)) else () for _ in range(7))
    origin = datetime.combine(first_day, datetime.min.time(), UTC)
    blocks = draw(st.lists(st.tuples(st.integers(-24, 8 * 24 * 4), st.integers(1, 16)), max_size=8))
    intervals = tuple((origin + timedelta(minutes=15 * a), origin + timedelta(minutes=15 * (a + b))) for a, b in blocks)
    split = draw(st.integers(0, len(intervals)))
    return Availability(
        zone=draw(zones), weekly=weekly, busy=intervals[:split], bookings=intervals[split:],
        max_per_day=draw(st.integers(1, 3)),
    )  # fmt: skip


@st.composite
def requests(draw: st.DrawFn) -> LoopRequest:
    """A loop of 1-4 modules, 1-6 interviewers, a candidate and 1-8 days."""
    first_day = draw(first_days)
    interviewers = {f"i{index}": draw(people(first_day)) for index in range(draw(st.integers(1, 6)))}
    names = sorted(interviewers)
    modules = tuple(
        ModuleNeed(f"m{index}", draw(st.sampled_from([30, 45, 60, 90])),
                   tuple(draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))))
        for index in range(draw(st.integers(1, 4)))
    )  # fmt: skip
    candidate = draw(people(first_day))
    rules = Rules(break_minutes=draw(st.sampled_from([0, 15, 30])), max_days=draw(st.integers(1, 3)),
                  distinct_interviewers=draw(st.booleans()))  # fmt: skip
    return LoopRequest(
        modules=modules, candidate=candidate, interviewers=interviewers, first_day=first_day,
        last_day=first_day + timedelta(days=draw(st.integers(0, 7))),
        not_before=datetime.combine(first_day, datetime.min.time(), UTC) + timedelta(hours=draw(st.integers(-48, 30))),
        rules=rules,
    )  # fmt: skip


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(requests())
def test_every_session_lies_inside_everyones_hours(request: LoopRequest) -> None:
    for option in propose(request).options:
        for session in option.sessions:
            assert inside_hours(request.candidate, session.start, session.end)
            assert inside_hours(request.interviewers[session.interviewer], session.start, session.end)
            candidate_day = session.start.astimezone(ZoneInfo(request.candidate.zone)).date()
            assert request.first_day <= candidate_day <= request.last_day
            assert session.start >= request.not_before


@SETTINGS
@given(requests())
def test_nobody_is_double_booked(request: LoopRequest) -> None:
    padding = timedelta(minutes=request.rules.break_minutes)
    for option in propose(request).options:
        interviewers = [session.interviewer for session in option.sessions]
        if request.rules.distinct_interviewers:
            assert len(interviewers) == len(set(interviewers))
        ordered = sorted(option.sessions, key=lambda session: session.start)
        for before, after in itertools.pairwise(ordered):
            assert after.start >= before.end + padding
        for session in option.sessions:
            person = request.interviewers[session.interviewer]
            for someone in (person, request.candidate):
                assert not overlaps(session.start, session.end, someone.busy)
            assert not overlaps(session.start, session.end, person.bookings, padding)
            local_day = session.start.astimezone(ZoneInfo(person.zone)).date()
            mine = tuple(
                (other.start, other.end) for other in option.sessions if other.interviewer == session.interviewer
            )
            already = _on_day(person.bookings, person.zone, local_day)
            assert already + _on_day(mine, person.zone, local_day) <= person.max_per_day


@SETTINGS
@given(requests())
def test_every_module_once_within_the_allowed_days_or_a_reason(request: LoopRequest) -> None:
    proposal = propose(request)
    assert bool(proposal.options) != bool(proposal.reasons)
    for option in proposal.options:
        assert sorted(session.module for session in option.sessions) == sorted(m.name for m in request.modules)
        days = {session.start.astimezone(ZoneInfo(request.candidate.zone)).date() for session in option.sessions}
        assert option.days == len(days) <= request.rules.max_days
        for session in option.sessions:
            module = next(m for m in request.modules if m.name == session.module)
            assert session.interviewer in module.interviewers
            assert session.end - session.start >= timedelta(minutes=module.minutes)


def _on_day(blocks: tuple[tuple[datetime, datetime], ...], zone: str, day: date) -> int:
    """How many blocks start on ``day`` in ``zone``."""
    return sum(1 for start, _end in blocks if start.astimezone(ZoneInfo(zone)).date() == day)
