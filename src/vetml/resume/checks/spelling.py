"""Spelling of ordinary words, with our technical lexicon and curated names so tool names are not flagged."""

from __future__ import annotations

from vetml.resume import lexicon
from vetml.resume.checks import Context
from vetml.resume.findings import Finding, Kind, Severity, make
from vetml.resume.text import Token, sentence_initial, tokens

MIN_LENGTH = 3


def check(context: Context) -> list[Finding]:
    """Words no English dictionary, lexicon or curated name list knows; capitalised words mid-sentence are
    taken for names (a company, a city, a person) and left to the proper-name check."""
    if not lexicon.dictionaries():
        return []
    found = []
    for index, line in enumerate(context.document.lines):
        if context.document.is_name_line(index):
            continue  # the candidate's own name
        for token in tokens(line.text):
            if _misspelt(line.text, token):
                found.append(_finding(index, line.text, token, line.where()))
    return found


def _misspelt(text: str, token: Token) -> bool:
    word = token.text
    if len(word) < MIN_LENGTH or word.isupper() or any(char.isupper() for char in word[1:]):
        return False
    if word[0].isupper() and not sentence_initial(text, token):
        return False
    lowered = word.lower().replace("’", "'")
    if lowered in lexicon.jargon() or lowered in lexicon.tech_by_lower() or lowered in lexicon.proper_words():
        return False
    return not (lexicon.known_english(word) or lexicon.known_english(lowered))


def _finding(index: int, text: str, token: Token, where: str) -> Finding:
    # Suggestions are the slow part of Hunspell: ask the second dictionary only if the first has none.
    suggestions = next(
        (found for dictionary in lexicon.dictionaries() if (found := dictionary.suggest(token.text))), []
    )
    fix = f"Did you mean '{suggestions[0]}'?" if suggestions else "Check the spelling of this word."
    return make(
        Kind.SPELLING,
        Severity.HIGH,
        line=index,
        start=token.start,
        end=token.end,
        text=text,
        where=where,
        why="A misspelt word is the first thing a careful reader notices.",
        fix=fix,
    )
