"""PostgreSQL unreachable for a few seconds while a candidate autosaves: the save is refused with a 503
that says to retry, the client retries, and once the database is back the text is saved; nothing saved
before the outage is lost."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, make_url, select

from tests.conftest import _postgres_schema_url
from tests.factories import create_candidate, create_request, create_user, sign_in
from tests.tasks.services import Link
from vetml.config import Settings
from vetml.db import create_db_engine, session_factory, transaction, upgrade
from vetml.interviews.models import AssessmentAnswer
from vetml.questions import service as questions
from vetml.web.app import create_app

QUESTION = "deployment-shadow-traffic"
OUTAGE_S = 2.0


@pytest.fixture
def direct_engine() -> Iterator[Engine]:
    urls = _postgres_schema_url()
    engine = create_db_engine(next(urls))
    upgrade(engine)
    yield engine
    engine.dispose()
    next(urls, None)


def _through(link: Link, engine: Engine) -> str:
    return engine.url.set(host="127.0.0.1", port=link.port).render_as_string(hide_password=False)


def _saved(engine: Engine, position: int) -> str:
    with transaction(session_factory(engine)) as session:
        return session.scalars(select(AssessmentAnswer.text).where(AssessmentAnswer.position == position)).one()


def test_autosave_during_a_database_outage_is_retried_and_nothing_is_lost(
    direct_engine: Engine, bank_dir: Path
) -> None:
    with transaction(session_factory(direct_engine)) as session:
        questions.sync(session, root=bank_dir)
        manager = create_user(session, role="hiring-manager")
        candidate_id = create_candidate(session, create_request(session, manager)).id
    link = Link(make_url(direct_engine.url).port or 5432)
    app = create_app(Settings(database_url=_through(link, direct_engine), bank_dir=bank_dir, secret_key="o" * 40))
    try:
        with TestClient(app) as staff, TestClient(app) as candidate:
            sign_in(staff, "hiring-manager@example.test")
            body = {"questions": [QUESTION, "monitoring-alert-fatigue"], "challenges": [], "time_limit_minutes": 45,
                    "valid_days": 7}  # fmt: skip
            created = staff.post(f"/api/v1/candidates/{candidate_id}/assessments", json=body)
            assert created.status_code == 201, created.text
            api = "/api/v1" + created.json()["link"]
            assert candidate.get(api).status_code == 200
            assert candidate.put(f"{api}/answers/1", json={"text": "saved before the outage"}).status_code == 200

            link.cut()
            refused = candidate.put(f"{api}/answers/2", json={"text": "typed during the outage"})
            assert refused.status_code == 503, refused.text
            assert refused.headers["Retry-After"] == "2"
            assert "not saved" in refused.json()["detail"] and "again" in refused.json()["hint"]

            threading.Timer(OUTAGE_S, link.restore).start()
            replies = [refused.status_code]
            while replies[-1] != 200 and len(replies) < 100:  # what the page's autosave does: retry after a pause
                time.sleep(0.2)
                replies.append(candidate.put(f"{api}/answers/2", json={"text": "typed during the outage"}).status_code)
            assert replies[-1] == 200 and set(replies[:-1]) == {503}, replies
    finally:
        link.cut()
        app.state.engine.dispose()
    assert _saved(direct_engine, 1) == "saved before the outage"
    assert _saved(direct_engine, 2) == "typed during the outage"
