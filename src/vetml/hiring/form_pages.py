"""Forms of hiring: open a new hiring request, change its status, and add a candidate with their CV.

Thin like the JSON API: the forms are read into the same input models and go through the same service
functions, so the rules live in one place. A refused form comes back filled in as typed, with the
reason next to it; a refused CV leaves the candidate saved and says so.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from vetml.accounts.models import User
from vetml.errors import InvalidInput, VetmlError
from vetml.hiring import service as hiring
from vetml.hiring.cv import MAX_CV_BYTES
from vetml.hiring.schemas import BudgetPeriod, CandidateCreate, RequestCreate, RequestStatus, StatusChange
from vetml.interviews.competencies import SPECIALTIES
from vetml.interviews.debrief_forms import form_errors
from vetml.questions.schemas import Level
from vetml.resume import service as resume
from vetml.web.auth import CurrentPrincipal, ManagerUser
from vetml.web.deps import FormDep, SessionDep, templates

router = APIRouter(include_in_schema=False)
REQUEST_FIELDS = ("title", "level", "specialties", "must_have_skills", "locations", "time_zones", "budget_min",
                  "budget_max", "currency", "budget_period")  # fmt: skip
CANDIDATE_FIELDS = ("name", "email", "phone", "time_zone", "source", "claimed_skills")
LISTS = frozenset({"specialties", "must_have_skills", "locations", "time_zones", "claimed_skills"})
OPTIONAL = frozenset({"budget_min", "budget_max", "phone"})


@router.get("/requests/new", response_class=HTMLResponse)
def new_request_page(request: Request, principal: CurrentPrincipal, user: ManagerUser) -> Response:
    """An empty hiring request form."""
    return _request_form(request, principal.csrf_token, {"open_now": "on", "currency": "USD"})


@router.post("/requests/new", response_class=HTMLResponse)
def create_request(
    request: Request, session: SessionDep, principal: CurrentPrincipal, user: ManagerUser, form: FormDep
) -> Response:
    """Create the request (and open it for candidates when ticked), then show its board."""
    typed = {name: str(form.get(name, "")) for name in (*REQUEST_FIELDS, "remote", "offshore", "open_now")}
    try:
        data = RequestCreate.model_validate(_fields(typed, REQUEST_FIELDS) | _ticks(typed, "remote", "offshore"))
        with session.begin_nested():  # created and opened together, or neither
            row = hiring.create_request(session, data=data, actor=user)
            if typed["open_now"]:
                hiring.change_status(session, row.id, data=StatusChange(status=RequestStatus.OPEN), actor=user)
    except ValidationError as error:
        errors, hint, status = form_errors(error), "", HTTPStatus.UNPROCESSABLE_ENTITY
    except VetmlError as error:
        errors, hint, status = [error.message], error.hint, error.status
    else:
        return RedirectResponse(f"/requests/{row.id}", status_code=HTTPStatus.SEE_OTHER)
    return _request_form(request, principal.csrf_token, typed, errors, hint, status=status)


@router.post("/requests/{request_id}/status")
def change_request_status(session: SessionDep, user: ManagerUser, request_id: int, form: FormDep) -> Response:
    """Open, pause, fill or close a request from its page."""
    try:
        data = StatusChange.model_validate(
            {"status": str(form.get("status", "")), "reason": str(form.get("reason", ""))}
        )
    except ValidationError as error:
        raise InvalidInput(f"the status change could not be read ({'; '.join(form_errors(error))})",
                           hint="Use the buttons on the request's page.") from None  # fmt: skip
    hiring.change_status(session, request_id, data=data, actor=user)
    return RedirectResponse(f"/requests/{request_id}", status_code=HTTPStatus.SEE_OTHER)


@router.get("/requests/{request_id}/candidates/new", response_class=HTMLResponse)
def new_candidate_page(
    request: Request, session: SessionDep, principal: CurrentPrincipal, user: ManagerUser, request_id: int
) -> Response:
    """An empty candidate form for this request."""
    row = hiring.get_request(session, request_id, viewer=user)
    return _candidate_form(request, principal.csrf_token, row.id, row.title, {"time_zone": "UTC", "source": "direct"})


@router.post("/requests/{request_id}/candidates/new", response_class=HTMLResponse)
async def create_candidate(
    request: Request, session: SessionDep, principal: CurrentPrincipal, user: ManagerUser, request_id: int,
    form: FormDep,
) -> Response:  # fmt: skip
    """Add the candidate, attach the CV when one was chosen, and open the candidate's page."""
    row = hiring.get_request(session, request_id, viewer=user)
    typed = {name: str(form.get(name, "")) for name in CANDIDATE_FIELDS}
    try:
        data = CandidateCreate.model_validate({"request_id": row.id, **_fields(typed, CANDIDATE_FIELDS)})
        candidate = hiring.create_candidate(session, data=data, actor=user)
    except ValidationError as error:
        errors, hint, status = form_errors(error), "", HTTPStatus.UNPROCESSABLE_ENTITY
    except VetmlError as error:
        errors, hint, status = [error.message], error.hint, error.status
    else:
        return await _with_cv(session, user, candidate.id, form.get("cv"))
    finally:
        await form.close()  # the uploaded file's spool, read or not
    return _candidate_form(request, principal.csrf_token, row.id, row.title, typed, errors, hint, status=status)


