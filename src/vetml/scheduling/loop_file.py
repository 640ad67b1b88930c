"""The loop file of `vetml schedule propose`: people, modules, dates and rules as YAML or JSON, checked field by field.

Hours are parsed and checked by the same functions the finder's callers use (``availability`` and
``zones``), so a file is refused for exactly the reasons a form or an API call would be; the field path
travels with each error so the coordinator knows which line to fix.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from vetml.errors import InvalidInput
from vetml.scheduling.availability import Window, expand_days, parse_window, weekly_pattern, windows
from vetml.scheduling.request import CANDIDATE
from vetml.scheduling.zones import zone

T = TypeVar("T")


def _checked(check: Callable[[], T]) -> T:
    """Run a domain check, turning its error into the ``ValueError`` pydantic places at the field's path."""
    try:
        return check()
    except InvalidInput as error:
        raise ValueError(f"{error.message}. {error.hint}".strip()) from None


def _ranges(value: object) -> list[str]:
    """One range as text, several as a list, none as an empty list (a day off)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise ValueError(f"{value!r} is not a time range or a list of them; write ranges in quotes, e.g. '09:00-17:00'")


def day_names(key: str) -> list[str]:
    """``"mon-fri"`` as the days it covers, with the error at the field's path."""
    return _checked(lambda: expand_days(key))


def _weekly(value: object) -> tuple[tuple[Window, ...], ...]:
    if not isinstance(value, dict):
        raise ValueError("write weekly hours as days and ranges, e.g. {mon-fri: '09:00-17:00'}")
    days: dict[str, list[str]] = {}
    for key, ranges in value.items():
        for name in day_names(str(key)):
            if name in days:
                raise ValueError(f"{name} is given twice (check {key!r} against the other days)")
            days[name] = _ranges(ranges)
    return _checked(lambda: weekly_pattern(days))


def _day_windows(value: object) -> tuple[Window, ...]:
    return _checked(lambda: windows(_ranges(value), where="that day"))


def _window(value: object) -> Window:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a time range; write it in quotes, e.g. '09:00-17:00'")
    return _checked(lambda: parse_window(value))


def _zone(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a time zone name; use an IANA name such as Asia/Kolkata")
    return _checked(lambda: zone(value)).key


def _dated(value: object) -> object:
    """Dates as ISO text before checking, so an error's path reads ``exceptions.2027-03-05``."""
    return {str(key): item for key, item in value.items()} if isinstance(value, dict) else value


Weekly = Annotated[tuple[tuple[tuple[int, int], ...], ...], BeforeValidator(_weekly)]
DayWindows = Annotated[tuple[tuple[int, int], ...], BeforeValidator(_day_windows)]
WindowField = Annotated[tuple[int, int], BeforeValidator(_window)]
Zone = Annotated[str, BeforeValidator(_zone)]


class Strict(BaseModel):
    """Unknown fields are refused: a misspelt field would otherwise be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Block(Strict):
    """Time already taken, as instants with their zone (``2027-03-02T14:00:00Z``)."""

    start: AwareDatetime
    end: AwareDatetime
    summary: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Block:
        if self.end <= self.start:
            raise ValueError(f"ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()})")
        return self


class Person(Strict):
    """Hours in the person's own zone, the dates that differ and their busy time."""

    zone: Zone
    hours: Weekly
    exceptions: Annotated[dict[date, DayWindows], BeforeValidator(_dated)] = Field(default_factory=dict)
    preferred: WindowField | None = None
    busy: tuple[Block, ...] = ()
    busy_ics: Path | None = None


class Candidate(Person):
    """The candidate; the name only labels the output."""

    name: str = "the candidate"


class Interviewer(Person):
    """An interviewer, with a daily limit and the interviews already booked (which count toward it)."""

    max_per_day: int = Field(3, ge=1, le=12)
    booked: tuple[Block, ...] = ()


class Module(Strict):
    """One interview of the loop and who may run it."""

    name: str = Field(min_length=1)
    minutes: int = Field(ge=1, le=480)
    interviewers: tuple[str, ...]


class Dates(Strict):
    """The candidate's first and last possible dates, in their own zone."""

    first: date = Field(alias="from")
    last: date = Field(alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Dates:
        if self.last < self.first:
            raise ValueError(f"'to' ({self.last}) is before 'from' ({self.first})")
        return self


class RulesSpec(Strict):
    """The limits a schedule keeps; the defaults are the finder's."""

    break_minutes: int = Field(15, ge=0, le=240)
    max_gap_minutes: int = Field(60, ge=0, le=480)
    max_days: int = Field(2, ge=1, le=5)
    options: int = Field(5, ge=1, le=20)


class LoopFile(Strict):
    """The whole file: who, what, when and under which rules."""

    candidate: Candidate
    interviewers: dict[str, Interviewer] = Field(min_length=1)
    modules: tuple[Module, ...] = Field(min_length=1)
    dates: Dates | None = None
    rules: RulesSpec = RulesSpec()

    @model_validator(mode="after")
    def _consistent(self) -> LoopFile:
        if CANDIDATE in self.interviewers:
            raise ValueError(f"interviewers.{CANDIDATE}: that key names the candidate; call the interviewer otherwise")
        names = [module.name for module in self.modules]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"modules: {twice[0]!r} is listed twice; give each module once")
        for index, module in enumerate(self.modules):
            unknown = [name for name in module.interviewers if name not in self.interviewers]
            if unknown:
                raise ValueError(
                    f"modules.{index}.interviewers: {unknown[0]!r} is not under interviewers "
                    f"(known: {', '.join(sorted(self.interviewers))})"
                )
        return self


def parse(data: Any) -> LoopFile:
    """The file's parsed YAML or JSON as a checked loop file (raises pydantic's ``ValidationError``)."""
    return LoopFile.model_validate(data)
