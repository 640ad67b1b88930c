"""The progress chart of `vetml practice history --chart` and the web history page."""

from __future__ import annotations

import io
from pathlib import Path

from vetml.practice.schemas import History


def draw_history(history: History, path: Path) -> None:
    """Write the chart of ``history`` to ``path`` as PNG."""
    path.write_bytes(history_png(history))


def history_png(history: History) -> bytes:
    """Mean score of each session, one step per session, with the hire (60) and strong (80) lines; PNG bytes.

    Sessions come at irregular times, so the x axis is the session's order, labelled with its date.
    """
    import matplotlib

    matplotlib.use("Agg")  # no display: the chart is a file
    from matplotlib import pyplot

    scored = [item for item in history.sessions if item.mean_score is not None]
    figure, axes = pyplot.subplots(figsize=(7, 3.5), dpi=100)
    try:
        positions = list(range(len(scored)))
        axes.plot(positions, [float(item.mean_score or 0) for item in scored], marker="o")
        axes.set_xticks(positions, labels=[f"{item.started_at:%d %b %H:%M}" for item in scored])
        axes.axhline(60, color="#7d4e00", linestyle="--", linewidth=1, label="hire signal (60)")
        axes.axhline(80, color="#116329", linestyle="--", linewidth=1, label="strong (80)")
        axes.set(ylim=(0, 100), ylabel="mean score", title=f"Practice progress: {history.profile_name}")
        axes.legend(loc="lower right")
        figure.autofmt_xdate()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
    finally:
        pyplot.close(figure)
    return buffer.getvalue()
