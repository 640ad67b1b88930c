"""Tables of scheduling: people's working hours, their busy blocks, and proposals sent to candidates.

Hours are stored as people write them (weekday ranges in their own zone, which lives on the user or
candidate row), never as UTC: a daylight-saving change must move the UTC hours, not the local ones.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vetml.db import Base
from vetml.interviews.models import Loop


def _now() -> datetime:
    return datetime.now(UTC)


class WorkingHours(Base):
    """The weekly hours, dated exceptions and limits of one interviewer or one candidate."""

    __tablename__ = "working_hours"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True, default=None)
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), unique=True, default=None
    )
    weekly: Mapped[dict[str, list[str]]] = mapped_column(JSON, doc='{"mon": ["09:00-17:00"], ...}; missing = off.')
    exceptions: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict, doc="ISO date -> ranges; [] = off.")
    preferred: Mapped[str] = mapped_column(String(11), default="09:00-17:00", doc="Hours outside it are a nuisance.")
    max_per_day: Mapped[int] = mapped_column(Integer, default=3)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)


class BusyBlock(Base):
    """Time an interviewer cannot interview: imported from their calendar or entered by hand."""

    __tablename__ = "busy_blocks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    start: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    end: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    summary: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(16), default="ics", doc="ics (replaced on each import) or manual.")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ScheduleProposal(Base):
    """Ranked options for a loop, offered to the candidate through a signed link until one is booked."""

    __tablename__ = "schedule_proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    loop_id: Mapped[int] = mapped_column(ForeignKey("loops.id", ondelete="CASCADE"), index=True)
    request: Mapped[dict[str, Any]] = mapped_column(JSON, doc="Dates, rules and eligible interviewers asked for.")
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON, doc="Options as UTC sessions with user ids.")
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list, doc="Why nothing fits, when nothing does.")
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="open", doc="open, booked, replaced or cancelled.")
    chosen: Mapped[int | None] = mapped_column(Integer, default=None)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    booked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    version: Mapped[int] = mapped_column(Integer, default=1)

    loop: Mapped[Loop] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy declares it on the base)