async def _with_cv(session: Session, user: User, candidate_id: int, upload: Any) -> Response:
    """Attach the chosen CV; a refused file leaves the candidate saved and the reason on their page."""
    target = f"/candidates/{candidate_id}"
    if not isinstance(upload, UploadFile) or not upload.filename:
        return RedirectResponse(target, status_code=HTTPStatus.SEE_OTHER)
    content = await upload.read(MAX_CV_BYTES + 1)
    try:
        with session.begin_nested():
            resume.upload_cv(session, candidate_id, content=content, filename=upload.filename, actor=user)
    except VetmlError as error:
        query = urlencode({"cv_error": f"The candidate was saved, but not the CV: {error.message}. {error.hint}"})
        return RedirectResponse(f"{target}?{query}", status_code=HTTPStatus.SEE_OTHER)
    return RedirectResponse(target, status_code=HTTPStatus.SEE_OTHER)


def _fields(typed: dict[str, str], names: tuple[str, ...]) -> dict[str, Any]:
    """Form text as model input: comma-separated lists split, empty optional fields left out."""
    fields: dict[str, Any] = {}
    for name in names:
        value = typed.get(name, "").strip()
        if name in LISTS:
            fields[name] = [part.strip() for part in value.split(",") if part.strip()]
        elif value or name not in OPTIONAL:
            fields[name] = value
    return fields


def _ticks(typed: dict[str, str], *names: str) -> dict[str, bool]:
    return {name: bool(typed.get(name)) for name in names}


def _request_form(
    request: Request, csrf_token: str | None, typed: dict[str, str], errors: list[str] | None = None,
    hint: str = "", *, status: int = HTTPStatus.OK,
) -> Response:  # fmt: skip
    context = {
        "typed": typed, "errors": errors or [], "hint": hint, "csrf_token": csrf_token or "",
        "levels": [level.value for level in Level], "specialties": sorted(SPECIALTIES),
        "periods": [period.value for period in BudgetPeriod],
    }  # fmt: skip
    return templates.TemplateResponse(request, "hiring/request_form.html", context, status_code=status)


def _candidate_form(
    request: Request, csrf_token: str | None, request_id: int, title: str, typed: dict[str, str],
    errors: list[str] | None = None, hint: str = "", *, status: int = HTTPStatus.OK,
) -> Response:  # fmt: skip
    context = {
        "request_id": request_id, "request_title": title, "typed": typed, "errors": errors or [], "hint": hint,
        "csrf_token": csrf_token or "", "max_cv_mb": MAX_CV_BYTES // (1024 * 1024),
    }  # fmt: skip
    return templates.TemplateResponse(request, "hiring/candidate_form.html", context, status_code=status)
