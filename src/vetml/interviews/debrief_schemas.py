"""The shapes of a debrief: scorecards and automatic results in, a summary with a reason for every flag out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Rating = Annotated[int, Field(ge=1, le=4, description="1 strong no, 2 leaning no, 3 leaning yes, 4 strong yes.")]


class Recommendation(StrEnum):
    """An interviewer's overall call on the candidate."""

    STRONG_NO = "strong-no"
    NO = "no"
    YES = "yes"
    STRONG_YES = "strong-yes"


class Outcome(StrEnum):
    """The outcome the debrief suggests; the hiring manager makes the decision."""

    HIRE = "hire"
    NO_HIRE = "no-hire"
    DISCUSS = "discuss"


class Frozen(BaseModel):
    """Debrief shapes are values: nothing may change a scorecard or a summary after it was built."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ScorecardInput(Frozen):
    """One interviewer's scorecard, written before hearing the others."""

    interviewer: str = Field(min_length=1)
    ratings: dict[str, Rating]
    evidence: dict[str, str] = Field(default_factory=dict)
    red_flags: list[str] = Field(default_factory=list, description="Ids such as no-monitoring.")
    recommendation: Recommendation

    @model_validator(mode="after")
    def _evidence_backs_a_rating(self) -> ScorecardInput:
        """Evidence without a rating is a half-filled scorecard: ask for the rating rather than guess it."""
        unrated = sorted(set(self.evidence) - set(self.ratings))
        if unrated:
            raise ValueError(f"evidence given for unrated competencies {unrated}: rate them or remove the evidence")
        return self


class AutomaticResult(Frozen):
    """A grading-engine score of one answered question, mapped to the competency it tests."""

    competency: str = Field(min_length=1)
    score: float = Field(ge=0, le=100)
    source: str = Field(min_length=1, description="What produced the score, such as a question id.")


class RatedLoop(Frozen):
    """Everything a debrief reads, checked together: a rating outside the loop is usually a typo that would vanish."""

    competencies: list[str] = Field(min_length=1)
    scorecards: list[ScorecardInput]
    automatic: list[AutomaticResult] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> RatedLoop:
        """Refuse input the debrief would otherwise silently drop or double count."""
        known = set(self.competencies)
        problems = {
            "competencies listed twice": _repeated(self.competencies),
            "more than one scorecard from": _repeated([card.interviewer for card in self.scorecards]),
            "ratings of competencies outside the loop": sorted({c for s in self.scorecards for c in s.ratings} - known),
            "automatic results for competencies outside the loop": sorted(
                {a.competency for a in self.automatic} - known
            ),
        }
        found = [f"{problem} {names}" for problem, names in problems.items() if names]
        if found:
            raise ValueError("; ".join(found))
        return self


class Flag(Frozen):
    """Something the debrief should talk about, with the numbers behind it."""

    reason: str


class Gap(Frozen):
    """Interviewers and automatic grading disagree about a competency."""

    direction: Literal["interviewers-higher", "automatic-higher"]
    points: float = Field(description="Mean interviewer rating minus the automatic band.")
    reason: str


class CompetencySummary(Frozen):
    """What the loop found about one competency."""

    competency: str
    ratings: dict[str, int] = Field(description="Rating by interviewer; empty when nobody rated it.")
    mean: float | None
    min: int | None
    max: int | None
    spread: int | None
    disagreement: Flag | None
    automatic_mean: float | None
    automatic_band: int | None
    automatic_sources: list[str]
    gap: Gap | None


class RedFlagCount(Frozen):
    """One red flag and who raised it."""

    flag: str
    count: int
    raised_by: list[str]


class Agreement(Frozen):
    """How consistently the interviewers rated, or why that cannot be measured."""

    alpha: float | None = Field(description="Ordinal Krippendorff's alpha: 1 perfect, 0 what chance gives.")
    alpha_reason: str
    within_one_share: float | None = Field(description="Share of co-rated competencies with a spread of at most 1.")
    within_one_reason: str


class Suggestion(Frozen):
    """The suggested outcome and the rule that produced it."""

    outcome: Outcome
    reason: str


class Debrief(Frozen):
    """The whole debrief of one interview loop."""

    competencies: list[CompetencySummary]
    not_assessed: list[str]
    red_flags: list[RedFlagCount]
    recommendations: dict[Recommendation, int]
    agreement: Agreement
    suggestion: Suggestion


def _repeated(names: Sequence[str]) -> list[str]:
    """Names that occur more than once, sorted for a stable message."""
    return sorted(name for name, count in Counter(names).items() if count > 1)
