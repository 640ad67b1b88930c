"""Small builders for scheduling tests: hours written the way people write them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from vetml.scheduling.availability import Availability, Interval, weekly_pattern
from vetml.scheduling.request import LoopRequest, ModuleNeed, Option, Rules

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def hours(zone: str, window: str = "09:00-17:00", *, days: tuple[str, ...] = WEEKDAYS, **extra: object) -> Availability:
    """Someone working ``window`` on ``days`` in ``zone``."""
    return Availability(zone=zone, weekly=weekly_pattern({day: [window] for day in days}), **extra)  # type: ignore[arg-type]


def loop(
    candidate: Availability, interviewers: dict[str, Availability], modules: list[tuple[str, int, list[str]]],
    first: date, last: date, *, rules: Rules | None = None, not_before: datetime | None = None,
) -> LoopRequest:  # fmt: skip
    """A request whose 'now' is the start of the first day unless given."""
    return LoopRequest(
        modules=tuple(ModuleNeed(name, minutes, tuple(names)) for name, minutes, names in modules),
        candidate=candidate, interviewers=interviewers, first_day=first, last_day=last,
        not_before=not_before or datetime.combine(first, datetime.min.time(), UTC) - timedelta(days=1),
        rules=rules or Rules(),
    )  # fmt: skip


def inside_hours(person: Availability, start: datetime, end: datetime) -> bool:
    """Whether [start, end) lies in one of the person's windows, judged on their own wall clock."""
    tz = ZoneInfo(person.zone)
    first = start.astimezone(tz)
    last = (end - timedelta(minutes=1)).astimezone(tz)
    if first.date() != last.date():
        return False
    begin = first.hour * 60 + first.minute
    finish = last.hour * 60 + last.minute
    return any(low <= begin and finish < high for low, high in person.windows_on(first.date()))


def overlaps(start: datetime, end: datetime, blocks: tuple[Interval, ...], padding: timedelta = timedelta()) -> bool:
    """Whether [start, end) touches any block widened by ``padding``."""
    return any(start < block_end + padding and block_start - padding < end for block_start, block_end in blocks)


def local(option: Option, zone: str) -> list[str]:
    """Each session's start as 'Tue 09:15' in ``zone``."""
    return [session.start.astimezone(ZoneInfo(zone)).strftime("%a %H:%M") for session in option.sessions]
