"""Read an uploaded CV, whatever its format, into a `Document` of lines in reading order.

The format is sniffed from the bytes, never taken from the file name: the name only settles
whether a text file is Markdown. Every refusal is an `InvalidInput` (or `PayloadTooLarge`) that
says what was wrong with the file and how to fix it.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import zipfile
from collections.abc import Callable

from vetml.errors import InvalidInput
from vetml.hiring.cv import check_size
from vetml.resume.document import Document
from vetml.resume.readers import json_resume, latex, markdown, pdf, text, word
from vetml.resume.readers.limits import check_extracted, check_source_length, garble_warning

__all__ = ["read_cv"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIPS = (b"PK\x03\x04", b"PK\x05\x06")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_IMAGES = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image"}
_ACCEPTED = "Upload the CV as PDF, Word (.docx), Markdown, LaTeX, JSON Resume or plain UTF-8 text."
_RESAVE_DOC = "Open it in Word or LibreOffice and save it as .docx or PDF, then upload that."
_UTF8 = "Save the file as UTF-8 (in most editors: Save as, Encoding: UTF-8) and upload it again."
_NOT_RESUME = "Use the JSON Resume format (jsonresume.org/schema), or upload the CV as PDF or Word."
_LATEX_SURE = re.compile(r"\\documentclass|\\begin\{document\}")
_LATEX_HINTS = (r"\section", r"\item", r"\textbf")
# Bounded repetitions: the pattern runs over untrusted text and must not backtrack quadratically.
_MARKDOWN = re.compile(r"^#{1,6} \S|\[[^\]\n]{1,300}\]\([^)\s]{1,2000}\)|\*\*\S[^*\n]{0,300}\*\*", re.MULTILINE)
_TEXT_READERS: dict[str, Callable[[str], Document]] = {"latex": latex.read, "markdown": markdown.read}


def read_cv(content: bytes, filename: str = "") -> Document:
    """Read an uploaded CV into lines, refusing files that are not a readable CV with a reason and a fix."""
    if not content.strip():
        raise InvalidInput("the CV is empty", hint=_ACCEPTED)
    check_size(content)
    document = _read(content, filename)
    check_extracted(document.lines)
    if warning := garble_warning(document.lines):
        document.warnings.append(warning)
    return document


def _read(content: bytes, filename: str) -> Document:
    """Dispatch on what the bytes really are."""
    if content.startswith(b"%PDF-"):
        return pdf.read(content)
    if content.startswith(_ZIPS):
        _require_word(content)
        return word.read(content)
    if content.startswith(_OLE):
        raise InvalidInput("the file is an old binary Word document (.doc), which cannot be read", hint=_RESAVE_DOC)
    source = _decode(content)
    if not source.strip():
        raise InvalidInput("the CV is empty", hint=_ACCEPTED)
    return _read_text(source, filename)


def _require_word(content: bytes) -> None:
    """A zip is read only when it is a Word document; only its directory is looked at here."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise InvalidInput("the file is a damaged zip archive", hint=_ACCEPTED) from error
    if "word/document.xml" not in names:
        raise InvalidInput("the file is a zip file that is not a Word document", hint=_ACCEPTED)


def _decode(content: bytes) -> str:
    """The text of a text file: UTF-8, or UTF-8/16/32 with a byte-order mark; anything else is refused."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return _decode_as(content, encoding)
    if b"\x00" in content or content.lstrip().startswith(b"{\\rtf"):
        raise InvalidInput(f"the file is not text, PDF or Word{_looks_like(content)}", hint=_ACCEPTED)
    return _decode_as(content, "utf-8")


def _decode_as(content: bytes, encoding: str) -> str:
    """Decode with one encoding; a failure names the byte, so the candidate can find it."""
    try:
        decoded = content.decode(encoding)
    except UnicodeDecodeError as error:
        name = encoding.removesuffix("-sig").upper()
        raise InvalidInput(f"the text is not {name}: byte {error.start:,} cannot be read", hint=_UTF8) from error
    if "\x00" in decoded:
        raise InvalidInput("the file is not text, PDF or Word", hint=_ACCEPTED)
    return decoded.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


def _looks_like(content: bytes) -> str:
    """A few words on what the file seems to be, when that is easy to tell."""
    if content.lstrip().startswith(b"{\\rtf"):
        return " (it is RTF; save it as .docx or PDF)"
    for magic, kind in _IMAGES.items():
        if content.startswith(magic):
            return f" (it is {kind}, not a document)"
    return ""


def _read_text(source: str, filename: str) -> Document:
    """JSON Resume, LaTeX, Markdown or plain text, by content first and the file name second."""
    if source.lstrip().startswith(("{", "[")):
        parsed = _parse_json(source, filename)
        if parsed is not None:
            return json_resume.read(parsed)
    check_source_length(source)
    return _TEXT_READERS.get(_text_format(source, filename), text.read)(source)


def _parse_json(source: str, filename: str) -> dict[str, object] | None:
    """The JSON Resume object, None when the text is not JSON at all (then it is read as text)."""
    try:
        value = json.loads(source)
    except RecursionError as error:
        raise InvalidInput("the JSON is nested far too deeply to be a CV", hint=_NOT_RESUME) from error
    except json.JSONDecodeError as error:
        if filename.lower().endswith(".json"):
            raise InvalidInput(f"the JSON could not be parsed: {error}", hint=_NOT_RESUME) from error
        return None
    if not json_resume.is_json_resume(value):
        raise InvalidInput(
            "the file is JSON but not a JSON Resume (it has none of basics, work, education, skills)", hint=_NOT_RESUME
        )
    return value  # type: ignore[no-any-return]


def _text_format(source: str, filename: str) -> str:
    """latex, markdown or text for a text source that is not JSON."""
    if _LATEX_SURE.search(source) or sum(hint in source for hint in _LATEX_HINTS) >= 2:
        return "latex"
    if filename.lower().endswith((".md", ".markdown")) or _MARKDOWN.search(source):
        return "markdown"
    return "text"
