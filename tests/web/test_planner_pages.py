"""The hiring forms and the loop planner page through the test client: create a request, add a candidate with
a CV, plan the loop, swap a pick, book an interviewer and send a take-home assessment; bad input is refused
with the form kept as typed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import REPOSITORY_BANK
from tests.factories import create_user, sign_in
from tests.web.test_hiring_pages import CV, HTML
from vetml.config import Settings
from vetml.db import create_db_engine, session_factory, transaction, upgrade
from vetml.hiring.models import Candidate, CandidateFile, HiringRequest
from vetml.interviews import service as interviews
from vetml.interviews.models import Assessment, Interview, Loop
from vetml.questions import service as questions
from vetml.web.app import create_app


@dataclass
class Site:
    """The app on one database, a signed-in client per person and a way to read rows back."""

    clients: dict[str, TestClient]
    sessions: sessionmaker[Session]
    ids: dict[str, int]

    def form(self, who: str, url: str, data: dict[str, Any], **extra: Any) -> Any:
        """Post a form the way a browser does: the CSRF token as a field, no redirects followed."""
        client = self.clients[who]
        fields = {**data, "csrf_token": client.headers["X-CSRF-Token"]}
        return client.post(url, data=fields, headers=HTML, follow_redirects=False, **extra)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A manager and an interviewer on a database holding the repository's bank."""
    url = f"sqlite:///{tmp_path_factory.mktemp('planner-pages') / 'vetml.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        questions.sync(session, root=REPOSITORY_BANK)
        manager = create_user(session, role="hiring-manager", name="Maya Manager", time_zone="Asia/Kolkata")
        ana = create_user(session, role="interviewer", email="ana@example.test", name="Ana Interviewer")
        ids = {"manager": manager.id, "ana": ana.id}
    app = create_app(
        Settings(database_url=url, bank_dir=REPOSITORY_BANK, secret_key="planner-pages-secret-" + "x" * 32)
    )
    clients: dict[str, TestClient] = {}
    with TestClient(app) as manager_client, TestClient(app) as ana_client:
        sign_in(manager_client, "hiring-manager@example.test")
        sign_in(ana_client, "ana@example.test")
        clients.update(manager=manager_client, ana=ana_client)
        yield Site(clients, sessions, ids)
    engine.dispose()


REQUEST_FORM = {"title": "ML engineer, fraud", "level": "mid", "specialties": "mlops",
                "must_have_skills": "model monitoring, feature stores", "time_zones": "Europe/Berlin, Asia/Kolkata",
                "budget_min": "80000", "budget_max": "100000", "currency": "eur", "budget_period": "year",
                "remote": "on", "open_now": "on"}  # fmt: skip


def created_request(site: Site) -> int:
    """A request made through the form, opened for candidates."""
    response = site.form("manager", "/requests/new", REQUEST_FORM)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def added_candidate(site: Site, request_id: int, email: str, **files: Any) -> int:
    """A candidate added through the form; returns their id."""
    data = {"name": "Lee Candidate", "email": email, "time_zone": "Asia/Kolkata", "source": "referral",
            "claimed_skills": "pytorch, kafka"}  # fmt: skip
    response = site.form("manager", f"/requests/{request_id}/candidates/new", data, files=files or None)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].split("?")[0].rsplit("/", 1)[1])


def planned_loop(site: Site, candidate_id: int) -> int:
    response = site.form("manager", f"/candidates/{candidate_id}/loop/plan", {})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].split("/")[2])


def test_a_manager_creates_an_open_request_through_the_form(site: Site) -> None:
    request_id = created_request(site)
    with site.sessions() as session:
        row = session.get(HiringRequest, request_id)
        assert row is not None
        assert (row.status, row.level, row.currency, row.remote) == ("open", "mid", "EUR", True)
        assert row.must_have_skills == ["model monitoring", "feature stores"]
        assert row.time_zones == ["Europe/Berlin", "Asia/Kolkata"]
    page = site.clients["manager"].get(f"/requests/{request_id}", headers=HTML)
    assert 'href="/requests/' + str(request_id) + '/candidates/new"' in page.text
    assert "/requests/new" in site.clients["manager"].get("/dashboard", headers=HTML).text


def test_a_refused_request_form_comes_back_as_typed_and_saves_nothing(site: Site) -> None:
    with site.sessions() as session:
        before = len(session.scalars(select(HiringRequest)).all())
    bad = {**REQUEST_FORM, "title": "Unsaved role", "budget_min": "200000", "budget_max": "100000"}
    response = site.form("manager", "/requests/new", bad)
    assert response.status_code == 422
    assert "budget_min (200000) is above budget_max (100000)" in response.text
    assert 'value="Unsaved role"' in response.text and 'value="model monitoring, feature stores"' in response.text
    response = site.form("manager", "/requests/new", {**REQUEST_FORM, "level": "wizard"})
    assert response.status_code == 422 and "level" in response.text
    with site.sessions() as session:
        assert len(session.scalars(select(HiringRequest)).all()) == before


