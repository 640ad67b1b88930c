"""JSON Resume CVs (jsonresume.org): validated against our schema, then laid out as a CV would print.

Each line's `field` is the JSON path of the value it shows (e.g. "work[0].highlights[2]", or the
entry's path for a line that joins several fields) and `source_line` is its 1-based order.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from vetml.errors import InvalidInput
from vetml.resume.document import Document, Line, LineKind
from vetml.resume.readers.lines import normalise

RESUME_KEYS = ("basics", "work", "education", "skills")
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_SHOWN_ERRORS = 3
_Row = tuple[str, LineKind, str]  # text, kind, field path


@dataclass(frozen=True)
class _Section:
    """A list section printed entry by entry: a header line, dates, text lines, then bullets."""

    key: str
    title: str
    header: tuple[str, ...]
    dates: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    bullets: str = ""


@dataclass(frozen=True)
class _Labelled:
    """A list section printed one line per entry, as "label: values"."""

    key: str
    title: str
    label: str
    values: str


_SECTIONS: tuple[_Section | _Labelled, ...] = (
    _Section(
        "work",
        "Work",
        ("position", "name", "location"),
        ("startDate", "endDate"),
        ("summary", "description"),
        "highlights",
    ),
    _Section(
        "volunteer", "Volunteer", ("position", "organization"), ("startDate", "endDate"), ("summary",), "highlights"
    ),
    _Section(
        "education",
        "Education",
        ("studyType", "area", "institution", "location"),
        ("startDate", "endDate"),
        ("score",),
        "courses",
    ),
    _Section("awards", "Awards", ("title", "awarder"), ("date",), ("summary",)),
    _Section("certificates", "Certificates", ("name", "issuer"), ("date",), ("url",)),
    _Section("publications", "Publications", ("name", "publisher"), ("releaseDate",), ("url", "summary")),
    _Labelled("skills", "Skills", "name", "keywords"),
    _Labelled("languages", "Languages", "language", "fluency"),
    _Labelled("interests", "Interests", "name", "keywords"),
    _Section(
        "projects", "Projects", ("name",), ("startDate", "endDate"), ("description", "keywords", "url"), "highlights"
    ),
)


def is_json_resume(value: object) -> bool:
    """A JSON object with at least one of the sections every JSON Resume has."""
    return isinstance(value, dict) and any(key in value for key in RESUME_KEYS)


def read(resume: dict[str, Any]) -> Document:
    """Validate a parsed JSON Resume and lay it out as lines."""
    _validate(resume)
    rows = list(_basics(resume.get("basics") or {}))
    for section in _SECTIONS:
        rows += _section_rows(section, resume.get(section.key) or [])
    kept = [(normalise(text), kind, path) for text, kind, path in rows if normalise(text)]
    return Document([_line(row, number) for number, row in enumerate(kept, start=1)], "json-resume")


def _line(row: _Row, number: int) -> Line:
    """A finished line, numbered in reading order."""
    text, kind, path = row
    return Line(text, kind, "•" if kind is LineKind.BULLET else "", None, number, path)


@functools.cache
def _validator() -> Draft202012Validator:
    """The validator for our schema, built once: the schema ships inside the package."""
    schema_file = resources.files("vetml.resume") / "data" / "json_resume.schema.json"
    return Draft202012Validator(json.loads(schema_file.read_text(encoding="utf-8")))


def _validate(resume: dict[str, Any]) -> None:
    """InvalidInput naming the first few fields that break the schema, with what was expected."""
    errors = sorted(_validator().iter_errors(resume), key=lambda error: _sort_key(error.absolute_path))
    if not errors:
        return
    described = [_describe(error) for error in errors]
    raise InvalidInput(
        f"the JSON Resume has {len(errors)} invalid field(s): {'; '.join(described[:_SHOWN_ERRORS])}",
        hint="Fix these fields (see jsonresume.org/schema) and upload the file again.",
        details=described[:20],
    )


def _sort_key(path: Sequence[str | int]) -> list[tuple[int, str]]:
    """Order errors as they appear in the file, list indexes numerically."""
    return [(0, f"{part:09d}") if isinstance(part, int) else (1, part) for part in path]


def _describe(error: ValidationError) -> str:
    """One error as "path: what is wrong"."""
    where = json_path(error.absolute_path) or "the top level"
    if error.validator == "pattern" and error.validator_value == DATE_PATTERN:
        return f"{where}: {error.instance!r} is not a date like 2020-03 or 2020-03-15"
    if error.validator == "type":
        return f"{where}: {json.dumps(error.instance)[:60]} is not {_a(error.validator_value)}"
    return f"{where}: {error.message}"


def _a(expected: object) -> str:
    """The expected JSON type in words a candidate knows."""
    names = {"object": "an object", "array": "a list", "string": "a string (text in quotes)"}
    return names.get(str(expected), f"of type {expected}")


def json_path(path: Sequence[str | int]) -> str:
    """A path in the form people write it: work[1].startDate."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text


