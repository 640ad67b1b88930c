"""Busy blocks from .ics exports: recurrence inside the window, local times, free and cancelled events, bad files."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vetml.errors import InvalidInput, PayloadTooLarge, VetmlError
from vetml.scheduling.ics_import import MAX_ICS_BYTES, BusyBlock, busy_blocks, merge

MARCH = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 22, tzinfo=UTC))

NEW_YORK = """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE"""


def event(*lines: str, uid: str = "") -> str:
    return "\n".join(
        ["BEGIN:VEVENT", f"UID:{uid or abs(hash(lines))}@test", "DTSTAMP:20260101T000000Z", *lines, "END:VEVENT"]
    )


def ics(*parts: str) -> bytes:
    text = "\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Calendar//EN", *parts, "END:VCALENDAR", ""])
    return text.replace("\n", "\r\n").encode()


def blocks(data: bytes, zone: str = "America/New_York", window: tuple[datetime, datetime] = MARCH) -> list[BusyBlock]:
    return busy_blocks(data, zone=zone, start=window[0], end=window[1])


def spans(found: list[BusyBlock]) -> list[tuple[str, str]]:
    return [(f"{block.start:%m-%d %H:%M}", f"{block.end:%m-%d %H:%M}") for block in found]


def test_a_weekly_meeting_keeps_its_local_time_across_the_dst_change() -> None:
    standup = event(
        "SUMMARY:Team sync",
        "DTSTART;TZID=America/New_York:20250904T090000",
        "DTEND;TZID=America/New_York:20250904T093000",
        "RRULE:FREQ=WEEKLY;BYDAY=TH",
    )
    found = blocks(ics(NEW_YORK, standup))
    # 09:00 EST is 14:00 UTC before 8 March; 09:00 EDT is 13:00 UTC after it.
    assert spans(found) == [
        ("03-05 14:00", "03-05 14:30"),
        ("03-12 13:00", "03-12 13:30"),
        ("03-19 13:00", "03-19 13:30"),
    ]
    assert {block.summary for block in found} == {"Team sync"}
    assert all(block.start.tzinfo == UTC for block in found)


def test_a_real_looking_export_with_exceptions_free_time_and_cancellations() -> None:
    data = ics(
        "X-WR-CALNAME:Work",
        NEW_YORK,
        event(
            "SUMMARY:1:1 with manager",
            "DTSTART;TZID=America/New_York:20260302T150000",
            "DTEND;TZID=America/New_York:20260302T160000",
            "RRULE:FREQ=WEEKLY;UNTIL=20260331T000000Z",
            "EXDATE;TZID=America/New_York:20260309T150000",
            "RDATE;TZID=America/New_York:20260311T080000",
            uid="one-on-one",
        ),
        event(  # the 16 March occurrence moved an hour later
            "SUMMARY:1:1 with manager (moved)",
            "RECURRENCE-ID;TZID=America/New_York:20260316T150000",
            "DTSTART;TZID=America/New_York:20260316T160000",
            "DTEND;TZID=America/New_York:20260316T170000",
            uid="one-on-one",
        ),
        event("SUMMARY:Focus time", "TRANSP:TRANSPARENT", "DTSTART:20260303T140000Z", "DTEND:20260303T180000Z"),
        event("SUMMARY:Old offsite", "STATUS:CANCELLED", "DTSTART:20260304T140000Z", "DTEND:20260304T220000Z"),
        event("SUMMARY:Dentist", "DTSTART:20260305T100000", "DTEND:20260305T110000"),  # floating: New York time
        event("SUMMARY:Holiday", "DTSTART;VALUE=DATE:20260306", "DTEND;VALUE=DATE:20260307"),
    )
    assert spans(blocks(data)) == [
        ("03-02 20:00", "03-02 21:00"),
        ("03-05 15:00", "03-05 16:00"),  # floating 10:00 read in New York (EST)
        ("03-06 05:00", "03-07 05:00"),  # the whole local day
        ("03-11 12:00", "03-11 13:00"),  # RDATE, 08:00 EDT
        ("03-16 20:00", "03-16 21:00"),  # moved occurrence; 9 March is excluded
    ]


def test_floating_and_all_day_times_follow_the_persons_zone() -> None:
    data = ics(
        event("SUMMARY:Lunch", "DTSTART:20260305T123000", "DTEND:20260305T133000"),
        event("SUMMARY:Leave", "DTSTART;VALUE=DATE:20260306"),
    )
    assert spans(blocks(data, zone="Asia/Kathmandu")) == [
        ("03-05 06:45", "03-05 07:45"),
        ("03-05 18:15", "03-06 18:15"),
    ]
    assert spans(blocks(data, zone="Pacific/Kiritimati")) == [
        ("03-04 22:30", "03-04 23:30"),
        ("03-05 10:00", "03-06 10:00"),
    ]


def test_recurrence_is_only_expanded_inside_the_window_and_blocks_are_clipped() -> None:
    data = ics(event("SUMMARY:Daily", "DTSTART:20200101T230000Z", "DTEND:20200102T010000Z", "RRULE:FREQ=DAILY"))
    window = (datetime(2026, 3, 10, tzinfo=UTC), datetime(2026, 3, 12, tzinfo=UTC))
    assert spans(blocks(data, window=window)) == [
        ("03-10 00:00", "03-10 01:00"),
        ("03-10 23:00", "03-11 01:00"),
        ("03-11 23:00", "03-12 00:00"),
    ]


def test_overlapping_and_touching_blocks_are_merged_and_sorted() -> None:
    data = ics(
        event("SUMMARY:C", "DTSTART:20260305T170000Z", "DTEND:20260305T180000Z"),
        event("SUMMARY:A", "DTSTART:20260305T140000Z", "DTEND:20260305T150000Z"),
        event("SUMMARY:B", "DTSTART:20260305T143000Z", "DTEND:20260305T160000Z"),
        event("SUMMARY:B2", "DTSTART:20260305T160000Z", "DTEND:20260305T161500Z"),
        event("SUMMARY:A", "DTSTART:20260305T141000Z", "DTEND:20260305T142000Z"),
    )
    found = blocks(data)
    assert spans(found) == [("03-05 14:00", "03-05 16:15"), ("03-05 17:00", "03-05 18:00")]
    assert [block.summary for block in found] == ["A; B; B2", "C"]


def test_merge_keeps_separate_blocks_apart() -> None:
    first = BusyBlock(datetime(2026, 3, 1, 9, tzinfo=UTC), datetime(2026, 3, 1, 10, tzinfo=UTC), "x")
    second = BusyBlock(datetime(2026, 3, 1, 10, 1, tzinfo=UTC), datetime(2026, 3, 1, 11, tzinfo=UTC), "y")
    assert merge([second, first]) == [first, second]


def refused(data: bytes, match: str, error: type[VetmlError] = InvalidInput) -> VetmlError:
    with pytest.raises(error, match=match) as caught:
        blocks(data)
    assert caught.value.hint
    return caught.value


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "is empty"),
        (b"  \r\n", "is empty"),
        ("BEGIN:VCALENDAR\r\nSUMMARY:caf\xe9\r\n".encode("latin-1"), r"not UTF-8 text \(line 2, byte 28\)"),
        (b"hello, this is a spreadsheet", "not an iCalendar file: it starts with 'hello"),
        (b"BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD\r\n", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nthis line has no colon\r\nEND:VCALENDAR\r\n", "cannot be read: .*this line has no colon"),
        (ics(event("DTSTART:20260305T100000Z")).replace(b"END:VCALENDAR\r\n", b""), "cut off"),
        (ics(event("DTSTART:20260305T100000Z")).replace(b"END:VEVENT\r\n", b""), "cut off"),
        (ics("BEGIN:VTODO", "UID:t", "END:VTODO"), "no events"),
        (ics(event("SUMMARY:Trip", "DTSTART;TZID=Mars/Olympus:20260305T100000")), "unknown time zone 'Mars/Olympus'"),
        (
            ics(event("SUMMARY:Odd", "DTSTART:20260305T100000Z", "DTEND:20260305T090000Z")),
            "'Odd' ends before it starts",
        ),
        (ics(event("SUMMARY:Bad", "DTSTART:2026-03-05")), "'Bad' has a value that cannot be read"),
        (ics(event("SUMMARY:Nowhen", "DTEND:20260305T090000Z")), "'Nowhen' has no start"),
        (ics(event("SUMMARY:R", "DTSTART:20260305T100000Z", "RRULE:FREQ=FORTNIGHTLY")), "cannot be read|FORTNIGHTLY"),
    ],
)
def test_a_bad_file_is_refused_with_what_to_fix(data: bytes, match: str) -> None:
    refused(data, match)


def test_a_file_over_the_limit_is_too_large() -> None:
    padding = "X-PAD:" + "x" * 70
    data = ics(event("DTSTART:20260305T100000Z", *[padding] * (MAX_ICS_BYTES // 70)))
    error = refused(data, "at most 2 MiB", PayloadTooLarge)
    assert error.status == 413


def test_more_than_five_thousand_blocks_in_the_window_are_refused() -> None:
    every_five_minutes = event(
        "SUMMARY:Ping", "DTSTART:20260301T000000Z", "DURATION:PT1M", "RRULE:FREQ=MINUTELY;INTERVAL=5"
    )
    refused(ics(every_five_minutes), "more than 5,000 busy blocks")
    singles = [
        event(f"DTSTART:202603{day:02d}T{hour:02d}{minute:02d}00Z", "DURATION:PT1M", uid=f"{day}-{hour}-{minute}")
        for day in (5, 6, 7, 8)
        for hour in range(24)
        for minute in range(60)
    ]
    refused(ics(*singles), "more than 5,000 busy blocks")  # 5,760 one-off events


def test_events_sharing_a_uid_each_stay_busy() -> None:
    twins = [event("SUMMARY:Twin", f"DTSTART:20260305T{hour}0000Z", "DURATION:PT30M", uid="same") for hour in (10, 12)]
    assert spans(blocks(ics(*twins))) == [("03-05 10:00", "03-05 10:30"), ("03-05 12:00", "03-05 12:30")]


@pytest.mark.parametrize(
    "rule",
    [
        "DTSTART:20260301T000000Z\nRRULE:FREQ=SECONDLY",  # 1.8 million occurrences in the window
        "DTSTART:19000101T000000Z\nRRULE:FREQ=HOURLY",  # slow to walk from 1900 even for a short window
        "DTSTART:20260301T000000Z\nRRULE:FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11;BYMINUTE=0,1,2,3,4,5;BYSECOND=0,1,2,3,4,5,6,7,8,9",
    ],
)
def test_a_hostile_rule_without_an_end_is_refused_fast(rule: str) -> None:
    with pytest.raises(InvalidInput, match=r"'Flood' repeats too often|more than 5,000") as caught:
        blocks(ics(event("SUMMARY:Flood", *rule.split("\n"), "DURATION:PT1S")))
    assert "Delete or end that repeating event" in caught.value.hint or "export" in caught.value.hint


def test_many_small_hostile_rules_are_refused_together() -> None:
    rules = [
        event(f"SUMMARY:R{index}", "DTSTART:20000101T000000Z", "DURATION:PT1M", "RRULE:FREQ=HOURLY;INTERVAL=3")
        for index in range(12)
    ]
    refused(ics(*rules), "repeats too often")


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",  # 30 February never comes
        "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31;COUNT=3",
        "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=7",  # no month has seven Mondays
        "FREQ=HOURLY;INTERVAL=168;BYDAY=SA",  # every 168 hours stays on DTSTART's Thursday
        "FREQ=DAILY;INTERVAL=14;BYDAY=FR",
    ],
)
def test_rules_that_can_never_match_leave_only_their_first_date(rule: str) -> None:
    # The expansion library would search such rules up to the year 9999; they are dropped instead.
    found = blocks(ics(event("SUMMARY:Never", "DTSTART:20260305T100000Z", "DURATION:PT1H", f"RRULE:{rule}")))
    assert spans(found) == [("03-05 10:00", "03-05 11:00")]


def test_a_rule_that_does_match_in_the_window_is_kept() -> None:
    found = blocks(ics(event("SUMMARY:Weekly", "DTSTART:20260305T100000Z", "DURATION:PT1H",
                             "RRULE:FREQ=HOURLY;INTERVAL=168;BYDAY=TH")))  # fmt: skip
    assert len(found) >= 3


def test_the_window_and_zone_are_checked() -> None:
    data = ics(event("DTSTART:20260305T100000Z"))
    with pytest.raises(InvalidInput, match="not an IANA time zone"):
        busy_blocks(data, zone="EST5", start=MARCH[0], end=MARCH[1])
    with pytest.raises(InvalidInput, match="ends before it starts"):
        busy_blocks(data, zone="UTC", start=MARCH[1], end=MARCH[0])
    with pytest.raises(InvalidInput, match="no time zone"):
        busy_blocks(data, zone="UTC", start=datetime(2026, 3, 1), end=MARCH[1])


LINES = [
    "BEGIN:VEVENT",
    "END:VEVENT",
    "BEGIN:VTIMEZONE",
    "DTSTART:20260305T100000Z",
    "DTSTART;TZID=Europe/Paris:20260305T100000",
    "DTSTART;VALUE=DATE:20260305",
    "DTEND:20260305T110000Z",
    "DTEND:2026",
    "DURATION:PT1H",
    "DURATION:-PT1H",
    "DURATION:P",
    "RRULE:FREQ=DAILY;COUNT=3",
    "RRULE:FREQ=WEEKLY;BYDAY=MO,XX",
    "RRULE:FREQ=DAILY;UNTIL=20260303",
    "RRULE:INTERVAL=0",
    "RDATE:20260310T100000Z",
    "RDATE;VALUE=PERIOD:20260310T100000Z/PT1H",
    "EXDATE:2026",
    "RECURRENCE-ID:20260306T100000Z",
    "STATUS:CANCELLED",
    "TRANSP:TRANSPARENT",
    "SUMMARY:x\\, y",
    "UID:a",
    ";;;",
    "\x00",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), max_size=12))
def test_a_mangled_file_never_escapes_as_a_traceback(lines: list[str]) -> None:
    data = ("BEGIN:VCALENDAR\r\n" + "\r\n".join(lines) + "\r\nEND:VCALENDAR\r\n").encode()
    try:
        found = blocks(data)
    except VetmlError:
        return
    assert all(block.end > block.start and block.start.tzinfo == UTC for block in found)
    assert found == sorted(found, key=lambda block: block.start)
