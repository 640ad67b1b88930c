"""The pause between example runs of one assessment: it blocks while a run is under way and after it ends."""

from __future__ import annotations

import time

import pytest

from vetml.errors import TooManyRequests
from vetml.web import judging


@pytest.fixture(autouse=True)
def fresh_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(judging, "_last_run", {})


def test_a_run_under_way_blocks_the_next_run_of_the_same_assessment_only() -> None:
    judging._claim_run(1)
    with pytest.raises(TooManyRequests, match="a moment ago"):
        judging._claim_run(1)  # however long the first run takes, it is still running
    judging._claim_run(2)  # another candidate is not held up


def test_the_pause_counts_from_the_end_of_the_previous_run() -> None:
    judging._last_run[1] = time.monotonic()  # a run that has just ended, however long ago it started
    with pytest.raises(TooManyRequests):
        judging._claim_run(1)
    judging._last_run[1] = time.monotonic() - judging.RUN_INTERVAL_S - 0.1
    judging._claim_run(1)


def test_runs_that_ended_long_ago_are_forgotten() -> None:
    long_ago = time.monotonic() - judging.RUN_INTERVAL_S - 1
    judging._last_run.update({7: long_ago, 8: long_ago, 9: time.monotonic()})
    judging._claim_run(1)
    assert set(judging._last_run) == {1, 9}
