"""Swapping a pick of a loop plan: which bank items may replace it, and what the swap does to coverage."""

from __future__ import annotations

import pytest

from tests.interviews.test_planner import MID, create_catalogue, create_question, picked_questions
from vetml.errors import InvalidInput, NotFound
from vetml.interviews.catalogue import CHALLENGE, QUESTION, Catalogue, Option, options_from
from vetml.interviews.competencies import Competency
from vetml.interviews.planner import CandidateSpec, plan_loop
from vetml.interviews.plans import LoopPlan
from vetml.interviews.swaps import alternatives, swap, unseen_options
from vetml.questions.schemas import Module


def catalogue_with_spares() -> Catalogue:
    """The planner tests' bank plus questions the planner leaves unused (too long for the time left, or off-level)."""
    catalogue = create_catalogue()
    catalogue.questions += [
        create_question("conflict-story", "behavioral", level="mid", modules=("behavioral",), minutes=30),
        create_question("junior-chat", "behavioral", level="junior", modules=("behavioral",), minutes=30),
        create_question("too-easy", "behavioral", level="junior", modules=("behavioral",), minutes=30),
        create_question("staff-only", "behavioral", level="staff", modules=("behavioral",)),
        create_question("design-only", "system-design", level="mid", modules=("ml-design",)),
    ]
    return catalogue


def spares(seen: frozenset[str] = frozenset()) -> list[Option]:
    """The unseen items of ``catalogue_with_spares``."""
    return unseen_options(catalogue_with_spares(), seen_questions=seen, seen_challenges=frozenset())


def behavioral_pick(plan: LoopPlan) -> str:
    """The id of the first question of the plan's behavioural module."""
    module = next(planned for planned in plan.modules if planned.module is Module.BEHAVIORAL)
    return module.questions[0].id


@pytest.fixture
def plan() -> LoopPlan:
    return plan_loop(MID, CandidateSpec(), catalogue_with_spares(), seed=1)


def test_alternatives_fit_the_module_and_level_and_are_never_already_in_the_loop(plan: LoopPlan) -> None:
    pick = behavioral_pick(plan)
    found = alternatives(plan, spares(), module=Module.BEHAVIORAL, kind=QUESTION, item_id=pick)
    ids = [choice.option.id for choice in found]
    assert ids, "the bank holds unused behavioural questions"
    assert not set(ids) & set(picked_questions(plan))
    assert "design-only" not in ids  # another module's question
    assert "staff-only" not in ids  # above the role's level
    assert {"conflict-story", "junior-chat", "too-easy"} <= set(ids)  # same level, and one level below
    assert all(Module.BEHAVIORAL in choice.option.modules for choice in found)


def test_alternatives_sharing_competencies_with_the_pick_come_first(plan: LoopPlan) -> None:
    pick = behavioral_pick(plan)
    found = alternatives(plan, spares(), module=Module.BEHAVIORAL, kind=QUESTION, item_id=pick)
    shared = [len(choice.shared) for choice in found]
    assert shared == sorted(shared, reverse=True)
    assert shared[0] >= 1
    # at equal overlap, the same level as the role comes before one level below
    assert [choice.option.id for choice in found][:3] == ["conflict-story", "junior-chat", "too-easy"]


def test_questions_the_candidate_saw_are_not_offered(plan: LoopPlan) -> None:
    pick = behavioral_pick(plan)
    found = alternatives(plan, spares(frozenset({"conflict-story"})), module=Module.BEHAVIORAL, kind=QUESTION,
                         item_id=pick)  # fmt: skip
    assert "conflict-story" not in [choice.option.id for choice in found]


def test_a_swap_replaces_the_pick_in_place_and_recomputes_coverage(plan: LoopPlan) -> None:
    catalogue = catalogue_with_spares()
    pick = behavioral_pick(plan)
    options = {option.id: option for option in options_from(catalogue, seen_questions=set(), seen_challenges=set())}
    swapped = swap(plan, module=Module.BEHAVIORAL, kind=QUESTION, item_id=pick, replacement=options["conflict-story"])
    module = next(planned for planned in swapped.modules if planned.module is Module.BEHAVIORAL)
    assert module.questions[0].id == "conflict-story"
    assert "in place of" in module.questions[0].reason and pick in module.questions[0].reason
    assert pick not in picked_questions(swapped)
    assert [planned.module for planned in swapped.modules] == [planned.module for planned in plan.modules]
    assert plan.modules != swapped.modules  # the original plan is left untouched
    assert behavioral_pick(plan) == pick


def test_a_swap_that_drops_the_only_cover_of_a_competency_shows_it_as_a_gap(plan: LoopPlan) -> None:
    assert Competency.PRODUCTION_OPERATIONS not in plan.coverage.gaps
    found = alternatives(plan, spares(), module=Module.ML_DESIGN, kind=QUESTION, item_id="rollback-plan")
    replacement = next(choice.option for choice in found if choice.option.id == "design-only")
    swapped = swap(plan, module=Module.ML_DESIGN, kind=QUESTION, item_id="rollback-plan", replacement=replacement)
    assert Competency.PRODUCTION_OPERATIONS in swapped.coverage.gaps
    covered = {competency for planned in swapped.modules for item in planned.questions + planned.challenges
               for competency in item.competencies}  # fmt: skip
    assert set(swapped.coverage.gaps) == set(swapped.competencies) - covered


def test_an_unknown_module_kind_or_pick_is_a_clear_error(plan: LoopPlan) -> None:
    catalogue = spares()
    with pytest.raises(NotFound, match="no system-design module"):
        alternatives(plan, catalogue, module=Module.SYSTEM_DESIGN, kind=QUESTION, item_id="x")
    with pytest.raises(NotFound, match="no question 'not-there'"):
        alternatives(plan, catalogue, module=Module.BEHAVIORAL, kind=QUESTION, item_id="not-there")
    with pytest.raises(InvalidInput, match="unknown kind"):
        alternatives(plan, catalogue, module=Module.BEHAVIORAL, kind="puzzle", item_id=behavioral_pick(plan))
    challenge = next(item.id for planned in plan.modules for item in planned.challenges)
    with pytest.raises(NotFound, match="no question"):
        alternatives(plan, catalogue, module=Module.BEHAVIORAL, kind=QUESTION, item_id=challenge)
    data_coding = next(planned for planned in plan.modules if planned.challenges)
    found = alternatives(plan, catalogue, module=data_coding.module, kind=CHALLENGE, item_id=challenge)
    assert all(choice.option.kind == CHALLENGE for choice in found)
