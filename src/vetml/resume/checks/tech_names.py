"""Technical names written wrongly: known misspellings ("Kubernets"), wrong casing ("Github") and near misses."""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from vetml.resume import lexicon
from vetml.resume.checks import Context
from vetml.resume.document import Document
from vetml.resume.findings import Finding, Kind, Severity, at
from vetml.resume.text import Token, masked_ranges, tokens

WHY = "Tool names are how engineers recognise each other's experience; writing one wrongly suggests little use of it."
MIN_FUZZY_LENGTH = 5


@cache
def _wrong_forms() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every known wrong form (longest first) and the right name for each."""
    correct = {wrong: term.name for term in lexicon.tech_terms() for wrong in term.wrong if wrong != term.name}
    alternatives = "|".join(re.escape(wrong) for wrong in sorted(correct, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])(?:{alternatives})(?![\w-])"), correct


@cache
def known_wrong() -> frozenset[str]:
    """The one-word known wrong forms ("Reddis"), so other checks leave them to this one."""
    return frozenset(wrong for wrong in _wrong_forms()[1] if " " not in wrong)


@cache
def _mixed_case_names() -> dict[str, str]:
    """Single-word names whose capitals are part of the name (PyTorch, GitHub), by their lower-case form."""
    return {
        term.name.lower(): term.name
        for term in lexicon.tech_terms()
        if re.fullmatch(r"[A-Za-z]+", term.name) and any(char.isupper() for char in term.name[1:])
    }


@cache
def _fuzzy_names() -> tuple[list[str], list[str]]:
    """Long single-word names in lower case (for near-miss matching) and as written."""
    names = [term.name for term in lexicon.tech_terms() if re.fullmatch(r"[A-Za-z]+", term.name)]
    long_names = [name for name in names if len(name) >= MIN_FUZZY_LENGTH]
    return [name.lower() for name in long_names], long_names


def check(context: Context) -> list[Finding]:
    """Known wrong forms anywhere, then wrong casing and near misses of single-word names."""
    found: list[Finding] = []
    for index, line in enumerate(context.document.lines):
        found.extend(_known_wrong(context.document, index))
        taken = {(finding.start, finding.end) for finding in found if finding.line == index}
        for token in tokens(line.text):
            right = _casing(line.text, token) or _near_miss(token)
            if right and (token.start, token.end) not in taken:
                found.append(_finding(context.document, index, token.start, token.end, right))
    return found


def _known_wrong(document: Document, index: int) -> list[Finding]:
    pattern, correct = _wrong_forms()
    text = document.lines[index].text
    masks = masked_ranges(text)
    return [
        _finding(document, index, match.start(), match.end(), correct[match.group()])
        for match in pattern.finditer(text)
        if not any(start <= match.start() < end for start, end in masks)
    ]


def _casing(text: str, token: Token) -> str | None:
    """The right casing when the word is a mixed-case name written with other capitals; all-lower and
    all-upper forms are left alone (package names, commands and headings use them)."""
    right = _mixed_case_names().get(token.text.lower())
    word = token.text
    if right is None or word == right or word.islower() or word.isupper():
        return None
    return right


def _near_miss(token: Token) -> str | None:
    """A long word no dictionary knows that is one or two letters away from a technical name."""
    word = token.text
    lowered = word.lower()
    if len(word) < MIN_FUZZY_LENGTH or lowered in lexicon.tech_by_lower() or lowered in lexicon.jargon():
        return None
    if lowered in lexicon.proper_words() or lexicon.known_english(word) or lexicon.known_english(lowered):
        return None
    lowered_names, names = _fuzzy_names()
    limit = 1 if len(word) < 8 else 2
    match = process.extractOne(lowered, lowered_names, scorer=OSA.distance, score_cutoff=limit)
    return names[match[2]] if match else None


def _finding(document: Document, index: int, start: int, end: int, right: str) -> Finding:
    return at(document, index, start, end, Kind.TECH_NAME, Severity.MEDIUM, why=WHY, fix=f"Write '{right}'.")
