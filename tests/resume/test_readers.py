"""The CV readers: each format's headings, bullets and text in reading order, and every refusal."""

from __future__ import annotations

import base64
import codecs
import json
from collections.abc import Callable

import docx
import pytest
from docx.shared import Pt

from tests.resume import samples
from vetml.errors import InvalidInput, PayloadTooLarge
from vetml.resume.document import Document, LineKind
from vetml.resume.readers import read_cv

HEADING, BULLET, TEXT = LineKind.HEADING, LineKind.BULLET, LineKind.TEXT


def shape(document: Document) -> list[tuple[LineKind, str, str]]:
    """(kind, bullet glyph, text) of every line, the part most assertions compare."""
    return [(line.kind, line.bullet, line.text) for line in document.lines]


def texts(document: Document) -> list[str]:
    return [line.text for line in document.lines]


# --- Markdown ---------------------------------------------------------------------------------------

MARKDOWN = """# Jane Doe

ML engineer, **Berlin** — [portfolio](https://jane.example.com), https://github.com/jane

Experience
----------

- Cut _p99 latency_ by 40% with `torch.compile`
  on the ranking service.
* Built the feature store
1. Numbered item
2. Second numbered item

## Skills ##
Python, SQL\\*, jane@example.com
"""


def test_markdown_yields_headings_bullets_and_clean_text_in_order() -> None:
    document = read_cv(MARKDOWN.encode(), "cv.md")

    assert document.source_format == "markdown"
    assert shape(document) == [
        (HEADING, "", "Jane Doe"),
        (TEXT, "", "ML engineer, Berlin — portfolio, https://github.com/jane"),
        (HEADING, "", "Experience"),
        (BULLET, "-", "Cut p99 latency by 40% with torch.compile on the ranking service."),
        (BULLET, "*", "Built the feature store"),
        (BULLET, "1.", "Numbered item"),
        (BULLET, "1.", "Second numbered item"),
        (HEADING, "", "Skills"),
        (TEXT, "", "Python, SQL*, jane@example.com"),
    ]
    assert [line.source_line for line in document.lines] == [1, 3, 5, 8, 10, 11, 12, 14, 15]
    assert document.warnings == []


def test_markdown_is_chosen_by_content_or_by_extension_only_for_text() -> None:
    plain = b"Jane Doe\n\n- Built the feature store\n- Cut latency\n"

    assert read_cv(plain, "cv.md").source_format == "markdown"
    assert read_cv(plain, "cv.txt").source_format == "text"
    assert read_cv(b"## Skills\nPython\n", "cv.txt").source_format == "markdown"


def test_markdown_drops_comments_rules_and_table_pipes() -> None:
    source = "# Skills <!-- keep it short -->\n\n| Skill | Level |\n|---|---|\n| Python | Expert |\n\n***\n"

    assert shape(read_cv(source.encode(), "cv.md")) == [
        (HEADING, "", "Skills"),
        (TEXT, "", "Skill | Level"),
        (TEXT, "", "Python | Expert"),
    ]


# --- LaTeX --------------------------------------------------------------------------------------------

LATEX = r"""\documentclass[11pt]{moderncv}
\usepackage{hyperref}
\newcommand{\secret}{PREAMBLE ONLY}
\name{Jane}{Doe}
\begin{document}
\makecvtitle
\section*{Experience} % a comment that must not show
\textbf{Senior ML Engineer}, Acme \hfill 2019--2021\\
Shipped \emph{three} models to 50\% of traffic.

\begin{itemize}
  \item Cut p99 latency by 40\%
    with better batching.
  \item Led a team of four
\end{itemize}
\cventry{2016--2019}{ML Engineer}{Initech}{Berlin}{}{Built the ranking service.}
\subsection{Skills}
Python, \href{https://pytorch.org}{PyTorch}
\end{document}
"""


