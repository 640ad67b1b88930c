"""Words and the parts of a line that are not prose (addresses, links, handles), found once for every check."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Letters with an optional apostrophe part ("don't", "team's"); hyphenated words are split into their parts.
WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’][A-Za-z]+)?")
# Things spell checkers must not read as words: e-mail addresses, links, paths, handles, versions, code.
NOT_PROSE = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|(?:https?://|www\.)\S+"  # links
    r"|\b[\w-]+(?:\.[\w-]+)+/\S*"  # github.com/name, domain/path
    r"|\b[\w-]+\.(?:com|org|net|io|ai|dev|me|co|uk|de|in|edu)\b"  # bare domains
    r"|@\w+"  # handles
    r"|\b\w+/[\w-]+"  # in/name, A/B, CI/CD
    r"|(?:^|(?<=\|))\s*[a-z0-9][\w.-]*\s*(?=\||$)"  # a lone lower-case piece of a contact line: a wrapped handle
    r"|`[^`]*`"  # inline code
    r"|\b\w+(?:[._/]\w+)+\b"  # snake_case, dotted.names, paths
)


@dataclass(frozen=True)
class Token:
    """A word of a line with its offsets."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=4096)
def masked_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges that are not prose (cached: every check asks about the same lines)."""
    return tuple(match.span() for match in NOT_PROSE.finditer(text))


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[Token, ...]:
    """The prose words of a line, skipping anything inside an address, link or code."""
    masks = masked_ranges(text)
    found = []
    for match in WORD.finditer(text):
        start, end = match.span()
        if any(mask_start <= start < mask_end for mask_start, mask_end in masks):
            continue
        found.append(Token(match.group(), start, end))
    return tuple(found)


def sentence_initial(text: str, token: Token) -> bool:
    """Whether a word starts the line or a sentence, where a capital letter says nothing about the word."""
    before = text[: token.start].rstrip(" \"'(“‘")
    return not before or before[-1] in ".!?:;•–—-|"
