"""Helpers every reader shares: text normalisation, bullet glyphs and joining wrapped bullets.

Readers first produce `Draft`s, which still know where a line starts horizontally, so a bullet that
the CV wrapped over several lines can be joined back into one sentence before it becomes a `Line`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from vetml.resume.document import Line, LineKind

# Glyphs CVs start bullets with. The ASCII-like ones also start ordinary text ("-5% latency",
# "– 2019"), so they count as bullets only when a space follows them.
SYMBOL_GLYPHS = "•▪‣◦●■·➢✓"
SPACED_GLYPHS = "-*–"
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u00ad\ufeff"))
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


@dataclass(frozen=True)
class Draft:
    """A line before wrapped bullets are joined; `indent` and `text_start` are in the reader's units."""

    text: str
    kind: LineKind = LineKind.TEXT
    bullet: str = ""
    page: int | None = None
    source_line: int = 0
    field: str = ""
    indent: float = 0.0  # where the line starts (PDF points or text columns)
    text_start: float = 0.0  # where a bullet's text starts, after its glyph
    follows: bool = True  # directly under the previous line, with no blank line or gap between


def normalise(text: str) -> str:
    """One clean line: NFC, plain spaces, no ligatures, single spaces; dashes are kept as written."""
    text = unicodedata.normalize("NFC", text).translate(_LIGATURES).translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def split_bullet(text: str) -> tuple[str, str]:
    """(glyph, rest) when the text starts with a bullet glyph, else ("", text)."""
    stripped = text.lstrip()
    if not stripped:
        return "", text
    glyph = stripped[0]
    rest = stripped[1:]
    if glyph in SYMBOL_GLYPHS or (glyph in SPACED_GLYPHS and rest[:1].isspace()):
        return glyph, rest.lstrip()
    return "", text


def is_all_caps_heading(text: str) -> bool:
    """Short ALL-CAPS lines ("EXPERIENCE", "WORK HISTORY") are section headings in most CVs."""
    return len(text.split()) <= 5 and text.isupper()


def join_wrapped(drafts: list[Draft], tolerance: float) -> list[Draft]:
    """Join each bullet's wrapped continuation lines onto it, so checks see whole sentences."""
    joined: list[Draft] = []
    for draft in drafts:
        previous = joined[-1] if joined else None
        if previous is not None and _continues(previous, draft, tolerance):
            joined[-1] = replace(previous, text=_glue(previous.text, draft.text))
        else:
            joined.append(draft)
    return joined


def _continues(bullet: Draft, draft: Draft, tolerance: float) -> bool:
    """A plain line right under a bullet, starting where the bullet's text starts (or a glyph-only bullet)."""
    if bullet.kind is not LineKind.BULLET or draft.kind is not LineKind.TEXT or not draft.follows:
        return False
    next_page = bullet.page is not None and draft.page == bullet.page + 1 and draft.source_line == 1
    if bullet.page != draft.page and not next_page:
        return False
    return not bullet.text or abs(draft.indent - bullet.text_start) <= tolerance


def _glue(first: str, second: str) -> str:
    """Join two pieces of a wrapped sentence; a word broken after a hyphen is closed up."""
    if not first:
        return second
    if first.endswith("-") and first[-2:-1].isalpha():
        return first + second
    return f"{first} {second}"


def to_lines(drafts: list[Draft]) -> list[Line]:
    """The finished lines, dropping any that normalised to nothing (e.g. a bullet glyph alone)."""
    lines = []
    for draft in drafts:
        text = normalise(draft.text)
        if text:
            lines.append(Line(text, draft.kind, draft.bullet, draft.page, draft.source_line, draft.field))
    return lines
