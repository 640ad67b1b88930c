"""The one shape every reader produces: the CV as lines of text, each with where it came from.

Readers differ wildly (PDF glyph positions, DOCX runs, LaTeX macros, JSON fields); the checks should
not care. So a reader's only job is to emit `Line`s in reading order, marking headings and bullets,
and `structure.build` groups them into sections and entries. Every finding points back at a line and
a character range within it, which is how the CLI and the web page quote and highlight it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class LineKind(StrEnum):
    """What a line is in the layout of the CV."""

    HEADING = "heading"
    BULLET = "bullet"
    TEXT = "text"


@dataclass(frozen=True)
class Line:
    """One line of the CV as the reader found it.

    `text` excludes the bullet glyph, which is kept in `bullet` so the glyph checks can compare them.
    `page` is the PDF page (1-based) or None for formats without pages; `source_line` is the line (or
    paragraph, for DOCX; or field path order, for JSON Resume) in the source, 1-based.
    """

    text: str
    kind: LineKind = LineKind.TEXT
    bullet: str = ""
    page: int | None = None
    source_line: int = 0
    field: str = ""  # the JSON Resume field path this line came from, e.g. "work[0].highlights[2]"

    def where(self) -> str:
        """A location a person can find in the file: "page 1, line 12" or "line 12"."""
        if self.field:
            return self.field
        return f"page {self.page}, line {self.source_line}" if self.page else f"line {self.source_line}"


@dataclass
class Document:
    """A CV as read: its lines in order, the format it came in and anything the reader noticed."""

    lines: list[Line]
    source_format: str
    warnings: list[str] = field(default_factory=list)

    def is_name_line(self, index: int) -> bool:
        """Whether a line is the candidate's own name: the first line, when it is short. Names are not words
        a dictionary knows, and a surname one letter from a company ("Mehta", "Meta") is not a typo."""
        return index == 0 and bool(self.lines) and len(self.lines[0].text.split()) <= 5

    @property
    def word_count(self) -> int:
        """Words across every line; false alarms are counted per 1,000 of them."""
        return sum(len(line.text.split()) for line in self.lines)


@dataclass(frozen=True)
class Span:
    """A character range of one line, the unit every finding quotes."""

    line: int  # index into Document.lines
    start: int
    end: int
