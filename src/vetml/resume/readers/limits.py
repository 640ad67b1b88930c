"""Guards that keep untrusted uploads cheap to read and tell the candidate when a file is not a CV.

A CV is a few pages of text; anything far larger is a mistake or an attack (zip bombs, 5,000-page
PDFs), and refusing it early with a clear message beats spending seconds or gigabytes on it.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from typing import NoReturn

from vetml.errors import InvalidInput
from vetml.resume.document import Line

MAX_PAGES = 20
MAX_TEXT_CHARS = 200_000  # extracted text; the longest real CVs hold about 30,000
MAX_SOURCE_CHARS = 500_000  # LaTeX, Markdown or text source before parsing, markup included
MAX_ZIP_TOTAL = 30 * 1024 * 1024
MAX_ZIP_MEMBERS = 2_000
MAX_ZIP_RATIO = 100
ZIP_RATIO_FROM = 1024 * 1024  # small parts compress far better than 100x without being bombs
GARBLED_SHARE = 0.85
_NOT_A_CV = "Upload the CV itself, as PDF, Word (.docx), Markdown, LaTeX, JSON Resume or plain text."
_CID = re.compile(r"\(cid:\d+\)")
# Symbols CVs use on purpose: bullets, arrows, dashes, quotes, currency and the like (P* covers the rest).
_COMMON_SYMBOLS = set("•▪‣◦●■➢✓→←↑↓–—‘’“”…€£$§°±\u00d7÷©®™|+=<>~^`@#%&*/\\_")
_OK_CATEGORIES = ("L", "N", "P", "Z", "M")


def check_source_length(text: str) -> None:
    """Refuse a text source so long that parsing it would be slow, before parsing it."""
    if len(text) > MAX_SOURCE_CHARS:
        raise InvalidInput(f"the file holds {len(text):,} characters, far more than a CV", hint=_NOT_A_CV)


def check_extracted(lines: list[Line]) -> None:
    """Refuse a reading with no text at all, or with more text than any CV has."""
    if not lines:
        raise InvalidInput("no text could be read from the CV", hint=_NOT_A_CV)
    total = sum(len(line.text) for line in lines)
    if total > MAX_TEXT_CHARS:
        raise InvalidInput(f"the CV holds {total:,} characters of text; it does not look like a CV", hint=_NOT_A_CV)


def check_zip_directory(archive: zipfile.ZipFile) -> None:
    """Refuse archives that would expand to far more than a CV, judging from the directory alone."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        _zip_bomb(f"{len(members):,} parts")
    total = sum(member.file_size for member in members)
    if total > MAX_ZIP_TOTAL:
        _zip_bomb(f"{total / (1024 * 1024):,.0f} MB")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FROM and ratio > MAX_ZIP_RATIO:
            _zip_bomb(f"{ratio:,.0f} times its size in part {member.filename}")


def _zip_bomb(expansion: str) -> NoReturn:
    """Refuse an archive whose directory promises far more than a CV holds."""
    raise InvalidInput(
        f"the Word file expands to {expansion} — it looks like a zip bomb or is not a CV",
        hint="Open the CV in Word or LibreOffice, save it as .docx again, or export it as PDF.",
    )


def garble_warning(lines: list[Line]) -> str:
    """A warning when the text looks like a bad extraction, else ""; findings on such text mislead."""
    text = "\n".join(line.text for line in lines)
    reasons = _garble_reasons(text)
    if not reasons:
        return ""
    return (
        f"The text extraction looks garbled ({'; '.join(reasons)}), so findings may be unreliable. "
        "If the CV looks fine on screen, upload it in another format, e.g. DOCX or a PDF exported again."
    )


def _garble_reasons(text: str) -> list[str]:
    """What makes the text look garbled, in words a candidate can follow."""
    reasons = []
    if len(_CID.findall(text)) >= 3:
        reasons.append("many (cid:NN) glyph codes the PDF fonts do not map to letters")
    if "\ufffd" in text:
        reasons.append("replacement characters (\ufffd) where letters could not be decoded")
    if _odd_share(text) > 1 - GARBLED_SHARE:
        reasons.append("many characters that are not letters, digits or punctuation")
    if _letter_spaced(text):
        reasons.append("most words are single letters, as when letter-spaced text is extracted")
    return reasons


def _odd_share(text: str) -> float:
    """The share of characters that are neither letters, digits, spaces nor common punctuation."""
    counted = [char for char in text if char != "\n"]
    odd = sum(1 for char in counted if not _ordinary(char))
    return odd / len(counted) if counted else 0.0


def _ordinary(char: str) -> bool:
    """Letters, digits, spaces, punctuation, marks and the symbols CVs use on purpose."""
    if char == "\ufffd":
        return False
    return char in _COMMON_SYMBOLS or unicodedata.category(char).startswith(_OK_CATEGORIES)


def _letter_spaced(text: str) -> bool:
    """True when most words are one letter long, e.g. "E x p e r i e n c e"."""
    words = [word for word in text.split() if any(char.isalpha() for char in word)]
    singles = sum(1 for word in words if len(word) == 1)
    return len(words) >= 20 and singles / len(words) > 0.5
