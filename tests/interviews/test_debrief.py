"""The debrief: spread, disagreement, gaps to grading, agreement, red flags and the suggested outcome."""

from __future__ import annotations

import math
import re

import pytest
from pydantic import ValidationError

from vetml.interviews.debrief import automatic_band, summarise
from vetml.interviews.debrief_schemas import AutomaticResult, Outcome, Recommendation, ScorecardInput

LOOP = ["ml-systems", "deployment", "monitoring"]


def create_scorecard(
    interviewer: str,
    ratings: dict[str, int],
    recommendation: str = "yes",
    red_flags: list[str] | None = None,
    evidence: dict[str, str] | None = None,
) -> ScorecardInput:
    return ScorecardInput.model_validate(
        {
            "interviewer": interviewer,
            "ratings": ratings,
            "evidence": evidence or {},
            "red_flags": red_flags or [],
            "recommendation": recommendation,
        }
    )


def create_result(competency: str, score: float, source: str = "q-1") -> AutomaticResult:
    return AutomaticResult(competency=competency, score=score, source=source)


def by_name(debrief, name):
    return next(summary for summary in debrief.competencies if summary.competency == name)


def test_spread_and_disagreement_name_the_interviewers_and_points():
    cards = [
        create_scorecard("ann", {"ml-systems": 1, "deployment": 2}),
        create_scorecard("bob", {"ml-systems": 3, "deployment": 3}),
    ]
    debrief = summarise(cards, [], LOOP)

    split = by_name(debrief, "ml-systems")
    assert (split.ratings, split.mean, split.min, split.max, split.spread) == ({"ann": 1, "bob": 3}, 2.0, 1, 3, 2)
    assert split.disagreement is not None
    assert split.disagreement.reason == "ann rated 1, bob rated 3: 2 points apart"

    close = by_name(debrief, "deployment")
    assert close.spread == 1
    assert close.disagreement is None


def test_gap_when_interviewers_rate_higher_than_grading():
    cards = [create_scorecard("ann", {"deployment": 4}), create_scorecard("bob", {"deployment": 3})]
    results = [create_result("deployment", 30, "q-1"), create_result("deployment", 20, "q-2")]
    summary = by_name(summarise(cards, results, LOOP), "deployment")

    assert (summary.automatic_mean, summary.automatic_band, summary.automatic_sources) == (25.0, 1, ["q-1", "q-2"])
    assert summary.gap is not None
    assert summary.gap.direction == "interviewers-higher"
    assert summary.gap.points == 2.5
    assert "3.5" in summary.gap.reason and "band 1" in summary.gap.reason


def test_gap_when_grading_rates_higher_than_interviewers():
    cards = [create_scorecard("ann", {"monitoring": 1}), create_scorecard("bob", {"monitoring": 2})]
    summary = by_name(summarise(cards, [create_result("monitoring", 92)], LOOP), "monitoring")

    assert summary.automatic_band == 4
    assert summary.gap is not None
    assert summary.gap.direction == "automatic-higher"
    assert summary.gap.points == -2.5


def test_no_gap_within_one_point_or_without_both_sides():
    cards = [create_scorecard("ann", {"ml-systems": 3, "deployment": 4})]
    debrief = summarise(cards, [create_result("ml-systems", 45), create_result("monitoring", 90)], LOOP)

    assert by_name(debrief, "ml-systems").automatic_band == 2
    assert by_name(debrief, "ml-systems").gap is None  # 3 against band 2: one point
    assert by_name(debrief, "deployment").gap is None  # no automatic result
    assert by_name(debrief, "monitoring").gap is None  # nobody rated it


@pytest.mark.parametrize(
    ("score", "band"), [(100, 4), (80, 4), (79.9, 3), (60, 3), (59.5, 2), (40, 2), (39, 1), (0, 1)]
)
def test_automatic_band_uses_the_grading_cut_offs(score, band):
    assert automatic_band(score) == band


