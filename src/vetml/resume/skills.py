"""Skills a CV names, matched against our lexicon of ML-engineering skills, and whether the CV backs them up.

A skill is *claimed* when the CV names it anywhere and *evidenced* when a role's or project's bullet
describes using it. A claimed skill without evidence is what an interviewer should probe first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from vetml.resume.document import Document, LineKind
from vetml.resume.lexicon import known_english, load_data
from vetml.resume.structure import Section, SectionKind

EVIDENCE_SECTIONS = {SectionKind.EXPERIENCE, SectionKind.PROJECTS}


@dataclass(frozen=True)
class SkillEntry:
    """A skill of the lexicon: its canonical name, category and the bank tags that probe it."""

    name: str
    category: str
    tags: tuple[str, ...]


class Evidence(BaseModel):
    """Where a skill is used: the quoted line and its location."""

    quote: str
    location: str


class SkillFound(BaseModel):
    """A skill the CV names, with whether any role or project shows it in use."""

    name: str
    category: str
    tags: list[str]
    evidenced: bool
    evidence: list[Evidence]


@dataclass(frozen=True)
class _Matcher:
    """All skill phrases in two patterns (case-blind, and as-written for words that are also English) and the
    skill each phrase names; one scan of a line finds every skill in it."""

    any_case: re.Pattern[str]
    as_written: re.Pattern[str]
    by_phrase: dict[str, SkillEntry]

    def find(self, text: str) -> set[SkillEntry]:
        found = {self.by_phrase[_key(match.group())] for match in self.any_case.finditer(text)}
        return found | {self.by_phrase[match.group()] for match in self.as_written.finditer(text)}


def _key(phrase: str) -> str:
    return re.sub(r"[\s-]+", " ", phrase.lower())


@cache
def matcher() -> _Matcher:
    """The skills lexicon compiled for matching."""
    any_case: list[str] = []
    as_written: list[str] = []
    by_phrase: dict[str, SkillEntry] = {}
    for item in load_data("skills.yaml")["skills"]:
        entry = SkillEntry(item["name"], item["category"], tuple(item.get("tags") or ()))
        for phrase in {item["name"], *(item.get("aliases") or ())}:
            if _case_matters(phrase):
                as_written.append(phrase)
                by_phrase.setdefault(phrase, entry)
            else:
                any_case.append(phrase)
                by_phrase.setdefault(_key(phrase), entry)
    return _Matcher(_compile(any_case, re.IGNORECASE), _compile(as_written, 0), by_phrase)


def _case_matters(phrase: str) -> bool:
    """A single word that is also ordinary English ("Go", "Helm", "Spark", "R") counts only as written, so
    "go live" or "at the helm" claim nothing; other phrases match in any case."""
    if " " in phrase or "-" in phrase:
        return False
    return len(phrase) <= 2 or known_english(phrase.lower())


def _compile(phrases: list[str], flags: int) -> re.Pattern[str]:
    alternatives = "|".join(
        re.escape(phrase).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+")
        for phrase in sorted(phrases, key=len, reverse=True)
    )
    # Not inside a longer word, a path or a domain: "github.com/ana" is a link, not a claim of GitHub.
    return re.compile(rf"(?<![\w.+#/-])(?:{alternatives})(?![\w+#&]|[-.]\w)", flags)


def extract(document: Document, sections: list[Section]) -> list[SkillFound]:
    """Every lexicon skill the CV names, evidenced ones first, each with up to three quotes of use."""
    in_evidence = _evidence_lines(sections)
    found: dict[str, SkillFound] = {}
    for index, line in enumerate(document.lines):
        if line.kind is LineKind.HEADING:
            continue
        for entry in sorted(matcher().find(line.text), key=lambda skill: skill.name):
            skill = found.setdefault(
                entry.name,
                SkillFound(
                    name=entry.name, category=entry.category, tags=list(entry.tags), evidenced=False, evidence=[]
                ),
            )
            if index in in_evidence and len(skill.evidence) < 3:
                skill.evidenced = True
                skill.evidence.append(Evidence(quote=line.text, location=line.where()))
    return sorted(found.values(), key=lambda skill: (not skill.evidenced, skill.category, skill.name.lower()))


def _evidence_lines(sections: list[Section]) -> set[int]:
    """Bullets (and description lines) of roles and projects: the places that describe work done."""
    lines: set[int] = set()
    for section in sections:
        if section.kind in EVIDENCE_SECTIONS:
            for entry in section.entries:
                lines.update(entry.bullets)
    return lines


def unevidenced(skills: list[SkillFound]) -> list[str]:
    """Names of skills the CV claims but never shows in use, for the loop planner's deep dives."""
    return [skill.name for skill in skills if not skill.evidenced]
