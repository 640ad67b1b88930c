"""What practice mode shows a candidate: the questions (never their rubric), grades, reports, history."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from vetml.grading.schemas import GradeResult
from vetml.questions.schemas import Level, Module

MAX_ANSWER_CHARS = 100_000


class PracticeRequest(BaseModel):
    """What the candidate asks for; no modules means the suggested mix."""

    modules: list[Module] = Field(default_factory=list)
    level: Level = Level.MID
    minutes: int = Field(default=30, ge=5, le=240, description="Length of the session, 5 to 240 minutes.")


class PlannedQuestion(BaseModel):
    """A question chosen for a session and why it was chosen."""

    question_id: str
    version_id: int
    category: str
    minutes: int
    reason: str


class QuestionCard(BaseModel):
    """A question as the candidate sees it: no reference answer, rubric, signals or red flags."""

    session_id: str
    position: int
    total: int
    question_id: str
    title: str
    category: str
    category_title: str
    level: Level
    prompt: str
    time_limit: int = Field(description="Seconds allowed.")
    reason: str
    seconds_left: int | None = Field(default=None, description="On the web: seconds left since first shown.")


class AttemptView(BaseModel):
    """An answered question with its grade."""

    position: int
    question_id: str
    title: str
    category: str
    category_title: str
    answer: str
    seconds: int
    time_limit: int
    timed_out: bool
    skipped: bool
    grade: GradeResult


class Competency(BaseModel):
    """How the session went in one category, read as an interviewer would for a recruiter."""

    category: str
    title: str
    questions: int
    mean_score: float
    hire_signal: str


class PracticeReport(BaseModel):
    """The end-of-session report: strengths, gaps, red flags, a signal per competency, what to study."""

    session_id: str
    profile_name: str
    level: Level
    started_at: datetime
    finished_at: datetime | None
    overall_score: float
    overall_signal: str
    competencies: list[Competency]
    strengths: list[str]
    gaps: list[str]
    red_flags: list[str]
    study_next: list[str]
    attempts: list[AttemptView]


class SessionSummary(BaseModel):
    """One line of the history."""

    session_id: str
    started_at: datetime
    level: Level
    modules: list[str]
    answered: int
    planned: int
    mean_score: float | None


class CategoryProgress(BaseModel):
    """A category's first and latest score and how many of its questions are due again."""

    category: str
    title: str
    attempts: int
    first_score: int
    latest_score: int
    mean_score: float
    due: int


class History(BaseModel):
    """Progress over time for one profile."""

    profile_name: str
    sessions: list[SessionSummary]
    categories: list[CategoryProgress]
