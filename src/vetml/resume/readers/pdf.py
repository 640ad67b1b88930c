"""PDF CVs, read by layout: words grouped into lines by position, two-column pages read column by column.

Checks that cost little come first (encryption, page count from the page tree) so that a 5,000-page
or password-protected upload is refused before any page is laid out. Headings are lines set all in
bold, short ALL-CAPS lines or lines clearly larger than the body text; bullets start with a glyph.
"""

from __future__ import annotations

import io
import itertools
import statistics
from dataclasses import dataclass, replace
from typing import Any, NoReturn

import pdfplumber
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException

from vetml.errors import InvalidInput
from vetml.resume.document import Document, LineKind
from vetml.resume.readers.limits import MAX_PAGES
from vetml.resume.readers.lines import Draft, is_all_caps_heading, join_wrapped, split_bullet, to_lines
from vetml.resume.readers.pdf_layout import Line, Word, group_lines, reading_blocks

_LARGER = 1.15  # a line this much larger than the body text is a heading
_WRAP_TOLERANCE = 3.0
_BOLD_MARKS = ("bold", "black", "heavy", "semibold", "demi")
_UNREADABLE = "the PDF could not be read"
_UNPROTECT = "Upload a copy without a password (print it to PDF, or remove the protection)."
_EXPORT_AGAIN = "Export the CV from your editor as PDF again, or upload it as Word (.docx)."


@dataclass(frozen=True)
class _Page:
    words: list[Word]
    width: float


@dataclass(frozen=True)
class _Row:
    """A laid-out line of a page: its words left to right, where it sits and whether it follows on."""

    words: Line
    page: int
    number: int
    follows: bool

    @property
    def text(self) -> str:
        """The words joined with single spaces, however wide the gaps between them were."""
        return " ".join(word.text for word in self.words)


def read(content: bytes) -> Document:
    """Read a PDF CV from its bytes."""
    _check_document(content)
    pages, has_images = _extract(content)
    rows = [row for number, page in enumerate(pages, start=1) for row in _page_rows(page, number)]
    if not rows:
        _refuse_textless(has_images)
    # Wrapped bullet lines are joined before headings are looked for: a bullet set in bold wraps onto
    # lines that are all bold, and those are still part of the bullet, not headings.
    drafts = join_wrapped([_draft(row) for row in rows], _WRAP_TOLERANCE)
    body_size = _body_size([word for page in pages for word in page.words])
    by_place = {(row.page, row.number): row for row in rows}
    lines = [_as_heading(draft, by_place[draft.page or 0, draft.source_line], body_size) for draft in drafts]
    return Document(to_lines(lines), "pdf")


def _check_document(content: bytes) -> None:
    """Refuse encrypted, broken and overlong PDFs from the document catalogue, before any page is read."""
    try:
        document = PDFDocument(PDFParser(io.BytesIO(content)))
        pages = sum(1 for _ in itertools.islice(PDFPage.create_pages(document), MAX_PAGES + 1))
        declared = _declared_pages(document)
    except PDFEncryptionError as error:
        raise InvalidInput("the PDF is password-protected", hint=_UNPROTECT) from error
    except PSException as error:
        raise InvalidInput(f"{_UNREADABLE}: it is damaged or cut short", hint=_EXPORT_AGAIN) from error
    except Exception as error:
        # The file is untrusted and pdfminer's parser can fail on it with almost any exception.
        raise InvalidInput(_UNREADABLE, hint=_EXPORT_AGAIN) from error
    if pages == 0:
        raise InvalidInput(f"{_UNREADABLE}: it has no pages", hint=_EXPORT_AGAIN)
    if pages > MAX_PAGES:
        count = f"{declared:,}" if declared > MAX_PAGES else f"more than {MAX_PAGES}"
        raise InvalidInput(
            f"the PDF has {count} pages; a CV has at most {MAX_PAGES}",
            hint="Upload the CV on its own, without publications or attachments appended.",
        )


