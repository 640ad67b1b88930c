"""Practice sessions on a real database with the real grader: plan, answer, reschedule, report, history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vetml.errors import Conflict, InvalidInput, NotFound
from vetml.practice import service
from vetml.practice.models import PracticeAttempt, PracticeCard, PracticeProfile
from vetml.practice.schemas import MAX_ANSWER_CHARS, PracticeRequest, QuestionCard
from vetml.questions.schemas import Level

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
STAFF = PracticeRequest(level=Level.STAFF, minutes=30)  # the staff and the senior question of the test bank
GOOD = (
    "Route a small share of traffic with the guardrail thresholds set on p99 latency of 80 ms and error rate, "
    "watch the dashboards and alerts, and plan the rollback to the previous version within five minutes."
)


def attempts(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(PracticeAttempt)) or 0


def test_a_session_asks_its_questions_in_order_and_keeps_every_graded_answer(
    loaded: Session, profile: PracticeProfile
) -> None:
    row = service.start(loaded, profile_id=profile.id, request=STAFF, now=NOW)
    assert {item["question_id"] for item in row.plan} == {"monitoring-alert-fatigue", "monitoring-latency-slo"}
    card = service.current(loaded, session_id=row.id)
    assert card is not None and card.position == 0 and card.total == 2 and card.time_limit == 15 * 60
    assert not {"reference_answer", "rubric", "signals", "red_flags"} & set(QuestionCard.model_fields)
    attempt = service.answer(loaded, session_id=row.id, position=0, text=GOOD, seconds=300, now=NOW)
    loaded.commit()
    assert attempt.grade.question_id == card.question_id and attempt.grade.points
    # a shared signal the question does not list still carries the bank's title, not its id
    assert "Rollback and recovery" in {finding.title for finding in attempt.grade.signals}
    stored = loaded.scalars(select(PracticeAttempt)).one()
    assert (stored.answer, stored.seconds, stored.score) == (GOOD, 300, attempt.grade.score)
    following = service.current(loaded, session_id=row.id)
    assert following is not None and following.position == 1 and following.question_id != card.question_id


def test_a_double_submit_and_an_oversized_answer_are_refused_and_change_nothing(
    loaded: Session, profile: PracticeProfile
) -> None:
    row = service.start(loaded, profile_id=profile.id, request=STAFF, now=NOW)
    service.answer(loaded, session_id=row.id, position=0, text=GOOD, seconds=60, now=NOW)
    loaded.commit()
    with pytest.raises(Conflict, match="not the one waiting"):
        service.answer(loaded, session_id=row.id, position=0, text="again", seconds=60, now=NOW)
    with pytest.raises(InvalidInput, match="limit is 100,000"):
        service.answer(loaded, session_id=row.id, position=1, text="x" * (MAX_ANSWER_CHARS + 1), seconds=1)
    assert attempts(loaded) == 1


def test_a_weak_answer_comes_back_first_in_the_next_session(loaded: Session, profile: PracticeProfile) -> None:
    first = service.start(loaded, profile_id=profile.id, request=STAFF, now=NOW)
    weak = service.current(loaded, session_id=first.id)
    assert weak is not None
    graded = service.answer(loaded, session_id=first.id, position=0, text="I am not sure.", seconds=20, now=NOW)
    assert graded.grade.band == 1
    card = loaded.get(PracticeCard, (profile.id, weak.question_id))
    assert card is not None and card.reviews == 1 and card.last_score == graded.grade.score
    service.finish(loaded, session_id=first.id, now=NOW)
    tomorrow = service.start(loaded, profile_id=profile.id, request=STAFF, now=NOW + timedelta(days=2))
    assert tomorrow.plan[0]["question_id"] == weak.question_id
    assert tomorrow.plan[0]["reason"] == f"due for review: your last answer scored {graded.grade.score}/100"


def test_the_report_and_the_history_are_built_from_the_stored_grades(loaded: Session, profile: PracticeProfile) -> None:
    row = service.start(loaded, profile_id=profile.id, request=STAFF, now=NOW)
    good = service.answer(loaded, session_id=row.id, position=0, text=GOOD, seconds=60, now=NOW)
    skipped = service.answer(loaded, session_id=row.id, position=1, text="", seconds=3, skipped=True, now=NOW)
    report = service.finish(loaded, session_id=row.id, now=NOW + timedelta(minutes=20))
    assert report.overall_score == pytest.approx((good.grade.score + skipped.grade.score) / 2)
    assert [item.position for item in report.attempts] == [0, 1] and report.attempts[1].skipped
    assert report.competencies[0].category == "monitoring" and report.competencies[0].questions == 2
    assert service.current(loaded, session_id=row.id) is None
    history = service.history(loaded, profile_id=profile.id, now=NOW)
    assert history.sessions[0].answered == 2 and history.sessions[0].mean_score == round(report.overall_score, 1)
    progress = history.categories[0]
    assert (progress.first_score, progress.latest_score) == (good.grade.score, skipped.grade.score)


def test_a_session_belongs_to_its_profile_and_ids_resolve_from_their_prefix(
    loaded: Session, profile: PracticeProfile
) -> None:
    row = service.start(loaded, profile_id=profile.id, request=STAFF, now=NOW)
    stranger = service.create_profile(loaded, name="web visitor")
    with pytest.raises(NotFound):
        service.get(loaded, row.id, profile_id=stranger.id)
    assert service.resolve(loaded, prefix=row.id[:8].upper()) == row.id
    with pytest.raises(InvalidInput, match="too short"):
        service.resolve(loaded, prefix=row.id[:4])
    with pytest.raises(NotFound):
        service.resolve(loaded, prefix="%%%%%%%%")


def test_requests_nothing_matches_say_what_to_change(session: Session, loaded: Session) -> None:
    alex = service.profile_named(loaded, name="alex")
    with pytest.raises(InvalidInput, match="no question in the bank is in behavioral at level junior"):
        service.start(loaded, profile_id=alex.id, request=PracticeRequest(modules=["behavioral"], level="junior"))


def test_an_empty_bank_says_to_load_it(session: Session) -> None:
    alex = service.profile_named(session, name="alex")
    with pytest.raises(InvalidInput, match="question bank is empty"):
        service.start(session, profile_id=alex.id, request=STAFF)


def test_the_web_clock_starts_when_a_question_is_first_shown_and_survives_a_reload(
    loaded: Session, profile: PracticeProfile
) -> None:
    row = service.start(loaded, profile_id=profile.id, request=STAFF, now=NOW)
    shown = service.show(loaded, session_id=row.id, profile_id=profile.id, now=NOW)
    assert shown is not None and shown.seconds_left == 15 * 60
    reloaded = service.show(loaded, session_id=row.id, profile_id=profile.id, now=NOW + timedelta(minutes=4))
    assert reloaded is not None and reloaded.seconds_left == 11 * 60
    late = service.show(loaded, session_id=row.id, profile_id=profile.id, now=NOW + timedelta(minutes=20))
    assert late is not None and late.seconds_left == 0
    assert service.seconds_on(loaded, session_id=row.id, position=0, now=NOW + timedelta(minutes=20)) == 1200
    assert service.seconds_on(loaded, session_id=row.id, position=1, now=NOW) == 0  # not shown yet
    assert service.seconds_on(loaded, session_id=row.id, position=7, now=NOW) == 0  # no such question
