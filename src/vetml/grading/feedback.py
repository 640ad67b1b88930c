"""Short written feedback built from a grade: what was strong, what was missing, a better outline.

Every sentence is made from the grade's own findings (covered points, signals, red flags), so the
feedback never claims more than the evidence shows.
"""

from __future__ import annotations

from vetml.grading.schemas import Coverage, Feedback, GradeResult

SIGNAL_ADVICE = {
    "concrete-numbers": "Quote real magnitudes with units: latency in ms, traffic in QPS, data in GB a day, cost.",
    "incident-lessons": "Tell one thing that actually broke: how it was noticed, the root cause, what changed.",
    "trade-offs": "Name the options you weighed and what each one costs.",
    "monitoring-alerting": "Say what you would watch in production and what would page someone.",
    "rollback-recovery": "Say how you would undo a bad change and how fast that works.",
    "data-awareness": "Ask where the data and the labels come from and what can go wrong with them.",
    "business-impact": "Tie the choice to a product or business metric and to who is affected.",
    "ownership": "Say what you decided and did yourself.",
    "baselines": "Start from a simple baseline and measure each step against it.",
    "clear-communication": "Structure the answer: context, options, decision, result.",
}


def feedback(grade: GradeResult) -> Feedback:
    """Strengths, gaps and an outline of a better answer, most important first."""
    by_weight = sorted(grade.points, key=lambda item: -item.weight)
    strengths = [f"Covered: {item.point}" for item in by_weight if item.coverage is Coverage.COVERED]
    strengths += [f"Showed {finding.title.lower()}" for finding in grade.signals if finding.id in SIGNAL_ADVICE]
    gaps = [f"{_gap_verb(item.coverage)}: {item.point}" for item in by_weight if item.coverage is not Coverage.COVERED]
    gaps += [f"Red flag, {finding.title.lower()}: {finding.reason}" for finding in grade.red_flags]
    outline = [item.point for item in by_weight]
    outline += [SIGNAL_ADVICE[signal] for signal in grade.missing_signals if signal in SIGNAL_ADVICE]
    return Feedback(strengths=strengths, gaps=gaps, outline=outline)


def _gap_verb(coverage: Coverage) -> str:
    return "Only touched on" if coverage is Coverage.PARTLY else "Missing"
