"""/readyz on the real app: the database, the broker and the sandbox, each named when it fails."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.judge.conftest import _sandbox_available
from tests.observability.conftest import make_app
from tests.tasks.services import free_port
from vetml.observability import readiness


def _ready(database_url: str, bank_dir: Path, **settings: object) -> tuple[int, dict[str, Any]]:
    app = make_app(database_url, bank_dir, **settings)
    with TestClient(app) as client:
        response = client.get("/readyz")
    app.state.engine.dispose()
    return response.status_code, response.json()


def test_ready_with_sqlite_and_no_broker(sqlite_url: str, bank_dir: Path) -> None:
    _sandbox_available()
    status, body = _ready(sqlite_url, bank_dir)
    assert status == 200 and body["status"] == "ready" and body["failed"] == []
    assert body["checks"]["broker"] == {"ok": True, "detail": "not configured"}
    assert body["checks"]["database"]["ok"] and body["checks"]["sandbox"] == {"ok": True, "detail": "ok"}


def test_a_broker_that_does_not_answer_is_named(sqlite_url: str, bank_dir: Path) -> None:
    status, body = _ready(sqlite_url, bank_dir, broker_url=f"redis://127.0.0.1:{free_port()}/0")
    assert status == 503 and body["status"] == "unavailable" and body["failed"] == ["broker"]
    assert "refused" in body["checks"]["broker"]["detail"].lower()
    assert body["checks"]["sandbox"]["ok"]  # with a broker the workers judge: this process needs no sandbox


def test_a_database_that_does_not_answer_is_named(bank_dir: Path) -> None:
    _sandbox_available()
    status, body = _ready(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none", bank_dir)
    assert status == 503 and body["failed"] == ["database"]
    assert "OperationalError" in body["checks"]["database"]["detail"]
    assert "Traceback" not in str(body)


def test_liveness_still_asks_only_the_database(sqlite_url: str, bank_dir: Path) -> None:
    app = make_app(sqlite_url, bank_dir, broker_url=f"redis://127.0.0.1:{free_port()}/0")
    with TestClient(app) as client:
        response = client.get("/healthz")
    app.state.engine.dispose()
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_a_check_that_hangs_fails_after_the_timeout_and_others_still_report() -> None:
    def hangs() -> None:
        time.sleep(1.0)

    def fine() -> None:
        return None

    checks = readiness.run_checks({"slow": hangs, "quick": fine}, timeout_s=0.1)
    assert checks == [readiness.Check("slow", ok=False, detail="no answer within 0.1 s"),
                      readiness.Check("quick", ok=True, detail="ok")]  # fmt: skip


def test_a_sandbox_that_cannot_start_is_named(
    sqlite_url: str, bank_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without bubblewrap
    status, body = _ready(sqlite_url, bank_dir)
    assert status == 503 and body["failed"] == ["sandbox"]
    assert "bubblewrap" in body["checks"]["sandbox"]["detail"]
