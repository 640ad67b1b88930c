"""The people of a simulated hiring day, made through the domain services as staff would make them: a hiring
manager, an open request, N candidates, and for each an assessment (one written question, two coding
challenges) with its signed link, plus the code each candidate will hand in and the verdict it should get.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vetml.accounts import service as accounts
from vetml.accounts.models import User
from vetml.accounts.schemas import Role, UserCreate
from vetml.config import Settings
from vetml.db import transaction
from vetml.errors import InvalidInput
from vetml.hiring import service as hiring
from vetml.hiring.models import HiringRequest
from vetml.hiring.schemas import CandidateCreate
from vetml.interviews import assessments
from vetml.interviews.assessment_schemas import AssessmentCreate
from vetml.judge.challenges import get_challenge
from vetml.judge.schemas import Verdict
from vetml.questions import service as questions
from vetml.questions.models import Question

# Two challenges of different cost; a share of the answers is wrong, and one in ten runs into the time limit.
CHALLENGES = ("merge-intervals", "lru-cache")
WRONG_TURNS, SLOW_TURN = (1, 2, 3), 0
BATCH = 50
WRITTEN_ANSWER = ("I would hold out a validation set, tune on it with early stopping, and report the final "
                  "score once on an untouched test set so the estimate is not biased by the tuning.")  # fmt: skip
Step = Callable[[str, int, int], None]  # (what, done, total)


@dataclass(frozen=True)
class Item:
    """One item of a seat's assessment and the text its candidate will have saved last."""

    position: int
    kind: str  # "question" or "challenge"
    final_text: str
    expected_verdict: str | None = None


@dataclass(frozen=True)
class Seat:
    """One candidate's link and the items they will work on."""

    assessment_id: int
    token: str
    items: tuple[Item, ...]

    def challenges(self) -> list[Item]:
        """The coding items, in order."""
        return [item for item in self.items if item.kind == "challenge"]


def seed(sessions: sessionmaker[Session], settings: Settings, candidates: int, step: Step) -> list[Seat]:
    """Load the bank and make ``candidates`` candidates, each with an assessment; their seats, in order."""
    root = settings.bank_dir / "challenges"
    codes = _codes(root)
    with transaction(sessions) as session:
        step("loading the bank", 0, candidates)
        questions.sync(session, root=settings.bank_dir)
        question_id = _first_question(session)
        manager_id, request_id = _organisation(session)
    seats: list[Seat] = []
    while len(seats) < candidates:
        with transaction(sessions) as session:
            manager = session.get_one(User, manager_id)
            for _ in range(min(BATCH, candidates - len(seats))):
                number = len(seats) + 1
                seats.append(_seat(session, settings, manager, request_id, question_id, number, codes))
        step("adding candidates", len(seats), candidates)
    return seats


def _codes(root: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """For each challenge, the source and expected verdict of a correct, a wrong and a slow answer."""
    codes: dict[str, dict[str, tuple[str, str]]] = {}
    for challenge_id in CHALLENGES:
        if not (root / challenge_id).is_dir():
            raise InvalidInput(f"the load bench needs the challenge {challenge_id!r}, which is not in {root}",
                               hint="Point VETML_BANK_DIR at the repository's bank.")  # fmt: skip
        spec = get_challenge(root, challenge_id).spec
        wrong = next(known for known in spec.known_wrong if known.verdict is Verdict.WRONG_ANSWER)
        slow = next(known for known in spec.known_wrong if known.verdict is Verdict.TIME_LIMIT)
        codes[challenge_id] = {
            "correct": (_read(root / challenge_id / "reference.py"), Verdict.ACCEPTED.value),
            "wrong": (_read(root / challenge_id / wrong.file), Verdict.WRONG_ANSWER.value),
            "slow": (_read(root / challenge_id / slow.file), Verdict.TIME_LIMIT.value),
        }
    return codes


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _first_question(session: Session) -> str:
    question_id = session.scalar(select(Question.id).where(Question.retired.is_(False)).order_by(Question.id))
    if question_id is None:
        raise InvalidInput("the bank has no active question to ask", hint="Point VETML_BANK_DIR at a bank with some.")
    return question_id


def _organisation(session: Session) -> tuple[int, int]:
    """A hiring manager and an open request to add the candidates to."""
    data = UserCreate(email="bench-manager@example.test", name="Bench Manager", role=Role.HIRING_MANAGER,
                      password=secrets.token_urlsafe(24))  # fmt: skip
    manager = accounts.create_user(session, data=data)
    request = HiringRequest(title="ML engineer, load bench", level="senior", specialties=["mlops"],
                            must_have_skills=["model monitoring"], remote=True, hiring_manager_id=manager.id,
                            status="open")  # fmt: skip
    session.add(request)
    session.flush()
    return manager.id, request.id


def _seat(
    session: Session, settings: Settings, manager: User, request_id: int, question_id: str, number: int,
    codes: dict[str, dict[str, tuple[str, str]]],
) -> Seat:  # fmt: skip
    data = CandidateCreate(request_id=request_id, name=f"Bench Candidate {number}",
                           email=f"bench-candidate-{number}@example.test")  # fmt: skip
    candidate = hiring.create_candidate(session, data=data, actor=manager)
    plan = AssessmentCreate(questions=[question_id], challenges=list(CHALLENGES), time_limit_minutes=90, valid_days=1)
    row = assessments.create(session, candidate_id=candidate.id, data=plan, bank_root=settings.bank_dir / "challenges",
                             actor=manager)  # fmt: skip
    items = [Item(1, "question", f"{WRITTEN_ANSWER} (candidate {number})")]
    for offset, challenge_id in enumerate(CHALLENGES):
        source, verdict = codes[challenge_id][answer_kind(number + offset)]
        items.append(Item(2 + offset, "challenge", source, verdict))
    return Seat(row.id, assessments.link_token(settings, row), tuple(items))


def answer_kind(turn: int) -> str:
    """Which answer a candidate hands in on their ``turn``-th challenge: mostly correct, some wrong, few slow."""
    remainder = turn % 10
    if remainder == SLOW_TURN:
        return "slow"
    return "wrong" if remainder in WRONG_TURNS else "correct"
