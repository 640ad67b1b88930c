"""The take-home audit as pages: the report for the hiring team, a feedback version for the candidate, and the
upload form's target on the candidate page."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from vetml.accounts.models import User
from vetml.errors import VetmlError
from vetml.takehome import service
from vetml.web.auth import CurrentPrincipal, ManagerUser
from vetml.web.deps import FormDep, SessionDep, templates

router = APIRouter(include_in_schema=False)


@router.get("/candidates/{candidate_id}/takehome", response_class=HTMLResponse)
def report_page(request: Request, session: SessionDep, principal: CurrentPrincipal, candidate_id: int) -> Response:
    """The latest audit: verdict, checks with evidence, the ML Test Score and the test run."""
    row = service.latest(session, candidate_id, viewer=principal.user)
    context = {"report": service.report_of(row), "row": row, "candidate_id": candidate_id, "feedback": False}
    return templates.TemplateResponse(request, "takehome/report.html", context)


@router.get("/candidates/{candidate_id}/takehome/feedback", response_class=HTMLResponse)
def feedback_page(request: Request, session: SessionDep, manager: ManagerUser, candidate_id: int) -> Response:
    """The same report worded for the candidate: what the project shows and what would improve it."""
    row = service.latest(session, candidate_id, viewer=manager)
    context = {"report": service.report_of(row), "row": row, "candidate_id": candidate_id, "feedback": True}
    return templates.TemplateResponse(request, "takehome/report.html", context)


@router.post("/candidates/{candidate_id}/takehome")
async def upload_page(
    session: SessionDep, principal: CurrentPrincipal, user: ManagerUser, candidate_id: int, form: FormDep
) -> Response:
    """Audit the uploaded archive and open the report; a refused archive returns to the candidate with the reason."""
    try:
        return await _audit(session, user, candidate_id, form.get("project"))
    finally:
        await form.close()


async def _audit(session: Session, user: User, candidate_id: int, upload: Any) -> Response:
    target = f"/candidates/{candidate_id}"
    if not isinstance(upload, UploadFile) or not upload.filename:
        return RedirectResponse(
            f"{target}?{urlencode({'cv_error': 'Choose a project archive.'})}", HTTPStatus.SEE_OTHER
        )
    content = await upload.read(service.MAX_UPLOAD_BYTES + 1)  # one byte over is enough for the service to refuse it
    try:
        with session.begin_nested():
            service.audit_upload(session, candidate_id, content=content, filename=upload.filename, actor=user)
    except VetmlError as error:
        query = urlencode({"cv_error": f"The project was not audited: {error.message}. {error.hint}"})
        return RedirectResponse(f"{target}?{query}", status_code=HTTPStatus.SEE_OTHER)
    return RedirectResponse(f"{target}/takehome", status_code=HTTPStatus.SEE_OTHER)
