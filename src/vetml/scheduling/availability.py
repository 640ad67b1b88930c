"""When someone can meet: a weekly pattern of local hours, dated exceptions and busy blocks.

Hours are written in the person's own zone because that is how people think about them ("Mon-Fri
09:00-17:30"); ``free_intervals`` turns them into UTC intervals date by date, so a daylight-saving
change moves the UTC hours and never the local ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import TypeAlias
from zoneinfo import ZoneInfo

from vetml.errors import InvalidInput
from vetml.scheduling.zones import utc, zone

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MINUTES = 24 * 60

Window: TypeAlias = tuple[int, int]
"""Minutes after local midnight: start inclusive, end exclusive (1440 is midnight at the end of the day)."""
Interval: TypeAlias = tuple[datetime, datetime]
"""Aware UTC instants, start inclusive, end exclusive."""


@dataclass(frozen=True)
class Availability:
    """One person's hours in their own zone, with the days that differ and the time already taken."""

    zone: str
    weekly: tuple[tuple[Window, ...], ...]
    exceptions: dict[date, tuple[Window, ...]] = field(default_factory=dict)
    busy: tuple[Interval, ...] = ()
    preferred: Window = (9 * 60, 17 * 60)
    max_per_day: int = 3
    bookings: tuple[Interval, ...] = ()

    def windows_on(self, day: date) -> tuple[Window, ...]:
        """The local windows of one calendar date: its exception if it has one, else the weekly pattern."""
        return self.exceptions.get(day, self.weekly[day.weekday()])


def parse_window(text: str) -> Window:
    """``"09:00-17:30"`` as minutes, refusing an end that is not after the start."""
    parts = text.replace("–", "-").split("-")
    if len(parts) != 2:
        raise InvalidInput(f"{text!r} is not a time range", hint="Write it as HH:MM-HH:MM, e.g. 09:00-17:30.")
    start, end = (_minutes(part, text) for part in parts)
    if end <= start:
        raise InvalidInput(
            f"{text!r} ends before it starts",
            hint="Split hours that pass midnight into two days, e.g. 22:00-24:00 and 00:00-02:00.",
        )
    return start, end


def _minutes(part: str, whole: str) -> int:
    hours, _, minutes = part.strip().partition(":")
    if not (hours.isdigit() and (minutes.isdigit() or minutes == "")):
        raise InvalidInput(f"{whole!r} has a time {part.strip()!r} that is not HH:MM", hint="Use 24-hour HH:MM.")
    value = int(hours) * 60 + int(minutes or 0)
    if int(minutes or 0) >= 60 or value > DAY_MINUTES:
        raise InvalidInput(f"{whole!r} has a time {part.strip()!r} outside the day", hint="Use 00:00 to 24:00.")
    return value


def windows(texts: list[str], *, where: str) -> tuple[Window, ...]:
    """Several ranges of one day, sorted; overlapping ranges are refused so nobody's hours are guessed."""
    parsed = sorted(parse_window(text) for text in texts)
    for (_, first_end), (second_start, _) in pairwise(parsed):
        if second_start < first_end:
            raise InvalidInput(
                f"the hours of {where} overlap ({', '.join(texts)})",
                hint="Merge the overlapping ranges into one, e.g. 09:00-12:00 and 11:00-15:00 as 09:00-15:00.",
            )
    return tuple(parsed)


def weekly_pattern(days: dict[str, list[str]]) -> tuple[tuple[Window, ...], ...]:
    """``{"mon": ["09:00-17:00"], ...}`` as seven tuples of windows; days left out are days off."""
    unknown = sorted(set(days) - set(WEEKDAYS))
    if unknown:
        raise InvalidInput(f"unknown weekday {unknown[0]!r}", hint=f"Use {', '.join(WEEKDAYS)}.")
    return tuple(windows(days.get(name, []), where=name) for name in WEEKDAYS)


def to_utc(day: date, minute: int, tz: ZoneInfo) -> datetime:
    """The instant a local wall-clock time happens; a time skipped by a DST jump maps to the jump itself."""
    naive = datetime.combine(day, time()) + timedelta(minutes=minute)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first
    second = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    low, high = sorted((first, second))
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return high.replace(second=0, microsecond=0)


def local_intervals(person: Availability, start: datetime, end: datetime) -> list[Interval]:
    """The person's working hours between two instants, as UTC intervals, before busy time is removed."""
    tz = zone(person.zone)
    first_day = utc(start).astimezone(tz).date() - timedelta(days=1)
    last_day = utc(end).astimezone(tz).date() + timedelta(days=1)
    found: list[Interval] = []
    day = first_day
    while day <= last_day:
        for window_start, window_end in person.windows_on(day):
            found.append((to_utc(day, window_start, tz), to_utc(day, window_end, tz)))
        day += timedelta(days=1)
    return _clip(_merge(found), utc(start), utc(end))


def free_intervals(person: Availability, start: datetime, end: datetime, *, padding: timedelta) -> list[Interval]:
    """Working hours minus busy blocks and bookings (bookings padded by the break people need between them)."""
    taken = [(utc(a), utc(b)) for a, b in person.busy]
    taken += [(utc(a) - padding, utc(b) + padding) for a, b in person.bookings]
    return subtract(local_intervals(person, start, end), _merge(taken))


def subtract(intervals: list[Interval], taken: list[Interval]) -> list[Interval]:
    """``intervals`` with every part that ``taken`` covers cut out; both sorted and merged."""
    result: list[Interval] = []
    for start, end in intervals:
        cursor = start
        for taken_start, taken_end in taken:
            if taken_end <= cursor or taken_start >= end:
                continue
            if taken_start > cursor:
                result.append((cursor, taken_start))
            cursor = max(cursor, taken_end)
        if cursor < end:
            result.append((cursor, end))
    return result


def _merge(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return merged


def _clip(intervals: list[Interval], start: datetime, end: datetime) -> list[Interval]:
    return [(max(a, start), min(b, end)) for a, b in intervals if b > start and a < end]


def expand_days(spec: str) -> list[str]:
    """``"mon-fri"`` as the days it covers; a range runs forward through the week, so ``sun-thu`` works."""
    parts = [part.strip().lower()[:3] for part in spec.split("-")]
    if len(parts) > 2 or any(part not in WEEKDAYS for part in parts):
        raise InvalidInput(f"{spec!r} is not a weekday or a range of them", hint="Use e.g. mon, mon-fri or sun-thu.")
    first, last = WEEKDAYS.index(parts[0]), WEEKDAYS.index(parts[-1])
    return [WEEKDAYS[(first + step) % 7] for step in range((last - first) % 7 + 1)]
