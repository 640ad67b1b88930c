"""Hours typed into a text box, one line per rule, read into the shapes the API takes.

People write hours as lines ("mon-fri 09:00-17:30", "2027-03-05 off"); a mistake names its line so
it can be fixed in place, and nothing is saved until every line reads.
"""

from __future__ import annotations

from datetime import date

from vetml.errors import InvalidInput
from vetml.scheduling.availability import WEEKDAYS, expand_days

WeeklyText = dict[str, list[str]]


def weekly_from_text(text: str) -> WeeklyText:
    """``mon-fri 09:00-12:00, 13:00-17:30`` lines as ranges per weekday."""
    weekly: WeeklyText = {}
    for number, line in _lines(text):
        days, _, ranges = line.partition(" ")
        if not ranges.strip():
            raise InvalidInput(f"line {number} ({line!r}) has no hours", hint="Write e.g. mon-fri 09:00-17:00.")
        for day in expand_days(days):
            weekly.setdefault(day, []).extend(part.strip() for part in ranges.split(",") if part.strip())
    return weekly


def exceptions_from_text(text: str) -> dict[date, list[str]]:
    """``2027-03-05 off`` or ``2027-03-06 10:00-12:00`` lines as ranges per date."""
    exceptions: dict[date, list[str]] = {}
    for number, line in _lines(text):
        day_text, _, ranges = line.partition(" ")
        try:
            day = date.fromisoformat(day_text)
        except ValueError as error:
            raise InvalidInput(
                f"line {number} ({line!r}) does not start with a date", hint="Use YYYY-MM-DD."
            ) from error
        parts = [] if ranges.strip().lower() == "off" else [part.strip() for part in ranges.split(",") if part.strip()]
        exceptions.setdefault(day, []).extend(parts)
    return exceptions


def weekly_to_text(weekly: WeeklyText) -> str:
    """Stored weekly hours back as lines, runs of days with the same hours written as one (``mon-fri``)."""
    lines: list[tuple[list[str], list[str]]] = []
    for day in WEEKDAYS:
        ranges = weekly.get(day, [])
        if ranges and lines and lines[-1][1] == ranges and WEEKDAYS.index(lines[-1][0][-1]) + 1 == WEEKDAYS.index(day):
            lines[-1][0].append(day)
        elif ranges:
            lines.append(([day], ranges))
    return "\n".join(f"{_span(days)} {', '.join(ranges)}" for days, ranges in lines)


def _span(days: list[str]) -> str:
    return days[0] if len(days) == 1 else f"{days[0]}-{days[-1]}"


def exceptions_to_text(exceptions: dict[str, list[str]]) -> str:
    """Stored exceptions back as lines."""
    return "\n".join(f"{day} {', '.join(ranges) if ranges else 'off'}" for day, ranges in exceptions.items())


def _lines(text: str) -> list[tuple[int, str]]:
    return [(number, " ".join(line.split())) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
