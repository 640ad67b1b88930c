"""Tables of the question bank.

A question's text lives in immutable ``QuestionVersion`` rows identified by a content hash; the
``Question`` row only says which version is current. Anything that records what was asked (a
scorecard, a practice attempt) points at a version, so later edits never rewrite history.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vetml.db import Base


def _now() -> datetime:
    return datetime.now(UTC)


class Category(Base):
    """A bank category with the minimum number of questions it must hold."""

    __tablename__ = "categories"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    minimum: Mapped[int] = mapped_column(Integer)
    production: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SharedSignal(Base):
    """A signal or red flag that many questions refer to by id."""

    __tablename__ = "shared_signals"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)


class Question(Base):
    """The stable identity of a question and the searchable fields of its current version."""

    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    category_id: Mapped[str] = mapped_column(ForeignKey("categories.id"), index=True)
    level: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(String(300))
    expected_minutes: Mapped[int] = mapped_column(Integer)
    current_version: Mapped[int] = mapped_column(Integer)
    search_text: Mapped[str] = mapped_column(Text, doc="Lower-cased title, prompt, tags and rubric for search.")
    retired: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    tags: Mapped[list[QuestionTag]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    modules: Mapped[list[QuestionModule]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class QuestionTag(Base):
    """A skill tag of a question's current version."""

    __tablename__ = "question_tags"

    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)


class QuestionModule(Base):
    """An interview module a question's current version can be asked in."""

    __tablename__ = "question_modules"

    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    module: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class QuestionVersion(Base):
    """One exact text of a question, never modified once written."""

    __tablename__ = "question_versions"
    __table_args__ = (UniqueConstraint("question_id", "number", name="uq_question_versions_question_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    source_file: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
