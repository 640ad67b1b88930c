"""The real stack for the worker tests: a Redis server of the test's own, a PostgreSQL schema, the sandbox,
and `vetml worker` processes started on demand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.conftest import _postgres_schema_url
from tests.factories import write_bank
from tests.judge.conftest import _sandbox_available
from tests.judge.factories import write_challenge
from tests.tasks.services import RedisServer, Worker, wait_for
from vetml.config import Settings
from vetml.db import create_db_engine, session_factory, transaction, upgrade
from vetml.judge import service as judge
from vetml.judge.feedback import FeedbackMode
from vetml.judge.models import SubmissionStatus
from vetml.tasks import outbox
from vetml.tasks.worker import CeleryDispatcher, make_celery

DEADLINE_S = 8  # a judgement running longer than this has lost its worker: the sweeper sends it again
FINAL = (SubmissionStatus.DONE.value, SubmissionStatus.FAILED.value)


@dataclass
class Stack:
    folder: Path
    settings: Settings
    sessions: sessionmaker[Session]
    redis: RedisServer
    dispatcher: CeleryDispatcher
    workers: list[Worker]

    def worker(
        self, *, slot: int, beat: bool = True, extra_env: dict[str, str] | None = None, arguments: tuple[str, ...] = ()
    ) -> Worker:
        environment = {"VETML_DATABASE_URL": self.settings.database_url, "VETML_BROKER_URL": self.redis.url,
                       "VETML_BANK_DIR": str(self.settings.bank_dir), "VETML_TASK_DEADLINE_SECONDS": str(DEADLINE_S),
                       "VETML_SWEEP_INTERVAL_SECONDS": "1"} | (extra_env or {})  # fmt: skip
        started = Worker(self.folder, environment, slot=slot, beat=beat, arguments=arguments)
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
    bank = write_bank(tmp_path / "bank")
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
