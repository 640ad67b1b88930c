"""Plain functions that build test data: small banks written as real YAML files, users, requests, candidates."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import yaml

CATEGORIES = [
    {"id": "deployment", "title": "Model deployment", "minimum": 1, "production": True},
    {"id": "monitoring", "title": "Monitoring and observability", "minimum": 1, "production": True},
]
SIGNALS = {
    "signals": [
        {"id": "concrete-numbers", "title": "Concrete numbers", "description": "Quotes real magnitudes."},
        {"id": "rollback-recovery", "title": "Rollback and recovery", "description": "Has an undo plan."},
    ],
    "red_flags": [
        {"id": "no-monitoring", "title": "No monitoring", "description": "Cannot tell if it still works."},
    ],
}


def question_data(question_id: str = "deployment-shadow-traffic", **overrides: Any) -> dict[str, Any]:
    """A valid question as a dict; the prompt mentions the id so prompts never look alike."""
    category = overrides.pop("category", question_id.split("-")[0])
    words = question_id.replace("-", " ")
    data: dict[str, Any] = {
        "id": question_id,
        "title": f"Question about {words}",
        "category": category,
        "modules": ["ml-design"],
        "level": "senior",
        "tags": ["canary", "rollback"],
        "expected_minutes": 15,
        "prompt": f"Explain how you would handle {words} for a model serving 2,000 requests per second.",
        "reference_answer": f"A strong answer about {words} covers routing, guardrails and a rollback path.",
        "rubric": [
            {"point": f"Describes the routing for {words}", "weight": 3},
            {"point": f"Sets guardrail thresholds for {words}", "weight": 4},
            {"point": f"Plans the rollback of {words}", "weight": 2},
        ],
        "signals": {"shared": ["concrete-numbers"], "specific": ["Keeps the old model warm"]},
        "red_flags": {"shared": ["no-monitoring"], "specific": ["Ships to everyone at once"]},
        "follow_ups": [{"prompt": "What if the canary is noisy?"}],
    }
    data.update(overrides)
    return data


def write_question(bank_dir: Path, data: dict[str, Any], *, file_name: str | None = None) -> Path:
    """Write one question file where the bank expects it (or under ``file_name``)."""
    path = bank_dir / "questions" / data.get("category", "misc") / (file_name or f"{data.get('id')}.yaml")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def write_bank(bank_dir: Path, questions: list[dict[str, Any]] | None = None) -> Path:
    """A complete small bank: two categories, a few shared signals and the given questions."""
    bank_dir.mkdir(parents=True, exist_ok=True)
    (bank_dir / "categories.yaml").write_text(
        yaml.safe_dump({"senior_or_staff_minimum": 1, "categories": CATEGORIES}), encoding="utf-8"
    )
    (bank_dir / "signals.yaml").write_text(yaml.safe_dump(SIGNALS), encoding="utf-8")
    if questions is None:
        questions = default_questions()
    for data in questions:
        write_question(bank_dir, data)
    return bank_dir


def default_questions() -> list[dict[str, Any]]:
    """Four questions over both categories and all levels, one following up on another."""
    return [
        question_data(
            "deployment-shadow-traffic",
            level="junior",
            tags=["shadow", "serving"],
            prompt="What is shadow traffic, and what can it catch before a single user sees the new model?",
        ),
        question_data(
            "deployment-blue-green-swap",
            level="mid",
            modules=["system-design"],
            tags=["blue-green", "kubernetes"],
            prompt="Compare a blue-green swap with a gradual rollout for a ranking service on Kubernetes.",
            follow_ups=[{"question": "deployment-shadow-traffic"}, {"prompt": "How long do you keep blue?"}],
        ),
        question_data(
            "monitoring-alert-fatigue",
            level="senior",
            modules=["technical-screen"],
            tags=["alerting"],
            prompt="Your on-call engineers ignore the drift pages because forty fire every week. Fix it.",
        ),
        question_data(
            "monitoring-latency-slo",
            level="staff",
            tags=["slo", "latency"],
            prompt="Define a latency objective for a fraud scorer called inside card checkout at 900 QPS.",
        ),
    ]


PASSWORD = "correct horse battery"


def create_user(session: Any, *, role: str = "interviewer", email: str | None = None, **overrides: Any) -> Any:
    """A staff user with the test password; the e-mail defaults to ``<role>@example.test``."""
    from vetml.accounts import service
    from vetml.accounts.schemas import Role, UserCreate

    data = UserCreate(email=email or f"{role}@example.test", name=overrides.pop("name", role.title()),
                      role=Role(role), password=PASSWORD, **overrides)  # fmt: skip
    return service.create_user(session, data=data)


def sign_in(client: Any, email: str, password: str = PASSWORD) -> dict[str, Any]:
    """Sign a test client in through the API; later requests carry the cookie and the CSRF header."""
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    client.headers["X-CSRF-Token"] = body["csrf_token"]
    return body


_STATUS_PATH = {"draft": [], "open": ["open"], "on-hold": ["open", "on-hold"], "filled": ["open", "filled"],
                "closed": ["closed"]}  # fmt: skip
_candidate_numbers = itertools.count(1)


def create_request(session: Any, manager: Any, **overrides: Any) -> Any:
    """A hiring request made by ``manager`` through the service; open unless ``status`` says otherwise."""
    from vetml.hiring import service
    from vetml.hiring.schemas import RequestCreate, RequestStatus, StatusChange

    status = overrides.pop("status", "open")
    data: dict[str, Any] = {"title": "Senior ML engineer, ranking", "level": "senior", "specialties": ["mlops"],
                            "must_have_skills": ["Kubernetes"], "time_zones": ["Europe/Berlin"], "remote": True,
                            "budget_min": 90_000, "budget_max": 120_000, "currency": "EUR"}  # fmt: skip
    data.update(overrides)
    row = service.create_request(session, data=RequestCreate(**data), actor=manager)
    for step in _STATUS_PATH[status]:
        service.change_status(session, row.id, data=StatusChange(status=RequestStatus(step)), actor=manager)
    return row


def create_candidate(session: Any, request: Any, **overrides: Any) -> Any:
    """A candidate for ``request`` added by its hiring manager; moved on to ``stage`` when one is given."""
    from vetml.hiring import service
    from vetml.hiring.schemas import CandidateCreate, Stage, StageMove

    stage = Stage(overrides.pop("stage", "applied"))
    number = next(_candidate_numbers)
    data: dict[str, Any] = {"request_id": request.id, "name": f"Candidate {number}",
                            "email": f"candidate{number}@example.test", "claimed_skills": ["PyTorch"]}  # fmt: skip
    data.update(overrides)
    actor = request.hiring_manager
    row = service.create_candidate(session, data=CandidateCreate(**data), actor=actor)
    pipeline = service.PIPELINE
    steps = pipeline[1 : pipeline.index(stage) + 1] if stage in pipeline else (stage,)
    for step in steps:
        move = StageMove(stage=step, reason="set up by a test", version=row.version)
        service.move_stage(session, row.id, data=move, actor=actor)
    return row


def hand_in_written_assessment(app: Any, candidate_id: int, answer: str) -> None:
    """Through the app: the hiring manager sends a one-question written assessment; the candidate answers it
    and hands it in (the manager, hiring-manager@example.test, must exist)."""
    from fastapi.testclient import TestClient

    with TestClient(app) as staff, TestClient(app) as candidate:
        sign_in(staff, "hiring-manager@example.test")
        body = {"questions": ["deployment-shadow-traffic"], "challenges": [], "time_limit_minutes": 45, "valid_days": 7}
        api = "/api/v1" + staff.post(f"/api/v1/candidates/{candidate_id}/assessments", json=body).json()["link"]
        candidate.get(api)
        assert candidate.put(f"{api}/answers/1", json={"text": answer}).status_code == 200
        assert candidate.post(f"{api}/submit").status_code == 200
