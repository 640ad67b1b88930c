"""Hostile input for every parser of untrusted files: each one parses it or refuses it with a `VetmlError`.

Candidates upload CVs and projects, staff import calendars and loop files, authors write bank files; any of
them may be damaged or crafted. The property is the same everywhere: a result, or an error a person can act
on (a `VetmlError` with a message), never another exception and never a hang. Run deeper with
``VETML_FUZZ_EXAMPLES=2000``.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.abuse.hostile import (
    FUZZ,
    MAX_BYTES,
    hostile_text,
    member_names,
    mutated,
    nested,
    refused_politely,
    tar_archive,
    tar_of,
    with_declared_size,
    yaml_text,
    zip_archive,
    zip_of,
)
from tests.factories import question_data
from tests.judge.factories import challenge_spec, write_challenge
from tests.resume.samples import docx_bytes, pdf_from_html
from vetml.errors import VetmlError
from vetml.judge.challenges import ChallengeError, read_challenge
from vetml.questions.bank import read_bank
from vetml.resume.readers import read_cv
from vetml.scheduling import loader
from vetml.scheduling.ics_import import busy_blocks
from vetml.takehome.archives import from_archive

MARKDOWN = b"# Ada Lovelace\n\n## Experience\n\n- **Engineer** at [Analytical](https://example.test), 1843\n"
LATEX = rb"\documentclass{article}\begin{document}\section{Experience}\textbf{Engineer}\item Notes\end{document}"
TEXT = b"Ada Lovelace\nada@example.test\n\nExperience\nEngineer, Analytical Engines, 1843-1852\n"
JSON_RESUME = json.dumps({"basics": {"name": "Ada"}, "work": [{"name": "Engines", "position": "Engineer",
                                                              "startDate": "1843-01", "highlights": ["Notes"]}],
                          "skills": [{"name": "Python", "keywords": ["numpy"]}]}).encode()  # fmt: skip
CALENDAR = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:a@test\r\n"
    b"DTSTAMP:20270101T000000Z\r\nDTSTART;TZID=Europe/London:20270104T100000\r\nDTEND:20270104T110000Z\r\n"
    b"RRULE:FREQ=WEEKLY;COUNT=4;BYDAY=MO,WE\r\nEXDATE:20270106T100000Z\r\nSUMMARY:Busy\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)
WINDOW = {"start": datetime(2027, 1, 1, tzinfo=UTC), "end": datetime(2027, 2, 1, tzinfo=UTC)}
LOOP = """candidate: {name: Priya, zone: Asia/Kolkata, hours: {mon-fri: "09:00-18:00"}}
interviewers:
  bo: {zone: Europe/London, hours: {mon-fri: "09:00-17:00"}}
modules:
  - {name: coding, minutes: 60, interviewers: [bo]}
