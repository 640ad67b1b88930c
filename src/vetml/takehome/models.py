"""Audit reports kept with the candidate, so the hiring team and the debrief can come back to them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vetml.db import Base


def _now() -> datetime:
    return datetime.now(UTC)


class TakehomeAudit(Base):
    """One audit of an uploaded project: its verdict, score and the whole report as JSON."""

    __tablename__ = "takehome_audits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    band: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
