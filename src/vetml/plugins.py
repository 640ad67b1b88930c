"""Every extension point of vetml, declared in one place, and the built-in plugins registered through it.

Graders of written answers are plugins: a class with a ``name`` and one method, ``grade``. Third
parties add theirs through the ``vetml.graders`` entry-point group; the built-in graders are
entry points of the same group declared here, so both are found and loaded by the same code.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Protocol

from vetml.errors import ConfigurationError

if TYPE_CHECKING:
    from vetml.config import Settings
    from vetml.grading.schemas import GradeResult, GradingQuestion, Opinion

GRADERS = "vetml.graders"
DEFAULT_GRADER = "rubric-alignment"
BUILTIN_GRADERS = (
    EntryPoint(DEFAULT_GRADER, "vetml.grading.service:rubric_grader", GRADERS),
    EntryPoint("openai-compatible", "vetml.grading.llm:OpenAICompatibleGrader.from_settings", GRADERS),
)


class Grader(Protocol):
    """Grades a written answer to a question version: a full grade with evidence, or an opinion."""

    name: str

    def grade(self, question: GradingQuestion, answer: str) -> GradeResult | Opinion:
        """The grader's judgement of ``answer``; one that cannot judge raises or returns an opinion with an error."""


# What a ``vetml.graders`` entry point names: a callable that builds the grader from the settings
# (a class whose ``__init__`` takes the settings will do).
GraderFactory = Callable[["Settings"], Grader]


@lru_cache(maxsize=1)
def grader_entry_points() -> dict[str, EntryPoint]:
    """The built-in graders and those installed packages declare; a built-in name cannot be taken over."""
    found = {entry.name: entry for entry in entry_points(group=GRADERS) if entry.name not in _builtin_names()}
    return {**{entry.name: entry for entry in BUILTIN_GRADERS}, **dict(sorted(found.items()))}


def load_grader(name: str, settings: Settings) -> Grader:
    """Build the grader registered as ``name``; an unknown name says which ones are installed."""
    entry = grader_entry_points().get(name)
    if entry is None:
        raise ConfigurationError(
            f"there is no grader named {name!r}",
            hint=f"Installed graders: {', '.join(grader_entry_points())}. Fix VETML_EXTRA_GRADERS.",
        )
    factory: GraderFactory = entry.load()
    return factory(settings)


def _builtin_names() -> set[str]:
    return {entry.name for entry in BUILTIN_GRADERS}