def test_alpha_matches_the_ordinal_definition_worked_by_hand():
    cards = [
        create_scorecard("ann", {"ml-systems": 1, "deployment": 2, "monitoring": 4}),
        create_scorecard("bob", {"ml-systems": 2, "deployment": 2, "monitoring": 3}),
    ]
    # Krippendorff (2011), ordinal level. Pairable values: n = 6 with counts n1=1, n2=3, n3=1, n4=1.
    # Ordinal distance d(c, k) = (n_c + ... + n_k - (n_c + n_k) / 2) ** 2:
    #   d12 = (4 - 2)^2 = 4, d13 = (5 - 1)^2 = 16, d14 = (6 - 1)^2 = 25, d23 = (4 - 2)^2 = 4, d24 = (5 - 2)^2 = 9,
    #   d34 = (2 - 1)^2 = 1.
    # Observed coincidences (each unit has two values, weight 1/(2-1)): o12 = o21 = 1, o22 = 2, o34 = o43 = 1,
    #   so sum(o * d) = 2 * 4 + 2 * 1 = 10.
    # Expected: sum over ordered pairs of n_c * n_k * d = 2 * (3*4 + 1*16 + 1*25 + 3*4 + 3*9 + 1*1) = 186.
    # alpha = 1 - (n - 1) * sum(o * d) / sum(n_c * n_k * d) = 1 - 5 * 10 / 186.
    agreement = summarise(cards, [], LOOP).agreement

    assert agreement.alpha == pytest.approx(1 - 50 / 186)
    assert "2 interviewers and 3 co-rated competencies" in agreement.alpha_reason
    assert agreement.within_one_share == 1.0


def test_alpha_is_one_for_perfect_agreement():
    ratings = {"ml-systems": 1, "deployment": 3, "monitoring": 4}
    cards = [create_scorecard(name, ratings) for name in ("ann", "bob", "cho")]

    assert summarise(cards, [], LOOP).agreement.alpha == pytest.approx(1.0)


def test_alpha_ignores_competencies_rated_by_one_interviewer():
    cards = [
        create_scorecard("ann", {"ml-systems": 1, "deployment": 4, "monitoring": 1}),
        create_scorecard("bob", {"ml-systems": 1, "deployment": 4}),
    ]
    agreement = summarise(cards, [], LOOP).agreement

    assert agreement.alpha == pytest.approx(1.0)
    assert agreement.within_one_reason == "2 of 2 co-rated competencies have ratings within 1 point of each other"


@pytest.mark.parametrize(
    ("cards", "reason"),
    [
        ([create_scorecard("ann", {"ml-systems": 1, "deployment": 4})], "at least two interviewers; 1 submitted"),
        (
            [create_scorecard("ann", {"ml-systems": 1, "deployment": 4}), create_scorecard("bob", {"ml-systems": 3})],
            "at least two competencies rated by two or more interviewers; 1 were",
        ),
        (
            [
                create_scorecard("ann", {"ml-systems": 3, "deployment": 3}),
                create_scorecard("bob", {"ml-systems": 3, "deployment": 3}),
            ],
            "every co-rated rating is 3",
        ),
    ],
    ids=["one-interviewer", "one-co-rated-competency", "no-variation"],
)
def test_undefined_alpha_is_none_with_a_reason(cards, reason):
    debrief = summarise(cards, [], LOOP)

    assert debrief.agreement.alpha is None
    assert reason in debrief.agreement.alpha_reason
    assert "NaN" not in debrief.model_dump_json()


def test_within_one_share_counts_co_rated_competencies_only():
    cards = [
        create_scorecard("ann", {"ml-systems": 1, "deployment": 3, "monitoring": 2}),
        create_scorecard("bob", {"ml-systems": 4, "deployment": 3}),
    ]
    agreement = summarise(cards, [], LOOP).agreement

    assert agreement.within_one_share == 0.5
    one = summarise(cards[:1], [], LOOP).agreement
    assert one.within_one_share is None
    assert one.within_one_reason == "no competency was rated by two or more interviewers"


def test_competencies_nobody_rated_are_not_assessed():
    cards = [create_scorecard("ann", {"deployment": 3}), create_scorecard("bob", {"deployment": 2})]
    debrief = summarise(cards, [create_result("monitoring", 70)], LOOP)

    assert debrief.not_assessed == ["ml-systems", "monitoring"]
    assert by_name(debrief, "monitoring").mean is None
    assert by_name(debrief, "monitoring").automatic_band == 3


def test_red_flags_are_counted_once_per_interviewer_with_who_raised_them():
    cards = [
        create_scorecard("ann", {"deployment": 2}, red_flags=["no-monitoring", "no-monitoring", "only-model-accuracy"]),
        create_scorecard("bob", {"deployment": 2}, red_flags=["no-monitoring"]),
        create_scorecard("cho", {"deployment": 2}, red_flags=["avoids-infrastructure"]),
    ]
    tally = [(flag.flag, flag.count, flag.raised_by) for flag in summarise(cards, [], LOOP).red_flags]

    assert tally == [
        ("no-monitoring", 2, ["ann", "bob"]),
        ("avoids-infrastructure", 1, ["cho"]),
        ("only-model-accuracy", 1, ["ann"]),
    ]


