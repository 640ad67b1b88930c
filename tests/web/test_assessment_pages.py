"""The candidate's assessment pages through the test client, on a real database with the real grader."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.conftest import REPOSITORY_BANK
from tests.factories import create_candidate, create_request, create_user, question_data, sign_in
from tests.judge.conftest import _sandbox_available
from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.interviews.models import Assessment
from vetml.judge.challenges import get_challenge
from vetml.judge.models import Submission, SubmissionStatus
from vetml.questions import service as questions
from vetml.web import judging
from vetml.web.app import create_app

HTML = {"Accept": "text/html,application/xhtml+xml"}
QUESTION = "deployment-shadow-traffic"
CHALLENGE = "merge-intervals"
SECRETS = [
    question_data(QUESTION)["reference_answer"],
    *(point["point"] for point in question_data(QUESTION)["rubric"]),
    "Keeps the old model warm",  # a signal
    "Ships to everyone at once",  # a red flag
    "concrete-numbers",
    "no-monitoring",
    "chain through touches",  # hidden test names of the challenge
    "large random",
    "large, nothing overlaps",
    "for start, end in sorted(intervals)",  # the reference solution
    "known_wrong",
]
ANSWER = "Mirror live requests to the new model and compare p99 latency. <script>alert('x')</script>"


@dataclass
class World:
    manager: TestClient
    candidate: TestClient
    candidate_id: int
    engine: Engine


@pytest.fixture
def world(engine: Engine, database_url: str, bank_dir: Path) -> Iterator[World]:
    shutil.copytree(REPOSITORY_BANK / "challenges" / CHALLENGE, bank_dir / "challenges" / CHALLENGE)
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=bank_dir)
        manager = create_user(session, role="hiring-manager")
        candidate_id = create_candidate(session, create_request(session, manager)).id
    app = create_app(Settings(database_url=database_url, bank_dir=bank_dir, secret_key="p" * 40))
    with TestClient(app) as staff, TestClient(app, headers=HTML) as candidate:
        sign_in(staff, "hiring-manager@example.test")
        yield World(staff, candidate, candidate_id, engine)
    app.state.engine.dispose()


def _create(world: World, **overrides: Any) -> dict[str, Any]:
    body = {"questions": [QUESTION], "challenges": [CHALLENGE], "time_limit_minutes": 45, "valid_days": 7}
    response = world.manager.post(f"/api/v1/candidates/{world.candidate_id}/assessments", json=body | overrides)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _page(world: World, link: str) -> str:
    response = world.candidate.get(link)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store" and response.headers["referrer-policy"] == "no-referrer"
    assert "Question bank" not in response.text and 'href="/bank"' not in response.text  # no staff navigation
    for secret in SECRETS:
        assert secret not in response.text, secret
    return response.text


def _post(world: World, path: str, **form: str) -> str:
    response = world.candidate.post(path, data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def test_from_the_start_screen_to_the_end_screen(world: World) -> None:
    _sandbox_available()  # the hand-in is judged by the app's own queue
    created = _create(world)
    link = created["link"]
    start = _page(world, link)
    assert "1 written question and\n    1 coding challenge" in start and "45 minutes" in start
    assert "The clock starts when you press Start" in start and "Merge overlapping booking intervals" in start
    assert "What is shadow traffic" not in start  # prompts wait for the clock
    assert world.manager.get(f"/api/v1/assessments/{created['id']}").json()["status"] == "sent"

    assert _post(world, f"{link}/start") == link
    work = _page(world, link)
    assert "What is shadow traffic" in work and "A GPU cluster keeps the bookings" in work
    assert "merge_intervals(intervals: list[list[int]]) -&gt; list[list[int]]" in work
    assert work.count("<h1") == 1  # the statement's own title gives way to the item's heading
    assert 'class="answer code-editor"' in work and "raise NotImplementedError\n</textarea>" in work
    assert "/static/vendor/editor.js" in work  # the challenge gets the code editor
    assert re.search(r'data-seconds-left="(2700|26[5-9]\d)"', work) and "Not saved yet" in work

    assert _post(world, f"{link}/answers/1", text=ANSWER) == f"{link}?saved=1#item-1"
    saved = _page(world, f"{link}?saved=1")
    assert "&lt;script&gt;alert" in saved and "<script>alert" not in saved
    assert '<p class="save-state" id="save-state-1" aria-live="polite">Saved</p>' in saved

    assert _post(world, f"{link}/submit") == link
    end = _page(world, link)
    assert "Your answers were handed in at" in end and "you can close this page" in end
    assert "What is shadow traffic" not in end and "score" not in end
    staff = world.manager.get(f"/api/v1/assessments/{created['id']}").json()
    assert staff["status"] == "submitted" and staff["items"][0]["answer"] == ANSWER
    submission = _judged(world, staff["items"][1]["submission"]["id"])
    assert submission.status == SubmissionStatus.DONE and submission.verdict != "accepted"  # the starter code
    assert submission.attempts == 1  # queued once, after the hand-in committed


def _judged(world: World, submission_id: str) -> Submission:
    """The submission once the app's own judge queue has finished with it."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with transaction(session_factory(world.engine)) as session:
            submission = session.get(Submission, submission_id)
            assert submission is not None
            if submission.status not in (SubmissionStatus.QUEUED, SubmissionStatus.RUNNING):
                session.expunge(submission)
                return submission
        time.sleep(0.2)
    raise AssertionError(f"submission {submission_id} was not judged within 120 s")


