"""What each audit check reports: a status, the file and line that prove it, and what would improve it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class Status(StrEnum):
    """How far the repository shows a practice: in code, only in words, not at all, or not relevant."""

    EVIDENCED = "evidenced"
    DESCRIBED = "described"
    ABSENT = "absent"
    NOT_APPLICABLE = "not-applicable"


class Evidence(BaseModel):
    """A place in the repository that shows (or contradicts) a practice."""

    path: str
    line: int | None = None
    quote: str = ""


class CheckResult(BaseModel):
    """One check's verdict with its evidence and the concrete problems found along the way."""

    check: str
    status: Status
    summary: str
    evidence: list[Evidence] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list, description="What a reviewer should raise, in words.")
