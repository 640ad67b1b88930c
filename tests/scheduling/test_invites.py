"""Invites: the instant survives the trip through an .ics in any zone, updates replace, hostile text stays text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from tests.scheduling.samples import CANDIDATE, INTERVIEWER, ORGANIZER, STAMP, create_event
from vetml.errors import InvalidInput
from vetml.scheduling.invites import InviteEvent, Person, invite_ics, times_in_zones

ZONES = sorted(available_timezones() - {"Factory", "localtime"})


def parsed(event: InviteEvent, zone: str, **options: object) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(invite_ics(event, zone=zone, stamp=STAMP, **options))  # type: ignore[arg-type]
    (vevent,) = calendar.events
    return calendar, vevent


def assert_same_instants(event: InviteEvent, zone: str) -> None:
    _calendar, vevent = parsed(event, zone)
    assert vevent.start.astimezone(UTC) == event.start.astimezone(UTC)
    assert vevent.end.astimezone(UTC) == event.start.astimezone(UTC) + timedelta(minutes=event.minutes)


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("Asia/Kolkata", datetime(2026, 3, 10, 14, 0, tzinfo=UTC)),
        ("Asia/Kathmandu", datetime(2026, 3, 10, 14, 0, tzinfo=UTC)),
        ("Pacific/Kiritimati", datetime(2026, 12, 31, 10, 30, tzinfo=UTC)),  # +14: already 1 January there
        ("Pacific/Pago_Pago", datetime(2026, 1, 1, 8, 0, tzinfo=UTC)),  # -11: still 31 December there
        ("America/New_York", datetime(2026, 3, 8, 6, 30, tzinfo=UTC)),  # 01:30 EST, before clocks go forward
        ("America/New_York", datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),  # 03:30 EDT, after
        ("America/New_York", datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),  # 01:30 EDT, the first 01:30
        ("America/New_York", datetime(2026, 11, 1, 6, 30, tzinfo=UTC)),  # 01:30 EST, the repeated 01:30
        ("Europe/London", datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),  # 00:30 GMT
        ("Europe/London", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),  # 02:30 BST
        ("Europe/London", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # 01:30 BST
        ("Europe/London", datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),  # 01:30 GMT, repeated
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 14, 50, tzinfo=UTC)),  # +11 just before the half-hour shift
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 15, 10, tzinfo=UTC)),  # +10:30 after it
        ("Australia/Lord_Howe", datetime(2026, 10, 3, 15, 40, tzinfo=UTC)),  # +11 again
    ],
)
def test_the_utc_instant_survives_the_round_trip(zone: str, start: datetime) -> None:
    assert_same_instants(create_event(start=start, minutes=50), zone)


@settings(max_examples=150, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    start=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)),
    minutes=st.integers(min_value=1, max_value=600),
)
def test_any_zone_and_instant_survives_the_round_trip(zone: str, start: datetime, minutes: int) -> None:
    assert_same_instants(create_event(start=start.replace(microsecond=0, second=0), minutes=minutes), zone)


def test_the_start_is_written_in_the_recipients_zone_with_its_vtimezone() -> None:
    calendar, vevent = parsed(create_event(), "Asia/Kathmandu")
    assert vevent["DTSTART"].params["TZID"] == "Asia/Kathmandu"
    assert vevent["DTEND"].params["TZID"] == "Asia/Kathmandu"
    assert vevent.start.replace(tzinfo=None) == datetime(2026, 3, 10, 19, 45)  # 14:00 UTC + 5:45
    assert [timezone.tz_name for timezone in calendar.timezones] == ["Asia/Kathmandu"]
    offset = calendar.timezones[0].to_tz(lookup_tzid=False).utcoffset(vevent.start.replace(tzinfo=None))
    assert offset == timedelta(hours=5, minutes=45)  # the VTIMEZONE itself, not the IANA lookup, gives +5:45


def test_the_vtimezone_follows_daylight_saving_where_the_event_is() -> None:
    calendar, vevent = parsed(create_event(start=datetime(2026, 7, 1, 16, 0, tzinfo=UTC)), "America/New_York")
    local = vevent.start.replace(tzinfo=None)
    assert local == datetime(2026, 7, 1, 12, 0)
    assert calendar.timezones[0].to_tz(lookup_tzid=False).utcoffset(local) == timedelta(hours=-4)


def test_the_calendar_carries_prodid_version_method_and_the_event_its_fields() -> None:
    calendar, vevent = parsed(create_event(), "Europe/London")
    assert "vetml" in str(calendar["PRODID"])
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(vevent["UID"]) == "interview-42@vetml"
    assert vevent.stamp == STAMP
    assert str(vevent["SUMMARY"]) == "System design interview"
    assert str(vevent["LOCATION"]) == "https://meet.example/abc"
    assert str(vevent["ORGANIZER"]) == f"mailto:{ORGANIZER.email}"
    attendees = {str(address): address.params for address in vevent["ATTENDEE"]}
    assert set(attendees) == {f"mailto:{CANDIDATE.email}", f"mailto:{INTERVIEWER.email}"}
    candidate = attendees[f"mailto:{CANDIDATE.email}"]
    assert (candidate["CN"], candidate["ROLE"], candidate["RSVP"]) == ("Kiran Rao", "REQ-PARTICIPANT", "TRUE")


def test_an_update_and_a_cancellation_keep_the_uid_and_raise_the_sequence() -> None:
    first = parsed(create_event(), "Asia/Kolkata")[1]
    moved = parsed(create_event(sequence=1, start=datetime(2026, 3, 11, 9, 0, tzinfo=UTC)), "Asia/Kolkata")[1]
    cancelled_calendar, cancelled = parsed(create_event(sequence=2), "Asia/Kolkata", method="CANCEL")
    assert {str(vevent["UID"]) for vevent in (first, moved, cancelled)} == {"interview-42@vetml"}
    assert [vevent.sequence for vevent in (first, moved, cancelled)] == [0, 1, 2]
    assert str(cancelled_calendar["METHOD"]) == "CANCEL"
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(first["STATUS"]) == "CONFIRMED"


HOSTILE = 'Eve "the", Hacker\r\nATTENDEE:mailto:spy@evil.example\nX-INJECTED:1;'


def test_hostile_names_and_text_cannot_add_properties() -> None:
    hostile = Person(HOSTILE, "eve@mail.example", "Asia/Kolkata")
    event = create_event(summary=HOSTILE, description=HOSTILE, location=HOSTILE, attendees=(hostile, INTERVIEWER))
    raw = invite_ics(event, zone="UTC", stamp=STAMP)
    _calendar, vevent = parsed(event, "UTC")
    assert len(vevent["ATTENDEE"]) == 2
    assert "spy@evil.example" not in {str(address) for address in vevent["ATTENDEE"]}
    assert "X-INJECTED" not in vevent
    assert b"\nX-INJECTED" not in raw and b"\nATTENDEE:mailto:spy" not in raw
    assert str(vevent["SUMMARY"]) == HOSTILE.replace("\r\n", "\n")
    assert str(vevent["DESCRIPTION"]) == HOSTILE.replace("\r\n", "\n")
    name = next(address.params["CN"] for address in vevent["ATTENDEE"] if "eve@" in address)
    assert name == 'Eve "the", Hacker ATTENDEE:mailto:spy@evil.example X-INJECTED:1;'  # one line, quotes kept


@pytest.mark.parametrize(
    ("changes", "zone", "expected"),
    [
        ({"minutes": 0}, "UTC", "at least a minute"),
        ({"start": datetime(2026, 3, 10, 14, 0)}, "UTC", "has no time zone"),
        ({}, "Asia/Calcuta", "is not an IANA time zone"),
        ({"organizer": Person("O", "o@x.example", "Mars/Olympus")}, "UTC", "'Mars/Olympus' is not an IANA"),
        ({"attendees": (Person("A", "a@x.example\nBCC:x", "UTC"),)}, "UTC", "is not an email address"),
        ({"attendees": ()}, "UTC", "at least one attendee"),
        ({"uid": "a\nb"}, "UTC", "one-line UID"),
    ],
)
def test_bad_input_is_refused_with_a_fix(changes: dict[str, object], zone: str, expected: str) -> None:
    with pytest.raises(InvalidInput, match=expected) as caught:
        invite_ics(create_event(**changes), zone=zone)
    assert caught.value.hint


def test_times_in_zones_shows_each_person_their_own_clock() -> None:
    event = create_event(start=datetime(2026, 3, 10, 14, 0, tzinfo=UTC))
    labels = {person.email: label for person, label in times_in_zones(event, [*event.attendees, ORGANIZER])}
    assert labels[CANDIDATE.email] == "Tue 10 Mar 2026, 19:30–20:15 IST"
    assert labels[INTERVIEWER.email] == "Tue 10 Mar 2026, 10:00–10:45 EDT"
    assert labels[ORGANIZER.email] == "Tue 10 Mar 2026, 14:00–14:45 GMT"


def test_a_range_crossing_midnight_shows_both_dates() -> None:
    event = create_event(start=datetime(2026, 3, 10, 23, 30, tzinfo=UTC), minutes=60)
    ((_person, label),) = times_in_zones(event, [Person("K", "k@x.example", "Pacific/Kiritimati")])
    assert label == "Wed 11 Mar 2026, 13:30–14:30 UTC+14:00"  # same day there
    ((_person, label),) = times_in_zones(event, [Person("U", "u@x.example", "UTC")])
    assert label == "Tue 10 Mar 2026, 23:30 – Wed 11 Mar 2026, 00:30 UTC"


def test_a_zoneinfo_start_in_another_zone_is_read_as_its_instant() -> None:
    start = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("America/Chicago"))  # 14:00 UTC (CDT)
    _calendar, vevent = parsed(create_event(start=start), "Asia/Kolkata")
    assert vevent.start.astimezone(UTC) == datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
