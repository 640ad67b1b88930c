"""Shapes of challenge files and of judging results."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vetml.questions.schemas import Level, Slug


class Verdict(StrEnum):
    """The outcome of one test or of a whole submission. Only INTERNAL_ERROR is ever our fault."""

    ACCEPTED = "accepted"
    WRONG_ANSWER = "wrong_answer"
    TIME_LIMIT = "time_limit"
    MEMORY_LIMIT = "memory_limit"
    RUNTIME_ERROR = "runtime_error"
    COMPILE_ERROR = "compile_error"
    OUTPUT_LIMIT = "output_limit"
    INTERNAL_ERROR = "internal_error"

    @property
    def label(self) -> str:
        """Human wording, e.g. 'time limit'."""
        return self.value.replace("_", " ")


class ChallengeCategory(StrEnum):
    """The interview modules challenges serve."""

    DATA_CODING = "data-coding"
    ALGORITHMS = "algorithms"
    ML_FROM_SCRATCH = "ml-from-scratch"
    PRODUCTION_ML = "production-ml"
    TESTING = "testing"


class ChallengeKind(StrEnum):
    """What the candidate writes: a function we call, or tests that must catch our mutants."""

    FUNCTION = "function"
    TESTS = "tests"


class StrictModel(BaseModel):
    """Unknown keys are errors; content files are reviewed like code."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Limits(StrictModel):
    """Resource limits of one submission."""

    time_ms: int = Field(default=2000, ge=10, le=60_000, description="Wall-clock limit of one test.")
    memory_mb: int = Field(default=256, ge=16, le=4096, description="Memory on top of the interpreter.")


class Subtask(StrictModel):
    """A group of tests worth points when all of them pass."""

    id: Slug
    title: str = Field(min_length=3, max_length=200)
    points: int = Field(ge=0, le=100)


class KnownWrong(StrictModel):
    """A wrong solution shipped with the challenge and the verdict it must get."""

    # starter.py may be listed too: a starter that has the bug to fix must itself be rejected.
    file: str = Field(pattern=r"^(?:wrong/[A-Za-z0-9_\-]+\.py|starter\.py)$")
    verdict: Verdict
    why: str = Field(min_length=5, max_length=300)


class ChallengeSpec(StrictModel):
    """challenge.yaml."""

    id: Slug
    title: str = Field(min_length=3, max_length=200)
    category: ChallengeCategory
    level: Level
    tags: list[Slug] = Field(min_length=1, max_length=12)
    kind: ChallengeKind = ChallengeKind.FUNCTION
    entry_point: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    signature: str = Field(min_length=3, max_length=300)
    target_module: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    limits: Limits = Field(default_factory=Limits)
    checker: str = "exact"
    checker_options: dict[str, Any] = Field(default_factory=dict)
    subtasks: list[Subtask] = Field(min_length=1, max_length=10)
    known_wrong: list[KnownWrong] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ChallengeSpec:
        if sum(subtask.points for subtask in self.subtasks) != 100:
            raise ValueError("the points of the subtasks must add up to 100")
        if len({subtask.id for subtask in self.subtasks}) != len(self.subtasks):
            raise ValueError("two subtasks share an id")
        if self.kind is ChallengeKind.FUNCTION and not self.entry_point:
            raise ValueError("a function challenge needs an entry_point")
        if self.kind is ChallengeKind.TESTS and not self.target_module:
            raise ValueError("a tests challenge needs a target_module")
        return self


class TestResult(BaseModel):
    """One test of a submission."""

    name: str
    subtask: str
    category: str
    visible: bool
    verdict: Verdict
    time_ms: float = 0.0
    memory_kb: int = 0
    message: str = ""
    output: str = ""


class SubtaskResult(BaseModel):
    """Points earned in one subtask."""

    id: str
    title: str
    points: int
    earned: int
    passed: int
    total: int


class JudgeResult(BaseModel):
    """Everything the judge found about one submission (before any feedback policy hides parts)."""

    challenge_id: str
    challenge_hash: str
    verdict: Verdict
    score: int
    message: str = ""
    tests: list[TestResult] = Field(default_factory=list)
    subtasks: list[SubtaskResult] = Field(default_factory=list)
    wall_ms: float = 0.0
