"""The candidate report (HTML and PDF) and the candidate-facing feedback summary, for hiring managers.

The report is the debrief on paper: the loop, the competency matrix with automatic grades, each
interviewer's evidence, red flags, the radar chart and the decision. The feedback summary is what
may be forwarded to the candidate (see ``vetml.interviews.feedback``). Both are self-contained
pages, so the PDF is the same page printed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.interviews import service
from vetml.interviews.debrief_chart import radar_png
from vetml.interviews.debrief_pages import debrief_context
from vetml.interviews.feedback import candidate_feedback, title
from vetml.interviews.models import Loop
from vetml.web.auth import ManagerUser
from vetml.web.deps import SessionDep, templates
from vetml.web.pdf import html_to_pdf, png_data_url

router = APIRouter(include_in_schema=False)


@router.get("/loops/{loop_id}/report", response_class=HTMLResponse)
def report_page(request: Request, session: SessionDep, manager: ManagerUser, loop_id: int) -> Response:
    """The candidate report, as a page to read or print."""
    return HTMLResponse(_report_html(request, session, manager, _loop(session, manager, loop_id)))


@router.get("/loops/{loop_id}/feedback", response_class=HTMLResponse)
def feedback_page(request: Request, session: SessionDep, manager: ManagerUser, loop_id: int) -> Response:
    """The feedback summary that may be sent to the candidate."""
    return HTMLResponse(_feedback_html(request, session, manager, _loop(session, manager, loop_id)))


@router.get("/loops/{loop_id}/report.pdf")
def report_pdf(request: Request, session: SessionDep, manager: ManagerUser, loop_id: int) -> Response:
    """The candidate report as a PDF download."""
    loop = _loop(session, manager, loop_id)
    return _download(_report_html(request, session, manager, loop), loop, "report")


@router.get("/loops/{loop_id}/feedback.pdf")
def feedback_pdf(request: Request, session: SessionDep, manager: ManagerUser, loop_id: int) -> Response:
    """The candidate's feedback summary as a PDF download."""
    loop = _loop(session, manager, loop_id)
    return _download(_feedback_html(request, session, manager, loop), loop, "feedback")


def _loop(session: Session, manager: User, loop_id: int) -> Loop:
    return service.get_loop(session, loop_id, user=manager)


def _report_html(request: Request, session: Session, manager: User, loop: Loop) -> str:
    context = debrief_context(session, manager, loop)
    chart = radar_png(context["summary"], f"{loop.candidate.name}: mean rating per competency")
    context |= {"role": loop.candidate.request.title, "radar_src": png_data_url(chart), **_stamp(loop)}
    return _render(request, "reports/candidate.html", context)


def _feedback_html(request: Request, session: Session, manager: User, loop: Loop) -> str:
    summary = service.debrief(session, loop=loop, user=manager)
    feedback = candidate_feedback(summary, candidate=loop.candidate.name, role=loop.candidate.request.title)
    return _render(request, "reports/feedback.html", {"feedback": feedback, "title": title, **_stamp(loop)})


def _render(request: Request, name: str, context: dict[str, Any]) -> str:
    return templates.get_template(name).render({"request": request, **context})


def _stamp(loop: Loop) -> dict[str, Any]:
    return {"generated_at": datetime.now(UTC), "loop_id": loop.id}


def _download(html: str, loop: Loop, kind: str) -> Response:
    """The page printed to PDF, named after the candidate: ``jordan-lee-report.pdf``."""
    filename = f"{_slug(loop.candidate.name)}-{kind}.pdf"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"}
    return Response(html_to_pdf(html), media_type="application/pdf", headers=headers)


def _slug(name: str) -> str:
    """A file name from a person's name: ASCII letters, digits and dashes only."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "candidate"