def test_a_draft_request_is_opened_from_its_page(site: Site) -> None:
    response = site.form("manager", "/requests/new", {**REQUEST_FORM, "open_now": ""})
    request_id = int(response.headers["location"].rsplit("/", 1)[1])
    page = site.clients["manager"].get(f"/requests/{request_id}", headers=HTML)
    assert "Open for candidates" in page.text and "/candidates/new" not in page.text
    assert site.form("manager", f"/requests/{request_id}/status", {"status": "open"}).status_code == 303
    with site.sessions() as session:
        row = session.get(HiringRequest, request_id)
        assert row is not None and row.status == "open"
    refused = site.form("manager", f"/requests/{request_id}/status", {"status": "sideways"})
    assert refused.status_code == 422 and "could not be read" in refused.text


def test_a_candidate_is_added_with_a_cv_and_a_bad_cv_keeps_the_candidate(site: Site) -> None:
    request_id = created_request(site)
    with_cv = added_candidate(site, request_id, "lee@example.test", cv=("lee.pdf", CV, "application/pdf"))
    page = site.clients["manager"].get(f"/candidates/{with_cv}", headers=HTML)
    assert "Download lee.pdf" in page.text and "pytorch" in page.text
    response = site.form("manager", f"/requests/{request_id}/candidates/new",
                         {"name": "Kim Candidate", "email": "kim@example.test", "time_zone": "UTC", "source": "x"},
                         files={"cv": ("kim.exe", b"MZ\x90\x00 not a cv", "application/octet-stream")})  # fmt: skip
    assert response.status_code == 303
    page = site.clients["manager"].get(response.headers["location"], headers=HTML)
    assert "The candidate was saved, but not the CV" in page.text
    with site.sessions() as session:
        kim = session.scalars(select(Candidate).where(Candidate.email == "kim@example.test")).one()
        assert session.scalars(select(CandidateFile).where(CandidateFile.candidate_id == kim.id)).first() is None


def test_a_refused_candidate_form_keeps_what_was_typed(site: Site) -> None:
    request_id = created_request(site)
    data = {"name": "Typo Zone", "email": "typo@example.test", "time_zone": "Mars/Olympus", "source": "direct",
            "claimed_skills": "rust"}  # fmt: skip
    response = site.form("manager", f"/requests/{request_id}/candidates/new", data)
    assert response.status_code == 422
    assert "Mars/Olympus" in response.text and 'value="Typo Zone"' in response.text
    with site.sessions() as session:
        assert session.scalars(select(Candidate).where(Candidate.email == "typo@example.test")).first() is None
    interviewer = site.clients["ana"].get(f"/requests/{request_id}/candidates/new", headers=HTML)
    assert interviewer.status_code == 403


def test_the_planner_shows_the_coverage_matrix_and_a_swap_replaces_a_pick(site: Site) -> None:
    candidate_id = added_candidate(site, created_request(site), "swap@example.test")
    loop_id = planned_loop(site, candidate_id)
    page = site.clients["manager"].get(f"/loops/{loop_id}/plan", headers=HTML)
    assert page.status_code == 200
    with site.sessions() as session:
        loop = session.get(Loop, loop_id)
        assert loop is not None
        plan, version = interviews.plan_of(loop), loop.version
    for row in plan.coverage.rows:
        assert f'<th scope="row">{row.competency.value}</th>' in page.text
    # Every form posts to this loop, with the version the page was built from.
    actions = set(re.findall(r'<form method="post" action="([^"]+)"', page.text))
    assert actions == {f"/loops/{loop_id}/plan/{name}" for name in ("swap", "interviews", "assessment")}
    assert set(re.findall(r'name="version" value="([^"]*)"', page.text)) == {str(version)}
    module = next(planned for planned in plan.modules if planned.questions)
    pick = module.questions[0].id
    choices = re.findall(rf'id="swap-question-{re.escape(pick)}" name="replacement_id">(.*?)</select>', page.text, re.S)
    replacement = re.findall(r'<option value="([^"]+)"', choices[0])[0]
    form = {"module": module.module.value, "kind": "question", "item_id": pick, "replacement_id": replacement,
            "version": str(version)}  # fmt: skip
    response = site.form("manager", f"/loops/{loop_id}/plan/swap", form)
    assert response.status_code == 303
    after = site.clients["manager"].get(response.headers["location"], headers=HTML)
    assert f"Swapped {pick} for {replacement}." in after.text
    with site.sessions() as session:
        loop = session.get(Loop, loop_id)
        assert loop is not None and loop.version == version + 1
        ids = [
            item.id for item in next(p for p in interviews.plan_of(loop).modules if p.module is module.module).questions
        ]
    assert replacement in ids and pick not in ids
    stale = site.form("manager", f"/loops/{loop_id}/plan/swap", form)  # the same form again, now out of date
    assert stale.status_code == 409 and "changed since you loaded it" in stale.text
    stranger = {**form, "item_id": replacement, "replacement_id": "no-such-question", "version": str(version + 1)}
    refused = site.form("manager", f"/loops/{loop_id}/plan/swap", stranger)
    assert refused.status_code == 422 and "cannot replace" in refused.text


