"""Pair programming in an interview: who may join the shared editor, the candidate's link, and the stored edits.

The shared document is a Yjs document whose one text (``TEXT_NAME``) holds the code. Every change the server
applies is kept as a row of ``pair_updates``, so the document is rebuilt from the rows after a reconnect or a
restart, and replaying a prefix of the rows shows the code as it was at that step.

The candidate has no account: a signed link carrying the pair session's nonce and an expiry time is their
only credential, as with assessments. Issuing a new link changes the nonce, which retires every older link.
Functions flush and never commit: the caller owns the transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from pycrdt import Doc, Text
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.accounts.service import is_manager
from vetml.config import Settings
from vetml.errors import Forbidden, Gone, NotFound, VetmlError
from vetml.interviews import service
from vetml.interviews.assessments import aware
from vetml.interviews.loop_schemas import InterviewStatus
from vetml.interviews.models import Interview, PairSession, PairUpdate
from vetml.interviews.pair_schemas import Replay, ReplayStep

SALT = "vetml-pair"
TEXT_NAME = "code"  # the browser binds CodeMirror to ydoc.getText("code")
LINK_VALID = timedelta(days=3)
MAX_MESSAGE_BYTES = 256 * 1024  # one websocket message; a paste of a large file still fits
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024  # all stored updates of one interview together
ROOM_PREFIX = "interview-"
INVALID_LINK = "this pair-programming link is not valid"
ASK_AGAIN = "Ask your interviewer for a new link."


class PairRole(StrEnum):
    """How a participant takes part; shown next to their cursor and in the replay."""

    INTERVIEWER = "interviewer"
    MANAGER = "manager"
    CANDIDATE = "candidate"


@dataclass(frozen=True)
class Participant:
    """Someone allowed into one interview's shared editor."""

    interview_id: int
    role: PairRole
    name: str
    user_id: int | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def room_name(interview_id: int) -> str:
    """The name of the interview's room, also the last part of the websocket address."""
    return f"{ROOM_PREFIX}{interview_id}"


def interview_of_room(name: str) -> int | None:
    """The interview a room name points at, or None for a name we never hand out."""
    number = name.removeprefix(ROOM_PREFIX)
    if not name.startswith(ROOM_PREFIX) or not (number.isascii() and number.isdigit()) or len(number) > 12:
        return None
    return int(number)


# Who may join


def staff_participant(session: Session, *, interview_id: int, user: User) -> Participant:
    """The interviewer on the interview, or a manager who may see it; other staff are refused."""
    interview = service.get_interview(session, interview_id, user=user)
    if interview.interviewer_id != user.id and not is_manager(user):
        raise Forbidden(
            f"only the interviewer of interview {interview_id} (or a hiring manager) may join its shared editor",
            hint="Ask the interviewer to share the session with you.",
        )
    role = PairRole.INTERVIEWER if interview.interviewer_id == user.id else PairRole.MANAGER
    return Participant(interview_id=interview.id, role=role, name=user.name, user_id=user.id)


def pair_session(session: Session, interview: Interview) -> PairSession:
    """The interview's pair session, made on first use; two first uses racing each other end in one row."""
    row = _session_of(session, interview.id)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = PairSession(interview_id=interview.id, nonce=secrets.token_urlsafe(32), created_at=_now())
            session.add(row)
        return row
    except IntegrityError:
        existing = _session_of(session, interview.id)
        if existing is None:
            raise
        return existing


def _session_of(session: Session, interview_id: int) -> PairSession | None:
    return session.scalar(select(PairSession).where(PairSession.interview_id == interview_id))


# The candidate's link


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.signing_key(), salt=SALT)


def link_token(settings: Settings, pair: PairSession, *, now: datetime | None = None) -> str:
    """The signed token of the candidate's link ``/pair/{token}``; it carries its own expiry time."""
    expires = (now or _now()) + LINK_VALID
    return str(_serializer(settings).dumps({"p": pair.id, "n": pair.nonce, "x": int(expires.timestamp())}))


def link_expires_at(settings: Settings, token: str) -> datetime:
    """When a token we signed stops working."""
    payload = _payload(settings, token)
    return datetime.fromtimestamp(payload["x"], UTC)


