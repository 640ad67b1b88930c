"""Bullet glyphs and punctuation: small inconsistencies that show how carefully a document was finished."""

from __future__ import annotations

import re
from collections import Counter

from vetml.resume.checks import Context
from vetml.resume.document import LineKind
from vetml.resume.findings import Finding, Kind, Severity, make
from vetml.resume.text import masked_ranges

MIN_BULLETS = 4
MINORITY_SHARE = 0.34  # a style used by fewer than a third of the bullets is the odd one out
_SPACING = [
    (re.compile(r"(?<=\w) +[,;:!?](?=\s|$)"), "Remove the space before the punctuation mark."),
    (re.compile(r"[,;:]{2,}|(?<![.])\.\.(?![.])|,\.|\.,"), "Remove the doubled punctuation."),
    (re.compile(r"(?<=[a-z]),(?=[A-Za-z])"), "Put a space after the comma."),
]


def check(context: Context) -> list[Finding]:
    """Mixed bullet glyphs, mixed trailing full stops, and misplaced or doubled punctuation."""
    return [*_glyphs(context), *_trailing_stops(context), *_spacing(context)]


def _bullets(context: Context) -> list[int]:
    return [index for index, line in enumerate(context.document.lines) if line.kind is LineKind.BULLET]


def _minority(counts: Counter[str], total: int) -> set[str]:
    """The styles used by few enough bullets to be slips rather than a second habit."""
    if len(counts) < 2 or total < MIN_BULLETS:
        return set()
    usual = counts.most_common(1)[0][0]
    return {style for style, count in counts.items() if style != usual and count / total < MINORITY_SHARE}


def _glyphs(context: Context) -> list[Finding]:
    lines = context.document.lines
    bullets = [index for index in _bullets(context) if lines[index].bullet]
    counts = Counter(lines[index].bullet for index in bullets)
    odd = _minority(counts, len(bullets))
    usual = counts.most_common(1)[0][0] if counts else ""
    found = []
    for index in bullets:
        if lines[index].bullet in odd:
            text = lines[index].text
            end = len(text.split(" ", 1)[0])
            found.append(
                make(
                    Kind.BULLET_GLYPH,
                    Severity.LOW,
                    line=index,
                    start=0,
                    end=end,
                    text=text,
                    where=lines[index].where(),
                    why=f"This bullet uses '{lines[index].bullet}' where the others use '{usual}'.",
                    fix=f"Use '{usual}' for every bullet.",
                )
            )
    return found


def _trailing_stops(context: Context) -> list[Finding]:
    lines = context.document.lines
    bullets = [index for index in _bullets(context) if len(lines[index].text.split()) >= 3]
    ends = {index: "stop" if lines[index].text.rstrip().endswith(".") else "none" for index in bullets}
    odd = _minority(Counter(ends.values()), len(bullets))
    found = []
    for index in bullets:
        if ends[index] in odd:
            text = lines[index].text.rstrip()
            start = len(text) - 1 if ends[index] == "stop" else len(text) - len(text.split()[-1])
            fix = "Remove the full stop" if ends[index] == "stop" else "End the bullet with a full stop"
            found.append(
                make(
                    Kind.PUNCTUATION,
                    Severity.LOW,
                    line=index,
                    start=start,
                    end=len(text),
                    text=text,
                    where=lines[index].where(),
                    why="The other bullets end differently.",
                    fix=f"{fix}, as the other bullets do.",
                )
            )
    return found


def _spacing(context: Context) -> list[Finding]:
    found = []
    for index, line in enumerate(context.document.lines):
        masks = masked_ranges(line.text)
        for pattern, fix in _SPACING:
            for match in pattern.finditer(line.text):
                if any(start <= match.start() < end for start, end in masks):
                    continue
                found.append(
                    make(
                        Kind.PUNCTUATION,
                        Severity.LOW,
                        line=index,
                        start=match.start(),
                        end=match.end(),
                        text=line.text,
                        where=line.where(),
                        why="Stray or missing spaces around punctuation look careless in print.",
                        fix=fix,
                    )
                )
    return found
