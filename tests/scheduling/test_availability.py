"""Working hours written in local time become the right UTC intervals, DST included."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from vetml.errors import InvalidInput
from vetml.scheduling.availability import (
    Availability,
    free_intervals,
    local_intervals,
    parse_window,
    to_utc,
    weekly_pattern,
    windows,
)
from vetml.scheduling.zones import local_label, zone

from .helpers import hours


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_window_is_read_as_minutes_of_the_day() -> None:
    assert parse_window("09:30-17:45") == (570, 1065)
    assert parse_window("22:00-24:00") == (1320, 1440)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("17:00-09:00", "ends before it starts"),
        ("09:00", "not a time range"),
        ("9h-17h", "not HH:MM"),
        ("09:75-10:00", "outside the day"),
        ("25:00-26:00", "outside the day"),
    ],
)
def test_bad_windows_say_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(InvalidInput, match=words) as caught:
        parse_window(text)
    assert caught.value.hint


def test_overlapping_hours_of_a_day_are_refused() -> None:
    with pytest.raises(InvalidInput, match="the hours of mon overlap") as caught:
        windows(["09:00-12:00", "11:00-15:00"], where="mon")
    assert "Merge" in caught.value.hint
    assert windows(["13:00-17:00", "09:00-12:00"], where="mon") == ((540, 720), (780, 1020))


def test_unknown_weekday_and_zone_are_named() -> None:
    with pytest.raises(InvalidInput, match="unknown weekday 'monday'"):
        weekly_pattern({"monday": ["09:00-17:00"]})
    with pytest.raises(InvalidInput, match="'Asia/Calcuta' is not an IANA time zone") as caught:
        zone("Asia/Calcuta")
    assert "Asia/Calcutta" in caught.value.hint or "Asia/Kolkata" in caught.value.hint


def test_local_hours_keep_their_wall_clock_across_a_dst_change() -> None:
    # London moves to summer time on Sunday 28 March 2027: 09:00 is 09:00 UTC before and 08:00 UTC after.
    person = hours("Europe/London")
    intervals = local_intervals(person, at("2027-03-26T00:00"), at("2027-03-30T00:00"))
    assert intervals == [
        (at("2027-03-26T09:00"), at("2027-03-26T17:00")),
        (at("2027-03-29T08:00"), at("2027-03-29T16:00")),
    ]


def test_a_time_skipped_by_the_clocks_maps_to_the_jump() -> None:
    london = zone("Europe/London")
    assert to_utc(date(2027, 3, 28), 90, london) == at("2027-03-28T01:00")  # 01:30 never happens
    assert to_utc(date(2027, 3, 28), 150, london) == at("2027-03-28T01:30")  # 02:30 BST
    # When the clocks go back, 01:30 happens twice; hours start at the first.
    assert to_utc(date(2027, 10, 31), 90, london) == at("2027-10-31T00:30")


def test_half_and_three_quarter_hour_offsets() -> None:
    assert local_intervals(hours("Asia/Kathmandu"), at("2027-01-04T00:00"), at("2027-01-05T00:00"))[0] == (
        at("2027-01-04T03:15"),
        at("2027-01-04T11:15"),
    )
    assert local_intervals(hours("Asia/Kolkata"), at("2027-01-04T00:00"), at("2027-01-05T00:00"))[0][0] == at(
        "2027-01-04T03:30"
    )


def test_exceptions_replace_the_weekly_hours_of_their_date() -> None:
    person = Availability(
        zone="UTC",
        weekly=weekly_pattern({"mon": ["09:00-17:00"], "tue": ["09:00-17:00"]}),
        exceptions={date(2027, 1, 4): (), date(2027, 1, 5): ((600, 660),)},
    )
    assert local_intervals(person, at("2027-01-04T00:00"), at("2027-01-06T00:00")) == [
        (at("2027-01-05T10:00"), at("2027-01-05T11:00"))
    ]


def test_busy_blocks_and_padded_bookings_are_cut_out() -> None:
    person = hours(
        "UTC",
        busy=((at("2027-01-04T10:00"), at("2027-01-04T11:00")),),
        bookings=((at("2027-01-04T13:00"), at("2027-01-04T14:00")),),
    )
    free = free_intervals(person, at("2027-01-04T00:00"), at("2027-01-05T00:00"), padding=timedelta(minutes=15))
    assert free == [
        (at("2027-01-04T09:00"), at("2027-01-04T10:00")),
        (at("2027-01-04T11:00"), at("2027-01-04T12:45")),
        (at("2027-01-04T14:15"), at("2027-01-04T17:00")),
    ]


def test_labels_show_the_instant_in_the_persons_zone() -> None:
    assert local_label(at("2027-01-04T03:15"), "Asia/Kathmandu") == "Mon 4 Jan 2027, 09:00 UTC+05:45"
    assert local_label(at("2027-01-04T03:30"), "Asia/Kolkata") == "Mon 4 Jan 2027, 09:00 IST"
