"""Request and response shapes of scheduling: hours, proposals, options and bookings."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from vetml.interviews.loop_schemas import Input


class HoursInput(Input):
    """Someone's hours as they write them, in their own zone."""

    time_zone: str | None = Field(default=None, description="IANA zone; unchanged when left out.")
    weekly: dict[str, list[str]] = Field(
        description='Ranges per weekday in local time, e.g. {"mon": ["09:00-12:00", "13:00-17:30"]}; missing = off.'
    )
    exceptions: dict[date, list[str]] = Field(default_factory=dict, description="Dates that differ; [] = day off.")
    preferred: str = Field(default="09:00-17:00", description="Comfortable hours; time outside counts as a nuisance.")
    max_per_day: int = Field(default=3, ge=1, le=8, description="At most this many interviews on one local day.")


class HoursView(BaseModel):
    """Stored hours, with the zone they are read in."""

    time_zone: str
    weekly: dict[str, list[str]]
    exceptions: dict[str, list[str]]
    preferred: str
    max_per_day: int
    stored: bool = Field(description="False when these are the defaults because nothing was saved yet.")


class BusyImport(BaseModel):
    """What an .ics import replaced."""

    imported: int
    window_start: datetime
    window_end: datetime


class ProposalCreate(Input):
    """What to search: the candidate's dates, who may run each module, and the rules."""

    first_day: date
    last_day: date
    interviewers: dict[str, list[int]] | None = Field(
        default=None,
        description="Module -> eligible user ids; default: every active interviewer (weekdays 09:00-17:00 "
        "in their zone until they save hours) and anyone else with saved hours, for every module.",
    )
    break_minutes: int = Field(default=15, ge=0, le=120)
    max_gap_minutes: int = Field(default=60, ge=0, le=240)
    max_days: int = Field(default=2, ge=1, le=3)
    options: int = Field(default=5, ge=1, le=10)
    distinct_interviewers: bool = Field(default=True, description="Each interviewer takes at most one module.")
    valid_days: int = Field(default=7, ge=1, le=30, description="How long the candidate's link works.")


class SessionView(BaseModel):
    """One interview of an option, in UTC and as each participant reads it."""

    module: str
    interviewer_id: int
    interviewer: str
    start: datetime
    end: datetime
    candidate_time: str
    interviewer_time: str


class OptionView(BaseModel):
    """A schedule the candidate may pick."""

    index: int
    days: int
    sessions: list[SessionView]
    candidate_inconvenience_minutes: int
    panel_inconvenience_minutes: int
    flags: list[str]


class ProposalView(BaseModel):
    """A proposal with its options (or the reasons there are none) and the candidate's link."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    loop_id: int
    status: str
    options: list[OptionView]
    reasons: list[str]
    chosen: int | None
    link: str = Field(description="Path of the candidate's self-scheduling page.")
    expires_at: datetime
    version: int


class Booking(Input):
    """The candidate's pick."""

    option: int = Field(ge=0)
