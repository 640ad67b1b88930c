"""Sections and entries: which lines are a role, which bullets belong to it, and whether it is finished.

Readers only mark headings and bullets; this module groups them. A section starts at a heading and is
named by what the heading says (experience, education, skills, projects, other). Inside a section an
entry starts at a line holding a date range; the bullets that follow belong to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from vetml.resume.dates import DateRange, find_ranges
from vetml.resume.document import Document, LineKind


class SectionKind(StrEnum):
    """What a section of a CV is for, as far as the checks care."""

    EXPERIENCE = "experience"
    EDUCATION = "education"
    SKILLS = "skills"
    PROJECTS = "projects"
    SUMMARY = "summary"
    OTHER = "other"


_SECTION_WORDS = [
    (SectionKind.EXPERIENCE, r"experience|employment|work|career|professional|positions|jobs"),
    (SectionKind.EDUCATION, r"education|academic|qualifications|degrees|studies"),
    (SectionKind.SKILLS, r"skills|technologies|tools|stack|competenc|expertise|technical"),
    (SectionKind.PROJECTS, r"projects|portfolio|open.source|publications"),
    (SectionKind.SUMMARY, r"summary|profile|about|objective"),
    (
        SectionKind.OTHER,
        r"award|honou?r|certific|languages|interests|hobbies|volunteer|references|achievements|"
        r"leadership|activities|courses|training|talks|patents|contact|personal|additional|other",
    ),
]
# Words that say a role is not a full-time job, so overlaps and parallel current roles are expected.
NOT_FULL_TIME = re.compile(
    r"part[- ]time|contract|freelance|consult|advis|volunteer|intern|mentor|teaching assistant|fellow|"
    r"side project|board|visiting|adjunct|hobby|open[- ]source|co-?founder|founder",
    re.IGNORECASE,
)


@dataclass
class Entry:
    """One role, degree or project: the lines of its header, its date range and its bullets."""

    header: list[int]
    dates: DateRange | None
    date_line: int | None
    bullets: list[int] = field(default_factory=list)

    def full_time(self, document: Document) -> bool:
        """Whether nothing in the header says part-time, contract, internship or similar."""
        return not any(NOT_FULL_TIME.search(document.lines[index].text) for index in self.header)


@dataclass
class Section:
    """A heading and the entries below it."""

    kind: SectionKind
    heading: int | None
    entries: list[Entry] = field(default_factory=list)


def section_kind(title: str) -> SectionKind | None:
    """The kind of section a heading names, or None when it names no section (a bold job title, say)."""
    lowered = title.lower()
    for kind, pattern in _SECTION_WORDS:
        if re.search(rf"\b(?:{pattern})", lowered):
            return kind
    return None


def build(document: Document) -> list[Section]:
    """Group the document's lines into sections and entries."""
    sections = [Section(SectionKind.OTHER, None)]
    pending: list[int] = []  # header lines seen since the last entry's bullets
    for index, line in enumerate(document.lines):
        current = sections[-1]
        kind = section_kind(line.text) if line.kind is LineKind.HEADING and not find_ranges(line.text) else None
        if kind is None and line.kind is LineKind.HEADING and current.heading is None:
            kind = SectionKind.OTHER  # before the first named section: the name, a headline
        if kind is not None:
            sections.append(Section(kind, index))
            pending = []
            continue
        ranges = find_ranges(line.text) if line.kind is not LineKind.BULLET else []
        if ranges:
            current.entries.append(Entry(header=[*pending, index], dates=ranges[0], date_line=index))
            pending = []
        elif line.kind is LineKind.BULLET:
            if not current.entries:
                current.entries.append(Entry(header=pending, dates=None, date_line=None))  # an undated project
            current.entries[-1].bullets.append(index)
        else:
            pending = _header_lines(current, pending, index)
    return sections


def _header_lines(section: Section, pending: list[int], index: int) -> list[int]:
    """A plain line after an entry's bullets starts the next entry's header; one before them extends this header."""
    last = section.entries[-1] if section.entries else None
    if last is not None and not last.bullets and last.date_line is not None and index == last.date_line + 1:
        last.header.append(index)
        return pending
    return [*pending[-2:], index]
