"""Pages of the end of a loop: an interviewer's scorecard form, the debrief, and the hiring manager's decision.

Thin, like the JSON API: who may submit, read or decide is the interview service's call; these routes read the
form, call the service and render. A refused form comes back with everything typed and the reason shown.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.accounts.service import is_manager
from vetml.errors import Conflict, Forbidden, InvalidInput, NotFound
from vetml.grading.schemas import BAND_NAMES
from vetml.interviews import service
from vetml.interviews.debrief_chart import radar_description, radar_png
from vetml.interviews.debrief_forms import (
    OUTCOME_LABELS,
    RATING_LABELS,
    RECOMMENDATION_LABELS,
    DecisionDraft,
    ScorecardDraft,
    form_errors,
    mean_text,
)
from vetml.interviews.debrief_schemas import Debrief, Outcome
from vetml.interviews.loop_schemas import DecisionView, ScorecardView
from vetml.interviews.models import Interview, Loop
from vetml.interviews.views import decision_view, scorecard_view
from vetml.questions import service as questions
from vetml.web.auth import CurrentPrincipal, ManagerUser, Principal
from vetml.web.deps import FormDep, SessionDep, templates

router = APIRouter(include_in_schema=False)
SUGGESTION_LABELS = {Outcome.HIRE: "Hire", Outcome.NO_HIRE: "No hire", Outcome.DISCUSS: "Discuss"}
LABELS = {
    "rating_labels": RATING_LABELS,
    "recommendation_labels": RECOMMENDATION_LABELS,
    "outcome_labels": OUTCOME_LABELS,
    "suggestion_labels": SUGGESTION_LABELS,
    "band_names": BAND_NAMES,
}


# Scorecard


@router.get("/interviews/{interview_id}/scorecard", response_class=HTMLResponse)
def scorecard_page(request: Request, session: SessionDep, principal: CurrentPrincipal, interview_id: int) -> Response:
    """The scorecard form for the interviewer on it, or the submitted scorecard, read-only."""
    interview = service.get_interview(session, interview_id, user=principal.user)
    return _scorecard_response(request, session, principal, interview, ScorecardDraft())


@router.post("/interviews/{interview_id}/scorecard", response_class=HTMLResponse)
def scorecard_submit(
    request: Request, session: SessionDep, principal: CurrentPrincipal, interview_id: int, form: FormDep
) -> Response:
    """Submit the scorecard, then open the debrief; a refused one is shown again as typed, with the reason."""
    interview = service.get_interview(session, interview_id, user=principal.user)
    draft = ScorecardDraft.from_form(form, _competencies(interview.loop))
    try:
        service.submit_scorecard(session, interview=interview, data=draft.to_input(), user=principal.user)
    except ValidationError as error:
        status, errors, hint = HTTPStatus.UNPROCESSABLE_ENTITY, form_errors(error), ""
    except (InvalidInput, Conflict) as error:
        status, errors, hint = error.status, [error.message], error.hint
    else:
        return RedirectResponse(f"/loops/{interview.loop_id}/debrief", status_code=HTTPStatus.SEE_OTHER)
    return _scorecard_response(request, session, principal, interview, draft, errors=errors, hint=hint, status=status)


def _scorecard_response(
    request: Request,
    session: Session,
    principal: Principal,
    interview: Interview,
    draft: ScorecardDraft,
    *,
    errors: list[str] | None = None,
    hint: str = "",
    status: int = HTTPStatus.OK,
) -> Response:
    plan = service.plan_of(interview.loop)
    owners = {row.competency.value: row.owner for row in plan.coverage.rows}
    context = {
        "interview": interview,
        "candidate": interview.loop.candidate,
        "card": _submitted_card(session, interview, principal.user),
        "can_submit": interview.interviewer_id == principal.user.id,
        "competencies": sorted(  # this interview's own competencies first
            ((name, owners.get(name) == interview.module) for name in _competencies(interview.loop)),
            key=lambda pair: not pair[1],
        ),
        "flags": sorted(questions.shared_titles(session, questions.RED_FLAG).items(), key=lambda item: item[1]),
        "draft": draft,
        "errors": errors or [],
        "hint": hint,
        "csrf_token": principal.csrf_token or "",
        **LABELS,
    }
    return templates.TemplateResponse(request, "interviews/scorecard.html", context, status_code=status)


def _competencies(loop: Loop) -> list[str]:
    return [competency.value for competency in service.plan_of(loop).competencies]


def _submitted_card(session: Session, interview: Interview, user: User) -> ScorecardView | None:
    """The interview's scorecard if submitted; the service decides whether this user may read it."""
    if not service.has_scorecard(session, interview):
        return None
    cards = service.scorecards(session, loop=interview.loop, user=user)
    return next((scorecard_view(card) for card in cards if card.interview_id == interview.id), None)


