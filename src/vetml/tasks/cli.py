"""`vetml worker` and `vetml sweep`: run background work on Celery, or send late work again by hand."""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from pathlib import Path

import typer
from celery.signals import setup_logging
from prometheus_client import start_http_server
from rich.console import Console

from vetml.config import get_settings
from vetml.db import open_database
from vetml.observability import metrics
from vetml.observability.logs import configure_logging
from vetml.tasks import sweeper
from vetml.tasks.worker import QUEUES, QUEUES_ENV, SLOT_ENV, CeleryDispatcher, make_celery, worker_argv

console = Console(soft_wrap=True)
METRICS_PORT_HELP = "Serve this worker's Prometheus metrics on this port (0: off); needs PROMETHEUS_MULTIPROC_DIR."
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
