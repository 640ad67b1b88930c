"""A ready demo organisation so a first `make run` has something to click through.

Every demo row is marked (``demo`` on users, hiring requests and candidates) and the names say
"(demo)". The demo password is random, made on first seeding and kept in ``var/demo-password`` so
later runs can print it again; `make run NO_DEMO=1` skips all of this.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

import typer
from rich.console import Console
from sqlalchemy import select
from sqlalchemy.orm import Session

from vetml.accounts import service as accounts
from vetml.accounts.models import User
from vetml.accounts.schemas import Role, UserCreate
from vetml.config import get_settings
from vetml.db import open_database, transaction
from vetml.hiring import audit
from vetml.hiring.models import Candidate, HiringRequest
from vetml.interviews import service as interviews
from vetml.interviews.debrief_schemas import Recommendation
from vetml.interviews.loop_schemas import (
    AskedQuestionInput,
    DecisionCreate,
    DecisionOutcome,
    InterviewCreate,
    ScorecardCreate,
)
from vetml.interviews.models import Loop
from vetml.questions.schemas import Module
from vetml.resume import service as resume

PASSWORD_FILE = Path("var") / "demo-password"
DEMO_USERS = (
    ("admin@demo.vetml", "Ada Admin (demo)", Role.ADMIN, "UTC"),
    ("manager@demo.vetml", "Hana Hiring-Manager (demo)", Role.HIRING_MANAGER, "Europe/London"),
    ("priya@demo.vetml", "Priya Interviewer (demo)", Role.INTERVIEWER, "Asia/Kolkata"),
    ("sam@demo.vetml", "Sam Interviewer (demo)", Role.INTERVIEWER, "America/New_York"),
)

app = typer.Typer(help="The demo organisation for a first look.", no_args_is_help=True)
console = Console(soft_wrap=True)


@dataclass(frozen=True)
class Seeded:
    """What seeding did, and how to sign in."""

    created: bool
    password: str
    emails: list[str]


def demo_password() -> str:
    """The demo password, made once and kept next to the default database."""
    if not PASSWORD_FILE.is_file():
        PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
        PASSWORD_FILE.touch(mode=0o600)
        PASSWORD_FILE.write_text(secrets.token_urlsafe(12), encoding="utf-8")
    return PASSWORD_FILE.read_text(encoding="utf-8").strip()


def seed(session: Session, *, password: str, challenges_root: Path) -> Seeded:
    """Create the demo organisation unless it exists (running twice changes nothing)."""
    emails = [email for email, *_ in DEMO_USERS]
    if session.scalar(select(User.id).where(User.email == emails[0])) is not None:
        return Seeded(created=False, password=password, emails=emails)
    users = {email: _user(session, email, name, role, zone, password) for email, name, role, zone in DEMO_USERS}
    manager = users["manager@demo.vetml"]
    request = _request(session, manager)
    jordan = _candidate(session, request, "Jordan Lee (demo)", "Europe/Warsaw", ["airflow", "spark"], "applied")
    cv = resources.files("vetml.resume.corpus").joinpath("demo-cv.md").read_bytes()
    resume.upload_cv(session, jordan.id, content=cv, filename="jordan-lee-cv.md", actor=manager)
    chosen = _candidate(
        session, request, "Noor Haddad (demo)", "Asia/Dubai", ["expert in feature stores", "kafka"], "interviewing"
    )
    loop = interviews.propose(
        session, candidate_id=chosen.id, actor=manager, challenges_root=challenges_root, seed=None
    )
    start = (datetime.now(UTC) + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    planned = {module.module for module in interviews.plan_of(loop).modules}
    pairs = ((Module.ML_DESIGN, "priya@demo.vetml"), (Module.BEHAVIORAL, "sam@demo.vetml"))
    for offset, (module, email) in enumerate(pair for pair in pairs if pair[0] in planned):
        when = start + timedelta(hours=2 * offset)
        data = InterviewCreate(module=module, interviewer_id=users[email].id, scheduled_at=when)
        interviews.schedule(session, loop=loop, data=data, actor=manager)
    mei = _candidate(
        session, request, "Mei Chen (demo)", "Asia/Singapore", ["expert in recommender systems"], "debrief"
    )
    _completed_loop(session, mei, users, challenges_root, days_ago=1)
    sofia = _candidate(session, request, "Sofia Marin (demo)", "America/Sao_Paulo", ["model monitoring"], "offer")
    decided = _completed_loop(session, sofia, users, challenges_root, days_ago=3)
    interviews.decide(session, loop=decided, data=DEMO_DECISION, actor=manager)
    return Seeded(created=True, password=password, emails=emails)


DEMO_ANSWER = (
    "I would ship the new ranker behind a canary: 5% of traffic for 24 hours while we watch p99 latency "
    "against an 80 ms budget, the error rate and click-through on a dashboard, with alerts paging the on-call "
    "owner. If click-through falls by more than 1% or latency breaks the budget, traffic switches back to the "
    "previous model, which stays deployed and warm. The trade-off is a slower rollout in exchange for less risk."
)
DEMO_CARDS = {
    "priya@demo.vetml": (
        {"ml-system-design": 4, "production-operations": 3, "mlops": 3},
        "yes",
        [],
        "Planned a staged rollout with concrete latency and business guardrails.",
    ),
    "sam@demo.vetml": (
        {"communication": 3, "production-operations": 2},
        "yes",
        ["no-incident"],
        "Explained trade-offs clearly but had no incident of their own to discuss.",
    ),
}


DEMO_DECISION = DecisionCreate(
    outcome=DecisionOutcome.HIRE,
    rationale=(
        "Both interviewers would hire. The rollout plan had real guardrails (a canary, latency and "
        "click-through limits, a warm fallback); the missing incident story is something the team can coach."
    ),
)


def _completed_loop(
    session: Session, candidate: Candidate, users: dict[str, User], challenges_root: Path, *, days_ago: int
) -> Loop:
    """The candidate's loop with its interviews held ``days_ago`` and scored, so the debrief has something to show."""
    manager = users["manager@demo.vetml"]
    loop = interviews.propose(
        session, candidate_id=candidate.id, actor=manager, challenges_root=challenges_root, seed=None
    )
    held = (datetime.now(UTC) - timedelta(days=days_ago)).replace(hour=8, minute=0, second=0, microsecond=0)
    competencies = {competency.value for competency in interviews.plan_of(loop).competencies}
    modules = [module for module in (Module.ML_DESIGN, Module.BEHAVIORAL) if module in _modules(loop)]
    for offset, (module, email) in enumerate(zip(modules, DEMO_CARDS, strict=False)):
        data = InterviewCreate(
            module=module, interviewer_id=users[email].id, scheduled_at=held + timedelta(hours=2 * offset)
        )
        interview = interviews.schedule(session, loop=loop, data=data, actor=manager)
        planned = next(m for m in interviews.plan_of(loop).modules if m.module == module).questions
        if planned and module is Module.ML_DESIGN:
            answer = AskedQuestionInput(answer=DEMO_ANSWER)
            interviews.record_question(
                session, interview=interview, question_id=planned[0].id, data=answer, user=users[email]
            )
        ratings, recommendation, flags, evidence = DEMO_CARDS[email]
        kept = {name: value for name, value in ratings.items() if name in competencies}
        card = ScorecardCreate(
            ratings=kept,
            evidence=dict.fromkeys(kept, evidence),
            red_flags=flags,
            recommendation=Recommendation(recommendation),
        )
        interviews.submit_scorecard(session, interview=interview, data=card, user=users[email])
    return loop


