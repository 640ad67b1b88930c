"""The whole hiring workflow through the API, on SQLite and PostgreSQL: a request, a candidate with a CV,
an online assessment, a planned loop, interviews, independent scorecards, the debrief and the decision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.conftest import REPOSITORY_BANK
from tests.factories import PASSWORD, create_user
from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.questions import service as questions
from vetml.web.app import create_app

CV = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TAKE_HOME = "drift-data-concept-label-explained"
ANSWER = (
    "We watch feature distributions with PSI per feature daily and alert when PSI passes 0.2 for two days. "
    "We also track the live precision on labelled samples; when it drops 5 points we page the on-call owner. "
    "Rollback is a one-click switch to the previous model in the registry, tested monthly."
)


@pytest.fixture
def app(engine: Engine, database_url: str) -> Iterator[Any]:
    """The app on the repository bank with a hiring manager and two interviewers."""
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=REPOSITORY_BANK)
        create_user(session, role="hiring-manager", name="Maya", time_zone="Europe/London")
        create_user(session, role="interviewer", email="ana@example.test", name="Ana", time_zone="Asia/Kolkata")
        create_user(session, role="interviewer", email="ben@example.test", name="Ben", time_zone="America/Chicago")
    application = create_app(Settings(database_url=database_url, bank_dir=REPOSITORY_BANK, secret_key="f" * 40))
    with TestClient(application):
        yield application
    application.state.engine.dispose()


def signed_in(app: Any, email: str) -> TestClient:
    client = TestClient(app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    client.headers["X-CSRF-Token"] = body["csrf_token"]
    return client


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.status_code}: {response.text}"
    return response.json()


def test_from_hiring_request_to_decision(app: Any) -> None:
    maya, ana, ben = (signed_in(app, email) for email in ("hiring-manager@example.test", "ana@example.test",
                                                           "ben@example.test"))  # fmt: skip
    users = {user["email"]: user["id"] for user in ok(maya.get("/api/v1/users"))}

    request = ok(maya.post("/api/v1/hiring-requests", json={
        "title": "Senior ML engineer, fraud", "level": "senior", "specialties": ["mlops"],
        "must_have_skills": ["model monitoring"], "time_zones": ["Asia/Kolkata", "Europe/London"], "remote": True,
        "offshore": True, "budget_min": 60_000, "budget_max": 90_000, "currency": "USD"}), 201)  # fmt: skip
    ok(maya.post(f"/api/v1/hiring-requests/{request['id']}/status", json={"status": "open", "reason": "approved"}))
    candidate = ok(maya.post("/api/v1/candidates", json={
        "request_id": request["id"], "name": "Ravi Kumar", "email": "ravi@example.test", "time_zone": "Asia/Kolkata",
        "source": "referral", "claimed_skills": ["expert in drift detection"]}), 201)  # fmt: skip
    ok(maya.post(f"/api/v1/candidates/{candidate['id']}/cv", files={"file": ("ravi.pdf", CV, "application/pdf")}), 201)
    for stage in ("screening", "interviewing"):
        move = {"stage": stage, "reason": "good screen", "version": candidate["version"]}
        candidate = ok(maya.post(f"/api/v1/candidates/{candidate['id']}/stage", json=move))

    sent = ok(maya.post(f"/api/v1/candidates/{candidate['id']}/assessments", json={
        "questions": [TAKE_HOME], "time_limit_minutes": 30, "valid_days": 3}), 201)  # fmt: skip
    applicant = TestClient(app)
    token = sent["link"].rsplit("/", 1)[-1]
    ok(applicant.get(f"/api/v1/assess/{token}"))
    ok(applicant.put(f"/api/v1/assess/{token}/answers/1", json={"text": ANSWER}))
    ok(applicant.post(f"/api/v1/assess/{token}/submit"))

    loop = ok(maya.post(f"/api/v1/candidates/{candidate['id']}/loop", json={}), 201)
    assert TAKE_HOME not in {item["id"] for module in loop["plan"]["modules"] for item in module["questions"]}
    modules = [module["module"] for module in loop["plan"]["modules"]]
    design = ok(maya.post(f"/api/v1/loops/{loop['id']}/interviews", json={
        "module": "ml-design", "interviewer_id": users["ana@example.test"],
        "scheduled_at": "2026-12-08T10:00:00+00:00"}), 201)  # fmt: skip
    behavioral = ok(maya.post(f"/api/v1/loops/{loop['id']}/interviews", json={
        "module": "behavioral", "interviewer_id": users["ben@example.test"],
        "scheduled_at": "2026-12-08T13:00:00+00:00"}), 201)  # fmt: skip
    assert {"ml-design", "behavioral"} <= set(modules)
    assert design["local_times"]["candidate"].endswith("(Asia/Kolkata, UTC+05:30)")

    question = design["planned_questions"][0]
    asked = ok(ana.put(f"/api/v1/interviews/{design['id']}/questions/{question}", json={"answer": ANSWER}))
    assert asked["automatic_band"] in (1, 2, 3, 4)
    competencies = loop["plan"]["competencies"]
    ok(ana.post(f"/api/v1/interviews/{design['id']}/scorecard", json={
        "ratings": dict.fromkeys(competencies[:3], 3), "recommendation": "yes"}), 201)  # fmt: skip
    ok(ben.post(f"/api/v1/interviews/{behavioral['id']}/scorecard", json={
        "ratings": dict.fromkeys(competencies[:3], 4), "evidence": {competencies[0]: "Walked through a real outage."},
        "recommendation": "strong-yes"}), 201)  # fmt: skip

    debrief = ok(maya.get(f"/api/v1/loops/{loop['id']}/debrief"))
    assert debrief["recommendations"] == {"strong-no": 0, "no": 0, "yes": 1, "strong-yes": 1}
    assert debrief["agreement"]["within_one_share"] == 1.0
    assert any(row["automatic_sources"] for row in debrief["competencies"])
    assert debrief["suggestion"]["outcome"] == "hire"
    decision = ok(maya.post(f"/api/v1/loops/{loop['id']}/decision", json={
        "outcome": "hire", "rationale": "Both interviewers saw real production ownership."}), 201)  # fmt: skip
    assert decision["debrief"] == debrief
    move = {"stage": "debrief", "reason": "loop done", "version": candidate["version"]}
    ok(maya.post(f"/api/v1/candidates/{candidate['id']}/stage", json=move))
    events = ok(maya.get(f"/api/v1/candidates/{candidate['id']}/events"))
    assert [event["action"] for event in events].count("stage") == 3
    assert "decision" in [event["action"] for event in events]
