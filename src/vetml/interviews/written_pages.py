"""Staff pages of written interviews: send one from a candidate's page, and read any assessment's answers
with their grades and written-communication signals.

Thin like the JSON API: the form is read into ``WrittenInterviewCreate`` and goes through the same service
function. The opening time is typed in the candidate's own zone, since that is the day it has to fit.
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from vetml.errors import InvalidInput, VetmlError
from vetml.hiring import service as hiring
from vetml.hiring.models import Candidate
from vetml.interviews import assessments as service
from vetml.interviews.assessment_schemas import WrittenInterviewCreate
from vetml.interviews.debrief_forms import form_errors
from vetml.interviews.models import Assessment
from vetml.questions import service as questions
from vetml.questions.schemas import QuestionFilter
from vetml.scheduling.zones import local_label
from vetml.web.auth import CurrentPrincipal, ManagerUser
from vetml.web.deps import FormDep, SessionDep, SettingsDep, templates

router = APIRouter(include_in_schema=False)


@router.get("/candidates/{candidate_id}/written-interviews/new", response_class=HTMLResponse)
def new_written_interview(
    request: Request, session: SessionDep, principal: CurrentPrincipal, user: ManagerUser, candidate_id: int
) -> Response:
    """An empty form: questions to tick, the opening time in the candidate's zone, the window's length."""
    candidate = hiring.get_candidate(session, candidate_id, viewer=user)
    return _form(request, session, principal.csrf_token, candidate, {"window_hours": "48", "questions": []})


@router.post("/candidates/{candidate_id}/written-interviews/new", response_class=HTMLResponse)
def send_written_interview(
    request: Request, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal, user: ManagerUser,
    candidate_id: int, form: FormDep,
) -> Response:  # fmt: skip
    """Create the written interview and show its page with the link, which is shown only this once."""
    candidate = hiring.get_candidate(session, candidate_id, viewer=user)
    typed: dict[str, Any] = {"questions": [str(value) for value in form.getlist("questions")],
                             "opens_at": str(form.get("opens_at", "")).strip(),
                             "window_hours": str(form.get("window_hours", "")).strip()}  # fmt: skip
    try:
        data = WrittenInterviewCreate.model_validate(
            {"questions": typed["questions"], "window_hours": typed["window_hours"] or "48",
             "opens_at": _in_zone(typed["opens_at"], candidate.time_zone)}
        )  # fmt: skip
        row = service.create_written(session, candidate_id=candidate.id, data=data, actor=user,
                                     bank_root=settings.bank_dir / "challenges")  # fmt: skip
    except ValidationError as error:
        return _form(request, session, principal.csrf_token, candidate, typed, form_errors(error), "",
                     HTTPStatus.UNPROCESSABLE_ENTITY)  # fmt: skip
    except VetmlError as error:
        return _form(
            request, session, principal.csrf_token, candidate, typed, [error.message], error.hint, error.status
        )
    link = str(request.base_url).rstrip("/") + f"/assess/{service.link_token(settings, row)}"
    return _view(request, session, row, user.time_zone, link=link, status=HTTPStatus.CREATED)


def _in_zone(typed: str, zone_name: str) -> datetime | None:
    """A ``datetime-local`` value read as a wall-clock time in the candidate's zone; blank means now."""
    if not typed:
        return None
    try:
        return datetime.fromisoformat(typed).replace(tzinfo=ZoneInfo(zone_name))
    except ValueError:
        raise InvalidInput(f"{typed!r} is not a date and time",
                           hint="Use the date picker, or type it as 2026-12-08T09:00.") from None  # fmt: skip


def _form(
    request: Request, session: Session, csrf_token: str | None, candidate: Candidate, typed: dict[str, Any],
    errors: list[str] | None = None, hint: str = "", status: int = HTTPStatus.OK,
) -> Response:  # fmt: skip
    bank = questions.list_questions(session, filters=QuestionFilter())
    context = {"candidate": candidate, "typed": typed, "errors": errors or [], "hint": hint,
               "csrf_token": csrf_token or "", "bank": bank}  # fmt: skip
    return templates.TemplateResponse(request, "interviews/written_form.html", context, status_code=status)


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
def assessment_page(
    request: Request, session: SessionDep, settings: SettingsDep, user: ManagerUser, assessment_id: int
) -> Response:
    """Every answer with its grade and communication signals; a closed written interview is graded first."""
    row = service.close_if_due(session, service.get(session, assessment_id), bank_root=settings.bank_dir / "challenges")
    return _view(request, session, row, user.time_zone)


def _view(
    request: Request, session: Session, row: Assessment, viewer_zone: str, *, link: str = "",
    status: int = HTTPStatus.OK,
) -> Response:  # fmt: skip
    view = service.staff_view(session, row)

    def both(moment: datetime | None) -> str:
        if moment is None:
            return "—"
        return f"{local_label(moment, viewer_zone)} (yours); {local_label(moment, row.candidate.time_zone)} (theirs)"

    context = {"view": view, "candidate": row.candidate, "link": link, "both": both}
    return templates.TemplateResponse(request, "interviews/assessment.html", context, status_code=status)
