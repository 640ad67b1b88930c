"""Shapes of online assessments: what staff send and see, and the narrower view a candidate gets."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from vetml.grading.communication import CommunicationReport
from vetml.judge.schemas import Verdict
from vetml.questions.schemas import Slug

MAX_ANSWER_CHARS = 100_000
MAX_ITEMS = 40


def _in_utc(moment: datetime) -> datetime:
    """SQLite hands timezone-aware columns back without their zone; every time leaves in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


Moment = Annotated[datetime, AfterValidator(_in_utc)]


class ItemKind(StrEnum):
    """A written question graded by the grading engine, or a coding challenge run by the judge."""

    QUESTION = "question"
    CHALLENGE = "challenge"


class AssessmentKind(StrEnum):
    """A timed assessment (a clock from the first open), or a written interview (a window in the candidate's day)."""

    TIMED = "timed"
    WRITTEN = "written"


class AssessmentStatus(StrEnum):
    """Where an assessment stands, as staff see it."""

    SENT = "sent"
    STARTED = "started"
    SUBMITTED = "submitted"
    EXPIRED = "expired"
    REVOKED = "revoked"


class AssessmentCreate(BaseModel):
    """What to send a candidate: bank question ids, challenge ids, a time limit and how long the link lives."""

    model_config = ConfigDict(extra="forbid")

    questions: list[Slug] = Field(default_factory=list, max_length=MAX_ITEMS)
    challenges: list[Slug] = Field(default_factory=list, max_length=MAX_ITEMS)
    time_limit_minutes: int = Field(ge=5, le=480, description="Minutes the candidate has once they open the link.")
    valid_days: int = Field(ge=1, le=30, description="Days the link works; after that it must be sent again.")

    @model_validator(mode="after")
    def _something_distinct_to_do(self) -> AssessmentCreate:
        if not self.questions and not self.challenges:
            raise ValueError("an assessment needs at least one question or challenge")
        if len(set(self.questions)) != len(self.questions) or len(set(self.challenges)) != len(self.challenges):
            raise ValueError("each question and challenge may appear only once")
        return self


class WrittenInterviewCreate(BaseModel):
    """What to send for a written interview: bank questions, when the window opens and how many hours it stays open."""

    model_config = ConfigDict(extra="forbid")

    questions: list[Slug] = Field(min_length=1, max_length=MAX_ITEMS)
    opens_at: AwareDatetime | None = Field(default=None, description="With its UTC offset; blank opens it now.")
    window_hours: int = Field(default=48, ge=4, le=336, description="Hours the candidate has, 4 to 336 (two weeks).")

    @model_validator(mode="before")
    @classmethod
    def _no_challenges(cls, data: Any) -> Any:
        if isinstance(data, dict) and "challenges" in data:
            if data["challenges"]:
                raise ValueError("a written interview has written questions only; send coding challenges in a timed "
                                 "assessment (POST /api/v1/candidates/{candidate_id}/assessments)")  # fmt: skip
            data = {key: value for key, value in data.items() if key != "challenges"}
        return data

    @model_validator(mode="after")
    def _distinct(self) -> WrittenInterviewCreate:
        if len(set(self.questions)) != len(self.questions):
            raise ValueError("each question may appear only once")
        return self


class AnswerSave(BaseModel):
    """The candidate's current text for one item; each save replaces the previous one."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=MAX_ANSWER_CHARS)


class SubmissionSummary(BaseModel):
    """Where the judge is with a challenge answer, and its result once judged."""

    id: str
    status: str
    verdict: str | None
    score: int | None
    feedback: dict[str, Any] | None


class StaffItem(BaseModel):
    """One item with the candidate's answer and, once submitted, its grade or judge submission."""

    position: int
    kind: ItemKind
    ref: str = Field(description="The question id or challenge id.")
    version_id: int | None = Field(default=None, description="The exact question version asked.")
    title: str
    answer: str | None
    saved_at: Moment | None
    grade: dict[str, Any] | None = Field(default=None, description="The GradeResult of a written answer.")
    communication: CommunicationReport | None = Field(
        default=None, description="Structure, clarity and concrete detail of a written answer; for staff only."
    )
    submission: SubmissionSummary | None = None


class AssessmentSummary(BaseModel):
    """An assessment without its answers, for lists."""

    id: int
    candidate_id: int
    kind: AssessmentKind
    status: AssessmentStatus
    time_limit_minutes: int
    opens_at: Moment | None = Field(default=None, description="A written interview's window opens here.")
    item_count: int
    expires_at: Moment = Field(description="The link stops working; a written interview's window closes.")
    revoked_at: Moment | None
    started_at: Moment | None
    submitted_at: Moment | None
    created_at: Moment
    created_by_id: int


class AssessmentView(AssessmentSummary):
    """An assessment as staff see it: every item, answer and result."""

    items: list[StaffItem]


class AssessmentCreated(AssessmentView):
    """A new assessment and the link to send; the link is shown here only."""

    link: str = Field(description="Path of the candidate's page; prefix it with the site's address.")


class CandidateItem(BaseModel):
    """What a candidate sees of one item: the prompt and their own saved text, nothing graders use."""

    position: int
    kind: ItemKind
    title: str
    prompt: str = Field(description="The question, or the challenge statement (Markdown).")
    starter_code: str | None = None
    signature: str | None = None
    answer: str = ""


class CandidateAssessment(BaseModel):
    """The candidate's page: the clock and the items, or only ``submitted`` once handed in.

    A written interview that has not opened yet shows its window and no items (``not-open-yet``).
    """

    status: Literal["open", "submitted", "not-open-yet"]
    kind: AssessmentKind = AssessmentKind.TIMED
    window: str | None = Field(default=None, description="A written interview's window in the candidate's zone.")
    opens_at: Moment | None = None
    time_limit_minutes: int
    started_at: Moment | None
    deadline: Moment | None
    remaining_seconds: int | None
    items: list[CandidateItem] = Field(default_factory=list)


class AnswerSaved(BaseModel):
    """An autosave acknowledged, with the time left."""

    position: int
    saved_at: Moment
    remaining_seconds: int


class ExampleRun(BaseModel):
    """The candidate's code on one visible example of a challenge."""

    name: str
    verdict: Verdict
    message: str = Field(description="Why it failed (expected against returned, the error, the limit hit).")
    time_ms: float
    output: str = Field(description="What the code printed, at most the last 2,000 characters.")


class ExamplesRun(BaseModel):
    """The visible examples run on the code as it is now; nothing is saved or scored."""

    position: int
    passed: int
    total: int
    examples: list[ExampleRun]
