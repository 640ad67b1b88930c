"""Small challenges written as real folders, for judge tests."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import yaml

REFERENCE = "def add_up(values):\n    return sum(values)\n"
TESTS = """
import random
from vetml.judge.testkit import Case, Script


def examples():
    return [Case("three numbers", args=([1, 2, 3],), expected=6)]


def hidden():
    yield Case("empty", args=([],), expected=0, subtask="basic", category="edge cases")
    yield Case("negative", args=([-5, 2],), expected=-3, subtask="basic", category="edge cases")
    rng = random.Random(3)
    yield Case("many", args=([rng.randrange(1000) for _ in range(1000)],), subtask="large", category="large inputs")

    def twice(candidate):
        assert candidate([2, 2]) == 4
        assert candidate([10]) == 10, "one value is its own sum"

    yield Script("scripted", twice, subtask="large", category="scripts")
"""


def challenge_spec(challenge_id: str = "add-up", **overrides: object) -> dict[str, object]:
    """challenge.yaml of a tiny function challenge."""
    spec: dict[str, object] = {
        "id": challenge_id,
        "title": "Add up a list of numbers",
        "category": "algorithms",
        "level": "junior",
        "tags": ["warm-up"],
        "entry_point": "add_up",
        "signature": "add_up(values: list[int]) -> int",
        "limits": {"time_ms": 1000, "memory_mb": 128},
        "checker": "exact",
        "subtasks": [
            {"id": "basic", "title": "Small lists", "points": 40},
            {"id": "large", "title": "Long lists", "points": 60},
        ],
        "known_wrong": [{"file": "wrong/off_by_one.py", "verdict": "wrong_answer", "why": "Skips the first value."}],
    }
    spec.update(overrides)
    return spec


def write_challenge(root: Path, challenge_id: str = "add-up", **overrides: object) -> Path:
    """Write a complete, valid challenge folder and return it."""
    folder = root / challenge_id
    (folder / "wrong").mkdir(parents=True, exist_ok=True)
    (folder / "challenge.yaml").write_text(yaml.safe_dump(challenge_spec(challenge_id, **overrides)), encoding="utf-8")
    (folder / "statement.md").write_text("# Add up\n\nReturn the sum of the values.\n", encoding="utf-8")
    (folder / "starter.py").write_text("def add_up(values):\n    raise NotImplementedError\n", encoding="utf-8")
    (folder / "reference.py").write_text(REFERENCE, encoding="utf-8")
    (folder / "tests.py").write_text(dedent(TESTS), encoding="utf-8")
    (folder / "wrong" / "off_by_one.py").write_text(
        "def add_up(values):\n    return sum(values[1:])\n", encoding="utf-8"
    )
    return folder
