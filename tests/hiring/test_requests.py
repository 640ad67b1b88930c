"""Hiring requests through the API: creating, validating, status changes, stale edits, filters and paging."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import create_request
from tests.hiring.conftest import ADMIN, MANAGER
from vetml.accounts.service import get_by_email

URL = "/api/v1/hiring-requests"
BODY: dict[str, Any] = {
    "title": "Staff ML engineer, fraud",
    "level": "staff",
    "specialties": ["MLOps", "Time series"],
    "must_have_skills": ["Kafka", "Kubernetes"],
    "locations": ["Germany", "Poland"],
    "time_zones": ["Europe/Berlin", "Europe/Warsaw"],
    "min_overlap_hours": 4,
    "remote": True,
    "offshore": False,
    "budget_min": 110_000,
    "budget_max": 140_000,
    "currency": "eur",
    "budget_period": "year",
}


def _user_id(db: sessionmaker[Session], email: str) -> int:
    with db() as session:
        user = get_by_email(session, email)
        assert user is not None
        return user.id


def test_a_manager_creates_a_draft_request_they_manage(manager: TestClient, db: sessionmaker[Session]) -> None:
    response = manager.post(URL, json=BODY)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["status"] == "draft"
    assert created["version"] == 1
    assert created["specialties"] == ["mlops", "time-series"]
    assert created["currency"] == "EUR"
    assert created["hiring_manager_id"] == _user_id(db, MANAGER)
    assert manager.get(f"{URL}/{created['id']}").json() == created


def test_an_admin_may_name_another_manager_but_not_an_interviewer(client_for: Any, db: sessionmaker[Session]) -> None:
    admin = client_for(ADMIN)
    named = admin.post(URL, json={**BODY, "hiring_manager_id": _user_id(db, MANAGER)})
    assert named.status_code == 201
    assert named.json()["hiring_manager_id"] == _user_id(db, MANAGER)
    refused = admin.post(URL, json={**BODY, "hiring_manager_id": _user_id(db, "interviewer@example.test")})
    assert refused.status_code == 422
    assert "not a hiring manager" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"specialties": ["quantum"]}, "computer-vision"),  # the hint lists the known specialties
        ({"time_zones": ["Mars/Olympus"]}, "not an IANA time zone"),
        ({"min_overlap_hours": 13}, "min_overlap_hours"),
        ({"budget_min": 150_000}, "budget_min (150000) is above budget_max (140000)"),
        ({"budget_min": -1}, "budget_min"),
        ({"currency": "EURO"}, "currency"),
        ({"budget_period": "month"}, "budget_period"),
        ({"level": "principal"}, "level"),
        ({"salary": 1}, "salary"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(manager: TestClient, change: dict[str, Any], expected: str) -> None:
    response = manager.post(URL, json={**BODY, **change})
    assert response.status_code == 422
    assert expected in response.text
    assert manager.get(URL).json()["total"] == 0


def _move(client: TestClient, request_id: int, status: str, reason: str = "") -> Any:
    return client.post(f"{URL}/{request_id}/status", json={"status": status, "reason": reason})


def test_status_follows_the_allowed_transitions(manager: TestClient, db: sessionmaker[Session]) -> None:
    request_id = manager.post(URL, json=BODY).json()["id"]
    skipped = _move(manager, request_id, "filled")
    assert skipped.status_code == 409
    assert skipped.json()["hint"] == "Allowed next statuses from draft: open, closed."
    for status in ("open", "on-hold", "open", "filled"):
        response = _move(manager, request_id, status, reason=f"going {status}")
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status
    final = _move(manager, request_id, "open")
    assert final.status_code == 409
    assert "cannot go from filled to open" in final.json()["detail"]
    assert "filled is final" in final.json()["hint"]
    events = manager.get(f"{URL}/{request_id}/events").json()
    assert events[0]["action"] == "create"
    moves = [event for event in events if event["action"] == "status"]
    assert [(e["data"]["from"], e["data"]["to"], e["reason"]) for e in moves] == [
        ("draft", "open", "going open"),
        ("open", "on-hold", "going on-hold"),
        ("on-hold", "open", "going open"),
        ("open", "filled", "going filled"),
    ]
    assert {e["actor_id"] for e in moves} == {_user_id(db, MANAGER)}


def test_a_stale_edit_is_refused_and_the_first_edit_kept(manager: TestClient, client_for: Any) -> None:
    created = manager.post(URL, json=BODY).json()
    admin = client_for(ADMIN)
    first = manager.patch(f"{URL}/{created['id']}", json={"version": 1, "title": "Staff ML engineer, payments"})
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 2
    second = admin.patch(f"{URL}/{created['id']}", json={"version": 1, "title": "Something else", "remote": False})
    assert second.status_code == 409
    assert "Reload" in second.json()["hint"]
    kept = manager.get(f"{URL}/{created['id']}").json()
    assert kept["title"] == "Staff ML engineer, payments"
    assert kept["remote"] is True
    assert {k: v for k, v in kept.items() if k not in {"title", "version", "updated_at"}} == {
        k: v for k, v in created.items() if k not in {"title", "version", "updated_at"}
    }


def test_an_edit_checks_the_budget_against_the_stored_values(manager: TestClient) -> None:
    request_id = manager.post(URL, json=BODY).json()["id"]
    response = manager.patch(f"{URL}/{request_id}", json={"version": 1, "budget_max": 100_000})
    assert response.status_code == 422
    assert "above budget_max" in response.json()["detail"]
    cleared = manager.patch(f"{URL}/{request_id}", json={"version": 1, "budget_max": None, "min_overlap_hours": None})
    assert cleared.status_code == 200
    assert cleared.json()["budget_max"] is None
    assert manager.patch(f"{URL}/{request_id}", json={"version": 2, "title": None}).status_code == 422


def test_lists_filter_and_page(manager: TestClient, db: sessionmaker[Session]) -> None:
    with db.begin() as session:
        boss = get_by_email(session, MANAGER)
        admin = get_by_email(session, ADMIN)
        ids = [
            create_request(session, boss, title="ML platform engineer", level="mid", status="draft").id,
            create_request(session, boss, title="Senior ML platform lead", level="senior").id,
            create_request(session, boss, title="Recommender scientist", level="senior", status="on-hold").id,
            create_request(session, admin, title="Platform SRE for ML", level="staff", status="closed").id,
            create_request(session, admin, title="Vision engineer", level="junior").id,
        ]
        admin_id = admin.id
    first = manager.get(URL, params={"limit": 2}).json()
    assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
    assert [item["id"] for item in first["items"]] == ids[::-1][:2]
    last = manager.get(URL, params={"limit": 2, "offset": 4}).json()
    assert [item["id"] for item in last["items"]] == [ids[0]]

    def found(**params: Any) -> list[int]:
        body = manager.get(URL, params=params).json()
        assert body["total"] == len(body["items"])
        return sorted(item["id"] for item in body["items"])

    assert found(status="open") == [ids[1], ids[4]]
    assert found(level="senior") == [ids[1], ids[2]]
    assert found(q="ml platform") == [ids[0], ids[1], ids[3]]
    assert found(q="platform lead") == [ids[1]]
    assert found(hiring_manager_id=admin_id) == [ids[3], ids[4]]
    assert found(level="senior", status="on-hold") == [ids[2]]
    assert manager.get(URL, params={"status": "paused"}).status_code == 422
    assert manager.get(URL, params={"limit": 0}).status_code == 422


def test_interviewers_may_not_write_and_strangers_must_sign_in(
    manager: TestClient, interviewer: TestClient, client_for: Any
) -> None:
    request_id = manager.post(URL, json=BODY).json()["id"]
    assert interviewer.post(URL, json=BODY).status_code == 403
    assert interviewer.patch(f"{URL}/{request_id}", json={"version": 1, "title": "Mine"}).status_code == 403
    assert _move(interviewer, request_id, "open").status_code == 403
    anonymous = client_for(None)
    assert anonymous.get(URL).status_code == 401
    assert anonymous.get(f"{URL}/{request_id}").status_code == 401
    assert anonymous.post(URL, json=BODY).status_code == 401
    assert manager.get(f"{URL}/{request_id}").json()["title"] == BODY["title"]
