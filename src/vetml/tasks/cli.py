"""`vetml worker` and `vetml sweep`: run background work on Celery, or send late work again by hand; and
`vetml bench load`, a simulated hiring day on that stack."""

from __future__ import annotations

import os
import signal
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from celery.signals import setup_logging
from prometheus_client import start_http_server
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from vetml.config import get_settings
from vetml.db import open_database
from vetml.observability import metrics
from vetml.observability.logs import configure_logging
from vetml.tasks import sweeper
from vetml.tasks.worker import QUEUES, QUEUES_ENV, SLOT_ENV, CeleryDispatcher, make_celery, worker_argv

if TYPE_CHECKING:
    from vetml.tasks.bench_figures import LoadFigures

console = Console(soft_wrap=True)
METRICS_PORT_HELP = "Serve this worker's Prometheus metrics on this port (0: off); needs PROMETHEUS_MULTIPROC_DIR."
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
NICE_HELP = (
    "Lower this worker's CPU priority by N (0-19; its sandboxed runs inherit it): on a machine shared with the web "
    "app, candidates' requests then come before judging."
)
FINISH_SPREAD_HELP = (
    "Share of the typing time by which each candidate may finish early (random); 0: everyone hands in together."
)
WORKER_NICE_HELP = "`vetml worker --nice` of the workers: judging yields the CPU to requests."
SLOT_HELP = (
    "First sandbox slot (one uid per slot): give each worker on a machine its own range; slot 0 is the web app's."
)


def worker_command(
    queues: str = typer.Option(",".join(QUEUES), help="Comma-separated queues to take work from."),
    concurrency: int = typer.Option(1, min=1, max=64, help="Pool processes; each judges in a sandbox slot of its own."),
    slot: int = typer.Option(1, min=0, max=1000, help=SLOT_HELP),
    beat: bool = typer.Option(False, "--beat/--no-beat", help="Also run the sweeper's schedule (on one worker only)."),
    name: str = typer.Option("", help="Worker name (default vetml-<slot>@<host>)."),
    metrics_port: int = typer.Option(0, min=0, max=65535, help=METRICS_PORT_HELP),
    nice: int = typer.Option(0, min=0, max=19, help=NICE_HELP),
) -> None:
    """Judge code and grade answers from the Celery queues (needs VETML_BROKER_URL and the database)."""
    settings = get_settings()
    chosen = [queue.strip() for queue in queues.split(",") if queue.strip()]
    unknown = sorted(set(chosen) - set(QUEUES))
    if unknown or not chosen:
        console.print(f"[red]Unknown queue(s): {', '.join(unknown) or '(none given)'}.[/red] Use some of: "
                      f"{', '.join(QUEUES)}.")  # fmt: skip
        raise typer.Exit(2)
    open_database(settings.database_url)  # a clear error now rather than at the first task
    if nice:
        os.nice(nice)  # before the pool forks: every pool process and sandboxed run inherits it
    os.environ[SLOT_ENV] = str(slot)
    os.environ[QUEUES_ENV] = ",".join(chosen)
    schedule = Path("var") / f"beat-schedule-{slot}"
    schedule.parent.mkdir(parents=True, exist_ok=True)
    hostname = name or f"vetml-{slot}@{socket.gethostname()}"
    console.print(f"vetml worker {hostname}: queues {', '.join(chosen)}, {concurrency} process(es)"
                  f"{', sweeping' if beat else ''}")  # fmt: skip
    app = make_celery(settings)
    if metrics_port:
        _serve_metrics(metrics_port, CeleryDispatcher(app))
    # A receiver on setup_logging tells Celery to leave logging alone: our handler and format hold.
    setup_logging.connect(lambda **_kwargs: configure_logging(settings), weak=False)
    app.worker_main(worker_argv(queues=chosen, concurrency=concurrency, beat=beat, name=hostname, schedule=schedule))


def _serve_metrics(port: int, dispatcher: CeleryDispatcher) -> None:
    """Serve the pool's metrics from this (main) process; the pool processes write them to the shared folder."""
    if metrics.multiprocess_dir() is None:
        console.print(f"[red]--metrics-port needs {metrics.MULTIPROCESS_ENV}[/red]: the pool processes judge and "
                      "grade, so their figures reach this process only through that folder. Set it to an empty folder "
                      "the worker may write to.")  # fmt: skip
        raise typer.Exit(2)
    metrics.set_queue_depth_source(dispatcher.queue_depths)
    start_http_server(port, registry=metrics.scrape_registry())


def sweep_command() -> None:
    """Send work left queued or running past VETML_TASK_DEADLINE_SECONDS to the workers again (for cron)."""
    settings = get_settings()
    sessions = open_database(settings.database_url)
    deadline = timedelta(seconds=settings.task_deadline_seconds)
    swept = sweeper.sweep(sessions, CeleryDispatcher(make_celery(settings)), deadline=deadline)
    console.print(f"Sent again: {swept.submissions} submission(s), {swept.answers} written answer(s).")


