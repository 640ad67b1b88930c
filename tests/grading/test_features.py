"""The combiner's features: each answer compared with its reference and with the other answers to its question."""

from __future__ import annotations

import numpy as np

from vetml.grading.asag import Item
from vetml.grading.encoder import Encoder
from vetml.grading.features import NAMES, PEER_AGREEMENT, extract

REFERENCE = "Roll back by routing traffic to the previous model version, then find out what went wrong."
AGREEING = [
    "Send the traffic back to the previous model version and then investigate what broke.",
    "Switch traffic to the last good model version, then look for the cause.",
    "Route requests to the older model version again and debug the failure afterwards.",
]
OUTLIER = "Gradient boosting builds an ensemble of shallow decision trees."


def _items(answers: list[str], question_id: str = "q1") -> list[Item]:
    return [Item(dataset="test", split="test", group="g", question_id=question_id, question="How do you roll back?",
                 reference=REFERENCE, answer=answer) for answer in answers]  # fmt: skip


def _column(features: np.ndarray, name: str) -> np.ndarray:
    return features[:, NAMES.index(name)]


def test_an_answer_that_agrees_with_its_peers_scores_higher_on_every_agreement_feature() -> None:
    features = extract(_items([*AGREEING, OUTLIER]), Encoder())
    assert features.shape == (4, len(NAMES))
    for name in PEER_AGREEMENT:
        values = _column(features, name)
        assert values[:3].min() > values[3], name  # the off-topic answer agrees least with the others
    assert np.all(_column(features, "peer_max") >= _column(features, "peer_mean"))


def test_peers_are_answers_to_the_same_question_only() -> None:
    encoder = Encoder()
    alone = extract(_items([OUTLIER], "q2") + _items(AGREEING), encoder)
    peer_columns = [NAMES.index(name) for name in PEER_AGREEMENT]
    assert np.all(alone[0, peer_columns] == 0.0)  # no other answer to q2: nothing to agree with
    together = extract(_items(AGREEING), encoder)
    assert np.allclose(alone[1:, peer_columns], together[:, peer_columns], atol=1e-6)


def test_an_answer_is_never_its_own_peer() -> None:
    """Two identical answers agree fully; a third, different one does not reach that."""
    features = extract(_items([AGREEING[0], AGREEING[0], OUTLIER]), Encoder())
    peer_max = _column(features, "peer_max")
    assert np.allclose(peer_max[:2], 1.0, atol=1e-5)
    assert peer_max[2] < 0.9