dates: {from: 2027-03-08, to: 2027-03-09}
"""
PROJECT = [("project/train.py", b"import random\nrandom.seed(1)\n"), ("project/requirements.txt", b"numpy==2.0\n")]


@pytest.fixture(scope="module")
def seeds() -> dict[str, bytes]:
    """One valid file per CV format, made once: rendering a PDF costs more than a hundred parses."""
    document = docx.Document()
    document.add_heading("Ada Lovelace", level=1)
    document.add_paragraph("Engineer at Analytical Engines, 1843 to 1852")
    return {"pdf": pdf_from_html("<h1>Ada Lovelace</h1><p>Engineer, 1843</p>"), "docx": docx_bytes(document),
            "markdown": MARKDOWN, "latex": LATEX, "text": TEXT, "json": JSON_RESUME}  # fmt: skip


def _fresh_folder() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="vetml-fuzz-")


# CV readers


@FUZZ
@given(content=st.binary(max_size=MAX_BYTES), name=st.sampled_from(["cv.pdf", "cv.docx", "cv.md", "cv.json", ""]))
def test_random_bytes_as_a_cv(content: bytes, name: str) -> None:
    refused_politely(lambda: read_cv(content, name))


@FUZZ
@given(data=st.data(), kind=st.sampled_from(["pdf", "docx", "markdown", "latex", "text", "json"]))
def test_a_damaged_cv(seeds: dict[str, bytes], data: st.DataObject, kind: str) -> None:
    content = data.draw(mutated(seeds[kind]), label=kind)
    refused_politely(lambda: read_cv(content, f"cv.{kind}"))


@FUZZ
@given(source=st.one_of(hostile_text(), nested("[", "]"), nested('{"basics": ', "}"), nested(r"\begin{itemize}", "}")))
def test_hostile_text_as_a_cv(source: str) -> None:
    refused_politely(lambda: read_cv(source.encode("utf-8"), "cv.txt"))


# Take-home archives


@FUZZ
@given(content=st.binary(max_size=MAX_BYTES), name=st.sampled_from(["p.zip", "p.tar.gz", "p.tar", ""]))
def test_random_bytes_as_a_project(content: bytes, name: str) -> None:
    refused_politely(lambda: from_archive(content, name))


@FUZZ
@given(data=st.data(), kind=st.sampled_from(["zip", "tar"]))
def test_a_damaged_project(data: st.DataObject, kind: str) -> None:
    valid = zip_of(PROJECT) if kind == "zip" else tar_of([(name, body, b"\x00") for name, body in PROJECT])
    content = data.draw(mutated(valid))
    refused_politely(lambda: from_archive(content, f"p.{kind}"))


@FUZZ
@given(content=zip_archive(st.lists(st.tuples(member_names(), st.binary(max_size=256)), max_size=12)))
def test_zip_members_with_hostile_names(content: bytes) -> None:
    project = refused_politely(lambda: from_archive(content, "p.zip"))
    if not isinstance(project, VetmlError):
        assert all(_inside(path) for path in project.files), sorted(project.files)


@FUZZ
@given(
    content=tar_archive(
        st.lists(st.tuples(member_names(), st.binary(max_size=64), st.binary(min_size=1, max_size=1)), max_size=12)
    )
)
def test_tar_members_that_escape_link_or_are_devices(content: bytes) -> None:
    project = refused_politely(lambda: from_archive(content, "p.tar"))
    if not isinstance(project, VetmlError):
        assert all(_inside(path) for path in project.files), sorted(project.files)


@FUZZ
@given(size=st.sampled_from([0, 1, 2**31 - 1, 2**32 - 1]), data=st.binary(min_size=1, max_size=512))
def test_zip_that_lies_about_its_sizes(size: int, data: bytes) -> None:
    refused_politely(lambda: from_archive(with_declared_size(zip_of([("a.py", data)]), size), "p.zip"))


def _inside(path: str) -> bool:
    parts = Path(path).parts
    return bool(parts) and not Path(path).is_absolute() and ".." not in parts and "\\" not in path


# Calendars and loop files


@FUZZ
@given(content=st.one_of(st.binary(max_size=MAX_BYTES), mutated(CALENDAR), hostile_text().map(str.encode)))
def test_hostile_calendar_files(content: bytes) -> None:
    refused_politely(lambda: busy_blocks(content, zone="Europe/London", **WINDOW))


@FUZZ
@given(text=yaml_text(LOOP), suffix=st.sampled_from([".yaml", ".json"]))
def test_hostile_loop_files(text: str, suffix: str) -> None:
    with _fresh_folder() as root:
        path = Path(root) / f"loop{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        refused_politely(lambda: loader.read(path))


# Content files: the question bank and challenges


@FUZZ
@given(text=yaml_text(yaml.safe_dump(question_data())))
def test_hostile_question_files(text: str) -> None:
    with _fresh_folder() as root:
        path = Path(root) / "questions" / "mlops" / "hostile.yaml"
        path.parent.mkdir(parents=True)
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        bank, problems = read_bank(Path(root))  # bank files report problems; they never raise
        assert all(problem.message for problem in problems)
        assert bank.questions or problems


@FUZZ
@given(text=yaml_text(yaml.safe_dump(challenge_spec())))
def test_hostile_challenge_files(text: str) -> None:
    with _fresh_folder() as root:
        folder = write_challenge(Path(root))
        (folder / "challenge.yaml").write_bytes(text.encode("utf-8", errors="surrogatepass"))
        result = refused_politely(lambda: read_challenge(folder))
        assert not isinstance(result, VetmlError) or isinstance(result, ChallengeError)
