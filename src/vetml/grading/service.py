"""The one entry point the rest of vetml grades written answers through.

Practice mode, assessments and the CLI call ``grade``; none of them builds a grader itself, so
adding a grader (a plugin, a trained model) changes every caller at once.
"""

from __future__ import annotations

from vetml.grading.encoder import shared_encoder
from vetml.grading.engine import RubricGrader
from vetml.grading.schemas import GradeResult, GradingQuestion


def grade(question: GradingQuestion, answer: str) -> GradeResult:
    """Grade ``answer`` with the default offline grader; the same input always gets the same grade."""
    return RubricGrader(shared_encoder()).grade(question, answer)
