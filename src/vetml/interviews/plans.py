"""The loop plan a hiring manager reads and edits, and how an edited plan is checked again.

A plan pins each question to a version and content hash, so what the candidate is asked is exactly
what was reviewed, even if the bank changes between planning and the interview.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from vetml.errors import InvalidInput
from vetml.interviews.catalogue import CHALLENGE, QUESTION, Catalogue, Option, options_from
from vetml.interviews.competencies import Competency, Coverage, build_coverage
from vetml.questions.schemas import Level, Module


class PlannedItem(BaseModel):
    """A question or challenge of a module, pinned to the exact content and with the reason it was picked."""

    id: str
    version: int | None = Field(default=None, description="Question version number; none for challenges.")
    content_hash: str = ""
    title: str = ""
    category: str = ""
    level: Level | None = None
    minutes: int = 0
    competencies: list[Competency] = Field(default_factory=list)
    reason: str = ""


class PlannedModule(BaseModel):
    """One module of the loop with its duration, questions and coding challenges."""

    module: Module
    minutes: int
    questions: list[PlannedItem] = Field(default_factory=list)
    challenges: list[PlannedItem] = Field(default_factory=list)


class LoopPlan(BaseModel):
    """A proposed loop a hiring manager can edit and then check again with ``revalidate``."""

    level: Level
    competencies: list[Competency]
    modules: list[PlannedModule]
    coverage: Coverage
    notes: list[str] = Field(default_factory=list)


def planned_item(option: Option, reason: str) -> PlannedItem:
    """A picked option as the plan shows it."""
    return PlannedItem(
        id=option.id,
        version=option.version,
        content_hash=option.content_hash,
        title=option.title,
        category=option.category,
        level=option.level,
        minutes=option.minutes,
        competencies=list(option.competencies),
        reason=reason,
    )


def coverage_of(competencies: list[Competency], modules: list[PlannedModule]) -> Coverage:
    """The coverage matrix of the modules from what their questions and challenges assess."""
    assessed = [
        (
            planned.module,
            {competency for item in planned.questions + planned.challenges for competency in item.competencies},
        )
        for planned in modules
    ]
    return build_coverage(competencies, assessed)


def revalidate(plan: LoopPlan, catalogue: Catalogue) -> LoopPlan:
    """Check an edited plan against the bank and recompute its coverage, so removed cover shows as a gap."""
    _check_modules(plan)
    options = {option.key: option for option in options_from(catalogue, seen_questions=set(), seen_challenges=set())}
    unknown: list[str] = []
    modules = [_refreshed(planned, options, unknown) for planned in plan.modules]
    if unknown:
        raise InvalidInput(
            f"the plan names {len(unknown)} item(s) the bank does not hold: {', '.join(unknown)}",
            hint="Pick questions and challenges that exist in the bank, or load the bank again.",
        )
    return plan.model_copy(update={"modules": modules, "coverage": coverage_of(plan.competencies, modules)})


def _check_modules(plan: LoopPlan) -> None:
    repeated = [module.value for module, count in Counter(p.module for p in plan.modules).items() if count > 1]
    if repeated:
        raise InvalidInput(f"the plan lists the {repeated[0]} module twice", hint="Merge the two into one module.")
    keys = Counter(
        (kind, item.id)
        for planned in plan.modules
        for kind, items in ((QUESTION, planned.questions), (CHALLENGE, planned.challenges))
        for item in items
    )
    twice = sorted(item_id for (_, item_id), count in keys.items() if count > 1)
    if twice:
        raise InvalidInput(f"the plan asks {twice[0]!r} twice", hint="Keep it in one module only.")


def _refreshed(planned: PlannedModule, options: dict[tuple[str, str], Option], unknown: list[str]) -> PlannedModule:
    questions = [_refreshed_item(item, options.get((QUESTION, item.id)), unknown) for item in planned.questions]
    challenges = [_refreshed_item(item, options.get((CHALLENGE, item.id)), unknown) for item in planned.challenges]
    return planned.model_copy(update={"questions": questions, "challenges": challenges})


def _refreshed_item(item: PlannedItem, option: Option | None, unknown: list[str]) -> PlannedItem:
    # A pinned version is kept as the manager chose it; only missing pins are filled with the current one.
    if option is None:
        unknown.append(item.id)
        return item
    fresh = planned_item(option, item.reason or "added by the hiring manager")
    if item.version is not None:
        fresh = fresh.model_copy(update={"version": item.version, "content_hash": item.content_hash})
    return fresh
