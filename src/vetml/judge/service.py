"""Submitting code and getting results: the judge's service API.

A submission is written to the database before it is queued, and judging is idempotent
(submission id in, stored result out), so an interrupted judge loses nothing: ``recover`` queues
whatever was left waiting or running. The embedded executor is a local pool of sandbox slots;
a queue worker can call ``judge_submission`` the same way.
"""

from __future__ import annotations

import logging
import queue
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Result, and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from vetml.db import transaction
from vetml.errors import InvalidInput, NotFound
from vetml.judge.challenges import ChallengeError, get_challenge, read_challenge
from vetml.judge.engine import Progress, judge
from vetml.judge.feedback import Feedback, FeedbackMode, feedback
from vetml.judge.models import Submission, SubmissionStatus
from vetml.judge.sandbox import Sandbox, SandboxFault, pinning_pays
from vetml.judge.schemas import JudgeResult, TestResult, Verdict
from vetml.judge.validation import ChallengeCheck, validate_challenge
from vetml.observability import metrics

T = TypeVar("T")

log = logging.getLogger(__name__)

MAX_STORED_SOURCE = 16 * 1024 * 1024
MAX_JUDGED_SOURCE = 256 * 1024
MAX_ATTEMPTS = 3
STALE_AFTER = timedelta(minutes=10)  # a judgement running longer than this has lost its judge
SANDBOX_HINT = (
    "The judge runs candidate code under bubblewrap as root. Install it (apt-get install bubblewrap) and run "
    "vetml as root, or use --unsafe-no-sandbox for local development only."
)

__all__ = ["SANDBOX_HINT", "ChallengeCheck", "LocalExecutor", "submit"]


def read_source_file(path: Path) -> bytes:
    """A submission file's bytes, or a clear error when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}", hint="Check the file name.") from error


def source_problem(source: bytes) -> str | None:
    """Why a submission cannot be judged at all, or None. Each reason becomes a compile-error verdict."""
    if len(source) > MAX_JUDGED_SOURCE:
        return f"the code is {len(source) / 1024:.0f} KB; the limit is {MAX_JUDGED_SOURCE // 1024} KB"
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"the file is not UTF-8 text (byte {error.start}); save it as UTF-8"
    if not text.strip():
        return "the file is empty"
    if "\x00" in text:
        return "the file contains NUL bytes"
    return None


def judge_source(
    root: Path,
    challenge_id: str,
    source: bytes,
    sandbox: Sandbox,
    *,
    progress: Progress | None = None,
    examples_only: bool = False,
) -> JudgeResult:
    """Judge raw source bytes: a source that cannot be judged gets a compile-error verdict, not an exception."""
    challenge = get_challenge(root, challenge_id)
    problem = source_problem(source)
    if problem is not None:
        return _rejected(challenge.id, challenge.content_hash, problem)
    return judge(challenge, source.decode("utf-8"), sandbox, progress=progress, examples_only=examples_only)


def _rejected(challenge_id: str, content_hash: str, problem: str) -> JudgeResult:
    test = TestResult(name="submission", subtask="", category="submission", visible=True,
                      verdict=Verdict.COMPILE_ERROR, message=problem)  # fmt: skip
    return JudgeResult(
        challenge_id=challenge_id, challenge_hash=content_hash, verdict=Verdict.COMPILE_ERROR, score=0,
        message=problem, tests=[test],
    )  # fmt: skip


def submit(session: Session, *, root: Path, challenge_id: str, source: bytes, mode: FeedbackMode) -> Submission:
    """Store a submission (the caller commits, then queues it)."""
    challenge = get_challenge(root, challenge_id)
    if len(source) > MAX_STORED_SOURCE:
        raise InvalidInput(
            f"the submission is {len(source) // (1024 * 1024)} MB; submissions are limited to "
            f"{MAX_STORED_SOURCE // (1024 * 1024)} MB",
            hint="Submit only the solution's source file.",
        )
    submission = Submission(
        id=str(uuid.uuid4()), challenge_id=challenge.id, challenge_hash=challenge.content_hash, mode=mode.value,
        source=source, status=SubmissionStatus.QUEUED.value, error="", attempts=0, queued_at=datetime.now(UTC),
    )  # fmt: skip
    session.add(submission)
    session.flush()
    return submission


def get(session: Session, submission_id: str) -> Submission:
    """A submission by id."""
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise NotFound(f"there is no submission {submission_id!r}")
    return submission


def result_view(submission: Submission, mode: FeedbackMode | None = None) -> Feedback | None:
    """The stored result through the feedback policy of the submission's mode (or ``mode``)."""
    if submission.result is None:
        return None
    result = JudgeResult.model_validate(submission.result)
    return feedback(result, mode or FeedbackMode(submission.mode))


