"""`vetml bench load`: its figures and verdict, and a small simulated hiring day on the real stack."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text

from tests.conftest import POSTGRES_URL_ENV, REPOSITORY_BANK
from tests.judge.conftest import _sandbox_available
from tests.tasks.services import RedisServer
from tests.test_cli import vetml
from vetml.errors import InvalidInput
from vetml.tasks.bench_figures import NO_ANSWER, Latency, Ledger, LoadFigures, QueueWait, Recorder, percentile
from vetml.tasks.bench_load import LoadOptions, bench_load
from vetml.tasks.bench_seed import answer_kind
from vetml.tasks.bench_stack import SCHEMA_PREFIX, bench_redis, bench_schema
from vetml.tasks.cli import _ledger_line

KINDS = {"page", "open", "autosave", "run", "submit", "hand-in"}


def test_percentile_is_the_nearest_rank_so_every_figure_was_really_observed() -> None:
    samples = [float(value) for value in range(1, 101)]  # 1..100
    assert percentile(samples, 0.50) == 50.0
    assert percentile(samples, 0.95) == 95.0
    assert percentile(samples, 0.99) == 99.0
    assert percentile(samples, 1.0) == 100.0
    assert percentile([7.0, 3.0, 5.0], 0.5) == 5.0  # order of arrival does not matter
    assert percentile([4.0], 0.99) == 4.0
    assert percentile([], 0.95) == 0.0


def test_latency_rows_keep_every_kind_and_round_to_a_tenth_of_a_millisecond() -> None:
    recorder = Recorder()
    for number in range(1, 21):
        recorder.record("autosave", 200, number / 1000)
    recorder.record("page", 200, 0.12345)
    autosave, page = recorder.latencies()
    assert (autosave.kind, autosave.requests, autosave.p50_ms, autosave.p95_ms, autosave.max_ms) == (
        "autosave", 20, 10.0, 19.0, 20.0
    )  # fmt: skip
    assert page == Latency("page", 1, 123.5, 123.5, 123.5, 123.5)


def test_errors_are_counted_by_status_and_a_request_without_an_answer_is_status_0() -> None:
    recorder = Recorder()
    for kind, status in [("autosave", 200), ("autosave", 503), ("page", 503), ("run", 429), ("open", NO_ANSWER)]:
        recorder.record(kind, status, 0.01)
    assert recorder.requests == 5
    assert recorder.errors() == {"0": 1, "429": 1, "503": 2}


def test_queue_wait_percentiles() -> None:
    assert QueueWait.of([0.5, 1.0, 2.0, 30.0]) == QueueWait(1.0, 30.0, 30.0)


def test_the_target_needs_200_candidates_a_fast_autosave_and_exactly_once() -> None:
    figures = LoadFigures(candidates=200, duration_s=120, web_workers=2, workers=2, worker_concurrency=1,
                          latencies=[Latency("autosave", 1000, 20.0, 150.0, 400.0, 900.0)],
                          ledger=Ledger(hand_ins_acknowledged=200, hand_ins_stored=200))  # fmt: skip
    assert figures.verdict()[0] is True
    figures.latencies = [Latency("autosave", 1000, 20.0, 250.0, 400.0, 900.0)]
    met, parts = figures.verdict()
    assert met is False and "autosave p95 250.0 ms" in parts[1]
    figures.latencies = [Latency("autosave", 1000, 20.0, 150.0, 400.0, 900.0)]
    for broken in (Ledger(200, 200, lost=1), Ledger(200, 200, duplicated=1), Ledger(200, 199),
                   Ledger(200, 200, autosaves_mismatched=1), Ledger(200, 200, grades_lost=1)):  # fmt: skip
        figures.ledger = broken
        assert figures.verdict()[0] is False, broken
    figures.ledger, figures.candidates = Ledger(20, 20), 20
    assert figures.verdict()[0] is False  # fast and exact, but not at the size of the target


def test_the_figures_are_one_json_object_with_the_verdict() -> None:
    figures = LoadFigures(candidates=3, duration_s=10, web_workers=1, workers=1, worker_concurrency=1,
                          latencies=[Latency("autosave", 3, 1.0, 2.0, 2.0, 2.0)], errors={"503": 2})  # fmt: skip
    data = json.loads(json.dumps(figures.as_dict()))
    assert data["latencies"][0]["kind"] == "autosave" and data["errors"] == {"503": 2}
    assert data["target"]["met"] is False and len(data["target"]["parts"]) == 3
    assert data["exactly_once"] is True and data["ledger"]["lost"] == 0


def test_most_answers_are_correct_some_wrong_and_a_tenth_slow() -> None:
    kinds = [answer_kind(turn) for turn in range(100)]
    assert (kinds.count("correct"), kinds.count("wrong"), kinds.count("slow")) == (60, 30, 10)


def test_the_bench_refuses_sqlite() -> None:
    with pytest.raises(InvalidInput, match="needs PostgreSQL"), bench_schema("sqlite:///./var/x.db"):
        pass


def test_the_command_says_in_one_line_that_sqlite_will_not_do(tmp_path: Path) -> None:
    result = vetml("bench", "load", "--database-url", f"sqlite:///{tmp_path}/x.db", "--report-dir", str(tmp_path),
                   database_url=f"sqlite:///{tmp_path}/x.db", bank_dir=tmp_path)  # fmt: skip
    assert result.returncode == 1
    assert "needs PostgreSQL" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_the_summary_names_each_part_of_the_exactly_once_check() -> None:
    figures = LoadFigures(candidates=2, duration_s=10, web_workers=1, workers=1, worker_concurrency=1,
                          ledger=Ledger(2, 1, submissions=4, final=3, lost=1, grades=2, autosaves_checked=6,
                                        autosaves_mismatched=1), server_tracebacks=2)  # fmt: skip
    line = _ledger_line(figures)
    assert "1 stored of 2 acknowledged" in line and "3 of 4 submission(s) final" in line and "1 lost" in line
    assert "2 of 2 written answer(s) graded" in line and "5 of 6 autosaved answer(s)" in line
    assert "2 traceback(s)" in line


def test_the_bench_refuses_a_redis_database_that_holds_keys(tmp_path: Path) -> None:
    server = RedisServer(tmp_path)
    server.start()
    try:
        redis.Redis.from_url(server.url.replace("/0", "/3")).set("someone-elses", "data")
        with pytest.raises(InvalidInput, match="database 3 holds 1 key"), bench_redis(server.url, 3):
            pass
        assert redis.Redis.from_url(server.url.replace("/0", "/3")).get("someone-elses") == b"data"
    finally:
        server.stop()


@pytest.mark.postgres
def test_a_small_hiring_day_on_the_real_stack_has_every_result_exactly_once(tmp_path: Path) -> None:
    base = os.environ.get(POSTGRES_URL_ENV)
    if not base:
        pytest.skip(f"the load bench needs PostgreSQL: set {POSTGRES_URL_ENV}")
    _sandbox_available()
    server = RedisServer(tmp_path)
    server.start()
    report = tmp_path / "report"
    options = LoadOptions(report_dir=report, database_url=base, redis_url=server.url, redis_db=2, candidates=4,
                          duration_s=12, autosave_every_s=1.0, settle_timeout_s=400)  # fmt: skip
    schemas_before = _bench_schemas(base)
    try:
        figures = bench_load(options, bank_dir=REPOSITORY_BANK, step=lambda _what, _done, _total: None)
        assert redis.Redis.from_url(server.url.replace("/0", "/2")).dbsize() == 0  # the bench's keys are gone
    finally:
        server.stop()
    ledger = figures.ledger
    assert ledger.hand_ins_acknowledged == ledger.hand_ins_stored == 4
    assert ledger.submissions == ledger.final == 8  # two challenges each, every one judged to the end
    assert (ledger.lost, ledger.duplicated, ledger.grades, ledger.grades_lost) == (0, 0, 4, 0)
    assert ledger.autosaves_checked >= 12 and ledger.autosaves_mismatched == 0  # at least each item's final text
    assert figures.ledger.exactly_once and figures.server_tracebacks == 0
    assert {row.kind for row in figures.latencies} == KINDS
    assert not any(status.startswith("5") for status in figures.errors), figures.errors
    assert figures.requests > 4 * 6 and figures.requests_per_s > 0 and figures.judged_per_min > 0
    assert 0 <= figures.queue_wait.p50_s <= figures.queue_wait.p95_s <= figures.queue_wait.max_s
    assert json.loads((report / "figures.json").read_text())["ledger"]["final"] == 8
    assert (report / "web.log").is_file() and (report / "worker-1.log").is_file()
    assert _bench_schemas(base) == schemas_before  # the bench's schema was dropped


def _bench_schemas(base: str) -> set[str]:
    engine = create_engine(base)
    try:
        with engine.connect() as connection:
            query = text("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE :prefix")
            return set(connection.scalars(query, {"prefix": f"{SCHEMA_PREFIX}%"}))
    finally:
        engine.dispose()
