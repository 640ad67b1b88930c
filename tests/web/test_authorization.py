"""The authorisation matrix: every route of the app, tried as each role and as an anonymous caller.

A route missing from ``RULES`` fails ``test_every_route_has_a_rule``, so a new route cannot ship
without saying who may call it. Roles: ``anonymous`` (no credentials), ``admin``,
``hiring-manager``, ``interviewer`` (on the candidate's loop) and ``outsider`` (an interviewer on
no loop). Staff send API tokens; a denied staff member must get 403, or 404 where the service
hides that the thing exists; an anonymous caller must get 401. Allowed callers must get past
authorisation: anything but 401, 403 and 404, since every id used exists.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Route

from tests.conftest import REPOSITORY_BANK, repository_bank_database
from tests.factories import PASSWORD, create_candidate, create_request, create_user
from vetml.accounts import service as accounts
from vetml.db import session_factory, transaction
from vetml.hiring import service as hiring
from vetml.interviews import assessments, pairing
from vetml.interviews import service as interviews
from vetml.interviews.assessment_schemas import AssessmentCreate
from vetml.interviews.debrief_schemas import Recommendation
from vetml.interviews.loop_schemas import DecisionCreate, DecisionOutcome, InterviewCreate, ScorecardCreate
from vetml.scheduling import service as scheduling
from vetml.scheduling.schemas import ProposalCreate
from vetml.takehome import service as takehome
from vetml.web.app import create_app


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


ROLES = ("anonymous", "outsider", "interviewer", "hiring-manager", "admin")  # denied callers go first
EVERYONE = frozenset(ROLES)
STAFF = EVERYONE - {"anonymous"}
LOOP_TEAM = frozenset({"interviewer", "hiring-manager", "admin"})
MANAGERS = frozenset({"hiring-manager", "admin"})
ADMIN = frozenset({"admin"})
ON_INTERVIEW = frozenset({"interviewer"})
SIGN_IN = frozenset({"/login", "/api/v1/auth/login"})
PROJECT = _zip({"train.py": "import random\nrandom.seed(1)\n", "requirements.txt": "numpy==2.0.0\n"})
CALENDAR = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:a@test\r\n"
            b"DTSTAMP:20270101T000000Z\r\nDTSTART:20270104T100000Z\r\nDTEND:20270104T110000Z\r\n"
            b"SUMMARY:Busy\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")  # fmt: skip
CV = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

RULES: dict[tuple[str, str], frozenset[str]] = {
    # the take-home audit: managers upload, the loop team reads, the candidate's feedback version is the managers'
    ("POST", "/api/v1/candidates/{candidate_id}/takehome"): MANAGERS,
    ("GET", "/api/v1/candidates/{candidate_id}/takehome"): LOOP_TEAM,
    ("GET", "/candidates/{candidate_id}/takehome"): LOOP_TEAM,
    ("GET", "/candidates/{candidate_id}/takehome/feedback"): MANAGERS,
    ("POST", "/candidates/{candidate_id}/takehome"): MANAGERS,
    # pages and documentation
    ("GET", "/"): EVERYONE,
    ("GET", "/healthz"): EVERYONE,
    ("GET", "/readyz"): EVERYONE,  # probes carry no credentials; it names failing dependencies, never secrets
    ("GET", "/metrics"): EVERYONE,  # open unless VETML_METRICS_TOKEN is set (then a bearer token, not a role)
    ("GET", "/openapi.json"): EVERYONE,
    ("GET", "/docs"): EVERYONE,
    ("GET", "/docs/oauth2-redirect"): EVERYONE,
    ("GET", "/redoc"): EVERYONE,
    ("GET", "/login"): EVERYONE,
    ("POST", "/login"): EVERYONE,
    ("POST", "/logout"): STAFF,
    ("GET", "/bank"): STAFF,
    ("GET", "/bank/{question_id}"): STAFF,
    # hiring pages: the services hide what an interviewer does not interview (404)
    ("GET", "/dashboard"): STAFF,
    ("GET", "/requests/{request_id}"): LOOP_TEAM,
    ("POST", "/requests/{request_id}/candidates/{candidate_id}/stage"): MANAGERS,
    ("GET", "/candidates/{candidate_id}"): LOOP_TEAM,
    ("GET", "/candidates/{candidate_id}/cv/review"): LOOP_TEAM,
    ("POST", "/candidates/{candidate_id}/cv"): MANAGERS,
    ("GET", "/requests/new"): MANAGERS,
    ("POST", "/requests/new"): MANAGERS,
    ("POST", "/requests/{request_id}/status"): MANAGERS,
    ("GET", "/requests/{request_id}/candidates/new"): MANAGERS,
    ("POST", "/requests/{request_id}/candidates/new"): MANAGERS,
    # pages: the loop planner (interviewers on the loop read it; managers edit it)
    ("POST", "/candidates/{candidate_id}/loop/plan"): MANAGERS,
    ("GET", "/loops/{loop_id}/plan"): LOOP_TEAM,
    ("POST", "/loops/{loop_id}/plan/swap"): MANAGERS,
    ("POST", "/loops/{loop_id}/plan/interviews"): MANAGERS,
    ("POST", "/loops/{loop_id}/plan/assessment"): MANAGERS,
    # practice mode is for anyone; each session belongs to the browser that started it
    ("GET", "/practice"): EVERYONE,
    ("POST", "/practice"): EVERYONE,
    ("GET", "/practice/sessions/{session_id}"): EVERYONE,
    ("POST", "/practice/sessions/{session_id}/answers"): EVERYONE,
    ("POST", "/practice/sessions/{session_id}/finish"): EVERYONE,
    ("GET", "/practice/sessions/{session_id}/report"): EVERYONE,
    ("GET", "/practice/sessions/{session_id}/report.md"): EVERYONE,
    ("GET", "/practice/history"): EVERYONE,
    ("GET", "/practice/history.png"): EVERYONE,
    # accounts
    ("POST", "/api/v1/auth/login"): EVERYONE,
    ("POST", "/api/v1/auth/logout"): STAFF,
    ("GET", "/api/v1/auth/me"): STAFF,
    ("GET", "/api/v1/auth/tokens"): STAFF,
    ("POST", "/api/v1/auth/tokens"): STAFF,
    ("DELETE", "/api/v1/auth/tokens/{token_id}"): STAFF,
    ("GET", "/api/v1/users"): MANAGERS,
    ("POST", "/api/v1/users"): ADMIN,
    # the question bank: rubrics and reference answers are for staff only
    ("GET", "/api/v1/questions"): STAFF,
    ("GET", "/api/v1/questions/stats"): STAFF,
    ("GET", "/api/v1/questions/{question_id}"): STAFF,
    # hiring requests and candidates
    ("GET", "/api/v1/hiring-requests"): STAFF,
    ("POST", "/api/v1/hiring-requests"): MANAGERS,
    ("GET", "/api/v1/hiring-requests/{request_id}"): LOOP_TEAM,
    ("PATCH", "/api/v1/hiring-requests/{request_id}"): MANAGERS,
    ("POST", "/api/v1/hiring-requests/{request_id}/status"): MANAGERS,
    ("GET", "/api/v1/hiring-requests/{request_id}/events"): LOOP_TEAM,
    ("GET", "/api/v1/candidates"): STAFF,
    ("POST", "/api/v1/candidates"): MANAGERS,
    ("GET", "/api/v1/candidates/{candidate_id}"): LOOP_TEAM,
    ("PATCH", "/api/v1/candidates/{candidate_id}"): MANAGERS,
    ("POST", "/api/v1/candidates/{candidate_id}/stage"): MANAGERS,
    ("GET", "/api/v1/candidates/{candidate_id}/events"): LOOP_TEAM,
    ("POST", "/api/v1/candidates/{candidate_id}/cv"): MANAGERS,
    ("GET", "/api/v1/candidates/{candidate_id}/cv"): LOOP_TEAM,
    ("GET", "/api/v1/candidates/{candidate_id}/cv/review"): LOOP_TEAM,
    ("POST", "/api/v1/cv/check"): STAFF,
    # loops, interviews, scorecards, debrief, decision
    ("POST", "/api/v1/candidates/{candidate_id}/loop"): MANAGERS,
    ("GET", "/api/v1/candidates/{candidate_id}/loop"): LOOP_TEAM,
    ("GET", "/api/v1/loops/{loop_id}"): LOOP_TEAM,
    ("PATCH", "/api/v1/loops/{loop_id}"): MANAGERS,
    ("POST", "/api/v1/loops/{loop_id}/interviews"): MANAGERS,
    ("GET", "/api/v1/loops/{loop_id}/interviews"): LOOP_TEAM,
    ("GET", "/api/v1/interviews"): STAFF,
    ("GET", "/api/v1/interviews/{interview_id}"): LOOP_TEAM,
    ("PATCH", "/api/v1/interviews/{interview_id}"): LOOP_TEAM,
    ("PUT", "/api/v1/interviews/{interview_id}/questions/{question_id}"): ON_INTERVIEW,
    ("GET", "/api/v1/interviews/{interview_id}/questions"): LOOP_TEAM,
    ("POST", "/api/v1/interviews/{interview_id}/scorecard"): ON_INTERVIEW,
    ("GET", "/api/v1/loops/{loop_id}/scorecards"): LOOP_TEAM,
    ("GET", "/api/v1/loops/{loop_id}/debrief"): LOOP_TEAM,
    ("POST", "/api/v1/loops/{loop_id}/decision"): MANAGERS,
    ("GET", "/api/v1/loops/{loop_id}/decision"): MANAGERS,
    # online assessments: staff side, and the candidate's side where the link is the credential
    ("POST", "/api/v1/candidates/{candidate_id}/assessments"): MANAGERS,
    ("GET", "/api/v1/candidates/{candidate_id}/assessments"): MANAGERS,
    ("GET", "/api/v1/assessments/{assessment_id}"): MANAGERS,
    ("POST", "/api/v1/assessments/{assessment_id}/revoke"): MANAGERS,
    ("POST", "/api/v1/candidates/{candidate_id}/written-interviews"): MANAGERS,
    ("GET", "/api/v1/assess/{token}"): EVERYONE,
    ("PUT", "/api/v1/assess/{token}/answers/{position}"): EVERYONE,
    ("POST", "/api/v1/assess/{token}/submit"): EVERYONE,
    ("POST", "/api/v1/assess/{token}/examples/{position}"): EVERYONE,
    # pages: interviewer console (managers read it; only the interviewer on it records questions)
    ("GET", "/interviews/{interview_id}/console"): LOOP_TEAM,
    ("POST", "/interviews/{interview_id}/console/questions/{question_id}"): ON_INTERVIEW,
    ("POST", "/interviews/{interview_id}/console/notes"): LOOP_TEAM,
    # pages: scorecard and debrief
    ("GET", "/interviews/{interview_id}/scorecard"): LOOP_TEAM,
    ("POST", "/interviews/{interview_id}/scorecard"): ON_INTERVIEW,
    ("GET", "/loops/{loop_id}/debrief"): LOOP_TEAM,
    ("GET", "/loops/{loop_id}/debrief/radar.png"): LOOP_TEAM,
    ("POST", "/loops/{loop_id}/decision"): MANAGERS,
    ("GET", "/loops/{loop_id}/report"): MANAGERS,
    ("GET", "/loops/{loop_id}/report.pdf"): MANAGERS,
    ("GET", "/loops/{loop_id}/feedback"): MANAGERS,
    ("GET", "/loops/{loop_id}/feedback.pdf"): MANAGERS,
    # pages: written interviews are sent, and any assessment read with its grades and signals, by managers
    ("GET", "/candidates/{candidate_id}/written-interviews/new"): MANAGERS,
    ("POST", "/candidates/{candidate_id}/written-interviews/new"): MANAGERS,
    ("GET", "/assessments/{assessment_id}"): MANAGERS,
    # pages: candidate assessment
    ("GET", "/assess/{token}"): EVERYONE,
    ("POST", "/assess/{token}/start"): EVERYONE,
    ("POST", "/assess/{token}/answers/{position}"): EVERYONE,
    ("POST", "/assess/{token}/submit"): EVERYONE,
    # pages: pair programming (the interviewer on it and managers; the candidate through the link)
    ("GET", "/interviews/{interview_id}/pair"): LOOP_TEAM,
    ("POST", "/interviews/{interview_id}/pair/link"): LOOP_TEAM,  # sorted after the GET that uses the link
    ("GET", "/interviews/{interview_id}/pair/replay"): LOOP_TEAM,
    ("GET", "/api/v1/interviews/{interview_id}/pair/replay"): LOOP_TEAM,
    ("GET", "/pair/{pair_token}"): EVERYONE,
    # scheduling: your own hours (or anyone's for managers); proposals are the managers'; the candidate's link
    ("GET", "/api/v1/users/{user_id}/hours"): LOOP_TEAM,  # user_id is the loop's interviewer: themself
    ("PUT", "/api/v1/users/{user_id}/hours"): LOOP_TEAM,
    ("POST", "/api/v1/users/{user_id}/busy"): LOOP_TEAM,
    ("GET", "/api/v1/candidates/{candidate_id}/hours"): MANAGERS,
    ("PUT", "/api/v1/candidates/{candidate_id}/hours"): MANAGERS,
    ("POST", "/api/v1/loops/{loop_id}/proposals"): MANAGERS,
    ("GET", "/api/v1/proposals/{proposal_id}"): MANAGERS,
    ("POST", "/api/v1/proposals/{proposal_id}/cancel"): MANAGERS,
    ("GET", "/api/v1/interviews/{interview_id}/invite.ics"): LOOP_TEAM,
    ("GET", "/me/hours"): STAFF,
    ("POST", "/me/hours"): STAFF,
    ("POST", "/me/busy"): STAFF,
    ("GET", "/loops/{loop_id}/schedule"): MANAGERS,
    ("POST", "/loops/{loop_id}/schedule"): MANAGERS,
    ("POST", "/loops/{loop_id}/candidate-hours"): MANAGERS,
    ("POST", "/proposals/{proposal_id}/cancel"): MANAGERS,
    ("GET", "/schedule/{schedule_token}"): EVERYONE,
    ("POST", "/schedule/{schedule_token}/book"): EVERYONE,  # withdrawn by then (410): the link alone decides
    ("GET", "/schedule/{schedule_token}/interviews/{interview_id}.ics"): EVERYONE,
}


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) the app answers, including routes hidden from the OpenAPI page."""
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        contexts = route.effective_route_contexts() if hasattr(route, "effective_route_contexts") else [route]
        for context in contexts:
            if isinstance(context, Route) or hasattr(context, "methods"):
                found |= {(method, context.path) for method in (context.methods or ()) if method != "HEAD"}
    return found