def test_recommendations_are_tallied_including_zeros():
    cards = [
        create_scorecard("ann", {"deployment": 3}, "yes"),
        create_scorecard("bob", {"deployment": 3}, "yes"),
        create_scorecard("cho", {"deployment": 2}, "no"),
    ]
    assert summarise(cards, [], LOOP).recommendations == {
        Recommendation.STRONG_NO: 0,
        Recommendation.NO: 1,
        Recommendation.YES: 2,
        Recommendation.STRONG_YES: 0,
    }


@pytest.mark.parametrize(
    ("cards", "outcome", "reason"),
    [
        (
            [
                create_scorecard("ann", {"deployment": 4}, "strong-yes"),
                create_scorecard("bob", {"deployment": 3}, "strong-no"),
            ],
            Outcome.NO_HIRE,
            "strong-no from bob",
        ),
        (
            [
                create_scorecard("ann", {"deployment": 3}, "yes", ["no-production-incidents"]),
                create_scorecard("bob", {"deployment": 3}, "yes", ["no-production-incidents"]),
            ],
            Outcome.NO_HIRE,
            "no-production-incidents raised by ann, bob",
        ),
        (
            [
                create_scorecard("ann", {"deployment": 2}, "no"),
                create_scorecard("bob", {"deployment": 2}, "no"),
                create_scorecard("cho", {"deployment": 3}, "yes"),
            ],
            Outcome.NO_HIRE,
            "2 of 3 interviewers recommended against",
        ),
        (
            [
                create_scorecard("ann", {"deployment": 4}, "strong-yes", ["no-monitoring"]),
                create_scorecard("bob", {"deployment": 3}, "yes"),
            ],
            Outcome.HIRE,
            "all 2 interviewers recommended hiring",
        ),
        (
            [create_scorecard("ann", {"deployment": 4}, "yes"), create_scorecard("bob", {"deployment": 2}, "yes")],
            Outcome.DISCUSS,
            "disagreement on ['deployment']",
        ),
        (
            [create_scorecard("ann", {"deployment": 3}, "yes"), create_scorecard("bob", {"deployment": 2}, "no")],
            Outcome.DISCUSS,
            "1 of 2 interviewers recommended hiring",
        ),
        ([], Outcome.DISCUSS, "no scorecards were submitted"),
    ],
    ids=["strong-no", "shared-red-flag", "majority-against", "all-for", "all-for-but-disagree", "split", "empty"],
)
def test_suggested_outcome_follows_the_documented_rules(cards, outcome, reason):
    suggestion = summarise(cards, [], LOOP).suggestion

    assert suggestion.outcome is outcome
    assert reason in suggestion.reason


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ratings": {"deployment": 5}}, "less than or equal to 4"),
        ({"ratings": {"deployment": 0}}, "greater than or equal to 1"),
        ({"recommendation": "maybe"}, "'strong-no', 'no', 'yes' or 'strong-yes'"),
        (
            {"evidence": {"monitoring": "talked about dashboards"}},
            "evidence given for unrated competencies ['monitoring']",
        ),
        ({"interviewer": ""}, "at least 1 character"),
    ],
)
def test_bad_scorecards_are_refused_with_clear_messages(changes, message):
    card = {"interviewer": "ann", "ratings": {"deployment": 3}, "recommendation": "yes"} | changes
    with pytest.raises(ValidationError, match=re.escape(message)):
        ScorecardInput.model_validate(card)


def test_bad_automatic_scores_are_refused():
    with pytest.raises(ValidationError, match="less than or equal to 100"):
        create_result("deployment", 101)


@pytest.mark.parametrize(
    ("cards", "results", "message"),
    [
        (
            [create_scorecard("ann", {"deploymnet": 3})],
            [],
            r"ratings of competencies outside the loop \['deploymnet'\]",
        ),
        ([create_scorecard("ann", {"deployment": 3})], [create_result("nlp", 50)], r"outside the loop \['nlp'\]"),
        (
            [create_scorecard("ann", {"deployment": 3}), create_scorecard("ann", {"deployment": 2})],
            [],
            r"more than one scorecard from \['ann'\]",
        ),
    ],
    ids=["rating-outside-loop", "result-outside-loop", "duplicate-interviewer"],
)
def test_inconsistent_loops_are_refused(cards, results, message):
    with pytest.raises(ValidationError, match=message):
        summarise(cards, results, LOOP)


def test_debrief_values_are_frozen():
    card = create_scorecard("ann", {"deployment": 3})
    with pytest.raises(ValidationError):
        card.recommendation = Recommendation.NO  # type: ignore[misc]
    debrief = summarise([card], [], LOOP)
    assert not any(isinstance(value, float) and math.isnan(value) for value in debrief.agreement.model_dump().values())
