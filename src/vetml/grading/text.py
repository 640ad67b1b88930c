"""Splitting an answer into sentences that keep their character offsets in the original text.

Evidence shown to an interviewer points at exact spans of what the candidate wrote, so every
piece of text the engine reasons about remembers where it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The engine reads at most this much of an answer; a longer one is graded on its beginning and
# says so (a 100 KB paste is not a spoken answer).
MAX_GRADED_CHARS = 20_000
# An answer is cut into blocks first: paragraphs, list items, code fences and indented code lines;
# a hard-wrapped sentence stays one sentence. Each block is then cut at . ! ? or ; followed by a
# space and a capital, a digit or a quote.
_LINE = re.compile(r"[^\n]*\n?")
_NEW_ITEM = re.compile(r"\s*(?:[-*\u2022>]\s|\d{1,2}[.)]\s)")
_CODE = re.compile(r"```|    |\t")
_BOUNDARY = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'(])")
_LIST_MARKER = re.compile(r"\s*(?:[-*\u2022>]|\d{1,2}[.)])\s+|\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#'-]*|\d+(?:[.,]\d+)?")


_STOPWORD_TEXT = (
    "a an and are as at be but by can do does for from has have how i if in into is it its not of on or our so "
    "than that the their them then there these they this to was we were what when which while who why will with "
    "would you your each every one two any all more most such only also up out about"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True)
class Span:
    """A stretch of the answer: [start, end) character offsets and the text there."""

    start: int
    end: int
    text: str


def sentences(answer: str) -> list[Span]:
    """The answer's sentences (and list items, and code lines), stripped, with their offsets."""
    text = answer[:MAX_GRADED_CHARS]
    found = []
    for start, end in _blocks(text):
        marker = _LIST_MARKER.match(text, start, end)
        position = marker.end() if marker else start
        for boundary in _BOUNDARY.finditer(text, position, end):
            found.extend(_stripped(text, position, boundary.start()))
            position = boundary.end()
        found.extend(_stripped(text, position, end))
    return found


def _blocks(text: str) -> list[tuple[int, int]]:
    """[start, end) of each paragraph, list item or code line."""
    blocks: list[tuple[int, int]] = []
    start: int | None = None
    for line in _LINE.finditer(text):
        content = line.group()
        if not content:
            break
        if start is not None and (
            not content.strip() or _NEW_ITEM.match(content) or _CODE.match(content) or _CODE.match(text, start)
        ):
            blocks.append((start, line.start()))
            start = None
        if content.strip() and start is None:
            start = line.start()
    if start is not None:
        blocks.append((start, len(text)))
    return blocks


def words(text: str) -> list[str]:
    """Lower-cased words and numbers, for lexical comparisons."""
    return [word.lower() for word in _WORD.findall(text)]


def content_words(text: str, *, prefix: int, shortest: int) -> list[str]:
    """Words that carry meaning (no stopwords, at least ``shortest`` letters), cut to ``prefix`` letters.

    Cutting is a crude stemmer: at five letters 'alerts' and 'alerting' match.
    """
    return [word[:prefix] for word in words(text) if word not in STOPWORDS and len(word) >= shortest]


def _stripped(text: str, start: int, end: int) -> list[Span]:
    piece = text[start:end]
    start, end = start + len(piece) - len(piece.lstrip()), end - (len(piece) - len(piece.rstrip()))
    if end - start < 2 or not any(character.isalnum() for character in text[start:end]):
        return []
    return [Span(start, end, text[start:end])]
