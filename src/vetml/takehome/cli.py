"""`vetml audit PATH`: audit a candidate's ML project (a folder, an archive or a git repository) from the terminal."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from vetml.errors import VetmlError
from vetml.takehome import ingest
from vetml.takehome.audit import AuditReport, audit
from vetml.takehome.findings import Status

console = Console(soft_wrap=True)
error_console = Console(stderr=True, soft_wrap=True)
STATUS_STYLE = {Status.EVIDENCED: "green", Status.DESCRIBED: "yellow", Status.ABSENT: "bold red",
                Status.NOT_APPLICABLE: "dim"}  # fmt: skip


def audit_command(
    source: str = typer.Argument(..., help="A project folder, a .zip/.tar(.gz) archive, or a git repository path."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON for machines."),
    allow_network: bool = typer.Option(False, "--allow-network", help="Allow cloning a public https git URL."),
    run_tests: bool = typer.Option(True, "--run-tests/--no-run-tests", help="Run the project's tests in the sandbox."),
    html: Path | None = typer.Option(None, "--html", help="Also write the report as a standalone HTML page here."),
) -> None:
    """Audit a take-home or portfolio project for production readiness; the candidate's code is never run."""
    try:
        project = ingest.load(Path(source) if Path(source).exists() else source, allow_network=allow_network)
        report = audit(project, run_tests=run_tests)
    except VetmlError as error:
        error_console.print(f"[bold red]error:[/bold red] {error.message}", highlight=False)
        for line in error.details[:10]:
            error_console.print(f"  - {line}", highlight=False, markup=False)
        if error.hint:
            error_console.print(f"  {error.hint}", highlight=False)
        raise typer.Exit(2) from None
    if html is not None:
        html.write_text(render_html(report), encoding="utf-8")
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        show(report)


def render_html(report: AuditReport) -> str:
    """The report as one self-contained HTML page (the web app's template, without the app around it)."""
    from vetml.web.deps import templates

    return templates.env.get_template("takehome/standalone.html").render(report=report, feedback=False)


def show(report: AuditReport) -> None:
    """The report as tables: verdict, checks with evidence and problems, then the ML Test Score by section."""
    console.print(Text(f"{report.project}: {report.summary}", style="bold"))
    console.print(f"MLOps maturity level {report.maturity}: {report.maturity_reason}", highlight=False)
    checks = Table(title="Checks", expand=True)
    for column in ("check", "status", "summary", "evidence", "problems"):
        checks.add_column(column, overflow="fold")
    for result in report.checks:
        evidence = ", ".join(f"{item.path}:{item.line}" if item.line else item.path for item in result.evidence[:3])
        checks.add_row(result.check, Text(result.status.value, style=STATUS_STYLE[result.status]), result.summary,
                       evidence, "; ".join(result.problems[:3]))  # fmt: skip
    console.print(checks)
    score = Table(title=f"ML Test Score {report.ml_test_score.score:g} (the lowest section)", expand=True)
    for column in ("test", "points", "evidence or what would earn it"):
        score.add_column(column, overflow="fold")
    for test in report.ml_test_score.tests:
        shown = test.evidence[0].path if test.evidence and test.points == 1 else test.to_earn
        score.add_row(f"{test.id} {test.title}", f"{test.points:g}", shown)
    console.print(score)
    console.print(
        "Sections: " + ", ".join(f"{name} {points:g}" for name, points in report.ml_test_score.sections.items())
    )
    for note in report.skipped[:10]:
        console.print(f"[dim]not read: {note}[/dim]", highlight=False)


def bench_audit(
    samples: Path | None = typer.Option(None, "--samples", help="A folder of sample projects to time as well."),
    files: int = typer.Option(5000, min=10, max=20000, help="Files in the generated repository."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Time the audit (tests not run) on sample projects and on a generated repository (target: 5,000 files < 10 s)."""
    from vetml.takehome import bench

    if samples is None and Path("tests/takehome/projects").is_dir():
        samples = Path("tests/takehome/projects")
    result = bench.run(samples=samples, files=files)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    table = Table(title="Take-home audit time (tests not run)")
    for column in ("project", "files", "seconds", "band"):
        table.add_column(column)
    for timing in result.timings:
        table.add_row(timing.project, f"{timing.files:,}", f"{timing.seconds:.2f}", timing.band)
    console.print(table)
    verdict = "met" if result.target_met else "missed"
    console.print(
        f"{result.large_files:,} files in {result.large_seconds:.2f} s: target < {result.target_seconds:g} s {verdict}."
    )
