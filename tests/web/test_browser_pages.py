"""The hiring pages in a real browser against `vetml serve` with the demo organisation.

Screenshots of the dashboard, the request's board and the candidate page are saved under
test-artifacts/screenshots/ for review.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import REPOSITORY_BANK
from tests.web.test_browser import _free_port, _wait_until_healthy, browser

__all__ = ["browser"]  # the headless Chromium fixture, shared with the bank's browser tests
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
MANAGER = "manager@demo.vetml"
REQUEST_TITLE = "Senior ML engineer, ML platform (demo)"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """`vetml serve` on a free port with its own SQLite database and the demo organisation, and its password."""
    root = tmp_path_factory.mktemp("browser-pages")
    port = _free_port()
    env = {
        **os.environ,
        "VETML_DATABASE_URL": f"sqlite:///{root / 'vetml.db'}",
        "VETML_BANK_DIR": str(REPOSITORY_BANK),
        "VETML_PORT": str(port),
    }
    for args in (["db", "upgrade"], ["bank", "load"], ["demo", "seed"]):
        # cwd is the tmp folder, so the demo password lands in its var/demo-password, not the repository's
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


def _signed_in(browser: Browser, base: str, password: str, *, width: int = 1280, javascript: bool = True) -> Page:
    """A new tab signed in as the demo hiring manager through the sign-in form."""
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    tab = context.new_page()
    tab.goto(f"{base}/login")
    tab.get_by_label("E-mail").fill(MANAGER)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.locator(".signed-in")).to_contain_text("Hana Hiring-Manager (demo)")
    return tab


def test_a_manager_moves_a_candidate_and_sees_it_in_the_timeline(demo_site: tuple[str, str], browser: Browser) -> None:
    base, password = demo_site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab = _signed_in(browser, base, password)
    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(tab.get_by_role("heading", name="Candidates at the debrief")).to_be_visible()
    expect(tab.get_by_role("link", name="Open the debrief")).to_be_visible()
    tab.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)

    tab.get_by_role("link", name=REQUEST_TITLE).click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(REQUEST_TITLE)
    applied = tab.locator('[data-stage="applied"]')
    screening = tab.locator('[data-stage="screening"]')
    expect(applied.get_by_role("link", name="Jordan Lee (demo)")).to_be_visible()
    expect(screening.get_by_role("link", name="Jordan Lee (demo)")).to_have_count(0)
    tab.evaluate("window.__same_document = true")
    tab.get_by_role("button", name="Move to screening: Jordan Lee (demo)").click()
    expect(tab.get_by_role("status")).to_have_text("Moved Jordan Lee (demo) to screening.")
    expect(screening.get_by_role("link", name="Jordan Lee (demo)")).to_be_visible()
    expect(applied.get_by_role("link", name="Jordan Lee (demo)")).to_have_count(0)
    assert tab.evaluate("window.__same_document") is True, "HTMX swapped the board without a page load"
    expect(tab.get_by_role("button", name="Move to interviewing: Jordan Lee (demo)")).to_be_visible()
    tab.screenshot(path=str(SCREENSHOTS / "request.png"), full_page=True)

    screening.get_by_role("link", name="Jordan Lee (demo)").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Jordan Lee (demo)")
    timeline = tab.locator(".timeline")
    expect(timeline).to_contain_text("Moved from applied to screening")
    expect(timeline).to_contain_text("Hana Hiring-Manager (demo)")
    expect(tab.locator(".current-stage")).to_have_text("screening")
    tab.screenshot(path=str(SCREENSHOTS / "candidate.png"), full_page=True)
    tab.context.close()


def test_a_stale_card_shows_the_error_and_keeps_the_typed_reason(demo_site: tuple[str, str], browser: Browser) -> None:
    base, password = demo_site
    first = _signed_in(browser, base, password)
    second = _signed_in(browser, base, password)
    for tab in (first, second):
        tab.goto(f"{base}/dashboard")
        tab.get_by_role("link", name=REQUEST_TITLE).click()
    second.get_by_role("button", name="Move to offer: Mei Chen (demo)").click()
    expect(second.get_by_role("status")).to_have_text("Moved Mei Chen (demo) to offer.")
    card = first.locator("#board .card").filter(has=first.get_by_role("link", name="Mei Chen (demo)", exact=True))
    card.get_by_text("Reject or withdraw").click()
    reason = "Accepted another offer before ours."
    card.get_by_label("Reason (kept in the audit log)").fill(reason)
    card.get_by_role("button", name="Mark withdrawn").click()
    expect(first.get_by_role("alert")).to_contain_text("changed since you loaded it")
    expect(first.locator('[data-stage="offer"]').get_by_role("link", name="Mei Chen (demo)")).to_be_visible()
    expect(card.get_by_label("Reason (kept in the audit log)")).to_have_value(reason)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    first.screenshot(path=str(SCREENSHOTS / "request-stale.png"), full_page=True)
    card.get_by_role("button", name="Mark withdrawn").click()
    expect(first.get_by_role("status")).to_have_text("Moved Mei Chen (demo) to withdrawn.")
    first.get_by_text("Rejected or withdrawn (1)").click()
    expect(first.locator(".exit-list")).to_contain_text("Mei Chen (demo)")
    first.context.close()
    second.context.close()


def test_the_board_works_without_javascript(demo_site: tuple[str, str], browser: Browser) -> None:
    base, password = demo_site
    tab = _signed_in(browser, base, password, javascript=False)
    tab.goto(f"{base}/dashboard")
    tab.get_by_role("link", name=REQUEST_TITLE).click()
    tab.get_by_role("button", name="Move to debrief: Noor Haddad (demo)").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(REQUEST_TITLE)
    expect(tab.locator('[data-stage="debrief"]').get_by_role("link", name="Noor Haddad (demo)")).to_be_visible()
    tab.context.close()


def test_the_hiring_pages_fit_a_phone_screen(demo_site: tuple[str, str], browser: Browser) -> None:
    base, password = demo_site
    phone = _signed_in(browser, base, password, width=375)
    phone.goto(f"{base}/dashboard")
    phone.get_by_role("link", name=REQUEST_TITLE).click()
    request_path = phone.url.removeprefix(base)
    phone.get_by_role("link", name="Jordan Lee (demo)").first.click()
    candidate_path = phone.url.removeprefix(base)
    for path in ("/dashboard", request_path, candidate_path):
        phone.goto(f"{base}{path}")
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    phone.context.close()


def test_a_manager_reads_the_cv_review_and_uploads_a_new_cv(
    demo_site: tuple[str, str], browser: Browser, tmp_path: Path
) -> None:
    base, password = demo_site
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab = _signed_in(browser, base, password)
    tab.goto(f"{base}/dashboard")
    tab.get_by_role("link", name=REQUEST_TITLE).click()
    tab.get_by_role("link", name="Jordan Lee (demo)").first.click()
    expect(tab.locator(".cv-review-summary")).to_contain_text("/100")
    tab.locator(".cv-review-summary").get_by_role("link").first.click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("CV review: Jordan Lee (demo)")
    marked = tab.locator("mark.finding", has_text="Kubernets")
    expect(marked).to_be_visible()
    marked.get_by_role("link").click()
    expect(tab.locator("li.sev-medium:target")).to_contain_text("Write 'Kubernetes'.")
    expect(tab.locator(".cv-probes")).to_contain_text("XGBoost")
    tab.screenshot(path=str(SCREENSHOTS / "cv-review.png"), full_page=True)

    cleaner = tmp_path / "jordan-lee-cv.md"
    text = "# Jordan Lee\n\n## Experience\n\nData Engineer, Allegro, Warsaw\nMar 2021 – Present\n"
    cleaner.write_text(text + "- Run Spark jobs on Kubernetes that backfill two years of events\n", encoding="utf-8")
    tab.get_by_role("link", name="Jordan Lee (demo)").click()
    tab.get_by_label("Upload a new CV").set_input_files(str(cleaner))
    tab.get_by_role("button", name="Upload and review").click()
    expect(tab.locator(".cv-score-value")).to_have_text("100")
    expect(tab.locator("mark.finding")).to_have_count(0)
    tab.context.close()
