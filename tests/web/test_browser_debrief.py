"""The scorecard and debrief pages in a real browser against `vetml serve` with the demo organisation.

Screenshots of each page are saved under test-artifacts/screenshots/ for review.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.conftest import REPOSITORY_BANK
from tests.web.test_browser import _free_port, _wait_until_healthy, browser

__all__ = ["browser"]  # the headless Chromium fixture, shared with the bank's browser tests
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
RATIONALE = "Strong system design with concrete guardrails; the incident gap is coachable on the team."


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """`vetml serve` on a free port with its own SQLite database, seeded with the demo organisation."""
    root = tmp_path_factory.mktemp("browser-debrief")
    port = _free_port()
    env = {
        **os.environ,
        "VETML_DATABASE_URL": f"sqlite:///{root / 'vetml.db'}",
        "VETML_BANK_DIR": str(REPOSITORY_BANK),
        "VETML_PORT": str(port),
    }
    for args in (["db", "upgrade"], ["bank", "load"], ["demo", "seed"]):
        subprocess.run([sys.executable, "-m", "vetml", *args], env=env, cwd=root, check=True, capture_output=True,
                       timeout=300)  # fmt: skip
    password = (root / "var" / "demo-password").read_text(encoding="utf-8").strip()
    process = subprocess.Popen([sys.executable, "-m", "vetml", "serve"], env=env, cwd=root, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base)
        yield base, password
    finally:
        process.terminate()
        process.wait(timeout=20)


def _signed_in(browser: Browser, base: str, email: str, password: str, width: int = 1280) -> Page:
    tab = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    tab.goto(f"{base}/login")
    tab.get_by_label("E-mail").fill(email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.locator(".signed-in")).to_be_visible()
    return tab


def _mei_chens_loop(tab: Page, base: str) -> int:
    found = tab.request.get(f"{base}/api/v1/candidates?q=Mei").json()["items"]
    candidate = next(item for item in found if item["name"] == "Mei Chen (demo)")
    return int(tab.request.get(f"{base}/api/v1/candidates/{candidate['id']}/loop").json()["id"])


def _fits_a_phone(tab: Page, url: str) -> None:
    tab.goto(url)
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px on a phone"


def test_interviewer_reads_their_card_and_the_manager_decides(demo_server: tuple[str, str], browser: Browser) -> None:
    base, password = demo_server
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    priya = _signed_in(browser, base, "priya@demo.vetml", password)
    loop_id = _mei_chens_loop(priya, base)
    priya.goto(f"{base}/loops/{loop_id}/debrief")
    priya.get_by_role("link", name="Scorecard of ml-design").click()
    expect(priya.get_by_role("heading", name="Submitted scorecard")).to_be_visible()
    expect(priya.get_by_role("cell", name="Planned a staged rollout", exact=False).first).to_be_visible()
    priya.screenshot(path=str(SCREENSHOTS / "scorecard.png"), full_page=True)
    upcoming = priya.request.get(f"{base}/api/v1/interviews?status=scheduled").json()["items"][0]
    priya.goto(f"{base}/interviews/{upcoming['id']}/scorecard")
    expect(priya.get_by_role("group", name="Overall recommendation")).to_be_visible()
    priya.screenshot(path=str(SCREENSHOTS / "scorecard-form.png"), full_page=True)

    manager = _signed_in(browser, base, "manager@demo.vetml", password)
    manager.goto(f"{base}/loops/{loop_id}/debrief")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Debrief: Mei Chen (demo)")
    matrix = manager.get_by_role("region", name="Competency matrix")
    expect(matrix.get_by_role("columnheader", name="Priya Interviewer (demo) (ml-design)")).to_be_visible()
    expect(matrix.get_by_role("rowheader", name="production-operations")).to_be_visible()
    radar = manager.locator("img.radar")
    expect(radar).to_be_visible()
    manager.wait_for_function("document.querySelector('img.radar').complete")
    assert manager.evaluate("document.querySelector('img.radar').naturalWidth") > 100
    manager.screenshot(path=str(SCREENSHOTS / "debrief.png"), full_page=True)

    manager.get_by_label("Hire", exact=True).check()
    manager.get_by_label("Rationale").fill(RATIONALE)
    manager.get_by_role("button", name="Record decision").click()
    expect(manager.get_by_role("heading", name="Decision: Hire")).to_be_visible()
    expect(manager.locator(".rationale")).to_have_text(RATIONALE)
    manager.screenshot(path=str(SCREENSHOTS / "debrief-decided.png"), full_page=True)

    phone = _signed_in(browser, base, "manager@demo.vetml", password, width=375)
    _fits_a_phone(phone, f"{base}/loops/{loop_id}/debrief")
    phone.screenshot(path=str(SCREENSHOTS / "debrief-phone.png"), full_page=True)
    scorecard = manager.get_by_role("link", name="Scorecard of behavioral").get_attribute("href")
    _fits_a_phone(phone, f"{base}{scorecard}")
    _downloads_the_reports(manager, loop_id)


def _downloads_the_reports(manager: Page, loop_id: int) -> None:
    """From the debrief: the report page, its PDF download, and the candidate's feedback summary."""
    reports = manager.get_by_role("navigation", name="Reports")
    with manager.expect_download() as download:
        reports.get_by_role("link", name="PDF").first.click()
    saved = Path(download.value.path())
    assert download.value.suggested_filename == "mei-chen-demo-report.pdf"
    assert saved.read_bytes().startswith(b"%PDF-")
    assert RATIONALE[:40] in "".join(page.extract_text() for page in PdfReader(saved).pages).replace("\n", " ")
    reports.get_by_role("link", name="Candidate report").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Mei Chen (demo)")
    expect(manager.get_by_text(RATIONALE)).to_be_visible()
    manager.wait_for_function("[...document.images].every(image => image.complete && image.naturalWidth > 100)")
    manager.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)
    manager.goto(manager.url.replace(f"/loops/{loop_id}/report", f"/loops/{loop_id}/feedback"))
    expect(manager.get_by_text("Dear Mei,")).to_be_visible()
    assert RATIONALE not in manager.content() and "Priya" not in manager.content()
    manager.screenshot(path=str(SCREENSHOTS / "candidate-feedback.png"), full_page=True)
