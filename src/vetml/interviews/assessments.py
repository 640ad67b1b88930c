"""Online assessments: send one through a signed link, let the candidate answer on a clock, grade on submit.

A written interview is the same assessment with kind ``written``: written questions only, a window
(``opens_at`` to ``expires_at``) instead of a clock, and graded when the candidate submits or, for a
candidate who never does, the first time staff read it after the window closed (``close_if_due``).

The link is the candidate's only credential. It signs ``{"a": id, "n": nonce}`` with a timestamp; the
row decides whether it still works (expiry, revocation), so a leaked link can be switched off without
changing the signing key. Functions flush and never commit: the request owns the transaction.
"""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import CursorResult, Select, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from vetml.accounts.models import User
from vetml.config import Settings
from vetml.db import transaction
from vetml.errors import Conflict, Gone, InvalidInput, NotFound, VetmlError
from vetml.grading import service as grading
from vetml.hiring import audit
from vetml.hiring.models import Candidate
from vetml.interviews import assessment_items as items
from vetml.interviews import written
from vetml.interviews.assessment_schemas import (
    AssessmentCreate,
    AssessmentKind,
    AssessmentStatus,
    AssessmentSummary,
    AssessmentView,
    CandidateAssessment,
    ItemKind,
    WrittenInterviewCreate,
)
from vetml.interviews.models import Assessment, AssessmentAnswer
from vetml.judge import service as judge
from vetml.judge.feedback import FeedbackMode
from vetml.observability import metrics
from vetml.tasks import outbox

SALT = "vetml-assessment"
GRACE = timedelta(seconds=60)  # network and clock slack for the last autosave, never shown as extra time
INVALID_LINK = "this assessment link is not valid"
ASK_AGAIN = "Ask your recruiter to send you a new link."


def _now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """``moment`` in UTC; SQLite hands timezone-aware columns back without their zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.signing_key(), salt=SALT)


def link_token(settings: Settings, assessment: Assessment) -> str:
    """The signed token of the candidate's link ``/assess/{token}``."""
    return str(_serializer(settings).dumps({"a": assessment.id, "n": assessment.nonce}))


def create(
    session: Session, *, candidate_id: int, data: AssessmentCreate, bank_root: Path, actor: User,
    now: datetime | None = None,
) -> Assessment:  # fmt: skip
    """Pin each question to its current version, check each challenge exists, and store the assessment."""
    _candidate(session, candidate_id)
    chosen = items.choose(session, bank_root, data.questions, data.challenges)
    when = now or _now()
    assessment = Assessment(kind=AssessmentKind.TIMED.value, time_limit_minutes=data.time_limit_minutes,
                            expires_at=when + timedelta(days=data.valid_days))  # fmt: skip
    return _store(session, assessment, candidate_id, chosen, actor, when, {"valid_days": data.valid_days})


def create_written(
    session: Session, *, candidate_id: int, data: WrittenInterviewCreate, bank_root: Path, actor: User,
    now: datetime | None = None,
) -> Assessment:  # fmt: skip
    """A written interview: questions pinned to their versions, open from ``opens_at`` for ``window_hours``."""
    _candidate(session, candidate_id)
    when = now or _now()
    opens = aware(data.opens_at) if data.opens_at is not None else when
    closes = opens + timedelta(hours=data.window_hours)
    if closes <= when:
        hint = "Choose an opening time so that it closes in the future, or leave it blank for now."
        raise InvalidInput("this window would already be closed", hint=hint)
    chosen = items.choose(session, bank_root, data.questions, [])
    assessment = Assessment(kind=AssessmentKind.WRITTEN.value, opens_at=opens, expires_at=closes,
                            time_limit_minutes=data.window_hours * 60)  # fmt: skip
    return _store(session, assessment, candidate_id, chosen, actor, when,
                  {"opens_at": opens.isoformat(), "window_hours": data.window_hours})  # fmt: skip


