"""Builders for CV files in every format the readers accept, made in the test so no binary is committed."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import pypdf
import weasyprint

_STYLE = "body { font-family: 'DejaVu Sans'; font-size: 10pt; } p, li { margin: 0 0 3pt 0; }"


def pdf_from_html(body: str, *, style: str = "") -> bytes:
    """A text PDF rendered by WeasyPrint from an HTML body."""
    html = f"<html><head><style>{_STYLE}{style}</style></head><body>{body}</body></html>"
    return weasyprint.HTML(string=html).write_pdf()


def pdf_pages(count: int) -> bytes:
    """A text PDF with `count` pages, one short paragraph each."""
    pages = "".join(f'<p style="page-break-after: always">Page {n}</p>' for n in range(1, count + 1))
    return pdf_from_html(pages)


def blank_pdf(pages: int) -> bytes:
    """A PDF of empty pages, made without layout so thousands of pages cost little."""
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return _written(writer)


def encrypted_pdf(content: bytes, password: str = "secret") -> bytes:
    """A copy of a PDF that needs a password to open."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(content)))
    writer.encrypt(password)
    return _written(writer)


def _written(writer: pypdf.PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png(width: int = 40, height: int = 40) -> bytes:
    """A grey PNG image, written by hand (signature, IHDR, IDAT, IEND chunks)."""
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A deflated zip archive of the given members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
