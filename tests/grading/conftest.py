"""The real embedding model, loaded once for the grading tests, and bank questions to grade against."""

from __future__ import annotations

from pathlib import Path

import pytest

from vetml.grading.encoder import Encoder
from vetml.grading.engine import RubricGrader
from vetml.grading.schemas import GradingQuestion
from vetml.questions.bank import Bank, read_bank

BANK = Path(__file__).resolve().parents[2] / "bank"


@pytest.fixture(scope="session")
def bank() -> Bank:
    return read_bank(BANK)[0]


@pytest.fixture(scope="session")
def grader() -> RubricGrader:
    return RubricGrader(Encoder())


def question(bank: Bank, question_id: str) -> GradingQuestion:
    spec = next(item for item in bank.questions if item.id == question_id)
    return GradingQuestion.from_spec(spec, bank.signals, content_hash="test")
