"""The Celery side: the app, its queues, and the tasks a `vetml worker` runs.

Tasks take ids only and reload everything from the database, so a message says what to do, never
what the answer was. Acknowledgement is late (after the task ends) and a worker lost mid-task
returns its message to the queue; together with the conditional writes of the task bodies, work is
done at least once and stored exactly once. Retries with backoff cover our own faults (the sandbox,
the database, the broker); a candidate's broken code is a verdict, not a fault, and is never retried.
"""

from __future__ import annotations

import base64
import logging
import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from celery import Celery, Task
from celery.signals import worker_process_init, worker_process_shutdown
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from vetml.config import Settings
from vetml.db import PoolLimits, open_database
from vetml.errors import ConfigurationError
from vetml.judge import service as judge
from vetml.judge.models import SubmissionStatus
from vetml.judge.sandbox import Sandbox
from vetml.observability.logs import bound_ids

log = logging.getLogger(__name__)

JUDGE_QUEUE, GRADING_QUEUE, RUN_QUEUE, SWEEP_QUEUE = "judge", "grading", "run", "sweep"
QUEUES = (JUDGE_QUEUE, GRADING_QUEUE, RUN_QUEUE, SWEEP_QUEUE)
JUDGE_TASK, GRADE_TASK, EXAMPLES_TASK, SWEEP_TASK = "vetml.judge", "vetml.grade", "vetml.examples", "vetml.sweep"
ROUTES = {JUDGE_TASK: JUDGE_QUEUE, GRADE_TASK: GRADING_QUEUE, EXAMPLES_TASK: RUN_QUEUE, SWEEP_TASK: SWEEP_QUEUE}
PROCESS_START_S = 120.0
QUEUES_ENV = "VETML_WORKER_QUEUES"  # the queues `vetml worker` serves, for its pool processes to read
SLOT_ENV = "VETML_WORKER_SLOT"  # first sandbox slot of this worker; each pool process takes the next one
RETRY = {"autoretry_for": (OperationalError, ConfigurationError), "retry_backoff": 2, "retry_backoff_max": 60,
         "retry_jitter": True, "max_retries": 8}  # fmt: skip


def make_celery(settings: Settings) -> Celery:
    """The Celery app for ``settings``, with every vetml task registered."""
    if not settings.broker_url:
        raise ConfigurationError(
            "no broker is configured", hint="Set VETML_BROKER_URL, e.g. redis://127.0.0.1:6379/0, to use workers."
        )
    app = Celery("vetml", broker=settings.broker_url, backend=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,  # a task is acknowledged when it ends, so a worker that dies returns it
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a worker holds one message at a time: no work hides behind a slow one
        task_routes={name: {"queue": queue} for name, queue in ROUTES.items()},
        task_default_queue=SWEEP_QUEUE,
        task_serializer="json", result_serializer="json", accept_content=["json"],
        result_expires=timedelta(hours=1),
        task_time_limit=settings.task_deadline_seconds,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": settings.task_deadline_seconds * 2},
        worker_proc_alive_timeout=PROCESS_START_S,  # a grading process loads its models before saying it is up
        worker_hijack_root_logger=False,  # our log handler and format stay (vetml.observability.logs)
        worker_redirect_stdouts=False,  # print() is not dressed up as a log line in a second format
        beat_schedule={"sweep": {"task": SWEEP_TASK, "schedule": settings.sweep_interval_seconds}},
    )  # fmt: skip
    _register(app, settings)
    return app


class _ProcessState:
    """What one worker process keeps between tasks: its database engine and its sandbox slot."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._sessions: sessionmaker[Session] | None = None
        self._sandbox: Sandbox | None = None

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:  # made in the pool process, never inherited across a fork
            self._sessions = open_database(self.settings.database_url, pool=PoolLimits.of(self.settings))
        return self._sessions

    @property
    def sandbox(self) -> Sandbox:
        if self._sandbox is None:
            self._sandbox = Sandbox(slot=_slot())
        return self._sandbox

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None


def _slot() -> int:
    """This process's sandbox slot: each slot runs candidates as its own uid, so two slots never share limits."""
    from billiard.process import current_process

    index = getattr(current_process(), "index", None) or 0
    return int(os.environ.get(SLOT_ENV, "1")) + int(index)


