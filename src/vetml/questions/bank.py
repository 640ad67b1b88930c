"""Reading the question bank from its YAML files.

Reading never stops at the first bad file: it collects every problem with the file and field it
comes from, so an author fixes a whole batch in one pass. It needs only Pydantic and PyYAML, so a
content author can check files without the database or the web app.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from vetml.kit import safe_yaml
from vetml.questions.schemas import CategoriesFile, CategorySpec, QuestionSpec, SignalsFile

CATEGORIES_FILE = "categories.yaml"
SIGNALS_FILE = "signals.yaml"
QUESTIONS_DIR = "questions"

ModelT = TypeVar("ModelT", bound=BaseModel)


class Severity(StrEnum):
    """An error makes the bank invalid; a warning asks an author to look."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """Something wrong in the bank, located precisely enough to fix."""

    file: str
    message: str
    field: str = ""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


@dataclass
class Bank:
    """Everything read from a bank directory that passed the schema."""

    root: Path
    categories: list[CategorySpec] = field(default_factory=list)
    senior_or_staff_minimum: int = 0
    signals: SignalsFile = field(default_factory=lambda: SignalsFile(signals=[], red_flags=[]))
    questions: list[QuestionSpec] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    def category(self, category_id: str) -> CategorySpec | None:
        """The category with this id, if the bank defines it."""
        return next((item for item in self.categories if item.id == category_id), None)


def read_bank(root: Path) -> tuple[Bank, list[Problem]]:
    """Read categories, shared signals and every question file under ``root``."""
    bank = Bank(root=root)
    problems: list[Problem] = []
    if not root.is_dir():
        fix = "set VETML_BANK_DIR to the folder that holds categories.yaml and questions/"
        return bank, [Problem(file=str(root), message=f"the bank folder does not exist; {fix}")]
    categories = _read_model(root, CATEGORIES_FILE, CategoriesFile, problems)
    if categories is not None:
        bank.categories = categories.categories
        bank.senior_or_staff_minimum = categories.senior_or_staff_minimum
    signals = _read_model(root, SIGNALS_FILE, SignalsFile, problems)
    if signals is not None:
        bank.signals = signals
    for path in _question_files(root):
        question = _read_model(root, str(path.relative_to(root)), QuestionSpec, problems)
        if question is None:
            continue
        relative = str(path.relative_to(root))
        if question.id in bank.sources:
            problems.append(
                Problem(
                    file=relative,
                    field="id",
                    message=f"duplicate id {question.id!r}, already used by {bank.sources[question.id]}; "
                    "give one of them a new id",
                )
            )
            continue
        bank.sources[question.id] = relative
        bank.questions.append(question)
    bank.questions.sort(key=lambda item: item.id)
    return bank, problems


def _question_files(root: Path) -> Iterator[Path]:
    folder = root / QUESTIONS_DIR
    yield from sorted(folder.rglob("*.yaml"))
    yield from sorted(folder.rglob("*.yml"))


def _read_model(root: Path, relative: str, model: type[ModelT], problems: list[Problem]) -> ModelT | None:
    """Parse one YAML file into ``model``, turning every failure into a located problem."""
    path = root / relative
    try:
        data = _load_yaml(path)
    except FileNotFoundError:
        problems.append(Problem(file=relative, message="file is missing; restore it from version control"))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(file=relative, message=_yaml_message(error)))
        return None
    except UnicodeDecodeError:
        problems.append(Problem(file=relative, message="file is not UTF-8 text; save it as UTF-8"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems.extend(_validation_problems(relative, error))
        return None


def _load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return safe_yaml.safe_load(handle)


def _yaml_message(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or "it is not valid YAML"
    if mark is None:
        return f"not valid YAML: {problem}"
    where = f"line {mark.line + 1}, column {mark.column + 1}"
    return f"not valid YAML at {where}: {problem}; check the indentation and quoting"


def _validation_problems(relative: str, error: ValidationError) -> Iterator[Problem]:
    for detail in error.errors():
        location = ".".join(str(part) for part in detail["loc"])
        yield Problem(file=relative, field=location or "(file)", message=_friendly(detail))


def _friendly(detail: Any) -> str:
    """Pydantic's message plus what to do about it, for the error types authors actually hit."""
    kind = detail["type"]
    message = str(detail["msg"])
    if kind == "extra_forbidden":
        return "unknown key; check its spelling against docs/question-bank.md"
    if kind == "missing":
        return "required key is missing; add it"
    if kind == "enum":
        return f"{message.lower()}"
    if kind == "model_type" and detail["loc"] == ():
        return "the file is empty or not a mapping of keys; see docs/question-bank.md for the layout"
    return message
