"""Template leftovers: filler text, bracketed fields, example addresses and numbers, sample skills.

A CV that still says "[Company Name]" or "Reference line item 1" was sent without being read through.
"""

from __future__ import annotations

import re

from vetml.resume.checks import Context
from vetml.resume.findings import Finding, Kind, Severity, make

WHY = "Text left over from a template shows the CV was sent without a final read."
_PATTERNS = [
    (
        r"\b[Ll]orem ipsum(?: dolor sit amet)?(?:,? consectetur adipiscing elit)?\b|\bdolor sit amet\b",
        "Replace the filler text with your own.",
    ),
    (r"\b(?:TBD|TBC|TODO|FIXME)\b|\bXX+\b|\bxx+\b(?![\w-])", "Fill in or remove the unfinished part."),
    (r"\[(?:[A-Z][A-Za-z']*|[a-z]+)(?: [A-Za-z'/&]+){0,5}\]", "Replace the bracketed field with the real value."),
    (r"<(?:[A-Z][a-z]+|[a-z]+)(?: [A-Za-z]+){1,4}>", "Replace the field in angle brackets with the real value."),
    (r"\bReference line item \d+\b|\b[Ll]ine item \d+\b", "Replace the template's sample line with your own."),
    (
        r"\b(?:Skill|Bullet|Responsibility|Achievement|Project|Company|Job Title|Position|Degree|Certification|"
        r"Language|Tool|Item) ?(?:\d+|[A-C])\b(?! ?[-–.:%)])",
        "Replace the template's numbered sample with your own.",
    ),
    (
        r"\b(?:Company Name|Your Name(?: Here)?|Job Title Here|University Name|School Name|City, State|"
        r"Month,? Year|Start Date|End Date|Street Address|Your Address|Your Title)\b",
        "Replace the template's field name with the real value.",
    ),
    (
        r"\b(?:Click here to|Type here|Insert (?:text|your)|Add (?:a|your) (?:bullet|description|summary|skills?)|"
        r"Describe your (?:role|responsibilities|achievements)|Enter your|Write (?:a|your) (?:short|brief))\b[^.]*",
        "Remove the template's instruction.",
    ),
    (
        r"[\w.+-]+@(?:example|domain|email|yourdomain|company)\.(?:com|org|net)\b|\b(?:john|jane)\.?doe@[\w.]+"
        r"|\byour(?:\.?name|email)@[\w.]+|\bname@[\w.]+",
        "Put your real e-mail address.",
    ),
    (
        r"\(?\b555\)?[ .-]?\d{3}[ .-]?\d{4}\b|\b555[ .-]01\d\d\b|\b123[ .-]?456[ .-]?7890\b"
        r"|\b0{3}[ .-]?0{3}[ .-]?0{4}\b"
        r"|\+1 ?234 ?567 ?890\d?\b|\b(?:XXX|xxx)[ .-](?:XXX|xxx)[ .-](?:XXXX|xxxx)\b",
        "Put your real phone number.",
    ),
    (
        r"\b(?:Resume|CV|Curriculum Vitae) [Tt]emplate\b|\b[Tt]emplate (?:by|from|designed by)\b|"
        r"\b(?:Designed|Created|Made) (?:by|with) (?:Canva|Resume\.io|Zety|Novoresume|Kickresume|Overleaf)\b",
        "Remove the template's credit line.",
    ),
]
PATTERNS = [(re.compile(pattern), fix) for pattern, fix in _PATTERNS]


def check(context: Context) -> list[Finding]:
    """Every pattern over every line; overlapping matches on one line are reported once."""
    found: list[Finding] = []
    for index, line in enumerate(context.document.lines):
        taken: list[tuple[int, int]] = []
        for pattern, fix in PATTERNS:
            for match in pattern.finditer(line.text):
                start, end = match.span()
                if any(start < other_end and other_start < end for other_start, other_end in taken):
                    continue
                taken.append((start, end))
                found.append(
                    make(
                        Kind.PLACEHOLDER,
                        Severity.HIGH,
                        line=index,
                        start=start,
                        end=end,
                        text=line.text,
                        where=line.where(),
                        why=WHY,
                        fix=fix,
                    )
                )
    return found
