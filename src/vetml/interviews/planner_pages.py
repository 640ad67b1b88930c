"""The loop planner page: the proposed loop with its coverage matrix, picks to swap, interviews to book
and a take-home assessment to send.

Thin like the JSON API: the interview service proposes, checks and saves; these routes read forms and
render. Every form works without JavaScript (post, then redirect back), and a refused form comes back
on the page with the reason and what was chosen still selected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from vetml.accounts import service as accounts
from vetml.accounts.models import User
from vetml.accounts.service import is_manager
from vetml.config import Settings
from vetml.errors import Conflict, InvalidInput, VetmlError
from vetml.hiring import service as hiring
from vetml.interviews import assessments
from vetml.interviews import service as interviews
from vetml.interviews.assessment_schemas import AssessmentCreate
from vetml.interviews.catalogue import CHALLENGE, QUESTION
from vetml.interviews.debrief_forms import form_errors
from vetml.interviews.loop_schemas import InterviewCreate
from vetml.interviews.models import Loop
from vetml.interviews.views import local_time
from vetml.questions.schemas import Module
from vetml.web.auth import CurrentPrincipal, ManagerUser, Principal
from vetml.web.deps import FormDep, SessionDep, SettingsDep, templates

router = APIRouter(include_in_schema=False)


@dataclass
class PlanFeedback:
    """What the page says after a form: a notice, or the errors of a refused form and what was in it."""

    notice: str = ""
    errors: list[str] = field(default_factory=list)
    hint: str = ""
    form: str = ""  # which form was refused: "swap", "schedule" or "assessment"
    typed: dict[str, Any] = field(default_factory=dict)
    link: str = ""  # a new assessment's link, shown once


@router.post("/candidates/{candidate_id}/loop/plan")
def propose_loop(session: SessionDep, settings: SettingsDep, user: ManagerUser, candidate_id: int) -> Response:
    """Propose the candidate's loop and open it in the planner (an existing loop is opened as it is)."""
    candidate = hiring.get_candidate(session, candidate_id, viewer=user)
    try:
        loop = interviews.propose(session, candidate_id=candidate.id, actor=user, seed=None,
                                  challenges_root=_challenges(settings))  # fmt: skip
    except Conflict:
        loop = interviews.loop_of_candidate(session, candidate.id, user=user)
    return RedirectResponse(f"/loops/{loop.id}/plan", status_code=HTTPStatus.SEE_OTHER)


@router.get("/loops/{loop_id}/plan", response_class=HTMLResponse)
def plan_page(
    request: Request, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal, loop_id: int,
    notice: str = "",
) -> Response:  # fmt: skip
    """The planner: coverage matrix, modules with their picks, bookings and the take-home assessment."""
    loop = interviews.get_loop(session, loop_id, user=principal.user)
    return _page(request, session, settings, principal, loop, PlanFeedback(notice=notice[:200]))


@router.post("/loops/{loop_id}/plan/swap", response_class=HTMLResponse)
def swap_pick(
    request: Request, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal, user: ManagerUser,
    loop_id: int, form: FormDep,
) -> Response:  # fmt: skip
    """Swap one pick for one of its listed alternatives, then show the plan with the coverage recomputed."""
    loop = interviews.get_loop(session, loop_id, user=user)
    typed = {name: str(form.get(name, "")) for name in ("module", "kind", "item_id", "replacement_id", "version")}
    try:
        pick = (_module(typed["module"]), _kind(typed["kind"]), typed["item_id"])
        interviews.swap_pick(session, loop=loop, pick=pick, replacement_id=typed["replacement_id"],
                             version=_whole(typed["version"], "version"), actor=user,
                             challenges_root=_challenges(settings))  # fmt: skip
    except VetmlError as error:
        return _page(request, session, settings, principal, loop, *_refused(error, "swap", typed))
    notice = f"Swapped {typed['item_id']} for {typed['replacement_id']}."
    return _back(loop.id, notice, f"module-{typed['module']}")


@router.post("/loops/{loop_id}/plan/interviews", response_class=HTMLResponse)
def book_interview(
    request: Request, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal, user: ManagerUser,
    loop_id: int, form: FormDep,
) -> Response:  # fmt: skip
    """Book an interviewer for a module; the time is read in the manager's own time zone and stored in UTC."""
    loop = interviews.get_loop(session, loop_id, user=user)
    typed = {name: str(form.get(name, "")) for name in ("module", "interviewer_id", "scheduled_at", "minutes")}
    try:
        data = InterviewCreate.model_validate({
            "module": typed["module"], "interviewer_id": typed["interviewer_id"],
            "scheduled_at": _aware(typed["scheduled_at"], user.time_zone), "minutes": typed["minutes"] or None,
        })  # fmt: skip
        interview = interviews.schedule(session, loop=loop, data=data, actor=user)
    except (ValidationError, VetmlError) as error:
        return _page(request, session, settings, principal, loop, *_refused(error, "schedule", typed))
    notice = f"Booked {interview.interviewer.name} for {interview.module}."
    return _back(loop.id, notice, "bookings")


