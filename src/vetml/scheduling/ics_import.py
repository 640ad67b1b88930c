"""Busy time from an uploaded calendar export (.ics): the blocks a person cannot be interviewed in.

The file comes from a person, so it is treated as hostile: its size is capped, a repeating event is only
expanded inside the asked window, and a rule that would take too long or produce too many blocks is
refused before it is expanded. Every problem is an ``InvalidInput`` saying what to change in the export.
"""

from __future__ import annotations

import math
from calendar import isleap, monthrange
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import recurring_ical_events
from icalendar import Calendar

from vetml.errors import InvalidInput, PayloadTooLarge
from vetml.scheduling.zones import zone as find_zone

MAX_ICS_BYTES = 2 * 1024 * 1024
MAX_BLOCKS = 5_000
# Expanding a rule walks every period from its DTSTART, so an hourly rule from 1990 is slow even for one
# week; about half a million steps take around a second.
MAX_RULE_STEPS = 500_000
EXPORT_HINT = "Export the calendar again from your calendar app (a date range of the coming weeks is enough)."
_PERIOD_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3_600,
    "DAILY": 86_400,
    "WEEKLY": 7 * 86_400,
    "MONTHLY": 28 * 86_400,  # the shortest month, so the number of periods is never underestimated
    "YEARLY": 365 * 86_400,
}
_FREQ_RANK = {name: rank for rank, name in enumerate(_PERIOD_SECONDS)}
# A BY part adds occurrences to each period only when its unit is finer than the frequency (RFC 5545
# 3.3.10's table); otherwise it filters. The factor is how many occurrences one value can add per period.
_EXPANDS_ABOVE = {
    "BYSECOND": (0, 1),
    "BYMINUTE": (1, 1),
    "BYHOUR": (2, 1),
    "BYDAY": (3, 1),
    "BYMONTHDAY": (4, 1),
    "BYYEARDAY": (5, 1),
    "BYWEEKNO": (5, 7),
    "BYMONTH": (5, 31),
}
_WEEKDAYS_IN = {"MONTHLY": 5, "YEARLY": 53}
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class BusyBlock:
    """A span someone is busy, as aware UTC instants with ``end > start``."""

    start: datetime
    end: datetime
    summary: str


def busy_blocks(data: bytes, *, zone: str, start: datetime, end: datetime) -> list[BusyBlock]:
    """The merged busy blocks of an .ics file inside [start, end); floating and all-day times are in ``zone``."""
    local = find_zone(zone)
    window = _window(start, end)
    calendars = _parse(_text(data))
    # icalendar types a property as a union of ~30 value classes, so components are handled as Any here
    # and every value is checked where it is read.
    events: list[Any] = [event for calendar in calendars for event in calendar.walk("VEVENT")]
    if not events:
        raise InvalidInput("the calendar file has no events (no VEVENT)", hint=EXPORT_HINT)
    for event in events:
        _check_event(event, local)
    _separate_shared_uids(events)
    _check_rule_cost(events, local, window)
    for event in events:
        _drop_rules_that_miss_the_window(event, local, window)
    occurrences = _occurrences(calendars, local, window, estimate=_in_window_estimate(events, local, window))
    return merge(_blocks(occurrences, local, window))