def test_latex_yields_sections_items_and_cv_macros_with_source_lines() -> None:
    document = read_cv(LATEX.encode(), "cv.tex")

    assert document.source_format == "latex"
    assert shape(document) == [
        (HEADING, "", "Jane Doe"),
        (HEADING, "", "Experience"),
        (TEXT, "", "Senior ML Engineer, Acme 2019–2021"),
        (TEXT, "", "Shipped three models to 50% of traffic."),
        (BULLET, "•", "Cut p99 latency by 40% with better batching."),
        (BULLET, "•", "Led a team of four"),
        (TEXT, "", "ML Engineer, Initech, Berlin, 2016–2019"),
        (TEXT, "", "Built the ranking service."),
        (HEADING, "", "Skills"),
        (TEXT, "", "Python, PyTorch"),
    ]
    assert [line.source_line for line in document.lines] == [4, 7, 8, 9, 12, 14, 16, 16, 17, 18]
    assert "PREAMBLE ONLY" not in " ".join(texts(document))


def test_latex_without_a_document_environment_is_recognised_by_its_macros() -> None:
    source = "\\section{Skills}\n\\begin{itemize}\\item \\textbf{Python} and SQL\\end{itemize}\n"

    document = read_cv(source.encode(), "cv.txt")

    assert document.source_format == "latex"
    assert shape(document) == [(HEADING, "", "Skills"), (BULLET, "•", "Python and SQL")]


# --- Plain text ---------------------------------------------------------------------------------------

TEXT_CV = """Jane Doe
ML engineer

EXPERIENCE
• Cut p99 latency by 40% with better
  batching of requests.
- Led a team of four
Not a bullet: -5% churn

Education
=========
MSc Computer Science, 2016

Languages:
* English
* German
"""


def test_text_yields_headings_bullets_and_joins_indented_wrapped_bullets() -> None:
    document = read_cv(TEXT_CV.encode(), "cv.txt")

    assert document.source_format == "text"
    assert shape(document) == [
        (TEXT, "", "Jane Doe"),
        (TEXT, "", "ML engineer"),
        (HEADING, "", "EXPERIENCE"),
        (BULLET, "•", "Cut p99 latency by 40% with better batching of requests."),
        (BULLET, "-", "Led a team of four"),
        (TEXT, "", "Not a bullet: -5% churn"),
        (HEADING, "", "Education"),
        (TEXT, "", "MSc Computer Science, 2016"),
        (HEADING, "", "Languages:"),
        (BULLET, "*", "English"),
        (BULLET, "*", "German"),
    ]
    assert [line.source_line for line in document.lines] == [1, 2, 4, 5, 7, 8, 10, 12, 14, 15, 16]


def test_text_is_normalised_but_dashes_are_kept_as_written() -> None:
    source = "Jane\u00a0Doe   —  \ufb01ne-tuning 2019–2021 and 2019-2021\n"

    assert texts(read_cv(source.encode())) == ["Jane Doe — fine-tuning 2019–2021 and 2019-2021"]


def test_utf16_and_utf8_with_a_byte_order_mark_are_read() -> None:
    source = "Jane Doe\n• Built Zürich's routing model\n"

    for encoded in (codecs.BOM_UTF16_LE + source.encode("utf-16-le"), codecs.BOM_UTF8 + source.encode()):
        document = read_cv(encoded, "cv.txt")
        assert shape(document) == [(TEXT, "", "Jane Doe"), (BULLET, "•", "Built Zürich's routing model")]


# --- JSON Resume --------------------------------------------------------------------------------------

RESUME = {
    "basics": {
        "name": "Jane Doe",
        "label": "ML Engineer",
        "email": "jane@example.com",
        "location": {"city": "Berlin", "countryCode": "DE"},
        "summary": "Ships models.",
    },
    "work": [
        {
            "name": "Acme",
            "position": "Senior ML Engineer",
            "location": "Berlin",
            "startDate": "2019-03",
            "highlights": ["Cut p99 latency by 40%", "Led a team of four"],
        },
        {"name": "Initech", "position": "ML Engineer", "startDate": "2016", "endDate": "2019-02"},
    ],
    "education": [{"institution": "TU Berlin", "area": "Computer Science", "studyType": "MSc", "endDate": "2016"}],
    "skills": [{"name": "ML", "keywords": ["PyTorch", "scikit-learn"]}],
    "x-custom": {"ignored": True},
}


