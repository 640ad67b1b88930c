"""Scheduling through the API and pages: hours, proposals, the candidate's link, invites by file and by mail."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.conftest import REPOSITORY_BANK
from tests.factories import PASSWORD, create_user
from tests.scheduling.conftest import Inbox, calendar_part
from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.errors import Conflict
from vetml.hiring.models import Candidate, HiringRequest
from vetml.questions import service as questions
from vetml.scheduling import service
from vetml.scheduling.models import ScheduleProposal
from vetml.web.app import create_app

NEXT_MONDAY = date.today() + timedelta(days=7 - date.today().weekday() + 7)
PANEL = {"ana": "Europe/Berlin", "ben": "America/New_York", "chen": "Asia/Shanghai", "dev": "Asia/Kathmandu",
         "eve": "Europe/London", "fay": "Australia/Sydney"}  # fmt: skip


@dataclass
class Office:
    """Signed-in clients, ids, and the app."""

    manager: TestClient
    staff: dict[str, TestClient]
    anonymous: TestClient
    ids: dict[str, int] = field(default_factory=dict)


def _client(app: Any, address: str) -> TestClient:
    client = TestClient(app)
    response = client.post("/api/v1/auth/login", json={"email": address, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def _office(engine: Engine, database_url: str, **settings: Any) -> Iterator[Office]:
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=REPOSITORY_BANK)
        manager = create_user(session, role="hiring-manager", name="Maya Manager", time_zone="America/Los_Angeles")
        people = {name: create_user(session, role="interviewer", email=f"{name}@example.test", name=name.title(),
                                    time_zone=zone) for name, zone in PANEL.items()}  # fmt: skip
        request = HiringRequest(title="Senior ML engineer", level="senior", specialties=["mlops"],
                                hiring_manager_id=manager.id, status="open")  # fmt: skip
        session.add(request)
        session.flush()
        candidates = [
            Candidate(request_id=request.id, name=name, email=f"{name.lower()}@example.test", time_zone="Asia/Kolkata",
                      stage="interviewing")
            for name in ("Priya", "Ravi")
        ]  # fmt: skip
        session.add_all(candidates)
        session.flush()
        ids = {"priya": candidates[0].id, "ravi": candidates[1].id} | {name: user.id for name, user in people.items()}
    app = create_app(Settings(database_url=database_url, bank_dir=REPOSITORY_BANK, **settings))
    with TestClient(app) as anonymous:
        staff = {name: _client(app, f"{name}@example.test") for name in PANEL}
        yield Office(_client(app, "hiring-manager@example.test"), staff, anonymous, ids)
    app.state.engine.dispose()


@pytest.fixture
def office(engine: Engine, database_url: str) -> Iterator[Office]:
    """A manager, six interviewers in six zones, two candidates in Kolkata; no mail server."""
    yield from _office(engine, database_url)


def _weekdays(window: str) -> dict[str, list[str]]:
    return {day: [window] for day in ("mon", "tue", "wed", "thu", "fri")}


def _everyone_sets_hours(office: Office) -> None:
    for name, client in office.staff.items():
        response = client.put(f"/api/v1/users/{office.ids[name]}/hours",
                              json={"weekly": _weekdays("07:00-19:00"), "max_per_day": 2})  # fmt: skip
        assert response.status_code == 200, response.text


def _loop(office: Office, candidate: str) -> dict[str, Any]:
    response = office.manager.post(f"/api/v1/candidates/{office.ids[candidate]}/loop", json={})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _propose(office: Office, loop: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body = {"first_day": str(NEXT_MONDAY), "last_day": str(NEXT_MONDAY + timedelta(days=4)),
            "distinct_interviewers": False} | extra  # fmt: skip
    response = office.manager.post(f"/api/v1/loops/{loop['id']}/proposals", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_hours_are_saved_whole_or_not_at_all(office: Office) -> None:
    ana = office.staff["ana"]
    path = f"/api/v1/users/{office.ids['ana']}/hours"
    assert ana.get(path).json()["stored"] is False
    good = {"time_zone": "Europe/Berlin", "weekly": _weekdays("09:00-17:00"), "exceptions": {str(NEXT_MONDAY): []}}
    assert ana.put(path, json=good).status_code == 200
    for bad, words in [
        ({"time_zone": "Europe/Berln", "weekly": _weekdays("09:00-17:00")}, "Europe/Berlin"),
        ({"weekly": {"mon": ["17:00-09:00"]}}, "ends before it starts"),
        ({"weekly": {"mon": ["09:00-12:00", "11:00-13:00"]}}, "overlap"),
        ({"weekly": {"funday": ["09:00-12:00"]}}, "unknown weekday"),
        ({"weekly": {}, "preferred": "late"}, "not a time range"),
    ]:
        response = ana.put(path, json=bad)
        assert response.status_code == 422, response.text
        assert words in response.text
    stored = ana.get(path).json()
    assert stored["stored"] is True and stored["weekly"]["mon"] == ["09:00-17:00"]
    assert stored["exceptions"] == {str(NEXT_MONDAY): []}
    assert office.staff["ben"].put(path, json=good).status_code == 403


def test_a_candidate_picks_an_option_in_their_zone_and_it_books_the_loop(office: Office) -> None:
    _everyone_sets_hours(office)
    loop = _loop(office, "priya")
    proposal = _propose(office, loop)
    assert proposal["options"] and not proposal["reasons"]
    modules = {module["module"] for module in loop["plan"]["modules"]}
    for option in proposal["options"]:
        assert {session["module"] for session in option["sessions"]} == modules
        for session in option["sessions"]:
            local = _at(session["start"]).astimezone(ZoneInfo("Asia/Kolkata"))
            assert session["candidate_time"].startswith(f"{local:%a} {local.day} {local:%b %Y, %H:%M}")
            assert session["candidate_time"].endswith("IST")
    page = office.anonymous.get(proposal["link"])
    assert page.status_code == 200 and "Asia/Kolkata" in page.text and "Book these interviews" in page.text
    first = proposal["options"][0]["sessions"][0]
    assert first["candidate_time"] in page.text
    in_tokyo = office.anonymous.get(proposal["link"], params={"zone": "Asia/Tokyo"})
    assert "JST" in in_tokyo.text
    assert office.anonymous.get(proposal["link"], params={"zone": "Mars/Olympus"}).status_code == 422

    booked = office.anonymous.post(f"{proposal['link']}/book", data={"option": "1"}, follow_redirects=False)
    assert booked.status_code == 303
    done = office.anonymous.get(proposal["link"])
    assert "Your interviews are booked" in done.text
    interviews = office.manager.get(f"/api/v1/loops/{loop['id']}/interviews").json()
    chosen = proposal["options"][1]["sessions"]
    assert sorted((row["module"], _at(row["scheduled_at"])) for row in interviews) == sorted(
        (session["module"], _at(session["start"])) for session in chosen
    )
    again = office.anonymous.post(f"{proposal['link']}/book", data={"option": "0"})
    assert "already booked" in again.text
    status = office.manager.get(f"/api/v1/proposals/{proposal['id']}").json()
    assert status["status"] == "booked" and status["chosen"] == 1

    invite = office.anonymous.get(f"{proposal['link']}/interviews/{interviews[0]['id']}.ics")
    assert invite.headers["content-type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(invite.content).walk("VEVENT")[0]
    assert event.decoded("DTSTART").astimezone(UTC) == _at(interviews[0]["scheduled_at"])
    assert str(event["DTSTART"].params["TZID"]) == "Asia/Kolkata"


def test_booked_time_is_not_offered_to_the_next_candidate(office: Office) -> None:
    _everyone_sets_hours(office)
    first = _propose(office, _loop(office, "priya"))
    office.anonymous.post(f"{first['link']}/book", data={"option": "0"})
    taken = [(s["interviewer_id"], _at(s["start"]), _at(s["end"])) for s in first["options"][0]["sessions"]]
    second = _propose(office, _loop(office, "ravi"), options=10)
    assert second["options"]
    for option in second["options"]:
        for session in option["sessions"]:
            start, end = _at(session["start"]), _at(session["end"])
            for who, busy_start, busy_end in taken:
                if who == session["interviewer_id"]:
                    assert end + timedelta(minutes=15) <= busy_start or busy_end + timedelta(minutes=15) <= start


def test_calendar_import_blocks_time_and_a_bad_file_keeps_the_old_blocks(office: Office) -> None:
    ana, path = office.staff["ana"], f"/api/v1/users/{office.ids['ana']}/busy"
    day = NEXT_MONDAY.strftime("%Y%m%d")
    calendar = (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:x@test\r\n"
                f"DTSTAMP:20260101T000000Z\r\nDTSTART:{day}T000000Z\r\nDTEND:{day}T235900Z\r\nRRULE:FREQ=DAILY;COUNT=5\r\n"
                f"SUMMARY:Offsite\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()  # fmt: skip
    response = ana.post(path, files={"file": ("work.ics", calendar, "text/calendar")})
    assert response.status_code == 200, response.text
    assert response.json()["imported"] >= 1
    for junk in (b"", b"not a calendar at all", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"):
        refused = ana.post(path, files={"file": ("junk.ics", junk, "text/calendar")})
        assert refused.status_code in (413, 422), refused.text
        assert refused.json()["detail"]
    loop = _loop(office, "priya")
    body = {"first_day": str(NEXT_MONDAY), "last_day": str(NEXT_MONDAY + timedelta(days=4)),
            "interviewers": {module["module"]: [office.ids["ana"]] for module in loop["plan"]["modules"]},
            "distinct_interviewers": False}  # fmt: skip
    proposal = office.manager.post(f"/api/v1/loops/{loop['id']}/proposals", json=body).json()
    assert proposal["options"] == []
    assert any("busy blocks" in reason for reason in proposal["reasons"])


def test_nothing_fits_explains_why_on_both_sides(office: Office) -> None:
    office.staff["ana"].put(f"/api/v1/users/{office.ids['ana']}/hours", json={"weekly": {"sat": ["09:00-10:00"]}})
    loop = _loop(office, "priya")
    body = {"first_day": str(NEXT_MONDAY), "last_day": str(NEXT_MONDAY + timedelta(days=4)),
            "interviewers": {module["module"]: [office.ids["ana"]] for module in loop["plan"]["modules"]}}  # fmt: skip
    proposal = office.manager.post(f"/api/v1/loops/{loop['id']}/proposals", json=body).json()
    assert proposal["options"] == [] and proposal["reasons"]
    page = office.manager.get(f"/loops/{loop['id']}/schedule")
    assert "No schedule fits" in page.text
    assert office.anonymous.get(proposal["link"]).text.count("No times are available") == 1


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"first_day": "2020-01-06", "last_day": "2020-01-10"}, "in the past"),
        ({"first_day": str(NEXT_MONDAY), "last_day": str(NEXT_MONDAY - timedelta(days=2))}, "before the first"),
        ({"first_day": str(NEXT_MONDAY), "last_day": "9999-12-31"}, "longer than 9 weeks"),
        (
            {"first_day": str(NEXT_MONDAY), "last_day": str(NEXT_MONDAY), "interviewers": {"juggling": [1]}},
            "no 'juggling'",
        ),
    ],
)
def test_bad_proposal_requests_are_refused(office: Office, body: dict[str, Any], words: str) -> None:
    loop = _loop(office, "priya")
    response = office.manager.post(f"/api/v1/loops/{loop['id']}/proposals", json=body)
    assert response.status_code == 422, response.text
    assert words in response.json()["detail"]
    assert office.staff["ana"].post(f"/api/v1/loops/{loop['id']}/proposals", json=body).status_code in (403, 404)


def test_links_that_are_forged_withdrawn_or_expired(office: Office) -> None:
    _everyone_sets_hours(office)
    proposal = _propose(office, _loop(office, "priya"))
    assert office.anonymous.get(proposal["link"] + "x").status_code == 404
    cancelled = office.manager.post(f"/api/v1/proposals/{proposal['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    gone = office.anonymous.get(proposal["link"])
    assert gone.status_code == 410 and "withdrawn" in gone.text and "Dashboard" not in gone.text
    expiring = _propose(office, _loop(office, "ravi"), valid_days=1)
    with transaction(office.manager.app.state.sessions) as session:  # type: ignore[attr-defined]
        row = session.get(ScheduleProposal, expiring["id"])
        assert row is not None
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    assert office.anonymous.get(expiring["link"]).status_code == 410


@pytest.fixture
def mailing_office(engine: Engine, database_url: str, smtp_server: tuple[Inbox, int]) -> Iterator[Office]:
    """The office with SMTP pointed at the local test server."""
    yield from _office(engine, database_url, smtp_host="127.0.0.1", smtp_port=smtp_server[1], smtp_starttls=False,
                       mail_from="vetml <hiring@example.test>")  # fmt: skip


def test_booking_mails_invites_in_each_zone_and_cancelling_mails_cancellations(
    mailing_office: Office, smtp_server: tuple[Inbox, int]
) -> None:
    office, (received, _port) = mailing_office, smtp_server
    _everyone_sets_hours(office)
    proposal = _propose(office, _loop(office, "priya"))
    office.anonymous.post(f"{proposal['link']}/book", data={"option": "0"})
    sessions = proposal["options"][0]["sessions"]
    to_priya = [message for rcpt, message in received.received if "priya@example.test" in rcpt]
    assert len(to_priya) == len(sessions)
    calendars = [calendar_part(message) for message in to_priya]
    assert {str(calendar["METHOD"]) for calendar in calendars} == {"REQUEST"}
    starts = sorted(calendar.walk("VEVENT")[0].decoded("DTSTART").astimezone(UTC) for calendar in calendars)
    assert starts == sorted(_at(session["start"]) for session in sessions)
    interviewer_mail = [message for rcpt, message in received.received if "priya@example.test" not in rcpt]
    assert interviewer_mail, "the interviewers get their invites too"
    uids = {str(calendar.walk("VEVENT")[0]["UID"]) for calendar in calendars}

    received.received.clear()
    moved = _propose(office, {"id": proposal["loop_id"]})
    office.anonymous.post(f"{moved['link']}/book", data={"option": "1"})
    updates = [calendar_part(message) for rcpt, message in received.received if "priya@example.test" in rcpt]
    assert {str(calendar.walk("VEVENT")[0]["UID"]) for calendar in updates} == uids
    assert {int(calendar.walk("VEVENT")[0]["SEQUENCE"]) for calendar in updates} == {1}
    assert office.manager.get(f"/api/v1/proposals/{proposal['id']}").json()["status"] == "replaced"
    assert office.anonymous.get(proposal["link"]).status_code == 410

    received.received.clear()
    office.manager.post(f"/api/v1/proposals/{moved['id']}/cancel")
    cancellations = [calendar_part(message) for rcpt, message in received.received if "priya@example.test" in rcpt]
    assert {str(calendar["METHOD"]) for calendar in cancellations} == {"CANCEL"}
    assert {str(calendar.walk("VEVENT")[0]["UID"]) for calendar in cancellations} == uids
    assert {int(calendar.walk("VEVENT")[0]["SEQUENCE"]) for calendar in cancellations} == {2}


def test_moving_an_interview_to_someone_else_cancels_it_for_the_first_interviewer(
    mailing_office: Office, smtp_server: tuple[Inbox, int]
) -> None:
    office, (received, _port) = mailing_office, smtp_server
    _everyone_sets_hours(office)
    loop = _loop(office, "priya")
    first = _propose(office, loop)
    office.anonymous.post(f"{first['link']}/book", data={"option": "0"})
    before = {session["module"]: session["interviewer_id"] for session in first["options"][0]["sessions"]}
    emails = {office.ids[name]: f"{name}@example.test" for name in PANEL}
    received.received.clear()
    others = {module: [user for user in emails if user != who] for module, who in before.items()}
    moved = _propose(office, loop, interviewers=others)
    office.anonymous.post(f"{moved['link']}/book", data={"option": "0"})
    for module, who in before.items():
        to_them = [calendar_part(message) for rcpt, message in received.received if emails[who] in rcpt]
        cancels = [calendar for calendar in to_them if str(calendar["METHOD"]) == "CANCEL"]
        assert any(module in str(calendar.walk("VEVENT")[0]["SUMMARY"]) for calendar in cancels), module
        assert all(int(calendar.walk("VEVENT")[0]["SEQUENCE"]) >= 1 for calendar in cancels)


def test_two_picks_of_the_same_hour_at_once_book_it_only_once(
    office: Office, engine: Engine, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks are PostgreSQL's; SQLite lets one writer in at a time")
    _everyone_sets_hours(office)
    first = _propose(office, _loop(office, "priya"))
    second = _propose(office, _loop(office, "ravi"))
    assert first["options"][0]["sessions"] == second["options"][0]["sessions"]  # the same people, the same hours
    sessions = session_factory(engine)
    holding, outcome = threading.Event(), {}

    def pick_first() -> None:
        with transaction(sessions) as session:
            service.book(session, proposal=_proposal(session, first["id"]), option=0)
            holding.set()
            time.sleep(1)  # the second pick arrives while this booking is still uncommitted

    def pick_second() -> None:
        holding.wait(timeout=30)
        try:
            with transaction(sessions) as session:
                service.book(session, proposal=_proposal(session, second["id"]), option=0)
            outcome["second"] = "booked"
        except Conflict as error:
            outcome["second"] = error.message

    threads = [threading.Thread(target=pick_first), threading.Thread(target=pick_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert "was booked or became busy at that time" in outcome["second"]
    assert office.manager.get(f"/api/v1/proposals/{second['id']}").json()["status"] == "open"


def _proposal(session: Any, proposal_id: int) -> ScheduleProposal:
    row = session.get(ScheduleProposal, proposal_id)
    assert row is not None
    return row


@pytest.fixture
def throttled_office(engine: Engine, database_url: str) -> Iterator[Office]:
    """The office with two bookings a minute allowed per candidate link."""
    yield from _office(engine, database_url, rate_limit_submissions="2/minute")


def test_booking_is_rate_limited_per_link(throttled_office: Office) -> None:
    """Picks from one link beyond the limit get 429 with Retry-After; another candidate's link still books."""
    office = throttled_office
    _everyone_sets_hours(office)
    first = _propose(office, _loop(office, "priya"))
    picks = [office.anonymous.post(f"{first['link']}/book", data={"option": "0"}, follow_redirects=False)
             for _ in range(3)]  # fmt: skip
    assert [pick.status_code for pick in picks] == [303, 303, 429]
    assert int(picks[2].headers["Retry-After"]) >= 1 and "hand-ins or bookings from this link" in picks[2].text
    second = _propose(office, _loop(office, "ravi"))
    booked = office.anonymous.post(f"{second['link']}/book", data={"option": "0"}, follow_redirects=False)
    assert booked.status_code == 303 and "error" not in booked.headers["location"]
