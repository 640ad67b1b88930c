"""Tables of practice mode: who practises, their sessions, every answer, and what to review when.

An attempt points at the exact question version that was asked and keeps the full grade, so a
report can be rebuilt later without regrading; a card holds the spaced-repetition state of one
question for one profile.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vetml.db import Base


def _now() -> datetime:
    return datetime.now(UTC)


class PracticeProfile(Base):
    """Someone who practises: a name in the terminal, an unguessable id kept in a cookie on the web."""

    __tablename__ = "practice_profiles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PracticeSession(Base):
    """One sitting: what was asked for (modules, level, minutes) and the questions planned for it."""

    __tablename__ = "practice_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    profile_id: Mapped[str] = mapped_column(ForeignKey("practice_profiles.id", ondelete="CASCADE"), index=True)
    modules: Mapped[list[str]] = mapped_column(JSON)
    level: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[int] = mapped_column(Integer)
    plan: Mapped[list[dict[str, Any]]] = mapped_column(JSON, doc="Planned questions: id, version id, why chosen.")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class PracticeAttempt(Base):
    """One answer in a session, with its grade; never changed once written."""

    __tablename__ = "practice_attempts"
    __table_args__ = (UniqueConstraint("session_id", "position", name="uq_practice_attempts_session_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("practice_sessions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(80), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    category_id: Mapped[str] = mapped_column(String(80))
    answer: Mapped[str] = mapped_column(Text)
    seconds: Mapped[int] = mapped_column(Integer)
    time_limit: Mapped[int] = mapped_column(Integer, doc="Seconds allowed for the question.")
    timed_out: Mapped[bool] = mapped_column(Boolean, default=False)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[int] = mapped_column(Integer)
    band: Mapped[int] = mapped_column(Integer)
    grade: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PracticeCard(Base):
    """Spaced-repetition state of one question for one profile: when it should come back."""

    __tablename__ = "practice_cards"

    profile_id: Mapped[str] = mapped_column(ForeignKey("practice_profiles.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    due: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    last_score: Mapped[int] = mapped_column(Integer)
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The scheduler's card, as it serialises it.")
