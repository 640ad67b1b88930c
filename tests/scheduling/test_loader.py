"""Loop files that name an exported calendar: its events become busy time, a bad calendar a clear error."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from vetml.errors import InvalidInput
from vetml.scheduling import loader
from vetml.scheduling.finder import propose
from vetml.scheduling.request import LoopRequest

NOW = datetime(2027, 3, 1, tzinfo=UTC)
LOOP = """
candidate: {name: Priya, zone: Asia/Kolkata, hours: {mon-fri: "09:00-18:00"}}
interviewers:
  bo: {zone: Europe/London, hours: {mon-fri: "09:00-17:00"}, busy_ics: bo.ics}
modules:
  - {name: coding, minutes: 60, interviewers: [bo]}
dates: {from: 2027-03-08, to: 2027-03-09}
"""
# An all-day offsite every day of that week, written as a recurring event in Bo's own zone.
OFFSITE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:offsite@test\r\n"
    "DTSTAMP:20270101T000000Z\r\nDTSTART;VALUE=DATE:20270308\r\nDTEND;VALUE=DATE:20270309\r\n"
    "RRULE:FREQ=DAILY;COUNT=5\r\nSUMMARY:Offsite\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _request(tmp_path: Path, calendar: str) -> LoopRequest:
    (tmp_path / "loop.yaml").write_text(LOOP)
    (tmp_path / "bo.ics").write_text(calendar)
    plan = loader.read(tmp_path / "loop.yaml")
    return loader.to_request(plan, base=tmp_path, now=NOW, overrides=loader.Overrides())


def test_an_imported_calendar_blocks_the_interviewer(tmp_path: Path) -> None:
    request = _request(tmp_path, OFFSITE)
    busy = request.interviewers["bo"].busy
    assert busy[0][0] == datetime(2027, 3, 8, 0, 0, tzinfo=UTC)  # midnight in London, GMT in March
    proposal = propose(request)
    assert proposal.options == ()
    assert "busy blocks or bookings take that time" in proposal.reasons[0]
    free = _request(tmp_path, OFFSITE.replace("COUNT=5", "COUNT=1"))
    assert {session.start.date() for option in propose(free).options for session in option.sessions} == {
        datetime(2027, 3, 9).date()
    }


def test_a_broken_calendar_is_refused_with_its_reason(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        _request(tmp_path, "BEGIN:VCALENDAR\r\nthis is not a calendar\r\n")
    assert caught.value.hint


@pytest.mark.parametrize(("name", "text", "message"), [
    ("loop.yaml", "dates: {from: 2027-02-30, to: 2027-03-09}\n", "2027-02-30 is not a real date"),
    ("loop.yaml", "candidate: " + "[" * 2000 + "]" * 2000, "nested more than 100 levels"),
    ("loop.json", "[" * 5000 + "]" * 5000, "nested far too deeply"),
])  # fmt: skip
def test_a_loop_file_that_crashed_the_parsers_is_invalid_input(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        loader.read(tmp_path / name)
    assert message in caught.value.message
