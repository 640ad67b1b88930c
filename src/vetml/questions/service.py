"""Reads and writes of the question bank in the database.

Loading is all-or-nothing: the bank is validated first and an invalid bank changes nothing. A
question whose content hash changed gets a new version; a question deleted from the files is
retired, not deleted, because earlier interviews still point at its versions.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from sqlalchemy import Select, case, delete, func, select
from sqlalchemy.orm import Session

from vetml.errors import InvalidInput, NotFound
from vetml.questions.bank import Bank, Severity
from vetml.questions.models import (
    Category,
    Question,
    QuestionModule,
    QuestionTag,
    QuestionVersion,
    SharedSignal,
)
from vetml.questions.schemas import (
    BankStats,
    CategoryCount,
    FollowUpView,
    Level,
    LoadReport,
    QuestionDetail,
    QuestionFilter,
    QuestionSpec,
    QuestionSummary,
    SignalRefs,
    SignalView,
)
from vetml.questions.validation import validate_bank

SIGNAL = "signal"
RED_FLAG = "red_flag"


def sync(session: Session, *, root: Path) -> LoadReport:
    """Check the bank's integrity and load it; a broken bank raises and loads nothing."""
    bank, problems = validate_bank(root, integrity_only=True)
    errors = [str(problem) for problem in problems if problem.severity is Severity.ERROR]
    if errors:
        raise InvalidInput(
            f"the question bank at {root} has {len(errors)} error(s); nothing was loaded",
            hint="Fix the files listed, or run `vetml bank validate` for the full report.",
            details=errors,
        )
    return load(session, bank=bank)


def load(session: Session, *, bank: Bank) -> LoadReport:
    """Upsert categories, shared signals and questions from an already validated bank."""
    _load_categories(session, bank)
    _load_shared_signals(session, bank)
    report = LoadReport()
    existing = {question.id: question for question in session.scalars(select(Question))}
    current_hashes = _current_hashes(session)
    for spec in bank.questions:
        _load_question(session, spec, bank.sources[spec.id], existing.get(spec.id), current_hashes, report)
    for question_id, question in sorted(existing.items()):
        if question_id not in bank.sources and not question.retired:
            question.retired = True
            report.retired.append(question_id)
    session.flush()
    _delete_unused_categories(session, keep={category.id for category in bank.categories})
    return report


