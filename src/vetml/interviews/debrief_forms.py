"""HTML forms of the scorecard and the decision: what was typed, kept as typed, and turned into API inputs.

A rejected form is shown again with everything the person entered, so nothing typed is lost to a mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError
from starlette.datastructures import FormData

from vetml.interviews.debrief_schemas import Recommendation
from vetml.interviews.loop_schemas import DecisionCreate, DecisionOutcome, ScorecardCreate

RATING_LABELS = {1: "strong no", 2: "leaning no", 3: "leaning yes", 4: "strong yes"}
RECOMMENDATION_LABELS = {
    Recommendation.STRONG_NO: "Strong no",
    Recommendation.NO: "No",
    Recommendation.YES: "Yes",
    Recommendation.STRONG_YES: "Strong yes",
}
OUTCOME_LABELS = {DecisionOutcome.HIRE: "Hire", DecisionOutcome.NO_HIRE: "No hire"}
FIELD_LABELS = {
    "ratings": "Ratings",
    "evidence": "Evidence",
    "red_flags": "Red flags",
    "recommendation": "Overall recommendation",
    "outcome": "Decision",
    "rationale": "Rationale",
}


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


@dataclass
class ScorecardDraft:
    """A scorecard form as typed: ratings and evidence by competency, ticked red flags, the overall call."""

    ratings: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    red_flags: list[str] = field(default_factory=list)
    recommendation: str = ""

    @classmethod
    def from_form(cls, form: FormData, competencies: list[str]) -> ScorecardDraft:
        """Read one rating (``rating-<competency>``) and one evidence box (``evidence-<competency>``) each."""
        return cls(
            ratings={name: _text(form, f"rating-{name}") for name in competencies},
            evidence={name: _text(form, f"evidence-{name}") for name in competencies},
            red_flags=[flag for flag in form.getlist("red_flags") if isinstance(flag, str)],
            recommendation=_text(form, "recommendation"),
        )

    def to_input(self) -> ScorecardCreate:
        """The API input; blank ratings and evidence mean "not assessed", not zero."""
        return ScorecardCreate.model_validate(
            {
                "ratings": {name: value for name, value in self.ratings.items() if value},
                "evidence": {name: text for name, text in self.evidence.items() if text.strip()},
                "red_flags": self.red_flags,
                "recommendation": self.recommendation or None,
            }
        )


@dataclass
class DecisionDraft:
    """The decision form as typed."""

    outcome: str = ""
    rationale: str = ""

    @classmethod
    def from_form(cls, form: FormData) -> DecisionDraft:
        """Read the chosen outcome and the rationale."""
        return cls(outcome=_text(form, "outcome"), rationale=_text(form, "rationale"))

    def to_input(self) -> DecisionCreate:
        """The API input."""
        return DecisionCreate.model_validate({"outcome": self.outcome or None, "rationale": self.rationale})


def mean_text(value: float | None) -> str:
    """A mean as people write it: 3.5, 2.67, 4; a dash when there is none."""
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def form_errors(error: ValidationError) -> list[str]:
    """Validation errors in words a person filling in the form understands."""
    return [_message(item["loc"], item["type"], item["msg"]) for item in error.errors()]


def _message(location: tuple[int | str, ...], kind: str, message: str) -> str:
    name = str(location[0]) if location else ""
    label = FIELD_LABELS.get(name, name)
    if name == "ratings" and kind == "too_short":
        return "Ratings: rate at least one competency."
    if name in ("recommendation", "outcome") and kind == "enum":
        return f"{label}: choose one of the options."
    if name == "rationale" and kind == "string_too_short":
        return "Rationale: write at least 20 characters saying why, for the candidate's file."
    if name == "ratings" and len(location) > 1:
        return f"Rating of {location[1]}: choose 1 to 4."
    where = f"{label} ({location[1]})" if len(location) > 1 else label
    return f"{where}: {message}"
