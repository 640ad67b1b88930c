"""`vetml bench grading`: the grading benchmarks as a table (or JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def bench_grading(
    data: Path | None = typer.Option(
        None, help="Folder with mohler/, semeval2013-task7/ and saf-english/ (default: the shared data folder)."
    ),
    limit: int | None = typer.Option(None, min=5, help="Only the first N answers of each split and group (quick)."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
) -> None:
    """Grade the public short-answer benchmarks (Mohler, SemEval-2013, SAF) and time the grader."""
    from vetml.grading.bench import bench_grading as measure

    with console.status("Grading the benchmarks...") as status:
        figures = measure(data, limit=limit, report=lambda step: status.update(f"Grading: {step}..."))
    if as_json:
        console.print_json(data=figures.as_dict())
        return
    _table("Mohler et al. 2011 (gold 0-5)", figures.mohler, ("protocol", "answers", "pearson_r", "rmse"))
    _table("SemEval-2013 Task 7", figures.semeval,
           ("corpus", "split", "ways", "answers", "macro_f1", "weighted_f1", "accuracy"))  # fmt: skip
    _table("SAF English (score 0-1, verdict)", figures.saf,
           ("split", "answers", "pearson_r", "rmse", "verdict_accuracy", "verdict_macro_f1"))  # fmt: skip
    _table("Speed on this machine", figures.speed,
           ("answers", "mean_words", "answers_per_second_batched", "latency_ms_p50", "latency_ms_p95"))  # fmt: skip
    for name, result in figures.published.items():
        console.print(f"Published, {name}: {result}")
    console.print(f"Took {figures.seconds:.0f} s.")


def _table(title: str, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    table = Table(*(column.replace("_", " ") for column in columns), title=title)
    for row in rows:
        table.add_row(*(str(row.get(column, "")) for column in columns))
    console.print(table)
