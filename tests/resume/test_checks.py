"""Each kind of finding on a small Markdown CV: the defect is found with its quote, and the clean CV has none."""

from __future__ import annotations

from datetime import date

import pytest

from tests.resume.cv_texts import CLEAN, with_change
from vetml.resume.findings import Kind
from vetml.resume.review import exit_code, review
from vetml.resume.schemas import Review

TODAY = date(2026, 11, 1)


def reviewed(text: str) -> Review:
    return review(text.encode(), "cv.md", today=TODAY)


def quotes(found: Review, kind: Kind) -> list[str]:
    return [finding.quote for finding in found.findings if finding.kind is kind]


def test_the_clean_cv_has_no_findings_and_a_full_score() -> None:
    found = reviewed(CLEAN)
    assert [(finding.kind, finding.quote) for finding in found.findings] == []
    assert found.score == 100
    assert exit_code(found) == 0


@pytest.mark.parametrize(
    ("old", "new", "kind", "quote"),
    [
        ("handles 1,500 requests", "handels 1,500 requests", Kind.SPELLING, "handels"),
        ("Reduced forecast error", "Reduced forcast error", Kind.SPELLING, "forcast"),
        ("with PyTorch and Kubernetes", "with PyTorch and Kubernets", Kind.TECH_NAME, "Kubernets"),
        ("with PyTorch and", "with Pytorch and", Kind.TECH_NAME, "Pytorch"),
        ("London, United Kingdom", "London, Untied Kingdom", Kind.CONFUSION, "Untied"),
        (
            "MSc in Machine Learning, University College London",
            "MSc in Machine Learning, Univeristy College London",
            Kind.PROPER_NAME,
            "Univeristy College London",
        ),
        ("- Led the migration", "- Lead the migration", Kind.CONFUSION, "Lead"),
        ("- Built demand forecasts", "- Build demand forecasts", Kind.TENSE, "Build"),
        ("- Designed the first", "- Reference line item 1 the first", Kind.PLACEHOLDER, "Reference line item 1"),
        ("maya.okafor@fastmail.com", "john.doe@example.com", Kind.PLACEHOLDER, "john.doe@example.com"),
        ("Languages: Python, SQL, Go", "Languages: Python, SQL, Go, Skill 3", Kind.PLACEHOLDER, "Skill 3"),
        ("Jan 2019 – Feb 2022", "January 2019 – Feb 2022", Kind.DATE_FORMAT, "January 2019"),
        ("Jan 2019 – Feb 2022", "Jan 2019 - Feb 2022", Kind.DATE_FORMAT, "Jan 2019 - Feb 2022"),
        ("Jan 2019 – Feb 2022", "Feb 2022 – Jan 2019", Kind.CHRONOLOGY, "Feb 2022 – Jan 2019"),
        ("Jan 2019 – Feb 2022", "Jan 2019 – Present", Kind.CHRONOLOGY, "Jan 2019 – Present"),
        ("Sep 2016 – Dec 2018", "Sep 2016 – Dec 2020", Kind.CHRONOLOGY, "Sep 2016 – Dec 2020"),
        ("Sep 2015 – Sep 2016", "Sep 2015 – Sep 2027", Kind.CHRONOLOGY, "Sep 2015 – Sep 2027"),
        ("- Wrote the monitoring", "* Wrote the monitoring", Kind.BULLET_GLYPH, "Wrote"),
        ("a weekly backtest in Python", "a weekly backtest in python", Kind.TERM_CONSISTENCY, "python"),
        ("by batching calls to the model", "by batching calls to the model.", Kind.PUNCTUATION, "."),
        ("Cut the p99 latency of the scoring API", "Cut the p99 latency of the scoring API , ", Kind.PUNCTUATION, " ,"),
    ],
)
def test_each_defect_is_found_with_its_quote(old: str, new: str, kind: Kind, quote: str) -> None:
    found = reviewed(with_change(old, new))
    assert quote in quotes(found, kind), [(finding.kind, finding.quote) for finding in found.findings]
    assert found.score < 100


def test_a_finding_points_at_the_line_of_the_file_and_quotes_the_text() -> None:
    found = reviewed(with_change("Reduced forecast error", "Reduced forcast error"))
    finding = next(finding for finding in found.findings if finding.kind is Kind.SPELLING)
    line_number = next(number for number, line in enumerate(CLEAN.splitlines(), 1) if "Reduced forecast" in line)
    assert finding.location == f"line {line_number}"
    assert found.lines[finding.line].text[finding.start : finding.end] == "forcast"
    assert "forecast" in finding.fix


def test_present_tense_is_right_in_the_current_role() -> None:
    found = reviewed(CLEAN)
    assert quotes(found, Kind.TENSE) == []
    mixed = reviewed(with_change("- Lead a team", "- Led a team"))
    assert quotes(mixed, Kind.TENSE) == ["Led"]


def test_part_time_roles_may_overlap_and_run_in_parallel() -> None:
    text = with_change(
        "Data Scientist, Deliveroo, London\nSep 2016 – Dec 2018",
        "Data Scientist (part-time), Deliveroo, London\nSep 2016 – Present",
    )
    assert quotes(reviewed(text), Kind.CHRONOLOGY) == []


def test_expected_degrees_may_end_in_the_future() -> None:
    text = with_change(
        "MSc in Machine Learning, University College London, London\nSep 2015 – Sep 2016",
        "MSc in Machine Learning (expected), University College London, London\nSep 2025 – Sep 2027",
    )
    assert quotes(reviewed(text), Kind.CHRONOLOGY) == []


def test_real_words_in_their_right_context_are_not_flagged() -> None:
    text = with_change(
        "- Wrote the monitoring that paged the team when data drift crossed agreed limits",
        "- Wrote the monitoring, which paged the team faster than before, when drift crossed limits",
    )
    found = reviewed(text)
    assert quotes(found, Kind.CONFUSION) == []
    assert quotes(found, Kind.SPELLING) == []


def test_severity_sets_the_exit_code_and_lowers_the_score() -> None:
    slip = reviewed(with_change("- Wrote the monitoring", "* Wrote the monitoring"))
    typo = reviewed(with_change("Reduced forecast error", "Reduced forcast error"))
    assert exit_code(slip) == 0
    assert exit_code(typo) == 2
    assert typo.score < slip.score < 100
    assert "misspelt word" in typo.summary and "forcast" in typo.summary