def _declared_pages(document: PDFDocument) -> int:
    """The page count the page tree declares, for the message only (the check counts real pages)."""
    pages = resolve1(document.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    return count if isinstance(count, int) else 0


def _extract(content: bytes) -> tuple[list[_Page], bool]:
    """The words of each page (upright text only) and whether any page holds images."""
    try:
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            pages = [_Page(_page_words(page), float(page.width)) for page in pdf.pages[:MAX_PAGES]]
            has_images = any(page.images for page in pdf.pages[:MAX_PAGES])
    except Exception as error:
        # The file is untrusted and pdfminer can fail on page content with almost any exception.
        raise InvalidInput(_UNREADABLE, hint=_EXPORT_AGAIN) from error
    return pages, has_images


def _page_words(page: Any) -> list[Word]:
    """The page's words with font and size, which the heading rules need."""
    found = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False)
    return [_word(word) for word in found if word.get("upright", True) and word["text"].strip()]


def _word(word: dict[str, Any]) -> Word:
    """A pdfplumber word as a Word; bold is judged from the font's name (e.g. DejaVuSans-Bold)."""
    font = str(word.get("fontname", "")).lower()
    bold = any(mark in font for mark in _BOLD_MARKS)
    size = float(word.get("size", 0.0))
    return Word(
        word["text"], float(word["x0"]), float(word["x1"]), float(word["top"]), float(word["bottom"]), size, bold
    )


def _refuse_textless(has_images: bool) -> NoReturn:
    """Refuse a PDF without text, saying whether it is a scan (images) or simply empty."""
    if has_images:
        raise InvalidInput(
            "the PDF holds only images, e.g. a scan, so no text could be read",
            hint="Export the CV from your editor as a PDF with text, or upload it as Word (.docx).",
        )
    raise InvalidInput("no text could be read from the PDF", hint=_EXPORT_AGAIN)


def _body_size(words: list[Word]) -> float:
    """The font size most of the text is set in (weighted by characters)."""
    sizes = [word.size for word in words for _ in word.text]
    return statistics.median(sizes) if sizes else 0.0


def _page_rows(page: _Page, number: int) -> list[_Row]:
    """A page's lines in reading order, numbered from 1, each column read top to bottom."""
    rows: list[_Row] = []
    for block in reading_blocks(page.words, page.width):
        previous: Line = ()
        for line in group_lines(block):
            # A page's first line may continue the last bullet of the page before (a bullet split by a page break).
            follows = _follows(previous, line) if previous or rows else number > 1
            rows.append(_Row(line, number, len(rows) + 1, follows))
            previous = line
    return rows


def _follows(previous: Line, line: Line) -> bool:
    """Whether a line sits right under the previous one, with no paragraph gap between them."""
    if not previous:
        return False
    height = max(word.bottom for word in previous) - min(word.top for word in previous)
    gap = min(word.top for word in line) - max(word.bottom for word in previous)
    return gap <= height / 2


def _draft(row: _Row) -> Draft:
    """A laid-out line as a bullet or text; headings are picked out after wrapped bullets are joined."""
    glyph, rest = split_bullet(row.text)
    if not glyph:
        return Draft(row.text, LineKind.TEXT, "", row.page, row.number, indent=row.words[0].x0, follows=row.follows)
    start = _text_start(row.words, glyph)
    indent = row.words[0].x0
    return Draft(
        rest, LineKind.BULLET, glyph, row.page, row.number, indent=indent, text_start=start, follows=row.follows
    )


def _as_heading(draft: Draft, row: _Row, body_size: float) -> Draft:
    """The line as a heading when it is all bold, short and in capitals, or set larger than the body."""
    if draft.kind is LineKind.TEXT and _is_heading(row.words, draft.text, body_size):
        return replace(draft, kind=LineKind.HEADING)
    return draft


def _text_start(words: Line, glyph: str) -> float:
    """Where a bullet's text starts: the next word, or just after a glyph glued to its first word."""
    first = words[0]
    if first.text == glyph and len(words) > 1:
        return words[1].x0
    return first.x0 + (first.x1 - first.x0) / max(len(first.text), 1)


def _is_heading(words: Line, text: str, body_size: float) -> bool:
    """All bold, short and in capitals, or clearly larger than the body text."""
    if all(word.bold for word in words) or is_all_caps_heading(text):
        return True
    return body_size > 0 and min(word.size for word in words) >= body_size * _LARGER
