"""Flags for sessions whose local time moves because a participant's clocks change.

A schedule proposed in March between London and New York can fall after one side has moved its clocks
and before the other has: the usual "14:00 London is 09:00 New York" is then wrong by an hour, and so is
everyone's memory of it. Each such session carries a sentence saying who, which change, and when.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from vetml.scheduling.request import CANDIDATE, LoopRequest, Option
from vetml.scheduling.zones import local_label, offset_label, utc, zone


def dst_flags(option: Option, request: LoopRequest) -> Option:
    """``option`` with a flag for every participant whose UTC offset differs from when it was proposed."""
    flags: list[str] = []
    reference = utc(request.not_before)
    for session in option.sessions:
        interviewer = request.interviewers[session.interviewer]
        for who, person in ((CANDIDATE, request.candidate), (session.interviewer, interviewer)):
            flag = _flag(who, session.module, person.zone, reference, session.start, session.end)
            if flag and flag not in flags:
                flags.append(flag)
    return replace(option, flags=tuple(flags))


def _flag(who: str, module: str, zone_name: str, reference: datetime, start: datetime, end: datetime) -> str | None:
    tz = zone(zone_name)
    before, at_start, at_end = (moment.astimezone(tz).utcoffset() for moment in (reference, start, end))
    if at_start != at_end:
        change = _change_between(tz, start, end)
        when = local_label(change, zone_name)
        return f"{who} ({zone_name}): the clocks change during the {module} session, at {when}"
    if before != at_start:
        change = _change_between(tz, reference, start)
        old, new = offset_label(reference.astimezone(tz)), offset_label(start.astimezone(tz))
        return (
            f"{who} ({zone_name}): clocks change from UTC{old} to UTC{new} on "
            f"{change.astimezone(tz):%a %-d %b}, before the {module} session; its local time is after the change"
        )
    return None


def _change_between(tz: ZoneInfo, low: datetime, high: datetime) -> datetime:
    """The first instant in (low, high] whose UTC offset differs from ``low``'s (to the minute)."""
    offset = low.astimezone(tz).utcoffset()
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == offset:
            low = middle
        else:
            high = middle
    return high.replace(second=0, microsecond=0)
