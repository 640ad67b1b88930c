"""Judging through the real sandbox: verdicts, subtasks, scripts, the classic cheats, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from vetml.judge.challenges import get_challenge
from vetml.judge.engine import judge
from vetml.judge.sandbox import Sandbox
from vetml.judge.schemas import Verdict
from vetml.judge.service import judge_source


def _judge(root: Path, sandbox: Sandbox, source: str) -> object:
    return judge(get_challenge(root, "add-up"), source, sandbox)


def test_the_reference_is_accepted_with_full_points(challenges_root: Path, sandbox: Sandbox) -> None:
    result = judge(get_challenge(challenges_root, "add-up"), "def add_up(values):\n    return sum(values)\n", sandbox)
    assert result.verdict is Verdict.ACCEPTED
    assert result.score == 100
    assert [test.name for test in result.tests] == ["three numbers", "empty", "negative", "many", "scripted"]
    assert [test.visible for test in result.tests] == [True, False, False, False, False]
    assert all(test.memory_kb > 0 for test in result.tests)


def test_partial_credit_per_subtask(challenges_root: Path, sandbox: Sandbox) -> None:
    source = "def add_up(values):\n    return sum(values) if len(values) < 50 else 0\n"
    result = judge(get_challenge(challenges_root, "add-up"), source, sandbox)
    assert result.verdict is Verdict.WRONG_ANSWER
    assert {item.id: item.earned for item in result.subtasks} == {"basic": 40, "large": 0}
    assert result.score == 40
    assert result.tests[3].message.startswith("expected ")


def test_a_failing_script_reports_its_assertion(challenges_root: Path, sandbox: Sandbox) -> None:
    source = "def add_up(values):\n    return sum(values) if len(values) != 1 else 0\n"
    result = judge(get_challenge(challenges_root, "add-up"), source, sandbox)
    scripted = result.tests[-1]
    assert scripted.verdict is Verdict.WRONG_ANSWER
    assert "one value is its own sum" in scripted.message


@pytest.mark.parametrize(
    ("source", "verdict"),
    [
        ("def add_up(values)\n    return 0\n", Verdict.COMPILE_ERROR),
        ("import not_a_real_module\ndef add_up(values):\n    return 0\n", Verdict.COMPILE_ERROR),
        ("def total(values):\n    return sum(values)\n", Verdict.COMPILE_ERROR),
        ("def add_up(values):\n    return 1 / 0\n", Verdict.RUNTIME_ERROR),
        ("def add_up(values):\n    while True:\n        pass\n", Verdict.TIME_LIMIT),
        ("def add_up(values):\n    return len(bytearray(10**10))\n", Verdict.MEMORY_LIMIT),
        ("def add_up(values):\n    while True:\n        print('spam' * 1000)\n", Verdict.OUTPUT_LIMIT),
        ("raise SystemExit(0)\n", Verdict.RUNTIME_ERROR),
    ],
    ids=["syntax", "import", "missing-entry", "exception", "loop", "memory", "output", "exit-at-import"],
)
def test_each_failure_gets_its_verdict(challenges_root: Path, sandbox: Sandbox, source: str, verdict: Verdict) -> None:
    result = judge(get_challenge(challenges_root, "add-up"), source, sandbox)
    assert result.verdict is verdict
    assert result.score == 0
    assert result.message


def test_a_time_limit_on_one_test_does_not_sink_the_others(challenges_root: Path, sandbox: Sandbox) -> None:
    source = (
        "def add_up(values):\n    if len(values) > 50:\n        while True:\n            pass\n    return sum(values)\n"
    )
    result = judge(get_challenge(challenges_root, "add-up"), source, sandbox)
    verdicts = [test.verdict for test in result.tests]
    assert verdicts == [Verdict.ACCEPTED, Verdict.ACCEPTED, Verdict.ACCEPTED, Verdict.TIME_LIMIT, Verdict.ACCEPTED]


CHEATS = {
    "patch-builtins": "import builtins\nbuiltins.sum = lambda values: 6\nbuiltins.AssertionError = Exception\n"
    "def add_up(values):\n    return 6\n",
    "print-success": "print('all tests passed')\ndef add_up(values):\n    print('OK ' * 3)\n    return -1\n",
    "exit-before-tests": "import os\ndef add_up(values):\n    os._exit(0)\n",
    "read-caller-frames": "import sys\ndef add_up(values):\n    frame, seen = sys._getframe(1), []\n"
    "    while frame:\n        seen += [v for v in frame.f_locals.values() if isinstance(v, int)]\n"
    "        frame = frame.f_back\n    return seen[0] if seen else -1\n",
    "tamper-with-arguments": "def add_up(values):\n    values.clear()\n    values.append(-99)\n    return -99\n",
    "equals-everything": "class Any(int):\n    def __eq__(self, other):\n        return True\n"
    "def add_up(values):\n    return Any(0)\n",
    "delete-the-tests": "import shutil, os\nfor path in ('/judge', '/work', '/scratch'):\n"
    "    shutil.rmtree(path, ignore_errors=True)\ndef add_up(values):\n    return 0\n",
}


@pytest.mark.parametrize("name", sorted(CHEATS))
def test_the_classic_cheats_fail(challenges_root: Path, sandbox: Sandbox, name: str) -> None:
    result = judge(get_challenge(challenges_root, "add-up"), CHEATS[name], sandbox)
    assert result.verdict is not Verdict.ACCEPTED
    assert result.score < 100
    assert (challenges_root / "add-up" / "tests.py").is_file()
    honest = judge(get_challenge(challenges_root, "add-up"), "def add_up(values):\n    return sum(values)\n", sandbox)
    assert honest.verdict is Verdict.ACCEPTED


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b"def add_up(values):\n    return 0  # \xff\xfe\n", "not UTF-8"),
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"x = 1\n" * (10 * 1024 * 1024 // 6), "the limit is 256 KB"),
        (b"def add_up(v):\n    return 0\x00\n", "NUL"),
    ],
    ids=["not-utf8", "empty", "blank", "ten-megabytes", "nul-bytes"],
)
def test_unjudgeable_sources_get_a_clear_compile_error(
    challenges_root: Path, sandbox: Sandbox, source: bytes, message: str
) -> None:
    result = judge_source(challenges_root, "add-up", source, sandbox)
    assert result.verdict is Verdict.COMPILE_ERROR
    assert message in result.message
