"""Routes of online assessments: staff send, read and revoke them; candidates answer through their link.

The candidate routes take no sign-in: the signed token in the path is the only credential, so their
responses are never cached and never leak the link through a Referer header.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from vetml.config import Settings
from vetml.db import transaction
from vetml.interviews import assessments as service
from vetml.interviews.assessment_schemas import (
    AnswerSave,
    AnswerSaved,
    AssessmentCreate,
    AssessmentCreated,
    AssessmentSummary,
    AssessmentView,
    CandidateAssessment,
    ExampleRun,
    ExamplesRun,
    WrittenInterviewCreate,
)
from vetml.judge.schemas import Verdict
from vetml.web import judging
from vetml.web.auth import ManagerUser
from vetml.web.deps import SessionDep, SettingsDep
from vetml.web.pagination import Page, PageDep, paginate
from vetml.web.ratelimit import per_link

staff_router = APIRouter(tags=["assessments"])
candidate_router = APIRouter(tags=["assessments (candidate)"])
Token = Annotated[str, Path(max_length=500, description="The signed token of the candidate's link.")]


def _private(response: Response) -> None:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"


@staff_router.post("/candidates/{candidate_id}/assessments", status_code=HTTPStatus.CREATED,
                   summary="Send an online assessment")  # fmt: skip
def create_assessment(
    session: SessionDep, settings: SettingsDep, user: ManagerUser, candidate_id: int, data: AssessmentCreate
) -> AssessmentCreated:
    """Creates the assessment and returns the candidate's link (shown only in this response)."""
    row = service.create(session, candidate_id=candidate_id, data=data, bank_root=settings.bank_dir / "challenges",
                         actor=user)  # fmt: skip
    view = service.staff_view(session, row)
    return AssessmentCreated(**view.model_dump(), link=f"/assess/{service.link_token(settings, row)}")


@staff_router.post("/candidates/{candidate_id}/written-interviews", status_code=HTTPStatus.CREATED,
                   summary="Send a written interview")  # fmt: skip
def create_written_interview(
    session: SessionDep, settings: SettingsDep, user: ManagerUser, candidate_id: int, data: WrittenInterviewCreate
) -> AssessmentCreated:
    """Creates a written interview (an assessment of kind ``written``) and returns its link, shown only here."""
    row = service.create_written(session, candidate_id=candidate_id, data=data,
                                 bank_root=settings.bank_dir / "challenges", actor=user)  # fmt: skip
    view = service.staff_view(session, row)
    return AssessmentCreated(**view.model_dump(), link=f"/assess/{service.link_token(settings, row)}")


@staff_router.get("/candidates/{candidate_id}/assessments", summary="A candidate's assessments")
def list_assessments(
    session: SessionDep, settings: SettingsDep, _user: ManagerUser, candidate_id: int, page: PageDep
) -> Page[AssessmentSummary]:
    """Newest first, without answers; written interviews whose window closed are handed in and graded first."""
    rows, total = paginate(session, service.for_candidate(session, candidate_id=candidate_id), page)
    settled = [service.close_if_due(session, row, bank_root=settings.bank_dir / "challenges") for row in rows]
    return Page(items=[service.summary(row) for row in settled], total=total, limit=page.limit, offset=page.offset)


@staff_router.get("/assessments/{assessment_id}", summary="An assessment with answers and results")
def get_assessment(
    session: SessionDep, settings: SettingsDep, _user: ManagerUser, assessment_id: int
) -> AssessmentView:
    """Every item with the candidate's answer, its grade or judge submission, and a written answer's
    communication signals; a written interview whose window closed is handed in and graded first."""
    row = service.close_if_due(session, service.get(session, assessment_id), bank_root=settings.bank_dir / "challenges")
    return service.staff_view(session, row)


@staff_router.post("/assessments/{assessment_id}/revoke", summary="Withdraw an assessment's link")
def revoke_assessment(session: SessionDep, user: ManagerUser, assessment_id: int) -> AssessmentView:
    """The link stops working at once; saved answers are kept."""
    return service.staff_view(session, service.revoke(session, assessment_id=assessment_id, actor=user))


@candidate_router.get("/assess/{token}", summary="Open an assessment (candidate)")
def open_assessment(
    session: SessionDep, settings: SettingsDep, token: Token, response: Response
) -> CandidateAssessment:
    """The prompts and the clock; the first open starts the clock."""
    _private(response)
    row = service.open_link(session, settings=settings, token=token)
    return service.candidate_view(session, row, bank_root=settings.bank_dir / "challenges")


@candidate_router.put("/assess/{token}/answers/{position}", summary="Autosave an answer (candidate)",
                      dependencies=[Depends(per_link("autosave"))])  # fmt: skip
def save_answer(
    session: SessionDep, settings: SettingsDep, token: Token, position: int, data: AnswerSave, response: Response
) -> AnswerSaved:
    """Replaces the saved text of one item (positions start at 1)."""
    _private(response)
    row = service.save_answer(session, settings=settings, token=token, position=position, text=data.text)
    assessment = service.get(session, row.assessment_id)
    return AnswerSaved(position=row.position, saved_at=row.saved_at,
                       remaining_seconds=service.remaining_seconds(assessment) or 0)  # fmt: skip


@candidate_router.post("/assess/{token}/submit", summary="Hand in an assessment (candidate)",
                       dependencies=[Depends(per_link("submissions"))])  # fmt: skip
def submit_assessment(
    session: SessionDep, settings: SettingsDep, token: Token, response: Response
) -> CandidateAssessment:
    """Hands in every saved answer for grading; the reply only confirms it arrived."""
    _private(response)
    row = service.submit(session, settings=settings, token=token, bank_root=settings.bank_dir / "challenges")
    return service.candidate_view(session, row, bank_root=settings.bank_dir / "challenges")


@candidate_router.post("/assess/{token}/examples/{position}", summary="Run a challenge's visible examples (candidate)",
                       dependencies=[Depends(per_link("example_runs"))])  # fmt: skip
async def run_examples(
    request: Request, settings: SettingsDep, token: Token, position: int, data: AnswerSave, response: Response
) -> ExamplesRun:
    """Runs the code sent (the editor's current text) on the examples shown in the statement, in the sandbox.

    Nothing is saved or scored, and no hidden test runs; one run per assessment every few seconds.
    The link is checked in a transaction of its own that ends before the wait for the sandbox begins.
    """
    _private(response)
    assessment_id, challenge_id = await run_in_threadpool(_challenge_to_try, request, settings, token, position)
    result = await judging.run_examples(request.app, assessment_id, challenge_id, data.text.encode("utf-8"))
    examples = [ExampleRun(name=test.name, verdict=test.verdict, message=test.message, time_ms=test.time_ms,
                           output=test.output) for test in result.tests if test.visible]  # fmt: skip
    passed = sum(example.verdict is Verdict.ACCEPTED for example in examples)
    return ExamplesRun(position=position, passed=passed, total=len(examples), examples=examples)


def _challenge_to_try(request: Request, settings: Settings, token: str, position: int) -> tuple[int, str]:
    with transaction(request.app.state.sessions) as session:
        assessment, challenge_id = service.challenge_to_try(session, settings=settings, token=token, position=position)
        return assessment.id, challenge_id
