"""Real words in the wrong place: a spell checker accepts "Lead" for "Led" or "Untied" for "United";
a reader does not. Each rule names the context that makes the word wrong, so right uses are not flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vetml.resume.checks import Context
from vetml.resume.document import Document
from vetml.resume.findings import Finding, Kind, Severity, at
from vetml.resume.verbs import first_word

WHY = "The word is spelt right but is not the word meant; a spell checker misses it and a reader does not."


@dataclass(frozen=True)
class Rule:
    """A pattern for a wrong word in its context, the group that is wrong, and what to write instead."""

    pattern: re.Pattern[str]
    right: str


def _rule(pattern: str, right: str, flags: int = 0) -> Rule:
    return Rule(re.compile(pattern, flags), right)


_ROLES = r"(?:Software |Machine Learning |ML |Data |Research |AI |Applied |Product |Cloud |Solutions? )*"
# Each pattern marks the wrong word as the group "w"; what surrounds it is the context that makes it wrong.
RULES = [
    _rule(r"\b(?P<w>[Uu]ntied)\b", "United"),
    _rule(r"\b(?P<w>[Ss]crapper)s?\b", "scraper"),
    _rule(
        rf"\b(?P<w>[Pp]rinciple) {_ROLES}(?:Engineer|Scientist|Consultant|Architect|Investigator|Analyst|Researcher)",
        "Principal",
    ),
    _rule(r"\b(?P<w>[Pp]rinciple) [Cc]omponents? [Aa]nalysis", "principal"),
    _rule(r"\b(?P<w>[Pp]rincipal) of (?:least|separation|minimal)", "principle"),
    _rule(
        r"\b(?P<w>[Cc]omplimentary) (?:to|skills|tools|approaches?|methods|techniques|features|signals|data)\b",
        "complementary",
    ),
    _rule(
        r"\b(?P<w>[Cc]ompliment(?:s|ed|ing)?) (?:the|our|existing|each other|rule-based|manual|offline|online)\b",
        "complement",
    ),
    _rule(
        r"\b(?:to|can|could|would|may|might|will|not|negatively|directly|adversely|significantly) "
        r"(?P<w>effect(?:s|ed|ing)?)\b(?! change)",
        "affect",
    ),
    _rule(r"\b(?:an|the|no|positive|negative|significant|measurable|direct|major) (?P<w>affect) (?:on|of)\b", "effect"),
    _rule(
        r"\b(?:more|less|better|worse|faster|slower|lower|higher|greater|fewer|larger|smaller|cheaper|rather"
        r"|longer|shorter|earlier|later) (?P<w>then)\b",
        "than",
    ),
    _rule(r"\b(?P<w>[Mm]anger)s?\b", "manager"),
    _rule(r"\b(?P<w>[Ii]t's) own\b", "its"),
    _rule(r"\b(?P<w>[Pp]eek) (?:load|traffic|hours?|demand|usage|throughput|season|times?|QPS|RPS)\b", "peak"),
    _rule(r"\b(?:GDPR|HIPAA|SOC 2|PCI|PCI-DSS|ISO 27001)[ -](?P<w>complaint)\b", "compliant"),
    _rule(
        r"\b(?P<w>[Dd]iscreet) (?:event|variables?|values?|time|distributions?|features?|optimi[sz]ation|actions?)",
        "discrete",
    ),
    _rule(r"\b(?P<w>[Pp]ubic)\b", "public"),
    _rule(
        r"\b(?P<w>[Ll]oose) (?:weight|data|information|accuracy|customers|users|money|progress|state|context)\b", "lose"
    ),
]


def check(context: Context) -> list[Finding]:
    """Every rule over every line, plus "Lead" opening a bullet of a finished role."""
    found: list[Finding] = []
    for index, line in enumerate(context.document.lines):
        for rule in RULES:
            for match in rule.pattern.finditer(line.text):
                found.append(_finding(context.document, index, match.start("w"), match.end("w"), rule.right))
    found.extend(_lead_for_led(context))
    return found


def _lead_for_led(context: Context) -> list[Finding]:
    """ "Lead the migration" in a role that has ended means "Led": the past tense of lead is led."""
    found = []
    for section in context.sections:
        for entry in section.entries:
            if entry.dates is None or entry.dates.current:
                continue
            for index in entry.bullets:
                text = context.document.lines[index].text
                word = first_word(text)
                if word and word.text == "Lead":
                    found.append(_finding(context.document, index, word.start, word.end, "Led"))
    return found


def _finding(document: Document, index: int, start: int, end: int, right: str) -> Finding:
    written = document.lines[index].text[start:end]
    fix = right if written[0].isupper() == right[0].isupper() else right[0].swapcase() + right[1:]
    return at(document, index, start, end, Kind.CONFUSION, Severity.HIGH, why=WHY, fix=f"Write '{fix}'.")
