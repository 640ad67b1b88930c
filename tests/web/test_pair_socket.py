"""The pair-programming websocket and pages through FastAPI's test client, speaking y-websocket like a browser.

One test client is entered once, so every websocket runs in the same event loop as the app's room server;
who is connecting is chosen per socket by the session cookie or the candidate's link.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pycrdt import (
    Doc,
    Text,
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)
from sqlalchemy import Engine, func, select
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from tests.factories import PASSWORD
from tests.interviews.pair_factories import PairTeam, create_pair_team
from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.interviews import pair_rooms, pairing
from vetml.interviews.models import Interview, PairUpdate
from vetml.web.app import create_app
from vetml.web.auth import SESSION_COOKIE

SECRET = "pair-socket-tests-" + "s" * 40
HTML = {"Accept": "text/html,application/xhtml+xml"}


@dataclass
class Setup:
    """The entered test client, the team, and each staff member's session cookie."""

    client: TestClient
    team: PairTeam
    cookies: dict[str, str]
    settings: Settings
    engine: Engine

    @property
    def room(self) -> str:
        """The websocket address of the team's interview."""
        return f"/ws/pair/{pairing.room_name(self.team.interview_id)}"

    def headers(self, who: str | None) -> dict[str, str]:
        """Request headers carrying ``who``'s session cookie (none for an anonymous visitor)."""
        return {"cookie": f"{SESSION_COOKIE}={self.cookies[who]}"} if who else {}

    def link(self, *, now: datetime | None = None) -> str:
        """A candidate token for the team's interview, as the interviewer's page would show."""
        with transaction(session_factory(self.engine)) as session:
            interview = session.get(Interview, self.team.interview_id)
            assert interview is not None
            return pairing.link_token(self.settings, pairing.pair_session(session, interview), now=now)

    def stored(self) -> list[tuple[str, str]]:
        """The stored updates' authors and roles, oldest first."""
        with transaction(session_factory(self.engine)) as session:
            rows = session.execute(select(PairUpdate.author_name, PairUpdate.author_role).order_by(PairUpdate.id))
            return [(name, role) for name, role in rows]


def _login(client: TestClient, email: str) -> str:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    cookie = client.cookies.get(SESSION_COOKIE)
    client.cookies.clear()
    assert cookie
    return str(cookie)


@pytest.fixture
def setup(engine: Engine, database_url: str) -> Iterator[Setup]:
    """The app on the test database with Ana's interview, Maya the manager and Olga who is not on it."""
    with transaction(session_factory(engine)) as session:
        team = create_pair_team(session)
    settings = Settings(database_url=database_url, secret_key=SECRET)
    app = create_app(settings)
    with TestClient(app) as client:
        cookies = {who: _login(client, f"{who}@example.test") for who in ("ana", "olga")}
        cookies["maya"] = _login(client, "hiring-manager@example.test")
        yield Setup(client, team, cookies, settings, engine)
    app.state.engine.dispose()


class Peer:
    """A y-websocket client: a Yjs document kept in sync with the server over one socket."""

    def __init__(self, socket: WebSocketTestSession) -> None:
        self.socket = socket
        self.doc: Doc[Any] = Doc()
        self.text = self.doc.get(pairing.TEXT_NAME, type=Text)

    def sync(self) -> None:
        """Answer the server's opening state and ask for everything it has, as the browser does on connect."""
        opening = self.socket.receive_bytes()
        assert opening[:2] == bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP1])
        reply = handle_sync_message(opening[1:], self.doc)
        assert reply is not None
        self.socket.send_bytes(reply)
        self.socket.send_bytes(create_sync_message(self.doc))
        self.receive_until(lambda message: message[1] == YSyncMessageType.SYNC_STEP2)

    def type(self, index: int, words: str) -> None:
        """Insert ``words`` locally and send the update, as the editor does for each keystroke."""
        before = self.doc.get_state()
        self.text.insert(index, words)
        self.socket.send_bytes(create_update_message(self.doc.get_update(before)))

    def receive_until(self, done: Any) -> None:
        """Apply the server's sync messages until ``done(message)`` holds for one of them."""
        while True:
            message = self.socket.receive_bytes()
            if message[0] != YMessageType.SYNC:
                continue
            handle_sync_message(message[1:], self.doc)
            if done(message):
                return

    def wait_for_text(self, expected: str) -> None:
        """Apply updates from the server until the text is ``expected``."""
        if str(self.text) != expected:
            self.receive_until(lambda _message: str(self.text) == expected)