@dataclass
class World:
    """The seeded app, a client per role and the ids routes are called with."""

    clients: dict[str, TestClient]
    ids: dict[str, Any]
    spare_tokens: dict[str, int] = field(default_factory=dict)
    practice_sessions: dict[str, str] = field(default_factory=dict)

    def practice_session(self, role: str) -> str:
        """A practice session started by this role's browser (sessions belong to the browser that started them)."""
        if role not in self.practice_sessions:
            form = {"level": "mid", "minutes": "10"}
            started = self.clients[role].post("/practice", data=form, follow_redirects=False)
            assert started.status_code == 303, started.text
            self.practice_sessions[role] = started.headers["location"].rsplit("/", 1)[-1]
        return self.practice_sessions[role]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """A request, a candidate with a loop, one interview, an assessment, and a token per staff role."""
    settings, engine = repository_bank_database(tmp_path_factory.mktemp("authz"), secret_key="matrix-" + "k" * 40)
    tokens: dict[str, str] = {}
    spare: dict[str, int] = {}
    with transaction(session_factory(engine)) as session:
        users = {role: create_user(session, role=role) for role in ("admin", "hiring-manager", "interviewer")}
        users["outsider"] = create_user(session, role="interviewer", email="outsider@example.test")
        for role, user in users.items():
            tokens[role] = accounts.create_token(session, user=user, name="matrix")[1]
            spare[role] = accounts.create_token(session, user=user, name="spare")[0].id
        request = create_request(session, users["hiring-manager"])
        candidate = create_candidate(session, request, stage="interviewing")
        hiring.attach_cv(session, candidate.id, content=CV, filename="cv.pdf", actor=users["hiring-manager"])
        takehome.audit_upload(session, candidate.id, content=PROJECT, filename="project.zip",
                              actor=users["hiring-manager"], run_tests=False)  # fmt: skip
        loop = interviews.propose(session, candidate_id=candidate.id, actor=users["admin"],
                                  challenges_root=REPOSITORY_BANK / "challenges", seed="matrix")  # fmt: skip
        module = interviews.plan_of(loop).modules[0]
        booking = InterviewCreate(module=module.module, interviewer_id=users["interviewer"].id)
        interview = interviews.schedule(session, loop=loop, actor=users["admin"], data=booking)
        competency = interviews.plan_of(loop).competencies[0].value
        card = ScorecardCreate(ratings={competency: 3}, recommendation=Recommendation.YES)
        interviews.submit_scorecard(session, interview=interview, data=card, user=users["interviewer"])
        sent = AssessmentCreate(questions=[module.questions[0].id], time_limit_minutes=30, valid_days=3)
        assessment = assessments.create(session, candidate_id=candidate.id, data=sent, actor=users["admin"],
                                        bank_root=REPOSITORY_BANK)  # fmt: skip
        link = assessments.link_token(settings, assessment)
        pair_link = pairing.link_token(settings, pairing.pair_session(session, interview))
        proposal = scheduling.create(session, loop=loop, actor=users["admin"],
                                     data=ProposalCreate(first_day=date.today() + timedelta(days=7),
                                                         last_day=date.today() + timedelta(days=11)))  # fmt: skip
        schedule_link = scheduling.link_token(settings, proposal)
        decision = DecisionCreate(outcome=DecisionOutcome.HIRE, rationale="Strong on every competency assessed.")
        interviews.decide(session, loop=loop, data=decision, actor=users["hiring-manager"])
        ids = {"candidate_id": candidate.id, "request_id": request.id, "loop_id": loop.id,
               "interview_id": interview.id, "question_id": module.questions[0].id, "assessment_id": assessment.id,
               "token": link, "pair_token": pair_link, "position": 1,
               "plan": loop.plan, "loop_version": loop.version, "module": module.module.value,
               "interviewer_id": users["interviewer"].id, "competency": competency, "proposal_id": proposal.id,
               "schedule_token": schedule_link, "user_id": users["interviewer"].id}  # fmt: skip
    engine.dispose()
    app = create_app(settings)
    with TestClient(app) as anonymous:
        clients = {"anonymous": anonymous}
        for role, secret in tokens.items():
            client = TestClient(app)
            client.headers["Authorization"] = f"Bearer {secret}"
            clients[role] = client
        world = World(clients, ids, spare)
        for role in ROLES:  # each browser has practised, so its history pages exist
            world.practice_session(role)
        yield world
    app.state.engine.dispose()


