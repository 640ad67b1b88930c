"""Propose an interview loop for a role and a candidate: modules, their questions and challenges, and why.

The planner is pure: it reads a ``Catalogue`` (the bank as plain data) and never the database, so
the same inputs and seed always give the same plan. Picking runs in phases, each recording its
reason: a deep dive per claimed skill, a check per must-have skill, a coding challenge per coding
module, one item for every competency still unassessed (adding a module when the loop has no room
or no fit), then filling each module's time. What the bank cannot cover is reported as a gap.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Set
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from vetml.errors import InvalidInput
from vetml.interviews.catalogue import CHALLENGE, QUESTION, Catalogue, Option, options_from
from vetml.interviews.competencies import COMPETENCY_MODULES, LOOP_ORDER, SPECIALTIES, Competency, role_competencies
from vetml.interviews.plans import LoopPlan, PlannedModule, coverage_of, planned_item
from vetml.questions.schemas import Level, Module

# Minutes per module; design rounds are shorter below senior because the expected depth is lower.
MODULE_MINUTES = {
    Module.TECHNICAL_SCREEN: 30,
    Module.DATA_CODING: 60,
    Module.CODING_ALGORITHMS: 45,
    Module.ML_THEORY: 45,
    Module.ML_DESIGN: 60,
    Module.SYSTEM_DESIGN: 60,
    Module.BEHAVIORAL: 45,
}
SHORT_DESIGN_MINUTES = 45
OPENING_MINUTES = 5  # introductions and the candidate's own questions
BASE_LOOPS = {
    Level.JUNIOR: (Module.TECHNICAL_SCREEN, Module.DATA_CODING, Module.ML_THEORY, Module.BEHAVIORAL),
    Level.MID: (Module.TECHNICAL_SCREEN, Module.DATA_CODING, Module.ML_THEORY, Module.ML_DESIGN, Module.BEHAVIORAL),
}
BASE_LOOPS[Level.SENIOR] = (*BASE_LOOPS[Level.MID][:-1], Module.SYSTEM_DESIGN, Module.BEHAVIORAL)
BASE_LOOPS[Level.STAFF] = BASE_LOOPS[Level.SENIOR]
CODING_MODULES = (Module.DATA_CODING, Module.CODING_ALGORITHMS)
# Words that describe how well a skill is known rather than what it is.
FILLER = frozenset(
    {
        *("a", "an", "and", "at", "the", "in", "of", "on", "with", "year", "years", "yrs"),
        *("expert", "expertise", "strong", "solid", "good", "knowledge", "advanced", "practical"),
        *("experienced", "experience", "proficient", "proficiency", "skilled", "familiar", "hands-on"),
    }
)


class RoleSpec(BaseModel):
    """The hiring request: level, specialties and must-have skills in the hiring manager's words."""

    level: str
    specialties: list[str] = Field(default_factory=list)
    must_have_skills: list[str] = Field(default_factory=list)


class CandidateSpec(BaseModel):
    """What the candidate claims to be good at, in their own words."""

    claimed_skills: list[str] = Field(default_factory=list)
    unevidenced_skills: list[str] = Field(
        default_factory=list, description="Skills the CV names but never shows in use (from the CV review)."
    )


@dataclass
class _Slot:
    module: Module
    minutes: int
    items: list[tuple[Option, str]] = field(default_factory=list)

    @property
    def left(self) -> int:
        return self.minutes - OPENING_MINUTES - sum(option.minutes for option, _ in self.items)


@dataclass
class _Draft:
    level: Level
    role: list[Competency]
    options: list[Option]
    tiebreak: dict[tuple[str, str], float]
    slots: dict[Module, _Slot] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add_module(self, module: Module) -> _Slot:
        if module not in self.slots:
            self.slots[module] = _Slot(module, module_minutes(module, self.level))
        return self.slots[module]

    def assessed(self) -> set[Competency]:
        return {
            competency for slot in self.slots.values() for option, _ in slot.items for competency in option.competencies
        }

    def used(self) -> set[tuple[str, str]]:
        return {option.key for slot in self.slots.values() for option, _ in slot.items}


def module_minutes(module: Module, level: Level) -> int:
    """How long a module runs for a role at this level."""
    if module in (Module.ML_DESIGN, Module.SYSTEM_DESIGN) and level.rank < Level.SENIOR.rank:
        return SHORT_DESIGN_MINUTES
    return MODULE_MINUTES[module]


