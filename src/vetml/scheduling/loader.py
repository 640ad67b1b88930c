"""Read a loop file and turn it into the finder's ``LoopRequest``, with command-line overrides applied.

Every problem becomes an ``InvalidInput`` whose message starts with the file and the field path, so a
command can print it as one line; nothing here searches for slots.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from vetml.errors import InvalidInput
from vetml.kit import safe_yaml
from vetml.scheduling import ics_import
from vetml.scheduling.availability import Availability, Interval
from vetml.scheduling.loop_file import Block, Interviewer, LoopFile, Person, parse
from vetml.scheduling.request import LoopRequest, ModuleNeed, Rules

MAX_BYTES = 1024 * 1024
FRIENDLIER = {"missing": "is required", "extra_forbidden": "is not a field of the loop file (check the spelling)"}


@dataclass(frozen=True)
class Overrides:
    """Command-line values that replace the file's."""

    first_day: date | None = None
    last_day: date | None = None
    max_days: int | None = None
    options: int | None = None


def read(path: Path) -> LoopFile:
    """The checked loop file at ``path`` (YAML, or JSON when it ends in ``.json``)."""
    if not path.is_file():
        raise InvalidInput(f"{path} is not a file", hint="Give the path of a loop file (YAML or JSON).")
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput(
            f"{path} is larger than 1 MB", hint="A loop file is a few kilobytes; is this the right file?"
        )
    data = _decode(path)
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: the file is not a mapping", hint="Start with candidate:, interviewers:, modules:.")
    try:
        return parse(data)
    except ValidationError as error:
        problems = [_describe(detail) for detail in error.errors()]
        raise InvalidInput(f"{path}: {problems[0]}", details=problems[1:]) from None


def _decode(path: Path) -> Any:
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        return json.loads(text) if path.suffix.lower() == ".json" else safe_yaml.safe_load(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{path}: not valid JSON at line {error.lineno}: {error.msg}") from None
    except RecursionError:  # json has no depth limit of its own; a loop file nests a few levels
        raise InvalidInput(f"{path}: the JSON is nested far too deeply to be a loop file") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "cannot be read"
        raise InvalidInput(f"{path}: not valid YAML{where}: {problem}") from None


def _describe(detail: ErrorDetails) -> str:
    """``interviewers.ana.zone: 'America/New_Yrok' is not an IANA time zone. Did you mean ...``."""
    path = ".".join(str(part) for part in detail["loc"])
    message = FRIENDLIER.get(detail["type"], detail["msg"].removeprefix("Value error, "))
    return f"{path}: {message}" if path else message


def to_request(plan: LoopFile, *, base: Path, now: datetime, overrides: Overrides) -> LoopRequest:
    """The finder's request: the file's loop with the overrides applied, dates checked by the finder."""
    first = overrides.first_day or (plan.dates.first if plan.dates else None)
    last = overrides.last_day or (plan.dates.last if plan.dates else None)
    if first is None or last is None:
        raise InvalidInput(
            "the loop file has no dates", hint="Add dates: {from: YYYY-MM-DD, to: YYYY-MM-DD}, or --from/--to."
        )
    span = (
        datetime.combine(first - timedelta(days=1), time(), UTC),
        datetime.combine(last + timedelta(days=2), time(), UTC),
    )
    rules = Rules(
        break_minutes=plan.rules.break_minutes, max_gap_minutes=plan.rules.max_gap_minutes,
        max_days=overrides.max_days or plan.rules.max_days, options=overrides.options or plan.rules.options,
    )  # fmt: skip
    return LoopRequest(
        modules=tuple(ModuleNeed(module.name, module.minutes, module.interviewers) for module in plan.modules),
        candidate=_availability(plan.candidate, base, span),
        interviewers={name: _availability(person, base, span) for name, person in plan.interviewers.items()},
        first_day=first, last_day=last, not_before=now, rules=rules,
    )  # fmt: skip


def _availability(person: Person, base: Path, span: Interval) -> Availability:
    busy = [_interval(block) for block in person.busy]
    if person.busy_ics is not None:
        busy += ics_busy(base / person.busy_ics, zone_name=person.zone, start=span[0], end=span[1])
    extra: dict[str, Any] = {} if person.preferred is None else {"preferred": person.preferred}
    if isinstance(person, Interviewer):
        extra |= {"max_per_day": person.max_per_day, "bookings": tuple(_interval(block) for block in person.booked)}
    return Availability(
        zone=person.zone, weekly=person.hours, exceptions=dict(person.exceptions), busy=tuple(busy), **extra
    )


def _interval(block: Block) -> Interval:
    return block.start.astimezone(UTC), block.end.astimezone(UTC)


def ics_busy(path: Path, *, zone_name: str, start: datetime, end: datetime) -> list[Interval]:
    """Busy blocks from an exported calendar (.ics) named in the loop file, read by the calendar import."""
    if not path.is_file():
        raise InvalidInput(f"busy_ics: {path} is not a file", hint="Paths are relative to the loop file.")
    with path.open("rb") as handle:
        data = handle.read(ics_import.MAX_ICS_BYTES + 1)
    blocks = ics_import.busy_blocks(data, zone=zone_name, start=start, end=end)
    return [(block.start.astimezone(UTC), block.end.astimezone(UTC)) for block in blocks]
