"""The hiring pages through the test client: dashboard, a request's pipeline board and moves, a candidate's page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.conftest import REPOSITORY_BANK
from tests.factories import create_candidate, create_request, create_user, sign_in
from vetml.config import Settings
from vetml.db import create_db_engine, session_factory, transaction, upgrade
from vetml.hiring import service as hiring
from vetml.hiring.schemas import StageMove
from vetml.interviews import service as interviews
from vetml.interviews.debrief_schemas import Recommendation
from vetml.interviews.loop_schemas import InterviewCreate, ScorecardCreate
from vetml.interviews.views import local_time
from vetml.questions import service as questions
from vetml.web.app import create_app

HTML = {"Accept": "text/html,application/xhtml+xml"}
HTMX = {**HTML, "HX-Request": "true"}
CV = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class World:
    """The app on one seeded database, a client per person, and the ids the tests open."""

    clients: dict[str, TestClient]
    ids: dict[str, Any]
    times: dict[str, datetime]

    def move(self, who: str, candidate: str, stage: str, version: int, reason: str = "", **headers: str) -> Any:
        """Post the board's stage form for a candidate, as the board's buttons do."""
        url = f"/requests/{self.ids['request']}/candidates/{self.ids[candidate]}/stage"
        form = {"stage": stage, "reason": reason, "version": str(version)}
        return self.clients[who].post(url, data=form, headers={**HTML, **headers}, follow_redirects=False)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """A request with candidates at several stages, a loop with a past, a future and a scored interview."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hiring-pages') / 'vetml.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    times = {"future": now + timedelta(days=2), "past": now - timedelta(days=1), "scored": now - timedelta(days=2)}
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=REPOSITORY_BANK)
        manager = create_user(session, role="hiring-manager", name="Maya Manager", time_zone="Europe/London")
        ana = create_user(session, role="interviewer", email="ana@example.test", name="Ana", time_zone="Asia/Kolkata")
        ben = create_user(session, role="interviewer", email="ben@example.test", name="Ben",
                          time_zone="America/New_York")  # fmt: skip
        create_user(session, role="interviewer", email="outsider@example.test", name="Olga Outsider")
        request = create_request(session, manager, title="ML engineer, ranking", must_have_skills=["Kubernetes"])
        closed = create_request(session, manager, title="Closed role", status="closed")
        ids: dict[str, Any] = {"request": request.id, "closed": closed.id}
        for key in ("jordan", "stale", "invalid", "plain"):
            ids[key] = create_candidate(session, request, name=f"{key.title()} Applicant").id
        details = {"time_zone": "Asia/Dubai", "phone": "+971 4 555 0100", "source": "referral",
                   "claimed_skills": ["kafka", "feature stores"]}  # fmt: skip
        noor = create_candidate(session, request, name="Noor Looped", stage="interviewing", **details)
        hiring.attach_cv(session, noor.id, content=CV, filename="noor-cv.pdf", actor=manager)
        loop = interviews.propose(session, candidate_id=noor.id, actor=manager,
                                  challenges_root=REPOSITORY_BANK / "challenges", seed="pages")  # fmt: skip
        modules = interviews.plan_of(loop).modules
        booked = {}
        for key, who, module in (("future", ana, modules[0]), ("past", ben, modules[1]), ("scored", ana, modules[2])):
            data = InterviewCreate(module=module.module, interviewer_id=who.id, scheduled_at=times[key])
            booked[key] = interviews.schedule(session, loop=loop, data=data, actor=manager)
        competency = interviews.plan_of(loop).competencies[0].value
        card = ScorecardCreate(ratings={competency: 3}, recommendation=Recommendation.YES)
        interviews.submit_scorecard(session, interview=booked["scored"], data=card, user=ana)
        mei = create_candidate(session, request, name="Mei Debrief", stage="debrief")
        mei_loop = interviews.propose(session, candidate_id=mei.id, actor=manager,
                                      challenges_root=REPOSITORY_BANK / "challenges", seed="pages-2")  # fmt: skip
        gone = create_candidate(session, request, name="Rex Rejected")
        hiring.move_stage(session, gone.id, data=StageMove(stage="rejected", reason="No Kubernetes at all.",
                                                             version=gone.version), actor=manager)  # fmt: skip
        ids.update(noor=noor.id, loop=loop.id, mei=mei.id, mei_loop=mei_loop.id, rex=gone.id,
                   modules=[module.module.value for module in modules[:3]])  # fmt: skip
    engine.dispose()
    app = create_app(Settings(database_url=url, bank_dir=REPOSITORY_BANK))
    clients: dict[str, TestClient] = {}
    with TestClient(app) as anonymous:
        clients["anonymous"] = anonymous
        for who, email in (("manager", "hiring-manager@example.test"), ("ana", "ana@example.test"),
                           ("ben", "ben@example.test"), ("outsider", "outsider@example.test")):  # fmt: skip
            clients[who] = TestClient(app)
            sign_in(clients[who], email)
        yield World(clients, ids, times)
        for client in clients.values():
            client.close()
    app.state.engine.dispose()


