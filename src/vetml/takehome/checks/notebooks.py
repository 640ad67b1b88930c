"""Notebook-only smell: how much of the code lives in notebooks rather than importable modules, notebooks
committed with their outputs, and Python 2 code that no current interpreter runs."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field

from vetml.takehome.findings import CheckResult, Evidence, Status
from vetml.takehome.project import Project

MOSTLY_NOTEBOOKS = 0.5
_PYTHON2 = re.compile(r"^\s*(print\s+[\"'\w]|exec\s+[\"']|except\s+\w+\s*,\s*\w+\s*:)", re.MULTILINE)


@dataclass
class _Tally:
    notebook_lines: int = 0
    module_lines: int = 0
    with_outputs: list[str] = field(default_factory=list)
    python2: list[Evidence] = field(default_factory=list)


def check(project: Project) -> CheckResult:
    """Not applicable without notebooks; absent when (nearly) all code is in notebooks; described when notebooks
    hold most of it; evidenced when the logic lives in modules and notebooks only explore."""
    tally = _Tally()
    notebooks = project.paths(".ipynb")
    for path in notebooks:
        _read_notebook(project, path, tally)
    for path in project.paths(".py"):
        source = project.text(path) or ""
        tally.module_lines += _code_lines(source)
        _python2(source, path, None, tally)
    problems = [f"{path} is committed with its outputs" for path in tally.with_outputs]
    problems += [f"Python 2 code in {item.path}: {item.quote}" for item in tally.python2]
    if not notebooks:
        status = Status.NOT_APPLICABLE if not tally.python2 else Status.DESCRIBED
        return CheckResult(check="notebooks", status=status, summary="No notebooks.", problems=problems)
    total = tally.notebook_lines + tally.module_lines
    share = tally.notebook_lines / total if total else 1.0
    status = (
        Status.ABSENT if tally.module_lines == 0 else Status.DESCRIBED if share > MOSTLY_NOTEBOOKS else Status.EVIDENCED
    )
    summary = f"{share:.0%} of {total} code lines are in {len(notebooks)} notebook(s)."
    evidence = [Evidence(path=path) for path in notebooks[:10]] + tally.python2
    return CheckResult(check="notebooks", status=status, summary=summary, evidence=evidence, problems=problems)


def _read_notebook(project: Project, path: str, tally: _Tally) -> None:
    try:
        cells = json.loads(project.text(path) or "{}").get("cells", [])
    except (ValueError, AttributeError):
        return
    outputs = False
    for index, cell in enumerate(cells if isinstance(cells, list) else []):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        tally.notebook_lines += _code_lines(text)
        outputs = outputs or bool(cell.get("outputs"))
        _python2(text, path, index, tally)
    if outputs:
        tally.with_outputs.append(path)


def _code_lines(source: str) -> int:
    return sum(1 for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def _python2(source: str, path: str, cell: int | None, tally: _Tally) -> None:
    """Report the first Python 2 statement of code that Python 3 cannot parse."""
    try:
        ast.parse(source)
    except SyntaxError:
        match = _PYTHON2.search(source)
        if match:
            line = source.count("\n", 0, match.start()) + 1
            where = f" (cell {cell})" if cell is not None else ""
            statement = source.splitlines()[line - 1].strip()[:80]
            tally.python2.append(Evidence(path=path, line=line, quote=statement + where))
    except (ValueError, RecursionError):
        return
