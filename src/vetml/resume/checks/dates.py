"""Dates: one format across the document, and a chronology that adds up."""

from __future__ import annotations

from collections import Counter
from datetime import date

from vetml.resume.checks import Context
from vetml.resume.dates import DateRange, describe_style, find_dates, find_ranges
from vetml.resume.findings import Finding, Kind, Severity, at, make
from vetml.resume.structure import Entry, SectionKind

NEUTRAL_STYLES = {"year", "short"}  # a bare year, or May, June and July, fit any style
NUMERIC_STYLES = {"MM/YYYY", "M/YYYY", "YYYY-MM", "MM.YYYY"}
OVERLAP_MONTHS = 2  # a month or two of overlap is a notice period or a hand-over, not two jobs
EXPECTED = ("expected", "anticipated", "exp.", "due", "planned", "candidate")


def check(context: Context) -> list[Finding]:
    """Mixed date styles and dashes, then the chronology of the roles."""
    return [*_styles(context), *_dashes(context), *_chronology(context)]


def _styles(context: Context) -> list[Finding]:
    mentions = [
        (index, mention) for index, line in enumerate(context.document.lines) for mention in find_dates(line.text)
    ]
    styled = [mention.style for _index, mention in mentions if mention.style not in NEUTRAL_STYLES]
    counts = Counter(styled)
    if not counts:
        return []
    usual = _usual(counts, styled)
    return [
        at(context.document, index, mention.start, mention.end, Kind.DATE_FORMAT, Severity.MEDIUM,
           why=f"Written with {describe_style(mention.style)}; the rest of the CV uses {describe_style(usual)}.",
           fix=f"Write every date with {describe_style(usual)}.")
        for index, mention in mentions
        if _odd_style(mention.style, usual)
    ]  # fmt: skip


def _odd_style(style: str, usual: str) -> bool:
    """A style other than the usual one; "June 2021" fits among "Jun 2021" and "June 2021" but not among 06/2021."""
    if style == "year" or style == usual:
        return False
    return style != "short" or usual in NUMERIC_STYLES


def _usual(counts: Counter[str], order: list[str]) -> str:
    """The most used style; on a tie, the one that appears first."""
    best = max(counts.values())
    return next(style for style in order if counts[style] == best)


def _dash_style(found: DateRange) -> str:
    return found.dash if found.dash.strip() in ("to", "until", "till") else found.dash.replace("−", "-")


def _dashes(context: Context) -> list[Finding]:
    ranges = [(index, found) for index, line in enumerate(context.document.lines) for found in find_ranges(line.text)]
    styles = [_dash_style(found) for _index, found in ranges]
    counts = Counter(styles)
    if len(counts) < 2:
        return []
    usual = _usual(counts, styles)
    return [
        at(context.document, index, found.start, found.end, Kind.DATE_FORMAT, Severity.LOW,
           why=f"This range is joined with '{style}' where the others use '{usual}'.",
           fix=f"Join every date range with '{usual}'.")
        for (index, found), style in zip(ranges, styles, strict=True)
        if style != usual
    ]  # fmt: skip


def _chronology(context: Context) -> list[Finding]:
    found: list[Finding] = []
    for section in context.sections:
        dated = [entry for entry in section.entries if entry.dates is not None]
        for entry in dated:
            found.extend(_entry_dates(context, entry, section.kind))
        if section.kind is SectionKind.EXPERIENCE:
            full_time = [entry for entry in dated if entry.full_time(context.document)]
            found.extend(_overlaps(context, full_time))
            found.extend(_parallel_current(context, full_time))
    return found


def _entry_dates(context: Context, entry: Entry, kind: SectionKind) -> list[Finding]:
    assert entry.dates is not None and entry.date_line is not None
    found = []
    span = entry.dates
    if span.last is not None and span.last.ordinal < span.first.ordinal:
        found.append(
            _finding(
                context, entry, Severity.HIGH, "The period ends before it starts.", "Check the order of the two dates."
            )
        )
    latest = span.last or span.first
    header = " ".join(context.document.lines[index].text.lower() for index in entry.header)
    if _after_today(latest.year, latest.month, context.today) and not any(word in header for word in EXPECTED):
        what = "expected" if kind is SectionKind.EDUCATION else "current or planned"
        found.append(
            _finding(
                context, entry, Severity.MEDIUM, "A date is in the future.", f"Correct the date, or mark it as {what}."
            )
        )
    return found


def _after_today(year: int, month: int | None, today: date) -> bool:
    return (year, month or 1) > (today.year, today.month)


def _overlaps(context: Context, entries: list[Entry]) -> list[Finding]:
    found = []
    for earlier_index, earlier in enumerate(entries):
        for later in entries[earlier_index + 1 :]:
            months = _overlap_months(earlier.dates, later.dates, context.today)
            if months > OVERLAP_MONTHS:
                found.append(
                    _finding(
                        context,
                        later,
                        Severity.MEDIUM,
                        f"This full-time role overlaps another by {months} months.",
                        "Say if one of the roles was part-time or a contract, or correct the dates.",
                    )
                )
    return found


def _overlap_months(first: DateRange | None, second: DateRange | None, today: date) -> int:
    if first is None or second is None:
        return 0
    now = today.year * 12 + today.month - 1
    first_end = first.last.ordinal if first.last else now
    second_end = second.last.ordinal if second.last else now
    return min(first_end, second_end) - max(first.first.ordinal, second.first.ordinal)


def _parallel_current(context: Context, entries: list[Entry]) -> list[Finding]:
    current = [entry for entry in entries if entry.dates is not None and entry.dates.current]
    return [
        _finding(
            context,
            entry,
            Severity.MEDIUM,
            "More than one full-time role is marked as current.",
            "Say which role is part-time, or give the end date of the one that finished.",
        )
        for entry in current[1:]
    ]


def _finding(context: Context, entry: Entry, severity: Severity, why: str, fix: str) -> Finding:
    assert entry.dates is not None and entry.date_line is not None
    line = context.document.lines[entry.date_line]
    return make(
        Kind.CHRONOLOGY,
        severity,
        line=entry.date_line,
        start=entry.dates.start,
        end=entry.dates.end,
        text=line.text,
        where=line.where(),
        why=why,
        fix=fix,
    )
