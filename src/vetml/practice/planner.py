"""Which questions a practice session asks, and why.

Questions due for review come first (the weakest answer first), then questions the candidate has
not seen from their weakest categories, taking categories in turn so a session covers several,
then anything else that fits. Questions are pitched at the chosen level or one below it.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from vetml.practice.scheduling import aware
from vetml.practice.schemas import PlannedQuestion, PracticeRequest
from vetml.questions.schemas import Level

UNKNOWN_CATEGORY_SCORE = 50.0  # a category never practised ranks as neither weak nor strong
WEAK_BELOW = 60.0  # band 3 starts at 60: below it a category is a weak area


@dataclass(frozen=True)
class Candidate:
    """A bank question that could be asked."""

    question_id: str
    version_id: int
    category: str
    level: Level
    modules: frozenset[str]
    minutes: int


@dataclass(frozen=True)
class Seen:
    """What the candidate's history says about one question."""

    due: datetime
    last_score: int


def plan(
    request: PracticeRequest,
    candidates: list[Candidate],
    *,
    seen: dict[str, Seen],
    category_scores: dict[str, float],
    now: datetime,
    seed: str,
) -> list[PlannedQuestion]:
    """Questions that fit ``request.minutes``, in the order they will be asked."""
    eligible = _eligible(request, candidates)
    due = sorted(
        (item for item in eligible if item.question_id in seen and aware(seen[item.question_id].due) <= aware(now)),
        key=lambda item: (seen[item.question_id].last_score, item.question_id),
    )
    unseen = _by_weak_category(
        request, [item for item in eligible if item.question_id not in seen], category_scores, seed
    )
    later = sorted(
        (item for item in eligible if item.question_id in seen and item not in due),
        key=lambda item: (aware(seen[item.question_id].due), item.question_id),
    )
    reasons = {item.question_id: _due_reason(seen[item.question_id]) for item in due}
    reasons |= {item.question_id: _new_reason(item, category_scores) for item in unseen}
    reasons |= {item.question_id: "practised before, not yet due; asked again to fill the session" for item in later}
    return _fill(due + unseen + later, request.minutes, reasons)


def _eligible(request: PracticeRequest, candidates: list[Candidate]) -> list[Candidate]:
    modules = {module.value for module in request.modules}
    lowest = max(0, request.level.rank - 1)
    return [
        item
        for item in candidates
        if (not modules or item.modules & modules) and lowest <= item.level.rank <= request.level.rank
    ]


def _by_weak_category(
    request: PracticeRequest, items: list[Candidate], scores: dict[str, float], seed: str
) -> list[Candidate]:
    """Weakest category first, one question per category per round; the chosen level before the one below."""
    shuffler = random.Random(seed)
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for item in sorted(items, key=lambda item: item.question_id):
        groups[item.category].append(item)
    for group in groups.values():
        shuffler.shuffle(group)
        group.sort(key=lambda item: item.level is not request.level)
    order = sorted(groups, key=lambda category: (scores.get(category, UNKNOWN_CATEGORY_SCORE), shuffler.random()))
    ordered: list[Candidate] = []
    while any(groups[category] for category in order):
        ordered += [groups[category].pop(0) for category in order if groups[category]]
    return ordered


def _fill(ordered: list[Candidate], minutes: int, reasons: dict[str, str]) -> list[PlannedQuestion]:
    chosen: list[Candidate] = []
    for item in ordered:
        if sum(question.minutes for question in chosen) + item.minutes <= minutes:
            chosen.append(item)
    if not chosen and ordered:
        chosen = [min(ordered, key=lambda item: item.minutes)]  # a short session still asks one question
    return [
        PlannedQuestion(
            question_id=item.question_id,
            version_id=item.version_id,
            category=item.category,
            minutes=item.minutes,
            reason=reasons[item.question_id],
        )
        for item in chosen
    ]


def _due_reason(seen: Seen) -> str:
    return f"due for review: your last answer scored {seen.last_score}/100"


def _new_reason(item: Candidate, scores: dict[str, float]) -> str:
    if item.category not in scores:
        return "a category you have not practised yet"
    average = scores[item.category]
    if average < WEAK_BELOW:
        return f"a weak area: your answers in this category average {average:.0f}/100"
    return f"a new question in a category where your answers average {average:.0f}/100"
