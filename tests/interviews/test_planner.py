"""The interview loop planner: coverage, skill deep dives, no repeats, level fallback, edits and the real bank."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm import Session

from tests.conftest import REPOSITORY_BANK
from vetml.errors import InvalidInput
from vetml.interviews.catalogue import Catalogue, CatalogueChallenge, CatalogueQuestion, catalogue_from_session
from vetml.interviews.competencies import Competency, keyword_competencies, role_competencies
from vetml.interviews.planner import CandidateSpec, LoopPlan, RoleSpec, plan_loop, skill_phrase
from vetml.interviews.plans import revalidate
from vetml.questions import service
from vetml.questions.schemas import Level, Module

C = Competency


def create_question(
    question_id: str,
    category: str,
    *,
    level: str = "senior",
    modules: tuple[str, ...] = ("ml-theory",),
    tags: tuple[str, ...] = ("general",),
    title: str = "",
    prompt: str = "",
    minutes: int = 10,
) -> CatalogueQuestion:
    """A catalogue question with plain defaults."""
    return CatalogueQuestion(
        id=question_id,
        category=category,
        level=Level(level),
        modules=[Module(module) for module in modules],
        tags=list(tags),
        title=title or question_id.replace("-", " "),
        prompt=prompt,
        content_hash=f"hash-of-{question_id}",
        minutes=minutes,
    )


def create_challenge(challenge_id: str, category: str = "data-coding", *, level: str = "senior") -> CatalogueChallenge:
    """A catalogue challenge with plain defaults."""
    return CatalogueChallenge(id=challenge_id, category=category, level=Level(level), tags=["numpy"])


def create_catalogue() -> Catalogue:
    """A small bank that can cover every competency of a mid-level role with no specialty."""
    return Catalogue(
        questions=[
            create_question("bagging-basics", "ensembles", level="mid", tags=("bagging", "random-forest")),
            create_question("bias-basics", "bias-variance", level="mid", title="Regularisation and variance"),
            create_question("leaky-pipeline", "data-pipelines", level="mid", modules=("ml-design",)),
            create_question("design-fraud", "system-design", level="mid", modules=("ml-design",), minutes=20),
            create_question("rollback-plan", "deployment", level="mid", modules=("ml-design", "system-design")),
            create_question("hard-conversation", "behavioral", level="mid", modules=("behavioral",)),
            create_question("async-updates", "remote-communication", level="mid", modules=("behavioral",)),
        ],
        challenges=[create_challenge("dedupe-events", level="mid"), create_challenge("parse-logs", level="mid")],
    )


def picked_questions(plan: LoopPlan) -> list[str]:
    """Ids of every question of the plan, module by module."""
    return [item.id for module in plan.modules for item in module.questions]


def picked_challenges(plan: LoopPlan) -> list[str]:
    """Ids of every challenge of the plan."""
    return [item.id for module in plan.modules for item in module.challenges]


MID = RoleSpec(level="mid")


def test_the_same_inputs_and_seed_give_the_same_plan_and_other_seeds_can_differ() -> None:
    catalogue = Catalogue(
        questions=[create_question(f"theory-{n:02}", "fundamentals") for n in range(12)],
        challenges=[create_challenge(f"task-{n:02}") for n in range(6)],
    )
    role = RoleSpec(level="senior")
    first = plan_loop(role, CandidateSpec(), catalogue, seed=7)
    assert plan_loop(role, CandidateSpec(), catalogue, seed=7) == first
    shuffled = Catalogue(questions=catalogue.questions[::-1], challenges=catalogue.challenges[::-1])
    assert plan_loop(role, CandidateSpec(), shuffled, seed=7) == first
    others = {tuple(picked_questions(plan_loop(role, CandidateSpec(), catalogue, seed=seed))) for seed in range(8)}
    assert len(others) > 1


def test_every_competency_of_the_role_is_owned_by_a_module_of_the_loop() -> None:
    plan = plan_loop(MID, CandidateSpec(), create_catalogue())
    assert [row.competency for row in plan.coverage.rows] == role_competencies(Level.MID, [], [])
    assert plan.coverage.gaps == []
    loop = [module.module for module in plan.modules]
    for row in plan.coverage.rows:
        assert row.owner in row.assessed_by
        assert set(row.assessed_by) <= set(loop)
    assert plan.coverage.assesses(C.COMMUNICATION, Module.BEHAVIORAL)
    assert picked_challenges(plan)


def test_a_competency_the_bank_cannot_cover_is_a_gap_and_its_module_is_still_planned() -> None:
    plan = plan_loop(RoleSpec(level="mid", specialties=["Recommender systems"]), CandidateSpec(), create_catalogue())
    assert plan.coverage.gaps == [C.RECOMMENDER_SYSTEMS]
    assert any("recommender-systems" in note for note in plan.notes)


def test_an_empty_bank_gives_a_plan_whose_every_competency_is_a_gap() -> None:
    plan = plan_loop(RoleSpec(level="staff", specialties=["nlp"]), CandidateSpec(), Catalogue())
    assert plan.coverage.gaps == plan.competencies
    assert C.NLP in plan.competencies
    assert all(not module.questions and not module.challenges for module in plan.modules)
    assert plan.modules


def test_a_claimed_skill_gets_a_deep_dive_on_exactly_that_skill_and_says_why() -> None:
    catalogue = create_catalogue()
    catalogue.questions.append(create_question("boosting-rounds", "ensembles", level="mid", tags=("boosting",)))
    candidate = CandidateSpec(claimed_skills=["Expert in random forests", "5 years of quantum annealing"])
    plan = plan_loop(MID, candidate, catalogue)
    dives = [item for module in plan.modules for item in module.questions if "claimed skill" in item.reason]
    assert [(item.id, item.reason) for item in dives] == [
        ("bagging-basics", "deep dive on the claimed skill 'random forests'")
    ]
    assert "no unseen question or challenge fits the skill 'quantum annealing'" in plan.notes


def test_a_skill_matches_words_of_the_prompt_when_no_tag_names_it() -> None:
    catalogue = create_catalogue()
    catalogue.questions.append(
        create_question("calibrate", "evaluation-metrics", level="mid", prompt="When does isotonic regression help?")
    )
    plan = plan_loop(MID, CandidateSpec(claimed_skills=["isotonic regression"]), catalogue)
    assert "calibrate" in picked_questions(plan)


def test_questions_and_challenges_the_candidate_saw_are_never_planned_again() -> None:
    catalogue = create_catalogue()
    first = plan_loop(MID, CandidateSpec(), catalogue)
    seen_questions = {"bagging-basics", "hard-conversation"}
    seen_challenges = set(picked_challenges(first))
    again = plan_loop(
        MID, CandidateSpec(claimed_skills=["random forests"]), catalogue,
        seen_questions=seen_questions, seen_challenges=seen_challenges,
    )  # fmt: skip
    assert not seen_questions & set(picked_questions(again))
    assert not seen_challenges & set(picked_challenges(again))
    assert picked_challenges(again)  # the other challenge takes the place of the one seen


def test_questions_fall_back_one_level_below_and_never_further() -> None:
    catalogue = Catalogue(
        questions=[
            create_question("staff-theory", "fundamentals", level="staff"),
            create_question("senior-theory", "fundamentals", level="senior"),
            create_question("mid-behavior", "behavioral", level="mid", modules=("behavioral",)),
            create_question("senior-behavior", "behavioral", level="senior", modules=("behavioral",)),
        ]
    )
    plan = plan_loop(RoleSpec(level="staff"), CandidateSpec(), catalogue)
    by_id = {item.id: item for module in plan.modules for item in module.questions}
    assert by_id["staff-theory"].reason.startswith("covers ml-fundamentals")
    assert "no unseen staff one fitted" not in by_id["staff-theory"].reason
    assert "(a senior question: no unseen staff one fitted)" in by_id["senior-behavior"].reason
    assert "mid-behavior" not in by_id


def test_editing_a_plan_and_revalidating_it_shows_the_competency_left_uncovered() -> None:
    catalogue = create_catalogue()
    plan = plan_loop(MID, CandidateSpec(), catalogue)
    edited = plan.model_copy(deep=True)
    for module in edited.modules:
        module.questions = [item for item in module.questions if C.COMMUNICATION not in item.competencies]
    checked = revalidate(edited, catalogue)
    assert checked.coverage.gaps == [C.COMMUNICATION]
    assert revalidate(plan, catalogue).coverage == plan.coverage


def test_revalidating_fills_what_a_manager_added_from_the_bank_and_refuses_unknown_ids() -> None:
    catalogue = create_catalogue()
    plan = plan_loop(MID, CandidateSpec(), catalogue, seen_questions={"async-updates"})
    behavioral = next(module for module in plan.modules if module.module is Module.BEHAVIORAL)
    behavioral.questions.append(behavioral.questions[0].model_copy(update={"id": "async-updates", "version": None}))
    added = revalidate(plan, catalogue).modules[-1].questions[-1]
    assert (added.version, added.content_hash, added.competencies) == (1, "hash-of-async-updates", [C.COMMUNICATION])
    behavioral.questions.append(added.model_copy(update={"id": "no-such-question"}))
    with pytest.raises(InvalidInput, match="no-such-question"):
        revalidate(plan, catalogue)


def test_revalidating_refuses_a_question_asked_twice() -> None:
    plan = plan_loop(MID, CandidateSpec(), create_catalogue())
    first = next(module.questions[0] for module in plan.modules if module.questions)
    plan.modules[-1].questions.append(first)
    with pytest.raises(InvalidInput, match="twice"):
        revalidate(plan, create_catalogue())


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (RoleSpec(level="principal"), "junior, mid, senior, staff"),
        (RoleSpec(level="senior", specialties=["mlops", "quantum"]), "recommender-systems"),
    ],
)
def test_an_unknown_level_or_specialty_is_invalid_input_listing_what_is_allowed(role: RoleSpec, allowed: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        plan_loop(role, CandidateSpec(), create_catalogue())
    assert allowed in raised.value.hint


def test_a_module_is_added_when_the_base_loop_cannot_assess_a_competency() -> None:
    catalogue = create_catalogue()
    catalogue.questions.append(
        create_question("cold-start", "system-design", level="junior", modules=("ml-design",), tags=("recommender",))
    )
    plan = plan_loop(RoleSpec(level="junior", specialties=["recommender-systems"]), CandidateSpec(), catalogue)
    assert Module.ML_DESIGN in [module.module for module in plan.modules]
    assert C.RECOMMENDER_SYSTEMS not in plan.coverage.gaps


def test_skill_phrases_and_keywords_read_claims_as_people_write_them() -> None:
    assert skill_phrase("Expert in Random Forests") == "random forests"
    assert keyword_competencies("object detection") == {C.COMPUTER_VISION}
    assert keyword_competencies("fraud-detection") == set()
    assert C.SCALING in role_competencies(Level.JUNIOR, [], ["Kubernetes"])


def test_the_repository_bank_plans_a_senior_mlops_loop_with_no_gaps(session: Session) -> None:
    service.sync(session, root=REPOSITORY_BANK)
    catalogue = catalogue_from_session(session, REPOSITORY_BANK / "challenges")
    role = RoleSpec(level="senior", specialties=["mlops"], must_have_skills=["Kubernetes", "model monitoring"])
    candidate = CandidateSpec(claimed_skills=["expert in random forests"])
    plan = plan_loop(role, candidate, catalogue, seed="req-42")
    assert plan.coverage.gaps == []
    assert {C.MLOPS, C.PRODUCTION_OPERATIONS, C.SCALING} <= set(plan.competencies)
    questions = [item for module in plan.modules for item in module.questions]
    assert len({item.category for item in questions}) >= 5
    assert all(item.version and re.fullmatch(r"[0-9a-f]{64}", item.content_hash) for item in questions)
    dive = next(item for item in questions if "claimed skill 'random forests'" in item.reason)
    assert any("random-forest" in question.tags for question in catalogue.questions if question.id == dive.id)
    challenge_ids = {path.name for path in (REPOSITORY_BANK / "challenges").iterdir()}
    coding = next(module for module in plan.modules if module.module is Module.DATA_CODING)
    assert coding.challenges and set(picked_challenges(plan)) <= challenge_ids
    for module in plan.modules:
        assert sum(item.minutes for item in module.questions + module.challenges) <= module.minutes
    assert revalidate(plan, catalogue) == plan
