"""The window of a written interview, told in the candidate's own time zone.

A written interview is an assessment of kind ``written``: it opens at ``opens_at`` and closes at
``expires_at``, with no clock of its own in between. These helpers only read the row; the assessment
service decides what a candidate may do with them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from vetml.interviews.assessment_schemas import AssessmentKind
from vetml.interviews.models import Assessment
from vetml.scheduling.zones import local_label, utc


def is_written(assessment: Assessment) -> bool:
    """Whether the assessment is a written interview (a window, not a clock)."""
    return assessment.kind == AssessmentKind.WRITTEN


def opens_at(assessment: Assessment) -> datetime:
    """When answers may first be saved: the window's start, or the moment it was created."""
    return utc(assessment.opens_at or assessment.created_at)


def closes_at(assessment: Assessment) -> datetime:
    """When the window closes and the link stops working."""
    return utc(assessment.expires_at)


def is_open(assessment: Assessment, now: datetime) -> bool:
    """Whether ``now`` falls inside the window."""
    return opens_at(assessment) <= now < closes_at(assessment)


def in_their_zone(assessment: Assessment, moment: datetime) -> str:
    """``Tue 8 Dec 2026, 18:00 IST (your time)`` for the candidate of ``assessment``."""
    return f"{local_label(moment, assessment.candidate.time_zone)} (your time)"


def window_label(assessment: Assessment, now: datetime) -> str:
    """The window as the candidate reads it: when it opens, or until when it is open and how long is left."""
    if now < opens_at(assessment):
        hours = round((closes_at(assessment) - opens_at(assessment)).total_seconds() / 3600)
        return (f"Opens {in_their_zone(assessment, opens_at(assessment))} — {duration(opens_at(assessment) - now)} "
                f"from now — and stays open {hours} h")  # fmt: skip
    if now < closes_at(assessment):
        left = duration(closes_at(assessment) - now)
        return f"Open until {in_their_zone(assessment, closes_at(assessment))} — {left} left"
    return f"Closed {in_their_zone(assessment, closes_at(assessment))}"


def duration(span: timedelta) -> str:
    """``31 h`` from a day, ``2 h 10 min`` below, ``45 min`` below an hour; rounded down, so never more than is left."""
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes >= 24 * 60:
        return f"{minutes // 60} h"
    if minutes >= 60:
        return f"{minutes // 60} h {minutes % 60} min" if minutes % 60 else f"{minutes // 60} h"
    return f"{minutes} min"
