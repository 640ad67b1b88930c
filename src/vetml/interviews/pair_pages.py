"""Pair programming on the web: the interviewer's and the candidate's editor pages, the websocket, the replay.

Thin: who may join, the candidate's link, storage and replay live in ``pairing``; the live rooms in
``pair_rooms``. A websocket without a valid identity is accepted only to be closed at once with code 1008
(policy violation) and one fixed reason, so the browser can stop retrying and a prober learns nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime
from http import HTTPStatus
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import anyio
from fastapi import APIRouter, Path, Query, Request, WebSocket
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.routing import Router, WebSocketRoute

from vetml.accounts import service as accounts
from vetml.accounts.models import User
from vetml.config import Settings
from vetml.db import transaction
from vetml.errors import VetmlError
from vetml.interviews import pairing, service
from vetml.interviews.pair_rooms import POLICY_VIOLATION, PairServer
from vetml.interviews.pair_schemas import Replay
from vetml.interviews.pairing import Participant
from vetml.interviews.views import local_time
from vetml.web.auth import SESSION_COOKIE, CurrentPrincipal, StaffUser
from vetml.web.deps import SessionDep, SettingsDep, templates

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
api_router = APIRouter(tags=["interview loops"])
MAX_TOKEN = 500
Token = Annotated[str, Path(max_length=MAX_TOKEN)]
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
REFUSED = "Not allowed: sign in again or ask for a new link."


@router.get("/interviews/{interview_id}/pair", response_class=HTMLResponse)
def interviewer_page(
    request: Request, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal, interview_id: int
) -> HTMLResponse:
    """The shared editor for the interviewer (or a manager), with the candidate's link to copy."""
    user = principal.user
    me = pairing.staff_participant(session, interview_id=interview_id, user=user)
    interview = service.get_interview(session, interview_id, user=user)
    token = pairing.link_token(settings, pairing.pair_session(session, interview))
    context = _editor(me) | {
        "interview": interview,
        "candidate": interview.loop.candidate,
        "link": str(request.url_for("candidate_page", pair_token=token)),
        "link_expires": local_time(pairing.link_expires_at(settings, token), user.time_zone),
        "csrf_token": principal.csrf_token or "",
    }
    return templates.TemplateResponse(request, "interviews/pair.html", context, headers=PRIVATE)


@router.post("/interviews/{interview_id}/pair/link")
def replace_link(
    request: Request, session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal, interview_id: int
) -> RedirectResponse:
    """Retire every candidate link sent so far; the page then shows a new one.

    Sockets already open through an old link are closed once the new nonce is committed (a background task
    runs after the session dependency commits), so a retired link cannot keep editing.
    """
    interview = service.get_interview(session, interview_id, user=principal.user)
    pairing.new_link(session, interview=interview, user=principal.user)
    server: PairServer | None = getattr(request.app.state, "pair_server", None)
    closing = BackgroundTask(server.close_retired_links, interview_id, settings) if server else None
    return RedirectResponse(f"/interviews/{interview_id}/pair?new_link=1", status_code=HTTPStatus.SEE_OTHER,
                            background=closing)  # fmt: skip


@router.get("/interviews/{interview_id}/pair/replay", response_class=HTMLResponse)
def replay_page(
    request: Request, session: SessionDep, user: StaffUser, interview_id: int, step: Annotated[int, Query(ge=0)] = 0
) -> HTMLResponse:
    """The code at one step of the session, with a slider and buttons to move through the steps."""
    replay = _replay(session, user=user, interview_id=interview_id)
    interview = service.get_interview(session, interview_id, user=user)
    count = len(replay.steps)
    shown = min(step, count) if step else count  # no step asked for: the code as it ended
    context = {
        "interview": interview,
        "candidate": interview.loop.candidate,
        "steps": replay.steps,
        "shown": replay.steps[shown - 1] if shown else None,
        "times": [_clock(item.at, user.time_zone) for item in replay.steps],
    }
    return templates.TemplateResponse(request, "interviews/pair_replay.html", context)


@api_router.get("/interviews/{interview_id}/pair/replay", summary="Replay of an interview's shared editor")
def replay_api(session: SessionDep, user: StaffUser, interview_id: int) -> Replay:
    """The code after each stored edit, with when and by whom (the interviewer on it, or managers)."""
    return _replay(session, user=user, interview_id=interview_id)


def _replay(session: Session, *, user: User, interview_id: int) -> Replay:
    pairing.staff_participant(session, interview_id=interview_id, user=user)
    return pairing.replay(session, interview=service.get_interview(session, interview_id, user=user))


def _clock(moment: datetime, zone: str) -> str:
    """A step's time as the viewer reads it, to the second (steps are often seconds apart)."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%H:%M:%S")


@router.get("/pair/{pair_token}", response_class=HTMLResponse, name="candidate_page")
def candidate_page(request: Request, session: SessionDep, settings: SettingsDep, pair_token: Token) -> HTMLResponse:
    """The candidate's shared editor, opened through the link the interviewer sent."""
    me = pairing.candidate_participant(session, settings=settings, token=pair_token)
    context = _editor(me, token=pair_token) | {"expires": pairing.link_expires_at(settings, pair_token)}
    return templates.TemplateResponse(request, "pair/candidate.html", context, headers=PRIVATE)


def _editor(me: Participant, token: str = "") -> dict[str, Any]:
    """What the editor's script needs: the room, the name on this person's cursor, their role, any link."""
    return {"room": pairing.room_name(me.interview_id), "me": me, "token": token}


async def pair_socket(websocket: WebSocket) -> None:
    """The y-websocket endpoint: staff by their session cookie, the candidate by the link's token."""
    room, link = websocket.path_params["room"], websocket.query_params.get("link")
    participant = await anyio.to_thread.run_sync(_identify, websocket, room, link)
    await websocket.accept()
    server: PairServer | None = getattr(websocket.app.state, "pair_server", None)
    if participant is None or server is None:
        await websocket.close(code=POLICY_VIOLATION, reason=REFUSED)
        return
    await server.join(websocket, participant, link=link or None)


# Mounted as a plain router, outside FastAPI's dependency injection: the app-wide page dependencies hold a
# database session per request, which a socket open for an hour must not do.
sockets = Router(routes=[WebSocketRoute("/{room}", pair_socket)])


def _identify(websocket: WebSocket, room: str, link: str | None) -> Participant | None:
    """Who is on the socket, if they may join ``room``; None for anyone else, whatever the reason."""
    interview_id = pairing.interview_of_room(room)
    if interview_id is None or not _same_origin(websocket) or len(link or "") > MAX_TOKEN:
        return None
    settings: Settings = websocket.app.state.settings
    try:
        with transaction(websocket.app.state.sessions) as session:
            participant = _participant(session, settings, websocket.cookies.get(SESSION_COOKIE), link, interview_id)
    except VetmlError as refused:
        log.info("refused a pair websocket for %s: %s", room, refused.message)
        return None
    return participant if participant is not None and participant.interview_id == interview_id else None


def _participant(
    session: Session, settings: Settings, cookie: str | None, link: str | None, interview_id: int
) -> Participant | None:
    if link:
        return pairing.candidate_participant(session, settings=settings, token=link)
    row = accounts.session_for(session, cookie) if cookie else None
    return None if row is None else pairing.staff_participant(session, interview_id=interview_id, user=row.user)


def _same_origin(websocket: WebSocket) -> bool:
    """Refuse sockets opened by another site's page (browsers send Origin; other clients may not)."""
    origin = websocket.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == websocket.headers.get("host")
