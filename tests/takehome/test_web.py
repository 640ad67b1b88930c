"""The take-home audit in the web app and the API: upload an archive, read the report, share the feedback."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient

from tests.resume.test_service import team  # noqa: F401 - the shared fixture
from tests.takehome.corpus import PROJECTS
from tests.takehome.test_audit import vetml
from vetml.takehome.service import MAX_UPLOAD_BYTES

HTML = {"Accept": "text/html,application/xhtml+xml"}
Team = tuple[TestClient, TestClient, int]


def archive_of(band: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((PROJECTS / band).rglob("*")):
            if path.is_file() and path.name != "EXPECTED.yaml":
                archive.write(path, f"{band}/{path.relative_to(PROJECTS / band).as_posix()}")
    return buffer.getvalue()


def test_an_uploaded_project_is_audited_kept_and_shown(team: Team) -> None:  # noqa: F811
    manager, _ana, candidate_id = team
    assert manager.get(f"/api/v1/candidates/{candidate_id}/takehome").status_code == 404
    files = {"file": ("solid.zip", archive_of("solid"), "application/zip")}
    created = manager.post(f"/api/v1/candidates/{candidate_id}/takehome", files=files)
    assert created.status_code == 201, created.text
    report = created.json()
    assert report["band"] == "solid" and report["test_run"] is not None
    if shutil.which("bwrap"):
        assert report["test_run"]["ran"] and report["test_run"]["failed"] == 0
    assert manager.get(f"/api/v1/candidates/{candidate_id}/takehome").json()["band"] == "solid"
    page = manager.get(f"/candidates/{candidate_id}/takehome", headers=HTML).text
    assert '<span class="band band-solid">solid</span>' in page and "src/churn/features.py" in page
    feedback = manager.get(f"/candidates/{candidate_id}/takehome/feedback", headers=HTML).text
    assert "Feedback on your take-home project" in feedback and "breadcrumb" not in feedback
    candidate_page = manager.get(f"/candidates/{candidate_id}", headers=HTML).text
    assert "Audit: <strong>solid</strong>" in candidate_page


def test_a_refused_archive_returns_to_the_candidate_page_and_keeps_nothing(team: Team) -> None:  # noqa: F811
    manager, ana, candidate_id = team
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    files = {"project": ("p.zip", png, "application/zip")}
    url = f"/candidates/{candidate_id}/takehome"
    response = manager.post(url, files=files, headers=HTML, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/candidates/{candidate_id}?cv_error=")
    assert "The project was not audited" in manager.get(response.headers["location"], headers=HTML).text
    assert manager.get(f"/api/v1/candidates/{candidate_id}/takehome").status_code == 404
    upload = {"file": ("p.zip", archive_of("demo-grade"), "application/zip")}
    assert ana.post(f"/api/v1/candidates/{candidate_id}/takehome", files=upload).status_code == 403


def test_an_archive_over_the_limit_is_refused_by_the_api_and_the_page(team: Team) -> None:  # noqa: F811
    manager, _ana, candidate_id = team
    too_big = b"\x00" * (MAX_UPLOAD_BYTES + 1)
    api = manager.post(f"/api/v1/candidates/{candidate_id}/takehome", files={"file": ("p.zip", too_big)})
    assert api.status_code == 413 and "the archive is larger than 50 MB" in api.text
    url = f"/candidates/{candidate_id}/takehome"
    page = manager.post(url, files={"project": ("p.zip", too_big)}, headers=HTML, follow_redirects=False)
    assert page.status_code == 303
    shown = manager.get(page.headers["location"], headers=HTML).text
    assert "The project was not audited: the archive is larger than 50 MB. Leave data files and models out" in shown
    assert manager.get(f"/api/v1/candidates/{candidate_id}/takehome").status_code == 404


def test_the_command_writes_a_standalone_html_report(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    result = vetml("audit", str(PROJECTS / "demo-grade"), "--no-run-tests", "--html", str(page))
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert "demo-grade" in html and "AKIA…" in html and "<script" not in html
