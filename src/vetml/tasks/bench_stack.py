"""The stack `vetml bench load` runs against: a PostgreSQL schema and a Redis database of its own, the web
app under uvicorn and Celery workers as child processes, each logging into the report folder.

The user's data is never touched: the schema is created fresh and dropped afterwards, and the Redis
database must be empty when the bench starts, so everything in it at the end is the bench's to delete.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from vetml.errors import ConfigurationError, InvalidInput

STOP_GRACE_S = 20.0
SCHEMA_PREFIX = "vetml_bench_"


@contextmanager
def bench_schema(database_url: str) -> Iterator[str]:
    """A URL on a fresh PostgreSQL schema of the bench's own (its search_path), dropped with all in it at the end."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise InvalidInput("the load bench needs PostgreSQL (several web processes share the database)",
                           hint="Pass --database-url postgresql+psycopg://user@host:5432/db.")  # fmt: skip
    schema = f"{SCHEMA_PREFIX}{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except SQLAlchemyError as error:
        admin.dispose()
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise ConfigurationError(
            f"cannot create a schema for the bench on {url.render_as_string()}: {reason}",
            hint="Check --database-url and that its user may CREATE SCHEMA.",
        ) from error
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def bench_redis(redis_url: str, database: int) -> Iterator[str]:
    """``redis_url`` switched to Redis database ``database``, which must start empty and is emptied at the end."""
    url = _with_database(redis_url, database)
    client = redis.Redis.from_url(url)
    try:
        keys = int(cast("int", client.dbsize()))
    except redis.RedisError as error:
        hint = "Start redis-server or pass --redis-url redis://host:6379."
        raise ConfigurationError(f"cannot reach Redis at {redis_url}: {error}", hint=hint) from error
    if keys:
        raise InvalidInput(f"Redis database {database} holds {keys} key(s), and the bench empties its database",
                           hint="Choose an empty one with --redis-db N.")  # fmt: skip
    try:
        yield url
    finally:
        with contextlib.suppress(redis.RedisError):
            client.flushdb()
        client.close()


def _with_database(redis_url: str, database: int) -> str:
    base = redis_url.split("?", 1)[0]
    scheme, _, rest = base.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{database}"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Child:
    """A `vetml ...` command in a process group of its own, its output kept in ``log``."""

    def __init__(self, name: str, arguments: list[str], *, folder: Path, environment: dict[str, str]) -> None:
        self.name, self.log = name, folder / f"{name}.log"
        with self.log.open("wb") as output:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen([sys.executable, "-m", "vetml", *arguments], cwd=folder,
                                            env=os.environ | environment, stdout=output, stderr=subprocess.STDOUT,
                                            start_new_session=True)  # fmt: skip

    def running(self) -> bool:
        """True while the process has not exited."""
        return self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM to the whole group (uvicorn's and Celery's children too), SIGKILL if it lingers."""
        if self.running():
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait()
        with contextlib.suppress(ProcessLookupError):  # pool processes left behind by a killed parent
            os.killpg(self.process.pid, signal.SIGKILL)

    def _signal(self, number: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, number)

    def tracebacks(self) -> int:
        """Tracebacks in the log: each is a fault of ours (an unexpected error, a crash) worth reading."""
        return self.log.read_text(encoding="utf-8", errors="replace").count("Traceback (most recent call last)")

    def tail(self, characters: int = 2000) -> str:
        """The end of the log, for an error message."""
        return self.log.read_text(encoding="utf-8", errors="replace")[-characters:]


@contextmanager
def children() -> Iterator[list[Child]]:
    """A list to start children into; every one is stopped on the way out, whatever happened."""
    started: list[Child] = []
    try:
        yield started
    finally:
        for child in reversed(started):
            child.stop()


def wait_until(what: str, ready: Callable[[], bool], watched: list[Child], *, timeout: float) -> None:
    """Poll ``ready``; fail with the log of any child that exited meanwhile, or after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not ready():
        dead = next((child for child in watched if not child.running()), None)
        if dead is not None:
            raise ConfigurationError(f"{dead.name} exited while waiting for {what}:\n{dead.tail()}",
                                     hint=f"Its whole log is {dead.log}.")  # fmt: skip
        if time.monotonic() > deadline:
            hint = "The logs in the report folder say what the processes were doing."
            raise ConfigurationError(f"timed out after {timeout:.0f} s waiting for {what}", hint=hint)
        time.sleep(0.5)
