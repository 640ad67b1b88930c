"""The attention-to-detail score and the ten-second summary a hiring manager reads first."""

from __future__ import annotations

import math
from collections import Counter

from vetml.resume.findings import SEVERITY_WEIGHT, Finding, Kind

SCALE = 15.0  # penalty points at which the score falls to about 37; one misspelt word costs about 18
BANDS = [(90, "careful"), (75, "a few slips"), (50, "several slips"), (0, "careless")]
_NAMES = {
    Kind.SPELLING: ("misspelt word", "misspelt words"),
    Kind.TECH_NAME: ("misspelt technical name", "misspelt technical names"),
    Kind.PROPER_NAME: ("misspelt proper name", "misspelt proper names"),
    Kind.CONFUSION: ("wrong word", "wrong words"),
    Kind.PLACEHOLDER: ("template leftover", "template leftovers"),
    Kind.DATE_FORMAT: ("inconsistent date", "inconsistent dates"),
    Kind.CHRONOLOGY: ("chronology problem", "chronology problems"),
    Kind.TENSE: ("bullet in the wrong tense", "bullets in the wrong tense"),
    Kind.BULLET_GLYPH: ("odd bullet glyph", "odd bullet glyphs"),
    Kind.PUNCTUATION: ("punctuation slip", "punctuation slips"),
    Kind.TERM_CONSISTENCY: ("term written two ways", "terms written two ways"),
}


def attention_score(findings: list[Finding]) -> int:
    """100 for a spotless CV, falling smoothly with the weighted findings, never below 0."""
    penalty = sum(SEVERITY_WEIGHT[finding.severity] for finding in findings)
    return round(100 * math.exp(-penalty / SCALE))


def band(score: int) -> str:
    """The word for a score."""
    return next(label for floor, label in BANDS if score >= floor)


def summary(findings: list[Finding], score: int) -> str:
    """One or two sentences: the score, its band, and the worst problems with one quote each."""
    if not findings:
        return f"Attention to detail {score}/100 ({band(score)}): no problems found."
    counts = Counter(finding.kind for finding in findings)
    order = sorted(counts, key=lambda kind: (-_worst(findings, kind), -counts[kind]))
    parts = [_part(kind, counts[kind], findings) for kind in order[:3]]
    extra = len(order) - 3
    more = f"; and {extra} more kind{'s' if extra > 1 else ''} of problem" if extra > 0 else ""
    return f"Attention to detail {score}/100 ({band(score)}): {'; '.join(parts)}{more}."


def _worst(findings: list[Finding], kind: Kind) -> float:
    return max(SEVERITY_WEIGHT[finding.severity] for finding in findings if finding.kind is kind)


def _part(kind: Kind, count: int, findings: list[Finding]) -> str:
    singular, plural = _NAMES[kind]
    example = next(finding.quote for finding in findings if finding.kind is kind)
    return f"{count} {singular if count == 1 else plural} (e.g. '{example[:40]}')"
