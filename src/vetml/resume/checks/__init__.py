"""The checks, each a function from the read CV to its findings; `ALL` lists them in the order they run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from vetml.resume.document import Document
from vetml.resume.findings import Finding
from vetml.resume.structure import Section


@dataclass(frozen=True)
class Context:
    """What every check may look at: the lines, their sections and entries, and today's date."""

    document: Document
    sections: list[Section]
    today: date


Check = Callable[[Context], list[Finding]]
