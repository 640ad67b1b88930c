"""The stored review of each uploaded CV, kept beside the file (CVs are personal data: nowhere else)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vetml.db import Base


def _now() -> datetime:
    return datetime.now(UTC)


class CvReview(Base):
    """What the review found in one CV file; `error` says why a file could not be reviewed."""

    __tablename__ = "cv_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("candidate_files.id", ondelete="CASCADE"), unique=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    score: Mapped[int | None] = mapped_column(Integer, default=None)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None, doc="The Review, as JSON.")
    error: Mapped[str] = mapped_column(Text, default="")
    reviewer_version: Mapped[str] = mapped_column(String(20), default="1")
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
