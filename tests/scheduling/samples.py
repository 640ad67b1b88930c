"""Builders for scheduling tests: people in far-apart zones and an interview between them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from vetml.scheduling.invites import InviteEvent, Person

ORGANIZER = Person("Rita Recruiter", "rita@hire.example", "Europe/London")
CANDIDATE = Person("Kiran Rao", "kiran@mail.example", "Asia/Kolkata")
INTERVIEWER = Person("Sam Lee", "sam@hire.example", "America/New_York")
STAMP = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def create_event(**changes: object) -> InviteEvent:
    """A 45-minute system-design interview; keyword arguments replace its fields."""
    event = InviteEvent(
        uid="interview-42@vetml",
        sequence=0,
        start=datetime(2026, 3, 10, 14, 0, tzinfo=UTC),
        minutes=45,
        summary="System design interview",
        description="Design a feature store. Bring questions.",
        organizer=ORGANIZER,
        attendees=(CANDIDATE, INTERVIEWER),
        location="https://meet.example/abc",
    )
    return replace(event, **changes)  # type: ignore[arg-type]
