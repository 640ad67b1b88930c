"""Hours typed as lines: read, written back compactly, and a mistake named by its line."""

from __future__ import annotations

from datetime import date

import pytest

from vetml.errors import InvalidInput
from vetml.scheduling.forms import exceptions_from_text, exceptions_to_text, weekly_from_text, weekly_to_text


def test_weekly_lines_round_trip_with_runs_of_days_folded() -> None:
    typed = "mon-thu 08:00-12:00, 13:00-20:00\nfri 08:00-12:00\n\nsun-mon 10:00-11:00"
    weekly = weekly_from_text(typed)
    assert weekly["mon"] == ["08:00-12:00", "13:00-20:00", "10:00-11:00"]
    assert weekly["sun"] == ["10:00-11:00"] and "sat" not in weekly
    assert weekly_from_text(weekly_to_text(weekly)) == weekly
    assert (
        weekly_to_text({day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}) == "mon-fri 09:00-17:00"
    )


def test_exception_lines_round_trip() -> None:
    exceptions = exceptions_from_text("2027-03-05 off\n2027-03-06 10:00-12:00, 14:00-15:00")
    assert exceptions == {date(2027, 3, 5): [], date(2027, 3, 6): ["10:00-12:00", "14:00-15:00"]}
    stored = {day.isoformat(): ranges for day, ranges in exceptions.items()}
    assert exceptions_from_text(exceptions_to_text(stored)) == exceptions


@pytest.mark.parametrize(
    ("weekly", "exceptions", "words"),
    [
        ("mon-fri", "", "line 1 ('mon-fri') has no hours"),
        ("mon-fri 09:00-17:00\nfunday 09:00-10:00", "", "'funday' is not a weekday"),
        ("", "tomorrow off", "line 1 ('tomorrow off') does not start with a date"),
    ],
)
def test_a_mistake_names_its_line(weekly: str, exceptions: str, words: str) -> None:
    with pytest.raises(InvalidInput, match=words.replace("(", r"\(").replace(")", r"\)")):
        weekly_from_text(weekly)
        exceptions_from_text(exceptions)
