"""Practice sessions: plan one, ask its questions, grade each answer, report, and track progress.

The web app and the terminal both call these functions; they flush and never commit (the caller
owns the transaction), so an answer and its card update are saved together or not at all.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from vetml.errors import Conflict, InvalidInput, NotFound
from vetml.grading import service as grading
from vetml.grading.schemas import GradeResult
from vetml.practice.models import PracticeAttempt, PracticeCard, PracticeProfile, PracticeSession
from vetml.practice.planner import Candidate, Seen, plan
from vetml.practice.report import build_report
from vetml.practice.scheduling import aware, review
from vetml.practice.schemas import (
    MAX_ANSWER_CHARS,
    AttemptView,
    CategoryProgress,
    History,
    PlannedQuestion,
    PracticeReport,
    PracticeRequest,
    QuestionCard,
    SessionSummary,
)
from vetml.questions import service as questions
from vetml.questions.models import Category, Question, QuestionVersion
from vetml.questions.schemas import Level, QuestionDetail

MIN_PREFIX = 8
RECENT_ATTEMPTS = 5  # a category's strength is the mean of its last few answers


def _now() -> datetime:
    return datetime.now(UTC)


def profile_named(session: Session, *, name: str) -> PracticeProfile:
    """The terminal profile called ``name``, created on first use."""
    name = name.strip()[:120]
    if not name:
        raise InvalidInput("the practice profile name is empty", hint="Pass --profile NAME, e.g. --profile alex.")
    found = session.scalar(select(PracticeProfile).where(PracticeProfile.name == name).limit(1))
    return found or create_profile(session, name=name)


def find_profile(session: Session, *, name: str) -> PracticeProfile:
    """The profile called ``name``, which must have practised before."""
    found = session.scalar(select(PracticeProfile).where(PracticeProfile.name == name.strip()).limit(1))
    if found is None:
        raise NotFound(f"{name!r} has not practised yet", hint="Start a session with `vetml practice`.")
    return found


def create_profile(session: Session, *, name: str) -> PracticeProfile:
    """A new profile with an unguessable id (the web keeps it in a cookie)."""
    profile = PracticeProfile(id=str(uuid.uuid4()), name=name, created_at=_now())
    session.add(profile)
    session.flush()
    return profile


def get_profile(session: Session, profile_id: str) -> PracticeProfile:
    """A profile by id."""
    profile = session.get(PracticeProfile, profile_id)
    if profile is None:
        raise NotFound("there is no such practice profile", hint="Start a new practice session.")
    return profile


def suggest(
    session: Session, *, profile_id: str, request: PracticeRequest, now: datetime | None = None, seed: str = ""
) -> list[PlannedQuestion]:
    """The questions a session for ``request`` would ask, weakest areas and due reviews first."""
    return plan(
        request,
        _candidates(session),
        seen=_seen(session, profile_id),
        category_scores=category_scores(session, profile_id),
        now=now or _now(),
        seed=seed or profile_id,
    )


def start(
    session: Session, *, profile_id: str, request: PracticeRequest, now: datetime | None = None
) -> PracticeSession:
    """Plan and store a new session; a request no question matches is an error that says what to change."""
    get_profile(session, profile_id)
    session_id = str(uuid.uuid4())
    planned = suggest(session, profile_id=profile_id, request=request, now=now, seed=session_id)
    if not planned:
        raise _nothing_matches(session, request)
    row = PracticeSession(
        id=session_id,
        profile_id=profile_id,
        modules=[module.value for module in request.modules],
        level=request.level.value,
        minutes=request.minutes,
        plan=[item.model_dump() for item in planned],
        started_at=now or _now(),
    )
    session.add(row)
    session.flush()
    return row


def get(session: Session, session_id: str, *, profile_id: str | None = None) -> PracticeSession:
    """A session by id; with ``profile_id``, only if it belongs to that profile (the web's check)."""
    row = session.get(PracticeSession, session_id)
    if row is None or (profile_id is not None and row.profile_id != profile_id):
        raise NotFound(f"there is no practice session {session_id!r}", hint="Start a new one.")
    return row


def resolve(session: Session, *, prefix: str) -> str:
    """The full id of the one session whose id starts with ``prefix`` (history shows 8 characters)."""
    cleaned = prefix.strip().lower()
    if len(cleaned) < MIN_PREFIX:
        raise InvalidInput(f"the session id {prefix!r} is too short", hint=f"Give at least {MIN_PREFIX} characters.")
    found = session.scalars(
        select(PracticeSession.id).where(PracticeSession.id.startswith(cleaned, autoescape=True)).limit(2)
    ).all()
    if len(found) != 1:
        state = "no practice session" if not found else "more than one practice session"
        raise NotFound(f"{state} has an id starting with {prefix!r}", hint="Copy the id from `vetml practice history`.")
    return found[0]


def current(session: Session, *, session_id: str) -> QuestionCard | None:
    """The next question to answer, or None when every planned question has been answered."""
    row = get(session, session_id)
    position = len(_attempts(session, session_id))
    if row.finished_at is not None or position >= len(row.plan):
        return None
    planned = PlannedQuestion.model_validate(row.plan[position])
    detail = _version_detail(session, planned.version_id)
    return QuestionCard(
        session_id=row.id,
        position=position,
        total=len(row.plan),
        question_id=detail.id,
        title=detail.title,
        category=detail.category,
        category_title=detail.category_title,
        level=detail.level,
        prompt=detail.prompt,
        time_limit=planned.minutes * 60,
        reason=planned.reason,
    )


def show(session: Session, *, session_id: str, profile_id: str, now: datetime | None = None) -> QuestionCard | None:
    """The next question for the web page, with the time it was first shown, so a reload keeps the clock."""
    row = get(session, session_id, profile_id=profile_id)
    card = current(session, session_id=session_id)
    if card is None:
        return None
    item = dict(row.plan[card.position])
    if "shown_at" not in item:
        item["shown_at"] = (now or _now()).isoformat()
        row.plan = [*row.plan[: card.position], item, *row.plan[card.position + 1 :]]  # a new list: JSON change
        session.flush()
    shown_at = aware(datetime.fromisoformat(item["shown_at"]))
    card.seconds_left = max(0, card.time_limit - elapsed_since(shown_at, now or _now()))
    return card


def seconds_on(session: Session, *, session_id: str, position: int, now: datetime | None = None) -> int:
    """Seconds since the question at ``position`` was first shown (0 if it never was)."""
    plan = get(session, session_id).plan
    shown = plan[position].get("shown_at") if 0 <= position < len(plan) else None
    return elapsed_since(aware(datetime.fromisoformat(shown)), now or _now()) if shown else 0


def elapsed_since(moment: datetime, now: datetime) -> int:
    """Whole seconds from ``moment`` to ``now``, never negative."""
    return max(0, int((aware(now) - aware(moment)).total_seconds()))


def answer(
    session: Session,
    *,
    session_id: str,
    position: int,
    text: str,
    seconds: int,
    timed_out: bool = False,
    skipped: bool = False,
    now: datetime | None = None,
) -> AttemptView:
    """Grade and store the answer to the question at ``position``, and reschedule that question."""
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidInput(
            f"the answer is {len(text):,} characters long; the limit is {MAX_ANSWER_CHARS:,}",
            hint="Shorten the answer: an interview answer rarely needs more than a page.",
        )
    card = current(session, session_id=session_id)
    if card is None or card.position != position:
        raise Conflict(
            f"question {position + 1} of this session is not the one waiting for an answer",
            hint="It was probably answered already (a double submit); reload to see the next question.",
        )
    row = get(session, session_id)
    planned = PlannedQuestion.model_validate(row.plan[position])
    grade = grading.grade(grading.question_for(session, planned.version_id), text)
    when = now or _now()
    attempt = PracticeAttempt(
        session_id=session_id,
        position=position,
        question_id=card.question_id,
        version_id=planned.version_id,
        category_id=card.category,
        answer=text,
        seconds=max(0, seconds),
        time_limit=card.time_limit,
        timed_out=timed_out,
        skipped=skipped,
        score=grade.score,
        band=grade.band,
        grade=grade.model_dump(mode="json"),
        created_at=when,
    )
    session.add(attempt)
    _reschedule(session, row.profile_id, card.question_id, grade, when)
    session.flush()
    return _attempt_view(session, attempt)


def finish(session: Session, *, session_id: str, now: datetime | None = None) -> PracticeReport:
    """Close the session (unanswered questions stay unasked) and return its report."""
    row = get(session, session_id)
    if row.finished_at is None:
        row.finished_at = now or _now()
        session.flush()
    return report(session, session_id=session_id)


def report(session: Session, *, session_id: str) -> PracticeReport:
    """The end-of-session report, rebuilt from the stored grades."""
    row = get(session, session_id)
    attempts = [_attempt_view(session, attempt) for attempt in _attempts(session, session_id)]
    due = _due_dates(session, row.profile_id, [attempt.question_id for attempt in attempts])
    return build_report(row, get_profile(session, row.profile_id).name, attempts, due)


def history(session: Session, *, profile_id: str, now: datetime | None = None) -> History:
    """Every session of a profile, oldest first, and each category's progress."""
    profile = get_profile(session, profile_id)
    rows = session.scalars(
        select(PracticeSession).where(PracticeSession.profile_id == profile_id).order_by(PracticeSession.started_at)
    ).all()
    return History(
        profile_name=profile.name,
        sessions=[_summary(session, row) for row in rows],
        categories=_progress(session, profile_id, now or _now()),
    )


def category_scores(session: Session, profile_id: str) -> dict[str, float]:
    """Mean score of the last few answers in each category the profile has practised."""
    return {
        category: sum(scores[-RECENT_ATTEMPTS:]) / len(scores[-RECENT_ATTEMPTS:])
        for category, scores in _scores_by_category(session, profile_id).items()
    }


def _scores_by_category(session: Session, profile_id: str) -> dict[str, list[int]]:
    """Every score of the profile, oldest first, grouped by category."""
    by_category: dict[str, list[int]] = defaultdict(list)
    for attempt in _profile_attempts(session, profile_id):
        by_category[attempt.category_id].append(attempt.score)
    return by_category


def _candidates(session: Session) -> list[Candidate]:
    current_version = and_(
        QuestionVersion.question_id == Question.id, QuestionVersion.number == Question.current_version
    )
    rows = session.execute(
        select(Question, QuestionVersion.id).join(QuestionVersion, current_version).where(Question.retired.is_(False))
    ).all()
    return [
        Candidate(
            question_id=question.id,
            version_id=version_id,
            category=question.category_id,
            level=Level(question.level),
            modules=frozenset(item.module for item in question.modules),
            minutes=question.expected_minutes,
        )
        for question, version_id in rows
    ]


def _seen(session: Session, profile_id: str) -> dict[str, Seen]:
    cards = session.scalars(select(PracticeCard).where(PracticeCard.profile_id == profile_id))
    return {card.question_id: Seen(due=card.due, last_score=card.last_score) for card in cards}


def _reschedule(session: Session, profile_id: str, question_id: str, grade: GradeResult, when: datetime) -> None:
    card = session.get(PracticeCard, (profile_id, question_id))
    state, due = review(card.state if card else None, band=grade.band, when=when)
    if card is None:
        card = PracticeCard(profile_id=profile_id, question_id=question_id, reviews=0)
        session.add(card)
    card.state, card.due, card.last_score, card.reviews = state, due, grade.score, card.reviews + 1


def _version_detail(session: Session, version_id: int) -> QuestionDetail:
    return questions.get_version(session, version_id)


def _attempts(session: Session, session_id: str) -> list[PracticeAttempt]:
    return list(
        session.scalars(
            select(PracticeAttempt).where(PracticeAttempt.session_id == session_id).order_by(PracticeAttempt.position)
        )
    )


def _profile_attempts(session: Session, profile_id: str) -> list[PracticeAttempt]:
    return list(
        session.scalars(
            select(PracticeAttempt)
            .join(PracticeSession)
            .where(PracticeSession.profile_id == profile_id)
            .order_by(PracticeAttempt.created_at, PracticeAttempt.id)
        )
    )


def _attempt_view(session: Session, attempt: PracticeAttempt) -> AttemptView:
    category = session.get(Category, attempt.category_id)
    grade = GradeResult.model_validate(attempt.grade)
    version = session.get(QuestionVersion, attempt.version_id)
    title = str(version.content.get("title", attempt.question_id)) if version else attempt.question_id
    return AttemptView(
        position=attempt.position,
        question_id=attempt.question_id,
        title=title,
        category=attempt.category_id,
        category_title=category.title if category else attempt.category_id,
        answer=attempt.answer,
        seconds=attempt.seconds,
        time_limit=attempt.time_limit,
        timed_out=attempt.timed_out,
        skipped=attempt.skipped,
        grade=grade,
    )


def _due_dates(session: Session, profile_id: str, question_ids: list[str]) -> dict[str, datetime]:
    cards = session.scalars(
        select(PracticeCard).where(PracticeCard.profile_id == profile_id, PracticeCard.question_id.in_(question_ids))
    )
    return {card.question_id: aware(card.due) for card in cards}


def _summary(session: Session, row: PracticeSession) -> SessionSummary:
    scores = [attempt.score for attempt in _attempts(session, row.id)]
    return SessionSummary(
        session_id=row.id,
        started_at=aware(row.started_at),
        level=Level(row.level),
        modules=row.modules,
        answered=len(scores),
        planned=len(row.plan),
        mean_score=round(sum(scores) / len(scores), 1) if scores else None,
    )


def _progress(session: Session, profile_id: str, now: datetime) -> list[CategoryProgress]:
    by_category = _scores_by_category(session, profile_id)
    due: dict[str, int] = defaultdict(int)
    cards = session.execute(
        select(PracticeCard.due, Question.category_id)
        .join(Question, Question.id == PracticeCard.question_id)
        .where(PracticeCard.profile_id == profile_id)
    ).all()
    for when, category in cards:
        due[category] += aware(when) <= aware(now)
    titles = {category.id: category.title for category in session.scalars(select(Category))}
    return sorted(
        (
            CategoryProgress(
                category=category,
                title=titles.get(category, category),
                attempts=len(scores),
                first_score=scores[0],
                latest_score=scores[-1],
                mean_score=round(sum(scores) / len(scores), 1),
                due=due[category],
            )
            for category, scores in by_category.items()
        ),
        key=lambda item: item.mean_score,
    )


def _nothing_matches(session: Session, request: PracticeRequest) -> InvalidInput:
    if session.scalar(select(Question.id).limit(1)) is None:
        return InvalidInput("the question bank is empty", hint="Load it with `vetml bank load` (or run `make run`).")
    modules = ", ".join(module.value for module in request.modules) or "any module"
    return InvalidInput(
        f"no question in the bank is in {modules} at level {request.level.value} or one below",
        hint="Choose more modules or another level.",
    )