def test_json_resume_is_laid_out_with_field_paths() -> None:
    document = read_cv(json.dumps(RESUME).encode(), "resume.json")

    assert document.source_format == "json-resume"
    rows = [(line.kind, line.text, line.field) for line in document.lines]
    assert rows == [
        (HEADING, "Jane Doe", "basics.name"),
        (TEXT, "ML Engineer", "basics.label"),
        (TEXT, "jane@example.com | Berlin, DE", "basics"),
        (TEXT, "Ships models.", "basics.summary"),
        (HEADING, "Work", "work"),
        (TEXT, "Senior ML Engineer, Acme, Berlin", "work[0]"),
        (TEXT, "2019-03 – Present", "work[0].startDate"),
        (BULLET, "Cut p99 latency by 40%", "work[0].highlights[0]"),
        (BULLET, "Led a team of four", "work[0].highlights[1]"),
        (TEXT, "ML Engineer, Initech", "work[1]"),
        (TEXT, "2016 – 2019-02", "work[1].startDate"),
        (HEADING, "Education", "education"),
        (TEXT, "MSc, Computer Science, TU Berlin", "education[0]"),
        (TEXT, "2016", "education[0].endDate"),
        (HEADING, "Skills", "skills"),
        (TEXT, "ML: PyTorch, scikit-learn", "skills[0]"),
    ]
    assert [line.source_line for line in document.lines] == list(range(1, 17))
    assert document.lines[7].bullet == "•"
    assert document.lines[7].where() == "work[0].highlights[0]"


def test_json_resume_with_a_bad_date_names_the_path_and_the_expected_form() -> None:
    resume = {**RESUME, "work": [RESUME["work"][0], {"name": "Initech", "startDate": "03/2020"}]}

    with pytest.raises(InvalidInput) as caught:
        read_cv(json.dumps(resume).encode(), "resume.json")

    assert "work[1].startDate: '03/2020' is not a date like 2020-03 or 2020-03-15" in caught.value.message


def test_json_resume_with_a_wrong_type_says_what_was_expected() -> None:
    with pytest.raises(InvalidInput) as caught:
        read_cv(json.dumps({"basics": {"name": 7}, "skills": "Python"}).encode())

    assert "basics.name: 7 is not a string" in caught.value.message
    assert 'skills: "Python" is not a list' in caught.value.message


def test_json_that_is_not_a_json_resume_is_refused() -> None:
    with pytest.raises(InvalidInput, match="JSON but not a JSON Resume"):
        read_cv(b'{"name": "Jane", "jobs": []}', "cv.json")


# --- Word ---------------------------------------------------------------------------------------------


def test_docx_yields_headings_bullets_and_table_paragraphs_in_order() -> None:
    document = docx.Document()
    document.add_heading("Jane Doe", level=0)
    document.add_paragraph("")
    bold = document.add_paragraph().add_run("EXPERIENCE")
    bold.bold = True
    document.add_paragraph("Cut p99 latency by 40%", style="List Bullet")
    document.add_paragraph("• Led a team of four")
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).paragraphs[0].add_run("Skills").bold = True
    layout.cell(0, 0).add_paragraph("Python, SQL")
    layout.cell(0, 1).paragraphs[0].text = "Languages"
    layout.cell(0, 1).paragraphs[0].style = document.styles["Heading 2"]
    layout.cell(0, 1).add_paragraph("English, German", style="List Bullet")
    document.add_paragraph("A closing paragraph that is long enough not to be taken for a heading at all.")

    read = read_cv(samples.docx_bytes(document), "cv.docx")

    assert read.source_format == "docx"
    assert shape(read) == [
        (HEADING, "", "Jane Doe"),
        (HEADING, "", "EXPERIENCE"),
        (BULLET, "•", "Cut p99 latency by 40%"),
        (BULLET, "•", "Led a team of four"),
        (HEADING, "", "Skills"),
        (TEXT, "", "Python, SQL"),
        (HEADING, "", "Languages"),
        (BULLET, "•", "English, German"),
        (TEXT, "", "A closing paragraph that is long enough not to be taken for a heading at all."),
    ]
    assert [line.source_line for line in read.lines] == list(range(1, 10))
    assert all(line.page is None for line in read.lines)


