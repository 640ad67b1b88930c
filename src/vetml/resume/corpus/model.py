"""A clean CV as we keep it (YAML), and its layout as lines, which every format is rendered from.

Rendering goes through lines so that a defect injected into a line lands, unchanged, in the PDF, the
Word file, the Markdown and the LaTeX alike; the benchmark then knows exactly what text to look for.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import yaml

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DATE_STYLES = ("abbreviated", "full", "MM/YYYY")


@dataclass(frozen=True)
class CvLine:
    """One line of a rendered CV: its role in the layout, its text and, for bullets, the glyph."""

    kind: str  # name, heading, text, bullet
    text: str
    glyph: str = "•"
    role: str = ""  # what the line is: "contact", "entry", "dates", "skills", "summary", "experience-bullet", ...
    entry: int = -1  # the experience entry the line belongs to, -1 for none
    finished: bool = False  # for lines of an experience entry: whether the role has ended


@dataclass
class RenderedCv:
    """A clean CV's lines, with the raw data kept for the JSON Resume rendering."""

    id: str
    lines: list[CvLine]
    data: dict[str, Any]
    date_style: str
    dash: str = " – "
    glyphs: tuple[str, ...] = ("*", "–", "▪")  # odd bullet glyphs the target format can carry

    def with_line(self, index: int, **changes: Any) -> RenderedCv:
        """A copy with one line changed."""
        lines = list(self.lines)
        lines[index] = replace(lines[index], **changes)
        return replace(self, lines=lines)

    @property
    def words(self) -> int:
        """Words in the rendered text."""
        return sum(len(line.text.split()) for line in self.lines)


def clean_cvs() -> list[dict[str, Any]]:
    """Every clean CV of the corpus, in file-name order."""
    folder = resources.files("vetml.resume.corpus").joinpath("clean")
    files = sorted((item for item in folder.iterdir() if item.name.endswith(".yaml")), key=lambda item: item.name)
    return [yaml.safe_load(item.read_text(encoding="utf-8")) for item in files]


def format_date(value: str | None, style: str) -> str:
    """A YYYY-MM date in one of the styles people write; None is the present."""
    if value is None:
        return "Present"
    year, month = (int(part) for part in value.split("-")[:2])
    if style == "full":
        return f"{MONTHS[month - 1]} {year}"
    if style == "MM/YYYY":
        return f"{month:02d}/{year}"
    name = MONTHS[month - 1]
    return f"{name if len(name) <= 4 else name[:3]} {year}"


def render(data: dict[str, Any], *, date_style: str, dash: str = " – ") -> RenderedCv:
    """The CV laid out as lines: header, summary, experience, education, skills, projects."""
    period = bool(data.get("bullet_style", {}).get("period"))
    lines = [
        CvLine("name", data["name"]),
        CvLine("text", data["headline"], role="headline"),
        CvLine(
            "text", " | ".join([data["email"], data["phone"], data["location"], *data.get("links", [])]), role="contact"
        ),
        CvLine("heading", "Summary"),
        CvLine("text", " ".join(data["summary"].split()), role="summary"),
        CvLine("heading", "Experience"),
    ]
    for number, job in enumerate(data["experience"]):
        dates = f"{format_date(job['start'], date_style)}{dash}{format_date(job['end'], date_style)}"
        finished = job["end"] is not None
        lines.append(
            CvLine(
                "text",
                f"{job['title']}, {job['company']}, {job['location']}",
                role="entry",
                entry=number,
                finished=finished,
            )
        )
        lines.append(CvLine("text", dates, role="dates", entry=number, finished=finished))
        lines += [
            CvLine("bullet", _stop(bullet, period), role="experience-bullet", entry=number, finished=finished)
            for bullet in job["bullets"]
        ]
    lines.append(CvLine("heading", "Education"))
    for school in data["education"]:
        dates = f"{format_date(school['start'], date_style)}{dash}{format_date(school['end'], date_style)}"
        lines.append(
            CvLine("text", f"{school['degree']}, {school['institution']}, {school['location']}", role="school")
        )
        lines.append(CvLine("text", dates, role="school-dates"))
        if school.get("details"):
            lines.append(CvLine("text", school["details"], role="school-details"))
    lines.append(CvLine("heading", "Skills"))
    lines += [
        CvLine("text", f"{group['group']}: {', '.join(group['items'])}", role="skills") for group in data["skills"]
    ]
    if data.get("projects"):
        lines.append(CvLine("heading", "Projects"))
        for number, project in enumerate(data["projects"]):
            lines.append(CvLine("text", project["name"], role="project", entry=number))
            lines += [
                CvLine("bullet", _stop(bullet, period), role="project-bullet", entry=number)
                for bullet in project["bullets"]
            ]
    return RenderedCv(data["id"], lines, data, date_style, dash)


def _stop(bullet: str, period: bool) -> str:
    bullet = bullet.rstrip()
    return bullet if not period or bullet.endswith(".") else bullet + "."
