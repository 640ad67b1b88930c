"""Scheduling in a real browser (Debian's Chromium) against a real `vetml serve`: the manager finds times,
the candidate opens their link, switches time zone, picks an option and gets their invites."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import APIRequestContext, Browser, expect

from tests.conftest import REPOSITORY_BANK
from tests.factories import PASSWORD
from tests.web.test_browser import _free_port, _run, _wait_until_healthy, browser

__all__ = ["browser"]  # the headless Chromium fixture, shared with the other browser tests

MANAGER = "mira@example.test"
PANEL = {"ana": "Europe/Berlin", "ben": "America/New_York", "chen": "Asia/Shanghai", "dev": "Asia/Kathmandu",
         "eve": "Europe/London", "fay": "Australia/Sydney"}  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
NEXT_MONDAY = date.today() + timedelta(days=14 - date.today().weekday())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`vetml serve` on the repository bank, with a hiring manager and five interviewers in five zones."""
    root = tmp_path_factory.mktemp("schedule-browser")
    port = _free_port()
    env = {**os.environ, "VETML_DATABASE_URL": f"sqlite:///{root / 'vetml.db'}", "VETML_BANK_DIR": str(REPOSITORY_BANK),
           "VETML_PORT": str(port), "VETML_SECRET_KEY": "browser-" + "s" * 40}  # fmt: skip
    _run(["db", "upgrade"], env)
    _run(["bank", "load"], env)
    people = [(MANAGER, "Mira Manager", "hiring-manager")] + [(f"{name}@example.test", name.title(), "interviewer")
                                                             for name in PANEL]  # fmt: skip
    for email, name, role in people:
        _run(["users", "create", "--email", email, "--name", name, "--role", role, "--password-stdin"], env,
             stdin=PASSWORD + "\n")  # fmt: skip
    process = subprocess.Popen([sys.executable, "-m", "vetml", "serve"], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _staff(browser: Browser, server: str) -> tuple[APIRequestContext, object]:
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    signed_in = context.request.post("/api/v1/auth/login", data={"email": MANAGER, "password": PASSWORD})
    assert signed_in.ok, signed_in.text()
    context.set_extra_http_headers({"X-CSRF-Token": signed_in.json()["csrf_token"]})
    return context.request, context


def _loop_with_a_panel(staff: APIRequestContext) -> tuple[int, int]:
    """A request, a candidate in Kolkata, a proposed loop, and everyone's hours saved."""
    users = {user["email"]: user for user in staff.get("/api/v1/users").json()}
    for name in PANEL:
        user = users[f"{name}@example.test"]
        hours = {
            "time_zone": PANEL[name],
            "weekly": {day: ["07:00-19:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
        }
        assert staff.put(f"/api/v1/users/{user['id']}/hours", data=hours).ok
    request = staff.post("/api/v1/hiring-requests", data={"title": "ML engineer, offshore", "level": "senior"}).json()
    assert staff.post(f"/api/v1/hiring-requests/{request['id']}/status", data={"status": "open"}).ok
    person = {"request_id": request["id"], "name": "Priya Candidate", "email": "priya@example.test",
              "time_zone": "Asia/Kolkata"}  # fmt: skip
    candidate = staff.post("/api/v1/candidates", data=person).json()
    loop = staff.post(f"/api/v1/candidates/{candidate['id']}/loop", data={})
    assert loop.status == 201, loop.text()
    return int(candidate["id"]), int(loop.json()["id"])


def test_the_manager_finds_times_and_the_candidate_books_one(server: str, browser: Browser) -> None:
    staff, staff_context = _staff(browser, server)
    _candidate, loop_id = _loop_with_a_panel(staff)
    tab = staff_context.new_page()  # type: ignore[attr-defined]
    tab.goto(f"{server}/loops/{loop_id}/schedule")
    tab.fill("#first_day", str(NEXT_MONDAY))
    tab.fill("#last_day", str(NEXT_MONDAY + timedelta(days=4)))
    tab.get_by_role("button", name="Find times").click()
    expect(tab.locator("#proposal")).to_contain_text("Option 1")
    link = tab.locator(".link-box").input_value()
    assert "/schedule/" in link
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / "schedule-manager.png"), full_page=True)

    candidate = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    candidate.goto(link)
    expect(candidate.get_by_role("heading", name="Choose your interview times")).to_be_visible()
    expect(candidate.locator("table.schedule-option").first).to_contain_text("IST")
    candidate.set_viewport_size({"width": 375, "height": 740})
    overflow = candidate.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the candidate's page scrolls sideways by {overflow}px on a phone"
    candidate.set_viewport_size({"width": 1280, "height": 900})
    candidate.fill("#zone", "Asia/Tokyo")
    candidate.get_by_role("button", name="Change time zone").click()
    expect(candidate.locator("table.schedule-option").first).to_contain_text("JST")
    candidate.check("#option-1")
    candidate.get_by_role("button", name="Book these interviews").click()
    expect(candidate.get_by_role("heading", name="Your interviews are booked")).to_be_visible()
    invites = candidate.get_by_role("link", name="calendar invite (.ics)")
    assert invites.count() >= 3
    candidate.screenshot(path=str(SCREENSHOTS / "schedule-candidate-booked.png"), full_page=True)
    with candidate.expect_download() as download:
        invites.first.click()
    assert download.value.suggested_filename.endswith(".ics")

    tab.reload()
    expect(tab.locator("#proposal")).to_contain_text("booked")
    expect(tab.locator("#booked-heading + ul li").first).to_contain_text("scheduled")
