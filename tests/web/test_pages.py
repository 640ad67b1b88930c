"""The web app through FastAPI's test client: pages, HTMX fragments, the JSON API and its errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.factories import create_user, question_data, sign_in, write_question
from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.questions import service
from vetml.web.app import create_app

HTML = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture
def client(engine: Engine, database_url: str, bank_dir: Path) -> Iterator[TestClient]:
    """A client of an app whose database holds the small test bank."""
    with transaction(session_factory(engine)) as session:
        service.sync(session, root=bank_dir)
        create_user(session, role="interviewer")
    app = create_app(Settings(database_url=database_url, bank_dir=bank_dir))
    with TestClient(app) as test_client:
        sign_in(test_client, "interviewer@example.test")
        yield test_client
    app.state.engine.dispose()


def test_health_reports_the_database(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_home_page_links_every_category(client: TestClient) -> None:
    page = client.get("/", headers=HTML)
    assert page.status_code == 200
    assert 'href="/bank?category=deployment"' in page.text
    assert "Monitoring and observability" in page.text
    assert "4 production-minded questions" in page.text


def test_bank_page_lists_and_filters(client: TestClient) -> None:
    page = client.get("/bank", headers=HTML)
    assert page.status_code == 200
    assert "<html" in page.text
    assert page.text.count('class="question-row"') == 4
    assert '<label for="q">Search</label>' in page.text
    filtered = client.get("/bank", params={"level": "staff"}, headers=HTML)
    assert filtered.text.count('class="question-row"') == 1
    assert "/bank/monitoring-latency-slo" in filtered.text
    assert '<option value="staff" selected>' in filtered.text


def test_htmx_search_returns_only_the_results_fragment(client: TestClient) -> None:
    fragment = client.get("/bank", params={"q": "kubernetes"}, headers={**HTML, "HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "/bank/deployment-blue-green-swap" in fragment.text
    assert "1 question for “kubernetes”" in fragment.text
    empty = client.get("/bank", params={"q": "quantum"}, headers={**HTML, "HX-Request": "true"})
    assert "No question matches" in empty.text


def test_question_page_shows_everything_an_interviewer_needs(client: TestClient) -> None:
    page = client.get("/bank/deployment-blue-green-swap", headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert "Compare a blue-green swap with a gradual rollout" in text
    assert "Sets guardrail thresholds for deployment blue green swap" in text
    assert "A strong answer about deployment blue green swap" in text
    assert "Keeps the old model warm" in text
    assert "No monitoring" in text
    assert 'href="/bank/deployment-shadow-traffic"' in text
    assert "How long do you keep blue?" in text


def test_question_page_shows_older_versions(client: TestClient, engine: Engine, bank_dir: Path) -> None:
    write_question(bank_dir, question_data("monitoring-latency-slo", prompt="Second wording of the SLO question."))
    with transaction(session_factory(engine)) as session:
        service.sync(session, root=bank_dir)
    current = client.get("/bank/monitoring-latency-slo", headers=HTML)
    assert "Second wording" in current.text
    assert 'href="/bank/monitoring-latency-slo?version=1"' in current.text
    first = client.get("/bank/monitoring-latency-slo", params={"version": 1}, headers=HTML)
    assert "Define a latency objective" in first.text


def test_unknown_question_is_a_friendly_page_for_browsers(client: TestClient) -> None:
    page = client.get("/bank/not-a-question", headers=HTML)
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "there is no question &#39;not-a-question&#39; in the bank" in page.text
    assert "Back to the question bank" in page.text


def test_unknown_page_is_a_friendly_404(client: TestClient) -> None:
    page = client.get("/nowhere", headers=HTML)
    assert page.status_code == 404
    assert "There is no page at this address" in page.text


def test_api_lists_searches_and_shows(client: TestClient) -> None:
    listed = client.get("/api/v1/questions", params={"category": "monitoring"}).json()
    assert [item["id"] for item in listed] == ["monitoring-alert-fatigue", "monitoring-latency-slo"]
    searched = client.get("/api/v1/questions", params={"q": "shadow traffic"}).json()
    assert [item["id"] for item in searched] == ["deployment-shadow-traffic"]
    detail = client.get("/api/v1/questions/deployment-shadow-traffic").json()
    assert detail["rubric"][1] == {"point": "Sets guardrail thresholds for deployment shadow traffic", "weight": 4}
    assert len(detail["content_hash"]) == 64
    stats = client.get("/api/v1/questions/stats").json()
    assert stats["total"] == 4


def test_api_errors_are_problem_json(client: TestClient) -> None:
    missing = client.get("/api/v1/questions/nope", headers=HTML)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    body = missing.json()
    assert body["title"] == "Not found"
    assert body["status"] == 404
    assert body["instance"] == "/api/v1/questions/nope"
    assert "vetml bank search" in body["hint"]
    invalid = client.get("/api/v1/questions", params={"level": "principal"})
    assert invalid.status_code == 422
    assert invalid.headers["content-type"] == "application/problem+json"
    assert invalid.json()["detail"] == "'principal' is not a known level"
    assert invalid.json()["hint"] == "Use one of: junior, mid, senior, staff."
    too_long = client.get("/api/v1/questions", params={"q": "x" * 201})
    assert too_long.status_code == 422
    assert any(line.startswith("query.q") for line in too_long.json()["errors"])


def test_invalid_filter_in_the_browser_is_a_page_not_json(client: TestClient) -> None:
    page = client.get("/bank", params={"module": "astrology"}, headers=HTML)
    assert page.status_code == 422
    assert "&#39;astrology&#39; is not a known module" in page.text
    assert "Use one of: technical-screen" in page.text


def test_empty_form_fields_mean_any(client: TestClient) -> None:
    params = {"q": "", "category": "", "module": "", "level": "", "tag": ""}
    page = client.get("/bank", params=params, headers=HTML)
    assert page.status_code == 200
    assert page.text.count('class="question-row"') == 4


def test_openapi_docs_and_static_assets_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    assert "/api/v1/questions/{question_id}" in schema["paths"]
    css = client.get("/static/vetml.css")
    assert css.status_code == 200
    assert "--accent" in css.text


def test_health_is_503_when_the_database_is_gone(tmp_path: Path, bank_dir: Path) -> None:
    app = create_app(Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none", bank_dir=bank_dir))
    with TestClient(app) as test_client:
        response = test_client.get("/healthz")
    app.state.engine.dispose()
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_bank_text_renders_as_markdown_with_html_escaped(client: TestClient, engine: Engine, bank_dir: Path) -> None:
    answer = (
        "First, stop the bleeding.\n\n- roll back\n- page the owner\n\n<script>alert('x')</script> is shown, not run."
    )
    write_question(bank_dir, question_data("monitoring-latency-slo", reference_answer=answer))
    with transaction(session_factory(engine)) as session:
        service.sync(session, root=bank_dir)
    page = client.get("/bank/monitoring-latency-slo", headers=HTML).text
    assert "<li>roll back</li>" in page
    assert "<p>First, stop the bleeding.</p>" in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
