"""`vetml practice`: a timed mock interview in the terminal, its history and its reports."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from vetml.config import get_settings
from vetml.db import open_database, transaction
from vetml.errors import InvalidInput
from vetml.practice import report as reports
from vetml.practice import service
from vetml.practice.schemas import History, PracticeRequest
from vetml.practice.terminal import PracticeTerminal, report_folder, show_report, write_report
from vetml.questions.schemas import Level, Module

practice_app = typer.Typer(
    help="Rehearse ML-engineering interviews: timed questions from the bank, graded answers, a report.",
    invoke_without_command=True,
)
console = Console(highlight=False)  # wrapped: questions and feedback are prose; no number colouring
ProfileOption = typer.Option(None, "--profile", "-p", help="Whose practice this is (default: your login name).")


@practice_app.callback()
def practice(
    context: typer.Context,
    module: list[Module] = typer.Option([], "--module", "-m", help="A module to practise; repeat for several."),
    level: Level | None = typer.Option(None, "--level", "-l", help="Level of the questions (default: asked, mid)."),
    minutes: int | None = typer.Option(None, "--minutes", min=5, max=240, help="Length of the session."),
    profile: str | None = ProfileOption,
    suggested: bool = typer.Option(False, "--suggested", help="Take the suggested mix without being asked."),
    time_limit: int | None = typer.Option(
        None, "--time-limit", min=10, help="Seconds per question, instead of each question's expected minutes."
    ),
    report_dir: Path = typer.Option(Path("practice-reports"), help="Folder for the Markdown and HTML report."),
) -> None:
    """Start a practice session: pick modules, level and minutes (or take the suggested mix), then answer."""
    if context.invoked_subcommand:
        return
    interactive = sys.stdin.isatty()
    folder = report_folder(report_dir)
    sessions = open_database(get_settings().database_url)
    with transaction(sessions) as session:
        profile_id = service.profile_named(session, name=profile or getpass.getuser()).id
    request = PracticeRequest(modules=module, level=level or Level.MID, minutes=minutes or 30)
    ask = interactive and not (suggested or module or level or minutes)
    terminal = PracticeTerminal(sessions, console, interactive=interactive)
    report = terminal.run(profile_id, terminal.choose(profile_id, request, ask=ask), time_limit=time_limit)
    show_report(console, report, write_report(report, folder))


@practice_app.command("history")
def history(
    profile: str | None = ProfileOption,
    chart: Path | None = typer.Option(None, help="Also draw the scores over time into this PNG file."),
    as_json: bool = typer.Option(False, "--json", help="Print the history as JSON."),
) -> None:
    """Progress over time: every session's mean score, and each category from first to latest answer."""
    from vetml.practice.chart import draw_history

    with _session() as session:
        found = service.find_profile(session, name=profile or getpass.getuser())
        progress = service.history(session, profile_id=found.id)
    if as_json:
        console.print_json(progress.model_dump_json())
    else:
        _print_history(progress)
    if chart is not None:
        if chart.suffix.lower() != ".png":
            raise InvalidInput(f"the chart file {chart} does not end in .png", hint="Name it e.g. progress.png.")
        draw_history(progress, chart)
        console.print(f"Chart written to {chart}", highlight=False)


@practice_app.command("report")
def report(
    session_id: str = typer.Argument(..., help="The session id (`vetml practice history --json` lists them)."),
    html: bool = typer.Option(False, "--html", help="Print HTML instead of Markdown."),
) -> None:
    """Print the report of a session as Markdown (or HTML)."""
    with _session() as session:
        found = service.report(session, session_id=service.resolve(session, prefix=session_id))
    sys.stdout.write(reports.to_html(found) if html else reports.to_markdown(found))


@contextmanager
def _session() -> Iterator[Session]:
    with transaction(open_database(get_settings().database_url)) as session:
        yield session


def _print_history(progress: History) -> None:
    if not progress.sessions:
        console.print(f"{progress.profile_name} has no practice sessions yet; start one with `vetml practice`.")
        return
    sessions = Table("started", "level", "modules", "answered", "mean score", "session", title=progress.profile_name)
    for item in progress.sessions:
        mean = "" if item.mean_score is None else f"{item.mean_score:.0f}"
        sessions.add_row(
            f"{item.started_at:%Y-%m-%d %H:%M}",
            item.level.value,
            ", ".join(item.modules) or "mix",
            f"{item.answered}/{item.planned}",
            mean,
            item.session_id[:8],
        )
    console.print(sessions)
    categories = Table("category", "answers", "first", "latest", "mean", "due again", title="By category")
    for row in progress.categories:
        categories.add_row(
            row.title,
            str(row.attempts),
            str(row.first_score),
            str(row.latest_score),
            f"{row.mean_score:.0f}",
            str(row.due),
        )
    console.print(categories)
