"""`vetml bench pages`: how long the server takes for the busiest pages, against a 100 ms budget."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from vetml.config import get_settings

console = Console(soft_wrap=True)


def bench_pages(
    candidates: int = typer.Option(1000, min=10, max=100_000, help="Candidates in the demo database."),
    rounds: int = typer.Option(30, min=3, max=1000, help="Requests timed per page."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
) -> None:
    """Seed a database of N candidates and time the dashboard, a candidate page and the debrief."""
    from vetml.web.bench import bench_pages as measure

    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Seeding", total=None)

        def report(step: str, done: int, total: int) -> None:
            progress.update(task, description=step.capitalize(), completed=done, total=total or None)

        figures = measure(bank_dir=get_settings().bank_dir, candidates=candidates, rounds=rounds, report=report)
    if as_json:
        console.print_json(data=figures.as_dict())
        return
    table = Table("page", "requests", "p50 ms", "p95 ms", "max ms", f"p95 within {figures.budget_ms:.0f} ms",
                  title=f"Server time per page, {figures.candidates} candidates (SQLite)")  # fmt: skip
    for page in figures.pages:
        verdict = "yes" if page.within_budget else "[red]no[/red]"
        table.add_row(page.page, str(page.requests), str(page.p50_ms), str(page.p95_ms), str(page.max_ms), verdict)
    console.print(table)
    console.print(f"Seeding took {figures.seeding_seconds:.0f} s.")
