"""Bullet tense: a finished role is told in the past tense; a current one in the present, without mixing."""

from __future__ import annotations

from collections import Counter

from vetml.resume.checks import Context
from vetml.resume.findings import Finding, Kind, Severity, make
from vetml.resume.structure import Entry
from vetml.resume.verbs import Tense, first_word, in_tense, tense_of


def check(context: Context) -> list[Finding]:
    """Present-tense bullets in finished roles; past-tense bullets in a current role that otherwise uses the present."""
    found = []
    for section in context.sections:
        for entry in section.entries:
            if entry.dates is not None and entry.bullets:
                found.extend(_entry_findings(context, entry))
    return found


def _entry_findings(context: Context, entry: Entry) -> list[Finding]:
    opening = []
    for index in entry.bullets:
        word = first_word(context.document.lines[index].text)
        tense = tense_of(word.text) if word else None
        if word and tense and word.text != "Lead":  # "Lead" in a past role is the led/lead confusion
            opening.append((index, word, tense))
    current = entry.dates is not None and entry.dates.current
    counts = Counter(tense for _index, _word, tense in opening)
    if current and counts[Tense.PRESENT] == 0:
        return []  # a current role told wholly in the past tense is a common, consistent choice
    wrong = Tense.PAST if current else Tense.PRESENT
    return [
        _finding(context, index, word.start, word.end, wrong, current)
        for index, word, tense in opening
        if tense is wrong
    ]


def _finding(context: Context, index: int, start: int, end: int, wrong: Tense, current: bool) -> Finding:
    line = context.document.lines[index]
    right = in_tense(line.text[start:end], Tense.PRESENT if wrong is Tense.PAST else Tense.PAST)
    why = (
        "This role is current and its other bullets use the present tense."
        if current
        else "This role has ended, so its bullets read best in the past tense."
    )
    return make(
        Kind.TENSE,
        Severity.LOW if current else Severity.MEDIUM,
        line=index,
        start=start,
        end=end,
        text=line.text,
        where=line.where(),
        why=why,
        fix=f"Write '{right}'." if right else "Change the tense.",
    )
