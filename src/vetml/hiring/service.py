"""Hiring requests and candidates: who may see them, how they change, and the audit trail of every change.

Admins and hiring managers see everything. Interviewers see only the candidates of loops they
interview in (and those candidates' requests); anything else reads as not found, so its existence
does not leak. Edits carry the version the editor loaded: a stale one is refused, never merged.
"""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.accounts.service import is_manager
from vetml.errors import Conflict, Forbidden, InvalidInput, NotFound
from vetml.hiring import audit, cv
from vetml.hiring.models import AuditEvent, Candidate, CandidateFile, HiringRequest
from vetml.hiring.schemas import (
    CandidateCreate,
    CandidateUpdate,
    RequestCreate,
    RequestStatus,
    RequestUpdate,
    Stage,
    StageMove,
    StatusChange,
)
from vetml.interviews.models import Interview, Loop
from vetml.interviews.planner import parse_specialties
from vetml.questions.schemas import Level
from vetml.web.pagination import PageParams, paginate

REQUEST_TRANSITIONS: dict[RequestStatus, tuple[RequestStatus, ...]] = {
    RequestStatus.DRAFT: (RequestStatus.OPEN, RequestStatus.CLOSED),
    RequestStatus.OPEN: (RequestStatus.ON_HOLD, RequestStatus.FILLED, RequestStatus.CLOSED),
    RequestStatus.ON_HOLD: (RequestStatus.OPEN, RequestStatus.CLOSED),
    RequestStatus.FILLED: (),
    RequestStatus.CLOSED: (),
}
PIPELINE = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.DEBRIEF, Stage.OFFER, Stage.HIRED)
EXITS = (Stage.REJECTED, Stage.WITHDRAWN)
RowT = TypeVar("RowT", HiringRequest, Candidate)
ACCEPTING = (RequestStatus.OPEN.value, RequestStatus.ON_HOLD.value)


def visible_candidates(user: User) -> Select[Candidate]:
    """Candidates ``user`` may read: all for managers, else those of loops they interview in."""
    statement = select(Candidate)
    if is_manager(user):
        return statement
    interviewed = select(Loop.candidate_id).join(Interview, Interview.loop_id == Loop.id)
    return statement.where(Candidate.id.in_(interviewed.where(Interview.interviewer_id == user.id)))


def visible_requests(user: User) -> Select[HiringRequest]:
    """Hiring requests ``user`` may read: all for managers, else those of candidates they can see."""
    statement = select(HiringRequest)
    if is_manager(user):
        return statement
    seen = visible_candidates(user).with_only_columns(Candidate.request_id)
    return statement.where(HiringRequest.id.in_(seen))


def check_may_change(user: User) -> None:
    """Only managers change hiring data; checked before any lookup, so a refusal reveals nothing."""
    if not is_manager(user):
        raise Forbidden(f"your role ({user.role}) may only read the candidates you interview",
                        hint="Ask an admin or a hiring manager to make this change.")  # fmt: skip


def _check_version(kind: str, row: HiringRequest | Candidate, sent: int | None) -> None:
    if sent is not None and sent != row.version:
        raise Conflict(f"the {kind} changed since you loaded it (you have version {sent}, it is at {row.version})",
                       hint="Reload it, reapply your change and save again.")  # fmt: skip


# Hiring requests


def get_request(session: Session, request_id: int, *, viewer: User) -> HiringRequest:
    """One hiring request ``viewer`` may see."""
    row = session.scalars(visible_requests(viewer).where(HiringRequest.id == request_id)).first()
    if row is None:
        raise NotFound(f"there is no hiring request {request_id}", hint="List them with GET /api/v1/hiring-requests.")
    return row


def list_requests(
    session: Session, *, viewer: User, page: PageParams, status: RequestStatus | None = None,
    level: Level | None = None, query: str = "", hiring_manager_id: int | None = None,
) -> tuple[list[HiringRequest], int]:  # fmt: skip
    """A page of the requests ``viewer`` may see, newest first, matching every filter given."""
    statement = visible_requests(viewer).order_by(HiringRequest.id.desc())
    if status is not None:
        statement = statement.where(HiringRequest.status == status.value)
    if level is not None:
        statement = statement.where(HiringRequest.level == level.value)
    if hiring_manager_id is not None:
        statement = statement.where(HiringRequest.hiring_manager_id == hiring_manager_id)
    for word in query.split():
        statement = statement.where(HiringRequest.title.icontains(word, autoescape=True))
    return paginate(session, statement, page)


def _check_manager(session: Session, user_id: int) -> int:
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise InvalidInput(f"there is no active user {user_id}", hint="Pick a hiring manager from GET /api/v1/users.")
    if not is_manager(user):
        raise InvalidInput(f"user {user_id} is an {user.role}, not a hiring manager",
                           hint="The hiring manager must have role hiring-manager or admin.")  # fmt: skip
    return user.id


def _check_budget(low: int | None, high: int | None) -> None:
    if low is not None and high is not None and low > high:
        raise InvalidInput(f"budget_min ({low}) is above budget_max ({high})", hint="Swap them or correct one.")


