"""`vetml bench audit`: how long the audit takes on each sample project and on a generated 5,000-file repository.

The sample projects ship with the package's tests only in a source checkout, so the bench takes their folder as
an option; the large repository is generated here: modules with imports and functions, notebooks, configs and a
README, the shape of a big ML monorepo. Tests are not run (the issue's target excludes them).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

from pydantic import BaseModel

from vetml.takehome.audit import audit
from vetml.takehome.ingest import from_folder

TARGET_S = 10.0


class AuditTiming(BaseModel):
    """The time to read and audit one project, and what it was judged."""

    project: str
    files: int
    seconds: float
    band: str


class AuditBenchResult(BaseModel):
    """Every timing, and whether the large repository met the target."""

    timings: list[AuditTiming]
    large_files: int
    large_seconds: float
    target_seconds: float
    target_met: bool


def run(*, samples: Path | None, files: int) -> AuditBenchResult:
    """Audit each sample project (when a folder of them is given) and a generated repository of `files` files."""
    timings = []
    if samples is not None:
        for folder in sorted(
            path for path in samples.iterdir() if path.is_dir() and not path.name.startswith(("_", "."))
        ):
            timings.append(_timed(folder, folder.name))
    with tempfile.TemporaryDirectory(prefix="vetml-bench-audit-") as scratch:
        root = Path(scratch) / "monorepo"
        generate(root, files)
        large = _timed(root, f"generated ({files:,} files)")
    timings.append(large)
    return AuditBenchResult(timings=timings, large_files=large.files, large_seconds=large.seconds,
                            target_seconds=TARGET_S, target_met=large.seconds < TARGET_S)  # fmt: skip


def _timed(folder: Path, name: str) -> AuditTiming:
    started = time.perf_counter()
    project = from_folder(folder)
    report = audit(project, run_tests=False)
    return AuditTiming(project=name, files=report.files, seconds=round(time.perf_counter() - started, 2),
                       band=report.band.value)  # fmt: skip


def generate(root: Path, files: int) -> None:
    """A repository of `files` files: 80% modules, 5% notebooks, the rest tests, configs and docs."""
    rng = random.Random(7)
    root.mkdir(parents=True)
    (root / "README.md").write_text("# Monorepo\n\npip install -r requirements.txt\npython -m pkg0.train\n")
    (root / "requirements.txt").write_text("numpy==2.0.0\npandas==2.2.2\nscikit-learn==1.5.2\n")
    for number in range(files - 2):
        package = root / f"pkg{number % 40}"
        package.mkdir(exist_ok=True)
        kind = rng.random()
        if kind < 0.8:
            (package / f"module_{number}.py").write_text(_module(number, rng))
        elif kind < 0.85:
            (package / f"explore_{number}.ipynb").write_text(_notebook(number))
        elif kind < 0.95:
            (package / f"test_module_{number}.py").write_text(
                f"def test_{number}():\n    assert {number} == {number}\n"
            )
        else:
            (package / f"config_{number}.yaml").write_text(f"seed: {number}\nlearning_rate: 0.0{number % 9 + 1}\n")


def _module(number: int, rng: random.Random) -> str:
    imports = rng.sample(["numpy as np", "pandas as pd", "logging", "json", "sklearn.linear_model"], k=2)
    body = "\n".join(f"def step_{number}_{index}(frame):\n    return frame * {index}\n" for index in range(8))
    return "\n".join(f"import {name}" for name in imports) + "\n\n" + body


def _notebook(number: int) -> str:
    source = f"import pandas as pd\nframe = pd.DataFrame({{'x': [{number}]}})\n"
    cell: dict[str, object] = {"cell_type": "code", "source": [source], "outputs": [], "metadata": {},
                               "execution_count": None}  # fmt: skip
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