def test_booking_reads_the_time_in_the_managers_zone_and_refuses_a_bad_one(site: Site) -> None:
    candidate_id = added_candidate(site, created_request(site), "book@example.test")
    loop_id = planned_loop(site, candidate_id)
    with site.sessions() as session:
        loop = session.get(Loop, loop_id)
        assert loop is not None
        module = interviews.plan_of(loop).modules[0].module.value
    form = {"module": module, "interviewer_id": str(site.ids["ana"]), "scheduled_at": "2031-03-14T15:30", "minutes": ""}
    response = site.form("manager", f"/loops/{loop_id}/plan/interviews", form)
    assert response.status_code == 303
    with site.sessions() as session:
        booked = session.scalars(select(Interview).where(Interview.loop_id == loop_id)).one()
        expected = datetime(2031, 3, 14, 15, 30, tzinfo=ZoneInfo("Asia/Kolkata")).astimezone(UTC)
        assert booked.scheduled_at.replace(tzinfo=UTC) == expected  # 10:00 UTC
        assert booked.interviewer_id == site.ids["ana"]
    page = site.clients["manager"].get(f"/loops/{loop_id}/plan", headers=HTML)
    assert "Ana Interviewer" in page.text
    bad = site.form("manager", f"/loops/{loop_id}/plan/interviews", {**form, "scheduled_at": "next tuesday"})
    assert bad.status_code == 422 and "is not a date and time" in bad.text and "next tuesday" in bad.text
    # The interviewer now on the loop sees the plan read-only and cannot edit it.
    read_only = site.clients["ana"].get(f"/loops/{loop_id}/plan", headers=HTML)
    assert (
        read_only.status_code == 200
        and "swap-form" not in read_only.text
        and "Book an interviewer" not in read_only.text
    )
    assert site.form("ana", f"/loops/{loop_id}/plan/interviews", form).status_code == 403


def test_an_assessment_is_sent_from_the_plan_and_its_link_opens_for_the_candidate(site: Site) -> None:
    candidate_id = added_candidate(site, created_request(site), "take-home@example.test")
    loop_id = planned_loop(site, candidate_id)
    with site.sessions() as session:
        loop = session.get(Loop, loop_id)
        assert loop is not None
        plan = interviews.plan_of(loop)
    challenge = next(item.id for planned in plan.modules for item in planned.challenges)
    question = next(item.id for planned in plan.modules for item in planned.questions)
    empty = site.form("manager", f"/loops/{loop_id}/plan/assessment", {"time_limit_minutes": "90", "valid_days": "7"})
    assert empty.status_code == 422 and "at least one question or challenge" in empty.text
    form = {"challenges": [challenge], "questions": [question], "time_limit_minutes": "60", "valid_days": "3"}
    response = site.form("manager", f"/loops/{loop_id}/plan/assessment", form)
    assert response.status_code == 201
    link = re.search(r'id="assessment-link" type="text" readonly value="([^"]+)"', response.text)
    assert link is not None
    with site.sessions() as session:
        row = session.scalars(select(Assessment).where(Assessment.candidate_id == candidate_id)).one()
        assert row.time_limit_minutes == 60
        assert {item.get("challenge_id") or item.get("question_id") for item in row.items} >= {challenge, question}
    path = link.group(1).split("://", 1)[1].split("/", 1)[1]
    candidate_page = TestClient(site.clients["manager"].app).get(f"/{path}", headers=HTML)
    assert candidate_page.status_code == 200 and "Start" in candidate_page.text
    # Shown once: reloading the plan does not show the link again.
    assert link.group(1) not in site.clients["manager"].get(f"/loops/{loop_id}/plan", headers=HTML).text
