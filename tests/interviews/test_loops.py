"""Interview loops through the API on the repository bank: plan, edit, schedule, ask, score, debrief, decide."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.conftest import REPOSITORY_BANK
from tests.factories import PASSWORD, create_user
from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.hiring.models import Candidate, HiringRequest
from vetml.questions import service as questions
from vetml.web.app import create_app

STRONG_ANSWER = (
    "I would ship it behind a canary: 5% of traffic for a day, watching p99 latency (budget 80 ms) and the error rate "
    "on dashboards with alerts in PagerDuty. If the canary's conversion drops by more than 1% we roll back "
    "automatically to the previous model version, which stays warm. The trade-off is slower rollout for less risk."
)


@dataclass
class Team:
    """Clients signed in as each member of a hiring team, and the candidate's id."""

    manager: TestClient
    ana: TestClient
    ben: TestClient
    ids: dict[str, int]


def _client(app: Any, email: str) -> TestClient:
    client = TestClient(app)
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


@pytest.fixture
def team(engine: Engine, database_url: str) -> Iterator[Team]:
    """A hiring manager, two interviewers in different zones, and a senior MLOps candidate in Kolkata."""
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=REPOSITORY_BANK)
        manager = create_user(session, role="hiring-manager", name="Maya Manager")
        ana = create_user(session, role="interviewer", email="ana@example.test", name="Ana", time_zone="Europe/Berlin")
        ben = create_user(session, role="interviewer", email="ben@example.test", name="Ben", time_zone="America/Denver")
        request = HiringRequest(
            title="Senior ML engineer, platform",
            level="senior",
            specialties=["mlops"],
            must_have_skills=["model monitoring"],
            hiring_manager_id=manager.id,
            status="open",
        )
        session.add(request)
        session.flush()
        candidate = Candidate(
            request_id=request.id,
            name="Chandra",
            email="chandra@example.test",
            time_zone="Asia/Kolkata",
            claimed_skills=["expert in feature stores"],
            stage="interviewing",
        )
        session.add(candidate)
        session.flush()
        ids = {"candidate": candidate.id, "ana": ana.id, "ben": ben.id}
    app = create_app(Settings(database_url=database_url, bank_dir=REPOSITORY_BANK))
    with TestClient(app):
        yield Team(
            _client(app, "hiring-manager@example.test"),
            _client(app, "ana@example.test"),
            _client(app, "ben@example.test"),
            ids,
        )
    app.state.engine.dispose()