def create_request(session: Session, *, data: RequestCreate, actor: User) -> HiringRequest:
    """A new draft request; its manager is the creator unless another one is named."""
    check_may_change(actor)
    _check_budget(data.budget_min, data.budget_max)
    fields = data.model_dump(mode="json", exclude={"hiring_manager_id"})
    fields["specialties"] = parse_specialties(data.specialties)
    manager_id = _check_manager(session, data.hiring_manager_id or actor.id)
    row = HiringRequest(**fields, hiring_manager_id=manager_id, status=RequestStatus.DRAFT.value)
    session.add(row)
    session.flush()
    audit.record(session, entity="hiring-request", entity_id=row.id, action="create", actor=actor)
    return row


def update_request(session: Session, request_id: int, *, data: RequestUpdate, actor: User) -> HiringRequest:
    """Apply the fields sent, if the editor saw the current version."""
    check_may_change(actor)
    row = get_request(session, request_id, viewer=actor)
    _check_version("hiring request", row, data.version)
    changes = data.changes()
    if "specialties" in changes:
        changes["specialties"] = parse_specialties(changes["specialties"])
    if "hiring_manager_id" in changes:
        _check_manager(session, changes["hiring_manager_id"])
    _check_budget(changes.get("budget_min", row.budget_min), changes.get("budget_max", row.budget_max))
    return _apply(session, row, changes, entity="hiring-request", actor=actor)


def _apply(session: Session, row: RowT, changes: dict[str, Any], *, entity: str, actor: User) -> RowT:
    """Set the fields that really differ and log their names; an edit that changes nothing is not logged."""
    changed = sorted(name for name, value in changes.items() if getattr(row, name) != value)
    for name in changed:
        setattr(row, name, changes[name])
    if changed:
        session.flush()
        audit.record(session, entity=entity, entity_id=row.id, action="update", actor=actor, data={"fields": changed})
    return row


def change_status(session: Session, request_id: int, *, data: StatusChange, actor: User) -> HiringRequest:
    """Move a request along draft → open ⇄ on-hold → filled or closed, and log who and why."""
    check_may_change(actor)
    row = get_request(session, request_id, viewer=actor)
    _check_version("hiring request", row, data.version)
    current = RequestStatus(row.status)
    allowed = REQUEST_TRANSITIONS[current]
    if data.status not in allowed:
        nexts = ", ".join(allowed) or f"none, {current} is final"
        raise Conflict(f"a hiring request cannot go from {current} to {data.status}",
                       hint=f"Allowed next statuses from {current}: {nexts}.")  # fmt: skip
    row.status = data.status.value
    session.flush()
    audit.record(session, entity="hiring-request", entity_id=row.id, action="status", actor=actor,
                 reason=data.reason, data={"from": current.value, "to": data.status.value})  # fmt: skip
    return row


# Candidates


def get_candidate(session: Session, candidate_id: int, *, viewer: User) -> Candidate:
    """One candidate ``viewer`` may see; others read as not found so their existence does not leak."""
    row = session.scalars(visible_candidates(viewer).where(Candidate.id == candidate_id)).first()
    if row is None:
        raise NotFound(f"there is no candidate {candidate_id}", hint="List them with GET /api/v1/candidates.")
    return row


def list_candidates(
    session: Session, *, viewer: User, page: PageParams, request_id: int | None = None,
    stage: Stage | None = None, query: str = "",
) -> tuple[list[Candidate], int]:  # fmt: skip
    """A page of the candidates ``viewer`` may see, newest first; every word of ``query`` in name or e-mail."""
    statement = visible_candidates(viewer).order_by(Candidate.id.desc())
    if request_id is not None:
        statement = statement.where(Candidate.request_id == request_id)
    if stage is not None:
        statement = statement.where(Candidate.stage == stage.value)
    for word in query.split():
        statement = statement.where(
            Candidate.name.icontains(word, autoescape=True) | Candidate.email.icontains(word, autoescape=True)
        )
    return paginate(session, statement, page)


def request_candidates(session: Session, request_id: int, *, viewer: User) -> list[Candidate]:
    """Every candidate of a request ``viewer`` may see, oldest first: the cards of its pipeline board."""
    request = get_request(session, request_id, viewer=viewer)
    statement = visible_candidates(viewer).where(Candidate.request_id == request.id)
    return list(session.scalars(statement.order_by(Candidate.created_at, Candidate.id)))


def stage_counts(session: Session, request_ids: list[int], *, viewer: User) -> dict[int, dict[str, int]]:
    """How many candidates ``viewer`` may see sit in each stage, per request."""
    visible = visible_candidates(viewer).where(Candidate.request_id.in_(request_ids)).subquery()
    statement = select(visible.c.request_id, visible.c.stage, func.count()).group_by(
        visible.c.request_id, visible.c.stage
    )
    counts: dict[int, dict[str, int]] = {request_id: {} for request_id in request_ids}
    for request_id, stage, count in session.execute(statement):
        counts[request_id][stage] = count
    return counts


