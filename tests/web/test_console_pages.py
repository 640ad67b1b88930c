"""The interviewer console through FastAPI's test client, on the repository bank and a real database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.conftest import REPOSITORY_BANK
from tests.factories import PASSWORD, create_candidate, create_request, create_user
from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.interviews import service as interviews
from vetml.interviews.loop_schemas import InterviewCreate
from vetml.questions import service as questions
from vetml.questions.schemas import Module
from vetml.web.app import create_app

HTML = {"Accept": "text/html,application/xhtml+xml"}
ANSWER = (
    "I would ship it behind a canary: 5% of traffic for a day, watching p99 latency (budget 80 ms) and the error "
    "rate, with alerts to the on-call owner. If conversion drops by more than 1% we roll back to the previous model."
)


@dataclass
class Console:
    """Signed-in clients around one ml-design interview run by Ana."""

    ana: TestClient
    manager: TestClient
    outsider: TestClient
    anonymous: TestClient
    interview_id: int
    planned: list[str]

    @property
    def url(self) -> str:
        """The console's address."""
        return f"/interviews/{self.interview_id}/console"


def _signed_in(app: Any, email: str) -> TestClient:
    client = TestClient(app)
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


@pytest.fixture
def console(engine: Engine, database_url: str) -> Iterator[Console]:
    """A loop with an ml-design interview on Ana's calendar (Europe/Berlin), and someone on no loop."""
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=REPOSITORY_BANK)
        manager = create_user(session, role="hiring-manager")
        ana = create_user(session, role="interviewer", email="ana@example.test", name="Ana", time_zone="Europe/Berlin")
        create_user(session, role="interviewer", email="olga@example.test", name="Olga")
        candidate = create_candidate(session, create_request(session, manager), stage="interviewing")
        loop = interviews.propose(session, candidate_id=candidate.id, actor=manager,
                                  challenges_root=REPOSITORY_BANK / "challenges", seed="console")  # fmt: skip
        module = next(m for m in interviews.plan_of(loop).modules if m.module is Module.ML_DESIGN)
        booking = InterviewCreate(module=Module.ML_DESIGN, interviewer_id=ana.id)
        interview = interviews.schedule(session, loop=loop, data=booking, actor=manager)
        ids = (interview.id, [item.id for item in module.questions])
    app = create_app(Settings(database_url=database_url, bank_dir=REPOSITORY_BANK))
    with TestClient(app) as anonymous:
        yield Console(
            _signed_in(app, "ana@example.test"),
            _signed_in(app, "hiring-manager@example.test"),
            _signed_in(app, "olga@example.test"),
            anonymous,
            *ids,
        )
    app.state.engine.dispose()


def _checked(html: str) -> list[str]:
    return re.findall(r'name="tick-[^"]+" value="(\w+)" checked', html)


def test_the_interviewer_sees_the_planned_questions_with_rubric_ticks_and_reminders(console: Console) -> None:
    assert len(console.planned) >= 2
    page = console.ana.get(console.url, headers=HTML)
    assert page.status_code == 200, page.text
    text = page.text
    for question_id in console.planned:
        assert f'id="q-{question_id}"' in text
    assert "Rubric points" in text and "Follow-ups" in text and "Red flags to listen for" in text
    assert 'value="covered"' in text and 'value="partly"' in text and 'value="missed"' in text
    assert "(Europe/Berlin" in text or "not scheduled" in text
    assert f'href="/interviews/{console.interview_id}/scorecard"' in text
    assert 'data-editable="true"' in text and "Alt</kbd>+<kbd>N" in text
    assert 'data-csrf="' in text and 'data-csrf=""' not in text


def test_ticks_answers_and_notes_are_saved_and_come_back_on_reload(console: Console) -> None:
    first = console.planned[0]
    detail = console.ana.get(f"/api/v1/questions/{first}").json()
    ticks = ["covered"] + ["partly"] * (len(detail["rubric"]) - 1)
    saved = console.ana.post(f"{console.url}/questions/{first}", json={"ticks": ticks, "answer": ANSWER})
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["ticks"] == ticks and 0 <= body["automatic_score"] <= 100 and body["band_name"]
    assert body["saved_at"]
    notes = console.ana.post(f"{console.url}/notes", json={"notes": "Strong on rollbacks; <b>probe</b> costs."})
    assert notes.status_code == 200, notes.text
    again = console.ana.get(console.url, headers=HTML).text
    assert _checked(again) == ticks
    assert "Strong on rollbacks; &lt;b&gt;probe&lt;/b&gt; costs." in again
    assert "Automatic grade of the typed answer" in again and "/100</strong>" in again
    assert "roll back to the previous model" in again


def test_a_wrong_number_of_ticks_is_refused_with_a_hint(console: Console) -> None:
    response = console.ana.post(f"{console.url}/questions/{console.planned[0]}", json={"ticks": ["covered"] * 40})
    assert response.status_code == 422
    assert "rubric points" in response.json()["detail"]


def test_managers_read_only_and_others_are_kept_out(console: Console) -> None:
    page = console.manager.get(console.url, headers=HTML)
    assert page.status_code == 200
    assert 'data-editable="false"' in page.text and "Read-only" in page.text and "disabled" in page.text
    refused = console.manager.post(f"{console.url}/questions/{console.planned[0]}", json={"ticks": []})
    assert refused.status_code == 403
    assert console.outsider.get(console.url, headers=HTML).status_code == 404
    anonymous = console.anonymous.get(console.url, headers=HTML, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next=")


def test_a_save_without_the_csrf_token_is_refused(console: Console) -> None:
    del console.ana.headers["X-CSRF-Token"]
    response = console.ana.post(f"{console.url}/notes", json={"notes": "sneaky"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_console_links_to_the_shared_editor_of_pair_programming(console: Console) -> None:
    page = console.ana.get(console.url, headers=HTML)
    assert f'href="/interviews/{console.interview_id}/pair"' in page.text
    shared = console.ana.get(f"/interviews/{console.interview_id}/pair", headers=HTML)
    assert shared.status_code == 200 and 'id="pair-editor"' in shared.text
