"""Plain-text CVs: one line per non-empty line, with headings guessed the way a reader would.

A heading is a short ALL-CAPS line, a line underlined with === or ---, or a short line ending in ":"
that a list follows. A bullet's wrapped lines, indented to its text, are joined onto it.
"""

from __future__ import annotations

import re

from vetml.resume.document import Document, LineKind
from vetml.resume.readers.lines import Draft, is_all_caps_heading, join_wrapped, split_bullet, to_lines

UNDERLINE = re.compile(r"^\s*(={3,}|-{3,})\s*$")
_MAX_LABEL_WORDS = 5


def read(text: str) -> Document:
    """Read a plain-text CV already decoded to str."""
    rows = text.splitlines()
    drafts: list[Draft] = []
    previous_blank = True
    for index, row in enumerate(rows):
        if not row.strip() or UNDERLINE.match(row):
            previous_blank = previous_blank or not row.strip()
            continue
        drafts.append(_draft(row, index + 1, follows=not previous_blank))
        previous_blank = False
    drafts = join_wrapped(drafts, tolerance=0)  # first, so a wrapped "AWS AND GCP" stays in its bullet
    drafts = [_mark_heading(draft, rows, drafts, position) for position, draft in enumerate(drafts)]
    return Document(to_lines(drafts), "text")


def _draft(row: str, number: int, *, follows: bool) -> Draft:
    """One source line, with its bullet glyph split off and its indentation kept for joining."""
    expanded = row.expandtabs(4)
    indent = len(expanded) - len(expanded.lstrip())
    glyph, rest = split_bullet(expanded)
    if glyph:
        start = len(expanded) - len(rest)
        return Draft(rest, LineKind.BULLET, glyph, None, number, indent=indent, text_start=start, follows=follows)
    return Draft(expanded, LineKind.TEXT, source_line=number, indent=indent, follows=follows)


def _mark_heading(draft: Draft, rows: list[str], drafts: list[Draft], position: int) -> Draft:
    """Turn a text line into a heading when it looks like one."""
    if draft.kind is not LineKind.TEXT:
        return draft
    text = draft.text.strip()
    following = drafts[position + 1] if position + 1 < len(drafts) else None
    underlined = draft.source_line < len(rows) and bool(UNDERLINE.match(rows[draft.source_line]))
    labels_list = (
        text.endswith(":")
        and len(text.split()) <= _MAX_LABEL_WORDS
        and following is not None
        and following.kind is LineKind.BULLET
    )
    if underlined or labels_list or is_all_caps_heading(text):
        return Draft(text, LineKind.HEADING, source_line=draft.source_line, indent=draft.indent)
    return draft
