"""Staff accounts end to end: passwords, sessions, CSRF, rate limiting and API tokens (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from tests.factories import PASSWORD, create_user, sign_in
from vetml.accounts import service
from vetml.accounts.models import User
from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.errors import Conflict, TooManyRequests
from vetml.web.app import create_app
from vetml.web.auth import SESSION_COOKIE


@pytest.fixture
def client(engine: Engine, database_url: str, bank_dir: Path) -> Iterator[TestClient]:
    """An app with an admin and an interviewer."""
    with transaction(session_factory(engine)) as session:
        create_user(session, role="admin")
        create_user(session, role="interviewer")
    app = create_app(Settings(database_url=database_url, bank_dir=bank_dir))
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


def test_passwords_are_stored_as_argon2id_and_checked(session: Session) -> None:
    user = create_user(session, role="admin")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert service.authenticate(session, email="ADMIN@example.test ", password=PASSWORD, client="t") is user
    assert service.authenticate(session, email="admin@example.test", password="wrong password", client="t") is None
    assert service.authenticate(session, email="nobody@example.test", password=PASSWORD, client="t") is None


def test_a_second_user_with_the_same_email_is_a_conflict(session: Session) -> None:
    create_user(session, role="admin")
    with pytest.raises(Conflict, match="already exists"):
        create_user(session, role="interviewer", email="Admin@Example.test")


def test_disabled_users_cannot_sign_in_and_lose_their_sessions(session: Session) -> None:
    user = create_user(session, role="interviewer")
    new = service.start_session(session, user=user)
    assert service.session_for(session, new.token) is not None
    user.active = False
    assert service.session_for(session, new.token) is None
    assert service.authenticate(session, email=user.email, password=PASSWORD, client="t") is None


def test_sessions_expire(session: Session) -> None:
    user = create_user(session, role="interviewer")
    started = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    new = service.start_session(session, user=user, now=started)
    assert service.session_for(session, new.token, now=started + timedelta(hours=11)) is not None
    assert service.session_for(session, new.token, now=started + service.SESSION_LIFETIME) is None


def test_failed_sign_ins_are_rate_limited_per_email(session: Session) -> None:
    create_user(session, role="interviewer")
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    for attempt in range(service.MAX_FAILURES_PER_EMAIL):
        moment = now + timedelta(seconds=attempt)
        assert (
            service.authenticate(session, email="interviewer@example.test", password="x", client="a", now=moment)
            is None
        )
    with pytest.raises(TooManyRequests, match="too many failed sign-in attempts"):
        service.authenticate(session, email="interviewer@example.test", password=PASSWORD, client="b", now=now)
    later = now + service.RATE_WINDOW + timedelta(seconds=10)
    assert service.authenticate(session, email="interviewer@example.test", password=PASSWORD, client="b", now=later)


def test_login_sets_an_httponly_cookie_and_me_answers(client: TestClient) -> None:
    response = client.post("/api/v1/auth/login", json={"email": "interviewer@example.test", "password": PASSWORD})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    me = client.get("/api/v1/auth/me").json()
    assert me["user"]["role"] == "interviewer"
    assert me["csrf_token"] == response.json()["csrf_token"]
    assert "password" not in str(me)


def test_wrong_password_is_401_problem_json_and_counts(client: TestClient, engine: Engine) -> None:
    for _ in range(service.MAX_FAILURES_PER_EMAIL):
        response = client.post("/api/v1/auth/login", json={"email": "admin@example.test", "password": "nope"})
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
    locked = client.post("/api/v1/auth/login", json={"email": "admin@example.test", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Wait 15 minutes" in locked.json()["hint"]


def test_state_changes_need_the_csrf_token_with_a_cookie(client: TestClient) -> None:
    body = sign_in(client, "interviewer@example.test")
    del client.headers["X-CSRF-Token"]
    refused = client.post("/api/v1/auth/tokens", json={"name": "ci"})
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    forged = client.post("/api/v1/auth/tokens", json={"name": "ci"}, headers={"X-CSRF-Token": "forged"})
    assert forged.status_code == 403
    accepted = client.post("/api/v1/auth/tokens", json={"name": "ci"}, headers={"X-CSRF-Token": body["csrf_token"]})
    assert accepted.status_code == 201


def test_api_tokens_work_without_csrf_and_stop_when_revoked(client: TestClient, engine: Engine) -> None:
    sign_in(client, "admin@example.test")
    created = client.post("/api/v1/auth/tokens", json={"name": "nightly sync"}).json()
    secret = created["token"]
    with transaction(session_factory(engine)) as session:
        stored = session.scalars(select(User).where(User.email == "admin@example.test")).one()
        assert secret not in str([row.token_hash for row in service.list_tokens(session, user=stored)])
    robot = TestClient(client.app)
    bearer = {"Authorization": f"Bearer {secret}"}
    assert robot.get("/api/v1/auth/me", headers=bearer).json()["csrf_token"] is None
    made = robot.post("/api/v1/users", headers=bearer, json={"email": "new@example.test", "name": "New Person",
                                                            "role": "interviewer", "password": PASSWORD})  # fmt: skip
    assert made.status_code == 201, made.text
    listed = client.get("/api/v1/auth/tokens").json()
    assert [row["name"] for row in listed] == ["nightly sync"] and "token" not in listed[0]
    assert client.delete(f"/api/v1/auth/tokens/{created['id']}").status_code == 200
    revoked = robot.get("/api/v1/auth/me", headers=bearer)
    assert revoked.status_code == 401
    assert "revoked" in revoked.json()["detail"]


def test_logout_makes_the_cookie_worthless(client: TestClient) -> None:
    sign_in(client, "interviewer@example.test")
    token = client.cookies.get(SESSION_COOKIE)
    assert client.post("/api/v1/auth/logout").status_code == 204
    client.cookies.set(SESSION_COOKIE, token or "")
    assert client.get("/api/v1/auth/me").status_code == 401


def test_login_page_redirects_only_within_the_site(client: TestClient) -> None:
    form = {"email": "interviewer@example.test", "password": PASSWORD, "next": "https://evil.example/steal"}
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_new_users_are_validated_with_clear_messages(client: TestClient) -> None:
    sign_in(client, "admin@example.test")
    response = client.post("/api/v1/users", json={"email": "not-an-email", "name": "X", "role": "boss",
                                                  "password": "short", "time_zone": "Mars/Olympus"})  # fmt: skip
    assert response.status_code == 422
    errors = " ".join(response.json()["errors"])
    assert "email" in errors and "role" in errors and "password" in errors
    assert "is not an IANA time zone" in errors