def _candidate(session: Session, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise NotFound(f"there is no candidate {candidate_id}")
    return candidate


def _store(
    session: Session, assessment: Assessment, candidate_id: int, chosen: list[dict[str, Any]], actor: User,
    when: datetime, extra: dict[str, Any],
) -> Assessment:  # fmt: skip
    """Give the new assessment its candidate, items and a fresh nonce, store it and audit it."""
    assessment.candidate_id, assessment.items, assessment.nonce = candidate_id, chosen, secrets.token_urlsafe(32)
    assessment.created_by_id, assessment.created_at = actor.id, when
    session.add(assessment)
    session.flush()
    audit.record(session, entity="assessment", entity_id=assessment.id, action="create", actor=actor,
                 data={"candidate_id": candidate_id, "kind": assessment.kind, "items": chosen, **extra})  # fmt: skip
    return assessment


def get(session: Session, assessment_id: int) -> Assessment:
    """An assessment by id, for staff."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise NotFound(f"there is no assessment {assessment_id}")
    return assessment


def for_candidate(session: Session, *, candidate_id: int) -> Select[Assessment]:
    """The candidate's assessments, newest first, as a statement the caller pages through."""
    _candidate(session, candidate_id)
    statement = select(Assessment).where(Assessment.candidate_id == candidate_id)
    return statement.order_by(Assessment.created_at.desc(), Assessment.id.desc())


def revoke(
    session: Session, *, assessment_id: int, actor: User, reason: str = "", now: datetime | None = None
) -> Assessment:
    """Switch the link off at once; answers already saved are kept."""
    assessment = get(session, assessment_id)
    if assessment.revoked_at is not None:
        raise Conflict(f"assessment {assessment_id} is already revoked", hint="Send a new assessment instead.")
    assessment.revoked_at = now or _now()
    session.flush()
    audit.record(session, entity="assessment", entity_id=assessment.id, action="revoke", actor=actor, reason=reason)
    return assessment


def status(assessment: Assessment, now: datetime | None = None) -> AssessmentStatus:
    """Revoked beats submitted beats expired; otherwise started or merely sent."""
    when = now or _now()
    if assessment.revoked_at is not None:
        return AssessmentStatus.REVOKED
    if assessment.submitted_at is not None:
        return AssessmentStatus.SUBMITTED
    if when >= aware(assessment.expires_at):
        return AssessmentStatus.EXPIRED
    return AssessmentStatus.STARTED if assessment.started_at is not None else AssessmentStatus.SENT


def deadline(assessment: Assessment) -> datetime | None:
    """When time is up: the time limit after the first open, but never after the link expires;
    for a written interview, when its window closes."""
    if written.is_written(assessment):
        return written.closes_at(assessment)
    if assessment.started_at is None:
        return None
    return min(aware(assessment.started_at) + timedelta(minutes=assessment.time_limit_minutes),
               aware(assessment.expires_at))  # fmt: skip


def remaining_seconds(assessment: Assessment, now: datetime | None = None) -> int | None:
    """Whole seconds left on the clock, or None before the first open."""
    end = deadline(assessment)
    return None if end is None else max(0, int((end - (now or _now())).total_seconds()))


def by_token(session: Session, *, settings: Settings, token: str, now: datetime | None = None) -> Assessment:
    """The assessment behind a link that still works: 404 when forged, 410 when expired or revoked."""
    serializer = _serializer(settings)
    try:
        payload = serializer.loads(token)
    except BadSignature:
        raise _invalid() from None
    assessment = _matching(session, payload)
    window = aware(assessment.expires_at) - aware(assessment.created_at)
    try:
        serializer.loads(token, max_age=max(1, int(window.total_seconds())))
    except SignatureExpired:
        raise _expired() from None
    if (now or _now()) >= aware(assessment.expires_at):
        raise _closed(assessment) if written.is_written(assessment) else _expired()
    if assessment.revoked_at is not None:
        raise Gone("this assessment link has been withdrawn", hint=ASK_AGAIN)
    return assessment


def _matching(session: Session, payload: Any) -> Assessment:
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), int) or not isinstance(payload.get("n"), str):
        raise _invalid()
    assessment = session.get(Assessment, payload["a"])
    if assessment is None or not secrets.compare_digest(assessment.nonce, payload["n"]):
        raise _invalid()
    return assessment


