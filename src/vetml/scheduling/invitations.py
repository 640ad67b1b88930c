"""Calendar invites for booked interviews: one event per interview, the same UID for its whole life.

Each recipient gets the event with times in their own zone; a move raises the SEQUENCE and sends a new
REQUEST, a cancellation a CANCEL, so calendars update the entry instead of adding a second one.
Mail goes out only when SMTP is configured and only after the booking is committed; a mail failure is
logged and never undoes a booking, and every invite stays downloadable from the pages.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from typing import Literal

from vetml.config import Settings
from vetml.errors import VetmlError
from vetml.interviews.models import Interview
from vetml.scheduling import mailer
from vetml.scheduling.invites import InviteEvent, Person, invite_ics
from vetml.scheduling.service import Booking
from vetml.scheduling.zones import local_label, utc

log = logging.getLogger(__name__)
Method = Literal["REQUEST", "CANCEL"]


def uid_of(interview: Interview) -> str:
    """A UID that stays the interview's across moves and cancellation."""
    return f"vetml-interview-{interview.id}-{int(utc(interview.created_at).timestamp())}@vetml"


def event_of(interview: Interview) -> InviteEvent:
    """The invite of a scheduled interview, from the hiring manager to the candidate and the interviewer."""
    if interview.scheduled_at is None:
        raise VetmlError(f"interview {interview.id} has no time yet", hint="Book it before sending an invite.")
    candidate = interview.loop.candidate
    manager = candidate.request.hiring_manager
    start = utc(interview.scheduled_at)
    guest = Person(name=candidate.name, email=candidate.email, zone=candidate.time_zone)
    host = Person(
        name=interview.interviewer.name, email=interview.interviewer.email, zone=interview.interviewer.time_zone
    )
    when = local_label(start, candidate.time_zone)
    return InviteEvent(
        uid=uid_of(interview), sequence=interview.invite_sequence, start=start, minutes=interview.minutes,
        summary=f"Interview: {interview.module} ({candidate.request.title})",
        description=(f"{interview.minutes}-minute {interview.module} interview with {host.name}.\n"
                     f"For {candidate.name}: {when} ({candidate.time_zone}).\n"
                     f"Ends {local_label(start + timedelta(minutes=interview.minutes), candidate.time_zone)}."),
        organizer=Person(name=manager.name, email=manager.email, zone=manager.time_zone),
        attendees=(guest, host),
    )  # fmt: skip


def booking_events(booking: Booking) -> list[tuple[InviteEvent, Method]]:
    """What to mail after a pick: each interview's invite, and a cancellation to anyone taken off one."""
    events: list[tuple[InviteEvent, Method]] = [(event_of(row), "REQUEST") for row in booking.interviews]
    for row, previous in booking.replaced_interviewers:
        gone = Person(name=previous.name, email=previous.email, zone=previous.time_zone)
        events.append((replace(event_of(row), attendees=(gone,)), "CANCEL"))
    return events


def ics_for(interview: Interview, *, zone_name: str) -> bytes:
    """The interview's current invite (or cancellation) as an .ics file in ``zone_name``."""
    method: Method = "CANCEL" if interview.status == "cancelled" else "REQUEST"
    return invite_ics(event_of(interview), zone=zone_name, method=method)


def deliver(settings: Settings, events: list[tuple[InviteEvent, Method]]) -> list[str]:
    """Mail each event to its people when SMTP is configured; returns who got mail, logs who did not."""
    if not mailer.mail_configured(settings):
        return []
    sent: list[str] = []
    for event, method in events:
        try:
            sent += mailer.send_invites(settings, event, method=method)
        except VetmlError as error:
            log.warning("invite %s (%s) not mailed: %s", event.uid, method, error.message)
    return sent
