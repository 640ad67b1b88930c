"""The scorecard form, the debrief page and the decision form through FastAPI's test client, on a real database."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import Engine

from tests.conftest import REPOSITORY_BANK
from tests.factories import PASSWORD, create_candidate, create_request, create_user
from vetml.config import Settings
from vetml.db import session_factory, transaction
from vetml.interviews import service as interviews
from vetml.interviews.competencies import Competency
from vetml.interviews.feedback import ADVICE, title
from vetml.interviews.loop_schemas import InterviewCreate
from vetml.questions import service as questions
from vetml.questions.schemas import Module
from vetml.web.app import create_app

HTML = {"Accept": "text/html,application/xhtml+xml"}
RATIONALE = "Clear production judgement; the one gap is covered by the on-call rota of the team."


@dataclass
class Loop:
    """Browsers signed in as the manager and two interviewers, and the ids of the loop and its interviews."""

    manager: TestClient
    ana: TestClient
    ben: TestClient
    ids: dict[str, Any]


@pytest.fixture
def loop(engine: Engine, database_url: str) -> Iterator[Loop]:
    """A proposed loop with an ml-design interview (Ana) and a behavioral one (Ben), nothing scored yet."""
    with transaction(session_factory(engine)) as session:
        questions.sync(session, root=REPOSITORY_BANK)
        manager = create_user(session, role="hiring-manager", name="Maya Manager")
        ana = create_user(session, role="interviewer", email="ana@example.test", name="Ana")
        ben = create_user(session, role="interviewer", email="ben@example.test", name="Ben")
        candidate = create_candidate(session, create_request(session, manager), name="Chandra", stage="interviewing")
        row = interviews.propose(session, candidate_id=candidate.id, actor=manager,
                                 challenges_root=REPOSITORY_BANK / "challenges", seed="pages")  # fmt: skip
        booked = {
            who.email: interviews.schedule(session, loop=row, actor=manager,
                                           data=InterviewCreate(module=module, interviewer_id=who.id)).id
            for module, who in ((Module.ML_DESIGN, ana), (Module.BEHAVIORAL, ben))
        }  # fmt: skip
        competencies = [competency.value for competency in interviews.plan_of(row).competencies]
        ids = {"loop": row.id, "ana": booked["ana@example.test"], "ben": booked["ben@example.test"],
               "competencies": competencies}  # fmt: skip
    app = create_app(Settings(database_url=database_url, bank_dir=REPOSITORY_BANK))
    with TestClient(app) as manager_client:
        manager = _signed_in(manager_client, "hiring-manager@example.test")
        yield Loop(manager, _signed_in(TestClient(app), "ana@example.test"),
                   _signed_in(TestClient(app), "ben@example.test"), ids)  # fmt: skip
    app.state.engine.dispose()


def _signed_in(client: TestClient, email: str) -> TestClient:
    """Sign in through the form, like a browser: a cookie, and the CSRF token only in the pages' forms."""
    response = client.post("/login", data={"email": email, "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303, response.text
    client.headers.update(HTML)
    return client


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the form has no CSRF token"
    return found.group(1)


def _score(client: TestClient, interview: int, form: dict[str, Any]) -> Any:
    page = client.get(f"/interviews/{interview}/scorecard")
    assert page.status_code == 200, page.text
    return client.post(f"/interviews/{interview}/scorecard", data={"csrf_token": _csrf(page.text), **form},
                       follow_redirects=False)  # fmt: skip


def test_the_interviewer_submits_the_form_and_then_reads_it_back(loop: Loop) -> None:
    first = loop.ids["competencies"][0]
    page = loop.ana.get(f"/interviews/{loop.ids['ana']}/scorecard")
    assert page.status_code == 200
    for label in ("strong no", "leaning no", "leaning yes", "strong yes", "Overall recommendation", "Red flags"):
        assert label in page.text
    assert all(f'for="evidence-{name}"' in page.text for name in loop.ids["competencies"])
    form = {f"rating-{first}": "4", f"evidence-{first}": "Sized the canary & rollback.", "recommendation": "yes"}
    sent = _score(loop.ana, loop.ids["ana"], form)
    assert sent.status_code == 303 and sent.headers["location"] == f"/loops/{loop.ids['loop']}/debrief"
    again = loop.ana.get(f"/interviews/{loop.ids['ana']}/scorecard")
    assert "Submitted scorecard" in again.text and "Sized the canary &amp; rollback." in again.text
    assert "Submit scorecard" not in again.text
    twice = loop.ana.post(f"/interviews/{loop.ids['ana']}/scorecard", data={"csrf_token": _csrf(page.text), **form})
    assert twice.status_code == 409 and "already has your scorecard" in twice.text


def test_a_refused_scorecard_comes_back_with_everything_typed(loop: Loop) -> None:
    first, second = loop.ids["competencies"][:2]
    typed = {f"rating-{first}": "3", f"evidence-{first}": "Kept the old model warm.", "red_flags": "no-monitoring"}
    missing = _score(loop.ana, loop.ids["ana"], typed)
    assert missing.status_code == 422
    assert "Overall recommendation: choose one of the options." in missing.text
    assert "Kept the old model warm." in missing.text
    assert re.search(rf'name="rating-{first}" value="3"\s+checked', missing.text)
    assert re.search(r'value="no-monitoring"\s+checked', missing.text)
    unrated = {**typed, f"evidence-{second}": "Talked about it briefly.", "recommendation": "no"}
    refused = _score(loop.ana, loop.ids["ana"], unrated)
    assert refused.status_code == 422
    assert f"evidence given for unrated competencies: {second}" in refused.text
    assert "Talked about it briefly." in refused.text
    assert re.search(r'value="no"\s+required\s+checked', refused.text)


def test_the_debrief_waits_for_the_interviewers_own_scorecard(loop: Loop) -> None:
    locked = loop.ben.get(f"/loops/{loop.ids['loop']}/debrief")
    assert locked.status_code == 403
    assert "Submit your own scorecard before reading the others" in locked.text
    assert f"/interviews/{loop.ids['ben']}/scorecard" in locked.text
    assert loop.ben.get(f"/loops/{loop.ids['loop']}/debrief/radar.png").status_code == 403
    assert loop.manager.get(f"/interviews/{loop.ids['ben']}/scorecard").text.count("has not submitted") == 1


def test_the_manager_reads_the_flags_and_records_the_decision(loop: Loop) -> None:
    first = loop.ids["competencies"][0]
    _score(loop.ana, loop.ids["ana"], {f"rating-{first}": "4", f"evidence-{first}": "Strong.", "recommendation": "yes"})
    _score(loop.ben, loop.ids["ben"], {f"rating-{first}": "1", "red_flags": "no-monitoring", "recommendation": "no"})
    url = f"/loops/{loop.ids['loop']}/debrief"
    page = loop.manager.get(url)
    assert page.status_code == 200
    assert f"Disagreement on {first}:" in page.text and "3 points apart" in page.text
    assert "Krippendorff's alpha" in page.text and "Suggested outcome: Discuss" in page.text
    assert "raised by Ben (behavioral)" in page.text and "Strong." in page.text
    radar = loop.manager.get(f"{url}/radar.png")
    assert radar.headers["content-type"] == "image/png" and radar.content.startswith(b"\x89PNG")
    decide = f"/loops/{loop.ids['loop']}/decision"
    short = loop.manager.post(
        decide, data={"csrf_token": _csrf(page.text), "outcome": "hire", "rationale": "Too short."}
    )
    assert short.status_code == 422 and "at least 20 characters" in short.text and "Too short." in short.text
    chosen = {"csrf_token": _csrf(page.text), "outcome": "no-hire", "rationale": RATIONALE}
    decided = loop.manager.post(decide, data=chosen, follow_redirects=False)
    assert decided.status_code == 303
    shown = loop.manager.get(url)
    assert "Decision: No hire" in shown.text and RATIONALE in shown.text and "Record decision" not in shown.text
    interviewer_view = loop.ana.get(url)
    assert interviewer_view.status_code == 200 and "Record the decision" not in interviewer_view.text


def test_forms_without_the_csrf_token_are_refused(loop: Loop) -> None:
    first = loop.ids["competencies"][0]
    form = {f"rating-{first}": "4", "recommendation": "yes"}
    assert loop.ana.post(f"/interviews/{loop.ids['ana']}/scorecard", data=form).status_code == 403
    decision = {"outcome": "hire", "rationale": RATIONALE}
    assert loop.manager.post(f"/loops/{loop.ids['loop']}/decision", data=decision).status_code == 403


def _scored_and_decided(loop: Loop) -> tuple[str, str]:
    """Ana rates the first competency 4 and the second 2, Ben the first 3 with a red flag; the manager hires."""
    first, second = loop.ids["competencies"][:2]
    _score(loop.ana, loop.ids["ana"], {f"rating-{first}": "4", f"evidence-{first}": "Sized the canary & rollback.",
                                       f"rating-{second}": "2", f"evidence-{second}": "Vague on backfills.",
                                       "recommendation": "yes"})  # fmt: skip
    _score(loop.ben, loop.ids["ben"], {f"rating-{first}": "3", "red_flags": "no-monitoring", "recommendation": "yes"})
    page = loop.manager.get(f"/loops/{loop.ids['loop']}/debrief")
    chosen = {"csrf_token": _csrf(page.text), "outcome": "hire", "rationale": RATIONALE}
    assert loop.manager.post(f"/loops/{loop.ids['loop']}/decision", data=chosen, follow_redirects=False).is_redirect
    return first, second


def _pdf_text(content: bytes) -> tuple[str, str]:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(page.extract_text() for page in reader.pages).replace("\n", " "), str(reader.metadata.title)


def test_the_report_holds_the_loop_evidence_and_decision_and_prints_to_pdf(loop: Loop) -> None:
    first, _second = _scored_and_decided(loop)
    debrief = loop.manager.get(f"/loops/{loop.ids['loop']}/debrief").text
    assert f'href="/loops/{loop.ids["loop"]}/report.pdf"' in debrief
    page = loop.manager.get(f"/loops/{loop.ids['loop']}/report")
    assert page.status_code == 200
    for shown in ("Chandra", RATIONALE, "Sized the canary &amp; rollback.", "No monitoring", first, "Ana", "Ben"):
        assert shown in page.text, shown
    assert 'src="data:image/png;base64,' in page.text  # the chart travels inside the page
    assert "/static/" not in page.text and "<script" not in page.text  # nothing for the PDF printer to fetch
    pdf = loop.manager.get(f"/loops/{loop.ids['loop']}/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == 'attachment; filename="chandra-report.pdf"'
    text, pdf_title = _pdf_text(pdf.content)
    assert pdf_title == "Candidate report: Chandra"
    assert "Sized the canary & rollback." in text and RATIONALE[:40] in text and "No monitoring" in text


def test_the_feedback_summary_tells_the_candidate_nothing_confidential(loop: Loop) -> None:
    first, second = _scored_and_decided(loop)
    page = loop.manager.get(f"/loops/{loop.ids['loop']}/feedback")
    assert page.status_code == 200
    pdf = loop.manager.get(f"/loops/{loop.ids['loop']}/feedback.pdf")
    assert pdf.headers["content-disposition"] == 'attachment; filename="chandra-feedback.pdf"'
    text, _title = _pdf_text(pdf.content)
    for shown in (page.text, text):
        assert "Dear Chandra," in shown
        assert title(first) in shown.split("Where you did well")[1].split("What to work on")[0]  # mean 3.5
        assert ADVICE[Competency(second)][:60] in shown.replace("\n", " ")  # mean 2
        for secret in (RATIONALE[:30], "Sized the canary", "Vague on backfills", "No monitoring", "Hire", "3.5"):
            assert secret not in shown, secret
        assert not re.search(r"\b(?:Ana|Ben|Maya)\b", shown)


def test_only_managers_get_reports(loop: Loop) -> None:
    _scored_and_decided(loop)
    for path in ("report", "report.pdf", "feedback", "feedback.pdf"):
        assert loop.ana.get(f"/loops/{loop.ids['loop']}/{path}").status_code == 403, path
        assert loop.manager.get(f"/loops/{loop.ids['loop'] + 999}/{path}").status_code == 404, path
