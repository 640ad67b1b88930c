"""Online assessments through the API: signed links, the candidate's view, autosave, submit and grading."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import itsdangerous.timed
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from tests.conftest import REPOSITORY_BANK
from tests.factories import create_user, question_data, sign_in
from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.errors import Conflict
from vetml.hiring.models import AuditEvent, Candidate, HiringRequest
from vetml.interviews import assessments
from vetml.interviews.models import Assessment
from vetml.questions import service as questions
from vetml.web.app import create_app

SECRET = "s" * 40
QUESTION = "deployment-shadow-traffic"
CHALLENGE = "merge-intervals"
REFERENCE = question_data(QUESTION)["reference_answer"]
RUBRIC_POINT = question_data(QUESTION)["rubric"][0]["point"]
ANSWER = (
    "Shadow traffic mirrors live requests to the new model without returning its predictions, so we compare "
    "latency, errors and prediction drift against the old model and keep a rollback path ready."
)


@dataclass
class World:
    app: FastAPI
    settings: Settings
    manager: TestClient
    interviewer: TestClient
    anonymous: TestClient
    candidate_id: int
    engine: Engine


def _bank_with_challenge(bank_dir: Path) -> Path:
    shutil.copytree(REPOSITORY_BANK / "challenges" / CHALLENGE, bank_dir / "challenges" / CHALLENGE)
    return bank_dir


def _seed(engine: Engine, bank_dir: Path) -> int:
    """Users, the test bank and one candidate written straight to the database; returns the candidate id."""
    with transaction(session_factory(engine)) as session:
        manager = create_user(session, role="hiring-manager")
        create_user(session, role="interviewer")
        questions.sync(session, root=bank_dir)
        request = HiringRequest(title="ML engineer", level="senior", hiring_manager_id=manager.id)
        session.add(request)
        session.flush()
        candidate = Candidate(request_id=request.id, name="Ada Candidate", email="ada@example.test")
        session.add(candidate)
        session.flush()
        return candidate.id


@pytest.fixture
def world(engine: Engine, database_url: str, bank_dir: Path) -> Iterator[World]:
    candidate_id = _seed(engine, _bank_with_challenge(bank_dir))
    settings = Settings(database_url=database_url, bank_dir=bank_dir, secret_key=SECRET)
    app = create_app(settings)
    with TestClient(app) as manager:
        sign_in(manager, "hiring-manager@example.test")
        interviewer = TestClient(app)
        sign_in(interviewer, "interviewer@example.test")
        yield World(app, settings, manager, interviewer, TestClient(app), candidate_id, engine)
    app.state.engine.dispose()


def _create(world: World, **overrides: Any) -> dict[str, Any]:
    body = {"questions": [QUESTION], "challenges": [], "time_limit_minutes": 60, "valid_days": 7} | overrides
    response = world.manager.post(f"/api/v1/candidates/{world.candidate_id}/assessments", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _api(link: str) -> str:
    return f"/api/v1{link}"


def _edit(world: World, assessment_id: int, **values: Any) -> None:
    with transaction(session_factory(world.engine)) as session:
        row = session.get(Assessment, assessment_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)


def test_a_written_assessment_from_link_to_grade(world: World) -> None:
    created = _create(world)
    assert created["link"].startswith("/assess/") and created["status"] == "sent"
    assert created["items"][0]["ref"] == QUESTION and created["items"][0]["version_id"]
    link = _api(created["link"])

    opened = world.anonymous.get(link)
    assert opened.status_code == 200, opened.text
    assert opened.headers["cache-control"] == "no-store"
    view = opened.json()
    assert view["status"] == "open" and view["started_at"].endswith(("Z", "+00:00"))
    assert 3590 <= view["remaining_seconds"] <= 3600
    assert view["items"][0]["prompt"].startswith("What is shadow traffic")
    for secret in (REFERENCE, RUBRIC_POINT, "Keeps the old model warm", "Ships to everyone at once", "Ada"):
        assert secret not in opened.text

    for text in ("first draft", ANSWER):
        saved = world.anonymous.put(f"{link}/answers/1", json={"text": text})
        assert saved.status_code == 200, saved.text
    assert world.anonymous.get(link).json()["items"][0]["answer"] == ANSWER

    submitted = world.anonymous.post(f"{link}/submit")
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "submitted" and submitted.json()["items"] == []
    for hidden in ("score", "band", "grade", REFERENCE):
        assert hidden not in submitted.text
    assert "score" not in world.anonymous.get(link).text

    staff = world.manager.get(f"/api/v1/assessments/{created['id']}").json()
    item = staff["items"][0]
    assert staff["status"] == "submitted" and item["answer"] == ANSWER
    assert 0 <= item["grade"]["score"] <= 100 and 1 <= item["grade"]["band"] <= 4
    listed = world.manager.get(f"/api/v1/candidates/{world.candidate_id}/assessments").json()
    assert listed["total"] == 1 and listed["items"][0]["status"] == "submitted" and "items" not in listed["items"][0]
    with session_factory(world.engine)() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "assessment")).all()
    assert sorted(actions) == ["create", "submit"]


def test_answers_are_refused_after_submit_and_when_oversized(world: World) -> None:
    link = _api(_create(world)["link"])
    assert world.anonymous.put(f"{link}/answers/1", json={"text": "x" * 100_001}).status_code == 422
    assert world.anonymous.put(f"{link}/answers/2", json={"text": "no such item"}).status_code == 404
    assert world.anonymous.post(f"{link}/submit").status_code == 200
    assert world.anonymous.post(f"{link}/submit").json()["status"] == "submitted"
    late = world.anonymous.put(f"{link}/answers/1", json={"text": "one more thing"})
    assert late.status_code == 409 and "submitted" in late.json()["detail"]


def test_autosave_stops_a_minute_after_the_time_is_up(world: World) -> None:
    created = _create(world, time_limit_minutes=30)
    token = created["link"].removeprefix("/assess/")
    start = datetime.now(UTC)
    with session_factory(world.engine)() as session:
        assessments.open_link(session, settings=world.settings, token=token, now=start)
        end = start + timedelta(minutes=30)
        saved = assessments.save_answer(session, settings=world.settings, token=token, position=1, text="just in",
                                        now=end + timedelta(seconds=59))  # fmt: skip
        assert saved.text == "just in"
        with pytest.raises(Conflict, match="time for this assessment is up"):
            assessments.save_answer(session, settings=world.settings, token=token, position=1, text="too late",
                                    now=end + timedelta(seconds=61))  # fmt: skip


def test_a_tampered_or_unknown_link_is_not_found(world: World) -> None:
    link = _api(_create(world)["link"])
    tampered = world.anonymous.get(link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb"))
    assert tampered.status_code == 404 and tampered.json()["detail"] == "this assessment link is not valid"
    forged = itsdangerous.URLSafeTimedSerializer(SECRET, salt=assessments.SALT).dumps({"a": 1, "n": "guess"})
    unknown = world.anonymous.get(f"/api/v1/assess/{forged}")
    assert unknown.status_code == 404 and unknown.json()["detail"] == "this assessment link is not valid"
    other_key = itsdangerous.URLSafeTimedSerializer("k" * 40, salt=assessments.SALT).dumps({"a": 1, "n": "x"})
    assert world.anonymous.get(f"/api/v1/assess/{other_key}").status_code == 404


def test_expired_and_revoked_links_are_gone(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    expired = _create(world)
    _edit(world, expired["id"], expires_at=datetime.now(UTC) - timedelta(minutes=1))
    response = world.anonymous.get(_api(expired["link"]))
    assert response.status_code == 410 and "new link" in response.json()["hint"]

    eight_days_ago = datetime.now(UTC).timestamp() - 8 * 86400
    monkeypatch.setattr(itsdangerous.timed, "time", SimpleNamespace(time=lambda: eight_days_ago))
    old_link = _create(world, valid_days=7)["link"]
    monkeypatch.undo()
    assert world.anonymous.get(_api(old_link)).status_code == 410

    revoked = _create(world)
    assert world.interviewer.post(f"/api/v1/assessments/{revoked['id']}/revoke").status_code == 403
    assert world.manager.post(f"/api/v1/assessments/{revoked['id']}/revoke").json()["status"] == "revoked"
    assert world.manager.post(f"/api/v1/assessments/{revoked['id']}/revoke").status_code == 409
    gone = world.anonymous.put(_api(revoked["link"]) + "/answers/1", json={"text": "hello"})
    assert gone.status_code == 410 and gone.json()["detail"] == "this assessment link has been withdrawn"


def test_staff_routes_need_a_manager(world: World) -> None:
    created = _create(world)
    routes = [
        ("post", f"/api/v1/candidates/{world.candidate_id}/assessments"),
        ("get", f"/api/v1/candidates/{world.candidate_id}/assessments"),
        ("get", f"/api/v1/assessments/{created['id']}"),
        ("post", f"/api/v1/assessments/{created['id']}/revoke"),
    ]
    body = {"questions": [QUESTION], "time_limit_minutes": 60, "valid_days": 7}
    for method, path in routes:
        extra = {"json": body} if method == "post" else {}
        assert world.anonymous.request(method, path, **extra).status_code == 401
        assert world.interviewer.request(method, path, **extra).status_code == 403


def test_what_can_be_sent_is_checked(world: World) -> None:
    path = f"/api/v1/candidates/{world.candidate_id}/assessments"
    base = {"questions": [QUESTION], "time_limit_minutes": 60, "valid_days": 7}
    unknown = world.manager.post(path, json=base | {"questions": ["no-such-question"], "challenges": ["nope"]})
    assert unknown.status_code == 422 and len(unknown.json()["errors"]) == 2
    assert world.manager.post(path, json=base | {"time_limit_minutes": 4}).status_code == 422
    assert world.manager.post(path, json=base | {"valid_days": 31}).status_code == 422
    assert world.manager.post(path, json=base | {"questions": []}).status_code == 422
    assert world.manager.post(path, json=base | {"challenges": ["../challenges/merge-intervals"]}).status_code == 422
    assert world.manager.post("/api/v1/candidates/999999/assessments", json=base).status_code == 404


def test_a_challenge_answer_is_judged_by_the_apps_judge_after_submit(world: World) -> None:
    """The app queues the submission once the hand-in committed and judges it in its sandbox."""
    from tests.judge.conftest import _sandbox_available

    _sandbox_available()
    created = _create(world, questions=[], challenges=[CHALLENGE])
    link = _api(created["link"])
    view = world.anonymous.get(link).json()["items"][0]
    assert view["kind"] == "challenge" and "def merge_intervals" in view["starter_code"]
    hidden = world.anonymous.get(link).text
    for secret in ("large random", "sorted(intervals)", "known_wrong", "quadratic"):
        assert secret not in hidden
    source = (REPOSITORY_BANK / "challenges" / CHALLENGE / "reference.py").read_text(encoding="utf-8")
    assert world.anonymous.put(f"{link}/answers/1", json={"text": source}).status_code == 200
    handed_in = world.anonymous.post(f"{link}/submit")
    assert handed_in.status_code == 200 and "accepted" not in handed_in.text
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        judged = world.manager.get(f"/api/v1/assessments/{created['id']}").json()["items"][0]["submission"]
        if judged["verdict"] is not None:
            break
        time.sleep(0.2)
    assert judged["verdict"] == "accepted" and judged["score"] == 100, judged
