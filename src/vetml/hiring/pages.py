"""Staff pages of hiring: the dashboard, a hiring request with its pipeline board, and a candidate's page.

Thin like the API: the services decide who sees what (an interviewer opening a candidate they do not
interview gets the 404 page) and which stage moves are allowed. A refused move is shown on the board
with the reason the manager typed still in its field, never as a lost form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.accounts.service import is_manager
from vetml.errors import Conflict, InvalidInput, NotFound
from vetml.hiring import dashboard
from vetml.hiring import service as hiring
from vetml.hiring.models import AuditEvent, Candidate, HiringRequest
from vetml.hiring.schemas import Stage, StageMove
from vetml.interviews import assessments
from vetml.interviews import service as interviews
from vetml.interviews.models import Loop
from vetml.interviews.views import local_time
from vetml.resume import service as resume
from vetml.takehome import service as takehome
from vetml.web.auth import CurrentPrincipal, ManagerUser, StaffUser
from vetml.web.deps import HtmxDep, SessionDep, templates

router = APIRouter(include_in_schema=False)
STALE_HINT = "The board below is up to date: check the card, then press its button again."


@dataclass(frozen=True)
class FailedMove:
    """A stage move the service refused, with what the manager sent, so nothing they typed is lost."""

    candidate_id: int
    stage: str
    reason: str
    message: str
    hint: str


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, session: SessionDep, user: StaffUser) -> HTMLResponse:
    """Hiring requests still in play, and what waits on the signed-in user."""
    context = {
        "requests": dashboard.active_requests(session, viewer=user),
        "waiting": dashboard.waiting_on(session, user=user),
        "stages": hiring.PIPELINE,
        "viewer_zone": user.time_zone,
        "local_time": local_time,
        "manager": is_manager(user),
    }
    return templates.TemplateResponse(request, "hiring/dashboard.html", context)


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def request_page(request: Request, session: SessionDep, principal: CurrentPrincipal, request_id: int) -> HTMLResponse:
    """The hiring request and its pipeline, one column per stage."""
    row = hiring.get_request(session, request_id, viewer=principal.user)
    context = _board(session, row, principal.user, principal.csrf_token)
    return templates.TemplateResponse(request, "hiring/request.html", context)


@router.post("/requests/{request_id}/candidates/{candidate_id}/stage", response_class=HTMLResponse)
def move_candidate(
    request: Request, session: SessionDep, principal: CurrentPrincipal, user: ManagerUser, htmx: HtmxDep,
    request_id: int, candidate_id: int, stage: Annotated[str, Form(max_length=40)], version: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:  # fmt: skip
    """Move a card one stage on, or out with a reason; HTMX gets the new board, a plain form a redirect."""
    candidate = hiring.get_candidate(session, candidate_id, viewer=user)
    if candidate.request_id != request_id:
        raise NotFound(f"candidate {candidate_id} is not on hiring request {request_id}",
                       hint="Open the candidate from their own request's board.")  # fmt: skip
    try:
        moved = hiring.move_stage(session, candidate_id, data=_stage_move(stage, reason, version), actor=user)
    except (Conflict, InvalidInput) as error:
        # The board comes back reloaded, so a stale version needs no "reload" advice, only a second look.
        hint = STALE_HINT if candidate.version != version else error.hint
        failed = FailedMove(candidate_id, stage, reason, error.message, hint)
        context = _board(session, candidate.request, user, principal.csrf_token, failed=failed)
        template = "hiring/_board.html" if htmx else "hiring/request.html"
        return templates.TemplateResponse(request, template, context, status_code=error.status)
    if not htmx:
        return RedirectResponse(f"/requests/{request_id}", status_code=HTTPStatus.SEE_OTHER)
    notice = f"Moved {moved.name} to {moved.stage}."
    context = _board(session, moved.request, user, principal.csrf_token, notice=notice)
    return templates.TemplateResponse(request, "hiring/_board.html", context)


def _stage_move(stage: str, reason: str, version: int) -> StageMove:
    """The form as the service's input; a value out of range is a mistake to show, not a crash."""
    try:
        return StageMove.model_validate({"stage": stage, "reason": reason, "version": version})
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, item['loc']))}: {item['msg']}" for item in error.errors())
        hint = "Reload the page and use its buttons; a reason may be up to 2000 characters."
        raise InvalidInput(f"the move could not be read ({problems})", hint=hint) from None


