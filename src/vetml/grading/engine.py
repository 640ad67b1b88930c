"""The default grader: rubric points aligned to the answer's sentences, signals, red flags, a score.

For every rubric point the engine finds the sentence (or pair of neighbouring sentences) of the
answer most likely to make the point, as judged by the learned point-coverage model
(``vetml.grading.coverage``: meaning, content words, word pieces, negation), and calls the point
covered, partly covered or missing by that probability. The score is the weighted share of the rubric
covered, plus the production signals the question asks for, minus the red flags found; each part
is reported so every number can be traced to sentences of the answer.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np

from vetml.grading.contradiction import find_contradictions
from vetml.grading.coverage import CoverageModel, load_model, match_grid
from vetml.grading.encoder import Encoder
from vetml.grading.feedback import feedback
from vetml.grading.schemas import (
    ENGINE_VERSION,
    Coverage,
    Evidence,
    Finding,
    GradeResult,
    GradingQuestion,
    PointResult,
)
from vetml.grading.signals import Detection, find_red_flags, find_signals
from vetml.grading.text import MAX_GRADED_CHARS, STOPWORDS, Span, sentences, words

RUBRIC_POINTS, SIGNAL_POINTS, RED_FLAG_PENALTY, MAX_PENALTY = 80, 20, 5, 15
BANDS = ((80, 4), (60, 3), (40, 2), (0, 1))
GRADER_INSTRUCTIONS = re.compile(
    r"\b(?:ignore (?:all |the |any |previous |prior )*(?:instructions|rubric|rules)|give (?:me |this answer )?"
    r"(?:full|maximum|max|top) (?:marks|score|points)|you are (?:the|a|an) (?:grader|examiner|ai)|system prompt|"
    r"score (?:this|me) (?:100|10/10|as perfect))\b",
    re.IGNORECASE,
)
CODE_LINE = re.compile(r"^(?:```|\s*(?:def |class |import |from \S+ import |return |for .+:|if .+:|[\w.]+\(.*\)$))")


@dataclass
class Passage:
    """A sentence, or two neighbouring ones, that may cover a rubric point."""

    start: int
    end: int
    text: str
    spans: tuple[Span, ...]


class RubricGrader:
    """Grades an answer against one question version; deterministic for a given engine version."""

    name = "rubric-alignment"

    def __init__(self, encoder: Encoder, model: CoverageModel | None = None) -> None:
        self.encoder = encoder
        self.model = model or load_model()

    def grade(self, question: GradingQuestion, answer: str) -> GradeResult:
        """The grade of ``answer``, with the evidence for each rubric point, signal and red flag."""
        notes = _notes(answer)
        spans = sentences(answer)
        instructions = [span for span in spans if GRADER_INSTRUCTIONS.search(span.text)]
        readable = [span for span in spans if span not in instructions and not CODE_LINE.match(span.text)]
        stuffed = [span for span in readable if _is_term_list(span.text)]
        if instructions:
            notes.append("Instructions addressed to the grader were ignored and count against the answer.")
        points = self._points(question, answer, readable, set(stuffed))
        signals = find_signals(readable)
        flags = find_red_flags(readable, signals, set(question.shared_red_flags))
        if instructions:
            flags["grader-instructions"] = Detection(
                "grader-instructions", instructions, "tries to instruct the grader"
            )
        contradictions = find_contradictions(self.encoder, question.reference_answer,
                                             [span for span in readable if span not in stuffed])  # fmt: skip
        if contradictions:
            quoted = "; ".join(f'"{item.reference}"' for item in contradictions[:2])
            flags["contradicts-reference"] = Detection(
                "contradicts-reference", [item.answer for item in contradictions], f"says the opposite of {quoted}"
            )
        if stuffed and len(stuffed) * 3 >= len(readable):
            flags["keyword-stuffing"] = Detection(
                "keyword-stuffing", stuffed, "lists terms without explaining them; lists earn at most partial credit"
            )
        return _result(question, points, signals, flags, notes)

    def _points(
        self, question: GradingQuestion, answer: str, spans: list[Span], stuffed: set[Span]
    ) -> list[PointResult]:
        passages = passages_of(answer, spans)
        if not passages:
            return [PointResult(point=point.text, weight=point.weight, coverage=Coverage.MISSING, confidence=1.0)
                    for point in question.rubric]  # fmt: skip
        match = match_grid(self.encoder, self.model, [point.text for point in question.rubric],
                           [passage.text for passage in passages])  # fmt: skip
        results = []
        for row, point in enumerate(question.rubric):
            best = int(np.argmax(match[row]))
            results.append(self._point_result(point.text, point.weight, float(match[row, best]), passages[best],
                                              stuffed))  # fmt: skip
        return results

    def _point_result(self, text: str, weight: int, match: float, passage: Passage, stuffed: set[Span]) -> PointResult:
        covered, partly = self.model.covered, self.model.partly
        coverage = Coverage.COVERED if match >= covered else Coverage.PARTLY if match >= partly else Coverage.MISSING
        if coverage is Coverage.COVERED and all(span in stuffed for span in passage.spans):
            coverage = Coverage.PARTLY  # naming the terms is not explaining them
        evidence = (
            [] if coverage is Coverage.MISSING else [Evidence(start=passage.start, end=passage.end, text=passage.text)]
        )
        distance = min(abs(match - covered), abs(match - partly))  # 0.5 on a threshold, 1 far from both
        return PointResult(point=text, weight=weight, coverage=coverage, match=round(match, 3),
                           confidence=round(min(1.0, 0.5 + distance / 0.2), 2), evidence=evidence)  # fmt: skip


def passage_texts(answer: str) -> list[str]:
    """The texts the engine compares with a rubric point, for an answer taken whole (benchmarks, calibration)."""
    return [passage.text for passage in passages_of(answer, sentences(answer))]


def passages_of(answer: str, spans: list[Span]) -> list[Passage]:
    """Each sentence, and each pair of neighbouring sentences (a point is often made across two)."""
    singles = [Passage(span.start, span.end, span.text, (span,)) for span in spans]
    pairs = [
        Passage(first.start, second.end, answer[first.start : second.end], (first, second))
        for first, second in itertools.pairwise(spans)
    ]
    return singles + pairs


def _is_term_list(text: str) -> bool:
    """A sentence that strings terms together: commas or slashes between short items, few function words."""
    tokens = words(text)
    if len(tokens) < 4:
        return False
    function_share = sum(token in STOPWORDS for token in tokens) / len(tokens)
    separators = text.count(",") + text.count("/") + text.count(";") + text.count("|")
    return function_share < 0.12 or (separators >= 3 and separators * 3 >= len(tokens) and function_share < 0.25)


def _notes(answer: str) -> list[str]:
    notes = []
    if not answer.strip():
        notes.append("The answer is empty.")
    if len(answer) > MAX_GRADED_CHARS:
        notes.append(f"Only the first {MAX_GRADED_CHARS:,} characters were graded.")
    letters = [character for character in answer if character.isalpha()]
    if letters and sum(character.isascii() for character in letters) < 0.6 * len(letters):
        notes.append("The answer does not look like English; the grader is built for English and may miss points.")
    return notes


def _result(
    question: GradingQuestion,
    points: list[PointResult],
    signals: dict[str, Detection],
    flags: dict[str, Detection],
    notes: list[str],
) -> GradeResult:
    credit = {Coverage.COVERED: 1.0, Coverage.PARTLY: 0.5, Coverage.MISSING: 0.0}
    total_weight = sum(point.weight for point in points) or 1
    rubric = RUBRIC_POINTS * sum(point.weight * credit[point.coverage] for point in points) / total_weight
    wanted = question.shared_signals or list(signals)
    shown = [signal for signal in wanted if signal in signals]
    signal_points = SIGNAL_POINTS * len(shown) / len(wanted) if wanted else 0.0
    penalty = min(MAX_PENALTY, RED_FLAG_PENALTY * len(flags))
    score = max(0, min(100, round(rubric + signal_points - penalty)))
    result = GradeResult(
        question_id=question.id,
        question_hash=question.content_hash,
        engine=ENGINE_VERSION,
        score=score,
        band=next(band for floor, band in BANDS if score >= floor),
        rubric_points=round(rubric, 1),
        signal_points=round(signal_points, 1),
        penalty=penalty,
        points=points,
        signals=[_finding(detection, question.signal_titles) for detection in signals.values()],
        missing_signals=[signal for signal in wanted if signal not in signals],
        red_flags=[_finding(detection, question.red_flag_titles) for detection in flags.values()],
        notes=notes,
    )
    result.feedback = feedback(result)
    return result


def _finding(detection: Detection, titles: dict[str, str]) -> Finding:
    return Finding(
        id=detection.id,
        title=titles.get(detection.id, detection.id.replace("-", " ").capitalize()),
        reason=detection.reason,
        evidence=[Evidence(start=span.start, end=span.end, text=span.text) for span in detection.evidence],
    )
