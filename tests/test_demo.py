"""The demo organisation: created once, every row marked, a loop ready to look at, sign-in works."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.conftest import REPOSITORY_BANK
from vetml import demo
from vetml.accounts import service as accounts
from vetml.accounts.models import User
from vetml.hiring.models import Candidate, HiringRequest
from vetml.interviews import service as interviews
from vetml.interviews.models import Decision, Interview, Loop
from vetml.questions import service as questions


def test_seeding_twice_creates_one_marked_organisation(session: Session) -> None:
    questions.sync(session, root=REPOSITORY_BANK)
    first = demo.seed(session, password="demo password 123", challenges_root=REPOSITORY_BANK / "challenges")
    second = demo.seed(session, password="demo password 123", challenges_root=REPOSITORY_BANK / "challenges")
    assert first.created and not second.created
    users = list(session.scalars(select(User)))
    assert len(users) == len(demo.DEMO_USERS) and all(user.demo and "(demo)" in user.name for user in users)
    assert all(request.demo for request in session.scalars(select(HiringRequest)))
    assert session.scalar(select(func.count()).select_from(Candidate).where(Candidate.demo)) == 4
    loops = list(session.scalars(select(Loop)))
    assert len(loops) == 3 and all(loop.plan["coverage"]["gaps"] == [] for loop in loops)
    assert session.scalar(select(func.count()).select_from(Interview)) == 6
    manager = accounts.get_by_email(session, "manager@demo.vetml")
    assert manager is not None
    done = next(loop for loop in loops if loop.candidate.stage == "debrief")
    debrief = interviews.debrief(session, loop=done, user=manager)
    assert sum(debrief.recommendations.values()) == 2
    assert any(row.automatic_sources for row in debrief.competencies), "the typed answer's grade feeds the debrief"
    # One loop is decided, so a newcomer sees a full debrief and report; the other waits for the manager.
    decided = next(loop for loop in loops if loop.candidate.stage == "offer")
    assert interviews.decision_of(session, loop=decided).outcome == "hire"
    assert session.scalar(select(func.count()).select_from(Decision)) == 1
    booked = [(row.interviewer_id, row.scheduled_at) for row in session.scalars(select(Interview))]
    assert len(set(booked)) == len(booked), "no demo interviewer is booked twice at the same time"
    assert accounts.authenticate(session, email="manager@demo.vetml", password="demo password 123", client="t")


def test_the_command_prints_the_logins_and_keeps_the_password_private(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "VETML_DATABASE_URL": f"sqlite:///{tmp_path / 'vetml.db'}",
        "VETML_BANK_DIR": str(REPOSITORY_BANK),
    }
    for args in (["db", "upgrade"], ["bank", "load"]):
        subprocess.run([sys.executable, "-m", "vetml", *args], env=env, cwd=tmp_path, check=True, capture_output=True)
    runs = [subprocess.run([sys.executable, "-m", "vetml", "demo", "seed"], env=env, cwd=tmp_path, check=True,
                           capture_output=True, text=True) for _ in range(2)]  # fmt: skip
    password = (tmp_path / "var" / "demo-password").read_text(encoding="utf-8").strip()
    assert (tmp_path / "var" / "demo-password").stat().st_mode & 0o077 == 0
    assert "Created the demo organisation" in runs[0].stdout and "is ready" in runs[1].stdout
    assert all(f"Demo password: {password}" in run.stdout and "manager@demo.vetml" in run.stdout for run in runs)


def test_serve_with_demo_seeds_first_and_the_logins_work(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    database = f"sqlite:///{tmp_path / 'vetml.db'}"
    env = {
        **os.environ,
        "VETML_DATABASE_URL": database,
        "VETML_BANK_DIR": str(REPOSITORY_BANK),
        "VETML_PORT": str(port),
    }
    for args in (["db", "upgrade"], ["bank", "load"]):
        subprocess.run([sys.executable, "-m", "vetml", *args], env=env, cwd=tmp_path, check=True, capture_output=True)
    server = subprocess.Popen([sys.executable, "-m", "vetml", "serve", "--demo"], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    try:
        answer = None
        deadline = time.monotonic() + 120
        while answer is None and time.monotonic() < deadline:
            time.sleep(0.5)
            answer = _sign_in(port, tmp_path / "var" / "demo-password")
        assert answer is not None and answer["user"]["role"] == "hiring-manager"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Demo password:" in output and "manager@demo.vetml" in output


def _sign_in(port: int, password_file: Path) -> dict[str, Any] | None:
    """The demo manager's sign-in reply, or None while the server or the password is not there yet."""
    if not password_file.is_file():
        return None
    body = json.dumps({"email": "manager@demo.vetml", "password": password_file.read_text().strip()}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/auth/login", data=body,
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            reply: dict[str, Any] = json.loads(response.read())
            return reply
    except OSError:
        return None
