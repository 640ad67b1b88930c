"""Tables of the hiring pipeline: hiring requests, candidates, their CV files and the audit log.

Rows people edit concurrently carry a ``version`` column that SQLAlchemy checks on every update
(optimistic locking): a stale edit fails with a conflict instead of overwriting someone's work.
The audit log is append-only: the service has no function that changes or deletes an event.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vetml.accounts.models import User
from vetml.db import Base


def _now() -> datetime:
    return datetime.now(UTC)


class HiringRequest(Base):
    """A role the team wants to fill, with what the loop must assess."""

    __tablename__ = "hiring_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16), index=True)
    specialties: Mapped[list[str]] = mapped_column(JSON, default=list)
    must_have_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    locations: Mapped[list[str]] = mapped_column(JSON, default=list, doc="Countries or regions the role is open to.")
    time_zones: Mapped[list[str]] = mapped_column(JSON, default=list, doc="IANA zones candidates may work from.")
    min_overlap_hours: Mapped[int | None] = mapped_column(Integer, default=None)
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    offshore: Mapped[bool] = mapped_column(Boolean, default=False)
    budget_min: Mapped[int | None] = mapped_column(Integer, default=None)
    budget_max: Mapped[int | None] = mapped_column(Integer, default=None)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    budget_period: Mapped[str] = mapped_column(String(8), default="year", doc="year or hour.")
    hiring_manager_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="draft")
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    hiring_manager: Mapped[User] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy declares it on the base)


class Candidate(Base):
    """Someone being considered for a hiring request, and where they are in the pipeline."""

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("hiring_requests.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(40), default=None)
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    source: Mapped[str] = mapped_column(String(80), default="direct")
    claimed_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    stage: Mapped[str] = mapped_column(String(16), index=True, default="applied")
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    request: Mapped[HiringRequest] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy declares it on the base)


class CandidateFile(Base):
    """A stored upload (a CV), checked for size and type before it is kept."""

    __tablename__ = "candidate_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="cv")
    filename: Mapped[str] = mapped_column(String(255), doc="The name it was uploaded with, cleaned for display.")
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # In the database rather than on disk: one thing to back up, and the same on SQLite and PostgreSQL.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AuditEvent(Base):
    """Who did what to which record, when and why; written once, never changed."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40), index=True, doc="candidate, hiring-request, loop, ...")
    entity_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)

    actor: Mapped[User | None] = relationship(lazy="joined")
