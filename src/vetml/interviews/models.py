"""Tables of interview loops: the plan, each interview and what was asked, scorecards, the decision,
online assessments a candidate opens through a signed link, and the shared editor of a pair interview.

What was asked always points at an exact question version, so a scorecard can be read years later
against the text the candidate actually saw. A loop carries a ``version`` column checked on update
(optimistic locking), because a hiring manager and a recruiter may edit it at the same time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vetml.accounts.models import User
from vetml.db import Base
from vetml.hiring.models import Candidate


def _now() -> datetime:
    return datetime.now(UTC)


class Loop(Base):
    """The interview loop of one candidate: the planned modules, questions and coverage matrix."""

    __tablename__ = "loops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), unique=True)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The LoopPlan, as proposed then edited.")
    seed: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    candidate: Mapped[Candidate] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy declares it on the base)


class Interview(Base):
    """One module of a loop run by one interviewer at a time stored in UTC."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    loop_id: Mapped[int] = mapped_column(ForeignKey("loops.id", ondelete="CASCADE"), index=True)
    module: Mapped[str] = mapped_column(String(40))
    interviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    minutes: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    notes: Mapped[str] = mapped_column(Text, default="")
    invite_sequence: Mapped[int] = mapped_column(
        Integer, default=0, doc="RFC 5545 SEQUENCE of its calendar invite: raised on every move or cancellation."
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    loop: Mapped[Loop] = relationship(lazy="joined")
    interviewer: Mapped[User] = relationship(lazy="joined")


class AskedQuestion(Base):
    """A question asked in an interview: its exact version, the interviewer's ticks, and any typed answer
    with the grading engine's automatic grade."""

    __tablename__ = "asked_questions"
    __table_args__ = (UniqueConstraint("interview_id", "version_id", name="uq_asked_questions_interview_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    question_id: Mapped[str] = mapped_column(String(80), index=True)
    ticks: Mapped[list[str]] = mapped_column(JSON, default=list, doc="Per rubric point: covered, partly or missed.")
    answer: Mapped[str | None] = mapped_column(Text, default=None)
    grade: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None, doc="GradeResult of the answer.")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)


class Scorecard(Base):
    """One interviewer's independent judgement of one interview; written once."""

    __tablename__ = "scorecards"
    __table_args__ = (UniqueConstraint("interview_id", name="uq_scorecards_interview_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    interviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    ratings: Mapped[dict[str, int]] = mapped_column(JSON, doc="1-4 per competency.")
    evidence: Mapped[dict[str, str]] = mapped_column(JSON)
    red_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    recommendation: Mapped[str] = mapped_column(String(16))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    interview: Mapped[Interview] = relationship(lazy="joined")
    interviewer: Mapped[User] = relationship(lazy="joined")


class Decision(Base):
    """The hire / no-hire decision for a candidate, with its rationale and the debrief it was made on."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), unique=True)
    outcome: Mapped[str] = mapped_column(String(16))
    rationale: Mapped[str] = mapped_column(Text)
    debrief: Mapped[dict[str, Any]] = mapped_column(JSON, doc="The debrief as it stood when deciding.")
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    decided_by: Mapped[User] = relationship(lazy="joined")


class Assessment(Base):
    """An online assessment sent to a candidate: written questions and coding challenges with a time limit,
    or (kind ``written``) written questions answered in the candidate's own time between ``opens_at`` and
    ``expires_at``.

    The link carries a signed, timestamped nonce; this row decides whether it is still valid
    (expiry and revocation), so a leaked link can be switched off.
    """

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="timed", server_default="timed")
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, doc="Questions (version ids) and challenges (ids).")
    opens_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), default=None, doc="When a written interview opens; it closes at expires_at."
    )
    time_limit_minutes: Mapped[int] = mapped_column(Integer)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    candidate: Mapped[Candidate] = relationship(lazy="joined")


class AssessmentAnswer(Base):
    """The candidate's latest text for one item (autosaved), and once submitted its grade or verdict."""

    __tablename__ = "assessment_answers"
    __table_args__ = (UniqueConstraint("assessment_id", "position", name="uq_assessment_answers_assessment_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None, doc="Grade or judge verdict.")
    grade_pending: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), index=True, doc="Handed in, its grade left to a worker."
    )


class PairSession(Base):
    """The shared editor of one interview; its nonce is in the candidate's link, so a new nonce retires old links."""

    __tablename__ = "pair_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), unique=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    interview: Mapped[Interview] = relationship(lazy="joined")


class PairUpdate(Base):
    """One Yjs update to the shared document, as the server applied it, with who sent it and when.

    Replaying the rows in ``id`` order rebuilds the document; replaying a prefix shows the code at that step.
    """

    __tablename__ = "pair_updates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pair_session_id: Mapped[int] = mapped_column(ForeignKey("pair_sessions.id", ondelete="CASCADE"), index=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary, doc="The update in Yjs update format v1.")
    author_role: Mapped[str] = mapped_column(String(16), doc="interviewer, manager or candidate.")
    author_name: Mapped[str] = mapped_column(String(200))
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
