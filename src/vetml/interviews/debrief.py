"""The debrief of an interview loop: where interviewers agree, where they differ, and how they compare with grading.

Everything here is advice for the hiring manager, who decides; each flag carries a one-line reason with its numbers.
Agreement is Krippendorff's alpha at the ordinal level, as defined in Krippendorff (2011), "Computing Krippendorff's
Alpha-Reliability": ratings 1 to 4 are ordered, but the step from 2 to 3 need not equal the step from 3 to 4.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from statistics import fmean
from typing import Literal

import krippendorff
import numpy as np

from vetml.grading.engine import BANDS
from vetml.grading.schemas import BAND_NAMES
from vetml.interviews.debrief_schemas import (
    Agreement,
    AutomaticResult,
    CompetencySummary,
    Debrief,
    Flag,
    Gap,
    Outcome,
    RatedLoop,
    Recommendation,
    RedFlagCount,
    ScorecardInput,
    Suggestion,
)

DISAGREEMENT_POINTS = 2  # interviewers this far apart on one competency should talk before anyone decides
GAP_POINTS = 2  # a mean rating this far from the automatic band means one of the two missed something
SHARED_RED_FLAG = 2  # a red flag seen independently by this many interviewers is a pattern, not a bad moment
Matrix = np.ndarray[tuple[int, int], np.dtype[np.float64]]  # interviewers by competencies, NaN where not rated


def summarise(
    scorecards: Sequence[ScorecardInput], automatic: Sequence[AutomaticResult], competencies: Sequence[str]
) -> Debrief:
    """Build the debrief from one checked loop, so every part sees the same scorecards."""
    loop = RatedLoop(competencies=list(competencies), scorecards=list(scorecards), automatic=list(automatic))
    summaries = [summarise_competency(name, loop.scorecards, loop.automatic) for name in loop.competencies]
    red_flags = tally_red_flags(loop.scorecards)
    return Debrief(
        competencies=summaries,
        not_assessed=[summary.competency for summary in summaries if not summary.ratings],
        red_flags=red_flags,
        recommendations={choice: sum(c.recommendation == choice for c in loop.scorecards) for choice in Recommendation},
        agreement=agreement(loop.scorecards, loop.competencies),
        suggestion=suggest(loop.scorecards, summaries, red_flags),
    )


def summarise_competency(
    name: str, scorecards: Sequence[ScorecardInput], automatic: Sequence[AutomaticResult]
) -> CompetencySummary:
    """Put the interviewers' ratings of one competency beside its automatic results."""
    ratings = {card.interviewer: card.ratings[name] for card in scorecards if name in card.ratings}
    results = [result for result in automatic if result.competency == name]
    human = fmean(ratings.values()) if ratings else None
    automatic_mean = fmean(result.score for result in results) if results else None
    band = automatic_band(automatic_mean) if automatic_mean is not None else None
    return CompetencySummary(
        competency=name,
        ratings=ratings,
        mean=human,
        min=min(ratings.values(), default=None),
        max=max(ratings.values(), default=None),
        spread=max(ratings.values()) - min(ratings.values()) if ratings else None,
        disagreement=disagreement(ratings),
        automatic_mean=automatic_mean,
        automatic_band=band,
        automatic_sources=[result.source for result in results],
        gap=gap(human, automatic_mean),
    )


def automatic_band(score: float) -> int:
    """Band a 0-100 score with the grading engine's own cut-offs, so a debrief band means what a grade band means."""
    return next(band for floor, band in BANDS if score >= floor)


def disagreement(ratings: dict[str, int]) -> Flag | None:
    """Flag interviewers two or more points apart: one of them leans the other way, or is sure where another is not."""
    if not ratings:
        return None
    low, high = min(ratings, key=ratings.__getitem__), max(ratings, key=ratings.__getitem__)
    spread = ratings[high] - ratings[low]
    if spread < DISAGREEMENT_POINTS:
        return None
    return Flag(reason=f"{low} rated {ratings[low]}, {high} rated {ratings[high]}: {spread} points apart")


def gap(human: float | None, automatic_mean: float | None) -> Gap | None:
    """Flag a mean rating two or more points from the automatic band, and say which side is higher."""
    if human is None or automatic_mean is None:
        return None
    band = automatic_band(automatic_mean)
    points = human - band
    if abs(points) < GAP_POINTS:
        return None
    direction: Literal["interviewers-higher", "automatic-higher"] = (
        "interviewers-higher" if points > 0 else "automatic-higher"
    )
    reason = (
        f"interviewers average {_number(human)} but the automatic mean {_number(automatic_mean)} is band {band} "
        f"({BAND_NAMES[band]}): {direction.replace('-', ' ')} by {_number(abs(points))} points"
    )
    return Gap(direction=direction, points=points, reason=reason)