def parse_level(value: str) -> Level:
    """The level named by a hiring request, or InvalidInput listing the levels there are."""
    try:
        return Level(value.strip().lower())
    except ValueError:
        allowed = ", ".join(level.value for level in Level)
        raise InvalidInput(f"unknown level {value!r}", hint=f"Use one of: {allowed}.") from None


def parse_specialties(values: list[str]) -> list[str]:
    """Specialties as slugs ('Computer vision' becomes computer-vision), or InvalidInput listing the known ones."""
    slugs = ["-".join(value.lower().split()) for value in values]
    unknown = [value for value, slug in zip(values, slugs, strict=True) if slug not in SPECIALTIES]
    if unknown:
        raise InvalidInput(f"unknown specialty {unknown[0]!r}", hint=f"Use any of: {', '.join(SPECIALTIES)}.")
    return sorted(set(slugs))


def skill_phrase(skill: str) -> str:
    """The subject of a skill claim: 'expert in random forests' becomes 'random forests'."""
    kept = [word for word in skill.lower().replace(",", " ").split() if word not in FILLER and not word.isdigit()]
    return " ".join(kept)


def plan_loop(
    role: RoleSpec,
    candidate: CandidateSpec,
    catalogue: Catalogue,
    *,
    seen_questions: Set[str] = frozenset(),
    seen_challenges: Set[str] = frozenset(),
    seed: int | str = 0,
) -> LoopPlan:
    """Propose a loop that assesses every competency of the role, never repeating what the candidate saw."""
    level = parse_level(role.level)
    competencies = role_competencies(level, parse_specialties(role.specialties), role.must_have_skills)
    options = options_from(catalogue, seen_questions=seen_questions, seen_challenges=seen_challenges)
    draft = _Draft(level, competencies, options, _tiebreak(options, seed))
    for module in BASE_LOOPS[level]:
        draft.add_module(module)
    _ensure_modules(draft)
    _pick_skills(draft, candidate.unevidenced_skills, "deep dive: the CV claims but never shows")
    _pick_skills(draft, candidate.claimed_skills, "deep dive on the claimed skill")
    _pick_skills(draft, role.must_have_skills, "checks the must-have skill")
    _pick_challenges(draft)
    for competency in draft.role:
        _cover(draft, competency)
    for slot in _slots(draft):
        _fill(draft, slot)
    return _finish(draft)


def _tiebreak(options: list[Option], seed: int | str) -> dict[tuple[str, str], float]:
    # Drawn in the options' stable order, so the seed alone decides among equally good picks.
    rng = random.Random(seed)
    return {option.key: rng.random() for option in options}


def _slots(draft: _Draft) -> list[_Slot]:
    return [draft.slots[module] for module in LOOP_ORDER if module in draft.slots]


def _ensure_modules(draft: _Draft) -> None:
    for competency in draft.role:
        if not any(module in draft.slots for module in COMPETENCY_MODULES[competency]):
            draft.add_module(COMPETENCY_MODULES[competency][0])


def _distance(option: Option, level: Level) -> int | None:
    # Questions may come from one level below; challenges from two, as the bank holds few hard ones.
    below = level.rank - option.level.rank
    allowed = 1 if option.kind == QUESTION else 2
    return below if 0 <= below <= allowed else None


Rank = tuple[float, ...]
Ranker = Callable[[Option, int], Rank | None]  # (option, levels below the role) to a sort key, or None to skip


def _place(draft: _Draft, slots: list[_Slot], rank: Ranker) -> tuple[Option, _Slot] | None:
    """The best unused option that fits one of the slots, by rank, then slot order, then the seeded tiebreak."""
    used = draft.used()
    best: tuple[Rank, Option, _Slot] | None = None
    for index, slot in enumerate(slots):
        for option in draft.options:
            if option.key in used or slot.module not in option.modules or option.minutes > slot.left:
                continue
            distance = _distance(option, draft.level)
            score = None if distance is None else rank(option, distance)
            if score is None:
                continue
            full = (*score, index, draft.tiebreak[option.key])
            if best is None or full < best[0]:
                best = (full, option, slot)
    return None if best is None else (best[1], best[2])


