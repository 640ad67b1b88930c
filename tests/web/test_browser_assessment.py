"""A candidate takes an online assessment in a real browser (Debian's Chromium) against a real `vetml serve`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import APIRequestContext, Browser, Page, expect, sync_playwright

from tests.conftest import REPOSITORY_BANK
from tests.factories import PASSWORD, write_bank
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, REQUIRE_BROWSER_ENV, _free_port, _run, _wait_until_healthy

MANAGER = "hana@example.test"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ANSWER = "Mirror live traffic to the new model, compare p99 latency and errors, and keep the old one warm."
CODE = """def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`vetml serve` with the test bank plus one challenge and a hiring manager."""
    root = tmp_path_factory.mktemp("assess-browser")
    bank = write_bank(root / "bank")
    shutil.copytree(REPOSITORY_BANK / "challenges" / "merge-intervals", bank / "challenges" / "merge-intervals")
    port = _free_port()
    env = {**os.environ, "VETML_DATABASE_URL": f"sqlite:///{root / 'vetml.db'}", "VETML_BANK_DIR": str(bank),
           "VETML_PORT": str(port), "VETML_SECRET_KEY": "browser-" + "b" * 40}  # fmt: skip
    _run(["db", "upgrade"], env)
    _run(["bank", "load"], env)
    _run(["users", "create", "--email", MANAGER, "--name", "Hana Manager", "--role", "hiring-manager",
          "--password-stdin"], env, stdin=PASSWORD + "\n")  # fmt: skip
    process = subprocess.Popen([sys.executable, "-m", "vetml", "serve"], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


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
def staff(browser: Browser, server: str) -> Iterator[APIRequestContext]:
    """The hiring manager's API client, signed in (its own browser context keeps the session cookie)."""
    context = browser.new_context(base_url=server)
    signed_in = context.request.post("/api/v1/auth/login", data={"email": MANAGER, "password": PASSWORD})
    assert signed_in.ok, signed_in.text()
    context.set_extra_http_headers({"X-CSRF-Token": signed_in.json()["csrf_token"]})
    yield context.request
    context.close()


def _send_assessment(staff: APIRequestContext) -> tuple[int, str]:
    """The manager opens a request, adds a candidate and sends one question and one challenge."""
    request = staff.post("/api/v1/hiring-requests", data={"title": "ML engineer, ranking", "level": "senior"}).json()
    assert staff.post(f"/api/v1/hiring-requests/{request['id']}/status", data={"status": "open"}).ok
    person = {"request_id": request["id"], "name": "Ada Candidate", "email": "ada@example.test"}
    candidate = staff.post("/api/v1/candidates", data=person).json()
    body = {"questions": ["deployment-shadow-traffic"], "challenges": ["merge-intervals"],
            "time_limit_minutes": 30, "valid_days": 3}  # fmt: skip
    created = staff.post(f"/api/v1/candidates/{candidate['id']}/assessments", data=body)
    assert created.status == 201, created.text()
    return int(created.json()["id"]), str(created.json()["link"])


def _shot(tab: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"assessment-{name}.png"), full_page=True)


def _python_is_highlighted(tab: Page) -> None:
    """A Python keyword in the editor is drawn in a colour of its own (the language mode is loaded)."""
    colours = tab.evaluate("""() => {
        const keyword = [...document.querySelectorAll('.cm-content span')].find(span => span.textContent === 'def');
        return keyword && [getComputedStyle(keyword).color, getComputedStyle(keyword.closest('.cm-line')).color];
    }""")
    assert colours and colours[0] != colours[1], colours


def _fits_a_phone(tab: Page) -> None:
    tab.set_viewport_size({"width": 375, "height": 740})
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{tab.url} scrolls sideways by {overflow}px on a phone"
    tab.set_viewport_size({"width": 1280, "height": 900})


def test_a_candidate_starts_answers_reloads_and_hands_in(
    server: str, browser: Browser, staff: APIRequestContext
) -> None:
    assessment_id, link = _send_assessment(staff)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(server + link)
    expect(tab.get_by_text("The clock starts when you press Start")).to_be_visible()
    _fits_a_phone(tab)
    _shot(tab, "start")

    tab.get_by_role("button", name="Start").click()
    expect(tab.get_by_role("heading", name="Merge overlapping booking intervals")).to_be_visible()
    expect(tab.locator("#time-left")).not_to_have_text("30:00", timeout=5000)  # the countdown runs
    editor = tab.locator(".cm-content")  # CodeMirror, with the starter code, in place of the textarea
    expect(editor).to_contain_text("raise NotImplementedError")
    expect(tab.locator("textarea.code-editor")).to_be_hidden()
    _python_is_highlighted(tab)
    tab.get_by_label("Your answer").fill(ANSWER)
    editor.click()
    tab.keyboard.press("Control+a")
    tab.keyboard.insert_text(CODE)
    for position in (1, 2):
        expect(tab.locator(f"#save-state-{position}")).to_have_text(re.compile("^Saved at"))
    tab.get_by_role("button", name="Run the examples").click()  # in the sandbox, visible examples only
    expect(tab.locator("#examples-2 .examples-summary")).to_have_text(re.compile(r"^(\d+) of \1 examples passed\.$"),
                                                                       timeout=60_000)  # fmt: skip
    expect(tab.locator("#examples-2 li.example-failed")).to_have_count(0)
    _fits_a_phone(tab)
    _shot(tab, "working")

    # A save that cannot reach the server stays in this browser and is sent after a reload.
    tab.route("**/api/v1/assess/**", lambda route: route.abort())
    tab.get_by_label("Your answer").press_sequentially(" Then roll out.")
    expect(tab.locator("#save-state-1")).to_contain_text("your text is kept in this browser")
    tab.unroute("**/api/v1/assess/**")
    tab.reload()
    expect(tab.get_by_label("Your answer")).to_have_value(ANSWER + " Then roll out.")
    expect(tab.locator("textarea.code-editor")).to_have_value(CODE)  # what the editor opened with
    lines = tab.evaluate("[...document.querySelectorAll('.cm-content .cm-line')].map(line => line.textContent)")
    assert "\n".join(lines) == CODE
    expect(tab.locator("#save-state-1")).to_have_text(re.compile("^Saved at"))

    tab.get_by_text("Submit the assessment").click()
    tab.get_by_role("button", name="Yes, hand in my answers").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Thank you, your assessment is in")
    expect(tab.get_by_text("you can close this page")).to_be_visible()
    assert tab.evaluate("window.localStorage.length") == 0
    _shot(tab, "end")
    tab.goto(server + link)  # the link now only says that the answers are in
    expect(tab.get_by_role("heading", level=1)).to_have_text("Thank you, your assessment is in")
    context.close()

    seen = staff.get(f"/api/v1/assessments/{assessment_id}").json()
    assert seen["status"] == "submitted"
    assert [item["answer"] for item in seen["items"]] == [ANSWER + " Then roll out.", CODE]
