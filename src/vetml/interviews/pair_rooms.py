"""Live rooms of the shared editor: pycrdt-websocket speaks the y-websocket protocol, our tables keep the document.

One room per interview. A room opens with the document rebuilt from the stored updates, so a reconnect or a
restart resumes where the code was. Each update the room applies is stored with the participant whose message
carried it: the room handles one message at a time and applies it synchronously, so the participant who sent the
message being handled is the author of the change the document reports.

Hostile input is refused before the room sees it: one message may not exceed ``MAX_MESSAGE_BYTES`` and the
stored updates of an interview may not exceed ``MAX_DOCUMENT_BYTES``; the socket is then closed with code 1009
and a reason the editor shows.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

import anyio
from pycrdt import Channel, Doc, TransactionEvent, YMessageType
from pycrdt.websocket import WebsocketServer, YRoom, exception_logger
from sqlalchemy.orm import Session, sessionmaker
from starlette.websockets import WebSocket, WebSocketDisconnect

from vetml.config import Settings
from vetml.db import transaction
from vetml.errors import NotFound, VetmlError
from vetml.interviews import pairing
from vetml.interviews.models import Interview, PairSession
from vetml.interviews.pairing import MAX_DOCUMENT_BYTES, MAX_MESSAGE_BYTES, Participant

log = logging.getLogger(__name__)
POLICY_VIOLATION = 1008  # RFC 6455: the peer may not be here
TOO_BIG = 1009  # RFC 6455: a message too big to process
INTERNAL_ERROR = 1011
RETIRED = "This link was replaced or withdrawn. Ask your interviewer for the new one."
TRY_AGAIN_LATER = 1013


class PairRoom(YRoom):
    """A room whose document came from our tables and whose every applied update goes back to them."""

    def __init__(self, *, sessions: sessionmaker[Session], pair_session_id: int, doc: Doc[Any], stored: int) -> None:
        super().__init__(ready=True, ydoc=doc, exception_handler=exception_logger, log=log)
        self.sender: Participant | None = None
        self.stored_bytes = stored
        self.broken = False
        self._sessions = sessions
        self._pair_session_id = pair_session_id
        self.on_message_error = self._message_failed
        self._stored = doc.observe(self._store)

    def refusal(self, message: bytes) -> str | None:
        """Why ``message`` may not reach the document, or None when it may."""
        if len(message) > MAX_MESSAGE_BYTES:
            return f"The change is too large ({len(message) // 1024} KiB; at most {MAX_MESSAGE_BYTES // 1024} KiB)."
        if message[:1] == bytes([YMessageType.SYNC]) and self.stored_bytes + len(message) > MAX_DOCUMENT_BYTES:
            return f"The shared document is full (at most {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB of edits)."
        return None

    def _store(self, event: TransactionEvent) -> None:
        """Keep the update the document just applied, before anyone else is sent it."""
        if self.sender is None:  # only clients change the document; anything else is a fault of ours
            raise RuntimeError("a document change arrived without a sender")
        with transaction(self._sessions) as session:
            pair = session.get(PairSession, self._pair_session_id)
            if pair is None:
                raise NotFound(f"pair session {self._pair_session_id} is gone")
            pairing.record_update(session, pair=pair, participant=self.sender, payload=event.update)
        self.stored_bytes += len(event.update)

    async def _message_failed(self, error: Exception, message: bytes, channel: Channel) -> bool:
        """A message that could not be applied or stored: ignore malformed input, close the room on our faults."""
        if not isinstance(error, ExceptionGroup):  # pycrdt could not read it: the sender's problem, not the room's
            log.warning("ignored a malformed message of %d bytes in %s: %s", len(message), channel.path, error)
            return True
        # Our storing callback failed (pycrdt reports a failed document observer as an ExceptionGroup).
        log.error("could not store a change in %s; closing the room so it reopens from storage", channel.path,
                  exc_info=error)  # fmt: skip
        self.broken = True  # the document may now hold a change that was not stored: rebuild it from the rows
        for client in list(self.clients):
            if isinstance(client, PairChannel):
                await client.close(INTERNAL_ERROR, "The server could not save a change. Reconnecting…")
        return True


class PairServer(WebsocketServer):
    """pycrdt-websocket's server, opening each interview's room from our tables."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        super().__init__(rooms_ready=True, auto_clean_rooms=True, exception_handler=exception_logger, log=log)
        self._sessions = sessions

    async def get_room(self, name: str) -> YRoom:
        """The open room of ``name``, or a new one rebuilt from storage (loaded off the event loop)."""
        room = self.rooms.get(name)
        if room is None:
            opened = await anyio.to_thread.run_sync(self._open, name)
            room = self.rooms.setdefault(name, opened)  # another connection may have opened it meanwhile
        await self.start_room(room)
        return room

    def _open(self, name: str) -> PairRoom:
        interview_id = pairing.interview_of_room(name)
        with transaction(self._sessions) as session:
            interview = session.get(Interview, interview_id)
            if interview is None:
                raise NotFound(f"there is no interview for room {name}")
            pair = pairing.pair_session(session, interview)
            doc = pairing.rebuild(row.payload for row in pairing.updates(session, pair))
            stored = pairing.stored_bytes(session, pair)
            return PairRoom(sessions=self._sessions, pair_session_id=pair.id, doc=doc, stored=stored)

    async def join(self, websocket: WebSocket, participant: Participant, *, link: str | None = None) -> None:
        """Serve an accepted websocket of ``participant`` (a candidate's came through ``link``) until it closes."""
        channel = PairChannel(websocket, participant, self, link=link)
        current = self.rooms.get(channel.path)
        if isinstance(current, PairRoom) and current.broken:
            await channel.close(TRY_AGAIN_LATER, "The shared editor is reopening. Reconnecting…")
            return
        await self.serve(channel)

    async def close_retired_links(self, interview_id: int, settings: Settings) -> None:
        """Close, with 1008, the candidate sockets of ``interview_id`` whose link no longer works.

        A link is checked only when the socket opens; without this a candidate whose link was replaced (sent
        to the wrong person, say) would keep editing until they disconnect.
        """
        room = self.rooms.get(pairing.room_name(interview_id))
        channels = [client for client in list(room.clients) if isinstance(client, PairChannel)] if room else []
        for channel in channels:
            link = channel.link
            if link is not None and not await anyio.to_thread.run_sync(self._link_works, settings, link):
                await channel.close(POLICY_VIOLATION, RETIRED)

    def _link_works(self, settings: Settings, link: str) -> bool:
        try:
            with transaction(self._sessions) as session:
                pairing.candidate_participant(session, settings=settings, token=link)
        except VetmlError:
            return False
        return True


