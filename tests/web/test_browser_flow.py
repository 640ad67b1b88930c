"""The whole hiring flow in a real browser, by four people in their own browser contexts.

The hiring manager creates a request, adds a candidate with a CV, plans the loop, swaps a pick, books two
interviewers and sends a take-home; the candidate opens the link in a second context and hands in code
and an answer; each interviewer runs the console (reloading it mid-interview) and submits a scorecard;
the manager opens the debrief, decides and downloads the PDF report. Screenshots of each new page are
saved under test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.web.test_browser_debrief import _signed_in, browser, demo_server

__all__ = ["browser", "demo_server"]  # the headless Chromium and the demo site, shared fixtures
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TITLE = "ML engineer, fraud detection (flow test)"
CANDIDATE = "Rui Flowtest"
CV_TEXT = b"Rui Flowtest\nML engineer\n\nExperience\n2021-2025 Fraud models at a payments company.\n"
ANSWER = "Shadow the new model on live traffic, compare p99 latency and errors, then ramp up with a rollback switch."
CODE = "def solve(*args, **kwargs):\n    return None\n"
RATIONALE = "Clear production thinking on both interviews; the take-home was careful and well tested."
INTERVIEWERS = {"priya@demo.vetml": "Priya Interviewer (demo)", "sam@demo.vetml": "Sam Interviewer (demo)"}


def _shot(tab: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"flow-{name}.png"), full_page=True)


def _create_request_and_candidate(manager: Page, base: str) -> None:
    manager.goto(f"{base}/dashboard")
    manager.get_by_role("link", name="New hiring request").click()
    manager.get_by_label("Title").fill(TITLE)
    manager.get_by_label("Level").select_option("mid")
    manager.get_by_label("Must-have skills (comma-separated)").fill("model monitoring")
    _shot(manager, "request-form")
    manager.get_by_role("button", name="Create the request").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(manager.locator(".request-meta .status")).to_have_text("open")
    manager.get_by_role("link", name="Add a candidate").click()
    manager.get_by_label("Name", exact=True).fill(CANDIDATE)
    manager.get_by_label("E-mail").fill("rui.flowtest@example.test")
    manager.get_by_label("Their time zone (IANA name)").fill("Asia/Kolkata")
    manager.get_by_label("Skills they claim").fill("pytorch, kafka")
    cv = {"name": "rui-cv.txt", "mimeType": "text/plain", "buffer": CV_TEXT}
    manager.get_by_label(re.compile("^CV ")).set_input_files(cv)
    manager.get_by_role("button", name="Add the candidate").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(CANDIDATE)
    expect(manager.get_by_role("link", name="Download rui-cv.txt")).to_be_visible()


def _plan_the_loop(manager: Page) -> tuple[int, list[str]]:
    """Plan, swap the first pick, book Priya and Sam; returns the loop id and the two booked modules."""
    manager.get_by_role("button", name="Plan the loop").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text(f"Loop plan for {CANDIDATE}")
    loop_id = int(re.search(r"/loops/(\d+)/plan", manager.url).group(1))  # type: ignore[union-attr]
    expect(manager.locator(".coverage-matrix tbody tr").first).to_be_visible()
    _shot(manager, "plan")
    swap = manager.locator("form.swap-form").first
    old = swap.locator("input[name=item_id]").get_attribute("value")
    new = swap.locator("select option").nth(1).get_attribute("value")
    swap.locator("select").select_option(new)
    swap.get_by_role("button", name="Swap").click()
    expect(manager.get_by_role("status")).to_have_text(f"Swapped {old} for {new}.")
    expect(manager.locator(f'li.pick[data-pick="{new}"]')).to_have_count(1)
    expect(manager.locator(f'li.pick[data-pick="{old}"]')).to_have_count(0)
    modules = manager.locator("#book-module option").all_inner_texts()[:2]
    for module, name in zip(modules, INTERVIEWERS.values(), strict=True):
        manager.locator("#book-module").select_option(module)
        manager.locator("#book-interviewer").select_option(label=next(
            text for text in manager.locator("#book-interviewer option").all_inner_texts() if text.startswith(name)
        ))  # fmt: skip
        manager.get_by_label(re.compile("^Starts")).fill("2031-03-14T10:00")
        manager.get_by_role("button", name="Book", exact=True).click()
        expect(manager.get_by_role("status")).to_have_text(f"Booked {name} for {module}.")
    return loop_id, modules


def _send_take_home(manager: Page) -> str:
    assessment = manager.locator("#assessment")
    assessment.get_by_label(re.compile("Challenge: ")).first.check()
    assessment.get_by_label(re.compile("Question: ")).first.check()
    assessment.get_by_label("Time limit once opened (minutes)").fill("60")
    assessment.get_by_role("button", name="Create the link").click()
    link = manager.get_by_label(re.compile("^The candidate's link"))
    expect(link).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/assess/"))
    return link.input_value()


def _candidate_hands_in(browser: Browser, link: str) -> None:
    """A second browser context, never signed in: the candidate answers, codes and submits."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(link)
    tab.get_by_role("button", name="Start").click()
    tab.get_by_label("Your answer").fill(ANSWER)
    editor = tab.locator(".cm-content")
    editor.click()
    tab.keyboard.press("Control+a")
    tab.keyboard.insert_text(CODE)
    expect(tab.locator("[id^=save-state-]")).to_have_count(2)
    for state in tab.locator("[id^=save-state-]").all():
        expect(state).to_have_text(re.compile("^Saved at"))
    assert "rubric" not in tab.content().lower()  # nothing a grader uses reaches the candidate
    _shot(tab, "candidate-working")
    tab.get_by_text("Submit the assessment").click()
    tab.get_by_role("button", name="Yes, hand in my answers").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Thank you, your assessment is in", timeout=120_000)
    context.close()


