"""The root ``vetml`` command. Domain commands live with their domain and are mounted here."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from sqlalchemy import Engine

from vetml import __version__
from vetml.accounts.cli import app as users_app
from vetml.config import get_settings
from vetml.db import check_connection, create_db_engine, current_revision, head_revision, open_database, upgrade
from vetml.demo import app as demo_app
from vetml.demo import seed_command as seed_demo
from vetml.errors import VetmlError
from vetml.grading.cli import bench_grading, grading_app
from vetml.judge.cli import bench_judge, challenges_app, judge_app
from vetml.observability.logs import configure_logging
from vetml.practice.cli import practice_app
from vetml.questions.cli import app as bank_app
from vetml.resume.cli import bench_cv, cv_app
from vetml.scheduling.cli import bench_schedule, schedule_app
from vetml.takehome.cli import audit_command, bench_audit
from vetml.tasks.cli import bench_load, sweep_command, worker_command
from vetml.web.cli import bench_pages

app = typer.Typer(
    help="vetml: vet machine-learning engineers on production ML work.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Create and upgrade the database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(bank_app, name="bank")
app.add_typer(challenges_app, name="challenges")
app.add_typer(judge_app, name="judge")
app.add_typer(grading_app, name="grading")
app.add_typer(practice_app, name="practice")
app.add_typer(users_app, name="users")
app.add_typer(demo_app, name="demo")
app.add_typer(cv_app, name="cv")
app.add_typer(schedule_app, name="schedule")
app.command("audit")(audit_command)
app.command("worker")(worker_command)
app.command("sweep")(sweep_command)
bench_app = typer.Typer(help="Measure vetml against baselines on this machine.", no_args_is_help=True)
bench_app.command("judge")(bench_judge)
bench_app.command("grading")(bench_grading)
bench_app.command("pages")(bench_pages)
bench_app.command("cv")(bench_cv)
bench_app.command("audit")(bench_audit)
bench_app.command("schedule")(bench_schedule)
bench_app.command("load")(bench_load)
app.add_typer(bench_app, name="bench")

console = Console()
error_console = Console(stderr=True, soft_wrap=True)


@app.command()
def version() -> None:
    """Print the vetml version."""
    console.print(__version__)


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Address to listen on (default VETML_HOST)."),
    port: int | None = typer.Option(None, help="Port to listen on (default VETML_PORT)."),
    reload: bool = typer.Option(False, help="Restart on code changes (development)."),
    demo: bool = typer.Option(False, "--demo/--no-demo", help="Seed the demo organisation first and print its logins."),
    workers: int = typer.Option(1, min=1, max=64, help="Web worker processes (more than 1 needs PostgreSQL)."),
    access_log: bool = typer.Option(True, "--access-log/--no-access-log", help="Log every request (uvicorn)."),
) -> None:
    """Start the web app (run `vetml db upgrade` and `vetml bank load` first)."""
    import uvicorn

    settings = get_settings()
    open_database(settings.database_url)
    if demo:
        seed_demo()
    bind_host, bind_port = host or settings.host, port or settings.port
    console.print(f"vetml is running at [bold]http://{bind_host}:{bind_port}[/bold]  (Ctrl+C to stop)")
    configure_logging(settings)
    # log_config=None: uvicorn keeps its hands off logging, so its lines go through our handler and format.
    uvicorn.run("vetml.web.app:serve_app", factory=True, host=bind_host, port=bind_port, reload=reload,
                workers=None if reload else workers, log_config=None, access_log=access_log)  # fmt: skip


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the configured database."""
    engine = _reachable_engine()
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    if before == after:
        console.print(f"Database already at revision {after}.")
    else:
        console.print(f"Database upgraded from {before or 'empty'} to revision {after}.")


@db_app.command("status")
def db_status() -> None:
    """Show the database's schema revision and the newest one this vetml ships."""
    current, head = current_revision(_reachable_engine()), head_revision()
    state = "up to date" if current == head else "needs `vetml db upgrade`"
    console.print(f"current: {current or 'empty'}  newest: {head}  ({state})")


def _reachable_engine() -> Engine:
    engine = create_db_engine(get_settings().database_url)
    check_connection(engine)
    return engine


def main() -> None:
    """Entry point: run the app and turn every expected error into one line and exit code 1."""
    try:
        app()
    except VetmlError as error:
        report_error(error)
        sys.exit(1)


def report_error(error: VetmlError) -> None:
    """Print an error as one line, its hint, and any detail lines."""
    error_console.print(f"[bold red]error:[/bold red] {error.message}", highlight=False)
    for line in error.details:
        error_console.print(f"  - {line}", highlight=False, markup=False)
    if error.hint:
        error_console.print(f"  {error.hint}", highlight=False)
