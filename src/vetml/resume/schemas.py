"""The review as the CLI, the API and the web page show it."""

from __future__ import annotations

from pydantic import BaseModel, Field

from vetml.resume.findings import Finding
from vetml.resume.skills import SkillFound


class ReviewLine(BaseModel):
    """A line of the CV as read, so findings can be highlighted in place."""

    text: str
    kind: str
    bullet: str
    location: str


class Review(BaseModel):
    """Everything the CV review found: score, summary, findings, skills and the text they point into."""

    source_format: str
    words: int
    score: int = Field(description="Attention to detail, 0 to 100.")
    band: str
    summary: str
    findings: list[Finding]
    skills: list[SkillFound]
    probe_skills: list[str] = Field(description="Skills claimed but never shown in use: probe these in the loop.")
    warnings: list[str]
    lines: list[ReviewLine]
