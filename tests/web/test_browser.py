"""The bank in a real browser (Debian's Chromium driven by Playwright) against a real `vetml serve`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.factories import PASSWORD, write_bank

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRE_BROWSER_ENV = "VETML_REQUIRE_BROWSER"
EMAIL = "ines@example.test"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(args: list[str], env: dict[str, str], stdin: str = "") -> None:
    subprocess.run([sys.executable, "-m", "vetml", *args], env=env, check=True, capture_output=True, timeout=120,
                   input=stdin, text=True)  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`vetml serve` on a free port, with the small test bank loaded into SQLite."""
    root = tmp_path_factory.mktemp("browser")
    port = _free_port()
    env = {
        **os.environ,
        "VETML_DATABASE_URL": f"sqlite:///{root / 'vetml.db'}",
        "VETML_BANK_DIR": str(write_bank(root / "bank")),
        "VETML_PORT": str(port),
    }
    _run(["db", "upgrade"], env)
    _run(["bank", "load"], env)
    _run(["users", "create", "--email", EMAIL, "--name", "Ines Interviewer", "--role", "interviewer",
          "--password-stdin"], env, stdin=PASSWORD + "\n")  # fmt: skip
    process = subprocess.Popen([sys.executable, "-m", "vetml", "serve"], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_until_healthy(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"vetml serve did not become healthy at {base}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from the system packages; CI installs it and refuses to skip."""
    if CHROMIUM is None:
        if os.environ.get(REQUIRE_BROWSER_ENV):
            pytest.fail(f"{REQUIRE_BROWSER_ENV} is set but no chromium is installed (apt-get install chromium)")
        pytest.skip("browser tests skipped: install Debian's chromium to run them")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    """A fresh browser tab, signed in as an interviewer through the sign-in form."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    sign_in_with_the_form(tab, server)
    yield tab
    context.close()


def sign_in_with_the_form(tab: Page, server: str) -> None:
    """Open a staff page, get sent to the sign-in form, sign in and land back on the page."""
    tab.goto(f"{server}/bank")
    expect(tab).to_have_url(f"{server}/login?next=%2Fbank")
    tab.get_by_label("E-mail").fill(EMAIL)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab).to_have_url(f"{server}/bank")
    expect(tab.locator(".signed-in")).to_contain_text("Ines Interviewer")


def test_a_wrong_password_keeps_the_form_and_says_so(server: str, browser: Browser) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{server}/login")
    tab.get_by_label("E-mail").fill(EMAIL)
    tab.get_by_label("Password").fill("not the password")
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("alert")).to_have_text("The e-mail or password is wrong.")
    expect(tab.get_by_label("E-mail")).to_have_value(EMAIL)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.locator(".signed-in")).to_contain_text("Ines Interviewer")
    tab.get_by_role("button", name="Sign out").click()
    expect(tab).to_have_url(f"{server}/login")
    tab.goto(f"{server}/bank")
    expect(tab).to_have_url(f"{server}/login?next=%2Fbank")
    context.close()


def test_typing_in_search_filters_live_and_updates_the_address(server: str, page: Page) -> None:
    page.goto(f"{server}/bank")
    expect(page.locator(".result-count")).to_have_text("4 questions")
    page.get_by_label("Search").fill("kubernetes")
    expect(page.locator(".result-count")).to_contain_text("1 question for")
    expect(page.locator(".question-row")).to_have_count(1)
    expect(page).to_have_url(f"{server}/bank?q=kubernetes&category=&module=&level=&tag=")
    page.get_by_role("link", name="Question about deployment blue green swap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Question about deployment blue green swap")
    expect(page.get_by_role("heading", name="Rubric")).to_be_visible()


def test_choosing_a_level_filters_without_a_page_reload(server: str, page: Page) -> None:
    page.goto(f"{server}/bank")
    page.evaluate("window.__same_document = true")
    page.get_by_label("Level").select_option("staff")
    expect(page.locator(".question-row")).to_have_count(1)
    expect(page.locator(".question-row a")).to_have_text("Question about monitoring latency slo")
    assert page.evaluate("window.__same_document") is True


def test_the_search_box_is_reachable_from_the_keyboard(server: str, page: Page) -> None:
    page.goto(f"{server}/bank")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Search")).to_be_focused()


def test_pages_fit_a_phone_screen(server: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    sign_in_with_the_form(phone, server)
    for path in ("/", "/bank", "/bank/deployment-blue-green-swap", "/practice", "/login"):
        phone.goto(f"{server}{path}")
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    context.close()


def test_the_page_works_without_htmx(server: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    sign_in_with_the_form(plain, server)
    plain.get_by_label("Search").fill("alerting")
    plain.get_by_role("button", name="Filter").click()
    expect(plain.locator(".question-row")).to_have_count(1)
    assert Path(plain.url).name.startswith("bank?q=alerting")
    context.close()


def test_a_practice_session_in_the_browser_keeps_the_draft_and_shows_the_grade(server: str, page: Page) -> None:
    page.goto(f"{server}/practice")
    page.get_by_label("Your name (for the report)").fill("Browser Ana")
    page.get_by_label("technical screen").check()
    page.get_by_label("Level").select_option("senior")
    page.get_by_label("Minutes").fill("15")
    page.get_by_role("button", name="Start practising").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Question about monitoring alert fatigue")
    timer = page.locator("#time-left")
    expect(timer).not_to_have_text("15:00", timeout=5000)  # the countdown runs
    page.get_by_label("Your answer").fill("Alert only when p99 latency stays above 80 ms for ten minutes.")
    page.reload()
    expect(page.get_by_label("Your answer")).to_have_value(
        "Alert only when p99 latency stays above 80 ms for ten minutes."
    )
    expect(page.locator("#draft-state")).to_have_text("Your draft was restored.")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator(".score")).to_contain_text("/100", timeout=60_000)
    expect(page.get_by_role("heading", name="Rubric points")).to_be_visible()
    page.get_by_role("link", name="See your report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Practice report: Browser Ana")
    page.goto(f"{server}/practice/history")
    expect(page.locator("img.chart")).to_be_visible()
    assert page.evaluate("document.querySelector('img.chart').naturalWidth") > 100
