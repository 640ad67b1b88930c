"""deptry, run over a private copy of the project, for imports no manifest declares and declared packages the
code never imports. deptry only parses the code; it never imports or runs it, so it runs outside the sandbox.

Candidates' packages are not installed here, so deptry is told which import names belong to which packages
(`sklearn` to scikit-learn) and which modules are the project's own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from pydantic import BaseModel

from vetml.takehome.checks.dependencies import IMPORT_TO_PACKAGE, local_modules
from vetml.takehome.project import Project
from vetml.takehome.testrun import materialise

TIME_LIMIT_S = 60
# Packages used as commands rather than imported: "declared but never imported" says nothing about them.
TOOLS = frozenset({"uvicorn", "gunicorn", "dvc", "pytest", "pytest-cov", "ruff", "mypy", "black", "isort", "flake8",
                   "pre-commit", "jupyter", "jupyterlab", "notebook", "ipykernel", "tox", "nox", "build", "twine",
                   "coverage", "pip-tools", "uv", "poetry", "hatch", "setuptools", "wheel"})  # fmt: skip
MEANING = {
    "DEP001": "is imported but no manifest declares it",
    "DEP002": "is declared but never imported",
    # "transitive" only means it happens to be installed here, next to vetml: for the candidate it is undeclared.
    "DEP003": "is imported but no manifest declares it",
    "DEP004": "is a development dependency but the shipped code imports it",
}


class Violation(BaseModel):
    """One problem deptry found: its code, the module or package, and where."""

    code: str
    module: str
    path: str
    line: int | None

    def describe(self) -> str:
        """The problem in words, with its place."""
        where = f" ({self.path}:{self.line})" if self.line else ""
        return f"{self.module} {MEANING.get(self.code, self.code)}{where}"


def violations(project: Project) -> list[Violation] | None:
    """deptry's findings, or None when it could not analyse the project (no manifest it reads, or it failed)."""
    executable = Path(sys.executable).with_name("deptry")
    if not executable.exists():
        return None
    with tempfile.TemporaryDirectory(prefix="vetml-deptry-") as folder:
        root = Path(folder) / "project"
        materialise(project, root)
        report = Path(folder) / "deptry.json"
        try:
            subprocess.run(_command(executable, report, project), cwd=root, capture_output=True, timeout=TIME_LIMIT_S,
                           check=False, env={"PATH": "/usr/bin:/bin", "HOME": folder, "NO_COLOR": "1"})  # fmt: skip
        except subprocess.TimeoutExpired:
            return None
        if not report.is_file():
            return None
        found = json.loads(report.read_text(encoding="utf-8"))
    kept = [_violation(item) for item in found if isinstance(item, dict)]
    return [item for item in kept if not (item.code == "DEP002" and item.module.lower() in TOOLS)]


def _command(executable: Path, report: Path, project: Project) -> list[str]:
    mapping = ",".join(f"{package}={module}" for module, package in sorted(IMPORT_TO_PACKAGE.items()))
    command = [str(executable), ".", "--json-output", str(report), "--package-module-name-map", mapping, "--no-ansi"]
    for module in sorted(local_modules(project)):
        command += ["--known-first-party", module]
    return command


def _violation(item: dict[str, object]) -> Violation:
    error = item.get("error") if isinstance(item.get("error"), dict) else {}
    location = item.get("location") if isinstance(item.get("location"), dict) else {}
    assert isinstance(error, dict) and isinstance(location, dict)
    line = location.get("line")
    return Violation(code=str(error.get("code", "")), module=str(item.get("module", "")),
                     path=str(location.get("file", "")), line=line if isinstance(line, int) else None)  # fmt: skip
