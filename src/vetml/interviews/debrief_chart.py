"""The debrief's radar chart: the candidate's mean interviewer rating per competency, on the 1-4 scale."""

from __future__ import annotations

import io
import math

from vetml.interviews.debrief_forms import RATING_LABELS, mean_text
from vetml.interviews.debrief_schemas import Debrief


def radar_png(summary: Debrief, title: str) -> bytes:
    """One spoke per competency of the loop; a competency nobody rated sits at 0 and says so in its label."""
    import matplotlib

    matplotlib.use("Agg")  # no display: the chart is a file
    from matplotlib import pyplot

    names = [item.competency for item in summary.competencies]
    means = [item.mean or 0.0 for item in summary.competencies]
    labels = [
        item.competency if item.mean is not None else f"{item.competency}\n(not rated)" for item in summary.competencies
    ]
    angles = [2 * math.pi * index / max(len(names), 1) for index in range(len(names))]
    figure = pyplot.figure(figsize=(6, 6), dpi=100)
    try:
        axes = figure.add_subplot(projection="polar")
        axes.plot([*angles, *angles[:1]], [*means, *means[:1]], color="#0b5cad", marker="o", linewidth=2)
        axes.fill([*angles, *angles[:1]], [*means, *means[:1]], color="#0b5cad", alpha=0.2)
        axes.set_xticks(angles, labels=labels, fontsize=9)
        axes.set_ylim(0, 4)
        axes.set_yticks(
            list(RATING_LABELS), labels=[f"{value} {label}" for value, label in RATING_LABELS.items()], fontsize=7
        )
        axes.set_title(title, pad=24)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
    finally:
        pyplot.close(figure)
    return buffer.getvalue()


def radar_description(summary: Debrief) -> str:
    """The chart in words, for its alt text: a screen reader gets the same numbers."""
    parts = [
        f"{item.competency} {mean_text(item.mean)}" if item.mean is not None else f"{item.competency} not rated"
        for item in summary.competencies
    ]
    return "Mean interviewer rating per competency, 1 to 4: " + "; ".join(parts) + "."
