"""Calendar invites (RFC 5545): one VEVENT per interview, written in the recipient's own time zone.

Each recipient gets the event with DTSTART/DTEND in their zone plus the matching VTIMEZONE, so calendar
apps show the local time even when they do not know the IANA name. The UID stays the same for the life
of an interview and SEQUENCE grows, which is how calendars know an update or a cancellation replaces
the invite they already hold (RFC 5546).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from icalendar import Calendar, Event, vCalAddress

from vetml.errors import InvalidInput
from vetml.scheduling.zones import local_label, utc, zone

PRODID = "-//vetml//interview invites//EN"
Method = Literal["REQUEST", "CANCEL"]
# A VTIMEZONE only needs to describe the offsets around the event; a short span keeps invites small.
ZONE_MARGIN = timedelta(days=400)
# No spaces, line breaks, quotes or separators: an address is written into a content line as it is.
_EMAIL = re.compile(r"[^@\s\"'<>(),;:\\]+@[^@\s\"'<>(),;:\\]+\.[^@\s\"'<>(),;:\\]+")


@dataclass(frozen=True)
class Person:
    """Someone on an interview: shown by name, reached by email, shown times in their IANA zone."""

    name: str
    email: str
    zone: str


@dataclass(frozen=True)
class InviteEvent:
    """One interview as calendars see it; ``uid`` stays fixed and ``sequence`` grows with each change."""

    uid: str
    sequence: int
    start: datetime
    minutes: int
    summary: str
    description: str
    organizer: Person
    attendees: tuple[Person, ...]
    location: str = ""

    @property
    def end(self) -> datetime:
        """The instant the interview ends."""
        return self.start + timedelta(minutes=self.minutes)


def invite_ics(event: InviteEvent, *, zone: str, method: Method = "REQUEST", stamp: datetime | None = None) -> bytes:
    """The .ics for one recipient, with times in ``zone``; ``stamp`` fixes DTSTAMP (defaults to now)."""
    check_event(event)
    _check_aware(stamp, "stamp")
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("METHOD", method)
    calendar.add_component(_vevent(event, zone_name=zone, method=method, stamp=stamp or datetime.now(UTC)))
    calendar.add_missing_timezones(first_date=_day(event.start - ZONE_MARGIN), last_date=_day(event.end + ZONE_MARGIN))
    ics: bytes = calendar.to_ical()
    return ics


def check_event(event: InviteEvent) -> None:
    """Refuse an event calendars would misread, with the field to fix."""
    if event.minutes <= 0:
        raise InvalidInput(f"an interview must last at least a minute, not {event.minutes}", hint="Set minutes > 0.")
    if event.sequence < 0:
        raise InvalidInput(f"sequence {event.sequence} is negative", hint="Start at 0 and add 1 on every change.")
    if not event.uid.strip() or any(char in event.uid for char in "\r\n"):
        raise InvalidInput("an invite needs a one-line UID", hint='Use a stable id such as "interview-42@vetml".')
    _check_aware(event.start, "start")
    if not event.attendees:
        raise InvalidInput("an invite needs at least one attendee", hint="Add the candidate or an interviewer.")
    for person in (event.organizer, *event.attendees):
        check_person(person)


def check_person(person: Person) -> None:
    """A person's address must be a plain email and their zone a real IANA zone."""
    if not _EMAIL.fullmatch(person.email):
        raise InvalidInput(f"{person.email!r} is not an email address", hint="Use an address like ana@example.com.")
    zone(person.zone)


def _check_aware(moment: datetime | None, field: str) -> None:
    if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
        raise InvalidInput(f"{field} {moment:%Y-%m-%d %H:%M} has no time zone", hint="Pass an aware datetime (UTC).")


def _vevent(event: InviteEvent, *, zone_name: str, method: Method, stamp: datetime) -> Event:
    """The VEVENT itself; text goes through icalendar, which escapes it, never through string building."""
    vevent = Event()
    vevent.add("UID", event.uid)
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("DTSTAMP", utc(stamp))
    vevent.add("DTSTART", wall_time(event.start, zone_name))
    vevent.add("DTEND", wall_time(event.end, zone_name))
    vevent.add("SUMMARY", event.summary)
    vevent.add("DESCRIPTION", event.description)
    if event.location:
        vevent.add("LOCATION", event.location)
    vevent.add("ORGANIZER", _address(event.organizer, role="CHAIR", rsvp=False))
    for person in event.attendees:
        vevent.add("ATTENDEE", _address(person, role="REQ-PARTICIPANT", rsvp=method == "REQUEST"))
    vevent.add("STATUS", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    vevent.add("TRANSP", "OPAQUE")
    return vevent


def _address(person: Person, *, role: str, rsvp: bool) -> vCalAddress:
    """A mailto: address whose CN is the person's name on one line (parameters are RFC 6868 escaped)."""
    name = " ".join(person.name.split())
    address = vCalAddress.new(person.email, cn=name or person.email, role=role, rsvp=rsvp)
    if rsvp:
        address.params["PARTSTAT"] = "NEEDS-ACTION"
    return address


def wall_time(instant: datetime, zone_name: str) -> datetime:
    """``instant`` as a local time in the zone, or in UTC when that local time is the repeated DST hour.

    RFC 5545 (3.3.5) reads a repeated local time as its first occurrence, so the second one can only be
    written exactly in UTC.
    """
    local = utc(instant).astimezone(zone(zone_name))
    if local.replace(fold=0).astimezone(UTC) != utc(instant):
        return utc(instant)
    return local


def _day(moment: datetime) -> date:
    return utc(moment).date()


def times_in_zones(event: InviteEvent, people: tuple[Person, ...] | list[Person]) -> list[tuple[Person, str]]:
    """Each person with the interview's start and end shown in their own zone, for emails and pages."""
    return [(person, time_range_label(event.start, event.end, person.zone)) for person in people]


def time_range_label(start: datetime, end: datetime, zone_name: str) -> str:
    """``Tue 8 Dec 2026, 09:30–10:15 IST``, or both full dates when the range crosses midnight there."""
    first = local_label(start, zone_name, with_zone=False)
    last = local_label(end, zone_name)
    local_start, local_end = (utc(moment).astimezone(zone(zone_name)) for moment in (start, end))
    if local_start.date() == local_end.date():
        return f"{first}–{last.split(', ', 1)[1]}"
    return f"{first} – {last}"
