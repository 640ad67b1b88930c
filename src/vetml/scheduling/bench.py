"""``vetml bench schedule``: how long the finder takes on a realistic offshore loop.

The scenario is the one the product promises to solve quickly: five modules, twelve eligible
interviewers spread over six time zones (including the half- and three-quarter-hour offsets), a
candidate in India and two weeks of dates, with busy blocks scattered through everyone's calendar.
A fixed seed makes every run search the same calendars.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from vetml.scheduling.availability import Availability, weekly_pattern
from vetml.scheduling.finder import propose
from vetml.scheduling.request import LoopRequest, ModuleNeed, Proposal, Rules

ZONES = ("America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin", "Asia/Kathmandu", "Asia/Tokyo")
MODULES = (("ml-theory", 45), ("coding", 60), ("system-design", 60), ("production", 45), ("behavioural", 30))
WORKDAY = {day: ["08:00-18:00"] for day in ("mon", "tue", "wed", "thu", "fri")}


@dataclass(frozen=True)
class BenchResult:
    """Timings of the finder on the scenario."""

    modules: int
    interviewers: int
    zones: int
    days: int
    runs: int
    best_seconds: float
    median_seconds: float
    options: int
    first_option_days: int

    def as_dict(self) -> dict[str, float | int]:
        """The figures, for ``--json``."""
        return dict(self.__dict__)


def scenario(seed: int = 7, *, start: date = date(2027, 3, 1)) -> LoopRequest:
    """A 5-module loop, 12 interviewers in 6 zones (two each), a candidate in Kolkata, two weeks from ``start``."""
    rng = random.Random(seed)
    pattern = weekly_pattern(WORKDAY)
    interviewers = {
        f"interviewer-{index + 1:02d}": Availability(
            zone=ZONES[index % len(ZONES)], weekly=pattern, busy=_busy(rng, start), max_per_day=2
        )
        for index in range(12)
    }
    names = sorted(interviewers)
    modules = tuple(
        ModuleNeed(name=name, minutes=minutes, interviewers=tuple(rng.sample(names, 4))) for name, minutes in MODULES
    )
    candidate = Availability(zone="Asia/Kolkata", weekly=weekly_pattern({day: ["07:00-22:00"] for day in WORKDAY}))
    return LoopRequest(
        modules=modules, candidate=candidate, interviewers=interviewers, first_day=start,
        last_day=start + timedelta(days=13), not_before=datetime.combine(start, datetime.min.time(), UTC),
        rules=Rules(max_days=2),
    )  # fmt: skip


def _busy(rng: random.Random, start: date) -> tuple[tuple[datetime, datetime], ...]:
    """About three one-hour meetings a working day, at random quarter hours."""
    blocks = []
    for day in range(14):
        for _ in range(3):
            moment = datetime.combine(start + timedelta(days=day), datetime.min.time(), UTC)
            moment += timedelta(minutes=15 * rng.randrange(96))
            blocks.append((moment, moment + timedelta(hours=1)))
    return tuple(blocks)


def run(*, runs: int = 5, seed: int = 7) -> tuple[BenchResult, Proposal]:
    """Solve the scenario ``runs`` times and report the best and median wall time."""
    request = scenario(seed)
    timings: list[float] = []
    proposal = propose(request)
    for _ in range(runs):
        started = time.perf_counter()
        proposal = propose(request)
        timings.append(time.perf_counter() - started)
    timings.sort()
    first = proposal.options[0].days if proposal.options else 0
    result = BenchResult(
        modules=len(request.modules), interviewers=len(request.interviewers), zones=len(ZONES),
        days=(request.last_day - request.first_day).days + 1, runs=runs, best_seconds=round(timings[0], 4),
        median_seconds=round(timings[len(timings) // 2], 4), options=len(proposal.options), first_option_days=first,
    )  # fmt: skip
    return result, proposal
