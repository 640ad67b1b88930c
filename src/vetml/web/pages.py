"""Pages that belong to no single domain: the home page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from vetml.questions import service as questions
from vetml.web.deps import SessionDep, templates

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> HTMLResponse:
    """The start page: what vetml holds and where to go next."""
    stats = questions.stats(session)
    return templates.TemplateResponse(request, "home.html", {"stats": stats})
