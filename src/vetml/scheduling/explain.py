"""Why no schedule exists: the first constraint that blocks, said in terms a coordinator can change.

The checks go from the bluntest to the subtlest: a module nobody may run, a candidate with no hours, a
module no eligible interviewer can share with the candidate (and whether hours, busy blocks or the
daily limit is the cause), too few interviewers for the modules they share, and finally a loop whose
modules each fit but not together within the allowed days, breaks and waiting.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import combinations

from vetml.scheduling.availability import local_intervals
from vetml.scheduling.grid import Grid, base_counts, runs_of
from vetml.scheduling.request import CANDIDATE, LoopRequest, ModuleNeed


def reasons_for(request: LoopRequest, grid: Grid) -> list[str]:
    """Sentences naming what blocks the loop, most basic cause first."""
    idle = [module.name for module in request.modules if not module.interviewers]
    if idle:
        return [f"module {name!r} has no eligible interviewers: add at least one" for name in idle]
    if grid.size == 0 or max(grid.runs[CANDIDATE], default=0) == 0:
        return [
            f"the candidate has no free hours between {request.first_day} and {request.last_day} "
            f"in {request.candidate.zone} (after anything already in the past): widen the dates or their hours"
        ]
    counts = base_counts(request, grid)
    reasons = [reason for module in request.modules for reason in _module_reasons(request, grid, module, counts)]
    shared = _shared_interviewers(request) if request.rules.distinct_interviewers else []
    return reasons or shared or [_too_tight(request)]


def _module_reasons(
    request: LoopRequest, grid: Grid, module: ModuleNeed, counts: Counter[tuple[str, date]]
) -> list[str]:
    """Why ``module`` fits nowhere on its own, one clause per eligible interviewer; empty if it fits."""
    length = -(-module.minutes // 15)
    clauses: list[str] = []
    for name in module.interviewers:
        shared = _longest_shared(grid.runs[CANDIDATE], grid.runs[name])
        open_slots = [
            slot for slot in range(grid.size)
            if min(grid.runs[CANDIDATE][slot], grid.runs[name][slot]) >= length
        ]  # fmt: skip
        person = request.interviewers[name]
        under = [slot for slot in open_slots if counts[name, grid.local_days[name][slot]] < person.max_per_day]
        if under:
            return []
        if open_slots:
            limit = person.max_per_day
            clauses.append(f"{name} already has {limit} interviews on each day they share with the candidate")
        elif _longest_without_busy(request, grid, name) >= length:
            clauses.append(f"{name} ({person.zone}) shares enough hours, but busy blocks or bookings take that time")
        else:
            minutes = shared * 15
            clauses.append(f"{name} ({person.zone}) shares at most {minutes} working minutes with the candidate")
    return [
        f"module {module.name!r} needs {module.minutes} minutes, and no eligible interviewer can meet the candidate "
        f"({request.candidate.zone}) for that long between {request.first_day} and {request.last_day}: "
        + "; ".join(clauses)
        + ". Add an interviewer in a closer time zone, widen someone's hours or shorten the module."
    ]


def _longest_shared(first: list[int], second: list[int]) -> int:
    """The longest run of slots two people are both free, from their free-run lists."""
    return max((min(a, b) for a, b in zip(first, second, strict=False)), default=0)


def _longest_without_busy(request: LoopRequest, grid: Grid, name: str) -> int:
    """The longest shared run if nobody's calendar had anything in it."""
    end = grid.instant(grid.size)
    candidate = runs_of(local_intervals(request.candidate, grid.origin, end), grid)
    interviewer = runs_of(local_intervals(request.interviewers[name], grid.origin, end), grid)
    return _longest_shared(candidate, interviewer)


def _shared_interviewers(request: LoopRequest) -> list[str]:
    """Modules that together have fewer interviewers than modules (each interviewer takes one module)."""
    for size in range(2, len(request.modules) + 1):
        for group in combinations(request.modules, size):
            people = {name for module in group for name in module.interviewers}
            if len(people) < len(group):
                names = ", ".join(repr(module.name) for module in group)
                return [
                    f"modules {names} can only be run by {', '.join(sorted(people))}, and each interviewer takes "
                    f"one module of a loop: add eligible interviewers, or let one person take several modules"
                ]
    return []


def _too_tight(request: LoopRequest) -> str:
    rules = request.rules
    total = sum(module.minutes for module in request.modules)
    return (
        f"every module fits on its own, but the whole loop ({total} minutes with {rules.break_minutes}-minute breaks, "
        f"at most {rules.max_gap_minutes} minutes of waiting between sessions) does not fit into "
        f"{rules.max_days} day(s) within everyone's hours and limits: allow more days, widen the dates or hours, "
        "or shorten the breaks"
    )
