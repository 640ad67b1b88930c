"""The loop slot finder: ranked schedules for all modules of a loop that fit everyone's hours.

For each of the candidate's days a depth-first search places the modules one after another (every
order; each module at the earliest start the gap allows, with the least inconvenienced free
interviewer), and blocks from different days are joined when no single day holds the whole loop.
By default each interviewer takes one module of a loop, so the panel gives independent views; a small
team can allow one person several modules, within their interviews-per-day limit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from vetml.scheduling.dst import dst_flags
from vetml.scheduling.explain import reasons_for
from vetml.scheduling.grid import SLOT, Grid, base_counts, build_grid
from vetml.scheduling.request import CANDIDATE, CANDIDATE_WEIGHT, LoopRequest, Option, Proposal, Session, check_request
from vetml.scheduling.zones import zone

KEEP_PER_MASK = 8
"""Partial blocks kept per day and module set for joining days, each with a different panel: joining
needs panels that do not overlap, so variety of people matters more than a slightly lower cost."""


@dataclass(frozen=True)
class Placed:
    """A module put at a slot with an interviewer."""

    module: int
    interviewer: str
    slot: int
    length: int


@dataclass(frozen=True)
class Block:
    """Modules placed on one of the candidate's days."""

    day: date
    mask: int
    placed: tuple[Placed, ...]
    cost: int
    waiting: int
    panel: frozenset[str]


def propose(request: LoopRequest) -> Proposal:
    """Ranked options for the whole loop, or the reasons none exists."""
    check_request(request)
    grid = build_grid(request)
    search = _Search(request, grid)
    blocks = {day: search.day(day, slots) for day, slots in _candidate_days(request, grid).items()}
    options = _rank(request, _single_days(search, blocks))
    if len(options) < request.rules.options:
        options = _rank(request, [*options, *_joined_days(search, blocks)])
    if options:
        return Proposal(options=tuple(dst_flags(option, request) for option in options))
    return Proposal(options=(), reasons=tuple(reasons_for(request, grid)))


def _candidate_days(request: LoopRequest, grid: Grid) -> dict[date, range]:
    """The slots of each of the candidate's local days inside the requested range."""
    days: dict[date, list[int]] = defaultdict(list)
    for slot, day in enumerate(grid.local_days[CANDIDATE]):
        if request.first_day <= day <= request.last_day:
            days[day].append(slot)
    return {day: range(slots[0], slots[-1] + 1) for day, slots in days.items()}