# Debrief and decision


@router.get("/loops/{loop_id}/debrief", response_class=HTMLResponse)
def debrief_page(request: Request, session: SessionDep, principal: CurrentPrincipal, loop_id: int) -> Response:
    """The debrief; an interviewer who has not submitted yet is told so and pointed at their scorecard."""
    loop = service.get_loop(session, loop_id, user=principal.user)
    try:
        return _debrief_response(request, session, principal, loop, DecisionDraft())
    except Forbidden as error:
        return _locked_response(request, session, principal.user, loop, error)


@router.get("/loops/{loop_id}/debrief/radar.png")
def debrief_radar(session: SessionDep, principal: CurrentPrincipal, loop_id: int) -> Response:
    """The radar chart of mean ratings per competency, as PNG."""
    loop = service.get_loop(session, loop_id, user=principal.user)
    summary = service.debrief(session, loop=loop, user=principal.user)
    png = radar_png(summary, f"{loop.candidate.name}: mean rating per competency")
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


@router.post("/loops/{loop_id}/decision", response_class=HTMLResponse)
def decision_submit(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    _manager: ManagerUser,
    loop_id: int,
    form: FormDep,
) -> Response:
    """Record hire or no hire with the rationale, then show it on the debrief; a refusal keeps the rationale."""
    loop = service.get_loop(session, loop_id, user=principal.user)
    draft = DecisionDraft.from_form(form)
    try:
        service.decide(session, loop=loop, data=draft.to_input(), actor=principal.user)
    except ValidationError as error:
        status, errors, hint = HTTPStatus.UNPROCESSABLE_ENTITY, form_errors(error), ""
    except (InvalidInput, Conflict) as error:
        status, errors, hint = error.status, [error.message], error.hint
    else:
        return RedirectResponse(f"/loops/{loop.id}/debrief#decision", status_code=HTTPStatus.SEE_OTHER)
    return _debrief_response(request, session, principal, loop, draft, errors=errors, hint=hint, status=status)


def _debrief_response(
    request: Request,
    session: Session,
    principal: Principal,
    loop: Loop,
    draft: DecisionDraft,
    *,
    errors: list[str] | None = None,
    hint: str = "",
    status: int = HTTPStatus.OK,
) -> Response:
    context = {
        **debrief_context(session, principal.user, loop),
        "draft": draft,
        "errors": errors or [],
        "hint": hint,
        "csrf_token": principal.csrf_token or "",
    }
    return templates.TemplateResponse(request, "interviews/debrief.html", context, status_code=status)


def debrief_context(session: Session, user: User, loop: Loop) -> dict[str, Any]:
    """What the debrief shows this user (the debrief page and the candidate report both render it)."""
    summary = service.debrief(session, loop=loop, user=user)
    return {
        "loop_id": loop.id,
        "candidate": loop.candidate,
        "summary": summary,
        "interviewers": _interviewers(summary),
        "cards": [scorecard_view(card) for card in service.scorecards(session, loop=loop, user=user)],
        "interviews": _interview_rows(session, loop),
        "flag_titles": questions.shared_titles(session, questions.RED_FLAG),
        "radar_alt": radar_description(summary),
        "manager": is_manager(user),
        "decision": _decision(session, loop, user),
        "number": mean_text,
        **LABELS,
    }


def _locked_response(request: Request, session: Session, user: User, loop: Loop, error: Forbidden) -> Response:
    mine = [row for row in _interview_rows(session, loop) if row["interview"].interviewer_id == user.id]
    context: dict[str, Any] = {"candidate": loop.candidate, "error": error, "mine": mine}
    return templates.TemplateResponse(request, "interviews/debrief_locked.html", context, status_code=error.status)


def _interviewers(summary: Debrief) -> list[str]:
    """The matrix's columns: every interviewer who rated something, in scorecard order."""
    return list(dict.fromkeys(name for item in summary.competencies for name in item.ratings))


def _interview_rows(session: Session, loop: Loop) -> list[dict[str, Any]]:
    rows = service.interviews(session, loop=loop)
    return [{"interview": row, "scored": service.has_scorecard(session, row)} for row in rows]


def _decision(session: Session, loop: Loop, user: User) -> DecisionView | None:
    """The recorded decision, shown to those who may read it (managers, as in the API)."""
    if not is_manager(user):
        return None
    try:
        return decision_view(service.decision_of(session, loop=loop))
    except NotFound:
        return None
