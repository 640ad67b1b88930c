"""Readiness: whether this process can do its work now (database, broker, sandbox), each check time-boxed.

Liveness (`/healthz`) stays cheap and says only that the process answers; readiness is what a load
balancer or orchestrator asks before sending traffic, so it names the dependency that is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import partial

import redis
from sqlalchemy import Engine, text

from vetml.judge import zygotes

CHECK_TIMEOUT_S = 2.0
NOT_CONFIGURED = "not configured"


class NotNeeded(Exception):
    """The check does not apply to this process's shape; it passes with this reason."""


@dataclass(frozen=True)
class Check:
    """The outcome of one check: passed or not, and a sentence saying why."""

    name: str
    ok: bool
    detail: str


def check_database(engine: Engine) -> None:
    """SELECT 1 on a connection from the app's pool."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def check_broker(broker_url: str | None) -> None:
    """PING the Redis broker; with no broker configured work runs in process and nothing is needed."""
    if not broker_url:
        raise NotNeeded(NOT_CONFIGURED)
    client = redis.Redis.from_url(broker_url, socket_timeout=CHECK_TIMEOUT_S, socket_connect_timeout=CHECK_TIMEOUT_S)
    try:
        client.ping()
    finally:
        client.close()


def check_sandbox(broker_url: str | None) -> None:
    """The judge's sandbox can start; with a broker the workers judge, so this process needs none."""
    if broker_url:
        raise NotNeeded("not used here: judging runs on the workers")
    zygotes.probe(timeout_s=CHECK_TIMEOUT_S)


def run_checks(checks: dict[str, Callable[[], None]], *, timeout_s: float = CHECK_TIMEOUT_S) -> list[Check]:
    """Run the checks side by side; one that raises or outlasts ``timeout_s`` fails with the reason."""
    pool = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="vetml-readiness")
    try:
        futures = {name: pool.submit(check) for name, check in checks.items()}
        wait(futures.values(), timeout=timeout_s)
        return [_outcome(name, future, timeout_s) for name, future in futures.items()]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # a hung check is abandoned, not waited for


def _outcome(name: str, future: Future[None], timeout_s: float) -> Check:
    if not future.done():
        return Check(name, ok=False, detail=f"no answer within {timeout_s:g} s")
    error = future.exception()
    if error is None:
        return Check(name, ok=True, detail="ok")
    if isinstance(error, NotNeeded):
        return Check(name, ok=True, detail=str(error))
    return Check(name, ok=False, detail=_reason(error))


def _reason(error: BaseException) -> str:
    """The first line of the error: enough to act on, without a driver's multi-line dump."""
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def check_all(engine: Engine, *, broker_url: str | None) -> list[Check]:
    """The web app's checks: its database, its broker (when configured) and, when it judges itself, the sandbox."""
    return run_checks({
        "database": partial(check_database, engine),
        "broker": partial(check_broker, broker_url),
        "sandbox": partial(check_sandbox, broker_url),
    })  # fmt: skip