@contextmanager
def interviewer_and_candidate(setup: Setup) -> Iterator[tuple[Peer, Peer]]:
    """Ana on her session cookie and the candidate on a fresh link, both synced with the room."""
    with (
        setup.client.websocket_connect(setup.room, headers=setup.headers("ana")) as ana_socket,
        setup.client.websocket_connect(f"{setup.room}?link={setup.link()}") as candidate_socket,
    ):
        ana, candidate = Peer(ana_socket), Peer(candidate_socket)
        ana.sync()
        candidate.sync()
        yield ana, candidate


def _refused(socket: WebSocketTestSession) -> WebSocketDisconnect:
    with pytest.raises(WebSocketDisconnect) as closed:
        socket.receive_bytes()
    return closed.value


def test_a_socket_without_identity_is_closed_as_a_policy_violation(setup: Setup) -> None:
    with setup.client.websocket_connect(setup.room) as socket:
        closed = _refused(socket)
    assert closed.code == 1008
    assert closed.reason == "Not allowed: sign in again or ask for a new link."


@pytest.mark.parametrize("who", ["olga", None])
def test_staff_not_on_the_interview_are_refused_like_strangers(setup: Setup, who: str | None) -> None:
    with setup.client.websocket_connect(setup.room, headers=setup.headers(who)) as socket:
        assert _refused(socket).code == 1008


def test_a_tampered_expired_or_misdirected_candidate_link_is_refused(setup: Setup) -> None:
    good = setup.link()
    expired = setup.link(now=datetime.now(UTC) - pairing.LINK_VALID - timedelta(minutes=1))
    tampered = good[:-3] + ("xyz" if not good.endswith("xyz") else "abc")
    other_room = f"/ws/pair/{pairing.room_name(setup.team.interview_id + 1)}?link={good}"
    for url in [f"{setup.room}?link={tampered}", f"{setup.room}?link={expired}", other_room,
                f"{setup.room}?link={'a' * 600}", "/ws/pair/not-a-room"]:  # fmt: skip
        with setup.client.websocket_connect(url) as socket:
            closed = _refused(socket)
        assert (closed.code, closed.reason) == (1008, "Not allowed: sign in again or ask for a new link."), url
    with setup.client.websocket_connect(f"{setup.room}?link={good}") as socket:
        Peer(socket).sync()  # the untouched link works


def test_a_socket_opened_from_another_sites_page_is_refused(setup: Setup) -> None:
    headers = setup.headers("ana") | {"origin": "https://attacker.example"}
    with setup.client.websocket_connect(setup.room, headers=headers) as socket:
        assert _refused(socket).code == 1008


def test_edits_from_both_sides_are_shared_stored_and_survive_a_restart(setup: Setup) -> None:
    with interviewer_and_candidate(setup) as (ana, candidate):
        ana.type(0, "def solve(xs):\n")
        candidate.wait_for_text("def solve(xs):\n")
        candidate.type(15, "    return sorted(xs)\n")
        ana.wait_for_text("def solve(xs):\n    return sorted(xs)\n")
    assert setup.stored() == [("Ana Interviewer", "interviewer"), ("Chandra", "candidate")]

    restarted = create_app(setup.settings)  # a new server process: the room is rebuilt from the stored updates
    with TestClient(restarted) as client, client.websocket_connect(setup.room, headers=setup.headers("maya")) as again:
        maya = Peer(again)
        maya.sync()
        assert str(maya.text) == "def solve(xs):\n    return sorted(xs)\n"
        maya.type(0, "# sorted copy\n")
        maya.wait_for_text("# sorted copy\ndef solve(xs):\n    return sorted(xs)\n")
    restarted.state.engine.dispose()
    assert setup.stored()[-1] == ("Maya Manager", "manager")