def _invalid() -> VetmlError:
    # The same answer whether or not the assessment exists, so links cannot be probed.
    return NotFound(INVALID_LINK, hint="Check that the whole link was copied, or ask your recruiter for it again.")


def _expired() -> VetmlError:
    return Gone("this assessment link has expired", hint=ASK_AGAIN)


def _closed(assessment: Assessment) -> VetmlError:
    return Gone(f"this written interview closed on {written.in_their_zone(assessment, written.closes_at(assessment))}",
                hint="Answers saved before it closed are kept and handed in; there is nothing more to do.")  # fmt: skip


def _not_open_yet(assessment: Assessment, refused: str) -> VetmlError:
    return Conflict(f"this written interview opens on {written.in_their_zone(assessment, written.opens_at(assessment))}"
                    f"; {refused}", hint="Come back through the same link once it has opened.")  # fmt: skip


def open_link(session: Session, *, settings: Settings, token: str, now: datetime | None = None) -> Assessment:
    """The assessment behind the link; the first open starts the clock (a written interview's: inside its window)."""
    when = now or _now()
    assessment = by_token(session, settings=settings, token=token, now=when)
    early = written.is_written(assessment) and when < written.opens_at(assessment)
    if assessment.started_at is None and assessment.submitted_at is None and not early:
        assessment.started_at = when
        session.flush()
    return assessment


def save_answer(
    session: Session, *, settings: Settings, token: str, position: int, text: str, now: datetime | None = None
) -> AssessmentAnswer:
    """Keep the latest text of one item; refused once submitted or after the time is up."""
    when = now or _now()
    assessment = _open_for_work(session, settings, token, position, when, "answers can no longer change")
    return _upsert(session, assessment.id, position, text, when)


def _open_for_work(
    session: Session, settings: Settings, token: str, position: int, when: datetime, refused: str
) -> Assessment:
    """The assessment, while its items may still be worked on (not handed in, time not up) and has ``position``."""
    assessment = open_link(session, settings=settings, token=token, now=when)
    if assessment.submitted_at is not None:
        raise Conflict(f"this assessment has been submitted; {refused}")
    if written.is_written(assessment) and when < written.opens_at(assessment):
        raise _not_open_yet(assessment, refused)
    end = deadline(assessment)
    if end is not None and when > end + GRACE:
        raise Conflict(f"the time for this assessment is up; {refused}",
                       hint="Submit the assessment to hand in what was saved.")  # fmt: skip
    if not 1 <= position <= len(assessment.items):
        raise NotFound(f"this assessment has no item {position}", hint=f"Items are 1 to {len(assessment.items)}.")
    return assessment


def challenge_to_try(
    session: Session, *, settings: Settings, token: str, position: int, now: datetime | None = None
) -> tuple[Assessment, str]:
    """The assessment and the challenge id at ``position``, if its visible examples may be run now.

    The same rules as saving: not after hand-in, not after the time is up; and only a coding item.
    """
    assessment = _open_for_work(session, settings, token, position, now or _now(), "the examples can no longer run")
    item = assessment.items[position - 1]
    if item["kind"] != ItemKind.CHALLENGE.value:
        raise InvalidInput(
            f"item {position} is a written question", hint="Only coding challenges have examples to run."
        )
    return assessment, str(item["challenge_id"])


def _upsert(session: Session, assessment_id: int, position: int, text: str, when: datetime) -> AssessmentAnswer:
    """Last write wins; two first saves racing each other end in one row, not an error."""
    row = _answer(session, assessment_id, position)
    if row is None:
        try:
            with session.begin_nested():
                row = AssessmentAnswer(assessment_id=assessment_id, position=position, text=text, saved_at=when)
                session.add(row)
            return row
        except IntegrityError:
            row = _answer(session, assessment_id, position)
            if row is None:
                raise
    row.text, row.saved_at = text, when
    session.flush()
    return row


def _answer(session: Session, assessment_id: int, position: int) -> AssessmentAnswer | None:
    statement = select(AssessmentAnswer).where(
        AssessmentAnswer.assessment_id == assessment_id, AssessmentAnswer.position == position
    )
    return session.scalar(statement)


