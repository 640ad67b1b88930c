"""A web process out of database connections answers 503 with Retry-After, and a candidate waiting for their
examples to run holds no connection while waiting (that wait once starved every other request of a busy day)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import REPOSITORY_BANK, _postgres_schema_url
from tests.factories import create_candidate, create_request, create_user
from tests.tasks.services import RedisServer
from vetml.config import Settings
from vetml.db import create_db_engine, transaction, upgrade
from vetml.interviews import assessments
from vetml.interviews.assessment_schemas import AssessmentCreate
from vetml.web import judging
from vetml.web.app import create_app


def _one_connection(**settings: Any) -> Settings:
    """Settings whose web process has a single database connection and waits half a second for it."""
    return Settings(db_pool_size=1, db_max_overflow=0, db_pool_timeout=0.5, **settings)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A migrated schema of the test's own on the test PostgreSQL (the pool limits do not apply to SQLite)."""
    urls = _postgres_schema_url()
    url = next(urls)
    engine = create_db_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    next(urls, None)


def _client(app: FastAPI) -> httpx2.AsyncClient:
    return httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://vetml.test")


@pytest.mark.postgres
def test_a_request_finding_every_connection_in_use_is_a_503_with_retry_after(postgres_url: str) -> None:
    app = create_app(_one_connection(database_url=postgres_url))

    async def ask() -> httpx2.Response:
        async with _client(app) as client:
            return await client.get("/api/v1/questions", headers={"Authorization": "Bearer some-token"})

    try:
        with app.state.engine.connect():  # the process's only connection, held elsewhere
            response = asyncio.run(ask())
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "2"
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["title"] == "Server busy" and "not saved" in problem["detail"]
        assert "again" in problem["hint"]
        assert asyncio.run(ask()).status_code == 401  # the connection is free again: the token is looked up
    finally:
        app.state.engine.dispose()


@pytest.mark.postgres
def test_waiting_for_an_examples_run_holds_no_database_connection(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = RedisServer(tmp_path)  # a broker with no worker: the run waits until it gives up
    server.start()
    monkeypatch.setattr(judging, "RUN_TIMEOUT_S", 3.0)
    monkeypatch.setattr(judging, "_last_run", {})
    settings = _one_connection(database_url=postgres_url, bank_dir=REPOSITORY_BANK, broker_url=server.url,
                               secret_key="k" * 32)  # fmt: skip
    app = create_app(settings)
    token = _assessment(app.state.sessions, settings)
    api = f"/api/v1/assess/{token}"

    async def day() -> tuple[int, list[int]]:
        async with _client(app) as client:
            assert (await client.get(api)).status_code == 200
            run = asyncio.create_task(client.post(f"{api}/examples/1", json={"text": "def merge_intervals(x): ..."}))
            await asyncio.sleep(0.5)  # the run is waiting for a worker now
            saves = [(await client.put(f"{api}/answers/1", json={"text": f"draft {n}"})).status_code for n in range(3)]
            return (await run).status_code, saves

    try:
        run_status, saves = asyncio.run(day())
    finally:
        app.state.engine.dispose()
        server.stop()
    assert saves == [200, 200, 200]  # with the run holding the only connection these would be 503s
    assert run_status == 429  # no worker answered within the (shortened) wait: "the judge is busy"


def _assessment(sessions: sessionmaker[Session], settings: Settings) -> str:
    """One coding challenge (item 1) behind a signed link."""
    with transaction(sessions) as session:
        manager = create_user(session, role="hiring-manager")
        candidate = create_candidate(session, create_request(session, manager))
        plan = AssessmentCreate(challenges=["merge-intervals"], questions=[], time_limit_minutes=30, valid_days=1)
        row = assessments.create(session, candidate_id=candidate.id, data=plan,
                                 bank_root=REPOSITORY_BANK / "challenges", actor=manager)  # fmt: skip
        return assessments.link_token(settings, row)