class _Search:
    """The depth-first search of one day, with the lookups it repeats cached."""

    def __init__(self, request: LoopRequest, grid: Grid) -> None:
        self.request = request
        self.grid = grid
        self.lengths = [-(-module.minutes // 15) for module in request.modules]
        self.break_slots = -(-request.rules.break_minutes // 15)
        self.gap_slots = request.rules.max_gap_minutes // 15
        self.full = (1 << len(request.modules)) - 1
        self.distinct = request.rules.distinct_interviewers
        self.counts = base_counts(request, grid)
        self.scarcity = {name: _shared_slots(grid, name) for name in request.interviewers}
        self._free_cache: dict[tuple[int, int], list[tuple[int, str]]] = {}
        self._seen: set[tuple[int, int, frozenset[str]]] = set()

    def day(self, day: date, slots: range) -> dict[int, list[Block]]:
        """The best blocks of each module set on ``day``; full blocks keep one per starting hour."""
        found: dict[int, list[Block]] = defaultdict(list)
        self._seen.clear()
        for start in slots:
            if self.grid.runs[CANDIDATE][start] > 0:
                self._grow(day, slots.stop, start, 0, (), 0, 0, found, first=True)
        return found

    def _grow(
        self, day: date, day_end: int, earliest: int, mask: int, placed: tuple[Placed, ...], cost: int, waiting: int,
        found: dict[int, list[Block]], *, first: bool = False,
    ) -> None:  # fmt: skip
        latest = earliest if first else earliest + self.gap_slots
        panel = frozenset(item.interviewer for item in placed)
        if not first:
            # Another order of the same modules, ending at the same time with the same people, has
            # already grown everything this one could: skip it.
            state = (earliest, mask, panel)
            if state in self._seen:
                return
            self._seen.add(state)
        used = panel if self.distinct else frozenset()
        for module in range(len(self.request.modules)):
            if mask & (1 << module):
                continue
            spot = self._earliest(module, earliest, min(latest, day_end - 1), placed, used)
            if spot is None:
                continue
            slot, interviewer, extra = spot
            item = Placed(module, interviewer, slot, self.lengths[module])
            new_mask, new_placed = mask | (1 << module), (*placed, item)
            new_cost, new_waiting = cost + extra, waiting + (0 if first else (slot - earliest) * 15)
            self._keep(found, Block(day, new_mask, new_placed, new_cost, new_waiting, panel | {interviewer}))
            if new_mask != self.full:
                next_start = slot + item.length + self.break_slots
                self._grow(day, day_end, next_start, new_mask, new_placed, new_cost, new_waiting, found)

    def _earliest(
        self, module: int, first: int, last: int, placed: tuple[Placed, ...], used: frozenset[str]
    ) -> tuple[int, str, int] | None:
        """The first slot in [first, last] where the candidate and an interviewer who may take it are free."""
        length = self.lengths[module]
        for slot in range(first, last + 1):
            if not self.grid.free(CANDIDATE, slot, length):
                continue
            for extra, name in self._free_interviewers(module, slot):
                if name not in used and (self.distinct or self._under_loop_limit(name, slot, placed)):
                    candidate_extra = self.grid.outside_minutes(CANDIDATE, slot, length) * CANDIDATE_WEIGHT
                    return slot, name, extra + candidate_extra
        return None

    def _free_interviewers(self, module: int, slot: int) -> list[tuple[int, str]]:
        """Eligible interviewers free at ``slot`` under their daily limit, the scarcest first.

        Someone who shares little time with the candidate is taken where they fit, which leaves the
        flexible people for the other modules (most-constrained first); early/late minutes break ties.
        """
        key = (module, slot)
        if key not in self._free_cache:
            length = self.lengths[module]
            ready = [
                (self.scarcity[name], self.grid.outside_minutes(name, slot, length), name)
                for name in self.request.modules[module].interviewers
                if self.grid.free(name, slot, length) and self._under_limit(name, slot)
            ]
            self._free_cache[key] = [(extra, name) for _scarcity, extra, name in sorted(ready)]
        return self._free_cache[key]

    def _under_loop_limit(self, name: str, slot: int, placed: tuple[Placed, ...]) -> bool:
        """Under their daily limit counting this loop's own sessions (when one person may take several)."""
        day = self.grid.local_days[name][slot]
        mine = sum(1 for item in placed if item.interviewer == name and self.grid.local_days[name][item.slot] == day)
        return self.counts[name, day] + mine < self.request.interviewers[name].max_per_day

    def compatible(self, blocks: tuple[Block, ...]) -> bool:
        """Whether blocks of different days may form one option without breaking a panel or daily rule."""
        if self.request.rules.distinct_interviewers:
            names = [item.interviewer for block in blocks for item in block.placed]
            return len(names) == len(set(names))
        per_day = Counter((item.interviewer, self.grid.local_days[item.interviewer][item.slot])
                          for block in blocks for item in block.placed)  # fmt: skip
        return all(self.counts[key] + count <= self.request.interviewers[key[0]].max_per_day
                   for key, count in per_day.items())  # fmt: skip

    def _under_limit(self, name: str, slot: int) -> bool:
        person = self.request.interviewers[name]
        return self.counts[name, self.grid.local_days[name][slot]] < person.max_per_day

    def _keep(self, found: dict[int, list[Block]], block: Block) -> None:
        """Keep the cheapest full block per starting hour, and the cheapest partial block per module set and panel."""
        kept = found[block.mask]
        if block.mask == self.full:
            hour = block.placed[0].slot // 4
            same = [index for index, other in enumerate(kept) if other.placed[0].slot // 4 == hour]
            if not same:
                kept.append(block)
            elif _block_key(block) < _block_key(kept[same[0]]):
                kept[same[0]] = block
            return
        same = [index for index, other in enumerate(kept) if other.panel == block.panel]
        if same:
            if _block_key(block) < _block_key(kept[same[0]]):
                kept[same[0]] = block
            return
        kept.append(block)
        kept.sort(key=_block_key)
        del kept[KEEP_PER_MASK:]

    def option(self, blocks: tuple[Block, ...]) -> Option:
        """Blocks of different days as one option."""
        placed = sorted((item for block in blocks for item in block.placed), key=lambda item: item.slot)
        sessions = tuple(
            Session(
                module=self.request.modules[item.module].name, interviewer=item.interviewer,
                start=self.grid.instant(item.slot),
                end=self.grid.instant(item.slot) + SLOT * item.length,
            )
            for item in placed
        )  # fmt: skip
        candidate = sum(self.grid.outside_minutes(CANDIDATE, item.slot, item.length) for item in placed)
        panel = sum(self.grid.outside_minutes(item.interviewer, item.slot, item.length) for item in placed)
        return Option(
            sessions=sessions, days=len(blocks), candidate_inconvenience=candidate, panel_inconvenience=panel,
            waiting_minutes=sum(block.waiting for block in blocks),
        )  # fmt: skip


def _shared_slots(grid: Grid, name: str) -> int:
    """How many slots the interviewer and the candidate are both free: small means hard to place."""
    return sum(1 for mine, theirs in zip(grid.runs[name], grid.runs[CANDIDATE], strict=True) if mine and theirs)


def _block_key(block: Block) -> tuple[int, int, int]:
    return block.cost, block.waiting, block.placed[0].slot


def _single_days(search: _Search, blocks: dict[date, dict[int, list[Block]]]) -> list[Option]:
    return [search.option((block,)) for by_mask in blocks.values() for block in by_mask.get(search.full, [])]


def _joined_days(search: _Search, blocks: dict[date, dict[int, list[Block]]]) -> list[Option]:
    """Options over two or more days (up to the rule's maximum), from partial blocks of distinct days."""
    options: list[Option] = []
    days = sorted(blocks)
    for count in range(2, search.request.rules.max_days + 1):
        for chosen in combinations(days, count):
            options += [search.option(parts) for parts in _partitions(search, blocks, chosen, 0)]
    return options


def _partitions(
    search: _Search, blocks: dict[date, dict[int, list[Block]]], days: tuple[date, ...], mask: int
) -> list[tuple[Block, ...]]:
    """Ways to finish the loop with one block on each of ``days`` that keep the panel and daily rules."""
    day, rest = days[0], days[1:]
    if not rest:
        return [(block,) for block in blocks[day].get(search.full ^ mask, [])] if mask else []
    found: list[tuple[Block, ...]] = []
    for block_mask, candidates in blocks[day].items():
        if block_mask & mask or block_mask | mask == search.full:
            continue
        for block in candidates[: 2 if len(rest) > 1 else KEEP_PER_MASK]:
            for tail in _partitions(search, blocks, rest, mask | block_mask):
                if search.compatible((block, *tail)):
                    found.append((block, *tail))
    return found


def _rank(request: LoopRequest, options: list[Option]) -> list[Option]:
    """The best options, at most one per set of days and starting hour so the choice is real."""
    chosen: list[Option] = []
    seen: set[tuple[object, ...]] = set()
    candidate_zone = zone(request.candidate.zone)
    for option in sorted(options, key=lambda option: option.rank_key):
        local_days = tuple(sorted({session.start.astimezone(candidate_zone).date() for session in option.sessions}))
        first_hour = option.sessions[0].start.astimezone(candidate_zone).hour
        if (local_days, first_hour) in seen:
            continue
        seen.add((local_days, first_hour))
        chosen.append(option)
        if len(chosen) == request.rules.options:
            break
    return chosen
