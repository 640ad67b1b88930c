"""`vetml bench cv`: precision and recall per kind of defect on injected CVs, false alarms on clean ones, and speed.

The corpus is built on the fly: every clean CV of `corpus/clean` is laid out, rendered to each format,
reviewed as it is (false alarms), then reviewed again with one defect of every kind injected at a
known line (precision and recall). Seeds make the injections repeatable.
"""

from __future__ import annotations

import gc
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from pydantic import BaseModel, Field

from vetml.resume import review as reviewing
from vetml.resume.corpus.formats import FORMATS
from vetml.resume.corpus.inject import GLYPHS, NOT_IN_FORMAT, Injected, inject_all
from vetml.resume.corpus.model import DATE_STYLES, RenderedCv, clean_cvs, render
from vetml.resume.findings import Finding, Kind
from vetml.resume.schemas import Review

TODAY = date(2026, 11, 1)  # the corpus's dates are written against a fixed "today", so results do not drift
TARGET_PRECISION = 0.9
TARGET_RECALL = 0.85
TARGET_FALSE_ALARMS = 2.0
TARGET_MS = 300.0


class KindScore(BaseModel):
    """Precision and recall of one kind of finding over the injected CVs."""

    kind: str
    injected: int
    found: int
    false_alarms: int
    precision: float
    recall: float


class CvBenchResult(BaseModel):
    """What `vetml bench cv` measured."""

    clean_cvs: int
    documents: int
    formats: list[str]
    kinds: list[KindScore]
    clean_words: int
    clean_false_alarms: int
    false_alarms_per_1000_words: float
    false_alarm_examples: list[str]
    ms_per_cv: dict[str, float]
    ms_per_cv_overall: float
    load_ms: float = Field(description="The first review of a process: loading dictionaries and lexicons, once.")
    targets_met: bool


@dataclass
class _Tally:
    injected: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    false_alarms: Counter[str] = field(default_factory=Counter)
    clean_words: int = 0
    clean_false: list[str] = field(default_factory=list)
    times: dict[str, list[float]] = field(default_factory=dict)
    load_ms: float = 0.0


def run(*, formats: list[str], seeds: int, on_step: Callable[[], None] | None = None) -> CvBenchResult:
    """Render, inject, review and score the whole corpus."""
    tally = _Tally()
    cvs = clean_cvs()
    started = time.perf_counter()
    reviewing.review(FORMATS["text"][1](render(cvs[0], date_style=DATE_STYLES[0])), "cv.txt", today=TODAY)
    tally.load_ms = (time.perf_counter() - started) * 1000  # dictionaries and lexicons, once per process
    for number, data in enumerate(cvs):
        for fmt in formats:
            laid_out = render(data, date_style=DATE_STYLES[number % len(DATE_STYLES)])
            _clean(tally, laid_out, fmt)
            for seed in range(seeds):
                _injected(tally, laid_out, fmt, random.Random(f"{data['id']}-{fmt}-{seed}"))
            if on_step:
                on_step()
    return _result(tally, len(cvs), formats, seeds)


def steps(formats: list[str]) -> int:
    """How many steps `run` reports, for a progress bar."""
    return len(clean_cvs()) * len(formats)


def _review(tally: _Tally, cv: RenderedCv, fmt: str) -> Review:
    filename, renderer = FORMATS[fmt]
    content = renderer(cv)
    gc.collect()  # the renderer's garbage (WeasyPrint builds large trees) is not the review's to collect
    started = time.perf_counter()
    found = reviewing.review(content, filename, today=TODAY)
    tally.times.setdefault(fmt, []).append((time.perf_counter() - started) * 1000)
    return found


def _clean(tally: _Tally, cv: RenderedCv, fmt: str) -> None:
    found = _review(tally, cv, fmt)
    tally.clean_words += found.words
    tally.clean_false += [
        f"{cv.id} ({fmt}) {finding.kind.value}: '{finding.quote}' — {finding.fix}" for finding in found.findings
    ]


def _injected(tally: _Tally, clean: RenderedCv, fmt: str, rng: random.Random) -> None:
    kinds = [kind for kind in Kind if kind not in NOT_IN_FORMAT.get(fmt, set())]
    if fmt in GLYPHS:
        clean = replace(clean, glyphs=GLYPHS[fmt])
    cv, defects = inject_all(clean, kinds, rng)
    found = _review(tally, cv, fmt)
    unmatched = list(found.findings)
    for defect in defects:
        tally.injected[defect.kind] += 1
        hit = next((finding for finding in unmatched if _matches(finding, defect, cv, found)), None)
        if hit is not None:
            tally.found[defect.kind] += 1
            unmatched.remove(hit)
    for finding in unmatched:
        tally.false_alarms[finding.kind] += 1


def _matches(finding: Finding, defect: Injected, cv: RenderedCv, found: Review) -> bool:
    """Same kind, quotes that contain one another, on the line the defect was put in."""
    if finding.kind is not defect.kind or (not finding.quote.strip(" ") and defect.quote.strip(" ")):
        return False
    if defect.quote not in finding.quote and finding.quote not in defect.quote:
        return False
    injected_line = " ".join(cv.lines[defect.line].text.split())
    read_line = " ".join(found.lines[finding.line].text.split())
    signature = " ".join(injected_line.split()[:3])
    # A PDF may wrap a long line: the piece read must then be part of the line the defect was put in.
    return signature in read_line or read_line in injected_line or len(defect.quote) >= 5


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 1.0


def _result(tally: _Tally, cvs: int, formats: list[str], seeds: int) -> CvBenchResult:
    kinds = [
        KindScore(
            kind=kind.value,
            injected=tally.injected[kind],
            found=tally.found[kind],
            false_alarms=tally.false_alarms[kind],
            precision=_ratio(tally.found[kind], tally.found[kind] + tally.false_alarms[kind]),
            recall=_ratio(tally.found[kind], tally.injected[kind]),
        )
        for kind in Kind
    ]
    per_1000 = round(1000 * len(tally.clean_false) / max(tally.clean_words, 1), 2)
    ms = {fmt: round(sum(values) / len(values), 1) for fmt, values in tally.times.items()}
    overall = round(sum(sum(values) for values in tally.times.values()) / sum(map(len, tally.times.values())), 1)
    met = all(score.precision >= TARGET_PRECISION and score.recall >= TARGET_RECALL for score in kinds)
    met = met and per_1000 < TARGET_FALSE_ALARMS and max(ms.values()) < TARGET_MS
    return CvBenchResult(
        clean_cvs=cvs,
        documents=cvs * len(formats) * (seeds + 1),
        formats=formats,
        kinds=kinds,
        clean_words=tally.clean_words,
        clean_false_alarms=len(tally.clean_false),
        false_alarms_per_1000_words=per_1000,
        false_alarm_examples=tally.clean_false[:20],
        ms_per_cv=ms,
        ms_per_cv_overall=overall,
        load_ms=round(tally.load_ms, 1),
        targets_met=met,
    )