def test_a_saved_answer_after_hand_in_is_refused_on_a_friendly_page(world: World) -> None:
    link = _create(world, challenges=[])["link"]
    _post(world, f"{link}/start")
    assert "editor.js" not in _page(world, link)  # written questions only: no code editor to download
    _post(world, f"{link}/submit")
    late = world.candidate.post(f"{link}/answers/1", data={"text": "one more thing"})
    assert late.status_code == 409 and "answers can no longer change" in late.text
    assert "Traceback" not in late.text and "Question bank" not in late.text


def _edit(world: World, assessment_id: int, **values: Any) -> None:
    with transaction(session_factory(world.engine)) as session:
        row = session.get(Assessment, assessment_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ("tamper", 404, "This assessment link is not valid"),
        ("expire", 410, "This assessment link has expired"),
        ("revoke", 410, "This assessment link has been withdrawn"),
    ],
)
def test_links_that_do_not_work_get_a_friendly_page(world: World, change: str, status: int, message: str) -> None:
    created = _create(world)
    link = created["link"]
    if change == "tamper":
        link = link[:-4] + ("AAAA" if not link.endswith("AAAA") else "BBBB")
    elif change == "expire":
        _edit(world, created["id"], expires_at=datetime.now(UTC) - timedelta(minutes=1))
    else:
        _edit(world, created["id"], revoked_at=datetime.now(UTC))
    for response in (world.candidate.get(link), world.candidate.post(f"{link}/start")):
        assert response.status_code == status and message in response.text
        assert "recruiter" in response.text and "Traceback" not in response.text
        assert "Question bank" not in response.text and 'class="error-page"' in response.text


def test_the_candidate_runs_the_visible_examples_in_the_sandbox(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _sandbox_available()
    monkeypatch.setattr(judging, "_last_run", {})
    monkeypatch.setattr(judging, "RUN_INTERVAL_S", 600.0)  # "too soon" must not depend on how busy the machine is
    link = _create(world)["link"]
    _post(world, f"{link}/start")
    examples = f"/api/v1/assess/{link.removeprefix('/assess/')}/examples"
    challenge = get_challenge(REPOSITORY_BANK / "challenges", CHALLENGE)
    right = world.candidate.post(f"{examples}/2", json={"text": challenge.read("reference.py")})
    assert right.status_code == 200, right.text
    assert right.headers["cache-control"] == "no-store"
    run = right.json()
    assert run["total"] == len(challenge.examples) and 0 < run["total"] < len(challenge.tests)  # no hidden test ran
    assert run["passed"] == run["total"] and {item["verdict"] for item in run["examples"]} == {"accepted"}
    too_soon = world.candidate.post(f"{examples}/2", json={"text": "x = 1"})
    assert too_soon.status_code == 429 and "a moment ago" in too_soon.json()["detail"]

    monkeypatch.setattr(judging, "RUN_INTERVAL_S", 0.0)
    wrong = "def merge_intervals(intervals):\n    print('looking')\n    return intervals\n"
    failed = world.candidate.post(f"{examples}/2", json={"text": wrong}).json()
    assert failed["passed"] < failed["total"]
    first_wrong = next(item for item in failed["examples"] if item["verdict"] == "wrong_answer")
    assert first_wrong["message"] and "looking" in first_wrong["output"]
    broken = world.candidate.post(f"{examples}/2", json={"text": "def merge_intervals(:\n"}).json()
    assert broken["passed"] == 0 and broken["examples"][0]["verdict"] in {"compile_error", "runtime_error"}
    written = world.candidate.post(f"{examples}/1", json={"text": "anything"})
    assert written.status_code == 422 and "written question" in written.json()["detail"]
    _post(world, f"{link}/submit")
    late = world.candidate.post(f"{examples}/2", json={"text": challenge.read("reference.py")})
    assert late.status_code == 409 and "submitted" in late.json()["detail"]
