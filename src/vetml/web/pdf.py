"""HTML pages printed to PDF with WeasyPrint, offline and without fetching anything.

The pages carry text people typed (names, notes, evidence), escaped by Jinja; WeasyPrint would
still follow any URL in the document, so every resource is inline (CSS in a style element, images
as data: URLs) and the fetcher allows only the data: scheme: nothing is read from the network or
the disk while printing.
"""

from __future__ import annotations

import base64


def png_data_url(png: bytes) -> str:
    """An image inlined for the PDF (and the HTML page it is printed from)."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML page; its <title> becomes the PDF's title."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return bytes(HTML(string=html, base_url="about:blank", url_fetcher=fetcher).write_pdf())
