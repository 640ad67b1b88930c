"""Word (.docx) CVs: every paragraph in document order, those inside layout tables included.

The zip directory is checked before python-docx opens anything, so a zip bomb costs nothing. Text
boxes are read once (Word stores a fallback copy of each, which is skipped). `source_line` is the
number of the paragraph among the non-empty ones, counting the first page header's paragraphs first.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.text.paragraph import Paragraph

from vetml.errors import InvalidInput
from vetml.resume.document import Document, LineKind
from vetml.resume.readers.limits import check_zip_directory
from vetml.resume.readers.lines import Draft, split_bullet, to_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_STYLES = ("Heading", "Title")
_MAX_BOLD_HEADING_WORDS = 8
_UNREADABLE = "the Word file could not be read"
_RESAVE = "Open the CV in Word or LibreOffice, save it as .docx again, or export it as PDF."


def read(content: bytes) -> Document:
    """Read a .docx CV from its bytes."""
    _check_archive(content)
    try:
        drafts = _read_drafts(docx.Document(io.BytesIO(content)))
    except Exception as error:
        # The archive is untrusted: its XML and relationships can break python-docx in any number of ways.
        raise InvalidInput(_UNREADABLE, hint=_RESAVE) from error
    return Document(to_lines(drafts), "docx")


def _check_archive(content: bytes) -> None:
    """Refuse damaged zips and zip bombs by their directory, before anything is expanded."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            check_zip_directory(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise InvalidInput(_UNREADABLE, hint=_RESAVE) from error


def _read_drafts(document: Any) -> list[Draft]:
    """Every non-empty paragraph as drafts, numbered among the non-empty paragraphs."""
    drafts: list[Draft] = []
    number = 0
    for paragraph in _paragraphs(document):
        found = _drafts(paragraph, number + 1)
        number += bool(found)
        drafts += found
    return drafts


def _paragraphs(document: Any) -> Iterator[Paragraph]:
    """The first section's page header, then the body, each paragraph once, in document order."""
    sections = list(document.sections)
    if sections and not sections[0].header.is_linked_to_previous:
        yield from _within(sections[0].header._element, sections[0].header)
    yield from _within(document.element.body, document)


def _within(element: Any, parent: Any) -> Iterator[Paragraph]:
    """Paragraphs under an element, tables and text boxes included, fallback copies of text boxes not."""
    for paragraph in element.iter(f"{_W}p"):
        if next(paragraph.iterancestors(_FALLBACK), None) is None:
            yield Paragraph(paragraph, parent)


def _drafts(paragraph: Paragraph, number: int) -> list[Draft]:
    """A paragraph as a heading, a bullet or text lines (one per manual line break); empty gives none."""
    text = paragraph.text.replace("\t", " ")
    if not text.strip():
        return []
    style = _style_name(paragraph)
    glyph, rest = split_bullet(text)
    if glyph or "List" in style or _numbered(paragraph):
        return [Draft(" ".join(rest.split("\n")), LineKind.BULLET, glyph or "•", None, number)]
    if style.startswith(_HEADING_STYLES) or _bold_and_short(paragraph, text):
        return [Draft(" ".join(text.split("\n")), LineKind.HEADING, source_line=number)]
    return [Draft(piece, source_line=number) for piece in text.split("\n")]


def _style_name(paragraph: Paragraph) -> str:
    """The paragraph style's name, "" for a paragraph without one."""
    style = paragraph.style
    return str(style.name or "") if style is not None else ""


def _numbered(paragraph: Paragraph) -> bool:
    """Word numbering (bullets or numbers) set on the paragraph itself rather than through its style."""
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _bold_and_short(paragraph: Paragraph, text: str) -> bool:
    """Short paragraphs set entirely in bold work as headings in many templates."""
    if len(text.split()) > _MAX_BOLD_HEADING_WORDS:
        return False
    inherited = _style_bold(paragraph.style)
    runs = [run for run in _runs(paragraph) if run.text.strip()]
    return bool(runs) and all(run.bold if run.bold is not None else inherited for run in runs)


def _runs(paragraph: Paragraph) -> Iterator[Any]:
    """The paragraph's runs, those inside hyperlinks included."""
    for item in paragraph.iter_inner_content():
        yield from item.runs if hasattr(item, "runs") else [item]


def _style_bold(style: Any) -> bool:
    """Whether a paragraph style, or the style it is based on, sets bold."""
    for _ in range(10):  # styles chain through base styles; a loop in a broken file must not hang
        if style is None:
            return False
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False
