"""`vetml cv check FILE`: review a CV from the terminal; the exit code says how bad the worst finding is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from vetml.errors import VetmlError
from vetml.hiring.cv import MAX_CV_BYTES
from vetml.resume import review as reviewing
from vetml.resume.schemas import Review

if TYPE_CHECKING:
    from vetml.resume import bench

cv_app = typer.Typer(help="Review CVs for attention to detail and claimed skills.", no_args_is_help=True)
console = Console(soft_wrap=True)
error_console = Console(stderr=True, soft_wrap=True)
UNREADABLE = 3
FORMAT_NAMES = ("pdf", "docx", "markdown", "latex", "text", "json-resume")
SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}


@cv_app.command("check")
def check(
    file: Path = typer.Argument(..., help="The CV: PDF, DOCX, Markdown, LaTeX, plain text or JSON Resume."),
    as_json: bool = typer.Option(False, "--json", help="Print the review as JSON for machines."),
) -> None:
    """Review a CV. Exit code: 0 clean or only low-severity slips, 1 medium, 2 high, 3 the file cannot be read."""
    try:
        content = _read(file)
        found = reviewing.review(content, file.name)
    except VetmlError as error:
        error_console.print(f"[bold red]error:[/bold red] {error.message}", highlight=False)
        if error.hint:
            error_console.print(f"  {error.hint}", highlight=False)
        raise typer.Exit(UNREADABLE) from None
    if as_json:
        typer.echo(found.model_dump_json(indent=2))
    else:
        show(found)
    raise typer.Exit(reviewing.exit_code(found))


def _read(file: Path) -> bytes:
    if not file.is_file():
        raise VetmlError(f"{file} is not a file", hint="Give the path of a CV file.")
    if file.stat().st_size > MAX_CV_BYTES:
        raise VetmlError(
            f"{file} is larger than {MAX_CV_BYTES // (1024 * 1024)} MB",
            hint="A CV is rarely over 1 MB; export it without images.",
        )
    return file.read_bytes()


def show(found: Review) -> None:
    """The review as a terminal report: summary first, then findings in reading order, then skills."""
    console.print(Text(found.summary, style="bold"))
    for warning in found.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    if found.findings:
        console.print(_findings_table(found))
    if found.skills:
        console.print(_skills_table(found))


def _findings_table(found: Review) -> Table:
    table = Table(title=f"{len(found.findings)} findings", show_lines=False, expand=True)
    for column in ("severity", "kind", "where", "text", "fix"):
        table.add_column(column, overflow="fold")
    for finding in found.findings:
        table.add_row(
            Text(finding.severity.value, style=SEVERITY_STYLE[finding.severity.value]),
            finding.kind.value,
            finding.location,
            Text(finding.quote),
            Text(f"{finding.fix} {finding.why}"),
        )
    return table


def _skills_table(found: Review) -> Table:
    table = Table(title="Skills (probe the ones without evidence)", expand=True)
    for column in ("skill", "category", "evidence"):
        table.add_column(column, overflow="fold")
    for skill in found.skills:
        evidence = skill.evidence[0].quote if skill.evidence else "claimed only: probe it"
        table.add_row(skill.name, skill.category, Text(evidence, style="" if skill.evidenced else "bold yellow"))
    return table


def bench_cv(
    formats: str = typer.Option(",".join(FORMAT_NAMES), help="Comma-separated formats to render the corpus to."),
    seeds: int = typer.Option(3, min=1, max=50, help="Injected variants per clean CV and format."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Precision and recall per kind of defect, false alarms per 1,000 words on clean CVs, and time per CV."""
    from vetml.resume import bench

    chosen = [name.strip() for name in formats.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in FORMAT_NAMES]
    if unknown or not chosen:
        error_console.print(f"[bold red]error:[/bold red] unknown format(s): {', '.join(unknown) or '(none given)'}")
        error_console.print(f"  Choose from: {', '.join(FORMAT_NAMES)}.")
        raise typer.Exit(2)
    with Progress(
        TextColumn("rendering and reviewing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=error_console,
        transient=True,
    ) as progress:
        task = progress.add_task("cv", total=bench.steps(chosen))
        result = bench.run(formats=chosen, seeds=seeds, on_step=lambda: progress.advance(task))
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    _show_bench(result)


def _show_bench(result: bench.CvBenchResult) -> None:
    table = Table(
        title=f"CV review on {result.documents} documents ({result.clean_cvs} clean CVs x "
        f"{len(result.formats)} formats)"
    )
    for column in ("kind", "injected", "found", "false alarms", "precision", "recall"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for score in result.kinds:
        table.add_row(
            score.kind,
            str(score.injected),
            str(score.found),
            str(score.false_alarms),
            _mark(score.precision, 0.9),
            _mark(score.recall, 0.85),
        )
    console.print(table)
    console.print(
        f"Clean CVs: {result.clean_false_alarms} false alarms in {result.clean_words} words = "
        f"{result.false_alarms_per_1000_words} per 1,000 words (target < 2)."
    )
    for example in result.false_alarm_examples[:10]:
        console.print(f"  {example}", highlight=False, markup=False)
    timing = ", ".join(f"{fmt} {ms:.0f} ms" for fmt, ms in result.ms_per_cv.items())
    console.print(
        f"Time per CV: {timing} (target < 300 ms), after a one-off {result.load_ms:.0f} ms to load the "
        "dictionaries and lexicons."
    )
    console.print(
        "[bold green]All targets met.[/bold green]" if result.targets_met else "[bold red]Targets missed.[/bold red]"
    )


def _mark(value: float, target: float) -> Text:
    return Text(f"{value:.3f}", style="green" if value >= target else "bold red")