def _warm_up() -> None:
    """A pool process that grades loads the grading models before its first task, not during it."""
    if GRADING_QUEUE not in os.environ.get(QUEUES_ENV, "").split(","):
        return
    from vetml.grading import service as grading

    started = time.perf_counter()
    grading.warm_up()
    log.info("grading models loaded in %.1f s", time.perf_counter() - started)


def _register(app: Celery, settings: Settings) -> None:
    state = _ProcessState(settings)
    root = settings.bank_dir / "challenges"
    stale_after = timedelta(seconds=settings.task_deadline_seconds)
    worker_process_init.connect(lambda **_kwargs: _warm_up(), weak=False)
    worker_process_shutdown.connect(lambda **_kwargs: state.close(), weak=False)

    @app.task(name=JUDGE_TASK, bind=True, **RETRY)  # type: ignore[untyped-decorator]
    def judge_task(task: Task[Any, Any], submission_id: str) -> str:
        with bound_ids(submission_id=submission_id):
            status = judge.judge_submission(state.sessions, submission_id, root=root, sandbox=state.sandbox,
                                            stale_after=stale_after)  # fmt: skip
            log.info("judge task ended: submission %s", status)
        if status == SubmissionStatus.QUEUED.value:  # our fault with attempts left: back off and try again
            raise task.retry(countdown=min(60, 2 ** (task.request.retries + 1)))
        return status

    @app.task(name=GRADE_TASK, **RETRY)  # type: ignore[untyped-decorator]
    def grade_task(answer_id: int) -> bool:
        from vetml.interviews import assessments

        with bound_ids(answer_id=answer_id):
            stored = assessments.grade_handed_in(state.sessions, answer_id)
            log.info("grading task ended: %s", "grade stored" if stored else "already graded")
        return stored

    @app.task(name=EXAMPLES_TASK, acks_late=False)  # type: ignore[untyped-decorator]
    def examples_task(challenge_id: str, source_b64: str) -> dict[str, Any]:
        source = base64.b64decode(source_b64)
        result = judge.judge_source(root, challenge_id, source, state.sandbox, examples_only=True)
        return result.model_dump(mode="json")

    @app.task(name=SWEEP_TASK, **RETRY)  # type: ignore[untyped-decorator]
    def sweep_task() -> dict[str, int]:
        from vetml.tasks import sweeper

        return sweeper.sweep(state.sessions, CeleryDispatcher(app), deadline=stale_after).as_dict()

    del judge_task, grade_task, examples_task, sweep_task  # registered on the app by the decorators


class CeleryDispatcher:
    """Committed work sent to the Celery queues of ``app``."""

    defers_grading = True

    def __init__(self, app: Celery) -> None:
        self.app = app

    def judge(self, submission_ids: list[str]) -> None:
        for submission_id in submission_ids:
            self.app.send_task(JUDGE_TASK, args=[submission_id], queue=JUDGE_QUEUE)

    def grade(self, answer_ids: list[int]) -> None:
        for answer_id in answer_ids:
            self.app.send_task(GRADE_TASK, args=[answer_id], queue=GRADING_QUEUE)

    def run_examples(self, challenge_id: str, source: bytes, *, timeout: float) -> dict[str, Any]:
        """Run code on a challenge's visible examples on a worker and wait for the result."""
        encoded = base64.b64encode(source).decode("ascii")
        pending = self.app.send_task(EXAMPLES_TASK, args=[challenge_id, encoded], queue=RUN_QUEUE)
        try:
            result: dict[str, Any] = pending.get(timeout=timeout)
        finally:
            pending.forget()
        return result

    def queue_depths(self) -> dict[str, int]:
        """Messages waiting in each queue (Redis keeps a queue as a list under its name)."""
        with self.app.connection_for_write() as connection:
            client = connection.default_channel.client
            return {queue: int(client.llen(queue)) for queue in QUEUES}


def worker_argv(*, queues: list[str], concurrency: int, beat: bool, name: str, schedule: Path) -> list[str]:
    """The arguments of ``celery worker`` for `vetml worker`."""
    argv = ["worker", "--queues", ",".join(queues), "--concurrency", str(concurrency), "--loglevel", "INFO",
            "--hostname", name, "--without-gossip", "--without-mingle"]  # fmt: skip
    if beat:
        argv += ["--beat", "--schedule", str(schedule)]
    return argv
