"""An app with one user per role and a signed-in client for each (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import create_user, sign_in
from vetml.config import Settings
from vetml.db import session_factory
from vetml.web.app import create_app

MANAGER = "hiring-manager@example.test"
ADMIN = "admin@example.test"
INTERVIEWER = "interviewer@example.test"


@pytest.fixture
def db(engine: Engine) -> sessionmaker[Session]:
    """Sessions on the same database the app uses, for setting up rows and checking what was stored."""
    return session_factory(engine)


@pytest.fixture
def app(engine: Engine, database_url: str, bank_dir: Path, db: sessionmaker[Session]) -> Iterator[FastAPI]:
    """The app, with an admin, a hiring manager and two interviewers."""
    with db.begin() as session:
        for role in ("admin", "hiring-manager", "interviewer"):
            create_user(session, role=role)
        create_user(session, role="interviewer", email="other@example.test")
    app = create_app(Settings(database_url=database_url, bank_dir=bank_dir))
    yield app
    app.state.engine.dispose()


@pytest.fixture
def client_for(app: FastAPI) -> Iterator[Callable[[str | None], TestClient]]:
    """Make a client signed in as the user with an e-mail (or anonymous for None)."""
    clients: list[TestClient] = []

    def make(email: str | None) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        if email is not None:
            sign_in(client, email)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def manager(client_for: Callable[[str | None], TestClient]) -> TestClient:
    """A hiring manager's client."""
    return client_for(MANAGER)


@pytest.fixture
def interviewer(client_for: Callable[[str | None], TestClient]) -> TestClient:
    """An interviewer's client."""
    return client_for(INTERVIEWER)
