"""Contradicting the reference: a negated version of one of its statements is flagged, agreement is not."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from tests.grading.conftest import question
from tests.grading.test_engine import ALERTS, STRONG
from vetml.grading.contradiction import find_contradictions, negated
from vetml.grading.engine import RubricGrader
from vetml.grading.text import sentences
from vetml.questions.bank import Bank

CONTRADICTING = {
    ALERTS: (
        "Drift in an important feature or a shifted score distribution should never become a ticket "
        "for the model owner."
    ),
    "deployment-canary-automated-rollback": (
        "Do not run the candidate in shadow mode before real traffic; shadow scoring of live requests catches nothing."
    ),
    "drift-tests-at-scale": "With millions of rows the KS test is not always answering yes to any difference.",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Roll back to the previous version.", False),
        ("You never need to roll back.", True),
        ("Don't ship it on Friday.", True),
        ("Never ship without a canary.", False),  # two negations cancel out
        ("Keep images not only on public indexes but in your registry.", False),
    ],
)
def test_negation_is_counted(text: str, expected: bool) -> None:
    assert negated(text) is expected


@pytest.mark.parametrize("question_id", sorted(CONTRADICTING))
def test_an_answer_negating_a_reference_statement_is_flagged_with_its_sentence(
    bank: Bank, grader: RubricGrader, question_id: str
) -> None:
    asked = question(bank, question_id)
    answer = "I would look at the dashboards first. " + CONTRADICTING[question_id]
    result = grader.grade(asked, answer)
    flag = next(flag for flag in result.red_flags if flag.id == "contradicts-reference")
    assert flag.evidence[0].text == CONTRADICTING[question_id]
    assert answer[flag.evidence[0].start : flag.evidence[0].end] == CONTRADICTING[question_id]
    assert flag.reason.startswith('says the opposite of "')
    assert result.penalty >= 5


def test_agreeing_answers_are_not_accused(bank: Bank, grader: RubricGrader) -> None:
    assert "contradicts-reference" not in {flag.id for flag in grader.grade(question(bank, ALERTS), STRONG).red_flags}
    for spec in bank.questions:  # every reference answer against its own question
        assert find_contradictions(grader.encoder, spec.reference_answer, sentences(spec.reference_answer)) == []


def test_false_alarms_are_rare_between_answers_on_the_same_topic(bank: Bank, grader: RubricGrader) -> None:
    """Reference answers of other questions in the same category: similar wording, no contradictions intended."""
    by_category = defaultdict(list)
    for spec in bank.questions:
        by_category[spec.category].append(spec)
    checked = alarms = 0
    for specs in by_category.values():
        for answer, reference in itertools.permutations(specs[:3], 2):
            spans = sentences(answer.reference_answer)
            checked += len(spans)
            alarms += len(find_contradictions(grader.encoder, reference.reference_answer, spans))
    assert checked > 1500
    assert alarms <= checked / 1000
