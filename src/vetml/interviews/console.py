"""The interviewer console: one live interview on one page, saved as the interviewer goes.

The interviewer on the interview records ticks, typed answers and notes; anyone else who may see the
interview (hiring managers, admins) gets the same page read-only. The saves go through the same
service functions as the JSON API, so the rules on who may record what live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import Field
from sqlalchemy.orm import Session

from vetml.grading.schemas import BAND_NAMES
from vetml.interviews import service
from vetml.interviews.loop_schemas import AskedQuestionInput, Input, InterviewUpdate
from vetml.interviews.models import AskedQuestion, Interview
from vetml.interviews.views import QuestionId, asked_view, interview_view, local_time
from vetml.questions import service as questions
from vetml.questions.schemas import QuestionDetail
from vetml.web.auth import CurrentPrincipal
from vetml.web.deps import SessionDep, templates

router = APIRouter(prefix="/interviews", include_in_schema=False)
NOTES_MAX = 20_000


class ConsoleNotes(Input):
    """The interview's free notes, sent whole on every autosave."""

    notes: Annotated[str, Field(max_length=NOTES_MAX)]


@dataclass(frozen=True)
class ConsoleQuestion:
    """A question of the interview with what was recorded for it so far."""

    detail: QuestionDetail
    ticks: list[str]
    answer: str
    score: int | None
    band: int | None
    saved_at: str


@router.get("/{interview_id}/console", response_class=HTMLResponse)
def console_page(request: Request, session: SessionDep, principal: CurrentPrincipal, interview_id: int) -> HTMLResponse:
    """The console: header with timer, one planned question at a time, ticks, answer and notes."""
    user = principal.user
    interview = service.get_interview(session, interview_id, user=user)
    view = interview_view(session, interview)
    context = {
        "interview": view,
        "candidate": interview.loop.candidate,
        "when": local_time(view.scheduled_at, user.time_zone),
        "questions": console_questions(session, interview, view.planned_questions),
        "editable": interview.interviewer_id == user.id,
        "csrf_token": principal.csrf_token or "",
        "band_names": BAND_NAMES,
        "notes_max": NOTES_MAX,
    }
    return templates.TemplateResponse(request, "interviews/console.html", context)


@router.post("/{interview_id}/console/questions/{question_id}")
def save_question(
    session: SessionDep,
    principal: CurrentPrincipal,
    interview_id: int,
    question_id: QuestionId,
    data: AskedQuestionInput,
) -> dict[str, Any]:
    """Autosave of one question's ticks and typed answer; the answer is graded when it changed."""
    interview = service.get_interview(session, interview_id, user=principal.user)
    asked = service.record_question(
        session, interview=interview, question_id=question_id, data=data, user=principal.user
    )
    body = asked_view(session, asked).model_dump(mode="json", exclude={"grade"})
    band = body["automatic_band"]
    return body | {"band_name": BAND_NAMES.get(band, "") if band else "", "saved_at": _iso(asked.updated_at)}


@router.post("/{interview_id}/console/notes")
def save_notes(
    session: SessionDep, principal: CurrentPrincipal, interview_id: int, data: ConsoleNotes
) -> dict[str, Any]:
    """Autosave of the interview's notes."""
    interview = service.get_interview(session, interview_id, user=principal.user)
    service.update_interview(session, interview=interview, data=InterviewUpdate(notes=data.notes), user=principal.user)
    return {"saved": True, "length": len(data.notes)}


def console_questions(session: Session, interview: Interview, planned: list[str]) -> list[ConsoleQuestion]:
    """The module's planned questions in plan order, then any other question recorded in the interview."""
    recorded = {asked.question_id: asked for asked in service.asked_questions(session, interview=interview)}
    pins = _pinned_versions(interview)
    cards = [_card(session, question_id, pins.get(question_id), recorded.get(question_id)) for question_id in planned]
    extra = [
        _card(session, question_id, None, asked)
        for question_id, asked in recorded.items()
        if question_id not in planned
    ]
    return cards + extra


def _pinned_versions(interview: Interview) -> dict[str, int | None]:
    """The question versions the loop's plan pinned for this interview's module."""
    modules = service.plan_of(interview.loop).modules
    return {
        item.id: item.version for module in modules if module.module == interview.module for item in module.questions
    }


def _card(session: Session, question_id: str, version: int | None, asked: AskedQuestion | None) -> ConsoleQuestion:
    if asked is None:
        detail = questions.get(session, question_id, version=version)
        return ConsoleQuestion(detail=detail, ticks=[], answer="", score=None, band=None, saved_at="")
    grade = asked.grade or {}
    return ConsoleQuestion(
        detail=questions.get_version(session, asked.version_id),
        ticks=list(asked.ticks),
        answer=asked.answer or "",
        score=grade.get("score"),
        band=grade.get("band"),
        saved_at=_iso(asked.updated_at),
    )


def _iso(moment: datetime) -> str:
    """An ISO time with its zone (SQLite hands stored UTC times back without one)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
