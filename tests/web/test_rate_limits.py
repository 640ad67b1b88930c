"""Rate limits through the real app: per candidate link, per sign-in e-mail and address, per staff user.

Every test runs on the in-process memory storage and on the real Redis (127.0.0.1:6379), each with a key
prefix of its own so runs never share counters. The limits are set low so they trip in a handful of requests.
"""

from __future__ import annotations

import logging
import shutil
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from tests.conftest import REPOSITORY_BANK
from tests.factories import create_candidate, create_request, create_user, sign_in
from tests.tasks.services import free_port
from vetml.config import Settings, get_settings
from vetml.db import session_factory, transaction
from vetml.errors import ConfigurationError
from vetml.judge.models import Submission
from vetml.questions import service as questions
from vetml.web.app import create_app

REDIS_URL = "redis://127.0.0.1:6379/0"
QUESTION = "deployment-shadow-traffic"
CHALLENGE = "merge-intervals"
SECRET = "r" * 40
HTML = {"Accept": "text/html,application/xhtml+xml"}
GENEROUS = "1000/minute"


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(params=["memory", "redis"])
def storage(request: pytest.FixtureRequest) -> str:
    """Where the counters live: this process's memory, or the shared Redis."""
    if request.param == "memory":
        return "memory://"
    if not _redis_answers():
        pytest.skip("no Redis answers on 127.0.0.1:6379 (start redis-server to run the Redis variant)")
    return REDIS_URL


@dataclass
class World:
    """The app with two candidates (one assessment each, a question and a challenge) and two managers."""

    make: Callable[..., TestClient]
    engine: Engine
    candidate_ids: tuple[int, int]
    storage: str
    prefix: str


@pytest.fixture
def world(engine: Engine, database_url: str, bank_dir: Path, storage: str) -> Iterator[World]:
    shutil.copytree(REPOSITORY_BANK / "challenges" / CHALLENGE, bank_dir / "challenges" / CHALLENGE)
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=bank_dir)
        manager = create_user(session, role="hiring-manager")
        create_user(session, role="hiring-manager", email="second-manager@example.test")
        hiring_request = create_request(session, manager)
        ids = (create_candidate(session, hiring_request).id, create_candidate(session, hiring_request).id)
    apps = []
    prefix = f"vetml-test-{uuid.uuid4().hex}"

    def make(**limits: str) -> TestClient:
        settings = Settings(database_url=database_url, bank_dir=bank_dir, secret_key=SECRET, rate_limit_storage=storage,
                            rate_limit_key_prefix=prefix, **limits)  # fmt: skip
        apps.append(create_app(settings))
        return TestClient(apps[-1])

    yield World(make, engine, ids, storage, prefix)
    for app in apps:
        app.state.engine.dispose()


