"""The CV review page: the CV's text with every finding highlighted in place, and the upload form behind it."""

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
from vetml.hiring import service as hiring
from vetml.hiring.cv import MAX_CV_BYTES
from vetml.resume import service
from vetml.resume.findings import Finding
from vetml.resume.schemas import Review
from vetml.web.auth import CurrentPrincipal, ManagerUser
from vetml.web.deps import FormDep, SessionDep, templates

router = APIRouter(include_in_schema=False)


@router.get("/candidates/{candidate_id}/cv/review", response_class=HTMLResponse)
def review_page(request: Request, session: SessionDep, principal: CurrentPrincipal, candidate_id: int) -> Response:
    """Score and summary first, then the CV's lines with findings marked, then the skills to probe."""
    candidate = hiring.get_candidate(session, candidate_id, viewer=principal.user)
    row = service.find_review(session, candidate.id, viewer=principal.user)
    found = service.as_review(row) if row is not None else None
    context = {
        "candidate": candidate,
        "row": row,
        "review": found,
        "lines": marked_lines(found) if found else [],
        "csrf_token": principal.csrf_token or "",
    }
    return templates.TemplateResponse(request, "resume/review.html", context)


@router.post("/candidates/{candidate_id}/cv")
async def upload_page(
    session: SessionDep, principal: CurrentPrincipal, user: ManagerUser, candidate_id: int, form: FormDep
) -> Response:
    """Keep a new CV and open its review; a refused file comes back to the candidate page with the reason."""
    try:
        return await _keep_and_review(session, user, candidate_id, form.get("cv"))
    finally:
        await form.close()  # the uploaded file's spool, read or not


async def _keep_and_review(session: Session, user: User, candidate_id: int, upload: Any) -> Response:
    target = f"/candidates/{candidate_id}"
    if not isinstance(upload, UploadFile) or not upload.filename:
        query = urlencode({"cv_error": "Choose a CV file to upload."})
        return RedirectResponse(f"{target}?{query}", status_code=HTTPStatus.SEE_OTHER)
    content = await upload.read(MAX_CV_BYTES + 1)
    try:
        with session.begin_nested():
            service.upload_cv(session, candidate_id, content=content, filename=upload.filename, actor=user)
    except VetmlError as error:
        query = urlencode({"cv_error": f"The CV was not kept: {error.message}. {error.hint}"})
        return RedirectResponse(f"{target}?{query}", status_code=HTTPStatus.SEE_OTHER)
    return RedirectResponse(f"{target}/cv/review", status_code=HTTPStatus.SEE_OTHER)


def marked_lines(found: Review) -> list[dict[str, Any]]:
    """Each line cut into plain and marked pieces, so the template can wrap findings in <mark> safely."""
    by_line: dict[int, list[tuple[int, Finding]]] = {}
    for number, finding in enumerate(found.findings):
        by_line.setdefault(finding.line, []).append((number, finding))
    return [
        {"line": line, "pieces": _pieces(line.text, by_line.get(index, []))} for index, line in enumerate(found.lines)
    ]


def _pieces(text: str, findings: list[tuple[int, Finding]]) -> list[dict[str, Any]]:
    pieces: list[dict[str, Any]] = []
    cursor = 0
    for number, finding in sorted(findings, key=lambda item: item[1].start):
        start, end = max(finding.start, cursor), max(finding.end, cursor)
        if start > cursor:
            pieces.append({"text": text[cursor:start]})
        if end > start:
            pieces.append({"text": text[start:end], "finding": finding, "number": number + 1})
        elif end == start:
            pieces.append({"text": "", "finding": finding, "number": number + 1})
        cursor = end
    if cursor < len(text):
        pieces.append({"text": text[cursor:]})
    return pieces
