"""CV review through the API and the loop planner: reviews are kept with the CV, and unevidenced skills get probed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from tests.conftest import REPOSITORY_BANK
from tests.factories import create_user, sign_in
from tests.resume.cv_texts import CLEAN, with_change
from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.hiring.models import Candidate, HiringRequest
from vetml.questions import service as questions
from vetml.resume.models import CvReview
from vetml.web.app import create_app

TYPO_CV = with_change("Reduced forecast error", "Reduced forcast error").encode()


def _client(app: Any, email: str) -> TestClient:
    client = TestClient(app)
    sign_in(client, email)
    return client


@pytest.fixture
def team(engine: Engine, database_url: str) -> Iterator[tuple[TestClient, TestClient, int]]:
    """A hiring manager's and an interviewer's clients, and a candidate for a senior platform role."""
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=REPOSITORY_BANK)
        manager = create_user(session, role="hiring-manager", name="Maya Manager")
        create_user(session, role="interviewer", email="ana@example.test", name="Ana")
        request = HiringRequest(title="Senior ML engineer", level="senior", specialties=["mlops"],
                                must_have_skills=[], hiring_manager_id=manager.id, status="open")  # fmt: skip
        session.add(request)
        session.flush()
        candidate = Candidate(request_id=request.id, name="Maya Okafor", email="maya@example.test", stage="screening")
        session.add(candidate)
        session.flush()
        candidate_id = candidate.id
    app = create_app(Settings(database_url=database_url, bank_dir=REPOSITORY_BANK))
    with TestClient(app):
        yield _client(app, "hiring-manager@example.test"), _client(app, "ana@example.test"), candidate_id
    app.state.engine.dispose()


def _upload(client: TestClient, candidate_id: int, content: bytes, name: str = "cv.md") -> Any:
    return client.post(f"/api/v1/candidates/{candidate_id}/cv", files={"file": (name, content, "text/markdown")})


def test_an_uploaded_cv_is_reviewed_and_the_review_kept(
    team: tuple[TestClient, TestClient, int], engine: Engine
) -> None:
    manager, _ana, candidate_id = team
    assert manager.get(f"/api/v1/candidates/{candidate_id}/cv/review").status_code == 404
    assert _upload(manager, candidate_id, TYPO_CV).status_code == 201
    stored = manager.get(f"/api/v1/candidates/{candidate_id}/cv/review").json()
    review = stored["review"]
    assert stored["score"] == review["score"] < 100
    assert [finding["quote"] for finding in review["findings"]] == ["forcast"]
    assert "XGBoost" in review["probe_skills"]
    with session_factory(engine)() as session:
        assert session.scalars(select(CvReview.score).where(CvReview.candidate_id == candidate_id)).all() == [
            review["score"]
        ]


def test_a_cv_the_reader_refuses_is_kept_with_the_reason(team: tuple[TestClient, TestClient, int]) -> None:
    manager, _ana, candidate_id = team
    broken_pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
    assert _upload(manager, candidate_id, broken_pdf, "cv.pdf").status_code == 201
    stored = manager.get(f"/api/v1/candidates/{candidate_id}/cv/review").json()
    assert stored["review"] is None and stored["score"] is None
    assert "PDF" in stored["error"]
    assert manager.get(f"/api/v1/candidates/{candidate_id}/cv").content == broken_pdf


def test_the_loop_planner_digs_into_skills_the_cv_never_shows(team: tuple[TestClient, TestClient, int]) -> None:
    manager, _ana, candidate_id = team
    assert _upload(manager, candidate_id, CLEAN.encode()).status_code == 201
    loop = manager.post(f"/api/v1/candidates/{candidate_id}/loop", json={})
    assert loop.status_code == 201, loop.text
    plan = loop.json()["plan"]
    reasons = [item["reason"] for module in plan["modules"] for item in module["questions"] + module["challenges"]]
    assert any("the CV claims but never shows 'xgboost'" in reason for reason in reasons), reasons
    assert not any("never shows 'pytorch'" in reason for reason in reasons)


def test_check_reviews_without_keeping_and_refuses_bad_files(
    team: tuple[TestClient, TestClient, int], engine: Engine
) -> None:
    _manager, ana, _candidate_id = team
    checked = ana.post("/api/v1/cv/check", files={"file": ("cv.md", TYPO_CV, "text/markdown")})
    assert checked.status_code == 200, checked.text
    assert checked.json()["findings"][0]["kind"] == "spelling"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    refused = ana.post("/api/v1/cv/check", files={"file": ("cv.pdf", png, "application/pdf")})
    assert refused.status_code == 422
    assert "text" in refused.json()["detail"].lower() or "pdf" in refused.json()["detail"].lower()
    huge = ana.post("/api/v1/cv/check", files={"file": ("cv.txt", b"a" * (5 * 1024 * 1024 + 10), "text/plain")})
    assert huge.status_code == 413
    with session_factory(engine)() as session:
        assert session.scalars(select(CvReview)).all() == []


def test_interviewers_may_not_upload_and_anonymous_users_may_not_check(
    team: tuple[TestClient, TestClient, int],
) -> None:
    _manager, ana, candidate_id = team
    assert _upload(ana, candidate_id, CLEAN.encode()).status_code == 403
    anonymous = TestClient(ana.app)
    assert anonymous.post("/api/v1/cv/check", files={"file": ("cv.md", TYPO_CV, "text/markdown")}).status_code == 401


def test_the_cv_text_never_reaches_the_logs(
    team: tuple[TestClient, TestClient, int], caplog: pytest.LogCaptureFixture
) -> None:
    manager, _ana, candidate_id = team
    with caplog.at_level(logging.DEBUG):
        _upload(manager, candidate_id, TYPO_CV)
        manager.get(f"/api/v1/candidates/{candidate_id}/cv/review")
        manager.post("/api/v1/cv/check", files={"file": ("cv.md", TYPO_CV, "text/markdown")})
    assert "forcast" not in caplog.text and "Okafor" not in caplog.text
