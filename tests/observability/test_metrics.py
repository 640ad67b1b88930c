"""The metrics the judge, grading and the queues report, observed through real work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import create_candidate, create_request, create_user, hand_in_written_assessment
from tests.judge.conftest import _sandbox_available
from tests.judge.factories import REFERENCE, write_challenge
from tests.observability.conftest import sample
from tests.tasks.services import PROJECT_ROOT
from vetml.config import Settings
from vetml.db import transaction
from vetml.judge import service as judge
from vetml.judge.feedback import FeedbackMode
from vetml.observability import metrics
from vetml.questions import service as questions
from vetml.web.app import create_app

ANSWER = "Mirror live traffic to the new model, compare p99 latency and errors, and roll back if either regresses."


def test_a_judged_submission_counts_its_verdict_and_its_time(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    _sandbox_available()
    root = tmp_path / "challenges"
    write_challenge(root)
    verdicts, timed = (
        sample("vetml_verdicts_total", verdict="accepted"),
        sample("vetml_judge_duration_seconds_count", verdict="accepted"),
    )
    waited = sample("vetml_judge_queue_wait_seconds_count")
    with transaction(sessions) as session:
        submission_id = judge.submit(session, root=root, challenge_id="add-up", source=REFERENCE.encode(),
                                     mode=FeedbackMode.HIRING).id  # fmt: skip
    executor = judge.LocalExecutor(sessions, root=root, slots=1)
    try:
        assert executor.enqueue(submission_id).result(timeout=120) == "done"
    finally:
        executor.shutdown()
    assert sample("vetml_verdicts_total", verdict="accepted") == verdicts + 1
    assert sample("vetml_judge_duration_seconds_count", verdict="accepted") == timed + 1
    assert sample("vetml_judge_duration_seconds_sum", verdict="accepted") > 0
    assert sample("vetml_judge_queue_wait_seconds_count") == waited + 1


def test_grading_at_hand_in_is_timed(sqlite_url: str, bank_dir: Path) -> None:
    app = create_app(Settings(database_url=sqlite_url, bank_dir=bank_dir))
    with transaction(app.state.sessions) as session:
        questions.sync(session, root=bank_dir)
        manager = create_user(session, role="hiring-manager")
        candidate_id = create_candidate(session, create_request(session, manager)).id
    graded = sample("vetml_grading_duration_seconds_count")
    hand_in_written_assessment(app, candidate_id, ANSWER)
    app.state.engine.dispose()
    assert sample("vetml_grading_duration_seconds_count") == graded + 1


def test_the_queue_depth_gauge_reads_its_source_at_scrape_time(client: TestClient) -> None:
    depths = {"judge": 3, "grading": 0, "run": 1}
    metrics.set_queue_depth_source(lambda: dict(depths))
    try:
        assert sample("vetml_queue_depth", queue="judge") == 3
        depths["judge"] = 5
        scraped = client.get("/metrics").text
        assert 'vetml_queue_depth{queue="judge"} 5.0' in scraped and 'vetml_queue_depth{queue="run"} 1.0' in scraped
    finally:
        metrics.set_queue_depth_source(dict)  # no queues: the embedded shape


def _unavailable() -> dict[str, int]:
    raise ConnectionError("no broker in this test")


def test_a_broker_that_is_away_leaves_the_rest_of_the_scrape_intact(client: TestClient) -> None:
    metrics.set_queue_depth_source(_unavailable)
    try:
        scraped = client.get("/metrics")
    finally:
        metrics.set_queue_depth_source(dict)
    assert scraped.status_code == 200 and "vetml_queue_depth{" not in scraped.text
    assert "vetml_http_request_duration_seconds" in scraped.text


OBSERVE = "from vetml.observability import metrics; metrics.observe_judgement('accepted', 0.2, 1.0)"
SCRAPE = "from vetml.observability import metrics; print(metrics.exposition()[0].decode())"


def test_multiprocess_mode_adds_up_every_process(tmp_path: Path) -> None:
    """Two processes judge (as uvicorn or Celery workers would); a third, answering the scrape, reports both."""
    folder = tmp_path / "metrics"
    folder.mkdir()
    env = os.environ | {"PROMETHEUS_MULTIPROC_DIR": str(folder), "PYTHONPATH": str(PROJECT_ROOT / "src")}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", OBSERVE], env=env, check=True, timeout=60)
    scraped = subprocess.run([sys.executable, "-c", SCRAPE], env=env, check=True, timeout=60, capture_output=True,
                             text=True).stdout  # fmt: skip
    assert 'vetml_verdicts_total{verdict="accepted"} 2.0' in scraped
    assert 'vetml_judge_duration_seconds_count{verdict="accepted"} 2.0' in scraped
