"""Pydantic shapes of the question bank files and of the question data the app shows.

The bank is content reviewed like code, so every file is validated strictly: unknown keys are
errors (a typo such as ``rubrik`` must not silently drop a rubric), and every string is stripped.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80),
]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=6000)]


class Module(StrEnum):
    """Interview modules a question can be asked in."""

    TECHNICAL_SCREEN = "technical-screen"
    DATA_CODING = "data-coding"
    CODING_ALGORITHMS = "coding-algorithms"
    ML_THEORY = "ml-theory"
    ML_DESIGN = "ml-design"
    SYSTEM_DESIGN = "system-design"
    BEHAVIORAL = "behavioral"


class Level(StrEnum):
    """Seniority a question is pitched at, from junior to staff."""

    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    STAFF = "staff"

    @property
    def rank(self) -> int:
        """Position in the seniority ladder, for sorting."""
        return list(Level).index(self)


class StrictModel(BaseModel):
    """Base for bank files: unknown keys are errors, models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class RubricPoint(StrictModel):
    """One thing a good answer says, with its weight in the score."""

    point: ShortText
    weight: int = Field(ge=1, le=5, description="Relative importance, 1 (nice to have) to 5 (essential).")


class SignalRefs(StrictModel):
    """Shared signal ids from signals.yaml plus signals specific to this question."""

    shared: list[Slug] = Field(default_factory=list)
    specific: list[ShortText] = Field(default_factory=list)


class FollowUp(StrictModel):
    """A follow-up: either a free-text prompt or a reference to another question of the bank."""

    prompt: ShortText | None = None
    question: Slug | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> FollowUp:
        if (self.prompt is None) == (self.question is None):
            raise ValueError("a follow-up needs exactly one of 'prompt' (text) or 'question' (an id)")
        return self


class QuestionSpec(StrictModel):
    """One question file: bank/questions/<category>/<id>.yaml."""

    id: Slug
    title: ShortText
    category: Slug
    modules: list[Module] = Field(min_length=1)
    level: Level
    tags: list[Slug] = Field(min_length=1, max_length=12)
    expected_minutes: int = Field(ge=1, le=90)
    prompt: LongText
    reference_answer: LongText
    rubric: list[RubricPoint] = Field(min_length=3, max_length=10)
    signals: SignalRefs = Field(default_factory=SignalRefs)
    red_flags: SignalRefs = Field(default_factory=SignalRefs)
    follow_ups: list[FollowUp] = Field(default_factory=list)

    @model_validator(mode="after")
    def _no_repeats(self) -> QuestionSpec:
        points = [item.point.casefold() for item in self.rubric]
        if len(points) != len(set(points)):
            raise ValueError("the rubric repeats a point; merge the duplicates")
        if len(self.tags) != len(set(self.tags)):
            raise ValueError("a tag is listed twice")
        return self


class CategorySpec(StrictModel):
    """A category of the bank and the number of questions it must hold."""

    id: Slug
    title: ShortText
    minimum: int = Field(ge=1)
    production: bool = False


class CategoriesFile(StrictModel):
    """bank/categories.yaml."""

    senior_or_staff_minimum: int = Field(default=0, ge=0, description="Questions at senior or staff level needed.")
    categories: list[CategorySpec] = Field(min_length=1)


class SharedSignal(StrictModel):
    """A signal or red flag that many questions share."""

    id: Slug
    title: ShortText
    description: ShortText


class SignalsFile(StrictModel):
    """bank/signals.yaml."""

    signals: list[SharedSignal]
    red_flags: list[SharedSignal]


class QuestionFilter(BaseModel):
    """Filters for listing the bank; every field narrows the result, ``query`` is full-text."""

    query: str = ""
    category: str | None = None
    module: Module | None = None
    level: Level | None = None
    tag: str | None = None
    include_retired: bool = False


class QuestionSummary(BaseModel):
    """A row of the bank listing."""

    id: str
    title: str
    category: str
    level: Level
    modules: list[Module]
    tags: list[str]
    expected_minutes: int
    version: int
    retired: bool = False


class SignalView(BaseModel):
    """A resolved signal or red flag: shared ones carry their title and description."""

    title: str
    description: str = ""
    shared_id: str | None = None


class FollowUpView(BaseModel):
    """A follow-up as shown to an interviewer: text, or a link to another question."""

    text: str
    question_id: str | None = None


class QuestionDetail(QuestionSummary):
    """Everything an interviewer sees about one version of a question."""

    content_hash: str
    category_title: str
    prompt: str
    reference_answer: str
    rubric: list[RubricPoint]
    signals: list[SignalView]
    red_flags: list[SignalView]
    follow_ups: list[FollowUpView]
    versions: list[int]


class CategoryCount(BaseModel):
    """How many active questions a category holds against its minimum."""

    id: str
    title: str
    count: int
    minimum: int
    production: bool

    @property
    def meets_minimum(self) -> bool:
        """True when the category holds at least its minimum."""
        return self.count >= self.minimum


class BankStats(BaseModel):
    """Counts of the loaded bank, for ``vetml bank stats`` and the bank page."""

    total: int
    retired: int
    categories: list[CategoryCount]
    levels: dict[str, int]
    modules: dict[str, int]
    senior_or_staff: int


class LoadReport(BaseModel):
    """What a bank load changed."""

    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    retired: list[str] = Field(default_factory=list)
    restored: list[str] = Field(default_factory=list)