def test_docx_short_bold_paragraph_is_a_heading_only_when_every_run_is_bold() -> None:
    document = docx.Document()
    mixed = document.add_paragraph()
    mixed.add_run("Senior ML Engineer").bold = True
    mixed.add_run(", Acme")
    document.add_paragraph().add_run("Big").font.size = Pt(20)

    assert [line.kind for line in read_cv(samples.docx_bytes(document)).lines] == [TEXT, TEXT]


def test_docx_page_header_is_read_before_the_body() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Jane Doe | jane@example.com"
    document.add_paragraph("Machine learning engineer with eight years of experience in ranking and search.")

    assert texts(read_cv(samples.docx_bytes(document))) == [
        "Jane Doe | jane@example.com",
        "Machine learning engineer with eight years of experience in ranking and search.",
    ]


# --- PDF ----------------------------------------------------------------------------------------------


def test_pdf_yields_headings_bullets_and_text_in_order() -> None:
    content = samples.pdf_from_html(
        "<h1>Jane Doe</h1><p>ML engineer in Berlin</p><p><b>Experience</b></p>"
        "<ul><li>Cut p99 latency by 40%</li><li>Led a team of four</li></ul><p>EDUCATION</p>"
        "<p style='font-size: 14pt'>Technical University</p><p>MSc Computer Science, 2016</p>"
    )

    document = read_cv(content, "cv.pdf")

    assert document.source_format == "pdf"
    assert shape(document) == [
        (HEADING, "", "Jane Doe"),
        (TEXT, "", "ML engineer in Berlin"),
        (HEADING, "", "Experience"),
        (BULLET, "•", "Cut p99 latency by 40%"),
        (BULLET, "•", "Led a team of four"),
        (HEADING, "", "EDUCATION"),
        (HEADING, "", "Technical University"),
        (TEXT, "", "MSc Computer Science, 2016"),
    ]
    assert document.warnings == []


def test_pdf_two_column_layout_reads_the_left_column_before_the_right() -> None:
    # A sidebar as CV templates set it: smaller type on its own line spacing, beside the main column.
    left = "".join(f"<p>Sidebar skill number {n}</p>" for n in range(1, 11))
    right = "".join(f"<p>Role line {n} at a company</p>" for n in range(1, 13))
    content = samples.pdf_from_html(
        "<h1>Jane Doe</h1><div style='display: flex'>"
        f"<div style='width: 35%; font-size: 8.5pt; line-height: 1.7'><p><b>SKILLS</b></p>{left}</div>"
        f"<div style='width: 60%; margin-left: 5%'><p><b>EXPERIENCE</b></p>{right}</div></div>"
    )

    lines = texts(read_cv(content, "cv.pdf"))

    assert lines[:3] == ["Jane Doe", "SKILLS", "Sidebar skill number 1"]
    assert lines.index("Sidebar skill number 10") < lines.index("EXPERIENCE") < lines.index("Role line 1 at a company")
    assert lines[-1] == "Role line 12 at a company"
    assert len(lines) == 1 + 11 + 13  # no line mixes the two columns


def test_pdf_columns_whose_lines_pair_up_are_read_as_rows() -> None:
    rows = "".join(
        f"<div style='display: flex'><span style='width: 45%'>Paper title number {n}</span>"
        f"<span>Published in the proceedings of venue {n}</span></div>"
        for n in range(1, 16)
    )

    lines = texts(read_cv(samples.pdf_from_html(rows), "cv.pdf"))

    assert lines[0] == "Paper title number 1 Published in the proceedings of venue 1"
    assert len(lines) == 15


