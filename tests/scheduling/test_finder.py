"""The loop slot finder on hand-built calendars: offsets, the date line, DST, limits and the reasons."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from vetml.errors import InvalidInput
from vetml.scheduling.finder import propose
from vetml.scheduling.request import Rules

from .helpers import hours, inside_hours, local, loop

MONDAY = date(2027, 1, 4)


def test_a_whole_loop_fits_one_day_with_breaks_and_distinct_interviewers() -> None:
    request = loop(
        hours("Europe/Berlin"),
        {"ana": hours("Europe/Berlin"), "bo": hours("Europe/London"), "cy": hours("Europe/Berlin")},
        [("coding", 60, ["ana", "bo"]), ("design", 60, ["ana", "cy"]), ("values", 30, ["ana", "bo", "cy"])],
        MONDAY, MONDAY + timedelta(days=4),
    )  # fmt: skip
    best = propose(request).options[0]
    assert best.days == 1
    assert len({session.interviewer for session in best.sessions}) == 3
    for before, after in zip(best.sessions, best.sessions[1:], strict=False):
        assert after.start - before.end >= timedelta(minutes=15)
    for session in best.sessions:
        assert inside_hours(request.candidate, session.start, session.end)
        assert inside_hours(request.interviewers[session.interviewer], session.start, session.end)


def test_options_are_ranked_by_the_early_and_late_minutes_they_cost() -> None:
    # The candidate accepts 07:00-21:00 but prefers 09:00-17:00; the interviewer in New York only
    # works 09:00-17:00 there, which is 15:00-23:00 in Berlin: the best option starts at 15:00 Berlin.
    candidate = hours("Europe/Berlin", "07:00-21:00")
    request = loop(candidate, {"ny": hours("America/New_York")}, [("coding", 60, ["ny"])], MONDAY, MONDAY)
    options = propose(request).options
    assert local(options[0], "Europe/Berlin") == ["Mon 15:00"]
    costs = [option.candidate_inconvenience for option in options]
    assert costs == sorted(costs) and costs[-1] > 0


def test_nepal_offset_starts_on_the_first_shared_quarter_hour() -> None:
    request = loop(
        hours("Asia/Kathmandu"), {"ravi": hours("Asia/Kolkata")}, [("coding", 60, ["ravi"])], MONDAY, MONDAY,
        rules=Rules(options=10),
    )  # fmt: skip
    starts = sorted(option.sessions[0].start for option in propose(request).options)
    # 09:00 in Kathmandu is 08:45 in Kolkata, before Ravi starts; the first shared time is 09:15 Nepal.
    assert starts[0].astimezone(ZoneInfo("Asia/Kathmandu")).strftime("%H:%M") == "09:15"


def test_across_the_date_line_the_days_differ_but_the_instant_is_shared() -> None:
    # Kiritimati (UTC+14) is 25 hours ahead of Pago Pago (UTC-11): its Monday is Pago Pago's Sunday.
    request = loop(
        hours("Pacific/Kiritimati"), {"sione": hours("Pacific/Pago_Pago")}, [("coding", 60, ["sione"])],
        MONDAY, MONDAY + timedelta(days=4), rules=Rules(options=20),
    )  # fmt: skip
    options = propose(request).options
    assert options
    candidate_days = {local(option, "Pacific/Kiritimati")[0][:3] for option in options}
    interviewer_days = {local(option, "Pacific/Pago_Pago")[0][:3] for option in options}
    assert "Mon" not in candidate_days
    assert interviewer_days <= {"Mon", "Tue", "Wed", "Thu"}
    for option in options:
        session = option.sessions[0]
        assert inside_hours(request.candidate, session.start, session.end)
        assert inside_hours(request.interviewers["sione"], session.start, session.end)


def test_a_session_after_someones_clock_change_is_flagged() -> None:
    # New York moves its clocks on 14 March 2027, London on 28 March: between them the usual gap is 4 hours.
    request = loop(
        hours("Europe/London"), {"ny": hours("America/New_York")}, [("coding", 60, ["ny"])],
        date(2027, 3, 15), date(2027, 3, 19), not_before=datetime(2027, 3, 10, tzinfo=UTC),
    )  # fmt: skip
    option = propose(request).options[0]
    assert len(option.flags) == 1
    assert option.flags[0].startswith("ny (America/New_York): clocks change from UTC-05:00 to UTC-04:00 on Sun 14 Mar")
    unflagged = loop(
        hours("Europe/London"), {"ny": hours("America/New_York")}, [("coding", 60, ["ny"])],
        date(2027, 3, 15), date(2027, 3, 19), not_before=datetime(2027, 3, 14, 12, tzinfo=UTC),
    )  # fmt: skip
    assert propose(unflagged).options[0].flags == ()


def test_a_loop_too_long_for_one_day_is_split_over_two() -> None:
    # Only two hours are shared each day, and the loop needs three.
    candidate = hours("UTC", "09:00-11:15")
    request = loop(
        candidate, {"ana": hours("UTC"), "bo": hours("UTC")}, [("coding", 90, ["ana"]), ("design", 90, ["bo"])],
        MONDAY, MONDAY + timedelta(days=1),
    )  # fmt: skip
    option = propose(request).options[0]
    assert option.days == 2
    assert [session.start.date() for session in option.sessions] == [MONDAY, MONDAY + timedelta(days=1)]
    one_day = propose(loop(candidate, request.interviewers, [("coding", 90, ["ana"]), ("design", 90, ["bo"])],
                           MONDAY, MONDAY + timedelta(days=1), rules=Rules(max_days=1)))  # fmt: skip
    assert one_day.options == ()
    assert "does not fit into 1 day(s)" in one_day.reasons[0]


def test_an_interviewer_at_their_daily_limit_is_not_proposed() -> None:
    booked = tuple(
        (datetime(2027, 1, 4, hour, tzinfo=UTC), datetime(2027, 1, 4, hour + 1, tzinfo=UTC)) for hour in (9, 11)
    )
    request = loop(
        hours("UTC"), {"ana": hours("UTC", bookings=booked, max_per_day=2), "bo": hours("UTC", "14:00-17:00")},
        [("coding", 60, ["ana", "bo"])], MONDAY, MONDAY,
    )  # fmt: skip
    assert {session.interviewer for option in propose(request).options for session in option.sessions} == {"bo"}
    alone = loop(request.candidate, {"ana": request.interviewers["ana"]}, [("coding", 60, ["ana"])], MONDAY, MONDAY)
    assert "ana already has 2 interviews" in propose(alone).reasons[0]


def test_no_shared_hours_is_explained_per_interviewer() -> None:
    # Tokyo 09:00-18:00 and Los Angeles 09:00-17:00 share one hour in winter.
    request = loop(
        hours("Asia/Tokyo", "09:00-18:00"), {"lee": hours("America/Los_Angeles")}, [("design", 90, ["lee"])],
        MONDAY, MONDAY + timedelta(days=4),
    )  # fmt: skip
    proposal = propose(request)
    assert proposal.options == ()
    assert "module 'design' needs 90 minutes" in proposal.reasons[0]
    assert "lee (America/Los_Angeles) shares at most 60 working minutes" in proposal.reasons[0]


def test_busy_blocks_are_named_when_they_are_the_cause() -> None:
    busy = ((datetime(2027, 1, 4, 0, tzinfo=UTC), datetime(2027, 1, 9, 0, tzinfo=UTC)),)
    request = loop(hours("UTC"), {"ana": hours("UTC", busy=busy)}, [("coding", 60, ["ana"])], MONDAY,
                   MONDAY + timedelta(days=4))  # fmt: skip
    assert "busy blocks or bookings take that time" in propose(request).reasons[0]


def test_too_few_interviewers_for_the_modules_they_share() -> None:
    request = loop(hours("UTC"), {"ana": hours("UTC")}, [("coding", 60, ["ana"]), ("design", 60, ["ana"])], MONDAY,
                   MONDAY + timedelta(days=4))  # fmt: skip
    assert "can only be run by ana" in propose(request).reasons[0]


def test_nothing_is_proposed_in_the_past() -> None:
    now = datetime(2027, 1, 4, 13, 7, tzinfo=UTC)
    request = loop(hours("UTC"), {"ana": hours("UTC")}, [("coding", 60, ["ana"])], MONDAY, MONDAY, not_before=now)
    options = propose(request).options
    assert options and all(option.sessions[0].start >= now for option in options)
    assert min(option.sessions[0].start for option in options) == datetime(2027, 1, 4, 13, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"last": MONDAY - timedelta(days=1)}, "ends (2027-01-03) before it starts"),
        ({"modules": []}, "no modules"),
        ({"modules": [("coding", 0, ["ana"])]}, "lasts 0 minutes"),
        ({"modules": [("coding", 60, ["zed"])]}, "names 'zed', whose hours are not known"),
        ({"modules": [("coding", 60, ["ana"]), ("coding", 30, ["ana"])]}, "listed twice"),
        ({"last": MONDAY + timedelta(days=90)}, "longer than 9 weeks"),
    ],
)
def test_bad_requests_are_refused_with_the_reason(change: dict[str, object], words: str) -> None:
    arguments: dict[str, object] = {"modules": [("coding", 60, ["ana"])], "last": MONDAY} | change
    request = loop(hours("UTC"), {"ana": hours("UTC")}, arguments["modules"], MONDAY, arguments["last"])  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match=re.escape(words)):
        propose(request)


def test_a_module_with_nobody_eligible() -> None:
    request = loop(hours("UTC"), {"ana": hours("UTC")}, [("coding", 60, [])], MONDAY, MONDAY)
    assert propose(request).reasons == ("module 'coding' has no eligible interviewers: add at least one",)


def test_a_panelist_who_only_shares_the_evening_still_gets_a_module() -> None:
    # Six modules, six interviewers, one module each: New York overlaps Kolkata only from 17:30 to 20:00,
    # so every schedule must put one module there, on a day of its own if need be.
    zones = {"ana": "Europe/Berlin", "ben": "America/New_York", "chen": "Asia/Shanghai", "dev": "Asia/Kathmandu",
             "eve": "Europe/London", "fay": "Australia/Sydney"}  # fmt: skip
    panel = {name: hours(zone, "07:00-19:00") for name, zone in zones.items()}
    modules = [(f"module-{index}", 45 if index % 2 else 60, list(zones)) for index in range(6)]
    request = loop(hours("Asia/Kolkata", "08:00-20:00"), panel, modules, MONDAY, MONDAY + timedelta(days=4))
    proposal = propose(request)
    assert proposal.options, proposal.reasons
    for option in proposal.options:
        assert {session.interviewer for session in option.sessions} == set(zones)
        evening = next(session for session in option.sessions if session.interviewer == "ben")
        assert evening.start.astimezone(ZoneInfo("Asia/Kolkata")).hour >= 17
