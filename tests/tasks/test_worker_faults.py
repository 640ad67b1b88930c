"""Fault tests on the real stack: Celery workers as processes, a Redis server, PostgreSQL, the sandbox.

Each test breaks something the way production breaks it (a worker killed mid-judge, Redis restarted
with messages queued and while a hand-in commits, a submission that fails every judge) and checks
that every submission still ends with exactly one final result.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import _postgres_schema_url
from tests.judge.conftest import _sandbox_available
from tests.judge.factories import REFERENCE, write_challenge
from tests.tasks.services import RedisServer, Worker, wait_for
from vetml.config import Settings
from vetml.db import create_db_engine, session_factory, transaction, upgrade
from vetml.judge import service as judge
from vetml.judge.feedback import FeedbackMode
from vetml.judge.models import SubmissionStatus
from vetml.tasks import outbox
from vetml.tasks.worker import CeleryDispatcher, make_celery

DEADLINE_S = 8  # a judgement running longer than this has lost its worker: the sweeper sends it again
SLOW = "import time\n\ndef add_up(values):\n    time.sleep(0.6)\n    return sum(values)\n"
FINAL = (SubmissionStatus.DONE.value, SubmissionStatus.FAILED.value)


@dataclass
class Stack:
    folder: Path
    settings: Settings
    sessions: sessionmaker[Session]
    redis: RedisServer
    dispatcher: CeleryDispatcher
    workers: list[Worker]

    def worker(self, *, slot: int, beat: bool = True) -> Worker:
        environment = {"VETML_DATABASE_URL": self.settings.database_url, "VETML_BROKER_URL": self.redis.url,
                       "VETML_BANK_DIR": str(self.settings.bank_dir), "VETML_TASK_DEADLINE_SECONDS": str(DEADLINE_S),
                       "VETML_SWEEP_INTERVAL_SECONDS": "1"}  # fmt: skip
        started = Worker(self.folder, environment, slot=slot, beat=beat)
        self.workers.append(started)
        return started

    def submit(self, source: str, challenge_id: str = "add-up") -> str:
        """Store a submission and queue it after commit, as a hand-in does."""
        with transaction(self.sessions) as session:
            submission = judge.submit(session, root=self.settings.bank_dir / "challenges", challenge_id=challenge_id,
                                      source=source.encode(), mode=FeedbackMode.HIRING)  # fmt: skip
            outbox.after_commit(session, judge=[submission.id])
        return submission.id

    def status(self, submission_id: str) -> tuple[str, str | None, int]:
        with transaction(self.sessions) as session:
            row = judge.get(session, submission_id)
            return row.status, row.verdict, row.attempts

    def wait_final(self, ids: list[str], timeout: float = 120.0) -> None:
        def finished() -> bool:
            return all(self.status(submission_id)[0] in FINAL for submission_id in ids)

        try:
            wait_for(f"{len(ids)} submission(s) to be judged", finished, timeout=timeout)
        except pytest.fail.Exception:
            logs = "\n---\n".join(worker.output() for worker in self.workers)
            pytest.fail(f"not judged in time: {[self.status(i) for i in ids]}\nworker logs:\n{logs}")


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    _sandbox_available()
    url = _postgres_schema_url()
    database_url = next(url)
    engine: Engine = create_db_engine(database_url)
    upgrade(engine)
    bank = tmp_path / "bank"
    write_challenge(bank / "challenges", limits={"time_ms": 3000, "memory_mb": 128})
    write_challenge(bank / "challenges", "poison")
    server = RedisServer(tmp_path)
    server.start()
    settings = Settings(database_url=database_url, bank_dir=bank, broker_url=server.url,
                        task_deadline_seconds=DEADLINE_S)  # fmt: skip
    sessions = session_factory(engine)
    dispatcher = CeleryDispatcher(make_celery(settings))
    outbox.install(sessions, dispatcher)
    built = Stack(tmp_path, settings, sessions, server, dispatcher, [])
    try:
        yield built
    finally:
        for worker in built.workers:
            worker.stop()
        server.stop()
        engine.dispose()
        next(url, None)


def _queued(server: RedisServer) -> int:
    return int(redis.Redis.from_url(server.url).llen("judge"))


def test_a_worker_killed_mid_judge_leaves_the_submission_to_be_judged_again_once(stack: Stack) -> None:
    submission_id = stack.submit(SLOW)
    first = stack.worker(slot=11)
    wait_for("the first worker to start judging", lambda: stack.status(submission_id)[0] == "running")
    first.kill()
    assert stack.status(submission_id)[0] == "running"  # taken by a worker that no longer exists
    stack.worker(slot=12)
    stack.wait_final([submission_id])
    assert stack.status(submission_id) == ("done", "accepted", 2)


def test_redis_restarted_with_work_queued_and_down_during_a_hand_in_loses_nothing(stack: Stack) -> None:
    queued = [stack.submit(REFERENCE) for _ in range(3)]
    assert _queued(stack.redis) == 3
    stack.redis.stop()  # the messages are gone with it (it keeps nothing on disk)
    during_outage = stack.submit(REFERENCE)  # the hand-in commits; only the send fails
    assert stack.status(during_outage) == ("queued", None, 0)
    stack.redis.start()
    assert _queued(stack.redis) == 0
    stack.worker(slot=13)
    everything = [*queued, during_outage]
    stack.wait_final(everything)
    assert [stack.status(submission_id) for submission_id in everything] == [("done", "accepted", 1)] * 4


def test_a_poison_submission_fails_alone_and_the_queue_goes_on(stack: Stack) -> None:
    poison = stack.submit(REFERENCE, challenge_id="poison")
    (stack.settings.bank_dir / "challenges" / "poison" / "tests.py").unlink()  # every judge of it now fails
    healthy = [stack.submit(REFERENCE) for _ in range(2)]
    stack.worker(slot=14)
    stack.wait_final([poison, *healthy])
    assert stack.status(poison) == ("failed", "internal_error", judge.MAX_ATTEMPTS)
    assert [stack.status(submission_id) for submission_id in healthy] == [("done", "accepted", 1)] * 2


def test_the_sweeper_leaves_fresh_work_alone(stack: Stack) -> None:
    from vetml.tasks import sweeper

    submission_id = stack.submit(REFERENCE)
    swept = sweeper.sweep(stack.sessions, stack.dispatcher, deadline=timedelta(minutes=5))
    assert (swept.submissions, _queued(stack.redis)) == (0, 1)
    swept = sweeper.sweep(stack.sessions, stack.dispatcher, deadline=timedelta(0))
    assert (swept.submissions, _queued(stack.redis)) == (1, 2)
    assert stack.status(submission_id) == ("queued", None, 0)