def body_for(method: str, path: str, world: World) -> dict[str, Any]:
    """Arguments for a valid call, so a denial can only come from authorisation."""
    ids = world.ids
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("POST", "/login"): {"data": {"email": "admin@example.test", "password": PASSWORD}},
        ("POST", "/practice"): {"data": {"name": "Pat", "level": "mid", "minutes": "10"}},
        ("POST", "/practice/sessions/{session_id}/answers"): {"data": {"answer": "An answer."}},
        # A stale version: allowed callers reach the service and get 409, and nothing moves.
        ("POST", "/requests/{request_id}/candidates/{candidate_id}/stage"): {"data": {"stage": "debrief",
                                                                                       "version": "1"}},
        ("POST", "/requests/new"): {"data": {"title": "ML engineer, vision", "level": "mid"}},
        ("POST", "/requests/{request_id}/status"): {"data": {"status": "on-hold"}},
        ("POST", "/requests/{request_id}/candidates/new"): {"data": {"name": "Form Candidate", "time_zone": "UTC",
                                                                     "email": "form.candidate@example.test",
                                                                     "source": "direct"}},
        # Another stale version: the swap reaches the service and is refused with 409.
        ("POST", "/loops/{loop_id}/plan/swap"): {"data": {"module": ids["module"], "kind": "question",
                                                          "item_id": ids["question_id"], "replacement_id": "x",
                                                          "version": "999"}},
        ("POST", "/loops/{loop_id}/plan/interviews"): {"data": {"module": ids["module"],
                                                                "interviewer_id": str(ids["interviewer_id"])}},
        ("POST", "/loops/{loop_id}/plan/assessment"): {"data": {"questions": [ids["question_id"]],
                                                                "time_limit_minutes": "30", "valid_days": "3"}},
        ("POST", "/api/v1/auth/login"): {"json": {"email": "admin@example.test", "password": PASSWORD}},
        ("POST", "/api/v1/auth/tokens"): {"json": {"name": "extra"}},
        ("POST", "/api/v1/users"): {"json": {"email": "new@example.test", "name": "New", "role": "interviewer",
                                             "password": "a long enough password"}},
        ("POST", "/api/v1/hiring-requests"): {"json": {"title": "ML engineer, search", "level": "mid"}},
        ("PATCH", "/api/v1/hiring-requests/{request_id}"): {"json": {"title": "Renamed role", "version": 1}},
        ("POST", "/api/v1/hiring-requests/{request_id}/status"): {"json": {"status": "on-hold", "reason": "budget"}},
        ("POST", "/api/v1/candidates"): {"json": {"request_id": ids["request_id"], "name": "New Candidate",
                                                  "email": "new.candidate@example.test"}},
        ("PATCH", "/api/v1/candidates/{candidate_id}"): {"json": {"phone": "+1 555 0100", "version": 1}},
        ("POST", "/api/v1/candidates/{candidate_id}/stage"): {"json": {"stage": "debrief", "reason": "loop done"}},
        ("POST", "/api/v1/candidates/{candidate_id}/cv"): {"files": {"file": ("cv.pdf", CV, "application/pdf")}},
        ("POST", "/candidates/{candidate_id}/cv"): {"files": {"cv": ("cv.pdf", CV, "application/pdf")}},
        ("POST", "/api/v1/candidates/{candidate_id}/takehome"): {"files": {"file": ("p.zip", PROJECT, "text/plain")}},
        ("POST", "/candidates/{candidate_id}/takehome"): {"files": {"project": ("p.zip", PROJECT, "text/plain")}},
        ("POST", "/api/v1/cv/check"): {"files": {"file": ("cv.txt", b"Ada Lovelace\nEngineer\n", "text/plain")}},
        ("POST", "/api/v1/candidates/{candidate_id}/loop"): {"json": {}},
        ("PATCH", "/api/v1/loops/{loop_id}"): {"json": {"plan": ids["plan"], "version": ids["loop_version"]}},
        ("POST", "/api/v1/loops/{loop_id}/interviews"): {"json": {"module": ids["module"],
                                                                  "interviewer_id": ids["interviewer_id"]}},
        ("PATCH", "/api/v1/interviews/{interview_id}"): {"json": {"notes": "Went well."}},
        ("PUT", "/api/v1/interviews/{interview_id}/questions/{question_id}"): {"json": {"ticks": []}},
        ("POST", "/api/v1/interviews/{interview_id}/scorecard"): {"json": {"ratings": {ids["competency"]: 3},
                                                                           "recommendation": "yes"}},
        ("POST", "/api/v1/loops/{loop_id}/decision"): {"json": {"outcome": "hire",
                                                                "rationale": "Strong on every competency assessed."}},
        ("POST", "/api/v1/candidates/{candidate_id}/assessments"): {"json": {"questions": [ids["question_id"]],
                                                                             "time_limit_minutes": 30,
                                                                             "valid_days": 3}},
        ("POST", "/api/v1/candidates/{candidate_id}/written-interviews"): {"json": {"questions": [ids["question_id"]],
                                                                                   "window_hours": 48}},
        ("POST", "/candidates/{candidate_id}/written-interviews/new"): {"data": {"questions": [ids["question_id"]],
                                                                                "window_hours": "48"}},
        ("PUT", "/api/v1/assess/{token}/answers/{position}"): {"json": {"text": "My answer."}},
        ("POST", "/api/v1/assess/{token}/examples/{position}"): {"json": {"text": "def f():\n    return 1\n"}},
        ("POST", "/interviews/{interview_id}/console/questions/{question_id}"): {"json": {"ticks": []}},
        ("POST", "/interviews/{interview_id}/console/notes"): {"json": {"notes": "Asked about rollbacks."}},
        ("POST", "/interviews/{interview_id}/scorecard"): {"data": {f"rating-{ids['competency']}": "3",
                                                                    "recommendation": "yes"}},
        ("POST", "/loops/{loop_id}/decision"): {"data": {"outcome": "hire",
                                                         "rationale": "Strong on every competency assessed."}},
        ("POST", "/assess/{token}/answers/{position}"): {"data": {"text": "My answer."}},
        ("PUT", "/api/v1/users/{user_id}/hours"): {"json": {"weekly": {"mon": ["09:00-17:00"]}}},
        ("PUT", "/api/v1/candidates/{candidate_id}/hours"): {"json": {"weekly": {"tue": ["08:00-20:00"]}}},
        ("POST", "/api/v1/users/{user_id}/busy"): {"files": {"file": ("cal.ics", CALENDAR, "text/calendar")}},
        ("POST", "/me/busy"): {"files": {"calendar": ("cal.ics", CALENDAR, "text/calendar")}},
        ("POST", "/api/v1/loops/{loop_id}/proposals"): {"json": {"first_day": str(date.today() + timedelta(days=7)),
                                                                 "last_day": str(date.today() + timedelta(days=9))}},
        ("POST", "/me/hours"): {"data": {"time_zone": "UTC", "weekly": "mon-fri 09:00-17:00"}},
        ("POST", "/loops/{loop_id}/schedule"): {"data": {"first_day": str(date.today() + timedelta(days=7)),
                                                         "last_day": str(date.today() + timedelta(days=9))}},
        ("POST", "/loops/{loop_id}/candidate-hours"): {"data": {"time_zone": "Asia/Kolkata",
                                                                "weekly": "mon-fri 08:00-20:00"}},
        ("POST", "/schedule/{schedule_token}/book"): {"data": {"option": "0"}},
    }  # fmt: skip
    return bodies.get((method, path), {})