def column_of(html: str, name: str) -> str | None:
    """The stage column whose cards include ``name``, as the board renders it."""
    for stage, cards in re.findall(r'<ul class="cards" data-stage="([a-z-]+)">(.*?)</ul>', html, re.DOTALL):
        if f">{name}</a>" in cards:
            return str(stage)
    return None


def version_of(html: str, candidate_id: int) -> int:
    """The version the board's forms carry for a candidate."""
    card = html.split(f'id="candidate-{candidate_id}"', 1)[1]
    return int(re.search(r'name="version" value="(\d+)"', card).group(1))  # type: ignore[union-attr]


def test_the_dashboard_shows_a_manager_the_open_requests_and_the_debriefs(world: World) -> None:
    page = world.clients["manager"].get("/dashboard", headers=HTML)
    assert page.status_code == 200
    nav = page.text.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert nav.index('href="/dashboard"') < nav.index('href="/bank"'), "the dashboard comes first in the nav"
    assert f'href="/requests/{world.ids["request"]}"' in page.text
    assert "Closed role" not in page.text, "filled and closed requests are not open"
    row = page.text.split(f'<a href="/requests/{world.ids["request"]}">', 1)[1].split("</tr>", 1)[0]
    counts = [int(value) for value in re.findall(r'<td class="num[^"]*">(\d+)</td>', row)]
    # applied, screening, interviewing, debrief, offer, hired, out; other tests move applicants to screening
    assert counts[0] + counts[1] == 4 and counts[2:] == [1, 1, 0, 0, 1], counts
    assert "Candidates at the debrief" in page.text
    assert f'href="/loops/{world.ids["mei_loop"]}/debrief"' in page.text
    assert "My upcoming interviews" not in page.text


