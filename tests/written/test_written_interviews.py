"""Written interviews: the window in the candidate's zone, kind rules, autosave, grading on submit or close,
and the reviewer's view with the communication signals, through the API and the pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from tests.factories import create_candidate, create_request, create_user, sign_in
from tests.written.test_communication import RAMBLING, STRUCTURED
from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.hiring.models import AuditEvent, Candidate
from vetml.interviews import written
from vetml.interviews.models import Assessment, AssessmentAnswer
from vetml.questions import service as questions
from vetml.web.app import create_app

QUESTION = "deployment-shadow-traffic"
HTML = {"Accept": "text/html,application/xhtml+xml"}


@dataclass
class World:
    manager: TestClient
    candidate: TestClient
    interviewer: TestClient
    kolkata: int
    kathmandu: int
    engine: Engine


@pytest.fixture
def world(engine: Engine, database_url: str, bank_dir: Path) -> Iterator[World]:
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=bank_dir)
        manager = create_user(session, role="hiring-manager")
        create_user(session, role="interviewer")
        request = create_request(session, manager)
        kolkata = create_candidate(session, request, time_zone="Asia/Kolkata").id
        kathmandu = create_candidate(session, request, time_zone="Asia/Kathmandu").id
    app = create_app(Settings(database_url=database_url, bank_dir=bank_dir, secret_key="w" * 40))
    with TestClient(app) as staff, TestClient(app) as candidate, TestClient(app) as interviewer:
        sign_in(staff, "hiring-manager@example.test")
        sign_in(interviewer, "interviewer@example.test")
        yield World(staff, candidate, interviewer, kolkata, kathmandu, engine)
    app.state.engine.dispose()


def _send(world: World, candidate_id: int | None = None, **overrides: Any) -> dict[str, Any]:
    body = {"questions": [QUESTION]} | overrides
    response = world.manager.post(f"/api/v1/candidates/{candidate_id or world.kolkata}/written-interviews", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _edit(world: World, assessment_id: int, **values: Any) -> None:
    with transaction(session_factory(world.engine)) as session:
        row = session.get(Assessment, assessment_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)


def _label(zone: str, opens: datetime, hours: int, now: datetime) -> str:
    row = Assessment(kind="written", opens_at=opens, expires_at=opens + timedelta(hours=hours), created_at=opens,
                     candidate=Candidate(name="C", email="c@example.test", time_zone=zone))  # fmt: skip
    return written.window_label(row, now)


@pytest.mark.parametrize(
    ("zone", "opens_local", "closes_local"),
    [
        ("Asia/Kolkata", "Mon 7 Dec 2026, 18:00 IST", "Wed 9 Dec 2026, 18:00 IST"),
        ("Asia/Kathmandu", "Mon 7 Dec 2026, 18:15 UTC+05:45", "Wed 9 Dec 2026, 18:15 UTC+05:45"),
        ("America/Los_Angeles", "Mon 7 Dec 2026, 04:30 PST", "Wed 9 Dec 2026, 04:30 PST"),
    ],
)
def test_the_window_is_told_in_the_candidates_own_zone(zone: str, opens_local: str, closes_local: str) -> None:
    opens = datetime(2026, 12, 7, 12, 30, tzinfo=UTC)
    before = _label(zone, opens, 48, opens - timedelta(hours=5, minutes=20))
    assert before == f"Opens {opens_local} (your time) — 5 h 20 min from now — and stays open 48 h"
    inside = _label(zone, opens, 48, opens + timedelta(hours=17))
    assert inside == f"Open until {closes_local} (your time) — 31 h left"
    assert _label(zone, opens, 48, opens + timedelta(hours=47, minutes=15)).endswith("— 45 min left")
    assert _label(zone, opens, 48, opens + timedelta(hours=48)) == f"Closed {closes_local} (your time)"


def test_a_written_interview_from_link_to_grade_with_the_reviewers_signals(world: World) -> None:
    created = _send(world, window_hours=48)
    assert created["kind"] == "written" and created["status"] == "sent" and created["opens_at"]
    closes = datetime.fromisoformat(created["expires_at"])
    assert closes - datetime.fromisoformat(created["opens_at"]) == timedelta(hours=48)
    link = f"/api/v1{created['link']}"

    view = world.candidate.get(link).json()
    assert view["status"] == "open" and view["kind"] == "written" and view["items"][0]["prompt"]
    assert re.fullmatch(r"Open until \w{3} \d+ \w{3} \d{4}, \d\d:\d\d IST \(your time\) — 47 h left", view["window"])
    assert datetime.fromisoformat(view["deadline"]) == closes  # no clock of its own: the window is the deadline

    for text in ("a first draft", STRUCTURED):  # autosave: the last save wins
        saved = world.candidate.put(f"{link}/answers/1", json={"text": text})
        assert saved.status_code == 200 and saved.json()["remaining_seconds"] > 47 * 3600
    before = world.manager.get(f"/api/v1/assessments/{created['id']}").json()["items"][0]
    assert before["grade"] is None and before["communication"]["signals"][0]["id"] == "structure"

    submitted = world.candidate.post(f"{link}/submit").json()
    assert submitted["status"] == "submitted" and "communication" not in str(submitted)
    assert "structure" not in world.candidate.get(link).text  # the candidate never sees the signals

    item = world.manager.get(f"/api/v1/assessments/{created['id']}").json()["items"][0]
    assert item["answer"] == STRUCTURED and 0 <= item["grade"]["score"] <= 100
    levels = {signal["id"]: signal["level"] for signal in item["communication"]["signals"]}
    assert levels == {"structure": 4, "clarity": 4, "concrete-detail": 4}


def test_before_the_window_opens_the_questions_are_hidden_and_answers_refused(world: World) -> None:
    opens = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=5)
    created = _send(world, world.kathmandu, opens_at=opens.isoformat(), window_hours=24)
    link = f"/api/v1{created['link']}"
    view = world.candidate.get(link).json()
    assert view["status"] == "not-open-yet" and view["items"] == [] and view["started_at"] is None
    assert "UTC+05:45 (your time)" in view["window"] and view["window"].endswith("and stays open 24 h")
    refused = world.candidate.put(f"{link}/answers/1", json={"text": "early"})
    assert refused.status_code == 409 and "opens on" in refused.json()["detail"]
    assert "UTC+05:45 (your time)" in refused.json()["detail"]
    assert world.candidate.post(f"{link}/submit").status_code == 409
    page = world.candidate.get(created["link"], headers=HTML)
    assert page.status_code == 200 and "not open yet" in page.text and "Explain how you would handle" not in page.text


def test_after_the_window_closes_saved_answers_are_kept_and_graded_when_staff_look(world: World) -> None:
    created = _send(world, window_hours=4)
    link = f"/api/v1{created['link']}"
    assert world.candidate.put(f"{link}/answers/1", json={"text": RAMBLING}).status_code == 200
    past = datetime.now(UTC) - timedelta(minutes=1)
    _edit(world, created["id"], opens_at=past - timedelta(hours=4), expires_at=past)

    late = world.candidate.put(f"{link}/answers/1", json={"text": "one more thing"})
    assert late.status_code == 410 and late.json()["detail"].startswith("this written interview closed on")
    assert "IST (your time)" in late.json()["detail"] and "handed in" in late.json()["hint"]

    listed = world.manager.get(f"/api/v1/candidates/{world.kolkata}/assessments").json()["items"][0]
    assert listed["status"] == "submitted"  # handed in by the close, on the first staff read
    item = world.manager.get(f"/api/v1/assessments/{created['id']}").json()["items"][0]
    assert item["answer"] == RAMBLING and item["grade"]["score"] >= 0
    assert all(signal["level"] <= 2 for signal in item["communication"]["signals"])
    with session_factory(world.engine)() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "assessment")).all()
        row = session.get(Assessment, created["id"])
        assert row is not None and written.closes_at(row) == written.opens_at(row) + timedelta(hours=4)
        assert row.submitted_at is not None and abs(row.submitted_at.replace(tzinfo=UTC) - past) < timedelta(seconds=1)
    assert sorted(actions) == ["close", "create"]  # graded once, however often staff look
    world.manager.get(f"/api/v1/assessments/{created['id']}")
    with session_factory(world.engine)() as session:
        assert session.scalars(select(AuditEvent.action).where(AuditEvent.action == "close")).all() == ["close"]


def test_a_withdrawn_written_interview_is_not_graded_at_close(world: World) -> None:
    created = _send(world)
    assert world.manager.post(f"/api/v1/assessments/{created['id']}/revoke").status_code == 200
    _edit(world, created["id"], expires_at=datetime.now(UTC) - timedelta(minutes=1))
    shown = world.manager.get(f"/api/v1/assessments/{created['id']}").json()
    assert shown["status"] == "revoked" and shown["submitted_at"] is None


def test_what_a_written_interview_may_hold_is_checked(world: World) -> None:
    path = f"/api/v1/candidates/{world.kolkata}/written-interviews"
    challenge = world.manager.post(path, json={"questions": [QUESTION], "challenges": ["merge-intervals"]})
    assert challenge.status_code == 422 and "written questions only" in challenge.text
    assert "timed assessment" in challenge.text
    assert world.manager.post(path, json={"questions": [QUESTION], "challenges": []}).status_code == 201
    for hours in (3, 337):
        assert world.manager.post(path, json={"questions": [QUESTION], "window_hours": hours}).status_code == 422
    naive = world.manager.post(path, json={"questions": [QUESTION], "opens_at": "2026-12-08T09:00:00"})
    assert naive.status_code == 422 and "timezone" in naive.text
    gone = (datetime.now(UTC) - timedelta(hours=50)).isoformat()
    closed = world.manager.post(path, json={"questions": [QUESTION], "opens_at": gone, "window_hours": 48})
    assert closed.status_code == 422 and closed.json()["detail"] == "this window would already be closed"
    assert world.manager.post(path, json={"questions": []}).status_code == 422
    assert world.manager.post(path, json={"questions": ["no-such-question"]}).status_code == 422
    assert (
        world.manager.post("/api/v1/candidates/999999/written-interviews", json={"questions": [QUESTION]}).status_code
        == 404
    )
    assert world.interviewer.post(path, json={"questions": [QUESTION]}).status_code == 403


def test_timed_assessments_keep_their_clock(world: World) -> None:
    body = {"questions": [QUESTION], "time_limit_minutes": 30, "valid_days": 7}
    created = world.manager.post(f"/api/v1/candidates/{world.kolkata}/assessments", json=body).json()
    assert created["kind"] == "timed" and created["opens_at"] is None
    view = world.candidate.get(f"/api/v1{created['link']}").json()
    assert view["kind"] == "timed" and view["window"] is None and 1790 <= view["remaining_seconds"] <= 1800


def test_the_candidate_page_shows_the_window_and_autosaves_without_a_start_screen(world: World) -> None:
    created = _send(world, world.kathmandu)
    page = world.candidate.get(created["link"], headers=HTML)
    assert page.status_code == 200 and "Your written interview" in page.text and "Start</button>" not in page.text
    assert re.search(r"Open until .+ UTC\+05:45 \(your time\) — 47 h left", page.text)
    saved = world.candidate.post(f"{created['link']}/answers/1", data={"text": STRUCTURED}, follow_redirects=False)
    assert saved.status_code == 303
    assert "Shadow the new model first" in world.candidate.get(created["link"], headers=HTML).text
    assert "Structure" not in world.candidate.get(created["link"], headers=HTML).text


def test_staff_send_from_a_form_in_the_candidates_zone_and_read_signals_on_the_page(world: World) -> None:
    form = world.manager.get(f"/candidates/{world.kathmandu}/written-interviews/new")
    assert form.status_code == 200 and "Opens at, in Asia/Kathmandu" in form.text and QUESTION in form.text
    opens = (datetime.now(UTC) + timedelta(days=2)).astimezone(ZoneInfo("Asia/Kathmandu"))
    typed = {"questions": [QUESTION], "opens_at": opens.strftime("%Y-%m-%dT%H:%M"), "window_hours": "72"}
    sent = world.manager.post(f"/candidates/{world.kathmandu}/written-interviews/new", data=typed)
    assert sent.status_code == 201 and "/assess/" in sent.text and "it is not shown again" in sent.text
    assert f"{opens:%H:%M} UTC+05:45 (theirs)" in sent.text
    refused = world.manager.post(f"/candidates/{world.kathmandu}/written-interviews/new",
                                 data=typed | {"window_hours": "2"})  # fmt: skip
    assert refused.status_code == 422 and "Nothing was saved yet" in refused.text and 'value="2"' in refused.text

    token = re.search(r"/assess/([^\"<\s]+)", sent.text)
    assert token is not None
    with session_factory(world.engine)() as session:
        row = session.scalars(select(Assessment).where(Assessment.kind == "written")).one()
    _edit(world, row.id, opens_at=datetime.now(UTC) - timedelta(hours=1))
    assert world.candidate.put(f"/api/v1/assess/{token[1]}/answers/1", json={"text": RAMBLING}).status_code == 200
    page = world.manager.get(f"/assessments/{row.id}")
    assert page.status_code == 200 and "Written interview" in page.text and "Not graded yet" in page.text
    assert "Clarity" in page.text and "acronyms not spelled out: SLO, KS, PSI" in page.text
    assert world.candidate.post(f"/api/v1/assess/{token[1]}/submit").status_code == 200
    assert "Grade: <strong>" in world.manager.get(f"/assessments/{row.id}").text
    assert f'href="/assessments/{row.id}"' in world.manager.get(f"/candidates/{world.kathmandu}").text


def test_the_candidate_page_hands_in_a_closed_written_interview_too(world: World) -> None:
    created = _send(world, window_hours=4)
    link = f"/api/v1{created['link']}"
    assert world.candidate.put(f"{link}/answers/1", json={"text": RAMBLING}).status_code == 200
    past = datetime.now(UTC) - timedelta(minutes=1)
    _edit(world, created["id"], opens_at=past - timedelta(hours=4), expires_at=past)
    page = world.manager.get(f"/candidates/{world.kolkata}", headers={"Accept": "text/html"})
    assert page.status_code == 200
    with session_factory(world.engine)() as session:
        row = session.get(Assessment, created["id"])
        assert row is not None and row.submitted_at is not None
        answer = session.scalars(select(AssessmentAnswer).where(AssessmentAnswer.assessment_id == row.id)).one()
        assert answer.result is not None and "score" in answer.result