def _send_assessment(manager: TestClient, candidate_id: int) -> tuple[int, str]:
    """An assessment for the candidate (a written question, then a coding challenge); its id and API link."""
    body = {"questions": [QUESTION], "challenges": [CHALLENGE], "time_limit_minutes": 60, "valid_days": 7}
    response = manager.post(f"/api/v1/candidates/{candidate_id}/assessments", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created["id"], f"/api/v1{created['link']}"


@contextmanager
def _clients(world: World, **limits: str) -> Iterator[tuple[TestClient, TestClient]]:
    """A signed-in hiring manager and an anonymous candidate on an app with ``limits``."""
    with world.make(**limits) as manager, TestClient(manager.app) as candidate:
        sign_in(manager, "hiring-manager@example.test")
        yield manager, candidate


def _assert_throttled(response: Any, words: str) -> None:
    assert response.status_code == 429, response.text
    assert int(response.headers["Retry-After"]) >= 1
    assert words in response.json()["detail"]


@pytest.mark.parametrize(
    ("setting", "method", "path", "body", "words"),
    [
        ("rate_limit_autosave", "PUT", "/answers/1", {"text": "draft"}, "answer saves from this link"),
        ("rate_limit_submissions", "POST", "/submit", None, "hand-ins or bookings from this link"),
        # Position 1 is the written question, so every run is refused before the sandbox; it still counts.
        ("rate_limit_example_runs", "POST", "/examples/1", {"text": "print(1)"}, "example runs from this link"),
    ],
)
def test_each_link_limit_trips_at_its_number_and_only_for_that_link(
    world: World, setting: str, method: str, path: str, body: dict[str, str] | None, words: str
) -> None:
    with _clients(world, **{setting: "3/minute"}) as (manager, client):
        _, first = _send_assessment(manager, world.candidate_ids[0])
        _, second = _send_assessment(manager, world.candidate_ids[1])
        passed = [client.request(method, first + path, json=body) for _ in range(3)]
        assert all(response.status_code != 429 for response in passed), [r.text for r in passed]
        _assert_throttled(client.request(method, first + path, json=body), words)
        assert client.request(method, second + path, json=body).status_code != 429


def test_the_window_resets_after_the_wait_it_announces(world: World) -> None:
    with _clients(world, rate_limit_autosave="2/second") as (manager, client):
        _, link = _send_assessment(manager, world.candidate_ids[0])
        assert [client.put(f"{link}/answers/1", json={"text": "a"}).status_code for _ in range(2)] == [200, 200]
        refused = client.put(f"{link}/answers/1", json={"text": "b"})
        _assert_throttled(refused, "answer saves")
        time.sleep(int(refused.headers["Retry-After"]))
        assert client.put(f"{link}/answers/1", json={"text": "c"}).status_code == 200


def test_a_flood_of_hand_ins_is_throttled_while_another_candidate_works_undisturbed(world: World) -> None:
    """The abuse test: one link floods hand-ins (its code stored for the judge each time it counts); a second
    candidate's autosaves and hand-in in the same period all succeed and their work is saved."""
    with _clients(world, rate_limit_submissions="3/minute", rate_limit_autosave="20/minute") as (manager, client):
        flooder_id, flooder = _send_assessment(manager, world.candidate_ids[0])
        other_id, other = _send_assessment(manager, world.candidate_ids[1])
        client.put(f"{flooder}/answers/2", json={"text": "def merge(intervals):\n    return intervals\n"})
        flood, others = [], []
        for number in range(12):
            flood.append(client.post(f"{flooder}/submit").status_code)
            if number < 6:
                others.append(client.put(f"{other}/answers/1", json={"text": f"Mirror traffic, draft {number}"}))
        others.append(client.put(f"{other}/answers/2", json={"text": "def merge(intervals):\n    return []\n"}))
        others.append(client.post(f"{other}/submit"))
        assert flood[:3] == [200, 200, 200] and set(flood[3:]) == {429}
        assert [response.status_code for response in others] == [200] * 8, [response.text for response in others]
        saved = manager.get(f"/api/v1/assessments/{other_id}").json()
        assert saved["status"] == "submitted"
        assert [item["answer"] for item in saved["items"]] == ["Mirror traffic, draft 5",
                                                                "def merge(intervals):\n    return []\n"]  # fmt: skip
        assert manager.get(f"/api/v1/assessments/{flooder_id}").json()["status"] == "submitted"
        with world.engine.connect() as connection:  # one stored submission per hand-in: the refused flood left none
            assert connection.scalar(select(func.count()).select_from(Submission)) == 2


def test_a_throttled_page_shows_the_candidate_page_and_htmx_gets_a_notice(world: World) -> None:
    with _clients(world, rate_limit_submissions="1/minute") as (manager, client):
        _, link = _send_assessment(manager, world.candidate_ids[0])
        page = link.removeprefix("/api/v1")
        assert client.post(f"{page}/submit", headers=HTML, follow_redirects=False).status_code == 303
        refused = client.post(f"{page}/submit", headers=HTML)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        assert "Too many hand-ins or bookings from this link" in refused.text and "Online assessment" in refused.text
        notice = client.post(f"{page}/submit", headers={"HX-Request": "true"})
        assert notice.status_code == 429 and notice.headers["HX-Retarget"] == "#notices"
        assert 'class="rate-limited" role="alert"' in notice.text and "hand-ins or bookings" in notice.text


def test_staff_api_writes_are_limited_per_user_and_reads_are_not(world: World) -> None:
    with _clients(world, rate_limit_staff_writes="3/minute") as (manager, client), TestClient(client.app) as other:
        sign_in(other, "second-manager@example.test")
        made = [manager.post("/api/v1/auth/tokens", json={"name": f"script {n}"}).status_code for n in range(3)]
        assert made == [201, 201, 201]
        _assert_throttled(manager.post("/api/v1/auth/tokens", json={"name": "one too many"}),
                          "changes through the API by your account")  # fmt: skip
        assert len(manager.get("/api/v1/auth/tokens").json()) == 3  # reads pass; the refused write made nothing
        assert other.post("/api/v1/auth/tokens", json={"name": "another user"}).status_code == 201


def test_sign_in_is_limited_per_e_mail(world: World) -> None:
    with world.make(rate_limit_sign_in_email="3/minute") as client:
        wrong = {"email": "hiring-manager@example.test", "password": "not the password"}
        assert [client.post("/api/v1/auth/login", json=wrong).status_code for _ in range(3)] == [401, 401, 401]
        right = {"email": " Hiring-Manager@example.test", "password": "correct horse battery"}
        _assert_throttled(client.post("/api/v1/auth/login", json=right), "sign-in attempts for this e-mail")
        page = client.post("/login", data={"email": wrong["email"], "password": "x"}, headers=HTML)
        assert page.status_code == 429 and "sign-in attempts for this e-mail" in page.text
        assert client.post("/api/v1/auth/login", json=right | {"email": "second-manager@example.test"}).is_success


def test_sign_in_is_limited_per_client_address(world: World) -> None:
    with world.make(rate_limit_sign_in_address="3/minute") as client:
        for number in range(3):
            attempt = {"email": f"nobody{number}@example.test", "password": "guess"}
            assert client.post("/api/v1/auth/login", json=attempt).status_code == 401
        right = {"email": "hiring-manager@example.test", "password": "correct horse battery"}
        _assert_throttled(client.post("/api/v1/auth/login", json=right), "sign-in attempts from your address")
        with TestClient(client.app, client=("203.0.113.7", 50000)) as elsewhere:
            assert elsewhere.post("/api/v1/auth/login", json=right).status_code == 200


def test_redis_keys_hold_neither_the_link_nor_the_e_mail(world: World) -> None:
    if not world.storage.startswith("redis"):
        pytest.skip("only the Redis storage has keys to read")
    with _clients(world) as (manager, client):
        _, link = _send_assessment(manager, world.candidate_ids[0])
        client.put(f"{link}/answers/1", json={"text": "draft"})
        token = link.rsplit("/", 1)[-1]
    keys = [key.decode() for key in redis.Redis.from_url(REDIS_URL).keys(f"*{world.prefix}*")]
    assert any("/autosave/" in key for key in keys) and any("/sign_in_email/" in key for key in keys)
    assert not [key for key in keys if token in key or "hiring-manager@example.test" in key]


def test_a_limit_set_to_off_never_trips(world: World) -> None:
    with _clients(world, rate_limit_autosave="off") as (manager, client):
        _, link = _send_assessment(manager, world.candidate_ids[0])
        assert {client.put(f"{link}/answers/1", json={"text": str(n)}).status_code for n in range(30)} == {200}


def test_requests_pass_when_the_redis_storage_is_down(
    engine: Engine, database_url: str, bank_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with transaction(session_factory(engine)) as session:
        create_user(session, role="hiring-manager")
    nothing_listens = f"redis://127.0.0.1:{free_port()}/0"
    settings = Settings(database_url=database_url, bank_dir=bank_dir, secret_key=SECRET,
                        rate_limit_storage=nothing_listens, rate_limit_sign_in_email="1/minute")  # fmt: skip
    app = create_app(settings)
    wrong = {"email": "hiring-manager@example.test", "password": "not the password"}
    with caplog.at_level(logging.WARNING, logger="vetml.web.ratelimit"), TestClient(app) as client:
        assert [client.post("/api/v1/auth/login", json=wrong).status_code for _ in range(3)] == [401, 401, 401]
        sign_in(client, "hiring-manager@example.test")
    app.state.engine.dispose()
    warnings = [record for record in caplog.records if record.name == "vetml.web.ratelimit"]
    assert len(warnings) == 1 and "letting requests through uncounted" in warnings[0].getMessage()


@pytest.mark.parametrize("value", ["ten a minute", "10/fortnight", "10 per"])
def test_a_bad_limit_is_a_configuration_error_naming_the_setting(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    get_settings.cache_clear()
    monkeypatch.setenv("VETML_RATE_LIMIT_AUTOSAVE", value)
    with pytest.raises(ConfigurationError) as caught:
        get_settings()
    get_settings.cache_clear()
    assert "VETML_RATE_LIMIT_AUTOSAVE" in caught.value.message
    assert "is not a rate limit; write e.g. 10/minute" in caught.value.message


def test_a_storage_that_is_not_memory_or_redis_is_refused() -> None:
    with pytest.raises(ValueError, match="use memory:// or redis://"):
        Settings(rate_limit_storage="memcached://127.0.0.1:11211")


def test_the_counts_default_to_the_broker_redis_else_memory() -> None:
    assert Settings(broker_url=REDIS_URL).rate_limit_store() == REDIS_URL
    assert Settings().rate_limit_store() == "memory://"
    assert Settings(broker_url=REDIS_URL, rate_limit_storage="memory://").rate_limit_store() == "memory://"
