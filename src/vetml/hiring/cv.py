"""Checks on an uploaded CV before it is kept: its size, its real type (from the bytes, not the name)
and a file name that is safe to show and to send back in a header.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from urllib.parse import quote

from vetml.errors import InvalidInput, PayloadTooLarge

MAX_CV_BYTES = 5 * 1024 * 1024
MAX_FILENAME = 255
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain; charset=utf-8"
ACCEPTED = "PDF, Word (.docx), or plain UTF-8 text or Markdown"
_DEFAULT_NAMES = {PDF: "cv.pdf", DOCX: "cv.docx", TEXT: "cv.txt"}


def check_size(content: bytes) -> None:
    """Refuse empty files and files over the limit."""
    if len(content) > MAX_CV_BYTES:
        raise PayloadTooLarge(f"the file is larger than {MAX_CV_BYTES // (1024 * 1024)} MB",
                              hint="Upload a smaller CV, e.g. a PDF without embedded images.")  # fmt: skip
    if not content:
        raise InvalidInput("the file is empty", hint=f"Upload a CV as {ACCEPTED}.")


def media_type(content: bytes) -> str:
    """The media type the bytes really are, or InvalidInput naming the accepted types."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"PK\x03\x04") and _is_docx(content):
        return DOCX
    if _is_text(content):
        return TEXT
    raise InvalidInput("the file is not a CV type vetml accepts (its content was checked, not its name)",
                       hint=f"Upload {ACCEPTED}.")  # fmt: skip


def _is_docx(content: bytes) -> bool:
    """A zip holding word/document.xml; only the directory is read, nothing is extracted (no zip bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _is_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def clean_filename(name: str | None, media: str) -> str:
    """The last part of the name, without control characters, at most 255 characters; a default if nothing is left."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(char for char in base if unicodedata.category(char)[0] != "C").strip().lstrip(".")
    if len(kept) > MAX_FILENAME:
        _stem, dot, extension = kept.rpartition(".")
        keep = extension if dot and len(extension) <= 10 else ""
        kept = kept[: MAX_FILENAME - len(keep) - 1] + "." + keep if keep else kept[:MAX_FILENAME]
    return kept or _DEFAULT_NAMES[media]


def content_disposition(filename: str) -> str:
    """An attachment header with an ASCII fallback and the exact name per RFC 6266."""
    fallback = "".join(char if char.isascii() and char not in '"\\' else "_" for char in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
