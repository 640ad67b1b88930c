"""The embedded judge queue of the web app: challenge answers handed in through the app are judged in
this process, in a sandbox slot of a thread pool started on first use.

This is the default with no extra services to run (SQLite, one process). Work is enqueued only once
the request's transaction has committed (an ``after_commit`` hook on the request's session), because
the judge reloads the submission from the database in its own transaction. Submissions left queued
by a restart are picked up when the pool starts.
"""

from __future__ import annotations

import logging
import math
import threading
import time

from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.orm import Session

from vetml.errors import TooManyRequests
from vetml.judge.schemas import JudgeResult
from vetml.judge.service import LocalExecutor

log = logging.getLogger(__name__)
_lock = threading.Lock()
SLOTS = 1  # one sandbox slot: the web app shares its machine with grading and the database
RUN_INTERVAL_S = 3.0  # between two example runs of one assessment: a candidate's script cannot hog the slot
RUN_TIMEOUT_S = 120.0  # waiting for a slot behind hand-ins, plus the examples' own limits
_last_run: dict[int, float] = {}  # assessment id to when its last run ended (inf: running)


def judge_after_commit(session: Session, app: FastAPI, submission_ids: list[str]) -> None:
    """Queue these submissions for judging as soon as ``session`` commits (never if it rolls back)."""
    if submission_ids:
        event.listen(session, "after_commit", lambda _session: judge_now(app, submission_ids), once=True)


def judge_now(app: FastAPI, submission_ids: list[str]) -> None:
    """Queue committed submissions; a failure to start the judge is logged, never raised."""
    try:
        pool, started = _executor(app)
        if not started:  # a pool that just started has queued every waiting submission already
            for submission_id in submission_ids:
                pool.enqueue(submission_id)
    except Exception:  # the answers are saved and stay queued; the next start of the pool retries them
        log.exception("could not queue %d submission(s) for judging", len(submission_ids))


def run_examples(app: FastAPI, assessment_id: int, challenge_id: str, source: bytes) -> JudgeResult:
    """The code on the challenge's visible examples, now; one run per assessment at a time, then a pause.

    The pause counts from the end of the previous run, so a slow run (a busy machine, a slow script)
    cannot be followed at once by the next one.
    """
    _claim_run(assessment_id)
    try:
        pool, _started = _executor(app)
        return pool.run_examples(challenge_id, source).result(timeout=RUN_TIMEOUT_S)
    except TimeoutError:  # the run goes on and ends on its own; this request stops waiting for it
        raise TooManyRequests("the judge is busy with other code", hint="Run the examples again in a minute.") from None
    finally:
        with _lock:
            _last_run[assessment_id] = time.monotonic()


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
