"""What the grading engine reads (a question version) and what it returns (a grade with its evidence)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, Field

from vetml.questions.schemas import QuestionDetail, QuestionSpec, SignalsFile

# Part of every result: a stored grade says which engine produced it, and the same engine version
# always gives the same grade to the same answer of the same question version.
ENGINE_VERSION = "rubric-alignment/3 (all-MiniLM-L6-v2, point-coverage/1)"
BAND_NAMES = {1: "weak", 2: "mixed", 3: "solid", 4: "strong"}


class Coverage(StrEnum):
    """How much of a rubric point the answer covers."""

    COVERED = "covered"
    PARTLY = "partly covered"
    MISSING = "missing"


class Evidence(BaseModel):
    """A stretch of the answer, by character offsets [start, end)."""

    start: int
    end: int
    text: str


class PointResult(BaseModel):
    """One rubric point: covered or not, by which passage, and how sure the engine is."""

    point: str
    weight: int
    coverage: Coverage
    match: float = Field(0.0, description="Probability that the best passage makes the point (point-coverage model).")
    confidence: float = Field(description="0.5 on a threshold, 1 far from both thresholds.")
    evidence: list[Evidence] = Field(default_factory=list)


class Finding(BaseModel):
    """A production signal or a red flag found in the answer, with the sentences that show it."""

    id: str
    title: str
    reason: str = ""
    evidence: list[Evidence] = Field(default_factory=list)


class Feedback(BaseModel):
    """The written part of a grade: what was strong, what was missing, an outline of a better answer."""

    strengths: list[str] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)
    outline: list[str] = Field(default_factory=list)


class Verdict(BaseModel):
    """An extra grader's call on one rubric point, and its reason."""

    point: str
    coverage: Coverage
    reason: str = ""


class Opinion(BaseModel):
    """A second opinion from an extra grader: shown next to the grade, never part of its score or band.

    Only the default offline grader is measured and calibrated; an extra grader (a remote model, a
    third-party plugin) may be neither deterministic nor offline, so its judgement stays separate.
    """

    grader: str = Field(description="The name the grader is registered under.")
    version: str = Field("", description="What produced the opinion: engine version or model.")
    score: int | None = Field(None, ge=0, le=100)
    band: int | None = Field(None, ge=1, le=4)
    rationale: str = ""
    points: list[Verdict] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    error: str = Field("", description="Why there is no judgement (the grader failed or timed out).")

    @classmethod
    def from_grade(cls, grader: str, result: GradeResult) -> Opinion:
        """A full grade given by an extra grader, reduced to an opinion."""
        return cls(
            grader=grader,
            version=result.engine,
            score=result.score,
            band=result.band,
            rationale="; ".join(result.feedback.gaps[:3] or result.feedback.strengths[:3]),
            points=[Verdict(point=point.point, coverage=point.coverage) for point in result.points],
            notes=result.notes,
        )


class GradeResult(BaseModel):
    """A grade and everything it was built from."""

    question_id: str
    question_hash: str
    engine: str
    score: int = Field(ge=0, le=100)
    band: int = Field(ge=1, le=4, description="1 weak, 2 mixed, 3 solid, 4 strong.")
    rubric_points: float = Field(description="Out of 80: the weighted share of the rubric covered.")
    signal_points: float = Field(description="Out of 20: the production signals the question asks for, shown.")
    penalty: int = Field(description="5 per red flag, at most 15.")
    points: list[PointResult]
    signals: list[Finding]
    missing_signals: list[str]
    red_flags: list[Finding]
    notes: list[str] = Field(default_factory=list)
    feedback: Feedback = Field(default_factory=Feedback)
    opinions: list[Opinion] = Field(
        default_factory=list, description="Second opinions of the extra graders; never part of score or band."
    )


@dataclass(frozen=True)
class RubricItem:
    """A rubric point as the engine reads it."""

    text: str
    weight: int


@dataclass(frozen=True)
class GradingQuestion:
    """The parts of a question version that grading uses."""

    id: str
    content_hash: str
    prompt: str
    reference_answer: str
    rubric: tuple[RubricItem, ...]
    shared_signals: tuple[str, ...] = ()
    shared_red_flags: tuple[str, ...] = ()
    signal_titles: dict[str, str] = field(default_factory=dict)
    red_flag_titles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_spec(cls, spec: QuestionSpec, catalogue: SignalsFile, content_hash: str = "") -> GradingQuestion:
        """From a question file of the bank and the bank's shared signals."""
        return cls(
            id=spec.id,
            content_hash=content_hash,
            prompt=spec.prompt,
            reference_answer=spec.reference_answer,
            rubric=tuple(RubricItem(item.point, item.weight) for item in spec.rubric),
            shared_signals=tuple(spec.signals.shared),
            shared_red_flags=tuple(spec.red_flags.shared),
            signal_titles={item.id: item.title for item in catalogue.signals},
            red_flag_titles={item.id: item.title for item in catalogue.red_flags},
        )

    @classmethod
    def from_detail(cls, detail: QuestionDetail) -> GradingQuestion:
        """From a stored question version, as the service returns it."""
        return cls(
            id=detail.id,
            content_hash=detail.content_hash,
            prompt=detail.prompt,
            reference_answer=detail.reference_answer,
            rubric=tuple(RubricItem(item.point, item.weight) for item in detail.rubric),
            shared_signals=tuple(item.shared_id for item in detail.signals if item.shared_id),
            shared_red_flags=tuple(item.shared_id for item in detail.red_flags if item.shared_id),
            signal_titles={item.shared_id: item.title for item in detail.signals if item.shared_id},
            red_flag_titles={item.shared_id: item.title for item in detail.red_flags if item.shared_id},
        )
