"""The one entry point the rest of vetml grades written answers through.

Practice mode, assessments and the CLI call ``grade``; none of them builds a grader itself, so
adding a grader (a plugin, a trained model) changes every caller at once.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from sqlalchemy.orm import Session

from vetml.config import Settings, get_settings
from vetml.errors import VetmlError
from vetml.grading.encoder import shared_encoder
from vetml.grading.engine import RubricGrader
from vetml.grading.schemas import GradeResult, GradingQuestion, Opinion, RubricItem
from vetml.plugins import DEFAULT_GRADER, Grader, load_grader
from vetml.questions import service as questions


def grade(question: GradingQuestion, answer: str) -> GradeResult:
    """Grade ``answer`` with the default offline grader; the same input always gets the same grade.

    The extra graders chosen by VETML_EXTRA_GRADERS run alongside and add their opinions; they
    never change the score or band, and one that fails or is late gives an opinion saying so.
    """
    settings = get_settings()
    deadline = time.monotonic() + settings.extra_grader_timeout
    extras = [_Extra(name, settings, question, answer) for name in settings.extra_graders]
    result = load_grader(DEFAULT_GRADER, settings).grade(question, answer)
    if not isinstance(result, GradeResult):
        raise TypeError(f"the default grader {DEFAULT_GRADER!r} must return a full grade")
    result.opinions = [extra.opinion(deadline) for extra in extras]
    return result


def warm_up() -> None:
    """Load the grader's models now, by grading a throwaway answer.

    A worker process that grades calls this when it starts, so the first candidate's answer is not
    the one that waits seconds for the models to load (and counts that wait against the task's deadline).
    """
    rubric = (RubricItem("Names a metric to watch after release", 1),)
    question = GradingQuestion(id="warm-up", content_hash="", prompt="How do you know a release went well?",
                               reference_answer="Watch the error rate and p99 latency and roll back on a regression.",
                               rubric=rubric)  # fmt: skip
    load_grader(DEFAULT_GRADER, get_settings()).grade(question, "I watch the error rate after the release.")


def question_for(session: Session, version_id: int) -> GradingQuestion:
    """A stored question version as the grader reads it, with the title of every shared signal it may detect."""
    question = GradingQuestion.from_detail(questions.get_version(session, version_id))
    return replace(
        question,
        signal_titles=questions.shared_titles(session, questions.SIGNAL) | question.signal_titles,
        red_flag_titles=questions.shared_titles(session, questions.RED_FLAG) | question.red_flag_titles,
    )


def rubric_grader(settings: Settings) -> Grader:
    """The default grader, offline and deterministic, with the process-wide embedding model."""
    return RubricGrader(shared_encoder())


class _Extra:
    """One extra grader, run on a daemon thread so that a stuck plugin can neither stall grading nor exit."""

    def __init__(self, name: str, settings: Settings, question: GradingQuestion, answer: str) -> None:
        self.name = name
        self.timeout = settings.extra_grader_timeout
        self._opinion: Opinion | None = None
        self._thread = threading.Thread(
            target=self._run, args=(settings, question, answer), name=f"grader-{name}", daemon=True
        )
        self._thread.start()

    def opinion(self, deadline: float) -> Opinion:
        """The grader's opinion, or one saying it did not answer in time."""
        self._thread.join(max(0.0, deadline - time.monotonic()))
        if self._opinion is None:
            return Opinion(grader=self.name, error=f"gave no opinion within {self.timeout:g} s")
        return self._opinion

    def _run(self, settings: Settings, question: GradingQuestion, answer: str) -> None:
        # Everything a plugin does, loading included, happens here, so any failure becomes its opinion.
        try:
            grader: Grader = load_grader(self.name, settings)
            judgement = grader.grade(question, answer)
            if not isinstance(judgement, Opinion | GradeResult):
                raise TypeError(f"grade() returned {type(judgement).__name__}, not an Opinion or a GradeResult")
            opinion = judgement if isinstance(judgement, Opinion) else Opinion.from_grade(self.name, judgement)
            self._opinion = opinion.model_copy(update={"grader": self.name})
        except Exception as error:  # a plugin's fault must never break grading
            self._opinion = Opinion(grader=self.name, error=_describe(error))


def _describe(error: Exception) -> str:
    if isinstance(error, VetmlError):
        return ". ".join(part for part in (error.message, error.hint) if part)[:500]
    return f"failed with {type(error).__name__}: {error}"[:500]