def content_hash(spec: QuestionSpec) -> str:
    """SHA-256 of the question's canonical JSON: equal content, equal hash, whatever the YAML layout."""
    canonical = json.dumps(spec.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _load_question(
    session: Session,
    spec: QuestionSpec,
    source: str,
    question: Question | None,
    current_hashes: dict[str, str],
    report: LoadReport,
) -> None:
    digest = content_hash(spec)
    if question is None:
        question = Question(id=spec.id, current_version=1)
        session.add(question)
        report.added.append(spec.id)
    elif current_hashes.get(spec.id) == digest:
        if question.retired:
            question.retired = False
            report.restored.append(spec.id)
        else:
            report.unchanged.append(spec.id)
        return
    else:
        question.current_version = _next_version_number(session, spec.id)
        question.retired = False
        report.updated.append(spec.id)
    _apply_current_fields(question, spec)
    session.add(
        QuestionVersion(
            question_id=spec.id,
            number=question.current_version,
            content_hash=digest,
            content=spec.model_dump(mode="json"),
            source_file=source,
        )
    )


def _apply_current_fields(question: Question, spec: QuestionSpec) -> None:
    question.category_id = spec.category
    question.level = spec.level.value
    question.title = spec.title
    question.expected_minutes = spec.expected_minutes
    question.search_text = _search_text(spec)
    question.tags = [QuestionTag(tag=tag) for tag in spec.tags]
    question.modules = [QuestionModule(module=module.value) for module in spec.modules]


def _search_text(spec: QuestionSpec) -> str:
    parts = [spec.title, spec.prompt, spec.category, " ".join(spec.tags), *(item.point for item in spec.rubric)]
    return "\n".join(parts).lower()


def _current_hashes(session: Session) -> dict[str, str]:
    rows = session.execute(
        select(QuestionVersion.question_id, QuestionVersion.content_hash).join(
            Question,
            (Question.id == QuestionVersion.question_id) & (Question.current_version == QuestionVersion.number),
        )
    )
    return {question_id: digest for question_id, digest in rows}  # noqa: C416 (typed unpacking of Row)


def _next_version_number(session: Session, question_id: str) -> int:
    highest = session.scalar(select(func.max(QuestionVersion.number)).where(QuestionVersion.question_id == question_id))
    return (highest or 0) + 1


def _load_categories(session: Session, bank: Bank) -> None:
    for position, spec in enumerate(bank.categories):
        category = session.get(Category, spec.id) or Category(id=spec.id)
        category.title = spec.title
        category.minimum = spec.minimum
        category.production = spec.production
        category.position = position
        session.add(category)
    session.flush()


def _delete_unused_categories(session: Session, *, keep: set[str]) -> None:
    used = select(Question.category_id).distinct()
    session.execute(delete(Category).where(Category.id.not_in(keep), Category.id.not_in(used)))


def _load_shared_signals(session: Session, bank: Bank) -> None:
    session.execute(delete(SharedSignal))
    for kind, items in ((SIGNAL, bank.signals.signals), (RED_FLAG, bank.signals.red_flags)):
        for item in items:
            session.add(SharedSignal(kind=kind, id=item.id, title=item.title, description=item.description))
    session.flush()


def list_questions(session: Session, *, filters: QuestionFilter) -> list[QuestionSummary]:
    """Questions matching every filter, in bank order; with a query, best title matches first."""
    level_order = case({level.value: level.rank for level in Level}, value=Question.level)
    statement = _filtered(select(Question).join(Category), filters)
    statement = statement.order_by(Category.position, level_order, Question.id)
    summaries = [_summary(question) for question in session.scalars(statement)]
    terms = _terms(filters.query)
    if terms:
        summaries.sort(key=lambda item: -sum(term in item.title.lower() for term in terms))
    return summaries


def _filtered(statement: Select[Question], filters: QuestionFilter) -> Select[Question]:
    if not filters.include_retired:
        statement = statement.where(Question.retired.is_(False))
    if filters.category:
        statement = statement.where(Question.category_id == filters.category)
    if filters.level:
        statement = statement.where(Question.level == filters.level.value)
    if filters.module:
        statement = statement.where(Question.modules.any(QuestionModule.module == filters.module.value))
    if filters.tag:
        statement = statement.where(Question.tags.any(QuestionTag.tag == filters.tag))
    for term in _terms(filters.query):
        statement = statement.where(Question.search_text.contains(term, autoescape=True))
    return statement


def _terms(query: str) -> list[str]:
    return [term for term in query.lower().split() if term]


def _summary(question: Question) -> QuestionSummary:
    return QuestionSummary(
        id=question.id,
        title=question.title,
        category=question.category_id,
        level=Level(question.level),
        modules=sorted(module.module for module in question.modules),
        tags=sorted(tag.tag for tag in question.tags),
        expected_minutes=question.expected_minutes,
        version=question.current_version,
        retired=question.retired,
    )


def get(session: Session, question_id: str, *, version: int | None = None) -> QuestionDetail:
    """One question at its current version, or at ``version`` when given."""
    question = session.get(Question, question_id)
    if question is None:
        raise NotFound(
            f"there is no question {question_id!r} in the bank",
            hint="Search the bank with `vetml bank search` or on the /bank page for the right id.",
        )
    numbers = list(
        session.scalars(
            select(QuestionVersion.number)
            .where(QuestionVersion.question_id == question_id)
            .order_by(QuestionVersion.number)
        )
    )
    wanted = version or question.current_version
    row = session.scalar(
        select(QuestionVersion).where(QuestionVersion.question_id == question_id, QuestionVersion.number == wanted)
    )
    if row is None:
        raise NotFound(
            f"question {question_id!r} has no version {wanted}",
            hint=f"Known versions: {', '.join(map(str, numbers))}.",
        )
    return _detail(session, question, row, numbers)


def get_version(session: Session, version_id: int) -> QuestionDetail:
    """A question exactly as it was at one stored version (what a record of an answer points at)."""
    version = session.get(QuestionVersion, version_id)
    if version is None:
        raise NotFound(f"question version {version_id} is missing", hint="Reload the bank with `vetml bank load`.")
    return get(session, version.question_id, version=version.number)


def get_version_by_hash(session: Session, content_hash_value: str) -> QuestionVersion:
    """The exact version with this content hash, for records that stored what was asked."""
    row = session.scalar(select(QuestionVersion).where(QuestionVersion.content_hash == content_hash_value).limit(1))
    if row is None:
        raise NotFound(f"no question version has the content hash {content_hash_value!r}")
    return row


def _detail(session: Session, question: Question, row: QuestionVersion, numbers: list[int]) -> QuestionDetail:
    spec = QuestionSpec.model_validate(row.content)
    shared = {(item.kind, item.id): item for item in session.scalars(select(SharedSignal))}
    category = session.get(Category, spec.category)
    return QuestionDetail(
        id=spec.id,
        title=spec.title,
        category=spec.category,
        category_title=category.title if category else spec.category,
        level=spec.level,
        modules=spec.modules,
        tags=spec.tags,
        expected_minutes=spec.expected_minutes,
        version=row.number,
        retired=question.retired,
        content_hash=row.content_hash,
        prompt=spec.prompt,
        reference_answer=spec.reference_answer,
        rubric=spec.rubric,
        signals=_resolve(spec.signals, SIGNAL, shared),
        red_flags=_resolve(spec.red_flags, RED_FLAG, shared),
        follow_ups=_follow_ups(session, spec),
        versions=numbers,
    )


def _resolve(refs: SignalRefs, kind: str, shared: dict[tuple[str, str], SharedSignal]) -> list[SignalView]:
    views = []
    for shared_id in refs.shared:
        item = shared.get((kind, shared_id))
        title, description = (item.title, item.description) if item else (shared_id, "")
        views.append(SignalView(title=title, description=description, shared_id=shared_id))
    views.extend(SignalView(title=text) for text in refs.specific)
    return views


def _follow_ups(session: Session, spec: QuestionSpec) -> list[FollowUpView]:
    views = []
    for follow_up in spec.follow_ups:
        if follow_up.question is None:
            views.append(FollowUpView(text=follow_up.prompt or ""))
            continue
        target = session.get(Question, follow_up.question)
        title = target.title if target else follow_up.question
        views.append(FollowUpView(text=title, question_id=follow_up.question))
    return views


def shared_titles(session: Session, kind: str) -> dict[str, str]:
    """Titles of every shared signal (``SIGNAL``) or red flag (``RED_FLAG``), by id."""
    return {item.id: item.title for item in session.scalars(select(SharedSignal).where(SharedSignal.kind == kind))}


def stats(session: Session) -> BankStats:
    """Counts of active questions by category, level and module."""
    active = list(session.scalars(select(Question).where(Question.retired.is_(False))))
    per_category = Counter(question.category_id for question in active)
    categories = [
        CategoryCount(
            id=category.id,
            title=category.title,
            count=per_category[category.id],
            minimum=category.minimum,
            production=category.production,
        )
        for category in session.scalars(select(Category).order_by(Category.position))
    ]
    levels = Counter(question.level for question in active)
    modules = Counter(module.module for question in active for module in question.modules)
    retired = session.scalar(select(func.count()).select_from(Question).where(Question.retired.is_(True))) or 0
    return BankStats(
        total=len(active),
        retired=retired,
        categories=categories,
        levels={level.value: levels[level.value] for level in Level},
        modules=dict(sorted(modules.items())),
        senior_or_staff=levels[Level.SENIOR.value] + levels[Level.STAFF.value],
    )


def categories(session: Session) -> list[Category]:
    """Categories in bank order, for filter menus."""
    return list(session.scalars(select(Category).order_by(Category.position)))


def all_tags(session: Session) -> list[str]:
    """Every tag used by an active question, sorted."""
    statement = (
        select(QuestionTag.tag).join(Question).where(Question.retired.is_(False)).distinct().order_by(QuestionTag.tag)
    )
    return list(session.scalars(statement))
