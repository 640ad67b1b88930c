"""Dates as CVs write them: each mention keeps its style (how it was written), so the checks can compare
styles across the document, and ranges keep their dash, so "2019 – 2021" and "2019-2021" can be told apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_YEAR = r"(?:19|20)\d{2}"
_ONE_DATE = (
    rf"(?P<named>(?P<month>{_MONTH})(?P<dot>\.)?,?\s+(?P<nyear>{_YEAR}))"
    rf"|(?P<season>(?:Spring|Summer|Autumn|Fall|Winter)\s+(?P<syear>{_YEAR}))"
    rf"|(?P<slash>(?P<smonth>0?[1-9]|1[0-2])/(?P<slyear>{_YEAR}))"
    rf"|(?P<iso>(?P<iyear>{_YEAR})-(?P<imonth>0[1-9]|1[0-2]))(?![\d-])"
    rf"|(?P<dotted>(?P<dmonth>0[1-9]|1[0-2])\.(?P<dyear>{_YEAR}))"
    rf"|(?P<year>{_YEAR})"
)
DATE = re.compile(rf"(?<![\w/.])(?:{_ONE_DATE})(?![\w/])", re.IGNORECASE)
PRESENT = r"[Pp]resent|PRESENT|[Cc]urrent|[Nn]ow|[Tt]oday|[Oo]ngoing"
_DASH = r"(?P<dash>\s*(?:–|—|-|−)\s*|\s+(?:to|until|till)\s+)"
RANGE_END = re.compile(rf"{_DASH}(?:(?P<present>{PRESENT})\b|(?={_ONE_DATE}))")


@dataclass(frozen=True)
class DateMention:
    """One date as written: its month number (None for a bare year or season), year and style."""

    start: int
    end: int
    year: int
    month: int | None
    style: str

    @property
    def ordinal(self) -> int:
        """Months since year 0, counting a bare year as its first month for start dates."""
        return self.year * 12 + (self.month or 1) - 1


@dataclass(frozen=True)
class DateRange:
    """A period such as "Mar 2020 – Present": its two ends, the dash as written, and its span in the line."""

    first: DateMention
    last: DateMention | None  # None means "present"
    dash: str
    start: int
    end: int
    dash_start: int
    dash_end: int

    @property
    def current(self) -> bool:
        """Whether the period runs to the present."""
        return self.last is None


def find_dates(text: str) -> list[DateMention]:
    """Every date mention in a line of text, in order."""
    return [_mention(match) for match in DATE.finditer(text)]


def find_ranges(text: str) -> list[DateRange]:
    """Date ranges in a line: two dates, or a date and "present", joined by a dash or "to"."""
    mentions = find_dates(text)
    found = []
    for index, first in enumerate(mentions):
        tail = RANGE_END.match(text, first.end)
        if not tail:
            continue
        nxt = mentions[index + 1] if index + 1 < len(mentions) else None
        if tail.group("present"):
            found.append(_range(first, None, tail, tail.end()))
        elif nxt is not None and nxt.start == tail.end("dash"):
            found.append(_range(first, nxt, tail, nxt.end))
    return _without_nested(found)


def _range(first: DateMention, last: DateMention | None, tail: re.Match[str], end: int) -> DateRange:
    return DateRange(first, last, tail.group("dash"), first.start, end, tail.start("dash"), tail.end("dash"))


def _without_nested(ranges: list[DateRange]) -> list[DateRange]:
    """Drop a range whose first date is the previous range's last date ("2019 – 2020 – 2021" is not two ranges)."""
    kept: list[DateRange] = []
    for candidate in ranges:
        if kept and candidate.start < kept[-1].end:
            continue
        kept.append(candidate)
    return kept


def _mention(match: re.Match[str]) -> DateMention:
    start, end = match.span()
    if match.group("named"):
        word = match.group("month")
        month = _month_number(word)
        return DateMention(start, end, int(match.group("nyear")), month, _named_style(word, bool(match.group("dot"))))
    if match.group("season"):
        return DateMention(start, end, int(match.group("syear")), None, "season")
    if match.group("slash"):
        text = match.group("smonth")
        return DateMention(start, end, int(match.group("slyear")), int(text), "MM/YYYY" if len(text) == 2 else "M/YYYY")
    if match.group("iso"):
        return DateMention(start, end, int(match.group("iyear")), int(match.group("imonth")), "YYYY-MM")
    if match.group("dotted"):
        return DateMention(start, end, int(match.group("dyear")), int(match.group("dmonth")), "MM.YYYY")
    return DateMention(start, end, int(match.group("year")), None, "year")


def _month_number(word: str) -> int:
    lowered = word.lower()
    return next(number for number, name in enumerate(_MONTH_NAMES, 1) if name.startswith(lowered[:3]))


def _named_style(word: str, dotted: bool) -> str:
    """ "full" (March), "abbreviated" (Mar), "abbreviated." (Mar.), "Sept" for the four-letter form, and "short"
    for May, June and July, whose full names are as short as abbreviations and read right in either style."""
    lowered = word.lower()
    if lowered in ("may", "june", "july"):
        return "short"
    if lowered in _MONTH_NAMES:
        return "full"
    if lowered == "sept":
        return "Sept" + ("." if dotted else "")
    return "abbreviated" + ("." if dotted else "")


def describe_style(style: str) -> str:
    """How a person would name a date style in a sentence."""
    return {
        "full": "full month names (March 2021)",
        "abbreviated": "abbreviated month names (Mar 2021)",
        "abbreviated.": "abbreviated month names with a full stop (Mar. 2021)",
        "Sept": "'Sept' for September",
        "Sept.": "'Sept.' for September",
        "MM/YYYY": "numeric months (03/2021)",
        "M/YYYY": "numeric months without a leading zero (3/2021)",
        "YYYY-MM": "ISO dates (2021-03)",
        "MM.YYYY": "numeric months with a dot (03.2021)",
        "season": "seasons (Summer 2021)",
    }.get(style, style)
