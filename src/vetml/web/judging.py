"""Where the web app's background work goes: Celery workers when a broker is configured, else an
embedded judge queue in this process (a sandbox slot of a thread pool started on first use).

The embedded queue is the default with no extra services to run (SQLite, one process). Either way
work is sent only once the request's transaction has committed (``vetml.tasks.outbox``), because
the judge reloads the submission from the database in its own transaction. Submissions left queued
by a restart are picked up when the embedded pool starts, or by the workers' sweeper.
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from celery.exceptions import TimeoutError as CeleryTimeout
from fastapi import FastAPI

from vetml.errors import TooManyRequests
from vetml.interviews import assessments
from vetml.judge.schemas import JudgeResult
from vetml.judge.service import LocalExecutor
from vetml.observability import metrics
from vetml.tasks import outbox
from vetml.tasks.worker import CeleryDispatcher, make_celery

log = logging.getLogger(__name__)
_lock = threading.Lock()
SLOTS = 1  # one sandbox slot: the web app shares its machine with grading and the database
RUN_INTERVAL_S = 3.0  # between two example runs of one assessment: a candidate's script cannot hog the slot
RUN_TIMEOUT_S = 120.0  # waiting for a slot behind hand-ins, plus the examples' own limits
_last_run: dict[int, float] = {}  # assessment id to when its last run ended (inf: running)
# Threads that only wait for a worker's reply, apart from the request threads so waiting never starves them.
_waiters = ThreadPoolExecutor(max_workers=64, thread_name_prefix="vetml-examples-wait")


class LocalDispatcher:
    """Committed work for the embedded queue: judged in this process; written answers are graded at hand-in."""

    defers_grading = False

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def judge(self, submission_ids: list[str]) -> None:
        """Queue committed submissions; a failure to start the judge is logged, never raised."""
        try:
            pool, started = _executor(self.app)
            if not started:  # a pool that just started has queued every waiting submission already
                for submission_id in submission_ids:
                    pool.enqueue(submission_id)
        except Exception:  # the answers are saved and stay queued; the next start of the pool retries them
            log.exception("could not queue %d submission(s) for judging", len(submission_ids))

    def grade(self, answer_ids: list[int]) -> None:
        """Answers left waiting by a worker setup that is no longer configured: grade them in the pool."""
        pool, _started = _executor(self.app)
        for answer_id in answer_ids:
            pool.submit(assessments.grade_handed_in, self.app.state.sessions, answer_id)


def install(app: FastAPI) -> None:
    """Send the app's committed work to Celery when VETML_BROKER_URL is set, else to the embedded queue."""
    settings = app.state.settings
    dispatcher: LocalDispatcher | CeleryDispatcher
    if settings.broker_url:
        dispatcher = CeleryDispatcher(make_celery(settings))
        metrics.set_queue_depth_source(dispatcher.queue_depths)
    else:
        dispatcher = LocalDispatcher(app)
    app.state.dispatcher = dispatcher
    outbox.install(app.state.sessions, dispatcher)


async def run_examples(app: FastAPI, assessment_id: int, challenge_id: str, source: bytes) -> JudgeResult:
    """The code on the challenge's visible examples, now; one run per assessment at a time, then a pause.

    The pause counts from the end of the previous run, so a slow run (a busy machine, a slow script)
    cannot be followed at once by the next one. The wait is awaited, not blocked on: a run queued behind
    hand-ins can take a minute, and a request thread (and its database connection) held for that long
    is what starved every other request of a busy hiring day.
    """
    _claim_run(assessment_id)
    try:
        return await asyncio.wait_for(_examples(app, challenge_id, source), timeout=RUN_TIMEOUT_S)
    except (TimeoutError, CeleryTimeout):  # the run goes on and ends on its own; this request stops waiting for it
        raise TooManyRequests("the judge is busy with other code", hint="Run the examples again in a minute.") from None
    finally:
        with _lock:
            _last_run[assessment_id] = time.monotonic()


async def _examples(app: FastAPI, challenge_id: str, source: bytes) -> JudgeResult:
    dispatcher = app.state.dispatcher
    if isinstance(dispatcher, CeleryDispatcher):  # Celery's wait blocks: it gets a thread of its own pool
        wait = partial(dispatcher.run_examples, challenge_id, source, timeout=RUN_TIMEOUT_S)
        return JudgeResult.model_validate(await asyncio.get_running_loop().run_in_executor(_waiters, wait))
    pool, _started = _executor(app)
    return await asyncio.wrap_future(pool.run_examples(challenge_id, source))


def _claim_run(assessment_id: int) -> None:
    """Mark a run of this assessment as under way, or refuse while one runs or has just ended."""
    with _lock:
        now = time.monotonic()
        for stale in [key for key, ended in _last_run.items() if now - ended >= RUN_INTERVAL_S]:
            del _last_run[stale]  # finished long enough ago: forgetting them keeps the map small
        if assessment_id in _last_run:
            raise TooManyRequests("the examples were run a moment ago", hint="Wait a few seconds and run them again.")
        _last_run[assessment_id] = math.inf  # under way until the finally above records when it ended


def _executor(app: FastAPI) -> tuple[LocalExecutor, bool]:
    with _lock:
        pool: LocalExecutor | None = getattr(app.state, "judge", None)
        if pool is not None:
            return pool, False
        settings = app.state.settings
        pool = LocalExecutor(app.state.sessions, root=settings.bank_dir / "challenges", slots=SLOTS)
        app.state.judge = pool
        pool.recover()
        return pool, True


def stop(app: FastAPI) -> None:
    """Finish running judgements and close the sandboxes (on shutdown)."""
    pool: LocalExecutor | None = getattr(app.state, "judge", None)
    if pool is not None:
        pool.shutdown()
        app.state.judge = None
