"""A real `vetml worker` with JSON logs and its metrics port: lines carry the submission id, totals add up."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from tests.judge.factories import REFERENCE
from tests.tasks.conftest import Stack
from tests.tasks.services import free_port, wait_for


def _json_lines(text: str) -> list[dict[str, Any]]:
    """The worker's JSON log lines (the Celery banner and vetml's start-up line are plain text)."""
    lines = []
    for line in text.splitlines():
        try:
            parsed = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(parsed, dict):
            lines.append(parsed)
    return lines


def _scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return str(response.read().decode("utf-8"))


def _answers(port: int) -> bool:
    try:
        _scrape(port)
    except OSError:
        return False
    return True


def test_a_worker_logs_json_with_the_submission_id_and_serves_its_pools_metrics(stack: Stack) -> None:
    folder = stack.folder / "metrics"
    folder.mkdir()
    port = free_port()
    worker = stack.worker(slot=16, beat=False, arguments=("--metrics-port", str(port)),
                          extra_env={"VETML_LOG_FORMAT": "json", "PROMETHEUS_MULTIPROC_DIR": str(folder)})  # fmt: skip
    submission_id = stack.submit(REFERENCE)
    stack.wait_final([submission_id])
    assert stack.status(submission_id)[:2] == ("done", "accepted")

    wait_for("the worker's log line", lambda: "judge task ended" in worker.output(), timeout=30)
    lines = _json_lines(worker.log.read_text(encoding="utf-8"))
    [ended] = [line for line in lines if line["message"].startswith("judge task ended")]
    assert ended["submission_id"] == submission_id and ended["logger"] == "vetml.tasks.worker"
    assert any(line["logger"].startswith("celery") for line in lines)  # Celery's own lines in our format

    wait_for("the worker's metrics port", lambda: _answers(port), timeout=30)
    scraped = _scrape(port)
    assert 'vetml_verdicts_total{verdict="accepted"} 1.0' in scraped  # counted in a pool process, served by main
    assert 'vetml_judge_duration_seconds_count{verdict="accepted"} 1.0' in scraped
    assert 'vetml_queue_depth{queue="judge"} 0.0' in scraped
