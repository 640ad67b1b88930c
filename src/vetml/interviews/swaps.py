"""Swapping one pick of a loop plan for another from the bank, and which picks may take its place.

The planner proposes and the hiring manager decides. A swap keeps the module and the kind (a question
for a question, a challenge for a challenge) so the loop keeps its shape and timing; the coverage is
computed again afterwards, so a swap that drops a competency shows as a gap straight away.
Alternatives follow the planner's own rules: nothing the candidate has seen, nothing already in the
loop, and questions at most one level (challenges two) below the role.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass

from vetml.errors import InvalidInput, NotFound
from vetml.interviews.catalogue import CHALLENGE, QUESTION, Catalogue, Option, options_from
from vetml.interviews.competencies import Competency
from vetml.interviews.plans import LoopPlan, PlannedItem, PlannedModule, coverage_of, planned_item
from vetml.questions.schemas import Module

MAX_ALTERNATIVES = 15
KINDS = (QUESTION, CHALLENGE)
PickKey = tuple[Module, str, str]  # module, kind, item id: one pick of a plan
MAX_LEVELS_BELOW = {QUESTION: 1, CHALLENGE: 2}


@dataclass(frozen=True)
class Alternative:
    """A bank item that could replace a pick, and the competencies it shares with that pick."""

    option: Option
    shared: tuple[Competency, ...]


def unseen_options(catalogue: Catalogue, *, seen_questions: Set[str], seen_challenges: Set[str]) -> list[Option]:
    """The bank items a candidate was never shown: what ``alternatives`` chooses from (build it once per page)."""
    return options_from(catalogue, seen_questions=seen_questions, seen_challenges=seen_challenges)


def alternatives(
    plan: LoopPlan, options: Sequence[Option], *, module: Module, kind: str, item_id: str,
    limit: int = MAX_ALTERNATIVES,
) -> list[Alternative]:  # fmt: skip
    """Of ``options``, those fitting the pick's module, best first: most competencies in common, then closest
    in level and time."""
    current = picked(plan, module=module, kind=kind, item_id=item_id)
    in_loop = {(kind_of, item.id) for planned in plan.modules for kind_of, item in _items(planned)}
    fitting = [
        option
        for option in options
        if option.kind == kind and module in option.modules and option.key not in in_loop and _level_fits(plan, option)
    ]
    ranked = sorted(fitting, key=lambda option: _rank(option, current, plan))
    return [Alternative(option, _shared(option, current)) for option in ranked[:limit]]


def swap(plan: LoopPlan, *, module: Module, kind: str, item_id: str, replacement: Option) -> LoopPlan:
    """The plan with ``item_id`` replaced in place by ``replacement``, and its coverage computed again."""
    picked(plan, module=module, kind=kind, item_id=item_id)
    reason = f"chosen by the hiring manager in place of {item_id}"
    modules = [_swapped(planned, kind, item_id, planned_item(replacement, reason)) if planned.module is module
               else planned for planned in plan.modules]  # fmt: skip
    return plan.model_copy(update={"modules": modules, "coverage": coverage_of(plan.competencies, modules)})


def picked(plan: LoopPlan, *, module: Module, kind: str, item_id: str) -> PlannedItem:
    """The pick being replaced, or a clear error when the plan has no such module or pick."""
    if kind not in KINDS:
        raise InvalidInput(f"unknown kind {kind!r}", hint=f"Use one of: {', '.join(KINDS)}.")
    planned = next((candidate for candidate in plan.modules if candidate.module is module), None)
    if planned is None:
        raise NotFound(f"the loop has no {module.value} module", hint="Reload the plan; it may have been edited.")
    found = next((item for kind_of, item in _items(planned) if kind_of == kind and item.id == item_id), None)
    if found is None:
        raise NotFound(f"the {module.value} module has no {kind} {item_id!r}",
                       hint="Reload the plan; it may have been edited since you opened it.")  # fmt: skip
    return found


def _items(planned: PlannedModule) -> list[tuple[str, PlannedItem]]:
    return [(QUESTION, item) for item in planned.questions] + [(CHALLENGE, item) for item in planned.challenges]


def _level_fits(plan: LoopPlan, option: Option) -> bool:
    below = plan.level.rank - option.level.rank
    return 0 <= below <= MAX_LEVELS_BELOW[option.kind]


def _shared(option: Option, current: PlannedItem) -> tuple[Competency, ...]:
    return tuple(competency for competency in option.competencies if competency in current.competencies)


def _rank(option: Option, current: PlannedItem, plan: LoopPlan) -> tuple[int, int, int, str]:
    return (
        -len(_shared(option, current)),
        plan.level.rank - option.level.rank,
        abs(option.minutes - current.minutes),
        option.id,
    )


def _swapped(planned: PlannedModule, kind: str, item_id: str, replacement: PlannedItem) -> PlannedModule:
    field = "questions" if kind == QUESTION else "challenges"
    items = [replacement if item.id == item_id else item for item in getattr(planned, field)]
    return planned.model_copy(update={field: items})