def create_candidate(session: Session, *, data: CandidateCreate, actor: User) -> Candidate:
    """A new candidate at ``applied``, for a request that is open or on hold."""
    check_may_change(actor)
    request = get_request(session, data.request_id, viewer=actor)
    if request.status not in ACCEPTING:
        raise Conflict(f"hiring request {request.id} is {request.status} and takes no new candidates",
                       hint="Add candidates to an open or on-hold request, or reopen this one first.")  # fmt: skip
    duplicate = select(Candidate.id).where(Candidate.request_id == request.id, Candidate.email == data.email)
    if session.scalar(duplicate) is not None:
        raise Conflict(f"{data.email} is already a candidate for hiring request {request.id}",
                       hint="Open the existing candidate instead.")  # fmt: skip
    row = Candidate(**data.model_dump(mode="json"), stage=Stage.APPLIED.value)
    session.add(row)
    session.flush()
    audit.record(session, entity="candidate", entity_id=row.id, action="create", actor=actor)
    return row


def update_candidate(session: Session, candidate_id: int, *, data: CandidateUpdate, actor: User) -> Candidate:
    """Apply the details sent, if the editor saw the current version."""
    check_may_change(actor)
    row = get_candidate(session, candidate_id, viewer=actor)
    _check_version("candidate", row, data.version)
    return _apply(session, row, data.changes(), entity="candidate", actor=actor)


def next_stages(current: Stage) -> tuple[Stage, ...]:
    """Where a candidate may go from ``current``: the next pipeline stage, or out; nowhere once final."""
    if current not in PIPELINE or current is Stage.HIRED:
        return ()
    return (PIPELINE[PIPELINE.index(current) + 1], *EXITS)


def move_stage(session: Session, candidate_id: int, *, data: StageMove, actor: User) -> Candidate:
    """Move a candidate one stage on, or reject or withdraw them with a reason; log who, when and why."""
    check_may_change(actor)
    row = get_candidate(session, candidate_id, viewer=actor)
    _check_version("candidate", row, data.version)
    current = Stage(row.stage)
    allowed = next_stages(current)
    if data.stage not in allowed:
        nexts = ", ".join(allowed) or f"none, {current} is final"
        raise Conflict(f"a candidate cannot move from {current} to {data.stage}",
                       hint=f"Allowed next stages from {current}: {nexts}.")  # fmt: skip
    if data.stage in EXITS and not data.reason:
        raise InvalidInput(f"moving a candidate to {data.stage} needs a reason",
                           hint="Say why, e.g. which competency fell short; it is kept in the audit log.")  # fmt: skip
    row.stage = data.stage.value
    session.flush()
    audit.record(session, entity="candidate", entity_id=row.id, action="stage", actor=actor,
                 reason=data.reason, data={"from": current.value, "to": data.stage.value})  # fmt: skip
    return row


def events(session: Session, candidate_id: int, *, viewer: User) -> list[AuditEvent]:
    """The audit log of a candidate ``viewer`` may see, oldest first."""
    row = get_candidate(session, candidate_id, viewer=viewer)
    return audit.history(session, entity="candidate", entity_id=row.id)


def request_events(session: Session, request_id: int, *, viewer: User) -> list[AuditEvent]:
    """The audit log of a hiring request ``viewer`` may see (created, edits, status moves), oldest first."""
    row = get_request(session, request_id, viewer=viewer)
    return audit.history(session, entity="hiring-request", entity_id=row.id)


# CV files


def attach_cv(
    session: Session, candidate_id: int, *, content: bytes, filename: str | None, actor: User
) -> CandidateFile:
    """Keep a CV after checking its size and its real type; the upload is logged with its checksum."""
    check_may_change(actor)
    row = get_candidate(session, candidate_id, viewer=actor)
    cv.check_size(content)
    media = cv.media_type(content)
    stored = CandidateFile(candidate_id=row.id, kind="cv", filename=cv.clean_filename(filename, media),
                           media_type=media, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                           content=content, uploaded_by_id=actor.id)  # fmt: skip
    session.add(stored)
    session.flush()
    details = {"file_id": stored.id, "filename": stored.filename, "size": stored.size, "sha256": stored.sha256}
    audit.record(session, entity="candidate", entity_id=row.id, action="cv", actor=actor, data=details)
    return stored


def latest_cv(session: Session, candidate_id: int, *, viewer: User) -> CandidateFile:
    """The newest CV of a candidate ``viewer`` may see."""
    stored = find_cv(session, candidate_id, viewer=viewer)
    if stored is None:
        raise NotFound(f"candidate {candidate_id} has no CV yet", hint="Upload one with POST .../cv.")
    return stored


def find_cv(session: Session, candidate_id: int, *, viewer: User) -> CandidateFile | None:
    """The newest CV of a candidate ``viewer`` may see, or None when none was uploaded."""
    row = get_candidate(session, candidate_id, viewer=viewer)
    statement = select(CandidateFile).where(CandidateFile.candidate_id == row.id, CandidateFile.kind == "cv")
    return session.scalars(statement.order_by(CandidateFile.uploaded_at.desc(), CandidateFile.id.desc())).first()
