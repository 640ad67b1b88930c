"""The request context on the real app: X-Request-ID in and out, and HTTP metrics by route template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.observability.conftest import make_app, sample
from vetml.observability.middleware import REQUEST_ID_HEADER

CANDIDATE_TOKEN = "candidate-secret-token-1234567890"
LATENCY_COUNT = "vetml_http_request_duration_seconds_count"


def test_a_safe_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/healthz", headers={REQUEST_ID_HEADER: "lb-7f3a.42_x"})
    assert response.headers[REQUEST_ID_HEADER] == "lb-7f3a.42_x"


def test_a_request_without_an_id_gets_a_new_one_each_time(client: TestClient) -> None:
    first, second = (client.get("/healthz").headers[REQUEST_ID_HEADER] for _ in range(2))
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


@pytest.mark.parametrize("hostile", ["a b", 'x" level=error', "<script>", "k" * 65, "ünïcode", ""])
def test_a_hostile_request_id_is_replaced(client: TestClient, hostile: str) -> None:
    response = client.get("/healthz", headers={REQUEST_ID_HEADER: hostile.encode("utf-8")})
    given = response.headers[REQUEST_ID_HEADER]
    assert given != hostile and re.fullmatch(r"[0-9a-f]{32}", given)


def test_metrics_name_the_route_template_and_never_the_token(client: TestClient) -> None:
    labels = {"method": "GET", "route": "/api/v1/assess/{token}", "status": "4xx"}
    before = sample(LATENCY_COUNT, **labels)
    errors_before = sample("vetml_http_errors_total", **labels)
    assert client.get(f"/api/v1/assess/{CANDIDATE_TOKEN}").status_code == 404  # a link that does not verify
    scraped = client.get("/metrics")
    assert scraped.status_code == 200 and scraped.headers["content-type"].startswith("text/plain")
    assert CANDIDATE_TOKEN not in scraped.text
    assert 'route="/api/v1/assess/{token}"' in scraped.text
    assert sample(LATENCY_COUNT, **labels) == before + 1
    assert sample("vetml_http_errors_total", **labels) == errors_before + 1


def test_paths_no_route_matches_share_one_label(client: TestClient) -> None:
    labels = {"method": "GET", "route": "unmatched", "status": "4xx"}
    before = sample(LATENCY_COUNT, **labels)
    for path in ("/wp-admin/setup.php", "/.env", f"/{CANDIDATE_TOKEN}"):
        assert client.get(path).status_code == 404
    assert sample(LATENCY_COUNT, **labels) == before + 3
    assert CANDIDATE_TOKEN not in client.get("/metrics").text


def test_an_unexpected_error_page_carries_the_request_id(app: FastAPI, client: TestClient) -> None:
    def fail() -> None:
        raise RuntimeError("a fault of ours")

    app.add_api_route("/test-only/fail", fail)
    labels = {"method": "GET", "route": "/test-only/fail", "status": "5xx"}
    before = sample("vetml_http_errors_total", **labels)
    response = client.get("/test-only/fail", headers={REQUEST_ID_HEADER: "trace-me-1"})
    assert response.status_code == 500
    assert response.headers[REQUEST_ID_HEADER] == "trace-me-1"
    assert "trace-me-1" in response.json()["hint"]
    assert sample("vetml_http_errors_total", **labels) == before + 1


def test_the_metrics_token_is_required_when_set(sqlite_url: str, bank_dir: Path) -> None:
    app = make_app(sqlite_url, bank_dir, metrics_token="scrape-" + "t" * 30)
    with TestClient(app) as client:
        missing = client.get("/metrics")
        wrong = client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
        basic = client.get("/metrics", headers={"Authorization": "Basic " + "scrape-" + "t" * 30})
        right = client.get("/metrics", headers={"Authorization": "Bearer scrape-" + "t" * 30})
    app.state.engine.dispose()
    for refused in (missing, wrong, basic):
        assert refused.status_code == 401 and "VETML_METRICS_TOKEN" in refused.json()["hint"]
    assert right.status_code == 200 and "vetml_http_request_duration_seconds" in right.text
