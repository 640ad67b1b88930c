"""JSON API of interview loops: plan, schedule, ask, score, debrief and decide. Thin: the service decides."""

from __future__ import annotations

from datetime import UTC, datetime
from http import HTTPStatus
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.interviews import service
from vetml.interviews.debrief_schemas import Debrief
from vetml.interviews.loop_schemas import (
    AskedQuestionInput,
    AskedQuestionView,
    DecisionCreate,
    DecisionView,
    InterviewCreate,
    InterviewStatus,
    InterviewUpdate,
    InterviewView,
    LoopCreate,
    LoopUpdate,
    LoopView,
    Person,
    ScorecardCreate,
    ScorecardView,
)
from vetml.interviews.models import AskedQuestion, Decision, Interview, Scorecard
from vetml.questions import service as questions
from vetml.questions.schemas import Module
from vetml.web.auth import ManagerUser, StaffUser
from vetml.web.deps import SessionDep, SettingsDep
from vetml.web.pagination import Page, PageDep

router = APIRouter(tags=["interview loops"])
QuestionId = Annotated[str, Path(max_length=80, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


def person(user: User) -> Person:
    """A participant as shown next to times and scorecards."""
    return Person(id=user.id, name=user.name, time_zone=user.time_zone)


def local_time(moment: datetime | None, zone: str) -> str:
    """A UTC time as someone in ``zone`` reads it, e.g. 'Mon 7 Dec 2026, 14:30 (Asia/Kolkata, UTC+05:30)'."""
    if moment is None:
        return "not scheduled"
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(ZoneInfo(zone))
    offset = local.strftime("%z")
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} ({zone}, UTC{offset[:3]}:{offset[3:]})"


def interview_view(session: Session, interview: Interview) -> InterviewView:
    """An interview with its time in UTC and in each participant's zone, and the questions planned for it."""
    candidate = interview.loop.candidate
    planned = next((m for m in service.plan_of(interview.loop).modules if m.module == interview.module), None)
    start = interview.scheduled_at.replace(tzinfo=UTC) if interview.scheduled_at else None
    return InterviewView(
        id=interview.id,
        loop_id=interview.loop_id,
        candidate_id=candidate.id,
        module=Module(interview.module),
        interviewer=person(interview.interviewer),
        scheduled_at=start,
        minutes=interview.minutes,
        local_times={
            "interviewer": local_time(start, interview.interviewer.time_zone),
            "candidate": local_time(start, candidate.time_zone),
        },
        status=InterviewStatus(interview.status),
        notes=interview.notes,
        planned_questions=[item.id for item in planned.questions] if planned else [],
        has_scorecard=service.has_scorecard(session, interview),
    )


def asked_view(session: Session, asked: AskedQuestion) -> AskedQuestionView:
    """A recorded question with the interviewer's ticks and the automatic grade side by side."""
    detail = questions.get_version(session, asked.version_id)
    grade = asked.grade or {}
    return AskedQuestionView(
        question_id=asked.question_id,
        version=detail.version,
        rubric=[point.point for point in detail.rubric],
        ticks=asked.ticks,
        answer=asked.answer,
        automatic_score=grade.get("score"),
        automatic_band=grade.get("band"),
        grade=asked.grade,
    )


def scorecard_view(card: Scorecard) -> ScorecardView:
    """A submitted scorecard."""
    return ScorecardView(
        id=card.id,
        interview_id=card.interview_id,
        module=Module(card.interview.module),
        interviewer=person(card.interviewer),
        ratings=card.ratings,
        evidence=card.evidence,
        red_flags=card.red_flags,
        recommendation=card.recommendation,
        submitted_at=card.submitted_at,
    )


def decision_view(decision: Decision) -> DecisionView:
    """The decision with the debrief it was made on."""
    return DecisionView(
        id=decision.id,
        candidate_id=decision.candidate_id,
        outcome=decision.outcome,
        rationale=decision.rationale,
        decided_by=person(decision.decided_by),
        decided_at=decision.decided_at,
        debrief=Debrief.model_validate(decision.debrief),
    )


@router.post("/candidates/{candidate_id}/loop", status_code=HTTPStatus.CREATED, summary="Propose a candidate's loop")
def propose_loop(
    session: SessionDep, settings: SettingsDep, user: ManagerUser, candidate_id: int, data: LoopCreate
) -> LoopView:
    """Modules, questions and challenges for the role and the candidate, with the coverage matrix."""
    loop = service.propose(
        session, candidate_id=candidate_id, actor=user, seed=data.seed, challenges_root=settings.bank_dir / "challenges"
    )
    return LoopView.model_validate(loop)


@router.get("/candidates/{candidate_id}/loop", summary="A candidate's loop")
def candidate_loop(session: SessionDep, user: StaffUser, candidate_id: int) -> LoopView:
    """The loop of a candidate you may see."""
    return LoopView.model_validate(service.loop_of_candidate(session, candidate_id, user=user))


@router.get("/loops/{loop_id}", summary="A loop")
def get_loop(session: SessionDep, user: StaffUser, loop_id: int) -> LoopView:
    """The plan with its coverage matrix and version."""
    return LoopView.model_validate(service.get_loop(session, loop_id, user=user))


@router.patch("/loops/{loop_id}", summary="Edit a loop's plan")
def edit_loop(
    session: SessionDep, settings: SettingsDep, user: ManagerUser, loop_id: int, data: LoopUpdate
) -> LoopView:
    """Send the whole edited plan and the version you loaded; a stale version gets 409."""
    loop = service.get_loop(session, loop_id, user=user)
    return LoopView.model_validate(
        service.update_plan(session, loop=loop, data=data, actor=user, challenges_root=settings.bank_dir / "challenges")
    )


@router.post("/loops/{loop_id}/interviews", status_code=HTTPStatus.CREATED, summary="Schedule an interview")
def schedule_interview(session: SessionDep, user: ManagerUser, loop_id: int, data: InterviewCreate) -> InterviewView:
    """One module of the loop with an interviewer and a time (any offset; stored in UTC)."""
    loop = service.get_loop(session, loop_id, user=user)
    return interview_view(session, service.schedule(session, loop=loop, data=data, actor=user))


@router.get("/loops/{loop_id}/interviews", summary="A loop's interviews")
def loop_interviews(session: SessionDep, user: StaffUser, loop_id: int) -> list[InterviewView]:
    """In the order they happen."""
    loop = service.get_loop(session, loop_id, user=user)
    return [interview_view(session, row) for row in service.interviews(session, loop=loop)]


@router.get("/interviews", summary="Interviews you may see")
def list_interviews(
    session: SessionDep, user: StaffUser, paging: PageDep, status: Annotated[InterviewStatus | None, Query()] = None
) -> Page[InterviewView]:
    """An interviewer's own interviews; every interview for managers. Soonest first."""
    rows, total = service.list_interviews(session, user=user, status=status, paging=paging)
    items = [interview_view(session, row) for row in rows]
    return Page(items=items, total=total, limit=paging.limit, offset=paging.offset)


@router.get("/interviews/{interview_id}", summary="An interview")
def get_interview(session: SessionDep, user: StaffUser, interview_id: int) -> InterviewView:
    """Time in UTC and in each participant's zone, status, notes, planned questions."""
    return interview_view(session, service.get_interview(session, interview_id, user=user))


@router.patch("/interviews/{interview_id}", summary="Update an interview")
def update_interview(session: SessionDep, user: StaffUser, interview_id: int, data: InterviewUpdate) -> InterviewView:
    """Status and notes (the interviewer on it), time (managers)."""
    interview = service.get_interview(session, interview_id, user=user)
    return interview_view(session, service.update_interview(session, interview=interview, data=data, user=user))


@router.put("/interviews/{interview_id}/questions/{question_id}", summary="Record a question asked")
def record_question(
    session: SessionDep, user: StaffUser, interview_id: int, question_id: QuestionId, data: AskedQuestionInput
) -> AskedQuestionView:
    """Ticks per rubric point and any answer the candidate typed (graded automatically)."""
    interview = service.get_interview(session, interview_id, user=user)
    asked = service.record_question(session, interview=interview, question_id=question_id, data=data, user=user)
    return asked_view(session, asked)


@router.get("/interviews/{interview_id}/questions", summary="Questions asked in an interview")
def interview_questions(session: SessionDep, user: StaffUser, interview_id: int) -> list[AskedQuestionView]:
    """Each with the interviewer's ticks next to the automatic grade."""
    interview = service.get_interview(session, interview_id, user=user)
    return [asked_view(session, row) for row in service.asked_questions(session, interview=interview)]


@router.post("/interviews/{interview_id}/scorecard", status_code=HTTPStatus.CREATED, summary="Submit a scorecard")
def submit_scorecard(session: SessionDep, user: StaffUser, interview_id: int, data: ScorecardCreate) -> ScorecardView:
    """Once per interview, by its interviewer; final."""
    interview = service.get_interview(session, interview_id, user=user)
    return scorecard_view(service.submit_scorecard(session, interview=interview, data=data, user=user))


@router.get("/loops/{loop_id}/scorecards", summary="A loop's scorecards")
def loop_scorecards(session: SessionDep, user: StaffUser, loop_id: int) -> list[ScorecardView]:
    """Managers always; interviewers after submitting their own."""
    loop = service.get_loop(session, loop_id, user=user)
    return [scorecard_view(card) for card in service.scorecards(session, loop=loop, user=user)]


@router.get("/loops/{loop_id}/debrief", summary="The loop's debrief")
def loop_debrief(session: SessionDep, user: StaffUser, loop_id: int) -> Debrief:
    """Per competency: ratings, spread, disagreements, automatic grades and gaps; agreement; a suggestion."""
    return service.debrief(session, loop=service.get_loop(session, loop_id, user=user), user=user)


@router.post("/loops/{loop_id}/decision", status_code=HTTPStatus.CREATED, summary="Record the decision")
def decide(session: SessionDep, user: ManagerUser, loop_id: int, data: DecisionCreate) -> DecisionView:
    """Hire or no hire, why, and the debrief it rests on; once per candidate."""
    loop = service.get_loop(session, loop_id, user=user)
    return decision_view(service.decide(session, loop=loop, data=data, actor=user))


@router.get("/loops/{loop_id}/decision", summary="The recorded decision")
def get_decision(session: SessionDep, user: ManagerUser, loop_id: int) -> DecisionView:
    """With its rationale and debrief."""
    return decision_view(service.decision_of(session, loop=service.get_loop(session, loop_id, user=user)))
