"""What the slot finder is asked and what it answers, as plain data the CLI, API and tests share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from vetml.errors import InvalidInput
from vetml.scheduling.availability import Availability
from vetml.scheduling.zones import zone

CANDIDATE = "candidate"
CANDIDATE_WEIGHT = 2
"""An early or late minute costs the candidate twice what it costs an interviewer: they are the guest."""


@dataclass(frozen=True)
class ModuleNeed:
    """One interview of the loop: how long it takes and who may run it."""

    name: str
    minutes: int
    interviewers: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    """The limits a schedule keeps; defaults suit a typical loop."""

    break_minutes: int = 15
    max_gap_minutes: int = 60
    max_days: int = 2
    options: int = 5
    distinct_interviewers: bool = True


@dataclass(frozen=True)
class LoopRequest:
    """Everything the finder needs: the modules, the people and the candidate's dates (in their zone)."""

    modules: tuple[ModuleNeed, ...]
    candidate: Availability
    interviewers: dict[str, Availability]
    first_day: date
    last_day: date
    not_before: datetime
    rules: Rules = field(default_factory=Rules)


@dataclass(frozen=True)
class Session:
    """One interview of an option: module, interviewer and UTC times."""

    module: str
    interviewer: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Option:
    """A complete schedule, with what it costs the people in it."""

    sessions: tuple[Session, ...]
    days: int
    candidate_inconvenience: int
    panel_inconvenience: int
    waiting_minutes: int
    flags: tuple[str, ...] = ()

    @property
    def rank_key(self) -> tuple[int, int, int, datetime]:
        """Fewest days, then least weighted early/late time, then least waiting, then soonest."""
        cost = CANDIDATE_WEIGHT * self.candidate_inconvenience + self.panel_inconvenience
        return self.days, cost, self.waiting_minutes, self.sessions[0].start


@dataclass(frozen=True)
class Proposal:
    """Ranked options, or the reasons no schedule exists."""

    options: tuple[Option, ...]
    reasons: tuple[str, ...] = ()


def check_request(request: LoopRequest) -> None:
    """Refuse requests that cannot mean anything before searching."""
    if not request.modules:
        raise InvalidInput("the loop has no modules to schedule", hint="Add at least one module with its minutes.")
    if request.last_day < request.first_day:
        raise InvalidInput(
            f"the date range ends ({request.last_day}) before it starts ({request.first_day})",
            hint="Give the first day, then a last day on or after it.",
        )
    if (request.last_day - request.first_day).days > 62:
        raise InvalidInput("the date range is longer than 9 weeks", hint="Search at most 63 days at a time.")
    names = [module.name for module in request.modules]
    if len(set(names)) != len(names):
        raise InvalidInput("a module is listed twice", hint="Give each module once, with its own interviewers.")
    for module in request.modules:
        if module.minutes <= 0 or module.minutes > 480:
            raise InvalidInput(f"module {module.name!r} lasts {module.minutes} minutes", hint="Use 1 to 480 minutes.")
        unknown = [name for name in module.interviewers if name not in request.interviewers]
        if unknown:
            raise InvalidInput(
                f"module {module.name!r} names {unknown[0]!r}, whose hours are not known",
                hint="Give every eligible interviewer's hours, or leave them out of the module.",
            )
    zone(request.candidate.zone)
    for person in request.interviewers.values():
        zone(person.zone)
