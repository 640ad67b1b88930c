"""The CV review in the web app: upload on the candidate page, findings marked in the CV's text, refusals explained."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.resume.cv_texts import CLEAN, with_change
from tests.resume.test_service import team  # noqa: F401 - the shared fixture

HTML = {"Accept": "text/html,application/xhtml+xml"}
Team = tuple[TestClient, TestClient, int]


def _post_cv(client: TestClient, candidate_id: int, content: bytes, name: str = "cv.md") -> object:
    return client.post(f"/candidates/{candidate_id}/cv", files={"cv": (name, content, "text/markdown")},
                       headers=HTML, follow_redirects=False)  # fmt: skip


def test_an_upload_opens_the_review_with_findings_marked_in_place(team: Team) -> None:  # noqa: F811
    manager, ana, candidate_id = team
    typo = with_change("Reduced forecast error", "Reduced forcast error").encode()
    response = _post_cv(manager, candidate_id, typo)
    assert response.status_code == 303
    assert response.headers["location"] == f"/candidates/{candidate_id}/cv/review"
    page = manager.get(response.headers["location"], headers=HTML).text
    assert '<mark class="finding sev-high" id="mark-1"' in page
    assert '<a href="#finding-1">forcast</a>' in page
    assert "Did you mean" in page and "XGBoost" in page
    candidate_page = manager.get(f"/candidates/{candidate_id}", headers=HTML).text
    assert f'href="/candidates/{candidate_id}/cv/review">CV review: <strong>' in candidate_page
    assert 'action="/candidates/' in candidate_page  # the manager sees the upload form
    assert ana.get(f"/candidates/{candidate_id}/cv/review", headers=HTML).status_code == 404  # not on the loop


def test_a_refused_file_keeps_the_previous_cv_and_says_why(team: Team) -> None:  # noqa: F811
    manager, _ana, candidate_id = team
    _post_cv(manager, candidate_id, CLEAN.encode())
    refused = _post_cv(manager, candidate_id, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "photo.pdf")
    assert refused.status_code == 303
    assert refused.headers["location"].startswith(f"/candidates/{candidate_id}?cv_error=")
    page = manager.get(refused.headers["location"], headers=HTML).text
    assert "The CV was not kept" in page
    review = manager.get(f"/candidates/{candidate_id}/cv/review", headers=HTML).text
    assert "100</span>/100" in review


def test_hostile_text_in_a_cv_is_shown_as_text(team: Team) -> None:  # noqa: F811
    manager, _ana, candidate_id = team
    hostile = with_change("Reduced forecast error", "Reduced <script>alert(1)</script> forcast error").encode()
    _post_cv(manager, candidate_id, hostile)
    page = manager.get(f"/candidates/{candidate_id}/cv/review", headers=HTML).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_cv_that_cannot_be_read_shows_the_reason(team: Team) -> None:  # noqa: F811
    manager, _ana, candidate_id = team
    assert manager.get(f"/candidates/{candidate_id}/cv/review", headers=HTML).status_code == 200
    _post_cv(manager, candidate_id, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "cv.pdf")
    page = manager.get(f"/candidates/{candidate_id}/cv/review", headers=HTML).text
    assert "The CV could not be reviewed" in page and "PDF" in page
