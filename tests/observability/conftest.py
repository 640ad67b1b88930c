"""An app on a real SQLite database for the observability tests, and a sample reader for the metrics."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from vetml.config import Settings
from vetml.db import create_db_engine, upgrade
from vetml.observability.logs import HANDLER_NAME
from vetml.web.app import create_app


def sample(name: str, **labels: str) -> float:
    """The current value of one sample in this process's registry (0 when it was never observed)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


def make_app(database_url: str, bank_dir: Path, **settings: object) -> FastAPI:
    return create_app(Settings(database_url=database_url, bank_dir=bank_dir, **settings))  # type: ignore[arg-type]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite database: what these tests observe does not depend on the database engine."""
    url = f"sqlite:///{tmp_path / 'vetml.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.fixture
def app(sqlite_url: str, bank_dir: Path) -> Iterator[FastAPI]:
    """The real app on a migrated database."""
    built = make_app(sqlite_url, bank_dir)
    yield built
    built.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Take vetml's handler off the root logger again, and put the level back, after a test configured logging."""
    root = logging.getLogger()
    level = root.level
    yield
    for handler in [handler for handler in root.handlers if handler.get_name() == HANDLER_NAME]:
        root.removeHandler(handler)
    root.setLevel(level)
