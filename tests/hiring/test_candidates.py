"""Candidates through the API: the pipeline and its audit trail, stale edits, CVs and who may see what."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import create_candidate, create_request, create_user
from tests.hiring.conftest import ADMIN, INTERVIEWER, MANAGER
from vetml.accounts.service import get_by_email
from vetml.errors import Forbidden
from vetml.hiring import service
from vetml.hiring.cv import MAX_CV_BYTES
from vetml.hiring.schemas import Stage, StageMove
from vetml.interviews.models import Interview, Loop

URL = "/api/v1/candidates"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"


def _request(db: sessionmaker[Session], **overrides: Any) -> int:
    with db.begin() as session:
        request_id: int = create_request(session, get_by_email(session, MANAGER), **overrides).id
        return request_id


def _candidates(db: sessionmaker[Session], *many: dict[str, Any]) -> list[int]:
    with db.begin() as session:
        request = create_request(session, get_by_email(session, MANAGER))
        return [create_candidate(session, request, **overrides).id for overrides in many]


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:body>Ada Lovelace</w:body></w:document>")
    return buffer.getvalue()


def _upload(client: TestClient, candidate_id: int, content: bytes, name: str = "cv.pdf") -> Any:
    return client.post(f"{URL}/{candidate_id}/cv", files={"file": (name, content, "application/pdf")})


def test_candidates_join_only_open_or_on_hold_requests(manager: TestClient, db: sessionmaker[Session]) -> None:
    body = {"name": "Ada Lovelace", "email": "Ada@Example.test", "time_zone": "Europe/London",
            "claimed_skills": ["PyTorch", "feature stores"], "phone": "+44 20 7946 0000"}  # fmt: skip
    created = manager.post(URL, json={**body, "request_id": _request(db, status="on-hold")})
    assert created.status_code == 201, created.text
    assert (created.json()["stage"], created.json()["email"], created.json()["version"]) == (
        "applied",
        "ada@example.test",
        1,
    )
    again = manager.post(URL, json={**body, "request_id": created.json()["request_id"]})
    assert again.status_code == 409
    for status in ("draft", "filled"):
        refused = manager.post(URL, json={**body, "request_id": _request(db, status=status)})
        assert refused.status_code == 409
        assert f"is {status} and takes no new candidates" in refused.json()["detail"]
    assert manager.post(URL, json={**body, "request_id": 999}).status_code == 404
    assert manager.post(URL, json={**body, "request_id": 1, "time_zone": "Nowhere"}).status_code == 422


def _stage(client: TestClient, candidate_id: int, stage: str, version: int, reason: str = "") -> Any:
    return client.post(f"{URL}/{candidate_id}/stage", json={"stage": stage, "reason": reason, "version": version})


def test_the_pipeline_moves_one_stage_at_a_time_and_logs_who_when_why(
    manager: TestClient, db: sessionmaker[Session]
) -> None:
    [candidate_id] = _candidates(db, {})
    screening = _stage(manager, candidate_id, "screening", 1, reason="CV matches the must-haves")
    assert screening.status_code == 200, screening.text
    assert screening.json()["version"] == 2
    skipped = _stage(manager, candidate_id, "offer", 2)
    assert skipped.status_code == 409
    assert skipped.json()["hint"] == "Allowed next stages from screening: interviewing, rejected, withdrawn."
    no_reason = _stage(manager, candidate_id, "rejected", 2, reason="   ")
    assert no_reason.status_code == 422
    assert "needs a reason" in no_reason.json()["detail"]
    assert _stage(manager, candidate_id, "interviewing", 1).status_code == 409  # stale version
    rejected = _stage(manager, candidate_id, "rejected", 2, reason="No production experience")
    assert rejected.json()["stage"] == "rejected"
    final = _stage(manager, candidate_id, "screening", 3)
    assert final.status_code == 409
    assert "rejected is final" in final.json()["hint"]

    events = manager.get(f"{URL}/{candidate_id}/events").json()
    moves = [event for event in events if event["action"] == "stage"]
    assert [(e["data"]["from"], e["data"]["to"], e["reason"]) for e in moves][-2:] == [
        ("applied", "screening", "CV matches the must-haves"),
        ("screening", "rejected", "No production experience"),
    ]
    assert {(e["actor_name"], e["actor_id"]) for e in moves[-2:]} == {("Hiring-Manager", moves[-1]["actor_id"])}
    moments = [datetime.fromisoformat(event["at"]) for event in events]
    assert moments == sorted(moments)
    assert all(moment.tzinfo is not None for moment in moments)
    assert events[0]["action"] == "create"


def test_a_candidate_can_be_hired_only_after_every_stage(manager: TestClient, db: sessionmaker[Session]) -> None:
    [candidate_id] = _candidates(db, {"stage": "offer"})
    candidate = manager.get(f"{URL}/{candidate_id}").json()
    assert candidate["stage"] == "offer"
    hired = _stage(manager, candidate_id, "hired", candidate["version"])
    assert hired.json()["stage"] == "hired"
    assert _stage(manager, candidate_id, "withdrawn", hired.json()["version"], reason="x").status_code == 409


def test_a_stale_edit_is_refused_and_the_first_edit_kept(
    manager: TestClient, client_for: Any, db: sessionmaker[Session]
) -> None:
    [candidate_id] = _candidates(db, {"name": "Grace Hopper"})
    first = manager.patch(f"{URL}/{candidate_id}", json={"version": 1, "phone": "+1 555 0100"})
    assert first.status_code == 200, first.text
    stale = client_for(ADMIN).patch(f"{URL}/{candidate_id}", json={"version": 1, "name": "Someone else"})
    assert stale.status_code == 409
    assert "Reload" in stale.json()["hint"]
    kept = manager.get(f"{URL}/{candidate_id}").json()
    assert (kept["name"], kept["phone"], kept["version"]) == ("Grace Hopper", "+1 555 0100", 2)
    assert manager.patch(f"{URL}/{candidate_id}", json={"version": 2, "stage": "hired"}).status_code == 422
    updates = [e for e in manager.get(f"{URL}/{candidate_id}/events").json() if e["action"] == "update"]
    assert [e["data"]["fields"] for e in updates] == [["phone"]]


def test_candidates_filter_and_page(manager: TestClient, db: sessionmaker[Session]) -> None:
    ids = _candidates(db, {"name": "Ada Lovelace"}, {"name": "Alan Turing", "stage": "screening"},
                      {"name": "Ada Yonath", "email": "yonath@weizmann.example"})  # fmt: skip
    other_request = _candidates(db, {"name": "Edsger Dijkstra"})
    page = manager.get(URL, params={"limit": 2, "offset": 1}).json()
    assert (page["total"], [c["id"] for c in page["items"]]) == (4, [ids[2], ids[1]])
    request_id = manager.get(f"{URL}/{ids[0]}").json()["request_id"]
    assert {c["id"] for c in manager.get(URL, params={"request_id": request_id}).json()["items"]} == set(ids)
    assert [c["id"] for c in manager.get(URL, params={"stage": "screening"}).json()["items"]] == [ids[1]]
    assert {c["id"] for c in manager.get(URL, params={"q": "ada"}).json()["items"]} == {ids[0], ids[2]}
    assert [c["id"] for c in manager.get(URL, params={"q": "weizmann"}).json()["items"]] == [ids[2]]
    assert [c["id"] for c in manager.get(URL, params={"q": "dijkstra"}).json()["items"]] == other_request
    assert manager.get(URL, params={"q": "100%"}).json()["total"] == 0


@pytest.mark.parametrize(
    ("content", "name", "media_type"),
    [
        (PDF, "ada.pdf", "application/pdf"),
        (_docx(), "ada.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("# Ada Lovelace\n\nAnalytical engines — and ML.\n".encode(), "ada.md", "text/plain; charset=utf-8"),
    ],
)
def test_a_cv_is_stored_and_downloaded_unchanged(
    manager: TestClient, db: sessionmaker[Session], content: bytes, name: str, media_type: str
) -> None:
    [candidate_id] = _candidates(db, {})
    uploaded = _upload(manager, candidate_id, content, name)
    assert uploaded.status_code == 201, uploaded.text
    meta = uploaded.json()
    assert (meta["filename"], meta["media_type"], meta["size"]) == (name, media_type, len(content))
    assert meta["sha256"] == hashlib.sha256(content).hexdigest()
    assert "content" not in meta
    download = manager.get(f"{URL}/{candidate_id}/cv")
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["content-type"] == media_type
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-disposition"].startswith(f'attachment; filename="{name}"')
    [logged] = [e for e in manager.get(f"{URL}/{candidate_id}/events").json() if e["action"] == "cv"]
    assert logged["data"]["sha256"] == meta["sha256"]


def test_the_newest_cv_is_the_one_downloaded_and_names_are_cleaned(
    manager: TestClient, db: sessionmaker[Session]
) -> None:
    [candidate_id] = _candidates(db, {})
    assert manager.get(f"{URL}/{candidate_id}/cv").status_code == 404
    _upload(manager, candidate_id, PDF, "old.pdf")
    newer = _upload(manager, candidate_id, b"Plain text CV\n", "..\\..\\etc/\x1b[31mnew\u202ecv.txt")
    assert newer.json()["filename"] == "[31mnewcv.txt"
    assert manager.get(f"{URL}/{candidate_id}/cv").content == b"Plain text CV\n"
    long_name = "é" * 300 + ".pdf"
    cleaned = _upload(manager, candidate_id, PDF, long_name).json()["filename"]
    assert len(cleaned) == 255
    assert cleaned.endswith("é.pdf")
    header = manager.get(f"{URL}/{candidate_id}/cv").headers["content-disposition"]
    assert "filename*=UTF-8''%C3%A9" in header


@pytest.mark.parametrize(
    ("content", "status", "message"),
    [
        (PNG, 422, "Upload PDF, Word (.docx), or plain UTF-8 text or Markdown."),
        (EXE, 422, "its content was checked, not its name"),
        (b"PK\x03\x04" + b"\x00" * 40, 422, "not a CV type"),
        (b"", 422, "the file is empty"),
        (b"%PDF-1.4\n" + b"0" * MAX_CV_BYTES, 413, "larger than 5 MB"),
    ],
)
def test_uploads_that_are_not_cvs_are_refused(
    manager: TestClient, db: sessionmaker[Session], content: bytes, status: int, message: str
) -> None:
    [candidate_id] = _candidates(db, {})
    response = _upload(manager, candidate_id, content, "cv.pdf")
    assert response.status_code == status
    assert message in response.text
    assert manager.get(f"{URL}/{candidate_id}/cv").status_code == 404
    assert not [e for e in manager.get(f"{URL}/{candidate_id}/events").json() if e["action"] == "cv"]


def test_a_zip_without_a_word_document_is_not_a_docx(manager: TestClient, db: sessionmaker[Session]) -> None:
    [candidate_id] = _candidates(db, {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.bin", b"\x00" * 1000)
    assert _upload(manager, candidate_id, buffer.getvalue(), "cv.docx").status_code == 422


def _interview(db: sessionmaker[Session], candidate_id: int, email: str) -> None:
    with db.begin() as session:
        interviewer = get_by_email(session, email)
        boss = get_by_email(session, MANAGER)
        assert interviewer is not None and boss is not None
        loop = Loop(candidate_id=candidate_id, plan={}, seed="test", created_by_id=boss.id)
        session.add(loop)
        session.flush()
        session.add(Interview(loop_id=loop.id, module="coding", interviewer_id=interviewer.id, minutes=45))


def test_interviewers_read_only_the_candidates_they_interview(
    manager: TestClient, interviewer: TestClient, db: sessionmaker[Session]
) -> None:
    mine, theirs = _candidates(db, {"name": "Mine"}, {"name": "Theirs"})
    _interview(db, mine, INTERVIEWER)
    _interview(db, theirs, "other@example.test")
    _upload(manager, mine, PDF)
    _upload(manager, theirs, PDF)
    listed = interviewer.get(URL).json()
    assert (listed["total"], [c["id"] for c in listed["items"]]) == (1, [mine])
    assert interviewer.get(f"{URL}/{mine}").status_code == 200
    assert interviewer.get(f"{URL}/{mine}/cv").content == PDF
    assert interviewer.get(f"{URL}/{mine}/events").status_code == 200
    request_id = interviewer.get(f"{URL}/{mine}").json()["request_id"]
    assert interviewer.get(f"/api/v1/hiring-requests/{request_id}").status_code == 200
    assert [r["id"] for r in interviewer.get("/api/v1/hiring-requests").json()["items"]] == [request_id]
    for path in (f"{URL}/{theirs}", f"{URL}/{theirs}/cv", f"{URL}/{theirs}/events", f"{URL}/{theirs + 100}"):
        missing = interviewer.get(path)
        assert missing.status_code == 404
        assert missing.json()["detail"].startswith("there is no candidate")
    assert interviewer.get(f"/api/v1/hiring-requests/{_request(db)}").status_code == 404


def test_interviewers_may_not_change_candidates_and_strangers_must_sign_in(
    interviewer: TestClient, client_for: Any, db: sessionmaker[Session]
) -> None:
    [candidate_id] = _candidates(db, {})
    _interview(db, candidate_id, INTERVIEWER)
    body = {"request_id": _request(db), "name": "New", "email": "new@example.test"}
    assert interviewer.post(URL, json=body).status_code == 403
    assert interviewer.patch(f"{URL}/{candidate_id}", json={"version": 1, "name": "X"}).status_code == 403
    assert _stage(interviewer, candidate_id, "screening", 1).status_code == 403
    assert _upload(interviewer, candidate_id, PDF).status_code == 403
    assert interviewer.get(f"{URL}/{candidate_id}").json()["version"] == 1
    anonymous = client_for(None)
    for path in (URL, f"{URL}/{candidate_id}", f"{URL}/{candidate_id}/cv", f"{URL}/{candidate_id}/events"):
        assert anonymous.get(path).status_code == 401
    assert anonymous.post(URL, json=body).status_code == 401


def test_the_service_itself_refuses_changes_by_interviewers(session: Session) -> None:
    boss = create_user(session, role="hiring-manager")
    reader = create_user(session, role="interviewer")
    candidate = create_candidate(session, create_request(session, boss))
    with pytest.raises(Forbidden, match="may only read"):
        service.move_stage(session, candidate.id, data=StageMove(stage=Stage.SCREENING, version=1), actor=reader)
    with pytest.raises(Forbidden):
        service.attach_cv(session, 10_000, content=PDF, filename="cv.pdf", actor=reader)
    assert candidate.stage == "applied"
