"""Practice mode in the browser: the same sessions, grades and reports as `vetml practice`.

A visitor is a practice profile whose unguessable id lives in an HTTP-only cookie; every session
route checks that the session belongs to that profile. The clock is the server's: the time a
question was first shown is stored, so a reload keeps the countdown and cannot reset it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Form, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse

from vetml.errors import NotFound
from vetml.grading.schemas import BAND_NAMES
from vetml.practice import report as reports
from vetml.practice import service
from vetml.practice.chart import history_png
from vetml.practice.models import PracticeProfile
from vetml.practice.schemas import MAX_ANSWER_CHARS, PracticeRequest
from vetml.questions.schemas import Level, Module
from vetml.web.deps import SessionDep, templates

router = APIRouter(prefix="/practice", include_in_schema=False)
COOKIE = "vetml_practice"
ONE_YEAR = 365 * 24 * 3600
ProfileCookie = Annotated[str | None, Cookie(alias=COOKIE)]


@router.get("", response_class=HTMLResponse)
def start_page(request: Request, session: SessionDep, profile: ProfileCookie = None) -> HTMLResponse:
    """Choose modules, level and minutes, or take the suggested mix."""
    known = _profile_or_none(session, profile)
    context = {"modules": list(Module), "levels": list(Level), "profile": known, "max_chars": MAX_ANSWER_CHARS}
    return templates.TemplateResponse(request, "practice/start.html", context)


@router.post("")
def start(
    session: SessionDep,
    name: Annotated[str, Form(max_length=120)] = "",
    modules: Annotated[list[Module] | None, Form()] = None,
    level: Annotated[Level, Form()] = Level.MID,
    minutes: Annotated[int, Form(ge=5, le=240)] = 30,
    profile: ProfileCookie = None,
) -> Response:
    """Start a session (creating the visitor's profile on first use) and go to its first question."""
    known = _profile_or_none(session, profile) or service.create_profile(session, name=name.strip() or "Candidate")
    if name.strip() and name.strip() != known.name:
        known.name = name.strip()
    request = PracticeRequest(modules=modules or [], level=level, minutes=minutes)
    row = service.start(session, profile_id=known.id, request=request)
    response = RedirectResponse(f"/practice/sessions/{row.id}", status_code=303)
    response.set_cookie(COOKIE, known.id, max_age=ONE_YEAR, httponly=True, samesite="lax")
    return response


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
def question_page(request: Request, session: SessionDep, session_id: str, profile: ProfileCookie = None) -> Response:
    """The next question with its countdown, or the report when every question is answered."""
    card = service.show(session, session_id=session_id, profile_id=_owner(profile))
    if card is None:
        return RedirectResponse(f"/practice/sessions/{session_id}/report", status_code=303)
    context = {"card": card, "max_chars": MAX_ANSWER_CHARS}
    return templates.TemplateResponse(request, "practice/question.html", context)


@router.post("/sessions/{session_id}/answers", response_class=HTMLResponse)
def answer(
    request: Request,
    session: SessionDep,
    session_id: str,
    position: Annotated[int, Form(ge=0)],
    answer: Annotated[str, Form()] = "",
    action: Annotated[str, Form(pattern="^(submit|skip)$")] = "submit",
    profile: ProfileCookie = None,
) -> HTMLResponse:
    """Grade the answer and show its feedback; the server's clock says whether time ran out."""
    row = service.get(session, session_id, profile_id=_owner(profile))
    seconds = service.seconds_on(session, session_id=row.id, position=position)
    card = service.current(session, session_id=row.id)
    limit = card.time_limit if card else 0
    skipped = action == "skip"
    attempt = service.answer(
        session,
        session_id=row.id,
        position=position,
        text="" if skipped else answer,
        seconds=seconds,
        timed_out=seconds > limit,
        skipped=skipped,
    )
    more = service.current(session, session_id=row.id) is not None
    if not more:
        service.finish(session, session_id=row.id)
    context = {"attempt": attempt, "session_id": row.id, "more": more, "band_names": BAND_NAMES}
    return templates.TemplateResponse(request, "practice/feedback.html", context)


@router.post("/sessions/{session_id}/finish")
def finish(session: SessionDep, session_id: str, profile: ProfileCookie = None) -> Response:
    """End the session early; unanswered questions are left out of the report."""
    service.get(session, session_id, profile_id=_owner(profile))
    service.finish(session, session_id=session_id)
    return RedirectResponse(f"/practice/sessions/{session_id}/report", status_code=303)


@router.get("/sessions/{session_id}/report", response_class=HTMLResponse)
def report_page(session: SessionDep, session_id: str, profile: ProfileCookie = None) -> HTMLResponse:
    """The end-of-session report, the same page `vetml practice` writes."""
    service.get(session, session_id, profile_id=_owner(profile))
    return HTMLResponse(reports.to_html(service.report(session, session_id=session_id)))


@router.get("/sessions/{session_id}/report.md")
def report_markdown(session: SessionDep, session_id: str, profile: ProfileCookie = None) -> PlainTextResponse:
    """The report as a Markdown download."""
    service.get(session, session_id, profile_id=_owner(profile))
    text = reports.to_markdown(service.report(session, session_id=session_id))
    disposition = f'attachment; filename="practice-{session_id[:8]}.md"'
    return PlainTextResponse(text, media_type="text/markdown", headers={"Content-Disposition": disposition})


@router.get("/history", response_class=HTMLResponse)
def history_page(request: Request, session: SessionDep, profile: ProfileCookie = None) -> HTMLResponse:
    """Every session of the visitor and each category's progress, with the chart."""
    progress = service.history(session, profile_id=_owner(profile))
    return templates.TemplateResponse(request, "practice/history.html", {"history": progress})


@router.get("/history.png")
def history_chart(session: SessionDep, profile: ProfileCookie = None) -> Response:
    """The progress chart as PNG."""
    progress = service.history(session, profile_id=_owner(profile))
    return Response(history_png(progress), media_type="image/png", headers={"Cache-Control": "no-store"})


def _owner(profile: str | None) -> str:
    if not profile:
        raise NotFound("this browser has no practice sessions", hint="Start one at /practice.")
    return profile


def _profile_or_none(session: SessionDep, profile: str | None) -> PracticeProfile | None:
    if not profile:
        return None
    try:
        return service.get_profile(session, profile)
    except NotFound:
        return None
