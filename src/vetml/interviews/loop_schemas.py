"""Shapes of loops, interviews, asked questions, scorecards and decisions in the API."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from vetml.interviews.debrief_schemas import Debrief, Rating, Recommendation
from vetml.interviews.plans import LoopPlan
from vetml.questions.schemas import Module

Tick = Literal["covered", "partly", "missed"]
Evidence = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
MAX_ANSWER = 100_000


class Input(BaseModel):
    """Base of request bodies: unknown fields are errors, so a typo is never silently ignored."""

    model_config = ConfigDict(extra="forbid")


class InterviewStatus(StrEnum):
    """Where an interview stands."""

    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class DecisionOutcome(StrEnum):
    """The hiring manager's call."""

    HIRE = "hire"
    NO_HIRE = "no-hire"


class LoopCreate(Input):
    """Ask for a proposed loop; the same seed gives the same proposal."""

    seed: str | None = Field(default=None, max_length=64, description="Defaults to one derived from the candidate.")


class LoopUpdate(Input):
    """An edited plan, with the version it was edited from (a stale version is refused)."""

    plan: LoopPlan
    version: int = Field(ge=1)


class LoopView(BaseModel):
    """A candidate's loop: the plan with its coverage matrix, and its version for the next edit."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    candidate_id: int
    plan: LoopPlan
    seed: str
    version: int
    created_at: datetime
    updated_at: datetime


class InterviewCreate(Input):
    """Put a module of the loop in someone's calendar; times are stored in UTC."""

    module: Module
    interviewer_id: int
    scheduled_at: AwareDatetime | None = Field(default=None, description="With its offset: 2026-12-07T09:00+05:30.")
    minutes: int | None = Field(default=None, ge=15, le=240, description="Defaults to the module's planned minutes.")


class InterviewUpdate(Input):
    """Change an interview's status, notes or time."""

    status: InterviewStatus | None = None
    notes: str | None = Field(default=None, max_length=20_000)
    scheduled_at: AwareDatetime | None = None


class Person(BaseModel):
    """Someone taking part, with their zone so times can be shown in it."""

    id: int
    name: str
    time_zone: str


class InterviewView(BaseModel):
    """An interview with its time in UTC and as each participant reads it."""

    id: int
    loop_id: int
    candidate_id: int
    module: Module
    interviewer: Person
    scheduled_at: datetime | None
    local_times: dict[str, str] = Field(description="The start in the interviewer's and the candidate's zones.")
    minutes: int
    status: InterviewStatus
    notes: str
    planned_questions: list[str]
    has_scorecard: bool


class AskedQuestionInput(Input):
    """What the interviewer records for one question: a tick per rubric point and any typed answer."""

    ticks: list[Tick] = Field(default_factory=list, max_length=50)
    answer: str | None = Field(default=None, max_length=MAX_ANSWER)


class AskedQuestionView(BaseModel):
    """A question as asked, with the interviewer's ticks next to the grading engine's view of the answer."""

    question_id: str
    version: int
    rubric: list[str]
    ticks: list[Tick]
    answer: str | None
    automatic_score: int | None
    automatic_band: int | None
    grade: dict[str, Any] | None = Field(description="The full automatic grade with its evidence, when answered.")


class ScorecardCreate(Input):
    """One interviewer's independent judgement; written once."""

    ratings: dict[str, Rating] = Field(min_length=1)
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    red_flags: list[str] = Field(default_factory=list, max_length=20)
    recommendation: Recommendation


class ScorecardView(BaseModel):
    """A submitted scorecard."""

    id: int
    interview_id: int
    module: Module
    interviewer: Person
    ratings: dict[str, int]
    evidence: dict[str, str]
    red_flags: list[str]
    recommendation: Recommendation
    submitted_at: datetime


class DecisionCreate(Input):
    """The decision and why, in words the candidate's file will keep."""

    outcome: DecisionOutcome
    rationale: str = Field(min_length=20, max_length=10_000)


class DecisionView(BaseModel):
    """The recorded decision with the debrief it was made on."""

    id: int
    candidate_id: int
    outcome: DecisionOutcome
    rationale: str
    decided_by: Person
    decided_at: datetime
    debrief: Debrief
