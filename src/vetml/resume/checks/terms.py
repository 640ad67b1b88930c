"""The same term written two ways in one CV: "Python" and "python", "dataset" and "data set"."""

from __future__ import annotations

from collections import Counter, defaultdict

from vetml.resume import lexicon
from vetml.resume.checks import Context
from vetml.resume.document import LineKind
from vetml.resume.findings import Finding, Kind, Severity, make
from vetml.resume.text import tokens

Occurrence = tuple[int, int, int, str]  # line, start, end, the form as written


def check(context: Context) -> list[Finding]:
    """Technical names in more than one capitalisation, and words both joined and split."""
    casing, joining = _occurrences(context)
    found = []
    for groups, why in ((casing, "capitalised"), (joining, "joined and split")):
        for occurrences in groups.values():
            found.extend(_odd_ones(context, occurrences, why))
    return found


def _occurrences(context: Context) -> tuple[dict[str, list[Occurrence]], dict[str, list[Occurrence]]]:
    casing: dict[str, list[Occurrence]] = defaultdict(list)
    joining: dict[str, list[Occurrence]] = defaultdict(list)
    singles: set[str] = set()
    pairs: list[tuple[str, Occurrence]] = []
    for index, line in enumerate(context.document.lines):
        if line.kind is LineKind.HEADING:
            continue
        words = tokens(line.text)
        for position, token in enumerate(words):
            lowered = token.text.lower()
            singles.add(lowered)
            joining[lowered].append((index, token.start, token.end, token.text.lower()))
            if tech_word(lowered) and not token.text.isupper() and not _starts_sentence(line.text, token.start):
                casing[lowered].append((index, token.start, token.end, token.text))
            if position + 1 < len(words):
                after = words[position + 1]
                gap = line.text[token.end : after.start]
                if gap in (" ", "-"):
                    form = f"{lowered}{gap}{after.text.lower()}"
                    pairs.append((lowered + after.text.lower(), (index, token.start, after.end, form)))
    for key, occurrence in pairs:
        if key in singles and (lexicon.known_english(key) or key in lexicon.jargon() or key in lexicon.tech_by_lower()):
            joining[key].append(occurrence)
    mixed = {key: found for key, found in joining.items() if key in {form for *_, form in found}}
    return casing, {key: found for key, found in mixed.items() if len({form for *_, form in found}) > 1}


# Technical names that are also ordinary words but, in an engineer's CV, always mean the technology.
TECH_FIRST = frozenset(
    {
        "python",
        "java",
        "ruby",
        "swift",
        "julia",
        "scala",
        "docker",
        "spark",
        "airflow",
        "kafka",
        "snowflake",
        "excel",
        "linux",
        "jenkins",
        "terraform",
        "redis",
        "django",
        "flask",
    }
)


def _starts_sentence(text: str, start: int) -> bool:
    """Whether a word opens the line or a sentence; after a colon ("Languages: Python") its case still counts."""
    before = text[:start].rstrip(" \"'(“‘")
    return not before or before[-1] in ".!?"


def tech_word(lowered: str) -> bool:
    """A technical name whose capital letters mean something: not an ordinary English word, or one of the few
    ordinary words that in a CV always name a technology."""
    if len(lowered) < 3 or lowered not in lexicon.tech_by_lower():
        return False
    return lowered in TECH_FIRST or not lexicon.known_english(lowered)


def _odd_ones(context: Context, occurrences: list[Occurrence], why: str) -> list[Finding]:
    forms = Counter(form for *_, form in occurrences)
    if len(forms) < 2:
        return []
    canonical = lexicon.tech_by_lower().get(occurrences[0][3].lower().replace(" ", "").replace("-", ""))
    order = [form for *_, form in occurrences]
    usual = max(forms, key=lambda form: (forms[form], form == canonical, -order.index(form)))
    found = []
    for index, start, end, form in occurrences:
        if form != usual:
            line = context.document.lines[index]
            found.append(
                make(
                    Kind.TERM_CONSISTENCY,
                    Severity.LOW,
                    line=index,
                    start=start,
                    end=end,
                    text=line.text,
                    where=line.where(),
                    why=f"The same term is {why} in different ways in this CV.",
                    fix=f"Write it as '{usual}' everywhere.",
                )
            )
    return found
