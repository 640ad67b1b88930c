"""The embedded judge queue of the web app: challenge answers handed in through the app are judged in
this process, in a sandbox slot of a thread pool started on first use.

This is the default with no extra services to run (SQLite, one process). Work is enqueued only once
the request's transaction has committed (an ``after_commit`` hook on the request's session), because
the judge reloads the submission from the database in its own transaction. Submissions left queued
by a restart are picked up when the pool starts.
"""

from __future__ import annotations

import logging
import threading

from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.orm import Session

from vetml.judge.service import LocalExecutor

log = logging.getLogger(__name__)
_lock = threading.Lock()
SLOTS = 1  # one sandbox slot: the web app shares its machine with grading and the database


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
