"""Shapes of the hiring pipeline going in (create, update, moves) and out (views without file bytes)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from vetml.accounts.schemas import Email, TimeZone
from vetml.questions.schemas import Level


class RequestStatus(StrEnum):
    """Where a hiring request stands; filled and closed are final."""

    DRAFT = "draft"
    OPEN = "open"
    ON_HOLD = "on-hold"
    FILLED = "filled"
    CLOSED = "closed"


class Stage(StrEnum):
    """Where a candidate is in the pipeline; hired, rejected and withdrawn are final."""

    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEWING = "interviewing"
    DEBRIEF = "debrief"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class BudgetPeriod(StrEnum):
    """What a budget figure pays for."""

    YEAR = "year"
    HOUR = "hour"


def _utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


Moment = Annotated[datetime, AfterValidator(_utc)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
ShortList = Annotated[list[Short], Field(max_length=50)]
Currency = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{3}$")]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40, pattern=r"^\+?[0-9 ()./-]{3,40}$")]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Money = Annotated[int, Field(ge=0, le=1_000_000_000)]
Overlap = Annotated[int, Field(ge=0, le=12, description="Hours a day of working-time overlap, 0-12.")]


class _Input(BaseModel):
    """Input refuses unknown fields, so a typo is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


class _Update(_Input):
    """A partial edit: only the fields sent change; ``version`` is the one the editor loaded."""

    version: int = Field(ge=1, description="The version you loaded; a stale one is refused with 409.")

    @model_validator(mode="after")
    def _no_null_for_required(self) -> Self:
        nullable = self.nullable_fields()
        nulls = [name for name in self.model_fields_set if getattr(self, name) is None and name not in nullable]
        if nulls:
            raise ValueError(f"{', '.join(sorted(nulls))} cannot be null; leave a field out to keep it")
        return self

    @classmethod
    def nullable_fields(cls) -> frozenset[str]:
        """Fields that may be cleared by sending null."""
        return frozenset()

    def changes(self) -> dict[str, Any]:
        """The fields the editor sent, without the version."""
        return self.model_dump(exclude_unset=True, exclude={"version"}, mode="json")


class RequestFields(_Input):
    """What describes a role, shared by creating and reading."""

    title: Title
    level: Level
    specialties: ShortList = []
    must_have_skills: ShortList = []
    locations: ShortList = []
    time_zones: Annotated[list[TimeZone], Field(max_length=50)] = []
    min_overlap_hours: Overlap | None = None
    remote: bool = False
    offshore: bool = False
    budget_min: Money | None = None
    budget_max: Money | None = None
    currency: Currency = "USD"
    budget_period: BudgetPeriod = BudgetPeriod.YEAR


class RequestCreate(RequestFields):
    """A new hiring request; it starts as a draft, managed by the creator unless another manager is named."""

    hiring_manager_id: int | None = None


class RequestUpdate(_Update):
    """Changes to a hiring request; its status changes through its own route."""

    title: Title | None = None
    level: Level | None = None
    specialties: ShortList | None = None
    must_have_skills: ShortList | None = None
    locations: ShortList | None = None
    time_zones: Annotated[list[TimeZone], Field(max_length=50)] | None = None
    min_overlap_hours: Overlap | None = None
    remote: bool | None = None
    offshore: bool | None = None
    budget_min: Money | None = None
    budget_max: Money | None = None
    currency: Currency | None = None
    budget_period: BudgetPeriod | None = None
    hiring_manager_id: int | None = None

    @classmethod
    def nullable_fields(cls) -> frozenset[str]:
        """Overlap and budget may be cleared."""
        return frozenset({"min_overlap_hours", "budget_min", "budget_max"})


class StatusChange(_Input):
    """Move a hiring request to another status, saying why."""

    status: RequestStatus
    reason: Reason = ""
    version: int | None = Field(default=None, ge=1, description="Optional: refuse the move if the request changed.")


class RequestView(BaseModel):
    """A hiring request as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    level: Level
    specialties: list[str]
    must_have_skills: list[str]
    locations: list[str]
    time_zones: list[str]
    min_overlap_hours: int | None
    remote: bool
    offshore: bool
    budget_min: int | None
    budget_max: int | None
    currency: str
    budget_period: BudgetPeriod
    hiring_manager_id: int
    status: RequestStatus
    created_at: Moment
    updated_at: Moment
    version: int


class CandidateCreate(_Input):
    """A new candidate for an open or on-hold hiring request; they start at ``applied``."""

    request_id: int
    name: Title
    email: Email
    phone: Phone | None = None
    time_zone: TimeZone = "UTC"
    source: Short = "direct"
    claimed_skills: ShortList = []


class CandidateUpdate(_Update):
    """Changes to a candidate's details; stage moves go through their own route."""

    name: Title | None = None
    email: Email | None = None
    phone: Phone | None = None
    time_zone: TimeZone | None = None
    source: Short | None = None
    claimed_skills: ShortList | None = None

    @classmethod
    def nullable_fields(cls) -> frozenset[str]:
        """A phone number may be removed."""
        return frozenset({"phone"})


class StageMove(_Input):
    """Move a candidate to the next stage, or reject or withdraw them (which needs a reason)."""

    stage: Stage
    reason: Reason = ""
    version: int = Field(ge=1, description="The version you loaded; a stale one is refused with 409.")


class CandidateView(BaseModel):
    """A candidate as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    request_id: int
    name: str
    email: str
    phone: str | None
    time_zone: str
    source: str
    claimed_skills: list[str]
    stage: Stage
    created_at: Moment
    updated_at: Moment
    version: int


class FileView(BaseModel):
    """An uploaded file's metadata; its bytes are only served by the download route."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    candidate_id: int
    kind: str
    filename: str
    media_type: str
    size: int
    sha256: str
    uploaded_by_id: int | None
    uploaded_at: Moment


class EventView(BaseModel):
    """One entry of the audit log: who did what, when and why."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    action: str
    reason: str
    data: dict[str, Any]
    actor_id: int | None
    actor_name: str | None
    at: Moment

    @model_validator(mode="before")
    @classmethod
    def _actor_name(cls, value: Any) -> Any:
        """Take the actor's name from the loaded row, so clients need no second lookup."""
        if isinstance(value, dict) or not hasattr(value, "actor"):
            return value
        actor = value.actor
        fields = {name: getattr(value, name) for name in ("id", "action", "reason", "data", "actor_id", "at")}
        return {**fields, "actor_name": actor.name if actor is not None else None}