class PairChannel:
    """One participant's websocket as a pycrdt channel: it checks each message and marks who sent it."""

    def __init__(
        self, websocket: WebSocket, participant: Participant, server: PairServer, *, link: str | None = None
    ) -> None:
        self._websocket = websocket
        self._participant = participant
        self.link = link
        self._server = server
        self._closed = False

    @property
    def path(self) -> str:
        """The room's name; pycrdt-websocket picks the room by it."""
        return pairing.room_name(self._participant.interview_id)

    def __aiter__(self) -> PairChannel:
        return self

    async def __anext__(self) -> bytes:
        return await self.recv()

    async def recv(self) -> bytes:
        """The next binary message that may reach the room; the end of iteration once the socket closed."""
        while not self._closed:
            message = await self._websocket.receive()
            if message["type"] == "websocket.disconnect":
                self._closed = True
                break
            data = message.get("bytes")
            if data is None:  # y-websocket sends binary frames only
                continue
            room = self._server.rooms.get(self.path)
            refusal = room.refusal(data) if isinstance(room, PairRoom) else "The shared editor is not open."
            if refusal is not None:
                log.warning("refused a message of %d bytes from %s in %s", len(data), self._participant.role, self.path)
                await self.close(TOO_BIG, refusal)
                break
            if isinstance(room, PairRoom):
                room.sender = self._participant  # the room applies this message before it reads the next one
            return bytes(data)
        raise StopAsyncIteration

    async def send(self, message: bytes) -> None:
        """Send to the participant; a socket that has gone away is left alone (the room drops it on its own)."""
        if self._closed:
            return
        try:
            await self._websocket.send_bytes(message)
        except (WebSocketDisconnect, RuntimeError, OSError):
            self._closed = True

    async def close(self, code: int, reason: str) -> None:
        """Close with ``code`` and a reason the browser shows; twice is once."""
        if self._closed:
            return
        self._closed = True
        with suppress(RuntimeError, OSError):  # already closed by the other side
            await self._websocket.close(code=code, reason=reason)


@asynccontextmanager
async def running(sessions: sessionmaker[Session]) -> AsyncIterator[PairServer]:
    """The websocket server for the app's lifetime; rooms close with it."""
    server = PairServer(sessions)
    async with server:
        yield server