@dataclass(frozen=True)
class Claim:
    """A submission this judge has taken: only the holder of the latest attempt may store a result."""

    submission_id: str
    challenge_id: str
    source: bytes
    attempt: int
    waited_seconds: float | None


def claim(sessions: sessionmaker[Session], submission_id: str, *, stale_after: timedelta = STALE_AFTER) -> Claim | None:
    """Take a queued submission (or one whose judge stopped answering) in one conditional UPDATE.

    Two workers handed the same id (a message delivered twice, a sweep racing a slow queue) cannot
    both take it: the UPDATE matches for one of them only. None: someone else has it, or it is judged.
    """
    now = datetime.now(UTC)
    takeable = or_(
        Submission.status == SubmissionStatus.QUEUED.value,
        and_(Submission.status == SubmissionStatus.RUNNING.value, Submission.started_at < now - stale_after),
    )
    statement = (
        update(Submission).where(Submission.id == submission_id, takeable)
        .values(status=SubmissionStatus.RUNNING.value, attempts=Submission.attempts + 1, started_at=now)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    with transaction(sessions) as session:
        if _changed(session.execute(statement)) != 1:
            return None
        row = get(session, submission_id)
        waited = (now - _aware(row.queued_at or row.created_at)).total_seconds()
        return Claim(submission_id, row.challenge_id, row.source, row.attempts, max(waited, 0.0))


def judge_submission(
    sessions: sessionmaker[Session], submission_id: str, *, root: Path, sandbox: Sandbox,
    stale_after: timedelta = STALE_AFTER,
) -> str:  # fmt: skip
    """Judge one stored submission and store its result; running it again changes nothing.

    Returns the submission's status: ``queued`` means our own fault with attempts left (try again).
    A submission taken more than MAX_ATTEMPTS times (its judge keeps dying on it: a poison) is given
    up as an internal error without running it again, so it cannot stop the queue.
    """
    taken = claim(sessions, submission_id, stale_after=stale_after)
    if taken is None:
        with transaction(sessions) as session:
            return get(session, submission_id).status
    if taken.attempt > MAX_ATTEMPTS:
        log.error("submission %s was taken %d times without a result; giving up", submission_id, taken.attempt - 1)
        return _record_failure(sessions, taken, "the judge stopped every time it ran this submission", final=True)
    started = time.perf_counter()
    try:
        result = judge_source(root, taken.challenge_id, taken.source, sandbox)
    except (SandboxFault, ChallengeError, OSError) as error:
        log.exception("judging submission %s failed (attempt %d)", submission_id, taken.attempt)
        return _record_failure(sessions, taken, str(error), final=taken.attempt >= MAX_ATTEMPTS)
    done = {
        "status": SubmissionStatus.DONE.value, "verdict": result.verdict.value, "score": result.score,
        "challenge_hash": result.challenge_hash, "result": result.model_dump(mode="json"),
        "finished_at": datetime.now(UTC),
    }  # fmt: skip
    if not store_outcome(sessions, taken, done):
        log.warning("submission %s was taken over by another judge; this result is dropped", submission_id)
        return SubmissionStatus.RUNNING.value
    metrics.observe_judgement(result.verdict.value, time.perf_counter() - started, taken.waited_seconds)
    return SubmissionStatus.DONE.value


def store_outcome(sessions: sessionmaker[Session], taken: Claim, values: dict[str, Any]) -> bool:
    """Write the outcome only while this judge still holds the latest attempt: one final result per submission."""
    statement = (
        update(Submission)
        .where(Submission.id == taken.submission_id, Submission.status == SubmissionStatus.RUNNING.value,
               Submission.attempts == taken.attempt)
        .values(**values).execution_options(synchronize_session=False)
    )  # fmt: skip
    with transaction(sessions) as session:
        return _changed(session.execute(statement)) == 1


def _record_failure(sessions: sessionmaker[Session], taken: Claim, error: str, *, final: bool) -> str:
    """Our fault: back to the queue, or after the last attempt an internal error (never the candidate's)."""
    if final:
        values: dict[str, Any] = {"status": SubmissionStatus.FAILED.value, "verdict": Verdict.INTERNAL_ERROR.value,
                                  "error": error, "finished_at": datetime.now(UTC)}  # fmt: skip
        if store_outcome(sessions, taken, values):
            metrics.observe_judgement(Verdict.INTERNAL_ERROR.value, 0.0, taken.waited_seconds)
        return SubmissionStatus.FAILED.value
    store_outcome(sessions, taken, {"status": SubmissionStatus.QUEUED.value, "error": error})
    return SubmissionStatus.QUEUED.value


def _changed(result: Result[Any]) -> int:
    return cast("CursorResult[Any]", result).rowcount


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def pending(session: Session) -> list[str]:
    """Submissions left queued or running (for example by a judge that was stopped), oldest first."""
    statuses = (SubmissionStatus.QUEUED.value, SubmissionStatus.RUNNING.value)
    statement = select(Submission.id).where(Submission.status.in_(statuses)).order_by(Submission.created_at)
    return list(session.scalars(statement))


def requeue_orphans(session: Session) -> int:
    """Put submissions left running back in the queue: in the embedded executor, at start, nothing is judging them."""
    statement = (
        update(Submission).where(Submission.status == SubmissionStatus.RUNNING.value)
        .values(status=SubmissionStatus.QUEUED.value).execution_options(synchronize_session=False)
    )  # fmt: skip
    return _changed(session.execute(statement))


def validate_folder(folder: Path, sandbox: Sandbox) -> ChallengeCheck:
    """Validate one challenge folder; a malformed folder is reported, not raised."""
    try:
        challenge = read_challenge(folder)
    except ChallengeError as error:
        details = "; ".join(error.details)
        return ChallengeCheck(folder.name, error=f"{error.message}{': ' + details if details else ''}")
    return validate_challenge(challenge, sandbox)


class LocalExecutor:
    """The embedded executor: a pool of sandbox slots in threads of this process."""

    def __init__(self, sessions: sessionmaker[Session], *, root: Path, slots: int = 2, unsafe: bool = False) -> None:
        self.sessions, self.root = sessions, root
        self.sandboxes: queue.Queue[Sandbox] = queue.Queue()
        for slot in range(slots):
            self.sandboxes.put(Sandbox(slot=slot, unsafe_no_sandbox=unsafe, pin_cpu=pinning_pays(slots)))
        self.pool = ThreadPoolExecutor(max_workers=slots, thread_name_prefix="vetml-judge")

    def enqueue(self, submission_id: str) -> Future[str]:
        """Judge a stored, committed submission in the background."""
        return self.pool.submit(self._run, submission_id)

    def recover(self) -> list[Future[str]]:
        """Queue everything left waiting or running, for example after a restart."""
        with transaction(self.sessions) as session:
            requeue_orphans(session)
            ids = pending(session)
        return [self.enqueue(submission_id) for submission_id in ids]

    def submit(self, work: Callable[..., T], *args: object) -> Future[T]:
        """Run other background work (grading left waiting by a former worker setup) on the pool's threads."""
        return self.pool.submit(work, *args)

    def run_examples(self, challenge_id: str, source: bytes) -> Future[JudgeResult]:
        """Run ``source`` on the challenge's visible examples on a free slot; nothing is stored."""
        return self.pool.submit(self._examples, challenge_id, source)

    def _examples(self, challenge_id: str, source: bytes) -> JudgeResult:
        sandbox = self.sandboxes.get()
        sandbox.pin_caller()
        try:
            return judge_source(self.root, challenge_id, source, sandbox, examples_only=True)
        finally:
            self.sandboxes.put(sandbox)

    def _run(self, submission_id: str) -> str:
        sandbox = self.sandboxes.get()
        sandbox.pin_caller()  # this thread now judges on the slot's CPU
        try:
            status = SubmissionStatus.QUEUED.value
            for _ in range(MAX_ATTEMPTS):
                status = judge_submission(self.sessions, submission_id, root=self.root, sandbox=sandbox)
                if status != SubmissionStatus.QUEUED.value:
                    break
            return status
        finally:
            self.sandboxes.put(sandbox)

    def shutdown(self) -> None:
        """Finish what is running and stop every sandbox."""
        self.pool.shutdown(wait=True)
        while not self.sandboxes.empty():
            self.sandboxes.get().close()