def _url(path: str, role: str, world: World) -> str:
    values = dict(world.ids, token_id=world.spare_tokens.get(role, 1))
    if "{session_id}" in path:
        values["session_id"] = world.practice_session(role)
    return path.format(**{name: values[name] for name in values if "{" + name + "}" in path})


def test_every_route_has_a_rule(world: World) -> None:
    routes = app_routes(world.clients["anonymous"].app)  # type: ignore[arg-type]
    assert routes - set(RULES) == set(), "routes without an authorisation rule"
    assert set(RULES) - routes == set(), "rules for routes that no longer exist"


@pytest.mark.parametrize(("method", "path"), sorted(RULES), ids=lambda value: str(value))
def test_each_role_is_allowed_or_refused(world: World, method: str, path: str) -> None:
    allowed = RULES[(method, path)]
    for role in ROLES:
        # Signing in must not leave the anonymous client signed in for the routes tested after it.
        client = TestClient(world.clients[role].app) if path in SIGN_IN else world.clients[role]
        response = client.request(method, _url(path, role, world), follow_redirects=False,
                                               **body_for(method, path, world))  # fmt: skip
        status = response.status_code
        if role in allowed:
            assert status not in (401, 403, 404), f"{role} was refused {method} {path}: {status} {response.text[:200]}"
        elif role == "anonymous":
            assert status == 401, f"anonymous got {status} for {method} {path}"
        else:
            assert status in (403, 404), f"{role} got {status} for {method} {path}: {response.text[:200]}"
