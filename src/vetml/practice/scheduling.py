"""When a practised question comes back: FSRS spaced repetition, rated by the answer's band.

A weak answer (band 1) comes back the next day, a strong one (band 4) after a week or more, so the
next session spends its time on what the candidate is weakest at. Interview answers are not flash
cards: there are no same-day learning steps, and no random fuzz, so a schedule can be explained.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from fsrs import Card, Rating, Scheduler

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
RATING_BY_BAND = {1: Rating.Again, 2: Rating.Hard, 3: Rating.Good, 4: Rating.Easy}


def review(state: dict[str, Any] | None, *, band: int, when: datetime) -> tuple[dict[str, Any], datetime]:
    """The card after an answer graded ``band`` at ``when``: its new state and when it is due."""
    card = Card.from_dict(cast(Any, state)) if state else Card(card_id=1, due=when)
    card, _log = SCHEDULER.review_card(card, RATING_BY_BAND[band], review_datetime=aware(when))
    return dict(card.to_dict()), card.due


def aware(moment: datetime) -> datetime:
    """``moment`` in UTC; SQLite hands timezone-aware columns back without their zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