def test_the_dashboard_shows_an_interviewer_their_interviews_in_their_own_zone(world: World) -> None:
    ana = world.clients["ana"].get("/dashboard", headers=HTML).text
    assert "My upcoming interviews" in ana and "Noor Looped" in ana
    assert local_time(world.times["future"], "Asia/Kolkata") in ana
    assert "Scorecards to write" not in ana, "her past interview is scored"
    assert "Candidates at the debrief" not in ana
    row = ana.split(f'<a href="/requests/{world.ids["request"]}">', 1)[1].split("</tr>", 1)[0]
    counts = [int(value) for value in re.findall(r'<td class="num[^"]*">(\d+)</td>', row)]
    assert counts == [0, 0, 1, 0, 0, 0, 0], "an interviewer counts only the candidates they interview"
    ben = world.clients["ben"].get("/dashboard", headers=HTML).text
    due = ben.split("Scorecards to write", 1)[1].split("</ul>", 1)[0]
    assert "Noor Looped" in due and local_time(world.times["past"], "America/New_York") in due
    assert "My upcoming interviews" not in ben
    outsider = world.clients["outsider"].get("/dashboard", headers=HTML).text
    assert "Nothing waits on you" in outsider and "ML engineer, ranking" not in outsider


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    for path in ("/dashboard", f"/requests/{world.ids['request']}", f"/candidates/{world.ids['noor']}"):
        response = world.clients["anonymous"].get(path, headers=HTML, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
    home = world.clients["anonymous"].get("/", headers=HTML).text
    assert 'href="/dashboard"' not in home


def test_the_request_page_shows_the_role_and_a_column_per_stage(world: World) -> None:
    page = world.clients["manager"].get(f"/requests/{world.ids['request']}", headers=HTML)
    assert page.status_code == 200
    text = page.text
    for fact in ("ML engineer, ranking", "Kubernetes", "Europe/Berlin", "remote", "EUR 90,000\u2013120,000 a year"):
        assert fact in text, fact
    stages = re.findall(r'<ul class="cards" data-stage="([a-z-]+)">', text)
    assert stages == ["applied", "screening", "interviewing", "debrief", "offer", "hired"]
    assert column_of(text, "Noor Looped") == "interviewing"
    exits = text.split("Rejected or withdrawn (1)", 1)[1]
    assert "Rex Rejected" in exits and column_of(text, "Rex Rejected") is None
    assert "Move to screening" in text and "Move to debrief" in text and 'value="rejected"' in text


def test_interviewers_read_the_board_of_their_candidates_without_buttons(world: World) -> None:
    page = world.clients["ana"].get(f"/requests/{world.ids['request']}", headers=HTML).text
    assert column_of(page, "Noor Looped") == "interviewing"
    assert "Jordan Applicant" not in page and '<form class="move"' not in page
    hidden = world.clients["outsider"].get(f"/requests/{world.ids['request']}", headers=HTML)
    assert hidden.status_code == 404 and "Not found" in hidden.text
    refused = world.move("ana", "noor", "debrief", 1)
    assert refused.status_code == 403


def test_moving_a_card_with_htmx_swaps_the_board_and_logs_the_move(world: World) -> None:
    board = world.clients["manager"].get(f"/requests/{world.ids['request']}", headers=HTML).text
    version = version_of(board, world.ids["jordan"])
    fragment = world.move("manager", "jordan", "screening", version, **{"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and 'id="board"' in fragment.text
    assert column_of(fragment.text, "Jordan Applicant") == "screening"
    assert "Moved Jordan Applicant to screening." in fragment.text
    events = world.clients["manager"].get(f"/api/v1/candidates/{world.ids['jordan']}/events").json()
    assert events[-1]["action"] == "stage" and events[-1]["data"] == {"from": "applied", "to": "screening"}


def test_a_plain_form_post_redirects_back_to_the_board(world: World) -> None:
    client = world.clients["manager"]
    board = client.get(f"/requests/{world.ids['request']}", headers=HTML).text
    url = f"/requests/{world.ids['request']}/candidates/{world.ids['plain']}/stage"
    csrf = client.headers["X-CSRF-Token"]
    form = {"stage": "screening", "version": str(version_of(board, world.ids["plain"])), "csrf_token": csrf}
    without_header = TestClient(client.app, cookies=client.cookies)  # the browser's way: the token in the form
    response = without_header.post(url, data=form, headers=HTML, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/requests/{world.ids['request']}"
    assert column_of(client.get(response.headers["location"], headers=HTML).text, "Plain Applicant") == "screening"
    forged = without_header.post(url, data={**form, "csrf_token": "forged"}, headers=HTML, follow_redirects=False)
    assert forged.status_code == 403
    without_header.close()


def test_a_stale_version_shows_the_error_on_the_board_and_keeps_the_reason(world: World) -> None:
    board = world.clients["manager"].get(f"/requests/{world.ids['request']}", headers=HTML).text
    loaded = version_of(board, world.ids["stale"])
    assert world.move("manager", "stale", "screening", loaded).status_code == 303  # someone else, in another tab
    reason = "Salary expectations far above the budget."
    for headers in ({}, {"HX-Request": "true"}):
        refused = world.move("manager", "stale", "rejected", loaded, reason=reason, **headers)
        assert refused.status_code == 409
        assert "changed since you loaded it" in refused.text and 'role="alert"' in refused.text
        assert "The board below is up to date" in refused.text
        assert column_of(refused.text, "Stale Applicant") == "screening", "the board shows where the card is now"
        card = refused.text.split(f'id="candidate-{world.ids["stale"]}"', 1)[1].split("</li>", 1)[0]
        assert f">{reason}</textarea>" in card and '<details class="exit" open>' in card
        assert version_of(refused.text, world.ids["stale"]) == loaded + 1, "the form now carries the current version"
        assert ("<html" in refused.text) is not bool(headers)


def test_an_invalid_move_says_why_and_changes_nothing(world: World) -> None:
    board = world.clients["manager"].get(f"/requests/{world.ids['request']}", headers=HTML).text
    version = version_of(board, world.ids["invalid"])
    no_reason = world.move("manager", "invalid", "rejected", version, **{"HX-Request": "true"})
    assert no_reason.status_code == 422 and "needs a reason" in no_reason.text
    skipped = world.move("manager", "invalid", "offer", version)
    assert skipped.status_code == 409 and "cannot move from applied to offer" in skipped.text
    unknown = world.move("manager", "invalid", "promoted", version, reason="typed with care")
    assert unknown.status_code == 422 and "could not be read" in unknown.text and "typed with care" in unknown.text
    too_long = world.move("manager", "invalid", "rejected", version, reason="x" * 2001)
    assert too_long.status_code == 422 and "x" * 2001 in too_long.text
    assert column_of(skipped.text, "Invalid Applicant") == "applied"
    elsewhere = world.clients["manager"].post(
        f"/requests/{world.ids['closed']}/candidates/{world.ids['invalid']}/stage",
        data={"stage": "screening", "version": str(version)}, headers=HTML,
    )  # fmt: skip
    assert elsewhere.status_code == 404


def test_the_candidate_page_shows_details_cv_loop_and_timeline(world: World) -> None:
    page = world.clients["manager"].get(f"/candidates/{world.ids['noor']}", headers=HTML)
    assert page.status_code == 200
    text = page.text
    for fact in ("Noor Looped", "+971 4 555 0100", "Asia/Dubai", "referral", "kafka", "feature stores"):
        assert fact in text, fact
    assert f'href="/api/v1/candidates/{world.ids["noor"]}/cv"' in text and "noor-cv.pdf" in text
    loop = text.split("Interview loop", 1)[1].split("</table>", 1)[0]
    assert all(module in loop for module in world.ids["modules"])
    assert "Ana" in loop and "Ben" in loop
    assert local_time(world.times["future"], "Europe/London") in loop, "times are in the viewer's zone"
    assert loop.count(">submitted<") == 1 and loop.count(">not yet<") == 2
    assert f'href="/loops/{world.ids["loop"]}/debrief"' in text
    timeline = text.split("Timeline", 1)[1]
    assert "Added as a candidate" in timeline and "CV uploaded: noor-cv.pdf" in timeline
    assert "Moved from screening to interviewing" in timeline and "Maya Manager" in timeline
    rex = world.clients["manager"].get(f"/candidates/{world.ids['rex']}", headers=HTML).text
    assert "Moved from applied to rejected" in rex and "Reason: No Kubernetes at all." in rex
    assert "No loop is planned" in rex and "none uploaded" in rex


def test_interviewers_open_only_the_candidates_they_interview(world: World) -> None:
    own = world.clients["ana"].get(f"/candidates/{world.ids['noor']}", headers=HTML)
    assert own.status_code == 200
    assert local_time(world.times["future"], "Asia/Kolkata") in own.text
    other = world.clients["ana"].get(f"/candidates/{world.ids['jordan']}", headers=HTML)
    assert other.status_code == 404 and "Not found" in other.text and "Jordan" not in other.text


def test_the_board_on_each_database(engine: Engine, database_url: str, bank_dir: Path) -> None:
    """Stage counts and moves on SQLite and PostgreSQL, without loops."""
    with transaction(session_factory(engine)) as session:
        manager = create_user(session, role="hiring-manager")
        request = create_request(session, manager)
        first = create_candidate(session, request, name="First Person")
        create_candidate(session, request, name="Second Person", stage="offer")
    app = create_app(Settings(database_url=database_url, bank_dir=bank_dir))
    with TestClient(app) as client:
        sign_in(client, "hiring-manager@example.test")
        counts = client.get("/dashboard", headers=HTML).text.split("Senior ML engineer, ranking", 1)[1]
        assert [int(n) for n in re.findall(r'<td class="num[^"]*">(\d+)</td>', counts.split("</tr>")[0])] == [
            1, 0, 0, 0, 1, 0, 0
        ]  # fmt: skip
        url = f"/requests/{request.id}/candidates/{first.id}/stage"
        moved = client.post(url, data={"stage": "screening", "version": "1"}, headers=HTMX)
        assert moved.status_code == 200 and column_of(moved.text, "First Person") == "screening"
        again = client.post(url, data={"stage": "interviewing", "version": "1"}, headers=HTMX)
        assert again.status_code == 409 and column_of(again.text, "First Person") == "screening"
    app.state.engine.dispose()
