"""The bank as plain data for the planner, and the one function that reads it from the database.

Keeping the planner's input a plain Pydantic ``Catalogue`` lets it be tested and reasoned about
without a database; ``catalogue_from_session`` is the only place that knows about rows and folders.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from vetml.interviews.competencies import Competency, item_competencies, words
from vetml.judge.challenges import challenge_folders, read_challenge
from vetml.questions.models import Question, QuestionVersion
from vetml.questions.schemas import Level, Module

QUESTION = "question"
CHALLENGE = "challenge"
CHALLENGE_MINUTES = 40  # a challenge takes most of a coding round
# Challenge categories (judge ChallengeCategory values) to the coding modules they suit.
CHALLENGE_MODULES: dict[str, tuple[Module, ...]] = {
    "algorithms": (Module.CODING_ALGORITHMS,),
    "ml-from-scratch": (Module.CODING_ALGORITHMS, Module.DATA_CODING),
    "data-coding": (Module.DATA_CODING,),
    "production-ml": (Module.DATA_CODING,),
    "testing": (Module.DATA_CODING,),
}


class CatalogueQuestion(BaseModel):
    """A bank question at its current version, with what the planner matches skills against."""

    id: str
    category: str
    level: Level
    modules: list[Module]
    tags: list[str] = Field(default_factory=list)
    title: str = ""
    prompt: str = ""
    version: int = 1
    content_hash: str = ""
    minutes: int = 10


class CatalogueChallenge(BaseModel):
    """A coding challenge of the bank."""

    id: str
    category: str
    level: Level
    tags: list[str] = Field(default_factory=list)
    title: str = ""
    content_hash: str = ""


class Catalogue(BaseModel):
    """Everything the planner may pick from."""

    questions: list[CatalogueQuestion] = Field(default_factory=list)
    challenges: list[CatalogueChallenge] = Field(default_factory=list)


@dataclass(frozen=True)
class Option:
    """A question or challenge the planner could put in a module."""

    kind: str
    id: str
    title: str
    category: str
    level: Level
    minutes: int
    modules: tuple[Module, ...]
    competencies: tuple[Competency, ...]
    tag_words: frozenset[str]
    title_words: frozenset[str]
    prompt_words: frozenset[str]
    version: int | None = None
    content_hash: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """Identity across kinds: a question and a challenge may share an id."""
        return (self.kind, self.id)

    def match(self, phrase: str) -> int:
        """How squarely this option is about a skill: 3 by its tags, 2 by its title, 1 by its prompt, 0 not."""
        wanted = set(words(phrase))
        if not wanted:
            return 0
        for strength, found in ((3, self.tag_words), (2, self.title_words), (1, self.prompt_words)):
            if wanted <= found:
                return strength
        return 0


def options_from(catalogue: Catalogue, *, seen_questions: Set[str], seen_challenges: Set[str]) -> list[Option]:
    """Every question and challenge the candidate has not seen yet, in a stable order."""
    options = [_question(item) for item in catalogue.questions if item.id not in seen_questions]
    options += [_challenge(item) for item in catalogue.challenges if item.id not in seen_challenges]
    return sorted(options, key=lambda option: option.key)


def _question(item: CatalogueQuestion) -> Option:
    return Option(
        kind=QUESTION,
        id=item.id,
        title=item.title,
        category=item.category,
        level=item.level,
        minutes=item.minutes,
        modules=tuple(item.modules),
        competencies=tuple(item_competencies(item.category, item.tags)),
        tag_words=frozenset(word for tag in item.tags for word in words(tag)),
        title_words=frozenset(words(item.title)),
        prompt_words=frozenset(words(f"{item.title} {item.prompt}")),
        version=item.version,
        content_hash=item.content_hash,
    )


def _challenge(item: CatalogueChallenge) -> Option:
    return Option(
        kind=CHALLENGE,
        id=item.id,
        title=item.title,
        category=item.category,
        level=item.level,
        minutes=CHALLENGE_MINUTES,
        modules=CHALLENGE_MODULES.get(item.category, ()),
        competencies=tuple(item_competencies(item.category, item.tags)),
        tag_words=frozenset(word for tag in item.tags for word in words(tag)),
        title_words=frozenset(words(item.title)),
        prompt_words=frozenset(words(item.title)),
        content_hash=item.content_hash,
    )


def catalogue_from_session(session: Session, challenges_root: Path) -> Catalogue:
    """The active bank questions at their current versions, and the challenge folders, as a Catalogue."""
    current = (QuestionVersion.question_id == Question.id) & (QuestionVersion.number == Question.current_version)
    rows = session.execute(
        select(Question, QuestionVersion).join(QuestionVersion, current).where(Question.retired.is_(False))
    )
    questions = [_catalogue_question(question, version) for question, version in rows]
    challenges = [_catalogue_challenge(folder) for folder in challenge_folders(challenges_root)]
    return Catalogue(questions=sorted(questions, key=lambda item: item.id), challenges=challenges)


def _catalogue_question(question: Question, version: QuestionVersion) -> CatalogueQuestion:
    return CatalogueQuestion(
        id=question.id,
        category=question.category_id,
        level=Level(question.level),
        modules=sorted(Module(row.module) for row in question.modules),
        tags=sorted(row.tag for row in question.tags),
        title=question.title,
        prompt=str(version.content.get("prompt", "")),
        version=version.number,
        content_hash=version.content_hash,
        minutes=question.expected_minutes,
    )


def _catalogue_challenge(folder: Path) -> CatalogueChallenge:
    challenge = read_challenge(folder)
    spec = challenge.spec
    return CatalogueChallenge(
        id=spec.id,
        category=spec.category.value,
        level=spec.level,
        tags=list(spec.tags),
        title=spec.title,
        content_hash=challenge.content_hash,
    )
