"""What a check reports: a finding quotes the exact text, says where it is, why it matters and how to fix it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from vetml.resume.document import Document


class Severity(StrEnum):
    """How much a finding should weigh with a hiring manager; `high` is what a reader notices at once."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Kind(StrEnum):
    """The families of attention-to-detail problems; the benchmark reports precision and recall per kind."""

    SPELLING = "spelling"
    TECH_NAME = "tech-name"
    PROPER_NAME = "proper-name"
    CONFUSION = "confusion"
    PLACEHOLDER = "placeholder"
    DATE_FORMAT = "date-format"
    CHRONOLOGY = "chronology"
    TENSE = "tense"
    BULLET_GLYPH = "bullet-glyph"
    PUNCTUATION = "punctuation"
    TERM_CONSISTENCY = "term-consistency"


SEVERITY_WEIGHT = {Severity.HIGH: 3.0, Severity.MEDIUM: 1.5, Severity.LOW: 0.5}


class Finding(BaseModel):
    """One problem in the CV, anchored to a character range of one line."""

    kind: Kind
    severity: Severity
    quote: str = Field(description="The exact text the finding is about.")
    line: int = Field(description="Index of the line in the document's lines (0-based).")
    start: int = Field(description="Start of the quote within the line's text.")
    end: int = Field(description="End of the quote within the line's text.")
    location: str = Field(description="Where to find it in the file, e.g. 'page 1, line 12'.")
    why: str
    fix: str


def make(
    kind: Kind, severity: Severity, *, line: int, start: int, end: int, text: str, where: str, why: str, fix: str
) -> Finding:
    """A finding whose quote is cut from the line's text, so quote and offsets never disagree."""
    return Finding(
        kind=kind,
        severity=severity,
        quote=text[start:end],
        line=line,
        start=start,
        end=end,
        location=where,
        why=why,
        fix=fix,
    )


def at(document: Document, index: int, start: int, end: int, kind: Kind, severity: Severity, *, why: str,
       fix: str) -> Finding:  # fmt: skip
    """A finding on a line of the document, quoting and locating it from the line itself."""
    line = document.lines[index]
    return make(kind, severity, line=index, start=start, end=end, text=line.text, where=line.where(), why=why, fix=fix)
