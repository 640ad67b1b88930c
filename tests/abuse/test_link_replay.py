"""A candidate's link cannot be replayed: once revoked or expired, forged, or aimed at another candidate's ids.

The candidate routes take no sign-in; the signed token in the address is the only credential. For every
route that takes one (found from the app's routes, so a new one without a case here fails), each bad link
is refused with 403, 404 or 410 and the database is exactly as it was before the request.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from starlette.routing import BaseRoute, Mount, WebSocketRoute
from starlette.websockets import WebSocketDisconnect

from tests.conftest import REPOSITORY_BANK, repository_bank_database
from tests.factories import create_candidate, create_request, create_user
from tests.web.test_authorization import app_routes
from vetml.config import Settings
from vetml.db import Base, session_factory, transaction
from vetml.interviews import assessments, pairing
from vetml.interviews import service as interviews
from vetml.interviews.assessment_schemas import AssessmentCreate
from vetml.interviews.loop_schemas import InterviewCreate
from vetml.interviews.models import Assessment, Interview, Loop
from vetml.scheduling import service as scheduling
from vetml.scheduling.models import ScheduleProposal
from vetml.scheduling.schemas import ProposalCreate
from vetml.web.app import create_app

TOKEN_PARAMETERS = {"token": "assessment", "pair_token": "pair", "schedule_token": "schedule"}
WEBSOCKET = "WEBSOCKET"
REFUSED = {403, 404, 410}
ANSWER = {"json": {"text": "An answer that must not be saved."}}
# The call each token route gets; a route the app has and this table lacks fails the coverage test.
CALLS: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/api/v1/assess/{token}"): {},
    ("PUT", "/api/v1/assess/{token}/answers/{position}"): ANSWER,
    ("POST", "/api/v1/assess/{token}/submit"): {},
    ("POST", "/api/v1/assess/{token}/examples/{position}"): {"json": {"text": "def f():\n    return 1\n"}},
    ("GET", "/assess/{token}"): {},
    ("POST", "/assess/{token}/start"): {},
    ("POST", "/assess/{token}/answers/{position}"): {"data": {"text": "An answer that must not be saved."}},
    ("POST", "/assess/{token}/submit"): {},
    ("GET", "/pair/{pair_token}"): {},
    ("GET", "/schedule/{schedule_token}"): {},
    ("POST", "/schedule/{schedule_token}/book"): {"data": {"option": "0"}},
    ("GET", "/schedule/{schedule_token}/interviews/{interview_id}.ics"): {},
    (WEBSOCKET, "/ws/pair/{room}"): {},
}
KINDS = ("revoked", "expired", "forged", "other-candidate")


@dataclass
class World:
    """The app, its database, and per kind of bad link the token of each link family plus the ids to aim at."""

    client: TestClient
    engine: Engine
    links: dict[str, dict[str, str]]
    ids: dict[str, Any]


def token_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route a candidate reaches with a link: a token path parameter, or a websocket."""
    marks = tuple("{" + name + "}" for name in TOKEN_PARAMETERS)
    http = {(method, path) for method, path in app_routes(app) if any(mark in path for mark in marks)}
    return http | set(_websockets(app.routes, prefix=""))