def answers(session: Session, assessment_id: int) -> dict[int, AssessmentAnswer]:
    """The saved answers of an assessment by position."""
    statement = select(AssessmentAnswer).where(AssessmentAnswer.assessment_id == assessment_id)
    return {row.position: row for row in session.scalars(statement)}


def submit(
    session: Session, *, settings: Settings, token: str, bank_root: Path, now: datetime | None = None
) -> Assessment:
    """Hand in: grade each written answer and queue each challenge answer for the judge; twice is once."""
    when = now or _now()
    assessment = open_link(session, settings=settings, token=token, now=when)
    if assessment.submitted_at is not None:
        return assessment
    if written.is_written(assessment) and when < written.opens_at(assessment):
        raise _not_open_yet(assessment, "there is nothing to hand in yet")
    return _hand_in(session, assessment, bank_root, when, "submit")


def close_if_due(
    session: Session, assessment: Assessment, *, bank_root: Path | None, now: datetime | None = None
) -> Assessment:
    """Hand in a written interview whose window closed without a submit, so every saved answer is graded.

    Called whenever staff read assessments: the grade is there the first time anyone looks, with no
    scheduler to run. A withdrawn interview is left as it is.
    """
    due = written.is_written(assessment) and (now or _now()) >= written.closes_at(assessment)
    if due and assessment.submitted_at is None and assessment.revoked_at is None:
        _hand_in(session, assessment, bank_root, written.closes_at(assessment), "close")
    return assessment


def close_due_written(session: Session, *, candidate_id: int, now: datetime | None = None) -> None:
    """Hand in the candidate's written interviews whose window closed, wherever their grades are read
    (the debrief, the candidate page); written interviews hold questions only, so no challenge bank is needed."""
    statement = select(Assessment).where(
        Assessment.candidate_id == candidate_id, Assessment.kind == "written",
        Assessment.submitted_at.is_(None), Assessment.revoked_at.is_(None),
    )  # fmt: skip
    for row in session.scalars(statement).all():
        close_if_due(session, row, bank_root=None, now=now)


def _hand_in(
    session: Session, assessment: Assessment, bank_root: Path | None, when: datetime, action: str
) -> Assessment:
    """Grade each written answer, queue each challenge answer for the judge, and mark the assessment handed in.

    With a grading worker configured, written answers are only marked as waiting for their grade and
    sent to it once this commits; without one they are graded here, in the same transaction.
    """
    saved = answers(session, assessment.id)
    deferred = outbox.defers_grading(session)
    to_grade: list[AssessmentAnswer] = []
    for position, item in enumerate(assessment.items, start=1):
        row = saved.get(position) or _upsert(session, assessment.id, position, "", when)
        if deferred and item["kind"] == ItemKind.QUESTION:
            row.result, row.grade_pending = None, True
            to_grade.append(row)
        else:
            row.result = _result(session, item, row.text, bank_root)
    assessment.submitted_at = when
    session.flush()
    outbox.after_commit(session, judge=submission_ids(session, assessment), grade=[row.id for row in to_grade])
    audit.record(session, entity="assessment", entity_id=assessment.id, action=action, actor=None,
                 data={"answered": sum(bool(row.text.strip()) for row in saved.values())})  # fmt: skip
    return assessment


def grade_handed_in(sessions: sessionmaker[Session], answer_id: int) -> bool:
    """Grade one handed-in written answer left to a worker; True when this call stored its grade.

    Idempotent: the grade is written by a conditional UPDATE on ``grade_pending``, so a message
    delivered twice grades once, and an answer already graded is left alone.
    """
    with transaction(sessions) as session:
        row = session.get(AssessmentAnswer, answer_id)
        if row is None or not row.grade_pending:
            return False
        item = get(session, row.assessment_id).items[row.position - 1]
        question, text = grading.question_for(session, item["version_id"]), row.text
    started = time.perf_counter()
    result = grading.grade(question, text).model_dump(mode="json")
    statement = (
        update(AssessmentAnswer).where(AssessmentAnswer.id == answer_id, AssessmentAnswer.grade_pending.is_(True))
        .values(result=result, grade_pending=False).execution_options(synchronize_session=False)
    )  # fmt: skip
    with transaction(sessions) as session:
        stored = cast("CursorResult[Any]", session.execute(statement)).rowcount == 1
    if stored:
        metrics.observe_grading(time.perf_counter() - started)
    return stored