def _board(
    session: Session, row: HiringRequest, user: User, csrf_token: str | None, *, notice: str = "",
    failed: FailedMove | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Everything the request page and its board fragment show."""
    candidates = hiring.request_candidates(session, row.id, viewer=user)
    columns = [(stage, [card for card in candidates if card.stage == stage]) for stage in hiring.PIPELINE]
    return {
        "hiring_request": row,
        "columns": columns,
        "exits": [card for card in candidates if card.stage in hiring.EXITS],
        "next_stage": {stage.value: _next(stage) for stage in hiring.PIPELINE},
        "can_move": is_manager(user),
        "csrf_token": csrf_token or "",
        "notice": notice,
        "failed": failed,
        # Where the typed reason goes back: the card's own field, or the error box when the card has none now.
        "reason_in_card": failed is not None and _has_form(candidates, failed.candidate_id),
    }


def _has_form(candidates: list[Candidate], candidate_id: int) -> bool:
    """Whether the board still shows that candidate's card with its move forms."""
    return any(card.id == candidate_id and _next(Stage(card.stage)) is not None for card in candidates)


def _next(stage: Stage) -> str | None:
    """The pipeline stage after ``stage``; None once hired, rejected or withdrawn."""
    onward = [step for step in hiring.next_stages(stage) if step not in hiring.EXITS]
    return onward[0].value if onward else None


@router.get("/candidates/{candidate_id}", response_class=HTMLResponse)
def candidate_page(
    request: Request, session: SessionDep, principal: CurrentPrincipal, candidate_id: int, cv_error: str = ""
) -> HTMLResponse:
    """A candidate's details, CV, loop summary and timeline, times in the viewer's zone."""
    user = principal.user
    candidate = hiring.get_candidate(session, candidate_id, viewer=user)
    zone = user.time_zone
    timeline = [
        {"at": local_time(event.at, zone), "who": event.actor.name if event.actor else "vetml",
         "what": describe(event), "reason": event.reason}
        for event in hiring.events(session, candidate.id, viewer=user)
    ]  # fmt: skip
    context = {
        "candidate": candidate,
        "cv": hiring.find_cv(session, candidate.id, viewer=user),
        "cv_review": resume.find_review(session, candidate.id, viewer=user),
        "takehome": takehome.find_latest(session, candidate.id, viewer=user),
        "loop": _loop_summary(session, candidate, user),
        "timeline": timeline,
        "viewer_zone": zone,
        "their_time": local_time(datetime.now(UTC), candidate.time_zone),
        "manager": is_manager(user),
        "assessments": _assessments(session, candidate.id) if is_manager(user) else [],
        "csrf_token": principal.csrf_token or "",
        "cv_error": cv_error[:500],
    }
    return templates.TemplateResponse(request, "hiring/candidate.html", context)


def _assessments(session: Session, candidate_id: int) -> list[dict[str, Any]]:
    """The candidate's assessments and written interviews, newest first, for the managers who may open them."""
    assessments.close_due_written(session, candidate_id=candidate_id)
    rows = session.scalars(assessments.for_candidate(session, candidate_id=candidate_id).limit(20))
    return [assessments.summary(row).model_dump() for row in rows]


def _loop_summary(session: Session, candidate: Candidate, user: User) -> dict[str, Any] | None:
    """The planned modules and who interviews in each, when (in ``user``'s zone), and whether they scored it."""
    try:
        loop: Loop = interviews.loop_of_candidate(session, candidate.id, user=user)
    except NotFound:
        return None
    booked = interviews.interviews(session, loop=loop)
    rows = [
        {"id": row.id, "module": row.module, "interviewer": row.interviewer.name, "minutes": row.minutes,
         "status": row.status, "when": local_time(row.scheduled_at, user.time_zone),
         "scorecard": interviews.has_scorecard(session, row)}
        for row in booked
    ]  # fmt: skip
    planned = interviews.plan_of(loop).modules
    unbooked = [module for module in planned if module.module.value not in {row.module for row in booked}]
    return {"id": loop.id, "interviews": rows, "unbooked": unbooked, "modules": planned}


def describe(event: AuditEvent) -> str:
    """One line of a candidate's timeline, in words."""
    data = event.data or {}
    if event.action in ("create", "created"):
        return "Added as a candidate"
    if event.action == "stage":
        return f"Moved from {data.get('from', '?')} to {data.get('to', '?')}"
    if event.action == "update":
        return f"Details edited: {', '.join(data.get('fields', [])) or 'no field'}"
    if event.action == "cv":
        return f"CV uploaded: {data.get('filename', 'a file')}"
    return event.action.replace("-", " ").capitalize()