def bench_load(
    candidates: int = typer.Option(200, min=1, max=5000, help="Candidates working at the same time."),
    duration: float = typer.Option(120.0, "--duration", min=10, max=7200, help="Seconds each candidate works."),
    autosave_every: float = typer.Option(5.0, min=0.5, max=120, help="Seconds between autosaves (jittered)."),
    finish_spread: float = typer.Option(0.5, min=0, max=0.9, help=FINISH_SPREAD_HELP),
    web_workers: int = typer.Option(2, min=1, max=64, help="Web processes (`vetml serve --workers`)."),
    workers: int = typer.Option(2, min=1, max=32, help="`vetml worker` processes."),
    worker_concurrency: int = typer.Option(1, min=1, max=64, help="Pool processes of each worker."),
    worker_nice: int = typer.Option(10, min=0, max=19, help=WORKER_NICE_HELP),
    database_url: str = typer.Option(DEFAULT_POSTGRES, help="PostgreSQL to bench on, in a schema of its own."),
    redis_url: str = typer.Option(DEFAULT_REDIS, help="Redis server for the broker."),
    redis_db: int = typer.Option(15, min=0, max=255, help="Redis database to use; it must be empty."),
    report_dir: Path | None = typer.Option(
        None, help="Folder for the logs and figures.json (default var/bench-load/<time>)."
    ),
    settle_timeout: float = typer.Option(
        3600.0, min=10, help="Seconds to wait for the workers after the last hand-in."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
) -> None:
    """Simulate a hiring day on the real stack (web processes, workers, Redis, PostgreSQL) and check exactly-once."""
    from vetml.tasks.bench_load import LoadOptions
    from vetml.tasks.bench_load import bench_load as measure

    folder = report_dir or Path("var") / "bench-load" / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    options = LoadOptions(report_dir=folder.resolve(), database_url=database_url, redis_url=redis_url,
                          redis_db=redis_db, candidates=candidates, duration_s=duration,
                          autosave_every_s=autosave_every, finish_spread=finish_spread, web_workers=web_workers,
                          workers=workers,
                          worker_concurrency=worker_concurrency, worker_nice=worker_nice,
                          settle_timeout_s=settle_timeout)  # fmt: skip
    signal.signal(signal.SIGTERM, _interrupt)  # a stopped bench still stops its processes and drops its schema
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Preparing", total=None)

        def report(step: str, done: int, total: int) -> None:
            progress.update(task, description=step.capitalize(), completed=done, total=total or None)

        figures = measure(options, bank_dir=get_settings().bank_dir, step=report)
    if as_json:
        console.print_json(data=figures.as_dict())
        return
    _print_load(figures)


def _interrupt(_number: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _print_load(figures: LoadFigures) -> None:
    table = Table("requests", "count", "p50 ms", "p95 ms", "p99 ms", "max ms",
                  title=f"{figures.candidates} candidates for {figures.duration_s:.0f} s (finish spread "
                  f"{figures.finish_spread:.0%}), {figures.web_workers} web "
                  f"process(es), {figures.workers} worker(s) x {figures.worker_concurrency}, "
                  f"nice {figures.worker_nice}")  # fmt: skip
    for row in figures.latencies:
        table.add_row(row.kind, str(row.requests), *(f"{value:.1f}" for value in (row.p50_ms, row.p95_ms, row.p99_ms,
                                                                                  row.max_ms)))  # fmt: skip
    console.print(table)
    wait = figures.queue_wait
    errors = ", ".join(f"{status}: {count}" for status, count in figures.errors.items()) or "none"
    console.print(f"Throughput: {figures.requests_per_s} requests/s, {figures.judged_per_min} submissions judged/min. "
                  f"HTTP errors by status: {errors}.")  # fmt: skip
    console.print(f"Judge queue wait: p50 {wait.p50_s} s, p95 {wait.p95_s} s, max {wait.max_s} s.")
    console.print(_ledger_line(figures))
    met, parts = figures.verdict()
    console.print(f"Target {'[green]met[/green]' if met else '[red]missed[/red]'}: {'; '.join(parts)}.")
    console.print(f"Logs and figures.json: {figures.report_dir}")


def _ledger_line(figures: LoadFigures) -> str:
    """The exactly-once check in one sentence, each part as "what held of what was expected"."""
    ledger = figures.ledger
    parts = [
        f"Hand-ins: {ledger.hand_ins_stored} stored of {ledger.hand_ins_acknowledged} acknowledged",
        f"{ledger.final} of {ledger.submissions} submission(s) final ({ledger.failed} failed), {ledger.lost} lost, "
        f"{ledger.duplicated} duplicated",
        f"{ledger.grades - ledger.grades_lost} of {ledger.grades} written answer(s) graded",
        f"{ledger.autosaves_checked - ledger.autosaves_mismatched} of {ledger.autosaves_checked} autosaved "
        "answer(s) as last acknowledged",
        f"{ledger.unexpected_verdicts} unexpected verdict(s), {figures.server_tracebacks} traceback(s) in the logs",
    ]
    return "; ".join(parts) + "."
