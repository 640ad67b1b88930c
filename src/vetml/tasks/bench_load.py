"""`vetml bench load`: a simulated hiring day against the real stack on this machine.

A fresh PostgreSQL schema and an empty Redis database hold everything; the bank and N candidates with
assessments are made through the domain services; `vetml serve --workers K` and `vetml worker`
processes run as children with their own environment, logging into the report folder. Then N
simulated candidates work at once (bench_crowd), the workers are given time to finish, and the
database is checked for exactly-once results (bench_ledger). Whatever happens, Ctrl-C included, the
children are stopped and the schema and the Redis database are dropped.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import httpx2
from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

import vetml
from vetml.config import Settings
from vetml.db import create_db_engine, session_factory, upgrade
from vetml.tasks import bench_ledger
from vetml.tasks.bench_crowd import Day, run_crowd
from vetml.tasks.bench_figures import LoadFigures, Recorder
from vetml.tasks.bench_seed import Seat, Step, seed
from vetml.tasks.bench_stack import Child, bench_redis, bench_schema, children, free_port, wait_until
from vetml.tasks.worker import make_celery

READY_TIMEOUT_S = 120.0
PACKAGE_PARENT = Path(vetml.__file__).resolve().parents[1]  # the children run this very copy of vetml


@dataclass(frozen=True)
class LoadOptions:
    """What to simulate and where: the crowd, the day, the processes, and the services to borrow."""

    report_dir: Path
    database_url: str
    redis_url: str
    redis_db: int = 15
    candidates: int = 200
    duration_s: float = 120.0
    autosave_every_s: float = 5.0
    finish_spread: float = 0.5
    web_workers: int = 2
    workers: int = 2
    worker_concurrency: int = 1
    worker_nice: int = 10  # judging yields the CPU to the web processes, as docs/workers.md advises on one machine
    settle_timeout_s: float = 3600.0


def bench_load(options: LoadOptions, *, bank_dir: Path, step: Step) -> LoadFigures:
    """Run the day and return its figures; they are also written to ``figures.json`` in the report folder."""
    options.report_dir.mkdir(parents=True, exist_ok=True)
    with bench_schema(options.database_url) as database_url, bench_redis(options.redis_url, options.redis_db) as broker:
        settings = Settings(database_url=database_url, bank_dir=bank_dir, broker_url=broker,
                            secret_key=SecretStr(secrets.token_hex(32)))  # fmt: skip
        engine = create_db_engine(database_url)
        try:
            upgrade(engine)
            sessions = session_factory(engine)
            figures = _day(options, settings, sessions, seed(sessions, settings, options.candidates, step), step)
        finally:
            engine.dispose()
    (options.report_dir / "figures.json").write_text(json.dumps(figures.as_dict(), indent=2), encoding="utf-8")
    return figures


def _day(
    options: LoadOptions, settings: Settings, sessions: sessionmaker[Session], seats: list[Seat], step: Step
) -> LoadFigures:
    """Start the processes, let the crowd work, wait for the workers, and audit the database."""
    figures = LoadFigures(candidates=len(seats), duration_s=options.duration_s, finish_spread=options.finish_spread,
                          web_workers=options.web_workers,
                          workers=options.workers, worker_concurrency=options.worker_concurrency,
                          worker_nice=options.worker_nice, report_dir=str(options.report_dir))  # fmt: skip
    with children() as started:
        base_url = _start(started, options, settings)
        recorder, day = Recorder(), Day(options.duration_s, options.autosave_every_s, options.finish_spread)
        step(f"{len(seats)} candidates at work", 0, len(seats))
        began = time.monotonic()
        outcomes = asyncio.run(run_crowd(base_url, seats, day, recorder))
        figures.requests_per_s = round(recorder.requests / (time.monotonic() - began), 1)
        step("waiting for the workers to finish", 0, 0)
        bench_ledger.settle(sessions, timeout=options.settle_timeout_s)
    figures.requests, figures.latencies, figures.errors = recorder.requests, recorder.latencies(), recorder.errors()
    figures.ledger = bench_ledger.audit(sessions, seats, outcomes)
    figures.queue_wait, figures.judged_per_min = bench_ledger.queue_waits(sessions)
    figures.server_tracebacks = sum(child.tracebacks() for child in started)
    return figures


def _start(started: list[Child], options: LoadOptions, settings: Settings) -> str:
    """The web app and the workers, once each answers; the web app's base URL."""
    environment = _environment(settings)
    port = free_port()
    web = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(options.web_workers),
           "--no-access-log"]  # fmt: skip
    started.append(Child("web", web, folder=options.report_dir, environment=environment))
    for number in range(options.workers):
        slot = 1 + number * options.worker_concurrency  # each pool process judges in a sandbox slot of its own
        worker = ["worker", "--slot", str(slot), "--concurrency", str(options.worker_concurrency),
                  "--nice", str(options.worker_nice),
                  *(["--beat"] if number == 0 else [])]  # fmt: skip
        started.append(Child(f"worker-{number + 1}", worker, folder=options.report_dir, environment=environment))
    base_url = f"http://127.0.0.1:{port}"
    wait_until("the web app to answer /healthz", lambda: _healthy(base_url), started, timeout=READY_TIMEOUT_S)
    celery = make_celery(settings)
    wait_until(f"{options.workers} worker(s) to answer a ping",
               lambda: len(celery.control.ping(timeout=1.0)) >= options.workers, started,
               timeout=READY_TIMEOUT_S)  # fmt: skip
    return base_url


def _environment(settings: Settings) -> dict[str, str]:
    secret = settings.secret_key.get_secret_value() if settings.secret_key else ""
    return {"VETML_DATABASE_URL": settings.database_url, "VETML_BROKER_URL": settings.broker_url or "",
            "VETML_BANK_DIR": str(settings.bank_dir), "VETML_SECRET_KEY": secret,
            "PYTHONPATH": str(PACKAGE_PARENT)}  # fmt: skip


def _healthy(base_url: str) -> bool:
    try:
        return httpx2.get(f"{base_url}/healthz", timeout=2.0).status_code == 200
    except httpx2.HTTPError:
        return False
