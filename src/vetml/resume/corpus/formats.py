"""Render a laid-out CV to the formats candidates send: PDF (from HTML), Word, Markdown, LaTeX, text, JSON Resume."""

from __future__ import annotations

import html
import io
import json
from collections.abc import Callable
from typing import Any

from vetml.resume.corpus.model import CvLine, RenderedCv

PDF_STYLE = """
@page { size: A4; margin: 16mm 18mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; line-height: 1.3; }
h1 { font-size: 17pt; margin: 0 0 4pt; } h2 { font-size: 11pt; margin: 10pt 0 3pt; text-transform: uppercase; }
p { margin: 0 0 2pt; } ul { margin: 0 0 4pt; padding-left: 14pt; } li { margin: 0 0 1pt; }
"""


def markdown(cv: RenderedCv) -> bytes:
    """Markdown with '#' headings and list items; a bullet's glyph is written as its list marker."""
    out: list[str] = []
    for line in cv.lines:
        if out and out[-1] and line.kind != "bullet" and out[-1][:2] in ("- ", "* ", "+ "):
            out.append("")  # a list ends at a blank line; without one the next line would continue the last item
        if line.kind == "name":
            out += [f"# {line.text}", ""]
        elif line.kind == "heading":
            out += ["", f"## {line.text}", ""]
        elif line.kind == "bullet":
            out.append(f"{'-' if line.glyph == '•' else line.glyph} {line.text}")  # "*" for an injected odd glyph
        else:
            out += [line.text, ""] if line.role in ("summary", "contact") else [line.text + "  "]
    return "\n".join(out).encode()


def text(cv: RenderedCv) -> bytes:
    """Plain text with upper-case headings and the bullet glyph written out."""
    out: list[str] = []
    for line in cv.lines:
        if line.kind == "heading":
            out += ["", line.text.upper()]
        elif line.kind == "bullet":
            out.append(f"{line.glyph} {line.text}")
        else:
            out.append(line.text)
    return "\n".join(out).encode()


def latex(cv: RenderedCv) -> bytes:
    """A small article-class LaTeX source with sections and itemize lists."""
    out = [r"\documentclass[10pt]{article}", r"\begin{document}"]
    in_list = False
    for line in cv.lines:
        if line.kind == "bullet" and not in_list:
            out.append(r"\begin{itemize}")
            in_list = True
        if line.kind != "bullet" and in_list:
            out.append(r"\end{itemize}")
            in_list = False
        escaped = _latex_escape(line.text)
        if line.kind == "name" or line.kind == "heading":
            out.append(rf"\section*{{{escaped}}}")
        elif line.kind == "bullet":
            out.append(rf"\item{{}} {escaped}")  # the braces stop a leading "[" being read as \item's label
        else:
            out += [escaped, ""]
    if in_list:
        out.append(r"\end{itemize}")
    out.append(r"\end{document}")
    return "\n".join(out).encode()


def _latex_escape(value: str) -> str:
    for char, escaped in (
        ("\\", r"\textbackslash{}"),
        ("&", r"\&"),
        ("%", r"\%"),
        ("$", r"\$"),
        ("#", r"\#"),
        ("_", r"\_"),
        ("{", r"\{"),
        ("}", r"\}"),
    ):
        value = value.replace(char, escaped)
    return value


def html_page(cv: RenderedCv) -> str:
    """The HTML the PDF is printed from; every bullet is a list item, marked with its own glyph."""
    out = [f"<html><head><meta charset='utf-8'><style>{PDF_STYLE}</style></head><body>"]
    in_list = False
    for line in cv.lines:
        if line.kind == "bullet" and not in_list:
            out.append("<ul>")
            in_list = True
        if line.kind != "bullet" and in_list:
            out.append("</ul>")
            in_list = False
        out.append(_html_line(line))
    out.append("</ul></body></html>" if in_list else "</body></html>")
    return "".join(out)