def late_grades(session: Session, *, handed_in_before: datetime) -> list[int]:
    """Written answers still waiting for their grade well after hand-in (their message was lost)."""
    statement = (
        select(AssessmentAnswer.id).join(Assessment, Assessment.id == AssessmentAnswer.assessment_id)
        .where(AssessmentAnswer.grade_pending.is_(True), Assessment.submitted_at < handed_in_before)
        .order_by(AssessmentAnswer.id)
    )  # fmt: skip
    return list(session.scalars(statement))


def submission_ids(session: Session, assessment: Assessment) -> list[str]:
    """The judge submissions the assessment's challenge answers became (to queue once committed)."""
    results = [row.result for row in answers(session, assessment.id).values() if row.result]
    return [str(result["submission_id"]) for result in results if "submission_id" in result]


def _result(session: Session, item: dict[str, Any], text: str, bank_root: Path | None) -> dict[str, Any]:
    """A written answer's GradeResult, or the id of the judge submission a challenge answer became."""
    if item["kind"] == ItemKind.QUESTION:
        return items.grade_answer(session, item["version_id"], text)
    if bank_root is None:
        raise VetmlError("a coding answer needs the challenge bank to be judged", hint="Hand it in from its page.")
    # Judged later by the judge's executor or worker, which needs a committed submission and a sandbox.
    submission = judge.submit(session, root=bank_root, challenge_id=item["challenge_id"], source=text.encode(),
                              mode=FeedbackMode.HIRING)  # fmt: skip
    return {"submission_id": submission.id}


def summary(assessment: Assessment, now: datetime | None = None) -> AssessmentSummary:
    """The assessment without answers, for lists."""
    return AssessmentSummary(
        id=assessment.id, candidate_id=assessment.candidate_id, kind=assessment.kind, status=status(assessment, now),
        time_limit_minutes=assessment.time_limit_minutes, opens_at=assessment.opens_at,
        item_count=len(assessment.items),
        expires_at=assessment.expires_at, revoked_at=assessment.revoked_at, started_at=assessment.started_at,
        submitted_at=assessment.submitted_at, created_at=assessment.created_at, created_by_id=assessment.created_by_id,
    )  # fmt: skip


def staff_view(session: Session, assessment: Assessment, now: datetime | None = None) -> AssessmentView:
    """Everything about the assessment: items, answers, grades and judge submissions."""
    saved = answers(session, assessment.id)
    shown = [items.staff_item(session, position, item, saved.get(position))
             for position, item in enumerate(assessment.items, start=1)]  # fmt: skip
    return AssessmentView(**summary(assessment, now).model_dump(), items=shown)


def candidate_view(
    session: Session, assessment: Assessment, *, bank_root: Path, now: datetime | None = None
) -> CandidateAssessment:
    """The candidate's page: prompts, their own text and the clock; after submitting, only that it is in.

    A written interview shows its window in the candidate's zone, and no prompts before it opens.
    """
    when = now or _now()
    clock: dict[str, Any] = {"time_limit_minutes": assessment.time_limit_minutes, "started_at": assessment.started_at,
                             "deadline": deadline(assessment), "remaining_seconds": remaining_seconds(assessment, when),
                             "kind": assessment.kind}  # fmt: skip
    if written.is_written(assessment):
        clock |= {"opens_at": written.opens_at(assessment), "window": written.window_label(assessment, when)}
    if assessment.submitted_at is not None:
        return CandidateAssessment(status="submitted", **clock)
    if written.is_written(assessment) and when < written.opens_at(assessment):
        return CandidateAssessment(status="not-open-yet", **clock)
    saved = answers(session, assessment.id)
    shown = [items.candidate_item(session, bank_root, position, item, saved[position].text if position in saved else "")
             for position, item in enumerate(assessment.items, start=1)]  # fmt: skip
    return CandidateAssessment(status="open", items=shown, **clock)
