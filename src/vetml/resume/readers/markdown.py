"""Markdown CVs: ATX and underlined headings, list items as bullets, inline markup removed.

Each line keeps its real line number in the file; links keep their text and drop the URL (bare
URLs and e-mail addresses stay, they are what the reader sees). A list item's wrapped lines belong
to it, as Markdown renders them, so they are joined onto the bullet.
"""

from __future__ import annotations

import math
import re

from vetml.resume.document import Document, LineKind
from vetml.resume.readers.lines import Draft, join_wrapped, to_lines

# Every pattern runs on untrusted lines, so none may backtrack more than a bounded distance.
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(\S.*)$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_QUOTE = re.compile(r"^[ \t]*(>[ \t]?)+")
_CODE = re.compile(r"(`{1,3})([^`]+)\1")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_IMAGE = re.compile(r"!\[([^\]]{0,300})\]\([^)]{0,2000}\)")
_LINK = re.compile(r"\[([^\]]{1,300})\](?:\([^)]{0,2000}\)|\[[^\]]{0,300}\])")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]{1,2000}|[^>\s@]{1,300}@[^>\s]{1,300})>")
_TAG = re.compile(r"</?(?:a|b|br|center|div|em|font|i|img|p|small|span|strong|sub|sup|u)\b[^>]{0,300}>", re.I)
_STRONG = re.compile(r"(?<![\w*])\*\*([^*\s](?:[^*]*[^*\s])?)\*\*(?![\w*])|(?<!\w)__([^_\s](?:[^_]*[^_\s])?)__(?!\w)")
_EMPHASIS = re.compile(r"(?<![\w*])\*([^*\s](?:[^*]*[^*\s])?)\*(?![\w*])|(?<!\w)_([^_\s](?:[^_]*[^_\s])?)_(?!\w)")
_STRIKE = re.compile(r"~~([^~\s](?:[^~]*[^~\s])?)~~")
_ESCAPED_BASE = 0xE000  # escaped characters hide in the private-use area while markup is removed


def read(text: str) -> Document:
    """Read a Markdown CV already decoded to str."""
    drafts: list[Draft] = []
    fence = ""
    follows = False
    for number, row in enumerate(text.splitlines(), start=1):
        fence, skip = _fence_state(row, fence)
        if skip:
            continue
        draft = _code_draft(row, number) if fence else _draft(row, number, drafts, follows=follows)
        follows = bool(row.strip())
        if draft is not None:
            drafts.append(draft)
    return Document(to_lines(join_wrapped(drafts, tolerance=math.inf)), "markdown")


def _fence_state(row: str, fence: str) -> tuple[str, bool]:
    """(the open fence or "", whether this row is a fence line to skip)."""
    match = _FENCE.match(row)
    if match is None:
        return fence, False
    if not fence:
        return match.group(1), True
    return ("", True) if match.group(1) == fence else (fence, False)


def _code_draft(row: str, number: int) -> Draft | None:
    """A line inside a fenced block, kept as written."""
    return Draft(row, source_line=number, follows=False) if row.strip() else None


def _draft(row: str, number: int, drafts: list[Draft], *, follows: bool) -> Draft | None:
    """One Markdown line as a draft; underlines turn the line above into a heading and give None."""
    row = _without_comments(_QUOTE.sub("", row))
    if not row.strip():
        return None
    if _SETEXT.match(row) and _underlines(drafts, number):
        drafts[-1] = Draft(drafts[-1].text, LineKind.HEADING, source_line=drafts[-1].source_line)
        return None
    if _RULE.match(row) or (_TABLE_RULE.match(row) and "-" in row and "|" in row):
        return None
    if heading := _ATX.match(row):
        title = _CLOSING_HASHES.sub("", row[heading.end() :].rstrip())
        return Draft(clean(title), LineKind.HEADING, source_line=number)
    if item := _ITEM.match(row):
        return _item(item, number, follows=follows)
    return Draft(clean(_table_row(row)), source_line=number, indent=len(row) - len(row.lstrip()), follows=follows)


def _without_comments(row: str) -> str:
    """The row without <!-- HTML comments --> (found with str.find, which cannot backtrack)."""
    start = row.find("<!--")
    while start != -1:
        end = row.find("-->", start + 4)
        row = row[:start] + (row[end + 3 :] if end != -1 else "")
        start = row.find("<!--", start)
    return row


def _underlines(drafts: list[Draft], number: int) -> bool:
    """An underline row makes a heading only of a plain text line directly above it."""
    return bool(drafts) and drafts[-1].kind is LineKind.TEXT and drafts[-1].source_line == number - 1


def _item(match: re.Match[str], number: int, *, follows: bool) -> Draft:
    """A list item: the glyph as written for -, * and +; "1." or "1)" for every numbered item."""
    marker = match.group(2)
    glyph = marker if marker in "-*+" else "1" + marker[-1]
    indent = len(match.group(1).expandtabs(4))
    return Draft(clean(match.group(3)), LineKind.BULLET, glyph, None, number, indent=indent, follows=follows)


def _table_row(row: str) -> str:
    """Table cells joined by " | " without the outer pipes; other rows unchanged."""
    stripped = row.strip()
    if not (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1):
        return row
    return " | ".join(cell.strip() for cell in stripped[1:-1].split("|"))


def clean(text: str) -> str:
    """The text a reader sees once inline markup (emphasis, code, links, tags) is rendered."""
    pieces = []
    position = 0
    for code in _CODE.finditer(text):
        pieces.append(_clean_inline(text[position : code.start()]))
        pieces.append(code.group(2).strip())
        position = code.end()
    pieces.append(_clean_inline(text[position:]))
    return "".join(pieces).strip()


def _clean_inline(text: str) -> str:
    """Remove inline markup outside code spans; backslash escapes survive as their plain character."""
    text = _ESCAPE.sub(lambda match: chr(_ESCAPED_BASE + ord(match.group(1))), text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", _AUTOLINK.sub(r"\1", text))
    for _ in range(2):  # twice, so ***both*** loses both layers
        text = _STRONG.sub(_inner, text)
        text = _EMPHASIS.sub(_inner, text)
    text = _STRIKE.sub(r"\1", text)
    return "".join(chr(ord(char) - _ESCAPED_BASE) if _is_escaped(char) else char for char in text)


def _inner(match: re.Match[str]) -> str:
    """The emphasised text, whichever of the two delimiters matched."""
    return match.group(1) if match.group(1) is not None else match.group(2)


def _is_escaped(char: str) -> bool:
    """Whether a character stands for a backslash-escaped one."""
    return _ESCAPED_BASE < ord(char) < _ESCAPED_BASE + 128
