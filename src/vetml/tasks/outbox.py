"""Enqueue after commit: work named during a transaction is sent only if that transaction commits.

Domain code says what must happen once its rows are committed (``after_commit``); the dispatcher
installed on the session factory (``install``) sends it. A rollback forgets it. Sending is never
allowed to fail the request: the rows are committed and the sweeper sends them again later.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
DISPATCHER = "vetml.dispatcher"
PENDING = "vetml.outbox"


class Dispatcher(Protocol):
    """Where committed work goes: a thread pool in this process, or Celery queues."""

    @property
    def defers_grading(self) -> bool:
        """True when written answers are graded by a worker after hand-in rather than during it."""
        ...

    def judge(self, submission_ids: list[str]) -> None:
        """Send committed submissions to the judge."""
        ...

    def grade(self, answer_ids: list[int]) -> None:
        """Send committed, handed-in written answers to the grader."""
        ...


@dataclass
class Pending:
    """Work named in the current transaction."""

    judge: list[str] = field(default_factory=list)
    grade: list[int] = field(default_factory=list)


def install(sessions: sessionmaker[Session], dispatcher: Dispatcher) -> None:
    """Send the work of every session of ``sessions`` to ``dispatcher`` when it commits."""
    sessions.configure(info={DISPATCHER: dispatcher})
    event.listen(sessions, "after_commit", _send)
    event.listen(sessions, "after_soft_rollback", _forget)


def after_commit(session: Session, *, judge: Iterable[str] = (), grade: Iterable[int] = ()) -> None:
    """Send this work once ``session`` commits (never if it rolls back)."""
    pending: Pending = session.info.setdefault(PENDING, Pending())
    pending.judge.extend(judge)
    pending.grade.extend(grade)


def defers_grading(session: Session) -> bool:
    """Whether hand-in should leave written answers to a grading worker (a broker is configured)."""
    dispatcher: Dispatcher | None = session.info.get(DISPATCHER)
    return dispatcher is not None and dispatcher.defers_grading


def _send(session: Session) -> None:
    pending: Pending | None = session.info.pop(PENDING, None)
    dispatcher: Dispatcher | None = session.info.get(DISPATCHER)
    if pending is None or dispatcher is None:
        return
    _try("judging", dispatcher.judge, pending.judge)
    _try("grading", dispatcher.grade, pending.grade)


def _try(what: str, send: Any, ids: list[Any]) -> None:
    if not ids:
        return
    try:
        send(ids)
    except Exception:  # committed rows stay queued; the sweeper sends them again past the deadline
        log.exception("could not queue %d item(s) for %s; the sweeper will retry", len(ids), what)


def _forget(session: Session, _previous: Any) -> None:
    session.info.pop(PENDING, None)
