"""Proper names written almost right: countries, universities and well-known companies, matched fuzzily.

A candidate who misspells their own university or country is remembered for it. We look at every run of
words that starts with a capital, compare it with the curated names of the same length, and report a
near miss ("Untied Kingdom", "Stanfrod University", "Inida") with the name it should be.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from vetml.resume import lexicon
from vetml.resume.checks import Context
from vetml.resume.checks.tech_names import known_wrong
from vetml.resume.document import Document
from vetml.resume.findings import Finding, Kind, Severity, at
from vetml.resume.text import Token, tokens

SHORTEST_FUZZY = 5
LONG_NAME = 15  # names this long may be two edits away; shorter ones only one


@dataclass(frozen=True)
class _Names:
    """Curated names of one word count: lower-case forms for matching, the names as written, their kinds."""

    lowered: list[str]
    written: list[str]
    kinds: list[str]


@cache
def _by_length() -> dict[int, _Names]:
    grouped: dict[int, _Names] = {}
    catalogue = [("country", name) for name in lexicon.countries()]
    catalogue += [(kind, name) for kind, names in lexicon.institutions().items() for name in names]
    for kind, name in catalogue:
        names = grouped.setdefault(len(name.split()), _Names([], [], []))
        names.lowered.append(name.lower())
        names.written.append(name)
        names.kinds.append(kind)
    return grouped


@cache
def _exact() -> frozenset[str]:
    return frozenset(name for names in _by_length().values() for name in names.lowered)


def check(context: Context) -> list[Finding]:
    """Near misses of curated names, one finding per misspelt name."""
    found = []
    for index, line in enumerate(context.document.lines):
        if context.document.is_name_line(index):
            continue  # the candidate's own name: "Mehta" is not a misspelt "Meta"
        words = tokens(line.text)
        spans = _exact_matches(line.text, words)
        for start in range(len(words)):
            if not words[start].text[0].isupper():
                continue
            hit = _near_miss(line.text, words, start, spans)
            if hit:
                end, right, kind = hit
                spans.append((start, end))
                found.append(_finding(context.document, index, words[start].start, words[end - 1].end, right, kind))
    return found


def _exact_matches(text: str, words: Sequence[Token]) -> list[tuple[int, int]]:
    """Word ranges that are curated names written correctly."""
    spans = []
    for size in _by_length():
        for start in range(len(words) - size + 1):
            if _window(text, words, start, size).lower() in _exact():
                spans.append((start, start + size))
    return spans


def _window(text: str, words: Sequence[Token], start: int, size: int) -> str:
    return text[words[start].start : words[start + size - 1].end]


def _blocked(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """A window may hold a correct name whole ("EPAM" in "EPAM Systeems") but not cut one, nor be one."""
    covered: set[int] = set()
    for span_start, span_end in spans:
        if span_start < end and start < span_end:
            if span_start < start or span_end > end:
                return True
            covered.update(range(span_start, span_end))
    return covered >= set(range(start, end))


def _near_miss(
    text: str, words: Sequence[Token], start: int, spans: list[tuple[int, int]]
) -> tuple[int, str, str] | None:
    """The longest window from `start` that is a near miss of a curated name: (end, right name, kind)."""
    for size in sorted(_by_length(), reverse=True):
        end = start + size
        if end > len(words) or _blocked(start, end, spans):
            continue
        window = _window(text, words, start, size)
        if (size == 1 and not _unknown_word(window)) or any(word.text in known_wrong() for word in words[start:end]):
            continue  # a known wrong form of a tool name ("Reddis") is the technical-name check's
        names = _by_length()[size]
        match = process.extractOne(window.lower(), names.lowered, scorer=OSA.distance, score_cutoff=2)
        if match and _close_enough(window.lower(), match[0], match[1]):
            return end, names.written[match[2]], names.kinds[match[2]]
    return None


def _unknown_word(word: str) -> bool:
    """A single word is only a near miss of a name when it is long and no dictionary or lexicon knows it."""
    lowered = word.lower()
    if len(word) < SHORTEST_FUZZY or lowered in lexicon.tech_by_lower() or lowered in lexicon.jargon():
        return False
    return not lexicon.known_english(word)


def _close_enough(window: str, name: str, distance: float) -> bool:
    """One edit for short names and two for long ones; a name with a suffix ("South African") is not a miss."""
    if distance == 0 or window.startswith(name) or name.startswith(window):
        return False
    if len(name) < SHORTEST_FUZZY:
        return False  # "Meta", "Uber", "Snap": one letter away from too many surnames and words
    return distance <= (2 if len(name) >= LONG_NAME else 1)


def _finding(document: Document, index: int, start: int, end: int, right: str, kind: str) -> Finding:
    what = {"country": "country", "university": "university", "company": "company"}[kind]
    why = f"A misspelt {what} name stands out to every reader who knows it, and is easy to avoid."
    return at(document, index, start, end, Kind.PROPER_NAME, Severity.HIGH, why=why, fix=f"Write '{right}'.")
