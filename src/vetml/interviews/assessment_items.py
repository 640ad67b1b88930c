"""The items of an assessment: choosing them, grading written answers, and what each audience sees.

Candidates get prompts only. Everything a grader uses (rubric, reference answer, signals, hidden
tests) stays on the staff side, so the candidate view is built from an allow-list of fields.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetml.errors import InvalidInput, NotFound
from vetml.grading import communication
from vetml.grading import service as grading
from vetml.interviews.assessment_schemas import CandidateItem, ItemKind, StaffItem, SubmissionSummary
from vetml.interviews.models import AssessmentAnswer
from vetml.judge import service as judge
from vetml.judge.challenges import ChallengeError, get_challenge
from vetml.judge.feedback import FeedbackMode
from vetml.observability import metrics
from vetml.questions.models import Question, QuestionVersion
from vetml.questions.schemas import QuestionSpec


def choose(session: Session, root: Path, question_ids: list[str], challenge_ids: list[str]) -> list[dict[str, Any]]:
    """The items to store, questions first; every unusable id is named in one error."""
    problems: list[str] = []
    chosen = _question_items(session, question_ids, problems) + _challenge_items(root, challenge_ids, problems)
    if problems:
        hint = "Pick active questions from the bank and challenges from `vetml challenges list`."
        raise InvalidInput("some items cannot be used in an assessment", hint=hint, details=problems)
    return chosen


def _question_items(session: Session, question_ids: list[str], problems: list[str]) -> list[dict[str, Any]]:
    """Each question pinned to its current version, so the record shows exactly what was asked."""
    chosen = []
    for question_id in question_ids:
        question = session.get(Question, question_id)
        if question is None or question.retired:
            problems.append(f"question {question_id!r} is {'retired' if question else 'not in the bank'}")
            continue
        version = session.scalar(
            select(QuestionVersion).where(
                QuestionVersion.question_id == question_id, QuestionVersion.number == question.current_version
            )
        )
        if version is None:
            problems.append(f"question {question_id!r} has no current version")
            continue
        chosen.append({"kind": ItemKind.QUESTION.value, "question_id": question_id, "version_id": version.id})
    return chosen


def _challenge_items(root: Path, challenge_ids: list[str], problems: list[str]) -> list[dict[str, Any]]:
    """Each challenge checked readable by the judge, with the content hash it had when chosen."""
    chosen = []
    for challenge_id in challenge_ids:
        try:
            challenge = get_challenge(root, challenge_id)
        except (NotFound, ChallengeError) as error:
            problems.append(error.message)
            continue
        chosen.append({"kind": ItemKind.CHALLENGE.value, "challenge_id": challenge.id,
                       "challenge_hash": challenge.content_hash})  # fmt: skip
    return chosen


def grade_answer(session: Session, version_id: int, text: str) -> dict[str, Any]:
    """The grading engine's GradeResult for one written answer, as JSON."""
    question = grading.question_for(session, version_id)
    started = time.perf_counter()
    result = grading.grade(question, text).model_dump(mode="json")
    metrics.observe_grading(time.perf_counter() - started)
    return result


def _version(session: Session, version_id: int) -> QuestionVersion:
    version = session.get(QuestionVersion, version_id)
    if version is None:
        raise NotFound(f"question version {version_id} is missing", hint="Reload the bank with `vetml bank load`.")
    return version


def candidate_item(session: Session, root: Path, position: int, item: dict[str, Any], answer: str) -> CandidateItem:
    """One item as the candidate sees it: title, prompt, starter code and their own text."""
    if item["kind"] == ItemKind.QUESTION:
        spec = QuestionSpec.model_validate(_version(session, item["version_id"]).content)
        return CandidateItem(position=position, kind=ItemKind.QUESTION, title=spec.title, prompt=spec.prompt,
                             answer=answer)  # fmt: skip
    challenge = get_challenge(root, item["challenge_id"])
    return CandidateItem(
        position=position, kind=ItemKind.CHALLENGE, title=challenge.spec.title, prompt=challenge.statement,
        starter_code=challenge.starter, signature=challenge.spec.signature, answer=answer,
    )  # fmt: skip


def staff_item(session: Session, position: int, item: dict[str, Any], answer: AssessmentAnswer | None) -> StaffItem:
    """One item with the answer and its grade or judge submission; a written answer also with its
    communication signals, worked out as it stands now so a reviewer sees them before the grade exists."""
    result = answer.result if answer is not None else None
    common: dict[str, Any] = {"position": position, "answer": answer.text if answer else None,
                              "saved_at": answer.saved_at if answer else None}  # fmt: skip
    if item["kind"] == ItemKind.QUESTION:
        version = _version(session, item["version_id"])
        title = str(version.content.get("title", version.question_id))
        signals = communication.assess(answer.text) if answer is not None and answer.text.strip() else None
        return StaffItem(kind=ItemKind.QUESTION, ref=version.question_id, version_id=version.id, title=title,
                         grade=result, communication=signals, **common)  # fmt: skip
    submission = _submission(session, result)
    return StaffItem(kind=ItemKind.CHALLENGE, ref=item["challenge_id"], title=item["challenge_id"],
                     submission=submission, **common)  # fmt: skip


def _submission(session: Session, result: dict[str, Any] | None) -> SubmissionSummary | None:
    if not result or "submission_id" not in result:
        return None
    row = judge.get(session, result["submission_id"])
    shown = judge.result_view(row, FeedbackMode.REVIEW)
    return SubmissionSummary(id=row.id, status=row.status, verdict=row.verdict, score=row.score,
                             feedback=shown.model_dump(mode="json") if shown else None)  # fmt: skip
