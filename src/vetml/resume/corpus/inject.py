"""Defects put into a clean CV at known lines, one injector per kind of finding.

Each injector changes one line and returns the exact text a reviewer should quote. An injector that
finds nothing to change in a CV (no "Led" to turn into "Lead", say) returns None and the CV is used
for the other kinds only.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from vetml.resume import lexicon
from vetml.resume.corpus.model import MONTHS, RenderedCv
from vetml.resume.findings import Kind
from vetml.resume.structure import NOT_FULL_TIME
from vetml.resume.verbs import Tense, first_word, in_tense, tense_of


@dataclass(frozen=True)
class Injected:
    """A defect as injected: its kind, the line it is on and the text a finding must quote."""

    kind: Kind
    line: int
    quote: str
    reserved: tuple[int, ...] = ()  # other lines no later defect may touch (the role whose dates changed)


Injector = Callable[[RenderedCv, random.Random, set[int]], tuple[RenderedCv, Injected] | None]
PROSE = ("experience-bullet", "project-bullet", "summary")


def _lines(cv: RenderedCv, roles: tuple[str, ...], used: set[int]) -> list[int]:
    return [index for index, line in enumerate(cv.lines) if line.role in roles and index not in used]


def _typo(word: str, rng: random.Random) -> str:
    """The word with one slip of the hand: two inner letters swapped, one dropped or one doubled."""
    position = rng.randrange(1, len(word) - 2)
    how = rng.choice(("swap", "drop", "double"))
    if how == "swap" and word[position] != word[position + 1]:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    if how == "drop":
        return word[:position] + word[position + 1 :]
    return word[:position] + word[position] + word[position:]


def spelling(cv: RenderedCv, rng: random.Random, used: set[int]) -> tuple[RenderedCv, Injected] | None:
    """An ordinary word of a bullet misspelt."""
    for index in rng.sample(_lines(cv, PROSE, used), k=len(_lines(cv, PROSE, used))):
        text = cv.lines[index].text
        words = [match for match in re.finditer(r"(?<![\w-])[a-z]{6,}(?![\w-])", text) if _ordinary(match.group())]
        if not words:
            continue
        match = rng.choice(words)
        for _attempt in range(5):
            wrong = _typo(match.group(), rng)
            if _unknown(wrong):
                changed = text[: match.start()] + wrong + text[match.end() :]
                return cv.with_line(index, text=changed), Injected(Kind.SPELLING, index, wrong)
    return None


def _ordinary(word: str) -> bool:
    lowered = word.lower()
    return lexicon.known_english(word) and lowered not in lexicon.tech_by_lower() and lowered not in lexicon.jargon()


def _unknown(word: str) -> bool:
    lowered = word.lower()
    known = lowered in lexicon.tech_by_lower() or lowered in lexicon.jargon() or lowered in lexicon.proper_words()
    return not known and not lexicon.known_english(word)


def tech_name(cv: RenderedCv, rng: random.Random, used: set[int]) -> tuple[RenderedCv, Injected] | None:
    """A technical name replaced by one of its known wrong forms."""
    terms = [term for term in lexicon.tech_terms() if term.wrong]
    candidates = []
    for index in _lines(cv, (*PROSE, "skills"), used):
        text = cv.lines[index].text
        for term in terms:
            for match in re.finditer(rf"(?<![\w.-]){re.escape(term.name)}(?![\w-])", text):
                candidates.append((index, match, term))
    if not candidates:
        return None
    index, match, term = rng.choice(candidates)
    wrong = rng.choice([form for form in term.wrong if " " not in form] or list(term.wrong))
    text = cv.lines[index].text
    return cv.with_line(index, text=text[: match.start()] + wrong + text[match.end() :]), Injected(
        Kind.TECH_NAME, index, wrong
    )


def proper_name(cv: RenderedCv, rng: random.Random, used: set[int]) -> tuple[RenderedCv, Injected] | None:
    """A country, university or company name with one letter slip in its longest word."""
    names = [*lexicon.countries(), *lexicon.institutions()["university"], *lexicon.institutions()["company"]]
    names = [name for name in names if name.lower() not in lexicon.tech_by_lower()]  # Databricks: a tool's name too
    candidates = []
    for index in _lines(cv, ("entry", "school", "contact", *PROSE), used):
        text = cv.lines[index].text
        for name in names:
            longest = max(name.split(), key=len)
            if len(longest) >= 6 and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                candidates.append((index, name, longest))
    rng.shuffle(candidates)
    for index, name, longest in candidates:
        wrong_word = _typo(longest, rng)
        if not _unknown(wrong_word):
            continue
        wrong = name.replace(longest, wrong_word, 1)
        text = cv.lines[index].text
        return cv.with_line(index, text=text.replace(name, wrong, 1)), Injected(Kind.PROPER_NAME, index, wrong_word)
    return None


_CONFUSIONS = [
    (r"^(?P<w>Led)\b", "Lead"),
    (r"\b(?P<w>United) (?:States|Kingdom|Arab)", "Untied"),
    (r"\b(?P<w>manager)\b", "manger"),
    (r"\b(?:more|less|better|faster|lower|higher|fewer) (?P<w>than)\b", "then"),
    (r"\b(?P<w>Principal) \w+", "Principle"),
    (r"\b(?P<w>scraper)", "scrapper"),
]


def confusion(cv: RenderedCv, rng: random.Random, used: set[int]) -> tuple[RenderedCv, Injected] | None:
    """A real word put where another belongs: Led → Lead in a finished role, United → Untied, than → then."""
    candidates = []
    for index in _lines(cv, ("entry", "contact", "school", "headline", *PROSE), used):
        line = cv.lines[index]
        for pattern, wrong in _CONFUSIONS:
            if wrong == "Lead" and not (line.role == "experience-bullet" and line.finished):
                continue
            match = re.search(pattern, line.text)
            if match:
                candidates.append((index, match, wrong))
    if not candidates:
        return None
    index, match, wrong = rng.choice(candidates)
    text = cv.lines[index].text
    changed = text[: match.start("w")] + wrong + text[match.end("w") :]
    return cv.with_line(index, text=changed), Injected(Kind.CONFUSION, index, wrong)


_PLACEHOLDERS = [
    "Reference line item {n}",
    "Lorem ipsum dolor sit amet",
    "[Company Name]",
    "TBD",
    "Skill {n}",
    "john.doe@example.com",
    "(555) 555-01{n}{n}",
    "[Insert achievement here]",
]


def placeholder(cv: RenderedCv, rng: random.Random, used: set[int]) -> tuple[RenderedCv, Injected] | None:
    """A template leftover: a sample line, filler text, a bracketed field, an example address or number."""
    filler = rng.choice(_PLACEHOLDERS).format(n=rng.randint(1, 4))
    roles = ("skills",) if filler.startswith("Skill") else ("contact",) if "@" in filler or "555" in filler else PROSE
    lines = _lines(cv, roles, used)
    if not lines:
        return None
    index = rng.choice(lines)
    text = cv.lines[index].text
    if roles == ("contact",):
        parts = text.split(" | ")
        parts[0 if "@" in filler else 1] = filler
        changed = " | ".join(parts)
    elif roles == ("skills",):
        changed = f"{text}, {filler}"
    elif filler == "TBD":
        changed = f"{text.rstrip('.')} (TBD)"
    else:
        changed = filler
    return cv.with_line(index, text=changed), Injected(Kind.PLACEHOLDER, index, filler)


def date_format(cv: RenderedCv, rng: random.Random, used: set[int]) -> tuple[RenderedCv, Injected] | None:
    """One date written in another style, or one range joined with another dash."""
    lines = [
        index
        for index in _lines(cv, ("dates", "school-dates"), used)
        if not cv.lines[index].text.startswith(("May", "05/"))
    ]
    if len(lines) < 3:
        return None
    index = rng.choice(lines[1:])
    text = cv.lines[index].text
    if rng.random() < 0.3:
        other = rng.choice([dash for dash in (" - ", "-", " to ", " — ") if dash != cv.dash])
        changed = text.replace(cv.dash, other, 1)
        return cv.with_line(index, text=changed), Injected(Kind.DATE_FORMAT, index, changed)
    first = text.split(cv.dash)[0]
    restyled = _restyle(first, cv.date_style, rng)
    if restyled is None:
        return None
    return cv.with_line(index, text=text.replace(first, restyled, 1)), Injected(Kind.DATE_FORMAT, index, restyled)


def _restyle(written: str, style: str, rng: random.Random) -> str | None:
    match = re.match(r"(\w+)[ /](\d{4})", written)
    if not match:
        return None
    month = (
        int(match.group(1))
        if match.group(1).isdigit()
        else next(number for number, name in enumerate(MONTHS, 1) if name.startswith(match.group(1)))
    )
    if month in (5, 6, 7) and style != "MM/YYYY":
        return f"{month:02d}/{match.group(2)}"  # May, June and July read the same in full and short forms
    options = {
        "abbreviated": [f"{MONTHS[month - 1]} {match.group(2)}", f"{month:02d}/{match.group(2)}"],
        "full": [f"{MONTHS[month - 1][:3]} {match.group(2)}", f"{match.group(2)}-{month:02d}"],
        "MM/YYYY": [f"{MONTHS[month - 1]} {match.group(2)}", f"{MONTHS[month - 1][:3]}. {match.group(2)}"],
    }
    return rng.choice(options[style])


def chronology(cv: RenderedCv, rng: random.Random, used: set[int]) -> tuple[RenderedCv, Injected] | None:
    """A finished role whose end comes before its start, or a second role marked as current.

    The role's bullets are reserved: a tense slip injected into a role that now looks current would be
    judged against the new dates, not the ones the slip was made for.
    """
    finished = [index for index in _lines(cv, ("dates",), used) if cv.lines[index].finished]
    free = [index for index in finished if not used.intersection(_entry_lines(cv, cv.lines[index].entry))]
    if not free:
        return None
    index = rng.choice(free)
    first, last = cv.lines[index].text.split(cv.dash)
    full_time = not NOT_FULL_TIME.search(cv.lines[index - 1].text)  # the role's title line comes just before
    swap = rng.random() < 0.5 or not full_time  # a second current role is only wrong for a full-time one
    changed = f"{last}{cv.dash}{first}" if swap else f"{first}{cv.dash}Present"
    reserved = tuple(_entry_lines(cv, cv.lines[index].entry))
    return cv.with_line(index, text=changed), Injected(Kind.CHRONOLOGY, index, changed, reserved)


def _entry_lines(cv: RenderedCv, entry: int) -> set[int]:
    return {index for index, line in enumerate(cv.lines) if line.role.startswith("experience") and line.entry == entry}


def tense(cv: RenderedCv, rng: random.Random, used: set[int]) -> tuple[RenderedCv, Injected] | None:
    """A bullet of a finished role opened with a present-tense verb."""
    candidates = []
    for index in _lines(cv, ("experience-bullet",), used):
        line = cv.lines[index]
        word = first_word(line.text)
        if line.finished and word and word.text != "Led" and tense_of(word.text) is Tense.PAST:
            present = in_tense(word.text, Tense.PRESENT)
            if present and tense_of(present) is Tense.PRESENT:
                candidates.append((index, word, present))
    if not candidates:
        return None
    index, word, present = rng.choice(candidates)
    text = cv.lines[index].text
    return cv.with_line(index, text=present + text[word.end :]), Injected(Kind.TENSE, index, present)


def bullet_glyph(cv: RenderedCv, rng: random.Random, used: set[int]) -> tuple[RenderedCv, Injected] | None:
    """One bullet written with another glyph."""
    lines = _lines(cv, ("experience-bullet", "project-bullet"), used)
    index = rng.choice(lines)
    glyph = rng.choice(cv.glyphs)
    return cv.with_line(index, glyph=glyph), Injected(Kind.BULLET_GLYPH, index, cv.lines[index].text.split(" ", 1)[0])


def punctuation(cv: RenderedCv, rng: random.Random, used: set[int]) -> tuple[RenderedCv, Injected] | None:
    """A bullet that ends differently from the rest, or a space before a comma."""
    lines = _lines(cv, ("experience-bullet", "project-bullet"), used)
    index = rng.choice(lines)
    text = cv.lines[index].text
    if ", " in text and rng.random() < 0.4:
        return cv.with_line(index, text=text.replace(", ", " , ", 1)), Injected(Kind.PUNCTUATION, index, " ,")
    if text.endswith("."):
        return cv.with_line(index, text=text[:-1]), Injected(Kind.PUNCTUATION, index, text[:-1].split()[-1])
    return cv.with_line(index, text=text + "."), Injected(Kind.PUNCTUATION, index, ".")


def term_consistency(cv: RenderedCv, rng: random.Random, used: set[int]) -> tuple[RenderedCv, Injected] | None:
    """One later mention of a technical name written in lower case while the others are capitalised."""
    from vetml.resume.checks.terms import tech_word

    mentions: dict[str, list[tuple[int, re.Match[str]]]] = {}
    for index, line in enumerate(cv.lines):
        if line.role not in PROSE and line.role != "skills":
            continue
        for match in re.finditer(r"(?<![\w.-])([A-Z][A-Za-z]+)(?![\w-])", line.text):
            if match.start() > 0 and tech_word(match.group().lower()) and not match.group().isupper():
                mentions.setdefault(match.group(), []).append((index, match))
    options = [(name, found) for name, found in mentions.items() if len(found) >= 3]
    rng.shuffle(options)
    for name, found in options:
        later = [(index, match) for index, match in found[1:] if index not in used]
        if later:
            index, match = rng.choice(later)
            text = cv.lines[index].text
            lowered = name.lower()
            changed = text[: match.start()] + lowered + text[match.end() :]
            return cv.with_line(index, text=changed), Injected(Kind.TERM_CONSISTENCY, index, lowered)
    return None


INJECTORS: dict[Kind, Injector] = {
    Kind.SPELLING: spelling,
    Kind.TECH_NAME: tech_name,
    Kind.PROPER_NAME: proper_name,
    Kind.CONFUSION: confusion,
    Kind.PLACEHOLDER: placeholder,
    Kind.DATE_FORMAT: date_format,
    Kind.CHRONOLOGY: chronology,
    Kind.TENSE: tense,
    Kind.BULLET_GLYPH: bullet_glyph,
    Kind.PUNCTUATION: punctuation,
    Kind.TERM_CONSISTENCY: term_consistency,
}
# Formats that cannot carry a kind of defect: JSON Resume keeps ISO dates and has no bullet glyphs.
NOT_IN_FORMAT = {
    "json-resume": {Kind.DATE_FORMAT, Kind.CHRONOLOGY, Kind.BULLET_GLYPH},
    "latex": {Kind.BULLET_GLYPH},  # every \\item is printed with the class's own glyph
}
# A list item in Markdown can only start with -, * or +.
GLYPHS = {"markdown": ("*", "+")}


def inject_all(cv: RenderedCv, kinds: list[Kind], rng: random.Random) -> tuple[RenderedCv, list[Injected]]:
    """One defect of each kind that fits, each on its own line."""
    used: set[int] = set()
    injected = []
    for kind in kinds:
        result = INJECTORS[kind](cv, rng, used)
        if result is not None:
            cv, defect = result
            used.add(defect.line)
            used.update(defect.reserved)
            injected.append(defect)
    return cv, injected