def tally_red_flags(scorecards: Sequence[ScorecardInput]) -> list[RedFlagCount]:
    """Count each red flag once per interviewer, most raised first, so a flag ticked twice on one card is no pattern."""
    raised: dict[str, list[str]] = {}
    for card in scorecards:
        for flag in dict.fromkeys(card.red_flags):
            raised.setdefault(flag, []).append(card.interviewer)
    counts = [RedFlagCount(flag=flag, count=len(who), raised_by=who) for flag, who in raised.items()]
    return sorted(counts, key=lambda count: (-count.count, count.flag))


def agreement(scorecards: Sequence[ScorecardInput], competencies: Sequence[str]) -> Agreement:
    """Measure the loop's inter-rater agreement two ways: chance-corrected alpha and the plain within-one share."""
    rows = [[card.ratings.get(name, np.nan) for name in competencies] for card in scorecards]
    matrix = np.array(rows, dtype=float).reshape(len(scorecards), len(competencies))
    alpha, alpha_reason = ordinal_alpha(matrix)
    co_rated = _co_rated(matrix)
    spreads = np.nanmax(co_rated, axis=0) - np.nanmin(co_rated, axis=0) if co_rated.size else np.array([])
    if not spreads.size:
        return Agreement(
            alpha=alpha,
            alpha_reason=alpha_reason,
            within_one_share=None,
            within_one_reason="no competency was rated by two or more interviewers",
        )
    close = int((spreads <= 1).sum())
    return Agreement(
        alpha=alpha,
        alpha_reason=alpha_reason,
        within_one_share=close / spreads.size,
        within_one_reason=f"{close} of {spreads.size} co-rated competencies have ratings within 1 point of each other",
    )


def ordinal_alpha(matrix: Matrix) -> tuple[float | None, str]:
    """Krippendorff's alpha of interviewer-by-competency ratings (NaN = not rated), or None and why it is undefined."""
    interviewers = matrix.shape[0]
    if interviewers < 2:
        return None, f"alpha needs at least two interviewers; {interviewers} submitted a scorecard"
    co_rated = _co_rated(matrix)
    units = co_rated.shape[1]
    if units < 2:
        return None, f"alpha needs at least two competencies rated by two or more interviewers; {units} were"
    values = np.unique(co_rated[~np.isnan(co_rated)])
    if values.size < 2:
        return None, f"every co-rated rating is {int(values[0])}, so there is no variation to measure agreement against"
    value = float(
        krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal", value_domain=[1, 2, 3, 4])
    )
    return value, f"ordinal alpha over {interviewers} interviewers and {units} co-rated competencies is {value:.2f}"


def suggest(
    scorecards: Sequence[ScorecardInput], summaries: Sequence[CompetencySummary], red_flags: Sequence[RedFlagCount]
) -> Suggestion:
    """Suggest an outcome by the first rule that applies, in order of how clearly it settles the question.

    1. Any strong-no: no hire. 2. A red flag raised by two or more interviewers: no hire. 3. More interviewers
    against than for: no hire. 4. Everyone for and no competency in disagreement: hire. 5. Otherwise: discuss.
    """
    calls = Counter(card.recommendation for card in scorecards)
    against, total = calls[Recommendation.STRONG_NO] + calls[Recommendation.NO], len(scorecards)
    strong_no = [card.interviewer for card in scorecards if card.recommendation is Recommendation.STRONG_NO]
    shared = [flag for flag in red_flags if flag.count >= SHARED_RED_FLAG]
    disputed = [summary.competency for summary in summaries if summary.disagreement]
    if not scorecards:
        return Suggestion(outcome=Outcome.DISCUSS, reason="no scorecards were submitted")
    if strong_no:
        return Suggestion(outcome=Outcome.NO_HIRE, reason=f"strong-no from {', '.join(strong_no)}")
    if shared:
        named = "; ".join(f"{flag.flag} raised by {', '.join(flag.raised_by)}" for flag in shared)
        return Suggestion(outcome=Outcome.NO_HIRE, reason=f"red flags raised by two or more interviewers: {named}")
    if against > total - against:
        return Suggestion(outcome=Outcome.NO_HIRE, reason=f"{against} of {total} interviewers recommended against")
    if not against and not disputed:
        return Suggestion(outcome=Outcome.HIRE, reason=f"all {total} interviewers recommended hiring, none disagree")
    split = f"{total - against} of {total} interviewers recommended hiring"
    return Suggestion(outcome=Outcome.DISCUSS, reason=f"{split}; disagreement on {disputed}" if disputed else split)


def _co_rated(matrix: Matrix) -> Matrix:
    """Keep the competencies two or more interviewers rated: only those say anything about agreement."""
    return matrix[:, (~np.isnan(matrix)).sum(axis=0) >= 2]


def _number(value: float) -> str:
    """Show a mean as people write it: 3.5, 2.67, 4."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
