"""With a broker configured, hand-in leaves written answers to a grading worker, which grades each once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.factories import create_candidate, create_request, create_user, hand_in_written_assessment
from tests.tasks.conftest import Stack
from tests.tasks.services import wait_for
from vetml.db import transaction
from vetml.interviews import assessments
from vetml.interviews.models import AssessmentAnswer
from vetml.questions import service as questions
from vetml.web.app import create_app

ANSWER = "Mirror live traffic to the new model, compare p99 latency and errors, and roll back if either regresses."


def _answers(stack: Stack) -> list[tuple[bool, dict[str, Any] | None]]:
    with transaction(stack.sessions) as session:
        rows = session.scalars(select(AssessmentAnswer).order_by(AssessmentAnswer.position))
        return [(row.grade_pending, row.result) for row in rows]


def test_written_answers_are_graded_by_a_worker_once(stack: Stack) -> None:
    with transaction(stack.sessions) as session:
        questions.sync(session, root=stack.settings.bank_dir)
        manager = create_user(session, role="hiring-manager")
        candidate_id = create_candidate(session, create_request(session, manager)).id
    app = create_app(stack.settings.model_copy(update={"secret_key": None}))
    hand_in_written_assessment(app, candidate_id, ANSWER)
    app.state.engine.dispose()
    assert _answers(stack) == [(True, None)]  # handed in, waiting for the worker

    worker = stack.worker(slot=15)
    wait_for("the grading worker", lambda: _answers(stack)[0][0] is False)
    assert "grading models loaded" in worker.log.read_text(encoding="utf-8")  # before its first task, not in it
    [(_pending, grade)] = _answers(stack)
    assert grade is not None and 0 <= grade["score"] <= 100 and grade["band"]
    with transaction(stack.sessions) as session:
        answer_id = session.scalars(select(AssessmentAnswer.id)).one()
    assert assessments.grade_handed_in(stack.sessions, answer_id) is False  # a second delivery changes nothing
    assert _answers(stack) == [(False, grade)]