def _html_line(line: CvLine) -> str:
    escaped = html.escape(line.text)
    if line.kind == "name":
        return f"<h1>{escaped}</h1>"
    if line.kind == "heading":
        return f"<h2>{escaped}</h2>"
    if line.kind == "bullet":
        marker = "" if line.glyph == "•" else f" style='list-style-type: \"{html.escape(line.glyph)} \"'"
        return f"<li{marker}>{escaped}</li>"
    return f"<p><b>{escaped}</b></p>" if line.role == "entry" else f"<p>{escaped}</p>"


def pdf(cv: RenderedCv) -> bytes:
    """A PDF printed from the HTML page by WeasyPrint."""
    import weasyprint

    return bytes(weasyprint.HTML(string=html_page(cv)).write_pdf())


def docx(cv: RenderedCv) -> bytes:
    """A Word document: Title and Heading styles, 'List Bullet' paragraphs, other glyphs typed as text."""
    import docx as python_docx

    document = python_docx.Document()
    for line in cv.lines:
        if line.kind == "name":
            document.add_heading(line.text, level=0)
        elif line.kind == "heading":
            document.add_heading(line.text, level=1)
        elif line.kind == "bullet" and line.glyph == "•":
            document.add_paragraph(line.text, style="List Bullet")
        elif line.kind == "bullet":
            document.add_paragraph(f"{line.glyph} {line.text}")
        else:
            paragraph = document.add_paragraph()
            paragraph.add_run(line.text).bold = line.role == "entry"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def json_resume(cv: RenderedCv) -> bytes:
    """A JSON Resume built from the lines (so injected text is kept) and the data's ISO dates."""
    data = cv.data
    by_role: dict[str, list[CvLine]] = {}
    for line in cv.lines:
        by_role.setdefault(line.role, []).append(line)
    entries = {line.entry: line.text for line in by_role.get("entry", [])}
    work = [
        _work(
            job, entries[number], [line.text for line in by_role.get("experience-bullet", []) if line.entry == number]
        )
        for number, job in enumerate(data["experience"])
    ]
    contact = by_role["contact"][0].text.split(" | ")
    resume: dict[str, Any] = {
        "basics": {
            "name": data["name"],
            "label": by_role["headline"][0].text,
            "email": contact[0],
            "phone": contact[1],
            "summary": by_role["summary"][0].text,
            "location": dict(zip(("city", "region"), contact[2].split(", ", 1), strict=False)),
        },
        "work": work,
        "education": [
            _school(school, line.text) for school, line in zip(data["education"], by_role["school"], strict=True)
        ],
        "skills": [
            {"name": line.text.split(": ", 1)[0], "keywords": line.text.split(": ", 1)[-1].split(", ")}
            for line in by_role.get("skills", [])
        ],
        "projects": [
            {
                "name": project["name"],
                "highlights": [line.text for line in by_role.get("project-bullet", []) if line.entry == number],
            }
            for number, project in enumerate(data.get("projects", []))
        ],
    }
    return json.dumps(resume, indent=2, ensure_ascii=False).encode()


def _school(school: dict[str, Any], school_line: str) -> dict[str, Any]:
    degree, _, rest = school_line.partition(", ")
    institution, _, location = rest.partition(", ")
    return {
        "institution": institution,
        "studyType": degree,
        "location": location,
        "startDate": school["start"],
        "endDate": school["end"],
    }


def _work(job: dict[str, Any], entry_line: str, bullets: list[str]) -> dict[str, Any]:
    position, _, rest = entry_line.partition(", ")
    company, _, location = rest.partition(", ")
    item: dict[str, Any] = {
        "position": position,
        "name": company,
        "location": location,
        "startDate": job["start"],
        "highlights": bullets,
    }
    if job["end"]:
        item["endDate"] = job["end"]
    return item


FORMATS: dict[str, tuple[str, Callable[[RenderedCv], bytes]]] = {
    "pdf": ("cv.pdf", pdf),
    "docx": ("cv.docx", docx),
    "markdown": ("cv.md", markdown),
    "latex": ("cv.tex", latex),
    "text": ("cv.txt", text),
    "json-resume": ("cv.json", json_resume),
}
