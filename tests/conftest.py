"""Shared fixtures: a real database per test (SQLite always, PostgreSQL when configured)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import write_bank
from vetml.config import Settings
from vetml.db import create_db_engine, session_factory, transaction, upgrade
from vetml.questions import service as questions

POSTGRES_URL_ENV = "VETML_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "VETML_REQUIRE_POSTGRES"
REPOSITORY_BANK = Path(__file__).resolve().parents[1] / "bank"


def pytest_report_header() -> str:
    """Say up front whether the PostgreSQL variants run, so a skipped run is never mistaken for a full one."""
    if os.environ.get(POSTGRES_URL_ENV):
        return f"database tests: SQLite and PostgreSQL ({POSTGRES_URL_ENV} is set)"
    return f"database tests: SQLite only; PostgreSQL variants are SKIPPED (set {POSTGRES_URL_ENV} to run them)"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: a fresh SQLite file, or a fresh schema on the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'vetml.db'}"
        return
    yield from _postgres_schema_url()


def _postgres_schema_url() -> Iterator[str]:
    base = os.environ.get(POSTGRES_URL_ENV)
    if not base:
        if os.environ.get(REQUIRE_POSTGRES_ENV):
            pytest.fail(f"{REQUIRE_POSTGRES_ENV} is set but {POSTGRES_URL_ENV} is not")
        pytest.skip(f"PostgreSQL variant skipped: set {POSTGRES_URL_ENV}=postgresql+psycopg://user@host:port/db")
    schema = f"vetml_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a database migrated to the newest revision."""
    engine = create_db_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    """The app's own session factory on the test database."""
    return session_factory(engine)


@pytest.fixture
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session for one test; closed (and so rolled back if uncommitted) afterwards."""
    with sessions() as session:
        yield session


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    """A small valid bank written as files."""
    return write_bank(tmp_path / "bank")


def repository_bank_database(folder: Path, *, secret_key: str) -> tuple[Settings, Engine]:
    """Settings and a migrated SQLite database in ``folder`` holding the repository's question bank.

    For module-scoped worlds that build one app and call many routes on it.
    """
    url = f"sqlite:///{folder / 'vetml.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=REPOSITORY_BANK)
    return Settings(database_url=url, bank_dir=REPOSITORY_BANK, secret_key=secret_key), engine