def _modules(loop: Loop) -> set[Module]:
    return {module.module for module in interviews.plan_of(loop).modules}


def _user(session: Session, email: str, name: str, role: Role, zone: str, password: str) -> User:
    data = UserCreate(email=email, name=name, role=role, password=password, time_zone=zone)
    return accounts.create_user(session, data=data, demo=True)


def _request(session: Session, manager: User) -> HiringRequest:
    request = HiringRequest(
        title="Senior ML engineer, ML platform (demo)",
        level="senior",
        specialties=["mlops"],
        must_have_skills=["model monitoring", "kubernetes"],
        locations=["EMEA", "South Asia"],
        time_zones=["Europe/London", "Asia/Kolkata", "Asia/Dubai", "Europe/Warsaw"],
        min_overlap_hours=3,
        remote=True,
        offshore=True,
        budget_min=90_000,
        budget_max=140_000,
        currency="USD",
        budget_period="year",
        hiring_manager_id=manager.id,
        status="open",
        demo=True,
    )
    session.add(request)
    session.flush()
    audit.record(session, entity="hiring-request", entity_id=request.id, action="created", actor=manager)
    return request


def _candidate(
    session: Session, request: HiringRequest, name: str, zone: str, skills: list[str], stage: str
) -> Candidate:
    email = name.split(" (")[0].lower().replace(" ", ".") + "@candidates.demo.vetml"
    candidate = Candidate(
        request_id=request.id,
        name=name,
        email=email,
        time_zone=zone,
        source="referral",
        claimed_skills=skills,
        stage=stage,
        demo=True,
    )
    session.add(candidate)
    session.flush()
    audit.record(session, entity="candidate", entity_id=candidate.id, action="created", actor=None)
    return candidate


@app.command("seed")
def seed_command() -> None:
    """Create the demo organisation (once) and print how to sign in."""
    settings = get_settings()
    with transaction(open_database(settings.database_url)) as session:
        result = seed(session, password=demo_password(), challenges_root=settings.bank_dir / "challenges")
    state = "Created the demo organisation." if result.created else "The demo organisation is ready."
    console.print(f"{state} Sign in at http://{settings.host}:{settings.port}/login with any of:")
    for email in result.emails:
        console.print(f"  {email}", highlight=False)
    console.print(
        f"Demo password: [bold]{result.password}[/bold]  (demo data is marked '(demo)'; "
        "skip it with `make run NO_DEMO=1`)"
    )
