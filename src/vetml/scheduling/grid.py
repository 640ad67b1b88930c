"""Everyone's free time as 15-minute UTC slots, so the finder's questions are list lookups.

Every offset in use today (+05:30 India, +05:45 Nepal, +12:45 Chatham) falls on a quarter hour, so a
15-minute UTC grid can start a session at any local quarter hour of any participant.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from vetml.scheduling.availability import Availability, Interval, free_intervals
from vetml.scheduling.request import CANDIDATE, LoopRequest
from vetml.scheduling.zones import utc, zone

SLOT = timedelta(minutes=15)


@dataclass
class Grid:
    """Free-run lengths and comfort prefix sums per person over the 15-minute slots of the range."""

    origin: datetime
    size: int
    runs: dict[str, list[int]]
    comfort: dict[str, list[int]]
    local_days: dict[str, list[date]]

    def instant(self, slot: int) -> datetime:
        """The UTC start of a slot."""
        return self.origin + slot * SLOT

    def free(self, person: str, slot: int, length: int) -> bool:
        """Whether ``person`` is free for ``length`` slots from ``slot``."""
        return slot + length <= self.size and self.runs[person][slot] >= length

    def outside_minutes(self, person: str, slot: int, length: int) -> int:
        """Minutes of the session outside the person's preferred hours."""
        comfortable = self.comfort[person][slot + length] - self.comfort[person][slot]
        return (length - comfortable) * 15


def build_grid(request: LoopRequest) -> Grid:
    """The slots from the candidate's first day to the end of their last day, per person."""
    candidate_zone = zone(request.candidate.zone)
    start = _aligned(datetime.combine(request.first_day, datetime.min.time(), candidate_zone))
    end = _aligned(datetime.combine(request.last_day + timedelta(days=1), datetime.min.time(), candidate_zone))
    start = max(start, _aligned(utc(request.not_before) + SLOT - timedelta(microseconds=1)))
    size = max(0, int((end - start) / SLOT))
    people = {CANDIDATE: request.candidate, **request.interviewers}
    padding = timedelta(minutes=request.rules.break_minutes)
    grid = Grid(origin=start, size=size, runs={}, comfort={}, local_days={})
    for name, person in people.items():
        grid.runs[name] = runs_of(free_intervals(person, start, end, padding=padding), grid)
        grid.comfort[name] = _comfort(person, grid)
        grid.local_days[name] = [grid.instant(slot).astimezone(zone(person.zone)).date() for slot in range(size)]
    return grid


def _aligned(moment: datetime) -> datetime:
    moment = utc(moment)
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def runs_of(intervals: list[Interval], grid: Grid) -> list[int]:
    """For each slot, how many free slots run from it (0 when busy)."""
    free = [False] * (grid.size + 1)
    for start, end in intervals:
        first = -(-int((start - grid.origin) / timedelta(seconds=1)) // 900)
        last = int((end - grid.origin) / timedelta(seconds=1)) // 900
        for slot in range(max(first, 0), min(last, grid.size)):
            free[slot] = True
    runs = [0] * (grid.size + 1)
    for slot in range(grid.size - 1, -1, -1):
        runs[slot] = runs[slot + 1] + 1 if free[slot] else 0
    return runs


def _comfort(person: Availability, grid: Grid) -> list[int]:
    tz = zone(person.zone)
    prefix = [0]
    for slot in range(grid.size):
        local = grid.instant(slot).astimezone(tz)
        minute = local.hour * 60 + local.minute
        inside = person.preferred[0] <= minute and minute + 15 <= person.preferred[1]
        prefix.append(prefix[-1] + int(inside))
    return prefix


def base_counts(request: LoopRequest, grid: Grid) -> Counter[tuple[str, date]]:
    """Interviews each interviewer already has on each of their local days."""
    counts: Counter[tuple[str, date]] = Counter()
    for name, person in request.interviewers.items():
        for start, _end in person.bookings:
            counts[name, utc(start).astimezone(zone(person.zone)).date()] += 1
    return counts