def _interviewer_scores(browser: Browser, base: str, email: str, password: str, loop_id: int) -> None:
    """The interviewer opens their interview from the plan, ticks and notes, reloads, then submits a card."""
    tab = _signed_in(browser, base, email, password)
    tab.goto(f"{base}/loops/{loop_id}/plan")
    tab.get_by_role("link", name=INTERVIEWERS[email]).click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text(CANDIDATE)
    points = tab.locator(".console-question:not([hidden]) .console-point")
    points.nth(0).get_by_label("Covered").check()
    notes = f"{INTERVIEWERS[email]}: concrete numbers, named the rollback trigger."
    tab.get_by_label("Interview notes").fill(notes)
    expect(tab.locator("#save-state")).to_have_text(re.compile(r"^Saved \d\d:\d\d:\d\d$"), timeout=15_000)
    tab.reload()  # mid-interview: nothing is lost
    expect(tab.locator(".console-question:not([hidden]) .console-point").nth(0).get_by_label("Covered")).to_be_checked()
    expect(tab.get_by_label("Interview notes")).to_have_value(notes)
    _shot(tab, f"console-{email.split('@')[0]}")
    tab.get_by_role("link", name="Scorecard").click()
    card = tab.locator("fieldset.competency-card").first
    card.get_by_label("3 leaning yes").check()
    card.get_by_role("textbox").fill("Walked through a shadow launch with the numbers to watch.")
    tab.get_by_label("Yes", exact=True).check()
    tab.get_by_role("button", name="Submit scorecard").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(f"Debrief: {CANDIDATE}")
    tab.context.close()


def test_the_whole_hiring_flow_from_request_to_decision(demo_server: tuple[str, str], browser: Browser) -> None:
    base, password = demo_server
    manager = _signed_in(browser, base, "manager@demo.vetml", password)
    _create_request_and_candidate(manager, base)
    loop_id, modules = _plan_the_loop(manager)
    link = _send_take_home(manager)
    _candidate_hands_in(browser, link)
    for email in INTERVIEWERS:
        _interviewer_scores(browser, base, email, password, loop_id)

    manager.goto(f"{base}/loops/{loop_id}/debrief")
    matrix = manager.get_by_role("region", name="Competency matrix")
    for module, name in zip(modules, INTERVIEWERS.values(), strict=True):
        expect(matrix.get_by_role("columnheader", name=f"{name} ({module})")).to_be_visible()
    _shot(manager, "debrief")
    manager.get_by_label("Hire", exact=True).check()
    manager.get_by_label("Rationale").fill(RATIONALE)
    manager.get_by_role("button", name="Record decision").click()
    expect(manager.get_by_role("heading", name="Decision: Hire")).to_be_visible()
    with manager.expect_download() as download:
        manager.get_by_role("navigation", name="Reports").get_by_role("link", name="PDF").first.click()
    saved = Path(download.value.path())
    assert saved.read_bytes().startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(saved).pages).replace("\n", " ")
    assert CANDIDATE in text and RATIONALE[:40] in text
