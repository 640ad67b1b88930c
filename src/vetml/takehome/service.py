"""Audits kept with the candidate: audit an uploaded archive, read the latest report."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetml.accounts.models import User
from vetml.errors import NotFound, PayloadTooLarge
from vetml.hiring import audit as audit_log
from vetml.hiring import service as hiring
from vetml.takehome.audit import AuditReport, audit
from vetml.takehome.ingest import from_archive
from vetml.takehome.models import TakehomeAudit
from vetml.takehome.project import size_text

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def audit_upload(session: Session, candidate_id: int, *, content: bytes, filename: str | None, actor: User,
                 run_tests: bool = True) -> TakehomeAudit:  # fmt: skip
    """Audit an uploaded project archive for a candidate and keep the report; nothing is kept if it is refused."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise PayloadTooLarge(
            f"the archive is larger than {size_text(MAX_UPLOAD_BYTES)}",
            hint="Leave data files and models out; the audit reads code and configuration.",
        )
    hiring.check_may_change(actor)
    candidate = hiring.get_candidate(session, candidate_id, viewer=actor)
    name = _display_name(filename)
    report = audit(from_archive(content, name), run_tests=run_tests)
    row = TakehomeAudit(candidate_id=candidate.id, filename=name, band=report.band.value,
                        score=report.ml_test_score.score, report=report.model_dump(mode="json"),
                        uploaded_by_id=actor.id)  # fmt: skip
    session.add(row)
    session.flush()
    audit_log.record(session, entity="candidate", entity_id=candidate.id, action="takehome-audit", actor=actor,
                     data={"audit_id": row.id, "filename": name, "band": row.band})  # fmt: skip
    return row


def _display_name(filename: str | None) -> str:
    """The last part of the uploaded name without control characters; "project.zip" when nothing is left."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(char for char in base if char.isprintable()).strip()[:255]
    return kept or "project.zip"


def find_latest(session: Session, candidate_id: int, *, viewer: User) -> TakehomeAudit | None:
    """The newest audit of a candidate the viewer may see, or None."""
    candidate = hiring.get_candidate(session, candidate_id, viewer=viewer)
    statement = select(TakehomeAudit).where(TakehomeAudit.candidate_id == candidate.id)
    return session.scalars(statement.order_by(TakehomeAudit.created_at.desc(), TakehomeAudit.id.desc())).first()


def latest(session: Session, candidate_id: int, *, viewer: User) -> TakehomeAudit:
    """The newest audit of a candidate the viewer may see; NotFound when there is none."""
    row = find_latest(session, candidate_id, viewer=viewer)
    if row is None:
        raise NotFound(f"candidate {candidate_id} has no take-home audit yet",
                       hint="Upload the project as a .zip or .tar.gz archive.")  # fmt: skip
    return row


def report_of(row: TakehomeAudit) -> AuditReport:
    """The stored report."""
    return AuditReport.model_validate(row.report)
