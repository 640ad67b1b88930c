"""Pair programming in a real browser: the interviewer and the candidate type in one shared editor.

Two browser contexts (separate cookies and storage, like two people on two machines) against `vetml serve`
with the demo organisation: Priya interviews Noor; Noor joins through the signed link from Priya's page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.web.test_browser import browser  # noqa: F401  (the browser fixture)
from tests.web.test_browser_console import _noor_interview, demo_server  # noqa: F401  (the server fixture)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# The editor's text without the remote cursors' name labels, which CodeMirror draws inside the lines.
EDITOR_TEXT = """() => Array.from(document.querySelectorAll('#pair-editor .cm-line')).map((line) => {
  const copy = line.cloneNode(true);
  copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer').forEach((node) => node.remove());
  return copy.textContent;
}).join('\\n')"""


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


@pytest.fixture
def noor(browser: Browser) -> Iterator[Page]:  # noqa: F811
    """A tab of the candidate, who has no account: only the link Priya sends."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    yield context.new_page()
    context.close()


def _wait_for_text(tab: Page, expected: str) -> None:
    try:
        tab.wait_for_function(f"(expected) => ({EDITOR_TEXT})() === expected", arg=expected, timeout=15_000)
    except PlaywrightError:
        pytest.fail(f"the editor shows {tab.evaluate(EDITOR_TEXT)!r}, not {expected!r}")


def test_two_people_type_in_one_editor_see_the_same_code_and_replay_it(
    demo_server: tuple[str, str],  # noqa: F811
    priya: Page,
    noor: Page,
) -> None:
    base, _ = demo_server
    interview_id = _noor_interview(priya, base)
    priya.goto(f"{base}/interviews/{interview_id}/console")
    priya.get_by_role("link", name="Pair programming").click()
    expect(priya.get_by_role("heading", level=1)).to_contain_text("Pair programming with Noor Haddad")
    expect(priya.locator("#pair-status")).to_have_text("Connected", timeout=15_000)
    link = priya.get_by_label(re.compile("Send this link to Noor")).input_value()
    assert link.startswith(f"{base}/pair/")

    noor.goto(link)
    expect(noor.get_by_role("heading", level=1)).to_have_text("Pair programming")
    expect(noor.locator("#pair-status")).to_have_text("Connected", timeout=15_000)
    expect(noor.get_by_role("textbox", name="Shared code")).to_be_visible()

    priya.get_by_role("textbox", name="Shared code").click()
    priya.keyboard.type("x = 1")
    priya.keyboard.press("Enter")
    _wait_for_text(noor, "x = 1\n")
    noor.get_by_role("textbox", name="Shared code").click()
    noor.keyboard.press("Control+End")
    noor.keyboard.type("y = x + 41")
    _wait_for_text(priya, "x = 1\ny = x + 41")
    _wait_for_text(noor, "x = 1\ny = x + 41")
    expect(priya.locator("#pair-editor .cm-ySelectionInfo")).to_contain_text("Noor Haddad (demo) (candidate)")
    expect(noor.locator("#pair-editor .cm-ySelectionInfo")).to_contain_text("Priya Interviewer (demo) (interviewer)")
    expect(priya.locator("#pair-people")).to_contain_text("Noor Haddad (demo) (candidate)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    priya.screenshot(path=str(SCREENSHOTS / "pair-interviewer.png"), full_page=True)
    noor.screenshot(path=str(SCREENSHOTS / "pair-candidate.png"), full_page=True)

    noor.reload()  # the candidate's browser starts from nothing: the text comes back from the server
    expect(noor.locator("#pair-status")).to_have_text("Connected", timeout=15_000)
    _wait_for_text(noor, "x = 1\ny = x + 41")

    priya.goto(f"{base}/interviews/{interview_id}/pair/replay")
    where = priya.locator("#replay-where")
    expect(where).to_have_text(re.compile(r"^Step (\d+) of \1 · \d\d:\d\d:\d\d · Noor Haddad \(demo\) \(candidate\)$"))
    expect(priya.locator(".replay-code")).to_have_text("x = 1\ny = x + 41")
    priya.get_by_role("link", name="Previous step").click()
    expect(priya.locator(".replay-code")).to_have_text("x = 1\ny = x + 4")
    priya.get_by_label("Step", exact=True).fill("1")  # the slider; HTMX swaps in the chosen step
    expect(where).to_contain_text("Step 1 of")
    expect(where).to_contain_text("Priya Interviewer (demo) (interviewer)")
    expect(priya.locator(".replay-code")).to_have_text("x")
    priya.screenshot(path=str(SCREENSHOTS / "pair-replay.png"), full_page=True)


def test_a_tampered_link_gets_a_plain_page_and_no_editor(demo_server: tuple[str, str], noor: Page) -> None:  # noqa: F811
    base, _ = demo_server
    response = noor.goto(f"{base}/pair/forged-link.signature")
    assert response is not None and response.status == 404
    expect(noor.get_by_role("heading", level=1)).to_contain_text("Not found")
    expect(noor.locator("#pair-editor")).to_have_count(0)
    expect(noor.locator(".candidate-header-note")).to_have_text("Pair programming")