def _put(draft: _Draft, option: Option, slot: _Slot, reason: str, *, closest: bool = False) -> None:
    if option.level is not draft.level and closest:
        reason += f" (the closest match is a {option.level.value} {option.kind})"
    elif option.level is not draft.level:
        reason += f" (a {option.level.value} {option.kind}: no unseen {draft.level.value} one fitted)"
    slot.items.append((option, reason))
    if slot.module not in draft.slots:
        draft.slots[slot.module] = slot
        draft.notes.append(f"added the {slot.module.value} module: {reason}")


def _pick_skills(draft: _Draft, skills: list[str], why: str) -> None:
    phrases = list(dict.fromkeys(phrase for phrase in map(skill_phrase, skills) if phrase))
    for phrase in phrases:

        def rank(option: Option, distance: int, phrase: str = phrase) -> Rank | None:
            strength = option.match(phrase)
            return (-strength, option.kind != QUESTION, distance) if strength else None

        found = _place(draft, _slots(draft), rank)
        if found is None:
            draft.notes.append(f"no unseen question or challenge fits the skill '{phrase}'")
            continue
        _put(draft, *found, f"{why} '{phrase}'", closest=True)


def _pick_challenges(draft: _Draft) -> None:
    role = set(draft.role)
    for slot in _slots(draft):
        if slot.module not in CODING_MODULES or any(option.kind == CHALLENGE for option, _ in slot.items):
            continue

        def rank(option: Option, distance: int) -> Rank | None:
            fresh = role & set(option.competencies) - draft.assessed()
            return (distance, -len(fresh)) if option.kind == CHALLENGE else None

        found = _place(draft, [slot], rank)
        if found is None:
            draft.notes.append(f"no unseen coding challenge suits the {slot.module.value} module")
            continue
        option = found[0]
        _put(draft, option, slot, f"coding challenge on {_names(role & set(option.competencies))}")


def _cover(draft: _Draft, competency: Competency) -> None:
    if competency in draft.assessed():
        return
    preferred = [module for module in COMPETENCY_MODULES[competency] if module in draft.slots]
    inside = [draft.slots[module] for module in preferred] + [s for s in _slots(draft) if s.module not in preferred]
    outside = [module for module in (*COMPETENCY_MODULES[competency], *LOOP_ORDER) if module not in draft.slots]
    fresh = [_Slot(module, module_minutes(module, draft.level)) for module in dict.fromkeys(outside)]

    def rank(option: Option, distance: int) -> Rank | None:
        return (distance,) if competency in option.competencies else None

    found = _place(draft, inside, rank) or _place(draft, fresh, rank)
    if found is None:
        draft.notes.append(f"no unseen question or challenge in the bank assesses {competency.value}")
        return
    _put(draft, *found, f"covers {competency.value}, which no other pick of the loop assesses")


def _fill(draft: _Draft, slot: _Slot) -> None:
    while found := _place(draft, [slot], _depth_rank(set(draft.role), slot)):
        _put(draft, *found, f"adds depth on {_names(set(draft.role) & set(found[0].competencies))}")


def _depth_rank(role: set[Competency], slot: _Slot) -> Ranker:
    """Prefer questions on role competencies this module has not touched, then categories it has not used."""
    covered = {competency for option, _ in slot.items for competency in option.competencies}
    categories = [option.category for option, _ in slot.items]

    def rank(option: Option, distance: int) -> Rank | None:
        relevant = role & set(option.competencies)
        if not relevant or option.kind != QUESTION:
            return None
        return (distance, -len(relevant - covered), categories.count(option.category))

    return rank


def _names(competencies: Set[Competency]) -> str:
    return ", ".join(competency.value for competency in Competency if competency in competencies)


def _finish(draft: _Draft) -> LoopPlan:
    modules = [_planned_module(slot) for slot in _slots(draft)]
    return LoopPlan(
        level=draft.level,
        competencies=draft.role,
        modules=modules,
        coverage=coverage_of(draft.role, modules),
        notes=draft.notes,
    )


def _planned_module(slot: _Slot) -> PlannedModule:
    return PlannedModule(
        module=slot.module,
        minutes=slot.minutes,
        questions=[planned_item(option, reason) for option, reason in slot.items if option.kind == QUESTION],
        challenges=[planned_item(option, reason) for option, reason in slot.items if option.kind == CHALLENGE],
    )