def test_pdf_lines_know_their_page_and_line_number() -> None:
    content = samples.pdf_from_html(
        "<p><b>Jane Doe</b></p><p>Intro</p>"
        "<p style='page-break-before: always'><b>PROJECTS</b></p><p>First project</p><p>Known line on page two</p>"
    )

    known = next(line for line in read_cv(content, "cv.pdf").lines if line.text == "Known line on page two")

    assert (known.page, known.source_line) == (2, 3)
    assert known.where() == "page 2, line 3"


def test_pdf_wrapped_bullet_is_joined_into_one_sentence() -> None:
    sentence = (
        "Built a ranking model that raised click-through by 4% across three markets while keeping p99 latency "
        "under fifty milliseconds."
    )
    content = samples.pdf_from_html(
        f"<p><b>Experience</b></p><ul style='width: 220pt'><li>{sentence}</li><li>Led a team of four</li></ul>"
        "<p>Closing remark</p>"
    )

    document = read_cv(content, "cv.pdf")

    assert shape(document) == [
        (HEADING, "", "Experience"),
        (BULLET, "•", sentence),
        (BULLET, "•", "Led a team of four"),
        (TEXT, "", "Closing remark"),
    ]
    assert document.lines[1].source_line == 2
    assert document.lines[2].source_line > 3  # the wrapped lines are numbered though joined


def test_pdf_bold_wrapped_bullet_stays_one_bullet() -> None:
    sentence = "Owned the fraud-scoring service that answers fifteen hundred requests per second on Kubernetes."
    content = samples.pdf_from_html(f"<ul style='width: 200pt; font-weight: bold'><li>{sentence}</li></ul>")

    assert shape(read_cv(content, "cv.pdf")) == [(BULLET, "•", sentence)]


def test_pdf_narrow_date_column_is_read_line_by_line() -> None:
    # moderncv's layout: the dates in a narrow column left of each entry, on the entry's first line.
    entry = (
        "<div style='display: flex'><span style='width: 18%'>2019 – 2021</span>"
        "<span>ML Engineer, Acme</span></div>"
        "<ul style='margin-left: 18%'><li>Cut p99 latency by 40%</li><li>Led a team of four</li></ul>"
    )
    content = samples.pdf_from_html("<h1>Jane Doe</h1>" + entry * 8)

    lines = texts(read_cv(content, "cv.pdf"))

    assert lines[1:4] == ["2019 – 2021 ML Engineer, Acme", "Cut p99 latency by 40%", "Led a team of four"]
    assert len(lines) == 1 + 3 * 8


def test_pdf_is_recognised_by_its_bytes_not_its_name() -> None:
    content = samples.pdf_from_html("<p>Jane Doe</p>")

    assert read_cv(content, "cv.txt").source_format == "pdf"


# --- Refusals -----------------------------------------------------------------------------------------


def _image_only_pdf() -> bytes:
    image = base64.b64encode(samples.png()).decode()
    return samples.pdf_from_html(f'<img src="data:image/png;base64,{image}" width="200">')


