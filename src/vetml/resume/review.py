"""Review a CV: read it, run every check, keep one finding per piece of text, score it, extract skills."""

from __future__ import annotations

from datetime import date

from vetml.resume import lexicon, score, skills, structure
from vetml.resume.checks import (
    Check,
    Context,
    confusions,
    dates,
    layout,
    names,
    placeholders,
    spelling,
    tech_names,
    tense,
    terms,
)
from vetml.resume.document import Document
from vetml.resume.findings import Finding, Kind, Severity
from vetml.resume.readers import read_cv
from vetml.resume.schemas import Review, ReviewLine

CHECKS: list[Check] = [
    placeholders.check,
    tech_names.check,
    names.check,
    confusions.check,
    spelling.check,
    dates.check,
    tense.check,
    layout.check,
    terms.check,
]
# When two findings cover the same text, the more specific one is kept (a template leftover is not a typo).
PRIORITY = [
    Kind.PLACEHOLDER,
    Kind.CONFUSION,
    Kind.PROPER_NAME,
    Kind.TECH_NAME,
    Kind.SPELLING,
    Kind.CHRONOLOGY,
    Kind.DATE_FORMAT,
    Kind.TENSE,
    Kind.TERM_CONSISTENCY,
    Kind.BULLET_GLYPH,
    Kind.PUNCTUATION,
]
EXIT_CODES = {None: 0, Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2}


def review(content: bytes, filename: str = "", *, today: date | None = None) -> Review:
    """The whole review of an uploaded CV; InvalidInput or PayloadTooLarge when the file cannot be read."""
    return review_document(read_cv(content, filename), today=today)


def review_document(document: Document, *, today: date | None = None) -> Review:
    """The review of a CV that is already read."""
    sections = structure.build(document)
    context = Context(document, sections, today or date.today())
    findings = _one_per_span([finding for check in CHECKS for finding in check(context)])
    found_skills = skills.extract(document, sections)
    points = score.attention_score(findings)
    warnings = list(document.warnings)
    if not lexicon.dictionaries():
        warnings.append("Spelling was not checked: no English dictionary is installed (see the README's setup).")
    return Review(
        source_format=document.source_format,
        words=document.word_count,
        score=points,
        band=score.band(points),
        summary=score.summary(findings, points),
        findings=findings,
        skills=found_skills,
        probe_skills=skills.unevidenced(found_skills),
        warnings=warnings,
        lines=[
            ReviewLine(text=line.text, kind=line.kind.value, bullet=line.bullet, location=line.where())
            for line in document.lines
        ],
    )


def _one_per_span(findings: list[Finding]) -> list[Finding]:
    """Drop a finding whose text overlaps one of a more specific kind, then sort by position."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda found: PRIORITY.index(found.kind)):
        if not any(
            other.line == finding.line and other.start < finding.end and finding.start < other.end for other in kept
        ):
            kept.append(finding)
    return sorted(kept, key=lambda found: (found.line, found.start, PRIORITY.index(found.kind)))


def exit_code(found: Review) -> int:
    """0 when nothing worse than a low-severity slip was found, 1 for medium, 2 for high."""
    severities = {finding.severity for finding in found.findings}
    worst = next((level for level in (Severity.HIGH, Severity.MEDIUM, Severity.LOW) if level in severities), None)
    return EXIT_CODES[worst]