def new_link(session: Session, *, interview: Interview, user: User) -> PairSession:
    """Retire every link sent so far (a new nonce), e.g. after a link was sent to the wrong person."""
    _require_on_interview(interview, user)
    pair = pair_session(session, interview)
    pair.nonce = secrets.token_urlsafe(32)
    session.flush()
    return pair


def _require_on_interview(interview: Interview, user: User) -> None:
    if interview.interviewer_id != user.id and not is_manager(user):
        raise Forbidden("only the interviewer or a hiring manager may issue candidate links")


def candidate_participant(
    session: Session, *, settings: Settings, token: str, now: datetime | None = None
) -> Participant:
    """The candidate behind a link that still works: 404 when forged, 410 when expired, replaced or over."""
    payload = _payload(settings, token)
    if (now or _now()).timestamp() >= payload["x"]:
        raise Gone("this pair-programming link has expired", hint=ASK_AGAIN)
    pair = session.get(PairSession, payload["p"])
    if pair is None:
        raise _invalid()
    if not secrets.compare_digest(pair.nonce, payload["n"]):
        raise Gone("this pair-programming link was replaced by a newer one", hint=ASK_AGAIN)
    interview = pair.interview
    if interview.status != InterviewStatus.SCHEDULED.value:
        raise Gone(f"this interview is {interview.status}, so its shared editor is closed", hint=ASK_AGAIN)
    return Participant(interview_id=interview.id, role=PairRole.CANDIDATE, name=interview.loop.candidate.name)


def _payload(settings: Settings, token: str) -> dict[str, Any]:
    try:
        payload = _serializer(settings).loads(token)
    except BadSignature:
        raise _invalid() from None
    shape = {"p": int, "n": str, "x": int}
    if not isinstance(payload, dict) or any(not isinstance(payload.get(k), kind) for k, kind in shape.items()):
        raise _invalid()
    return payload


def _invalid() -> VetmlError:
    # The same answer whether or not the session exists, so links cannot be probed.
    return NotFound(INVALID_LINK, hint="Check that the whole link was copied, or ask your interviewer for it again.")


# Stored updates, rebuild and replay


def record_update(
    session: Session, *, pair: PairSession, participant: Participant, payload: bytes, now: datetime | None = None
) -> PairUpdate:
    """Keep one update the server applied to the shared document, with its author and time."""
    row = PairUpdate(pair_session_id=pair.id, payload=payload, author_role=participant.role.value,
                     author_name=participant.name, author_user_id=participant.user_id,
                     created_at=now or _now())  # fmt: skip
    session.add(row)
    session.flush()
    return row


def updates(session: Session, pair: PairSession) -> Sequence[PairUpdate]:
    """The session's updates in the order the server applied them."""
    statement = select(PairUpdate).where(PairUpdate.pair_session_id == pair.id).order_by(PairUpdate.id)
    return session.scalars(statement).all()


def stored_bytes(session: Session, pair: PairSession) -> int:
    """How much the session's updates take together, counted against ``MAX_DOCUMENT_BYTES``."""
    size = func.sum(func.length(PairUpdate.payload))
    total = session.scalar(select(size).where(PairUpdate.pair_session_id == pair.id))
    return int(total or 0)


def rebuild(payloads: Iterable[bytes]) -> Doc[Any]:
    """A document holding every update, as the room had it before it closed."""
    doc: Doc[Any] = Doc()
    doc.get(TEXT_NAME, type=Text)
    for payload in payloads:
        doc.apply_update(payload)
    return doc


def text_of(doc: Doc[Any]) -> str:
    """The code in a shared document."""
    return str(doc.get(TEXT_NAME, type=Text))


def replay(session: Session, *, interview: Interview) -> Replay:
    """The code after each stored update, with when and by whom, for the interviewer to step through."""
    pair = _session_of(session, interview.id)
    rows = updates(session, pair) if pair is not None else []
    doc: Doc[Any] = rebuild([])
    steps = []
    for number, row in enumerate(rows, start=1):
        doc.apply_update(row.payload)
        steps.append(ReplayStep(step=number, at=aware(row.created_at), author=row.author_name,
                                role=row.author_role, text=text_of(doc)))  # fmt: skip
    return Replay(interview_id=interview.id, steps=steps)