def _basics(basics: dict[str, Any]) -> Iterator[_Row]:
    """The name as a heading, then label, contact line, profiles and summary."""
    yield from _texts(basics.get("name"), LineKind.HEADING, "basics.name")
    yield from _texts(basics.get("label"), LineKind.TEXT, "basics.label")
    location = basics.get("location") or {}
    place = ", ".join(location[key] for key in ("city", "region", "countryCode") if location.get(key))
    contact = [basics.get(key) or "" for key in ("email", "phone", "url")] + [place]
    yield from _texts(" | ".join(part for part in contact if part), LineKind.TEXT, "basics")
    for index, profile in enumerate(basics.get("profiles") or []):
        shown = profile.get("url") or profile.get("username") or ""
        text = f"{profile['network']}: {shown}" if profile.get("network") and shown else shown
        yield from _texts(text, LineKind.TEXT, f"basics.profiles[{index}]")
    yield from _texts(basics.get("summary"), LineKind.TEXT, "basics.summary")


def _section_rows(section: _Section | _Labelled, entries: list[dict[str, Any]]) -> list[_Row]:
    """A heading for the section, then its entries; nothing for an empty section."""
    rows: list[_Row] = []
    for index, entry in enumerate(entries):
        path = f"{section.key}[{index}]"
        rows += _labelled(section, entry, path) if isinstance(section, _Labelled) else _entry(section, entry, path)
    return [(section.title, LineKind.HEADING, section.key), *rows] if rows else []


def _labelled(section: _Labelled, entry: dict[str, Any], path: str) -> list[_Row]:
    """One "label: values" line, or whichever of the two is present."""
    label, values = entry.get(section.label) or "", _as_text(entry.get(section.values))
    return list(_texts(f"{label}: {values}" if label and values else label or values, LineKind.TEXT, path))


def _entry(section: _Section, entry: dict[str, Any], path: str) -> list[_Row]:
    """One entry: "position, name, location", its dates, its text fields and its bullets."""
    header = ", ".join(_as_text(entry.get(key)) for key in section.header if entry.get(key))
    rows = list(_texts(header, LineKind.TEXT, path))
    rows += _dates(entry, section.dates, path)
    for key in section.texts:
        rows += _texts(_as_text(entry.get(key)), LineKind.TEXT, f"{path}.{key}")
    bullets = (entry.get(section.bullets) or []) if section.bullets else []
    for index, bullet in enumerate(bullets):
        rows += _texts(bullet, LineKind.BULLET, f"{path}.{section.bullets}[{index}]")
    return rows


def _dates(entry: dict[str, Any], keys: tuple[str, ...], path: str) -> list[_Row]:
    """ "start - end" with an en dash (a missing end is "Present"), or the single date of an award or paper."""
    present = [key for key in keys if entry.get(key)]
    if not present:
        return []
    if len(keys) == 1 or present == [keys[1]]:
        return [(entry[present[0]], LineKind.TEXT, f"{path}.{present[0]}")]
    return [(f"{entry[keys[0]]} – {entry.get(keys[1]) or 'Present'}", LineKind.TEXT, f"{path}.{keys[0]}")]


def _as_text(value: object) -> str:
    """A string as is, a list of strings joined with commas; anything else is not shown."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(item for item in value if isinstance(item, str) and item)
    return ""


def _texts(value: object, kind: LineKind, path: str) -> Iterator[_Row]:
    """A text value as rows: a text line per line it holds (summaries often hold several), else one row."""
    if not isinstance(value, str):
        return
    if kind is not LineKind.TEXT:
        yield " ".join(value.split()), kind, path
        return
    for piece in value.splitlines():
        if piece.strip():
            yield piece, kind, path
