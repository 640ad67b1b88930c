"""Submissions: the candidate's code exactly as sent, and what the judge made of it."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vetml.db import Base


def _now() -> datetime:
    return datetime.now(UTC)


class SubmissionStatus(StrEnum):
    """Where a submission is: stored and waiting, being judged, judged, or given up on (ours)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Submission(Base):
    """One submission, written before it is queued so that nothing is lost if judging is interrupted."""

    __tablename__ = "submissions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    challenge_id: Mapped[str] = mapped_column(String(80), index=True)
    challenge_hash: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16))
    source: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16), index=True, default=SubmissionStatus.QUEUED.value)
    verdict: Mapped[str | None] = mapped_column(String(32), default=None)
    score: Mapped[int | None] = mapped_column(Integer, default=None)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    queued_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None, doc="When it was last sent to a queue (the sweeper re-sends late ones)."
    )
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
