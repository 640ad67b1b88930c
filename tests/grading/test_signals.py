"""Production signals and red flags on hand-written answers of different quality, with their evidence."""

from __future__ import annotations

import pytest

from vetml.grading.signals import find_red_flags, find_signals
from vetml.grading.text import sentences

STRONG = (
    "I would first audit 90 days of alerts. Last year our pricing model served features that were 9 hours stale "
    "and nobody noticed; the root cause was consumer lag on the feature stream. Pages go out when p99 latency "
    "exceeds 300 ms for 10 minutes or the error rate passes 2%. We keep the previous model warm behind a feature "
    "flag, so a rollback takes under a minute. The trade-off is cost: the second replica costs about $400 a month."
)
WEAK = (
    "I would use a state-of-the-art transformer to get the best accuracy. The F1 score would be very high. "
    "The platform team handles deployment."
)
LISTED = {"no-monitoring", "no-incident", "no-baseline"}


def evidence(text: str, signal: str) -> list[str]:
    return [span.text for span in find_signals(sentences(text))[signal].evidence]


def test_a_strong_answer_shows_the_production_signals_with_the_sentences_that_show_them() -> None:
    found = find_signals(sentences(STRONG))
    assert {"concrete-numbers", "incident-lessons", "monitoring-alerting", "rollback-recovery", "trade-offs"} <= set(
        found
    )
    assert evidence(STRONG, "rollback-recovery") == [
        "We keep the previous model warm behind a feature flag, so a rollback takes under a minute."
    ]
    assert any("root cause" in text for text in evidence(STRONG, "incident-lessons"))
    assert find_red_flags(sentences(STRONG), found, LISTED) == {}


def test_a_weak_answer_raises_red_flags_and_shows_no_production_signal() -> None:
    spans = sentences(WEAK)
    found = find_signals(spans)
    flags = find_red_flags(spans, found, LISTED)
    assert not {"monitoring-alerting", "rollback-recovery", "incident-lessons", "concrete-numbers"} & set(found)
    assert set(flags) == {"accuracy-only", "avoids-infrastructure", "no-monitoring", "no-incident", "no-baseline"}
    assert [span.text for span in flags["avoids-infrastructure"].evidence] == ["The platform team handles deployment."]
    assert len(flags["accuracy-only"].evidence) == 2


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("The p99 went from 180 ms to 420 ms.", True),
        ("We serve 12k QPS on 6 replicas.", True),
        ("Storage grew by 3 TB a day.", True),
        ("It costs $1.2k a month.", True),
        ("The model is fast and cheap.", False),
        ("We trained 3 of them.", False),
    ],
)
def test_numbers_count_only_with_a_unit(sentence: str, found: bool) -> None:
    assert ("concrete-numbers" in find_signals(sentences(sentence))) is found


def test_absence_flags_are_raised_only_where_the_question_lists_them() -> None:
    spans = sentences("We retrain weekly and compare against last week's model on a holdout set.")
    found = find_signals(spans)
    assert "no-monitoring" in find_red_flags(spans, found, {"no-monitoring"})
    assert find_red_flags(spans, found, set()) == {}
    assert find_red_flags([], {}, LISTED) == {}  # an empty answer is reported as empty, not as flags
