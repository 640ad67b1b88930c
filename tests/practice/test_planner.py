"""The session planner: due reviews first, weakest categories next, the level and the time budget respected."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from vetml.practice.planner import Candidate, Seen, plan
from vetml.practice.schemas import PracticeRequest
from vetml.questions.schemas import Level, Module

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def candidate(question_id: str, category: str, *, level: Level = Level.SENIOR, minutes: int = 10,
              modules: tuple[str, ...] = ("ml-design",)) -> Candidate:  # fmt: skip
    return Candidate(question_id=question_id, version_id=hash(question_id) % 1000, category=category, level=level,
                     modules=frozenset(modules), minutes=minutes)  # fmt: skip


BANK = [
    candidate("drift-a", "drift"),
    candidate("drift-b", "drift"),
    candidate("serving-a", "serving"),
    candidate("serving-b", "serving"),
    candidate("metrics-a", "metrics"),
    candidate("metrics-junior", "metrics", level=Level.JUNIOR),
    candidate("metrics-mid", "metrics", level=Level.MID),
    candidate("behavioral-a", "behavioral", modules=("behavioral",)),
]


def ids(request: PracticeRequest, **kwargs: object) -> list[str]:
    options = {"seen": {}, "category_scores": {}, "now": NOW, "seed": "seed"} | kwargs
    return [item.question_id for item in plan(request, BANK, **options)]  # type: ignore[arg-type]


def test_due_questions_come_first_weakest_last_answer_first() -> None:
    seen = {"serving-a": Seen(due=NOW - timedelta(days=1), last_score=55),
            "drift-a": Seen(due=NOW - timedelta(hours=1), last_score=20),
            "metrics-a": Seen(due=NOW + timedelta(days=3), last_score=10)}  # fmt: skip
    planned = plan(PracticeRequest(level=Level.SENIOR, minutes=40), BANK, seen=seen, category_scores={},
                   now=NOW, seed="s")  # fmt: skip
    assert [item.question_id for item in planned[:2]] == ["drift-a", "serving-a"]
    assert planned[0].reason == "due for review: your last answer scored 20/100"
    assert "metrics-a" not in [item.question_id for item in planned]  # not due yet, and new questions fill the time


def test_unseen_questions_start_with_the_weakest_category_and_take_categories_in_turn() -> None:
    scores = {"serving": 35.0, "drift": 85.0, "metrics": 62.0}
    chosen = ids(PracticeRequest(modules=[Module.ML_DESIGN], level=Level.SENIOR, minutes=40), category_scores=scores)
    assert [name.split("-")[0] for name in chosen] == ["serving", "metrics", "drift", "serving"]
    planned = plan(PracticeRequest(level=Level.SENIOR, minutes=10), BANK, seen={}, category_scores=scores,
                   now=NOW, seed="s")  # fmt: skip
    assert planned[0].reason == "a weak area: your answers in this category average 35/100"


def test_level_and_modules_filter_and_the_minutes_are_a_budget() -> None:
    senior = ids(PracticeRequest(modules=[Module.ML_DESIGN], level=Level.SENIOR, minutes=240))
    assert "metrics-mid" in senior and "metrics-junior" not in senior and "behavioral-a" not in senior
    mid = ids(PracticeRequest(modules=[Module.ML_DESIGN], level=Level.MID, minutes=240))
    assert set(mid) == {"metrics-mid", "metrics-junior"}
    assert len(ids(PracticeRequest(level=Level.SENIOR, minutes=25))) == 2
    assert ids(PracticeRequest(modules=[Module.BEHAVIORAL], level=Level.STAFF, minutes=240)) == ["behavioral-a"]
    assert ids(PracticeRequest(modules=[Module.BEHAVIORAL], level=Level.JUNIOR, minutes=240)) == []


def test_a_session_shorter_than_any_question_still_asks_the_shortest() -> None:
    bank = [candidate("long", "drift", minutes=45), candidate("short", "drift", minutes=20)]
    planned = plan(PracticeRequest(level=Level.SENIOR, minutes=10), bank, seen={}, category_scores={}, now=NOW,
                   seed="s")  # fmt: skip
    assert [item.question_id for item in planned] == ["short"]


def test_the_same_seed_gives_the_same_plan_and_another_seed_may_not() -> None:
    request = PracticeRequest(level=Level.SENIOR, minutes=30)
    assert ids(request, seed="a") == ids(request, seed="a")
    assert len({tuple(ids(request, seed=str(seed))) for seed in range(20)}) > 1