def _loop(team: Team) -> dict[str, Any]:
    response = team.manager.post(f"/api/v1/candidates/{team.ids['candidate']}/loop", json={})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _schedule(team: Team, loop: dict[str, Any], module: str, who: str, at: str | None = None) -> dict[str, Any]:
    body = {"module": module, "interviewer_id": team.ids[who], "scheduled_at": at}
    response = team.manager.post(f"/api/v1/loops/{loop['id']}/interviews", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def test_the_proposed_loop_covers_the_role_and_digs_into_the_claimed_skill(team: Team) -> None:
    loop = _loop(team)
    plan = loop["plan"]
    modules = [module["module"] for module in plan["modules"]]
    assert {"ml-design", "system-design", "behavioral"} <= set(modules)
    assert "mlops" in plan["competencies"]
    assert plan["coverage"]["gaps"] == []
    owners = {row["competency"]: row["owner"] for row in plan["coverage"]["rows"]}
    assert all(owners[competency] in modules for competency in plan["competencies"])
    reasons = [item["reason"] for module in plan["modules"] for item in module["questions"] + module["challenges"]]
    assert any("claimed skill 'feature stores'" in reason for reason in reasons)
    again = team.manager.post(f"/api/v1/candidates/{team.ids['candidate']}/loop", json={})
    assert again.status_code == 409
    assert team.ana.post(f"/api/v1/candidates/{team.ids['candidate']}/loop", json={}).status_code == 403


def test_a_stale_edit_is_refused_and_the_first_edit_kept(team: Team) -> None:
    loop = _loop(team)
    first = dict(loop["plan"], modules=loop["plan"]["modules"][:-1])
    saved = team.manager.patch(f"/api/v1/loops/{loop['id']}", json={"plan": first, "version": loop["version"]})
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == loop["version"] + 1
    stale = team.manager.patch(f"/api/v1/loops/{loop['id']}", json={"plan": loop["plan"], "version": loop["version"]})
    assert stale.status_code == 409
    assert "Reload the loop" in stale.json()["hint"]
    kept = team.manager.get(f"/api/v1/loops/{loop['id']}").json()
    assert len(kept["plan"]["modules"]) == len(loop["plan"]["modules"]) - 1
    unknown = dict(kept["plan"])
    unknown["modules"][0]["questions"].append({"id": "no-such-question"})
    refused = team.manager.patch(f"/api/v1/loops/{loop['id']}", json={"plan": unknown, "version": kept["version"]})
    assert refused.status_code == 422
    assert "no-such-question" in refused.json()["detail"]


def test_times_are_stored_in_utc_and_shown_in_each_zone(team: Team) -> None:
    loop = _loop(team)
    interview = _schedule(team, loop, "ml-design", "ana", "2026-12-07T14:30:00+05:30")
    assert interview["scheduled_at"].startswith("2026-12-07T09:00:00")
    assert interview["local_times"]["candidate"] == "Mon 7 Dec 2026, 14:30 (Asia/Kolkata, UTC+05:30)"
    assert interview["local_times"]["interviewer"] == "Mon 7 Dec 2026, 10:00 (Europe/Berlin, UTC+01:00)"
    missing = team.manager.post(
        f"/api/v1/loops/{loop['id']}/interviews",
        json={"module": "ml-design", "interviewer_id": team.ids["ana"], "scheduled_at": "2026-12-07T09:00:00"},
    )
    assert missing.status_code == 422
    assert "timezone" in " ".join(missing.json()["errors"])


def test_interviewers_see_only_their_loops_and_record_only_their_interviews(team: Team) -> None:
    loop = _loop(team)
    design = _schedule(team, loop, "ml-design", "ana")
    assert team.ben.get(f"/api/v1/loops/{loop['id']}").status_code == 404
    assert team.ana.get(f"/api/v1/loops/{loop['id']}").status_code == 200
    _schedule(team, loop, "behavioral", "ben")
    question = design["planned_questions"][0]
    url = f"/api/v1/interviews/{design['id']}/questions/{question}"
    assert team.ben.put(url, json={"ticks": []}).status_code == 403
    mine = team.ben.get("/api/v1/interviews").json()
    assert [row["module"] for row in mine["items"]] == ["behavioral"] and mine["total"] == 1


def test_a_typed_answer_is_graded_next_to_the_interviewers_ticks(team: Team) -> None:
    loop = _loop(team)
    design = _schedule(team, loop, "ml-design", "ana")
    question = design["planned_questions"][0]
    url = f"/api/v1/interviews/{design['id']}/questions/{question}"
    rubric = team.manager.get(f"/api/v1/questions/{question}").json()["rubric"]
    wrong = team.ana.put(url, json={"ticks": ["covered"] * (len(rubric) + 1)})
    assert wrong.status_code == 422
    assert f"has {len(rubric)} rubric points" in wrong.json()["detail"]
    ticks = ["covered"] + ["missed"] * (len(rubric) - 1)
    recorded = team.ana.put(url, json={"ticks": ticks, "answer": STRONG_ANSWER})
    assert recorded.status_code == 200, recorded.text
    body = recorded.json()
    assert body["ticks"] == ticks and len(body["rubric"]) == len(rubric)
    assert 0 <= body["automatic_score"] <= 100 and body["automatic_band"] in (1, 2, 3, 4)
    assert body["grade"]["question_id"] == question
    assert any(signal["id"] == "rollback-recovery" for signal in body["grade"]["signals"])
    listed = team.manager.get(f"/api/v1/interviews/{design['id']}/questions").json()
    assert [row["automatic_score"] for row in listed] == [body["automatic_score"]]


def _scorecard(ratings: dict[str, int], recommendation: str, flags: list[str] | None = None) -> dict[str, Any]:
    evidence = {competency: f"Said something concrete about {competency}." for competency in ratings}
    return {"ratings": ratings, "evidence": evidence, "red_flags": flags or [], "recommendation": recommendation}


def test_scorecards_are_independent_then_debriefed_and_decided(team: Team) -> None:
    loop = _loop(team)
    design = _schedule(team, loop, "ml-design", "ana")
    behavioral = _schedule(team, loop, "behavioral", "ben")
    card = _scorecard({"ml-system-design": 4, "production-operations": 3}, "yes")
    assert team.ben.post(f"/api/v1/interviews/{design['id']}/scorecard", json=card).status_code in (403, 404)
    assert team.ana.post(f"/api/v1/interviews/{design['id']}/scorecard", json=card).status_code == 201
    assert team.ana.post(f"/api/v1/interviews/{design['id']}/scorecard", json=card).status_code == 409
    blind = team.ben.get(f"/api/v1/loops/{loop['id']}/scorecards")
    assert blind.status_code == 403
    assert "submit your own scorecard" in blind.json()["detail"]
    unknown = _scorecard({"juggling": 3}, "no")
    assert team.ben.post(f"/api/v1/interviews/{behavioral['id']}/scorecard", json=unknown).status_code == 422
    bad_flag = _scorecard({"production-operations": 1}, "no", ["sleepy"])
    assert team.ben.post(f"/api/v1/interviews/{behavioral['id']}/scorecard", json=bad_flag).status_code == 422
    second = _scorecard({"production-operations": 1, "communication": 2}, "strong-no", ["no-incident"])
    assert team.ben.post(f"/api/v1/interviews/{behavioral['id']}/scorecard", json=second).status_code == 201
    assert len(team.ben.get(f"/api/v1/loops/{loop['id']}/scorecards").json()) == 2
    debrief = team.manager.get(f"/api/v1/loops/{loop['id']}/debrief").json()
    operations = next(row for row in debrief["competencies"] if row["competency"] == "production-operations")
    assert operations["spread"] == 2 and operations["disagreement"] is not None
    assert debrief["recommendations"]["strong-no"] == 1
    assert debrief["suggestion"]["outcome"] == "no-hire"
    decision = {"outcome": "no-hire", "rationale": "Could not describe any production incident or its monitoring."}
    assert team.ana.post(f"/api/v1/loops/{loop['id']}/decision", json=decision).status_code == 403
    made = team.manager.post(f"/api/v1/loops/{loop['id']}/decision", json=decision)
    assert made.status_code == 201, made.text
    assert made.json()["debrief"]["suggestion"]["outcome"] == "no-hire"
    assert team.manager.post(f"/api/v1/loops/{loop['id']}/decision", json=decision).status_code == 409
