"""Spaced repetition: a weak answer comes back sooner than a strong one, and good answers space out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from vetml.practice.scheduling import aware, review

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_weak_answers_come_back_first() -> None:
    due = {band: review(None, band=band, when=NOW)[1] for band in (1, 2, 3, 4)}
    assert NOW < due[1] <= NOW + timedelta(days=1, minutes=1)
    assert due[1] <= due[2] < due[3] < due[4]
    assert due[4] >= NOW + timedelta(days=7)


def test_repeated_good_answers_space_out_and_a_lapse_brings_it_back() -> None:
    state, first = review(None, band=3, when=NOW)
    state, second = review(state, band=3, when=first)
    assert second - first > first - NOW
    _state, lapse = review(state, band=1, when=second)
    assert lapse - second < second - first  # a lapse shortens the interval again


def test_the_schedule_is_deterministic_and_naive_times_are_utc() -> None:
    assert review(None, band=2, when=NOW) == review(None, band=2, when=NOW)
    assert aware(datetime(2026, 1, 1, 12, 0)) == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
