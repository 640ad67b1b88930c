"""Fault tests on the real stack: Celery workers as processes, a Redis server, PostgreSQL, the sandbox.

Each test breaks something the way production breaks it (a worker killed mid-judge, Redis restarted
with messages queued and while a hand-in commits, a submission that fails every judge) and checks
that every submission still ends with exactly one final result.
"""

from __future__ import annotations

from datetime import timedelta

import redis

from tests.judge.factories import REFERENCE
from tests.tasks.conftest import Stack
from tests.tasks.services import RedisServer, wait_for
from vetml.judge import service as judge

SLOW = "import time\n\ndef add_up(values):\n    time.sleep(0.6)\n    return sum(values)\n"


def _queued(server: RedisServer) -> int:
    return int(redis.Redis.from_url(server.url).llen("judge"))


def test_a_worker_killed_mid_judge_leaves_the_submission_to_be_judged_again_once(stack: Stack) -> None:
    submission_id = stack.submit(SLOW)
    first = stack.worker(slot=11)
    wait_for("the first worker to start judging", lambda: stack.status(submission_id)[0] == "running")
    first.kill()
    assert stack.status(submission_id)[0] == "running"  # taken by a worker that no longer exists
    stack.worker(slot=12)
    stack.wait_final([submission_id])
    assert stack.status(submission_id) == ("done", "accepted", 2)


def test_redis_restarted_with_work_queued_and_down_during_a_hand_in_loses_nothing(stack: Stack) -> None:
    queued = [stack.submit(REFERENCE) for _ in range(3)]
    assert _queued(stack.redis) == 3
    stack.redis.stop()  # the messages are gone with it (it keeps nothing on disk)
    during_outage = stack.submit(REFERENCE)  # the hand-in commits; only the send fails
    assert stack.status(during_outage) == ("queued", None, 0)
    stack.redis.start()
    assert _queued(stack.redis) == 0
    stack.worker(slot=13)
    everything = [*queued, during_outage]
    stack.wait_final(everything)
    assert [stack.status(submission_id) for submission_id in everything] == [("done", "accepted", 1)] * 4


def test_a_poison_submission_fails_alone_and_the_queue_goes_on(stack: Stack) -> None:
    poison = stack.submit(REFERENCE, challenge_id="poison")
    (stack.settings.bank_dir / "challenges" / "poison" / "tests.py").unlink()  # every judge of it now fails
    healthy = [stack.submit(REFERENCE) for _ in range(2)]
    stack.worker(slot=14)
    stack.wait_final([poison, *healthy])
    assert stack.status(poison) == ("failed", "internal_error", judge.MAX_ATTEMPTS)
    assert [stack.status(submission_id) for submission_id in healthy] == [("done", "accepted", 1)] * 2


def test_the_sweeper_leaves_fresh_work_alone(stack: Stack) -> None:
    from vetml.tasks import sweeper

    submission_id = stack.submit(REFERENCE)
    swept = sweeper.sweep(stack.sessions, stack.dispatcher, deadline=timedelta(minutes=5))
    assert (swept.submissions, _queued(stack.redis)) == (0, 1)
    swept = sweeper.sweep(stack.sessions, stack.dispatcher, deadline=timedelta(0))
    assert (swept.submissions, _queued(stack.redis)) == (1, 2)
    assert stack.status(submission_id) == ("queued", None, 0)
