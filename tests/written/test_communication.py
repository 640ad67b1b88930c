"""Written-communication signals on contrasting hand-written answers: the ordering and the evidence."""

from __future__ import annotations

import pytest

from vetml.grading.communication import CommunicationReport, CommunicationSignal, assess, undefined_acronyms

STRUCTURED = """Shadow the new model first, then canary it: that catches latency regressions before users do.

1. Mirror 10% of live requests to the new model through Kafka and compare p99 latency, with a budget of 80 ms.
2. Track the population stability index (PSI) of the top features in Grafana and alert above 0.2.
3. Promote to a 5% canary for 24 hours, and roll back with a feature flag if the error rate rises.

The trade-off is cost: shadowing doubles inference spend for a week, instead of risking a bad release.
For example, last year a tokenizer change broke 3% of requests and the shadow run caught it before launch."""

RAMBLING = (
    "Well, there are many ways to do this and it really depends on basically a lot of things like the model and the "
    "data and the infrastructure and I guess you would kind of want to make sure that things are working and maybe "
    "check some metrics and stuff like that before you actually deploy it to everyone because you know it could "
    "break, and I think we would probably use some kind of SLO and KS test and also PSI etc and so on, and then just "
    "deploy it really carefully and see what happens with it over time."
)


def _signals(report: CommunicationReport) -> dict[str, CommunicationSignal]:
    return {signal.id: signal for signal in report.signals}


def _check(signal: CommunicationSignal, name: str) -> tuple[bool, str]:
    found = next(check for check in signal.evidence if check.name == name)
    return found.met, found.detail


@pytest.mark.parametrize("signal", ["structure", "clarity", "concrete-detail"])
def test_the_structured_concrete_answer_beats_the_rambling_one_on_every_signal(signal: str) -> None:
    good, bad = _signals(assess(STRUCTURED))[signal], _signals(assess(RAMBLING))[signal]
    assert good.level > bad.level and good.share > bad.share
    assert 1 <= bad.level <= good.level <= 4
    assert len(good.evidence) == len(bad.evidence) >= 3  # the same checks, so the two can be compared line by line


def test_structure_evidence_names_the_paragraphs_list_opening_and_signposts() -> None:
    good, bad = _signals(assess(STRUCTURED))["structure"], _signals(assess(RAMBLING))["structure"]
    assert _check(good, "lists or headings") == (True, "3 list item(s), 0 heading(s)")
    assert _check(good, "answers first")[0] and "Shadow the new model first" in _check(good, "answers first")[1]
    met, detail = _check(bad, "answers first")
    assert not met and detail.startswith("opens with “Well, there are many ways")
    assert not _check(bad, "paragraphs")[0] and "1 paragraph(s)" in _check(bad, "paragraphs")[1]
    assert "then" in _check(good, "signposting")[1] and "the trade-off" in _check(good, "signposting")[1]


def test_clarity_evidence_quotes_the_long_sentence_the_hedges_and_the_undefined_acronyms() -> None:
    bad = _signals(assess(RAMBLING))["clarity"]
    met, detail = _check(bad, "very long sentences")
    assert not met and "over 35 words" in detail and "“Well, there are many" in detail
    met, detail = _check(bad, "filler and hedging")
    assert not met and all(word in detail for word in ("basically", "etc", "i guess"))
    met, detail = _check(bad, "acronyms defined")
    assert not met and "SLO" in detail and "KS" in detail
    good = _signals(assess(STRUCTURED))["clarity"]
    assert _check(good, "acronyms defined") == (True, "acronyms not spelled out: none")  # PSI is spelled out once


def test_concrete_detail_evidence_names_numbers_tools_examples_and_trade_offs() -> None:
    good, bad = _signals(assess(STRUCTURED))["concrete-detail"], _signals(assess(RAMBLING))["concrete-detail"]
    assert "Mirror 10% of live requests" in _check(good, "numbers with units")[1]
    assert _check(good, "named tools or systems") == (True, "2 named tool(s) or system(s): grafana, kafka")
    assert "For example, last year" in _check(good, "examples")[1]
    assert "The trade-off is cost" in _check(good, "trade-offs")[1]
    assert [check.met for check in bad.evidence] == [False, False, False, False]


def test_acronyms_count_as_defined_either_way_round_and_common_ones_need_no_definition() -> None:
    text = "We watch the PSI (population stability index) and the KL divergence; the API on a GPU is fine. KL again."
    assert undefined_acronyms(text) == ["KL"]
    assert undefined_acronyms("The expected calibration error (ECE) fell; ECE is now 0.02.") == []


def test_a_short_direct_answer_is_not_asked_for_paragraphs_and_an_empty_one_has_no_signals() -> None:
    short = _signals(assess("Use a canary at 5% for a day. Roll back if p99 latency passes 80 ms."))["structure"]
    assert _check(short, "paragraphs")[0] and _check(short, "answers first")[0]
    assert assess("   \n ") == CommunicationReport(words=0, signals=[])


def test_the_same_answer_always_gets_the_same_signals() -> None:
    assert assess(STRUCTURED) == assess(STRUCTURED)
