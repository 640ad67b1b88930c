"""The README: does it say how to set up, train, evaluate and serve, with commands that name things that exist?"""

from __future__ import annotations

import re
import tomllib

from vetml.takehome.findings import CheckResult, Evidence, Status
from vetml.takehome.project import Project

README = re.compile(r"^readme(\.(md|rst|txt|markdown))?$", re.IGNORECASE)
TOPICS = {
    "setup": re.compile(r"pip install|uv (?:sync|pip)|poetry install|conda (?:env )?create|docker (?:build|compose)|"
                        r"make (?:install|setup)|pipenv install"),
    "training": re.compile(r"(?i)\btrain\w*(?:\.py)?\b.*(?:--|\.py|-m|make|\w+-train)|python [\w/.-]*train"),
    "evaluation": re.compile(r"(?i)python [\w/.-]*eval|\bevaluat\w*\.py|-m [\w.]*eval|make eval|\w+-evaluate|"
                             r"dvc metrics|metrics diff"),
    "inference": re.compile(r"(?i)python [\w/.-]*(?:predict|serve|app|infer)|uvicorn|curl |flask run|-predict\b|"
                            r"docker run|bentoml serve"),
}  # fmt: skip
COMMAND = re.compile(r"\bpython3?\s+(?:-m\s+)?([\w/.-]+)")


def check(project: Project) -> CheckResult:
    """Evidenced with setup, training and evaluation instructions whose files exist; described with some
    instructions; absent without a README or without any instruction."""
    path = next((path for path in sorted(project.files) if README.match(path)), None)
    text = project.text(path) if path else None
    if path is None or text is None:
        return CheckResult(
            check="readme",
            status=Status.ABSENT,
            summary="No README.",
            problems=["Add a README with setup, training, evaluation and inference commands."],
        )
    topics = sorted(topic for topic, pattern in TOPICS.items() if pattern.search(text))
    missing = [target for target in _command_targets(text) if not _exists(project, target)]
    problems = [f"the README runs {target}, which is not in the repository" for target in missing]
    problems += [f"the README does not say how to do {topic}" for topic in TOPICS if topic not in topics]
    complete = {"setup", "training", "evaluation"} <= set(topics) and not missing
    status = Status.EVIDENCED if complete else Status.DESCRIBED if topics else Status.ABSENT
    summary = f"Covers {', '.join(topics)}." if topics else "The README gives no instructions."
    return CheckResult(
        check="readme", status=status, summary=summary, evidence=[Evidence(path=path)], problems=problems
    )


def _command_targets(text: str) -> list[str]:
    """Files and modules the README's commands run, e.g. train.py or churn.train."""
    return sorted({match.group(1) for match in COMMAND.finditer(text) if match.group(1) not in ("pip", "venv")})


def _exists(project: Project, target: str) -> bool:
    """A script path, a module (dotted) under the root or src/, or a console script the project declares."""
    if target.endswith(".py"):
        return target.lstrip("./") in project.files
    module = target.replace(".", "/")
    candidates = [f"{module}.py", f"{module}/__init__.py", f"{module}/__main__.py"]
    if any(prefix + name in project.files for prefix in ("", "src/") for name in candidates):
        return True
    return target in _console_scripts(project)


def _console_scripts(project: Project) -> set[str]:
    try:
        data = tomllib.loads(project.text("pyproject.toml") or "")
    except tomllib.TOMLDecodeError:
        return set()
    scripts = data.get("project", {}).get("scripts", {})
    return set(scripts) if isinstance(scripts, dict) else set()
