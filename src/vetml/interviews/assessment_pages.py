"""The candidate's assessment in the browser: a start screen, the items on a clock, and an end screen.

The signed link is the only credential, as in the JSON API (assessment_views.py), and every rule lives
in the assessment service. Pages are never cached and never send the link on through a Referer header.
Link failures (404 forged, 410 expired or withdrawn) are rendered by the app's error handler with the
candidate's own minimal layout, so a candidate never sees the staff navigation.
"""

from __future__ import annotations

import hashlib
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vetml.config import Settings
from vetml.interviews import assessments as service
from vetml.interviews import written
from vetml.interviews.assessment_schemas import MAX_ANSWER_CHARS, CandidateAssessment, ItemKind
from vetml.interviews.models import Assessment
from vetml.web.deps import SessionDep, SettingsDep, templates
from vetml.web.ratelimit import per_link

router = APIRouter(prefix="/assess", include_in_schema=False)
Token = Annotated[str, Path(max_length=500)]
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _bank(settings: Settings) -> FilePath:
    return settings.bank_dir / "challenges"


def _back(token: str, suffix: str = "") -> RedirectResponse:
    return RedirectResponse(f"/assess/{token}{suffix}", status_code=303, headers=PRIVATE)


@router.get("/{token}", response_class=HTMLResponse)
def assessment_page(
    request: Request, session: SessionDep, settings: SettingsDep, token: Token, saved: int | None = None
) -> HTMLResponse:
    """The start screen before the clock runs, the items while it runs, the end screen once handed in.

    A written interview has no start screen: its window, in the candidate's zone, says when to come back.
    """
    assessment = service.by_token(session, settings=settings, token=token)
    if written.is_written(assessment):
        service.open_link(session, settings=settings, token=token)  # records the first open inside the window
    view = service.candidate_view(session, assessment, bank_root=_bank(settings))
    name, context = _screen(assessment, view)
    context |= {"token": token, "draft_key": _draft_key(token), "saved": saved}
    return templates.TemplateResponse(request, f"assess/{name}.html", context, headers=PRIVATE)


def _screen(assessment: Assessment, view: CandidateAssessment) -> tuple[str, dict[str, Any]]:
    if view.status == "submitted":
        return "done", {"submitted_at": service.aware(assessment.submitted_at or assessment.created_at)}
    if view.status == "not-open-yet":
        return "not_open", {"view": view, "questions": len(assessment.items)}
    if view.started_at is None and not written.is_written(assessment):
        kinds = [item.kind for item in view.items]
        counts = {"questions": kinds.count(ItemKind.QUESTION), "challenges": kinds.count(ItemKind.CHALLENGE)}
        return "start", {"view": view, "expires_at": service.aware(assessment.expires_at), **counts}
    prompts = {item.position: _under_item_heading(item.prompt) for item in view.items}
    return "work", {"view": view, "prompts": prompts, "max_chars": MAX_ANSWER_CHARS}


def _under_item_heading(prompt: str) -> str:
    """A challenge statement under the item's own heading: its title line dropped, its headings one level down."""
    lines, fenced = prompt.splitlines(), False
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    for number, line in enumerate(lines):
        fenced ^= line.lstrip().startswith(("```", "~~~"))
        if not fenced and line.startswith("#"):
            lines[number] = "#" + line
    return "\n".join(lines)


def _draft_key(token: str) -> str:
    """Names this assessment's drafts in localStorage without storing the link itself there."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


@router.post("/{token}/start")
def start(session: SessionDep, settings: SettingsDep, token: Token) -> Response:
    """Start the clock (the first open of the link) and show the items."""
    service.open_link(session, settings=settings, token=token)
    return _back(token)


@router.post("/{token}/answers/{position}", dependencies=[Depends(per_link("autosave"))])
def save_answer(
    session: SessionDep, settings: SettingsDep, token: Token, position: int,
    text: Annotated[str, Form(max_length=MAX_ANSWER_CHARS)] = "",
) -> Response:  # fmt: skip
    """Save one answer from a plain form, for browsers without JavaScript (scripts autosave instead)."""
    service.save_answer(session, settings=settings, token=token, position=position, text=text)
    return _back(token, f"?saved={position}#item-{position}")


@router.post("/{token}/submit", dependencies=[Depends(per_link("submissions"))])
def submit(session: SessionDep, settings: SettingsDep, token: Token) -> Response:
    """Hand in every saved answer; challenge answers go to the judge once this commits."""
    service.submit(session, settings=settings, token=token, bank_root=_bank(settings))
    return _back(token)
