"""Practice mode in the web app through FastAPI's test client, with the real grader and a real database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.questions import service as questions
from vetml.web.app import create_app

HTML = {"Accept": "text/html,application/xhtml+xml"}
ANSWER = "Set guardrail thresholds on p99 latency of 80 ms and alert on them. <script>alert('x')</script>"


@pytest.fixture
def app_settings(engine: Engine, database_url: str, bank_dir: Path) -> Settings:
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=bank_dir)
    return Settings(database_url=database_url, bank_dir=bank_dir)


@pytest.fixture
def client(app_settings: Settings) -> Iterator[TestClient]:
    app = create_app(app_settings)
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


def start(client: TestClient, **form: object) -> str:
    response = client.post("/practice", data={"name": "Ana", "level": "staff", "minutes": "30", **form},
                           headers=HTML, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text
    assert "httponly" in response.headers["set-cookie"].lower()
    return str(response.headers["location"])


def test_a_session_from_the_start_form_to_the_report_and_the_history(client: TestClient) -> None:
    form = client.get("/practice", headers=HTML)
    assert form.status_code == 200 and 'name="modules" value="ml-design"' in form.text
    session_url = start(client, modules=["ml-design", "technical-screen"])
    first = client.get(session_url, headers=HTML)
    assert first.status_code == 200 and "Question 1 of 2" in first.text and 'data-seconds-left="900"' in first.text
    assert "Sets guardrail thresholds" not in first.text  # the rubric stays hidden until the answer is in
    graded = client.post(f"{session_url}/answers", data={"position": "0", "answer": ANSWER}, headers=HTML)
    assert graded.status_code == 200 and "/100</strong>" in graded.text and "Next question" in graded.text
    assert "Sets guardrail thresholds" in graded.text and "&lt;script&gt;" in graded.text
    assert "<script>alert" not in graded.text
    again = client.post(f"{session_url}/answers", data={"position": "0", "answer": "twice"}, headers=HTML)
    assert again.status_code == 409 and "double submit" in again.text
    skipped = client.post(f"{session_url}/answers", data={"position": "1", "action": "skip"}, headers=HTML)
    assert skipped.status_code == 200 and "skipped" in skipped.text and "See your report" in skipped.text
    done = client.get(session_url, headers=HTML, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("/report")
    report = client.get(f"{session_url}/report", headers=HTML)
    assert report.status_code == 200 and "Practice report: Ana" in report.text and "&lt;script&gt;" in report.text
    markdown = client.get(f"{session_url}/report.md")
    assert markdown.headers["content-type"].startswith("text/markdown") and "# Practice report: Ana" in markdown.text
    history = client.get("/practice/history", headers=HTML)
    assert history.status_code == 200 and "2/2" in history.text and "Monitoring and observability" in history.text
    chart = client.get("/practice/history.png")
    assert chart.headers["content-type"] == "image/png" and chart.content[:4] == b"\x89PNG"


def test_sessions_are_private_to_the_browser_that_started_them(client: TestClient, app_settings: Settings) -> None:
    session_url = start(client)
    app = create_app(app_settings)
    with TestClient(app) as stranger:
        for path in (session_url, f"{session_url}/report", f"{session_url}/report.md", "/practice/history"):
            assert stranger.get(path, headers=HTML).status_code == 404, path
        stranger.cookies.set("vetml_practice", "00000000-0000-0000-0000-000000000000")
        posted = stranger.post(f"{session_url}/answers", data={"position": "0", "answer": "mine"}, headers=HTML)
        assert posted.status_code == 404
    app.state.engine.dispose()


def test_bad_input_gets_a_clear_page_and_loses_nothing(client: TestClient) -> None:
    bad_level = client.post("/practice", data={"level": "guru", "minutes": "30"}, headers=HTML)
    assert bad_level.status_code == 422 and "level" in bad_level.text
    nothing = client.post("/practice", data={"modules": "behavioral", "level": "junior"}, headers=HTML)
    assert nothing.status_code == 422 and "no question in the bank is in behavioral" in nothing.text
    session_url = start(client)
    huge = client.post(f"{session_url}/answers", data={"position": "0", "answer": "x" * 100_001}, headers=HTML)
    assert huge.status_code == 422 and "limit is 100,000" in huge.text
    assert "Question 1 of 2" in client.get(session_url, headers=HTML).text
    finished = client.post(f"{session_url}/finish", headers=HTML, follow_redirects=False)
    assert finished.status_code == 303
    assert "0 answers" in client.get(f"{session_url}/report", headers=HTML).text
