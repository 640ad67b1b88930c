"""Checks on the bank as a whole: references, coverage, and repetition.

A single file can be valid while the bank is not: a follow-up can point at a question that was
renamed, a category can fall below its minimum, two authors can write the same question. These
checks see all files at once. Run them with ``vetml bank validate``.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations
from pathlib import Path

from vetml.questions.bank import Bank, Problem, Severity, read_bank
from vetml.questions.schemas import Level, QuestionSpec

RUBRIC_POINT_REUSE_LIMIT = 3
NEAR_DUPLICATE_THRESHOLD = 0.45
SHINGLE_SIZE = 3
_WORD = re.compile(r"[a-z0-9]+")


def validate_bank(root: Path, *, integrity_only: bool = False) -> tuple[Bank, list[Problem]]:
    """Read the bank at ``root`` and check it; the bank is valid when no problem is an error.

    ``integrity_only`` runs just the checks without which the bank cannot be loaded (schema, ids,
    references); coverage and repetition are editorial standards that `vetml bank validate` enforces.
    """
    bank, problems = read_bank(root)
    problems.extend(check_bank(bank, integrity_only=integrity_only))
    return bank, problems


def check_bank(bank: Bank, *, integrity_only: bool = False) -> list[Problem]:
    """Cross-file checks on an already read bank."""
    checks = [_placement, _references]
    if not integrity_only:
        checks += [_coverage, _repeated_rubric_points, _near_duplicate_prompts]
    return [problem for check in checks for problem in check(bank)]


def is_valid(problems: Iterable[Problem], *, strict: bool = False) -> bool:
    """Errors always invalidate; in strict mode warnings do too."""
    return not any(strict or problem.severity is Severity.ERROR for problem in problems)


def _placement(bank: Bank) -> Iterator[Problem]:
    for question in bank.questions:
        source = bank.sources[question.id]
        path = Path(source)
        if path.stem != question.id:
            yield Problem(source, f"the file name must be the id: rename it to {question.id}.yaml", "id")
        if bank.category(question.category) is None:
            known = ", ".join(category.id for category in bank.categories)
            yield Problem(source, f"unknown category {question.category!r}; use one of: {known}", "category")
        elif path.parent.name != question.category:
            yield Problem(source, f"move the file into questions/{question.category}/", "category")


def _references(bank: Bank) -> Iterator[Problem]:
    signal_ids = {item.id for item in bank.signals.signals}
    red_flag_ids = {item.id for item in bank.signals.red_flags}
    for question in bank.questions:
        source = bank.sources[question.id]
        for index, signal in enumerate(question.signals.shared):
            if signal not in signal_ids:
                yield Problem(source, f"unknown shared signal {signal!r}; see signals.yaml", f"signals.shared.{index}")
        for index, flag in enumerate(question.red_flags.shared):
            if flag not in red_flag_ids:
                yield Problem(
                    source, f"unknown shared red flag {flag!r}; see signals.yaml", f"red_flags.shared.{index}"
                )
        for index, follow_up in enumerate(question.follow_ups):
            target = follow_up.question
            if target is None:
                continue
            where = f"follow_ups.{index}.question"
            if target == question.id:
                yield Problem(source, "a question cannot be its own follow-up", where)
            elif target not in bank.sources:
                yield Problem(source, f"follow-up points at {target!r}, which is not in the bank", where)


def _coverage(bank: Bank) -> Iterator[Problem]:
    counts = Counter(question.category for question in bank.questions)
    for category in bank.categories:
        have = counts[category.id]
        if have < category.minimum:
            yield Problem(
                f"questions/{category.id}/",
                f"category {category.id!r} has {have} questions; it needs at least {category.minimum}",
            )
    levels = Counter(question.level for question in bank.questions)
    for level in Level:
        if levels[level] == 0:
            yield Problem("questions/", f"no question is pitched at {level.value} level; add some")
    senior, needed = levels[Level.SENIOR] + levels[Level.STAFF], bank.senior_or_staff_minimum
    if senior < needed:
        yield Problem("questions/", f"{senior} questions are senior or staff level; at least {needed} are needed")
    yield from _single_level_categories(bank)


def _single_level_categories(bank: Bank) -> Iterator[Problem]:
    levels_by_category: dict[str, set[Level]] = defaultdict(set)
    for question in bank.questions:
        levels_by_category[question.category].add(question.level)
    for category, levels in sorted(levels_by_category.items()):
        if len(levels) == 1:
            only = next(iter(levels)).value
            message = f"every question in {category!r} is {only} level; vary the levels"
            yield Problem(f"questions/{category}/", message, severity=Severity.WARNING)


def _repeated_rubric_points(bank: Bank) -> Iterator[Problem]:
    """Generic points belong in signals.yaml; the same point in many rubrics means templated content."""
    users: dict[str, list[str]] = defaultdict(list)
    for question in bank.questions:
        for item in question.rubric:
            users[_normalise(item.point)].append(question.id)
    for point, question_ids in sorted(users.items()):
        if len(question_ids) > RUBRIC_POINT_REUSE_LIMIT:
            names = ", ".join(question_ids)
            message = (
                f"the rubric point {point!r} appears in {len(question_ids)} questions ({names}); "
                "make it specific to each question or move it to the shared signals"
            )
            yield Problem("questions/", message, "rubric", Severity.WARNING)


def _near_duplicate_prompts(bank: Bank) -> Iterator[Problem]:
    for first, second, similarity in near_duplicates(bank.questions):
        message = (
            f"prompt is {similarity:.0%} similar to {second.id} ({bank.sources[second.id]}); "
            "merge them or make them ask different things"
        )
        yield Problem(bank.sources[first.id], message, "prompt", Severity.WARNING)


def near_duplicates(
    questions: list[QuestionSpec], threshold: float = NEAR_DUPLICATE_THRESHOLD
) -> Iterator[tuple[QuestionSpec, QuestionSpec, float]]:
    """Pairs of questions whose prompts share many word shingles (Jaccard similarity)."""
    shingled = [(question, shingles(question.prompt)) for question in questions]
    for (first, first_set), (second, second_set) in combinations(shingled, 2):
        similarity = jaccard(first_set, second_set)
        if similarity >= threshold:
            yield first, second, similarity


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    """Overlapping runs of ``size`` words, lower-cased and stripped of punctuation."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[index : index + size]) for index in range(len(words) - size + 1)}


def jaccard(first: set[tuple[str, ...]], second: set[tuple[str, ...]]) -> float:
    """Size of the intersection over the size of the union; 0 for two empty sets."""
    union = first | second
    return len(first & second) / len(union) if union else 0.0


def _normalise(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _main(argv: list[str]) -> int:
    """Author's check without the app: ``python -m vetml.questions.validation BANK_DIR``."""
    root = Path(argv[0]) if argv else Path("bank")
    bank, problems = validate_bank(root)
    for problem in problems:
        print(f"{problem.severity.value}: {problem}")
    print(f"{len(bank.questions)} questions read, {len(problems)} problems")
    return 0 if is_valid(problems) else 1


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
