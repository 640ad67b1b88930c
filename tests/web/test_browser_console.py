"""The interviewer console in a real browser against `vetml serve` with the demo organisation."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import REPOSITORY_BANK
from tests.web.test_browser import _free_port, _wait_until_healthy, browser  # noqa: F401  (the browser fixture)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
NOTES = "Noor walked through a canary with an 80 ms p99 budget; ask about feature freshness next."


def _vetml(args: list[str], env: dict[str, str], cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "vetml", *args], env=env, cwd=cwd, check=True, capture_output=True,
                   timeout=180)  # fmt: skip


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """`vetml serve` on a free port with the repository bank and the demo organisation; yields (url, password)."""
    root = tmp_path_factory.mktemp("console")
    port = _free_port()
    env = {
        **os.environ,
        "VETML_DATABASE_URL": f"sqlite:///{root / 'vetml.db'}",
        "VETML_BANK_DIR": str(REPOSITORY_BANK),
        "VETML_PORT": str(port),
    }
    for args in (["db", "upgrade"], ["bank", "load"], ["demo", "seed"]):
        _vetml(args, env, root)
    password = (root / "var" / "demo-password").read_text(encoding="utf-8").strip()
    process = subprocess.Popen([sys.executable, "-m", "vetml", "serve"], env=env, cwd=root, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base)
        yield base, password
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def priya(browser: Browser, demo_server: tuple[str, str]) -> Iterator[Page]:  # noqa: F811
    """A tab signed in as Priya, the demo interviewer on Noor's ml-design interview."""
    base, password = demo_server
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    tab = context.new_page()
    tab.goto(f"{base}/login")
    tab.get_by_label("E-mail").fill("priya@demo.vetml")
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.locator(".signed-in")).to_contain_text("Priya Interviewer")
    yield tab
    context.close()


def _noor_interview(tab: Page, base: str) -> int:
    listing = tab.request.get(f"{base}/api/v1/interviews?status=scheduled").json()
    return int(next(row["id"] for row in listing["items"] if row["module"] == "ml-design"))


def test_ticks_and_notes_survive_a_reload_and_the_shortcut_moves_on(demo_server: tuple[str, str], priya: Page) -> None:
    base, _ = demo_server
    priya.goto(f"{base}/interviews/{_noor_interview(priya, base)}/console")
    expect(priya.get_by_role("heading", level=1)).to_contain_text("Noor Haddad")
    expect(priya.locator("#question-counter")).to_have_text(re.compile(r"Question 1 of \d+"))
    first = priya.locator(".console-question:not([hidden])")
    points = first.locator(".console-point")
    count = points.count()
    points.nth(0).get_by_label("Covered").check()
    points.nth(1).get_by_label("Partly").check()
    priya.get_by_label("Interview notes").fill(NOTES)
    state = priya.locator("#save-state")
    expect(state).to_have_text(re.compile(r"^Saved \d\d:\d\d:\d\d$"), timeout=15_000)

    priya.reload()
    first = priya.locator(".console-question:not([hidden])")
    expect(first.locator(".console-point").nth(0).get_by_label("Covered")).to_be_checked()
    expect(first.locator(".console-point").nth(1).get_by_label("Partly")).to_be_checked()
    for index in range(2, count):  # untouched points were saved as missed
        expect(first.locator(".console-point").nth(index).get_by_label("Missed")).to_be_checked()
    expect(priya.get_by_label("Interview notes")).to_have_value(NOTES)
    drafts = priya.evaluate("Object.keys(window.localStorage).filter(k => k.startsWith('vetml-console-draft'))")
    assert all(priya.evaluate(f"window.localStorage.getItem('{key}')") == "{}" for key in drafts)  # all saved

    title = first.locator("h2").inner_text()
    priya.keyboard.press("Alt+N")
    expect(priya.locator("#question-counter")).to_have_text(re.compile(r"Question 2 of \d+"))
    expect(priya.locator(".console-question:not([hidden]) h2")).not_to_have_text(title)
    expect(priya.locator("#timer")).to_contain_text(" of ")
    priya.route("**/console/notes", lambda route: route.abort())  # the connection drops
    priya.get_by_label("Interview notes").fill(NOTES + " Offline line.")
    expect(state).to_have_text("Not saved — retrying", timeout=15_000)
    priya.unroute("**/console/notes")
    priya.reload()  # the draft kept in the browser comes back and is saved
    expect(priya.get_by_label("Interview notes")).to_have_value(NOTES + " Offline line.")
    expect(state).to_have_text(re.compile(r"^Saved "), timeout=15_000)
    expect(priya.locator("#question-counter")).to_have_text(re.compile(r"Question 2 of \d+"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    priya.screenshot(path=str(SCREENSHOTS / "console.png"), full_page=True)

    priya.set_viewport_size({"width": 375, "height": 800})
    overflow = priya.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the console scrolls sideways by {overflow}px on a phone"
    priya.screenshot(path=str(SCREENSHOTS / "console-phone.png"), full_page=True)