REFUSED = {
    "empty": (lambda: b"", "cv.pdf", "the CV is empty"),
    "whitespace": (lambda: b" \n\t\r\n ", "cv.txt", "the CV is empty"),
    "whitespace in UTF-16": (lambda: codecs.BOM_UTF16_LE + "  \n ".encode("utf-16-le"), "cv.txt", "the CV is empty"),
    "zip bomb named .docx": (
        lambda: samples.zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(50 * 1024 * 1024)}),
        "cv.docx",
        "looks like a zip bomb",
    ),
    "zip without a Word document": (
        lambda: samples.zip_bytes({"cv.txt": b"Jane Doe"}),
        "cv.docx",
        "a zip file that is not a Word document",
    ),
    "old binary .doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "cv.doc", "old binary Word document"),
    "PNG named cv.pdf": (samples.png, "cv.pdf", "the file is not text, PDF or Word"),
    "25 pages": (lambda: samples.pdf_pages(25), "cv.pdf", "the PDF has 25 pages; a CV has at most 20"),
    "3,000 pages": (lambda: samples.blank_pdf(3000), "cv.pdf", "the PDF has 3,000 pages"),
    "encrypted": (
        lambda: samples.encrypted_pdf(samples.pdf_from_html("<p>Jane</p>")),
        "cv.pdf",
        "the PDF is password-protected",
    ),
    "images only": (_image_only_pdf, "cv.pdf", "the PDF holds only images, e.g. a scan"),
    "blank pages": (lambda: samples.blank_pdf(2), "cv.pdf", "no text could be read"),
    "truncated PDF": (lambda: samples.pdf_from_html("<p>Jane Doe</p>")[:300], "cv.pdf", "the PDF could not be read"),
    "latin-1 text": (lambda: "José García\nIngeniero".encode("latin-1"), "cv.txt", "the text is not UTF-8"),
    "broken JSON named .json": (lambda: b'{"basics": {"name": "Jane",}', "cv.json", "the JSON could not be parsed"),
    "far too much text": (lambda: ("word " * 50_000).encode(), "cv.txt", "does not look like a CV"),
    "corrupt docx": (lambda: samples.zip_bytes({"word/document.xml": b"<not-xml"}), "cv.docx", "could not be read"),
    "docx with thousands of parts": (
        lambda: samples.zip_bytes({"word/document.xml": b"<w/>"} | {f"word/p{n}.xml": b"" for n in range(2_001)}),
        "cv.docx",
        "expands to 2,002 parts",
    ),
    "docx part that expands 100-fold": (
        lambda: samples.zip_bytes({"word/document.xml": b"<w/>", "word/media/photo.png": bytes(2 * 1024 * 1024)}),
        "cv.docx",
        "times its size in part word/media/photo.png",
    ),
    "JSON nested far too deeply": (lambda: b"[" * 100_000 + b"]" * 100_000, "cv.json", "nested far too deeply"),
    "RTF": (lambda: b"{\\rtf1\\ansi Jane Doe\\par}", "cv.rtf", "it is RTF"),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_unreadable_files_are_refused_with_a_reason_and_a_fix(case: tuple[Callable[[], bytes], str, str]) -> None:
    build, filename, phrase = case

    with pytest.raises(InvalidInput) as caught:
        read_cv(build(), filename)

    assert phrase in caught.value.message
    assert caught.value.hint


def test_a_file_over_5_mb_is_too_large() -> None:
    with pytest.raises(PayloadTooLarge, match="larger than 5 MB"):
        read_cv(b"a" * (6 * 1024 * 1024), "cv.txt")


# --- Garbled extraction -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("Jane Doe\n" + "(cid:12)(cid:7)(cid:41) " * 10, "(cid:NN)"),
        ("Jane Doe\n" + "\ue000\ue001\ue002 ab " * 20, "not letters, digits or punctuation"),
        ("J a n e D o e\nE x p e r i e n c e a t A c m e\nB u i l t m o d e l s", "single letters"),
        ("Jane Do\ufffd\nBerlin", "replacement characters"),
    ],
)
def test_garbled_text_is_read_with_a_warning(source: str, reason: str) -> None:
    document = read_cv(source.encode(), "cv.txt")

    assert len(document.warnings) == 1
    assert "looks garbled" in document.warnings[0]
    assert reason in document.warnings[0]


def test_ordinary_cv_text_with_symbols_has_no_warning() -> None:
    source = "Jane Doe — ML engineer · Zürich\n• Cut cost by €40k (\u221230%) → 2\u00d7 throughput ✓\n"

    assert read_cv(source.encode(), "cv.txt").warnings == []