@router.post("/loops/{loop_id}/plan/assessment", response_class=HTMLResponse)
def send_assessment(
    request: Request, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal, user: ManagerUser,
    loop_id: int, form: FormDep,
) -> Response:  # fmt: skip
    """Create a take-home assessment from ticked picks and show its link once, to copy into a message."""
    loop = interviews.get_loop(session, loop_id, user=user)
    typed: dict[str, Any] = {
        "questions": [str(value) for value in form.getlist("questions")],
        "challenges": [str(value) for value in form.getlist("challenges")],
        "time_limit_minutes": str(form.get("time_limit_minutes", "")),
        "valid_days": str(form.get("valid_days", "")),
    }
    try:
        data = AssessmentCreate.model_validate(typed)
        row = assessments.create(session, candidate_id=loop.candidate_id, data=data, actor=user,
                                 bank_root=_challenges(settings))  # fmt: skip
    except (ValidationError, VetmlError) as error:
        return _page(request, session, settings, principal, loop, *_refused(error, "assessment", typed))
    link = str(request.base_url).rstrip("/") + f"/assess/{assessments.link_token(settings, row)}"
    feedback = PlanFeedback(notice="Assessment created. Copy its link now: it is shown only once.", link=link)
    return _page(request, session, settings, principal, loop, feedback, status=HTTPStatus.CREATED)


def _refused(error: ValidationError | VetmlError, form: str, typed: dict[str, Any]) -> tuple[PlanFeedback, int]:
    """A refused form's feedback (the reasons, and what was typed to show again) and its status code."""
    if isinstance(error, ValidationError):
        return PlanFeedback(errors=form_errors(error), form=form, typed=typed), HTTPStatus.UNPROCESSABLE_ENTITY
    return PlanFeedback(errors=[error.message], hint=error.hint, form=form, typed=typed), error.status


def _page(
    request: Request, session: Session, settings: Settings, principal: Principal, loop: Loop,
    feedback: PlanFeedback, status: int = HTTPStatus.OK,
) -> Response:  # fmt: skip
    user = principal.user
    editable = is_manager(user)
    plan = interviews.plan_of(loop)
    context = {
        "loop_id": loop.id,  # not "loop": inside a for block Jinja's own loop variable would hide it
        "loop_version": loop.version,
        "candidate": loop.candidate,
        "plan": plan,
        "editable": editable,
        "alternatives": interviews.swap_options(session, loop=loop, challenges_root=_challenges(settings))
        if editable else {},
        "bookings": _bookings(session, loop, user),
        "staff": [person for person in accounts.list_users(session) if person.active] if editable else [],
        "viewer_zone": user.time_zone,
        "feedback": feedback,
        "csrf_token": principal.csrf_token or "",
        "QUESTION": QUESTION,
        "CHALLENGE": CHALLENGE,
    }  # fmt: skip
    return templates.TemplateResponse(request, "interviews/plan.html", context, status_code=status)


def _bookings(session: Session, loop: Loop, user: User) -> dict[str, list[dict[str, Any]]]:
    """Interviews booked per module, with times in the viewer's zone."""
    booked: dict[str, list[dict[str, Any]]] = {}
    for row in interviews.interviews(session, loop=loop):
        booked.setdefault(row.module, []).append(
            {"id": row.id, "interviewer": row.interviewer.name, "status": row.status, "minutes": row.minutes,
             "when": local_time(row.scheduled_at, user.time_zone)}
        )  # fmt: skip
    return booked


def _back(loop_id: int, notice: str, anchor: str) -> RedirectResponse:
    query = urlencode({"notice": notice})
    return RedirectResponse(f"/loops/{loop_id}/plan?{query}#{anchor}", status_code=HTTPStatus.SEE_OTHER)


def _challenges(settings: Settings) -> Path:
    return settings.bank_dir / "challenges"


def _module(value: str) -> Module:
    try:
        return Module(value)
    except ValueError:
        raise InvalidInput(f"unknown module {value!r}", hint="Use the plan's own buttons; reload it first.") from None


def _kind(value: str) -> str:
    if value not in (QUESTION, CHALLENGE):
        raise InvalidInput(f"unknown kind {value!r}", hint=f"Use {QUESTION} or {CHALLENGE}.")
    return value


def _whole(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(
            f"{name} must be a whole number, not {value!r}", hint="Reload the plan and try again."
        ) from None


def _aware(value: str, zone: str) -> str | None:
    """A datetime-local field (no zone) read in ``zone``, as ISO 8601 with its offset; empty stays unscheduled."""
    if not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{value!r} is not a date and time",
                           hint="Use the date picker, or type it as 2026-03-14T15:30.") from None  # fmt: skip
    return moment.replace(tzinfo=ZoneInfo(zone)).isoformat()