def _websockets(routes: list[BaseRoute], *, prefix: str) -> Iterator[tuple[str, str]]:
    for route in routes:
        if isinstance(route, Mount):
            yield from _websockets(route.routes, prefix=prefix + route.path)
        elif isinstance(route, WebSocketRoute):
            yield WEBSOCKET, prefix + route.path


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Two candidates with loops; for the first, links revoked, expired and live; for the second, live links."""
    settings, engine = repository_bank_database(tmp_path_factory.mktemp("replay"), secret_key="replay-" + "k" * 40)
    with transaction(session_factory(engine)) as session:
        admin = create_user(session, role="admin")
        interviewer = create_user(session, role="interviewer")
        request = create_request(session, admin)
        mine, theirs = (_Candidate(session, settings, request, admin, interviewer, name) for name in ("ann", "bob"))
        links = {
            "revoked": mine.revoked(),
            "expired": mine.expired(),
            "forged": {family: _tampered(token) for family, token in mine.live().items()},
            "other-candidate": theirs.live(),
        }
        ids = {"position": 1, "interview_id": mine.interview.id, "room": pairing.room_name(mine.interview.id)}
    app = create_app(settings)
    with TestClient(app) as client:
        yield World(client, engine, links, ids)
    app.state.engine.dispose()
    engine.dispose()


class _Candidate:
    """One candidate with a loop, an interview on it, and ways to make each of their links."""

    def __init__(self, session: Any, settings: Settings, request: Any, admin: Any, interviewer: Any, name: str) -> None:
        self.session, self.settings, self.admin = session, settings, admin
        candidate = create_candidate(session, request, stage="interviewing", email=f"{name}@example.test")
        self.candidate_id = candidate.id
        self.loop: Loop = interviews.propose(session, candidate_id=candidate.id, actor=admin,
                                             challenges_root=REPOSITORY_BANK / "challenges", seed=name)  # fmt: skip
        self.module = interviews.plan_of(self.loop).modules[0]
        booking = InterviewCreate(module=self.module.module, interviewer_id=interviewer.id)
        self.interview: Interview = interviews.schedule(session, loop=self.loop, actor=admin, data=booking)

    def assessment(self) -> Assessment:
        sent = AssessmentCreate(questions=[self.module.questions[0].id], time_limit_minutes=30, valid_days=3)
        return assessments.create(self.session, candidate_id=self.candidate_id, data=sent, actor=self.admin,
                                  bank_root=REPOSITORY_BANK)  # fmt: skip

    def proposal(self) -> ScheduleProposal:
        first = date.today() + timedelta(days=7)
        data = ProposalCreate(first_day=first, last_day=first + timedelta(days=4))
        return scheduling.create(self.session, loop=self.loop, actor=self.admin, data=data)

    def live(self) -> dict[str, str]:
        pair = pairing.pair_session(self.session, self.interview)
        return {"assessment": assessments.link_token(self.settings, self.assessment()),
                "schedule": scheduling.link_token(self.settings, self.proposal()),
                "pair": pairing.link_token(self.settings, pair)}  # fmt: skip

    def revoked(self) -> dict[str, str]:
        links = self.live()
        assessment = self.session.scalars(select(Assessment).order_by(Assessment.id.desc())).first()
        assessments.revoke(self.session, assessment_id=assessment.id, actor=self.admin)
        proposal = self.session.scalars(select(ScheduleProposal).order_by(ScheduleProposal.id.desc())).first()
        scheduling.cancel(self.session, proposal=proposal, actor=self.admin)
        pairing.new_link(self.session, interview=self.interview, user=self.admin)  # retires the pair link
        return links

    def expired(self) -> dict[str, str]:
        past = datetime.now(UTC) - timedelta(days=30)
        assessment, proposal = self.assessment(), self.proposal()
        assessment.created_at, assessment.expires_at = past, past + timedelta(days=3)
        proposal.expires_at = past
        self.session.flush()
        pair = pairing.pair_session(self.session, self.interview)
        return {"assessment": assessments.link_token(self.settings, assessment),
                "schedule": scheduling.link_token(self.settings, proposal),
                "pair": pairing.link_token(self.settings, pair, now=past)}  # fmt: skip


def _tampered(token: str) -> str:
    """The token with its signature's last characters changed, as someone guessing at links would."""
    return token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")


def _snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to show a refused request changed nothing."""
    with transaction(session_factory(engine)) as session:
        return {
            table.name: [tuple(row) for row in session.execute(select(table))] for table in Base.metadata.sorted_tables
        }


def _family(path: str) -> str:
    return next((family for name, family in TOKEN_PARAMETERS.items() if "{" + name + "}" in path), "pair")


def _call(world: World, method: str, path: str, kind: str) -> int:
    """The status (or websocket close code) of ``method path`` called with the ``kind`` link."""
    token = world.links[kind][_family(path)]
    url = path.format(token=token, pair_token=token, schedule_token=token, **world.ids)
    if method == WEBSOCKET:
        with (
            world.client.websocket_connect(f"{url}?link={token}") as socket,
            pytest.raises(WebSocketDisconnect) as closed,
        ):
            socket.receive_bytes()
        return 403 if closed.value.code == 1008 else closed.value.code
    return world.client.request(method, url, follow_redirects=False, **CALLS[(method, path)]).status_code


def test_every_token_route_has_a_replay_case(world: World) -> None:
    assert token_routes(world.client.app) == set(CALLS)  # type: ignore[arg-type]


def _cases() -> list[tuple[str, str, str]]:
    """Each route with each bad link; another candidate's valid link only where the route also takes an id."""
    aimed = ("{interview_id}", "{room}")
    return [(method, path, kind) for method, path in sorted(CALLS) for kind in KINDS
            if kind != "other-candidate" or any(name in path for name in aimed)]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "kind"), _cases(), ids=lambda value: str(value))
def test_a_bad_link_is_refused_and_changes_nothing(world: World, method: str, path: str, kind: str) -> None:
    before = _snapshot(world.engine)
    status = _call(world, method, path, kind)
    assert status in REFUSED, f"{kind} link: {method} {path} answered {status}"
    assert _snapshot(world.engine) == before, f"{kind} link: {method} {path} changed the database"


@pytest.mark.parametrize(("path", "family"), [("/api/v1/assess/{}", "assessment"), ("/schedule/{}", "schedule"),
                                               ("/pair/{}", "pair")])  # fmt: skip
def test_the_same_kind_of_link_still_works_when_nothing_retired_it(world: World, path: str, family: str) -> None:
    """The control: the refusals above come from revocation, expiry or forgery, not from links made wrongly."""
    response = world.client.get(path.format(world.links["other-candidate"][family]))
    assert response.status_code == 200, response.text
