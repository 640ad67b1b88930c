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


@cache
def lexicon() -> tuple[tuple[re.Pattern[str], SkillEntry], ...]:
    """One whole-phrase pattern per skill, covering its name and aliases (see `_phrase_pattern` for case)."""
    found = []
    for item in load_data("skills.yaml")["skills"]:
        entry = SkillEntry(item["name"], item["category"], tuple(item.get("tags") or ()))
        phrases = sorted({item["name"], *(item.get("aliases") or ())}, key=len, reverse=True)
        alternatives = "|".join(_phrase_pattern(phrase) for phrase in phrases)
        found.append((re.compile(rf"(?<![\w.+#-])(?:{alternatives})(?![\w+#&]|-\w)"), entry))
    return tuple(found)


def _phrase_pattern(phrase: str) -> str:
    """Multi-word phrases match in any case; a single word that is also ordinary English ("Go", "Helm", "Spark",
    "R") matches only as written, so "go live" or "at the helm" do not claim a skill."""
    escaped = re.escape(phrase).replace(r"\ ", r"[\s-]+")
    if " " in phrase or "-" in phrase:
        return f"(?i:{escaped})"
    if len(phrase) <= 2 or known_english(phrase.lower()):
        return escaped
    return f"(?i:{escaped})"


def extract(document: Document, sections: list[Section]) -> list[SkillFound]:
    """Every lexicon skill the CV names, evidenced ones first, each with up to three quotes of use."""
    in_evidence = _evidence_lines(sections)
    found: dict[str, SkillFound] = {}
    for index, line in enumerate(document.lines):
        if line.kind is LineKind.HEADING:
            continue
        for pattern, entry in lexicon():
            if not pattern.search(line.text):
                continue
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
