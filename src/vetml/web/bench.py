"""`vetml bench pages`: server time of the pages people open most, on a demo database of N candidates.

The database is a fresh SQLite file: the repository bank, the demo organisation (which has one
finished loop for the debrief) and N candidates spread over a few hiring requests and every stage,
each with the audit events its stage implies, and a planned loop for a share of them. The pages are
requested through the app in this process (no network), signed in as the demo hiring manager, so
the time is what the server spends: routing, permission checks, queries and rendering.
"""

from __future__ import annotations

import itertools
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetml import demo
from vetml.accounts.models import User
from vetml.config import Settings
from vetml.db import create_db_engine, session_factory, transaction, upgrade
from vetml.hiring import audit
from vetml.hiring.models import Candidate, HiringRequest
from vetml.hiring.service import PIPELINE
from vetml.interviews import service as interviews
from vetml.interviews.models import Loop
from vetml.questions import service as questions

BUDGET_MS = 100.0
PASSWORD = "bench password 2026"
REQUESTS = 8
LOOP_SHARE = 0.05  # candidates with a planned loop (their page shows it)
Report = Callable[[str, int, int], None]  # (step, done, total)


@dataclass
class PageTiming:
    """Server time of one page over several requests."""

    page: str
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    within_budget: bool


@dataclass
class PageFigures:
    """What `vetml bench pages` measured."""

    candidates: int
    budget_ms: float = BUDGET_MS
    pages: list[PageTiming] = field(default_factory=list)
    seeding_seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The figures as one JSON-ready object."""
        return asdict(self)


def bench_pages(
    *, bank_dir: Path, candidates: int = 1000, rounds: int = 30, report: Report | None = None
) -> PageFigures:
    """Seed a database of ``candidates`` and time the dashboard, a candidate page and the debrief."""
    step = report or (lambda _name, _done, _total: None)
    with tempfile.TemporaryDirectory(prefix="vetml-bench-pages-") as folder:
        url = f"sqlite:///{Path(folder) / 'vetml.db'}"
        started = time.perf_counter()
        ids = _seed(url, bank_dir, candidates, step)
        figures = PageFigures(candidates=candidates, seeding_seconds=round(time.perf_counter() - started, 1))
        figures.pages = _measure(Settings(database_url=url, bank_dir=bank_dir), ids, rounds, step)
    return figures


def _seed(url: str, bank_dir: Path, candidates: int, step: Report) -> dict[str, Any]:
    engine = create_db_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        step("loading the bank and the demo organisation", 0, candidates)
        questions.sync(session, root=bank_dir)
        demo.seed(session, password=PASSWORD, challenges_root=bank_dir / "challenges")
        manager = session.scalars(select(User).where(User.email == "manager@demo.vetml")).one()
        requests = [_request(session, manager, number) for number in range(REQUESTS)]
    rows = _candidates(sessions, requests, candidates, step)
    with transaction(sessions) as session:
        manager = session.scalars(select(User).where(User.email == "manager@demo.vetml")).one()
        planned = rows[: max(1, int(len(rows) * LOOP_SHARE))]
        for done, candidate_id in enumerate(planned, start=1):
            interviews.propose(
                session, candidate_id=candidate_id, actor=manager, challenges_root=bank_dir / "challenges", seed=None
            )
            step("planning loops", done, len(planned))
        finished = session.scalars(
            select(Loop).join(Candidate).where(Candidate.stage == "debrief", Candidate.demo)
        ).one()
        ids = {"candidates": rows, "debrief": finished.id}
    engine.dispose()
    return ids


def _request(session: Session, manager: User, number: int) -> HiringRequest:
    request = HiringRequest(
        title=f"ML engineer, team {number + 1}",
        level=("mid", "senior")[number % 2],
        specialties=["mlops"],
        must_have_skills=["model monitoring"],
        remote=True,
        hiring_manager_id=manager.id,
        status="open",
    )
    session.add(request)
    session.flush()
    return request


def _candidates(sessions: Any, requests: list[HiringRequest], count: int, step: Report) -> list[int]:
    """``count`` candidates in batches, each with the stage moves that brought it where it is."""
    chooser = random.Random(7)
    stages = [*PIPELINE, "rejected"]
    created: list[int] = []
    while len(created) < count:
        with transaction(sessions) as session:
            for _ in range(min(200, count - len(created))):
                number = len(created) + 1
                stage = chooser.choice(stages)
                candidate = Candidate(
                    request_id=chooser.choice(requests).id,
                    name=f"Candidate {number}",
                    email=f"candidate{number}@bench.example",
                    time_zone="Europe/Berlin",
                    claimed_skills=["pytorch", "airflow"],
                    stage=stage,
                )
                session.add(candidate)
                session.flush()
                _history(session, candidate, stage)
                created.append(candidate.id)
        step("adding candidates", len(created), count)
    return created


def _history(session: Session, candidate: Candidate, stage: str) -> None:
    audit.record(session, entity="candidate", entity_id=candidate.id, action="created", actor=None)
    path = [value.value for value in PIPELINE]
    reached = path[: path.index(stage) + 1] if stage in path else path[:2]
    for before, after in itertools.pairwise(reached):
        audit.record(
            session,
            entity="candidate",
            entity_id=candidate.id,
            action="stage",
            actor=None,
            reason="benchmark history",
            data={"from": before, "to": after},
        )


def _measure(settings: Settings, ids: dict[str, Any], rounds: int, step: Report) -> list[PageTiming]:
    from fastapi.testclient import TestClient

    from vetml.web.app import create_app

    app = create_app(settings)
    chooser = random.Random(11)
    pages = {
        "dashboard": lambda: "/dashboard",
        "candidate page": lambda: f"/candidates/{chooser.choice(ids['candidates'])}",
        "debrief": lambda: f"/loops/{ids['debrief']}/debrief",
    }
    timings = []
    with TestClient(app) as client:
        signed_in = client.post("/api/v1/auth/login", json={"email": "manager@demo.vetml", "password": PASSWORD})
        signed_in.raise_for_status()
        for number, (name, path) in enumerate(pages.items(), start=1):
            timings.append(_time_page(client, name, path, rounds))
            step("timing pages", number, len(pages))
    app.state.engine.dispose()
    return timings


def _time_page(client: Any, name: str, path: Callable[[], str], rounds: int) -> PageTiming:
    client.get(path()).raise_for_status()  # the first request fills caches (templates, the ORM's)
    samples = []
    for _ in range(rounds):
        url = path()
        started = time.perf_counter()
        client.get(url).raise_for_status()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[int(0.95 * (len(samples) - 1))]
    return PageTiming(
        page=name,
        requests=len(samples),
        p50_ms=round(statistics.median(samples), 1),
        p95_ms=round(p95, 1),
        max_ms=round(samples[-1], 1),
        within_budget=p95 <= BUDGET_MS,
    )