def _window(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    for name, moment in (("start", start), ("end", end)):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise InvalidInput(f"the window's {name} has no time zone", hint="Pass aware datetimes (UTC).")
    if end <= start:
        raise InvalidInput("the window ends before it starts", hint="Pass an end later than the start.")
    return start.astimezone(UTC), end.astimezone(UTC)


def _text(data: bytes) -> str:
    """The file as text, refusing what is empty, too big or not UTF-8 before any parsing."""
    if not data.strip():
        raise InvalidInput("the calendar file is empty", hint=EXPORT_HINT)
    if len(data) > MAX_ICS_BYTES:
        raise PayloadTooLarge(
            f"the calendar file is {len(data) / 1024 / 1024:.1f} MiB; at most {MAX_ICS_BYTES // 1024 // 1024} MiB",
            hint="Export only the coming weeks or months instead of the whole history.",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidInput(
            f"the calendar file is not UTF-8 text (line {line}, byte {error.start})",
            hint="iCalendar files are UTF-8; export it as .ics (iCalendar) rather than another format.",
        ) from error


def _parse(text: str) -> list[Calendar]:
    """Every VCALENDAR in the text, or an error quoting the parser's reason."""
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first_line.upper() != "BEGIN:VCALENDAR":
        raise InvalidInput(
            f"this is not an iCalendar file: it starts with {first_line[:40]!r}, not BEGIN:VCALENDAR",
            hint=EXPORT_HINT,
        )
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except ValueError as error:
        raise InvalidInput(f"the calendar file cannot be read: {_reason(error)}", hint=EXPORT_HINT) from error
    begun = sum(1 for line in text.splitlines() if line.strip().upper() == "BEGIN:VEVENT")
    found = sum(len(calendar.walk("VEVENT")) for calendar in calendars)
    if not calendars or found < begun:
        raise InvalidInput(
            "the calendar file is cut off: a BEGIN line has no matching END (e.g. END:VEVENT or END:VCALENDAR)",
            hint=EXPORT_HINT,
        )
    return calendars


def _reason(error: Exception) -> str:
    """The parser's own words, on one short line."""
    text = " ".join(str(error).split())
    return text[:200] + ("…" if len(text) > 200 else "")


def _label(event: Any) -> str:
    summary = " ".join(str(event.get("SUMMARY", "")).split())[:60]
    return f"event {summary!r}" if summary else f"event {str(event.get('UID', ''))[:60]!r}"


def _check_event(event: Any, local: tzinfo) -> None:
    """Refuse an event whose times cannot be read, use an unknown zone, or end before they start."""
    if event.get("DTSTART") is None:
        raise InvalidInput(f"{_label(event)} has no start (DTSTART)", hint=EXPORT_HINT)
    try:
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID", "RDATE", "EXDATE"):
            for value in _values(event.get(name)):
                _check_zone(event, name, value)
        start = _instant(event["DTSTART"].dt, local)
        if event.get("DTEND") is not None and _instant(event["DTEND"].dt, local) < start:
            raise InvalidInput(
                f"{_label(event)} ends before it starts ({event['DTEND'].to_ical().decode()} is before "
                f"{event['DTSTART'].to_ical().decode()})",
                hint="Fix or delete that event in your calendar app and export again.",
            )
        if event.get("DURATION") is not None and event["DURATION"].dt < timedelta(0):
            raise InvalidInput(f"{_label(event)} has a negative DURATION", hint="Fix or delete that event.")
    except ValueError as error:  # includes icalendar's BrokenCalendarProperty for unreadable values
        raise InvalidInput(
            f"{_label(event)} has a value that cannot be read: {_reason(error)}", hint=EXPORT_HINT
        ) from error


def _separate_shared_uids(events: list[Any]) -> None:
    """Give repeated UIDs a suffix: the expander keeps only one event per UID, which would hide busy time."""
    seen: set[str] = set()
    for index, event in enumerate(events):
        if event.get("RECURRENCE-ID") is not None:
            continue
        uid = str(event.get("UID", ""))
        if uid in seen:
            event["UID"] = f"{uid}#{index}"
        seen.add(str(event["UID"]) if "UID" in event else uid)


def _values(prop: Any) -> Iterator[Any]:
    """A property's values, whether it appears once, several times, or holds a list (RDATE/EXDATE)."""
    for item in prop if isinstance(prop, list) else [prop] if prop is not None else []:
        yield from (item, *getattr(item, "dts", ()))


def _check_zone(event: Any, name: str, value: Any) -> None:
    """A TZID the parser could not resolve leaves a naive time; guessing its zone would move the block."""
    tzid = getattr(value, "params", {}).get("TZID")
    moment = getattr(value, "dt", None)
    if tzid and isinstance(moment, datetime) and moment.tzinfo is None:
        raise InvalidInput(
            f"{_label(event)} uses the unknown time zone {str(tzid)[:60]!r} in {name}",
            hint="Use an IANA zone such as Europe/Berlin, or export with time zone definitions (VTIMEZONE).",
        )


def _instant(value: date | datetime | timedelta, local: tzinfo) -> datetime:
    """An aware UTC instant: floating times are local to the person, a date is its local midnight."""
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=local) if value.tzinfo is None else value
        return aware.astimezone(UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=local).astimezone(UTC)
    raise InvalidInput(f"{value!r} is not a date or a time", hint=EXPORT_HINT)


def _rules(event: Any) -> list[Any]:
    rules = event.get("RRULE")
    return [] if rules is None else rules if isinstance(rules, list) else [rules]


def _rule_periods(rule: Any, first: datetime, last: datetime) -> tuple[str, int, float]:
    """The rule's frequency, interval, and how many periods lie between ``first`` and ``last``."""
    freq = str(rule.get("FREQ", ["?"])[0]).upper()
    if freq not in _PERIOD_SECONDS:
        raise InvalidInput(f"FREQ={freq} is not a repeat frequency", hint=EXPORT_HINT)
    interval = max(1, int(rule.get("INTERVAL", [1])[0]))
    seconds = max(0.0, (last - first).total_seconds())
    return freq, interval, math.floor(seconds / (_PERIOD_SECONDS[freq] * interval)) + 1


def _per_period(rule: Any, freq: str) -> int:
    """An upper bound of the occurrences one period of the rule can produce."""
    count = 1
    for part, (rank, factor) in _EXPANDS_ABOVE.items():
        if part in rule and _FREQ_RANK[freq] > rank:
            weekdays = _WEEKDAYS_IN.get(freq, 1) if part == "BYDAY" else 1
            count *= len(rule[part]) * factor * weekdays
    return count


def _rule_until(rule: Any, local: tzinfo, default: datetime) -> datetime:
    until = rule.get("UNTIL")
    return min(default, _instant(until[0], local)) if until else default


def _steps(event: Any, local: tzinfo, first: datetime | None, last: datetime) -> float:
    """Steps needed to expand the event's rules from ``first`` (its DTSTART when None) to ``last``."""
    total = 0.0
    try:
        start = _instant(event["DTSTART"].dt, local)
        for rule in _rules(event):
            freq, _interval, periods = _rule_periods(rule, max(start, first or start), _rule_until(rule, local, last))
            total += periods * _per_period(rule, freq)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise InvalidInput(
            f"{_label(event)} has a repeat rule that cannot be read: {_reason(error)}", hint=EXPORT_HINT
        ) from error
    return total


def _check_rule_cost(events: list[Any], local: tzinfo, window: tuple[datetime, datetime]) -> None:
    """Refuse before expanding when the rules would take too long, naming the costliest event."""
    costs = [(_steps(event, local, None, window[1]), event) for event in events if _rules(event)]
    if sum(cost for cost, _event in costs) <= MAX_RULE_STEPS:
        return
    _cost, worst = max(costs, key=lambda pair: pair[0])
    rule = _rules(worst)[0].to_ical().decode()[:80]
    raise InvalidInput(
        f"{_label(worst)} repeats too often to expand ({rule}); the file's repeating events would need more than "
        f"{MAX_RULE_STEPS:,} steps up to {window[1]:%Y-%m-%d}",
        hint="Delete or end that repeating event in your calendar app, or export only the coming weeks.",
    )


def _drop_rules_that_miss_the_window(event: Any, local: tzinfo, window: tuple[datetime, datetime]) -> None:
    """Remove repeat rules that cannot fall on any day of the window (every 30 February, a 7th Monday).

    The expansion library finds a rule's next date by walking forward, and for a rule that never
    matches it walks to the year 9999: seconds per event. Only the window matters here, so a rule whose
    day filters match no day in it (with a day's margin for zones), or whose BYSETPOS asks for more
    dates than a period has, adds nothing and is dropped; its DTSTART stays as a single event. The test
    is loose (ordinals and week numbers are ignored), so a rule that can match is never dropped.
    """
    rules = _rules(event)
    first, last = (moment.astimezone(local).date() for moment in window)
    days = [first + timedelta(days=offset) for offset in range(-2, (last - first).days + 3)]
    start = _instant(event["DTSTART"].dt, local)
    kept = [
        rule for rule in rules
        if _can_match(rule) and any(_day_matches(rule, day) for day in _period_days(rule, start, days, local))
    ]  # fmt: skip
    if len(kept) != len(rules):
        del event["RRULE"]
        for rule in kept:
            event.add("RRULE", rule)


def _period_days(rule: Any, start: datetime, days: list[date], local: tzinfo) -> list[date]:
    """The days of ``days`` that a period of a daily-or-shorter rule falls on (all of them when unsure).

    A rule repeating every 7 days, or every 168 hours, stays on DTSTART's weekday; with a BYDAY of
    another weekday it never matches, which the day filters alone cannot see.
    """
    freq = str(rule.get("FREQ", [""])[0]).upper()
    if freq not in ("DAILY", "HOURLY", "MINUTELY", "SECONDLY"):
        return days
    step = timedelta(seconds=_PERIOD_SECONDS[freq] * max(1, int(rule.get("INTERVAL", [1])[0])))
    if step < timedelta(days=1):
        return days
    begin = datetime.combine(days[0], time(), local)
    moment = start + step * max(0, math.ceil((begin - start) / step) - 1)
    touched: list[date] = []
    while moment.astimezone(local).date() <= days[-1]:
        touched.append(moment.astimezone(local).date())
        moment += step
    return touched


def _can_match(rule: Any) -> bool:
    """False when every BYSETPOS position is beyond what one period of the rule can hold."""
    positions = [abs(int(value)) for value in rule.get("BYSETPOS", [])]
    freq = str(rule.get("FREQ", ["DAILY"])[0]).upper()
    return not positions or freq not in _PERIOD_SECONDS or min(positions) <= _per_period(rule, freq)


def _day_matches(rule: Any, day: date) -> bool:
    """Whether ``day`` passes the rule's month, month-day, year-day and weekday filters (ordinals ignored)."""
    months = {int(value) for value in rule.get("BYMONTH", [])}
    if months and day.month not in months:
        return False
    in_month = monthrange(day.year, day.month)[1]
    month_days = {int(value) if int(value) > 0 else in_month + 1 + int(value) for value in rule.get("BYMONTHDAY", [])}
    if month_days and day.day not in month_days:
        return False
    in_year = 366 if isleap(day.year) else 365
    year_days = {int(value) if int(value) > 0 else in_year + 1 + int(value) for value in rule.get("BYYEARDAY", [])}
    if year_days and day.timetuple().tm_yday not in year_days:
        return False
    weekdays = {str(value)[-2:].upper() for value in rule.get("BYDAY", [])}
    return not weekdays or _WEEKDAY_CODES[day.weekday()] in weekdays


def _in_window_estimate(events: list[Any], local: tzinfo, window: tuple[datetime, datetime]) -> float:
    return sum(_steps(event, local, window[0], window[1]) for event in events if _rules(event))


def _occurrences(
    calendars: list[Calendar], local: tzinfo, window: tuple[datetime, datetime], *, estimate: float
) -> list[Any]:
    """Every occurrence overlapping the window; when the rules may be dense, a growing prefix is tried first.

    The estimate is an upper bound, so starting with the share of the window it allows keeps a flood of
    occurrences from being built in full just to be refused.
    """
    first, last = (moment.astimezone(local) for moment in window)  # floating times compare as local times
    share = 1.0 if estimate <= MAX_BLOCKS else MAX_BLOCKS / estimate
    try:
        queries = [recurring_ical_events.of(calendar) for calendar in calendars]
        while True:
            stop = last if share >= 1 else first + (last - first) * share
            found = [occurrence for query in queries for occurrence in query.between(first, stop)]
            if sum(1 for occurrence in found if _busy(occurrence)) > MAX_BLOCKS:
                raise _too_many(window)
            if stop == last:
                return found
            share *= 4
    except (ValueError, OverflowError) as error:  # the library's InvalidCalendar and dateutil's rule errors
        raise InvalidInput(f"the calendar's events cannot be expanded: {_reason(error)}", hint=EXPORT_HINT) from error


def _too_many(window: tuple[datetime, datetime]) -> InvalidInput:
    return InvalidInput(
        f"the calendar has more than {MAX_BLOCKS:,} busy blocks between {window[0]:%Y-%m-%d} and {window[1]:%Y-%m-%d}",
        hint="Check for an event repeating every few minutes, or export a shorter date range.",
    )


def _busy(occurrence: Any) -> bool:
    """Free-marked (TRANSP:TRANSPARENT) and cancelled events do not block an interview."""
    transparent = str(occurrence.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT"
    return not transparent and str(occurrence.get("STATUS", "")).upper() != "CANCELLED"


def _blocks(occurrences: list[Any], local: tzinfo, window: tuple[datetime, datetime]) -> list[BusyBlock]:
    """Busy occurrences as UTC blocks clipped to the window; zero-length ones block nothing."""
    blocks = []
    for occurrence in filter(_busy, occurrences):
        start = max(_instant(occurrence.start, local), window[0])
        end = min(_instant(occurrence.end, local), window[1])
        if end > start:
            blocks.append(BusyBlock(start, end, " ".join(str(occurrence.get("SUMMARY", "")).split())))
    if len(blocks) > MAX_BLOCKS:
        raise _too_many(window)
    return blocks


def merge(blocks: Iterable[BusyBlock]) -> list[BusyBlock]:
    """Sorted blocks with overlapping or touching ones joined, their summaries listed once each."""
    merged: list[BusyBlock] = []
    for block in sorted(blocks, key=lambda item: (item.start, item.end)):
        if merged and block.start <= merged[-1].end:
            last = merged[-1]
            names = last.summary.split("; ") if last.summary else []
            summary = (
                "; ".join([*names, block.summary]) if block.summary and block.summary not in names else last.summary
            )
            merged[-1] = BusyBlock(last.start, max(last.end, block.end), summary)
        else:
            merged.append(block)
    return merged