def test_an_oversize_update_is_refused_and_nothing_of_it_is_stored(setup: Setup) -> None:
    with setup.client.websocket_connect(setup.room, headers=setup.headers("ana")) as socket:
        ana = Peer(socket)
        ana.sync()
        ana.type(0, "x" * (pairing.MAX_MESSAGE_BYTES + 10))
        closed = _refused(socket)
    assert closed.code == 1009 and "too large" in closed.reason
    assert setup.stored() == []
    with setup.client.websocket_connect(setup.room, headers=setup.headers("ana")) as socket:
        fresh = Peer(socket)
        fresh.sync()
        assert str(fresh.text) == ""


def test_the_document_may_not_grow_past_its_limit(setup: Setup) -> None:
    chunk = pairing.MAX_MESSAGE_BYTES - 1024
    with setup.client.websocket_connect(setup.room, headers=setup.headers("ana")) as socket:
        ana = Peer(socket)
        ana.sync()
        for _ in range(pairing.MAX_DOCUMENT_BYTES // chunk):
            ana.type(len(ana.text), "y" * chunk)
            ana.receive_until(lambda message: message[1] == YSyncMessageType.SYNC_UPDATE)  # stored and echoed
        ana.type(len(ana.text), "y" * chunk)
        closed = _refused(socket)
    assert closed.code == 1009 and "full" in closed.reason
    with transaction(session_factory(setup.engine)) as session:
        total = session.scalar(select(func.sum(func.length(PairUpdate.payload))))
    assert 0 < int(total or 0) <= pairing.MAX_DOCUMENT_BYTES


def test_a_malformed_message_is_ignored_and_the_room_keeps_working(setup: Setup) -> None:
    with setup.client.websocket_connect(setup.room, headers=setup.headers("ana")) as socket:
        ana = Peer(socket)
        ana.sync()
        socket.send_bytes(bytes([YMessageType.SYNC, YSyncMessageType.SYNC_UPDATE, 5, 255, 1, 2, 3, 4]))
        socket.send_bytes(b"\x00")
        socket.send_text("not a y-websocket message")
        ana.type(0, "still here")
        ana.receive_until(lambda message: message[1] == YSyncMessageType.SYNC_UPDATE)
    assert setup.stored() == [("Ana Interviewer", "interviewer")]


def _write_steps(setup: Setup) -> None:
    """Two stored edits, made through the socket like the browsers do."""
    with setup.client.websocket_connect(setup.room, headers=setup.headers("ana")) as socket:
        ana = Peer(socket)
        ana.sync()
        ana.type(0, "print('one')\n")
        ana.receive_until(lambda message: message[1] == YSyncMessageType.SYNC_UPDATE)
        ana.type(13, "print('two')\n")
        ana.receive_until(lambda message: message[1] == YSyncMessageType.SYNC_UPDATE)


def test_the_replay_api_lists_each_step_for_people_on_the_interview_only(setup: Setup) -> None:
    _write_steps(setup)
    url = f"/api/v1/interviews/{setup.team.interview_id}/pair/replay"
    body = setup.client.get(url, headers=setup.headers("ana")).json()
    assert [step["text"] for step in body["steps"]] == ["print('one')\n", "print('one')\nprint('two')\n"]
    assert [(step["step"], step["author"], step["role"]) for step in body["steps"]] == [
        (1, "Ana Interviewer", "interviewer"), (2, "Ana Interviewer", "interviewer")]  # fmt: skip
    assert body["steps"][0]["at"].endswith("Z") or body["steps"][0]["at"].endswith("+00:00")
    assert setup.client.get(url, headers=setup.headers("maya")).status_code == 200
    assert setup.client.get(url, headers=setup.headers("olga")).status_code == 404
    assert setup.client.get(url).status_code == 401


def test_the_replay_page_shows_the_chosen_step_with_its_time_and_author(setup: Setup) -> None:
    _write_steps(setup)
    url = f"/interviews/{setup.team.interview_id}/pair/replay"
    page = setup.client.get(url, headers=setup.headers("ana") | HTML)
    assert page.status_code == 200, page.text
    assert "Step 2 of 2" in page.text and "Ana Interviewer (interviewer)" in page.text
    assert "print(&#39;two&#39;)" in page.text and 'type="range"' in page.text
    first = setup.client.get(f"{url}?step=1", headers=setup.headers("ana") | HTML).text
    assert "Step 1 of 2" in first and "print(&#39;two&#39;)" not in first.split('class="replay-all"')[0]
    assert 'rel="next"' in first and 'rel="prev"' not in first


def test_the_interviewer_page_shows_a_working_candidate_link_and_can_retire_it(setup: Setup) -> None:
    interview_id = setup.team.interview_id
    page = setup.client.get(f"/interviews/{interview_id}/pair", headers=setup.headers("ana") | HTML)
    assert page.status_code == 200, page.text
    assert 'id="candidate-link"' in page.text and "vendor/pair.js" in page.text
    assert 'data-pair-role="interviewer"' in page.text and 'data-pair-name="Ana Interviewer"' in page.text
    link = page.text.split('id="candidate-link" type="text" readonly value="')[1].split('"')[0]
    assert link.startswith("http://testserver/pair/")
    candidate = setup.client.get(link, headers=HTML)
    assert candidate.status_code == 200 and 'data-pair-role="candidate"' in candidate.text
    assert candidate.headers["cache-control"] == "no-store" and "Pair programming" in candidate.text

    csrf = setup.client.get("/api/v1/auth/me", headers=setup.headers("ana")).json().get("csrf_token", "")
    retired = setup.client.post(f"/interviews/{interview_id}/pair/link", headers=setup.headers("ana") | HTML,
                                data={"csrf_token": csrf}, follow_redirects=False)  # fmt: skip
    assert retired.status_code == 303, retired.text
    gone = setup.client.get(link, headers=HTML)
    assert gone.status_code == 410 and "replaced by a newer one" in gone.text and "Sign out" not in gone.text
    assert setup.client.get(f"/interviews/{interview_id}/pair", headers=setup.headers("olga") | HTML).status_code == 404


def test_an_id_beyond_64_bits_is_invalid_input_not_a_server_error(setup: Setup) -> None:
    response = setup.client.get(f"/api/v1/interviews/{2**63}/pair/replay", headers=setup.headers("maya"))
    assert response.status_code == 422, response.text  # refused by SQLite's driver or by PostgreSQL
    assert response.headers["content-type"] == "application/problem+json"


def test_a_forged_candidate_link_gets_a_plain_not_found_page(setup: Setup) -> None:
    page = setup.client.get("/pair/forged.token", headers=HTML)
    assert page.status_code == 404 and "not valid" in page.text and "Traceback" not in page.text


def test_replacing_the_link_closes_sockets_already_open_through_the_old_one(setup: Setup) -> None:
    interview_id = setup.team.interview_id
    with interviewer_and_candidate(setup) as (ana, candidate):
        csrf = setup.client.get("/api/v1/auth/me", headers=setup.headers("ana")).json().get("csrf_token", "")
        retired = setup.client.post(f"/interviews/{interview_id}/pair/link", headers=setup.headers("ana") | HTML,
                                    data={"csrf_token": csrf}, follow_redirects=False)  # fmt: skip
        assert retired.status_code == 303, retired.text
        with pytest.raises(WebSocketDisconnect) as closed:
            candidate.receive_until(lambda _message: False)
        assert (closed.value.code, closed.value.reason) == (1008, pair_rooms.RETIRED)
        ana.type(0, "# still open for staff\n")  # the interviewer's socket is not touched
        ana.wait_for_text("# still open for staff\n")
    assert setup.stored() == [("Ana Interviewer", "interviewer")]
