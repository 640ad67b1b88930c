"""The whole audit of an ingested project: every check, the ML Test Score, a maturity level and a verdict band."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel

from vetml.takehome import deptry_scan, testrun
from vetml.takehome.checks import dependencies, notebooks, practices, readme, secrets
from vetml.takehome.code import CodeIndex
from vetml.takehome.findings import CheckResult, Status
from vetml.takehome.mltestscore import MLTestScore, score
from vetml.takehome.project import Project
from vetml.takehome.testrun import TestRun

PRODUCTION_SCORE = 2.0  # the paper's "reasonably tested" starts above 2


class Band(StrEnum):
    """The verdict, from best to worst."""

    PRODUCTION_GRADE = "production-grade"
    SOLID = "solid"
    RESEARCH_GRADE = "research-grade"
    DEMO_GRADE = "demo-grade"
    NOTEBOOK_ONLY = "notebook-only"


class AuditReport(BaseModel):
    """What a reviewer reads: the verdict, the maturity level, each check and the ML Test Score."""

    project: str
    files: int
    band: Band
    maturity: int
    maturity_reason: str
    summary: str
    checks: list[CheckResult]
    ml_test_score: MLTestScore
    test_run: TestRun | None = None
    skipped: list[str]


def audit(project: Project, *, run_tests: bool = False) -> AuditReport:
    """Run every check over the project (read, never executed) and judge it; with `run_tests`, the project's own
    tests also run, inside the sandbox."""
    index = CodeIndex(project)
    results = [dependencies.check(project), notebooks.check(project), secrets.check(project), readme.check(project),
               practices.preprocessing(index), practices.artefacts(index), practices.reproducibility(index),
               practices.monitoring(index), practices.tests(index)]  # fmt: skip
    _use_deptry(results, project)
    statuses = {result.check: result.status for result in results}
    ml_score = score(index)
    band = judge(statuses, ml_score, served=bool(index.entry_points))
    level, reason = maturity(project)
    test_run = testrun.run_tests(project) if run_tests else None
    if test_run is not None:
        _add_run(results, test_run)
    return AuditReport(project=project.name, files=len(project.files), band=band, maturity=level,
                       maturity_reason=reason, summary=_summary(band, ml_score, results), checks=results,
                       ml_test_score=ml_score, test_run=test_run, skipped=project.skipped)  # fmt: skip


def _use_deptry(results: list[CheckResult], project: Project) -> None:
    """Replace our own import analysis with deptry's when deptry could read the project's manifests."""
    check = next(result for result in results if result.check == "dependencies")
    if check.status is Status.ABSENT:
        return
    found = deptry_scan.violations(project)
    if found is None:
        return
    check.problems = [problem for problem in check.problems if "is imported but" not in problem]
    check.problems += [violation.describe() for violation in found[:10]]
    check.summary += " Imports checked with deptry."


def _add_run(results: list[CheckResult], run: TestRun) -> None:
    """Put what running the tests showed into the tests check: counts, failures, network or GPU needs."""
    check = next(result for result in results if result.check == "tests")
    if not run.ran:
        check.problems.append(f"The tests were not run: {run.reason}")
        return
    check.summary += f" Run in the sandbox: {run.passed} passed, {run.failed} failed, {run.errored} errored, "
    check.summary += f"{run.skipped} skipped in {run.seconds:g} s."
    if run.timed_out:
        check.problems.append(run.reason)
    check.problems += [f"{name} needs the network" for name in run.needed_network[:5]]
    check.problems += [f"{name} needs a GPU" for name in run.needed_gpu[:5]]
    failing = [item for item in run.outcomes if item.outcome in ("failed", "errored") and not item.needed_network]
    check.problems += [f"{item.test} {item.outcome}: {item.message[:160]}" for item in failing[:5]]


def judge(statuses: dict[str, Status], ml_score: MLTestScore, *, served: bool) -> Band:
    """The band: all code in notebooks; monitored and tested enough; the basics in place; research code that
    serves nothing; otherwise a demo."""
    if statuses["notebooks"] is Status.ABSENT:
        return Band.NOTEBOOK_ONLY
    basics = all(statuses[name] is Status.EVIDENCED for name in ("tests", "dependencies", "artefacts"))
    if basics and statuses["monitoring"] is Status.EVIDENCED and ml_score.score >= PRODUCTION_SCORE:
        return Band.PRODUCTION_GRADE
    if basics:
        return Band.SOLID
    return Band.DEMO_GRADE if served else Band.RESEARCH_GRADE


def maturity(project: Project) -> tuple[int, str]:
    """Google's MLOps levels: 0 manual, 1 an automated training pipeline, 2 CI/CD around that pipeline."""
    paths = list(project.files)
    ci = any(re.search(r"^\.github/workflows/|^\.gitlab-ci|^Jenkinsfile|^\.circleci/", path) for path in paths)
    pipeline = any(re.search(r"(^|/)(dvc\.yaml|dags/|pipelines?/|kfp|prefect|flows?/)", path) for path in paths)
    container = any(re.search(r"(^|/)Dockerfile$", path) for path in paths)
    if ci and pipeline and container:
        return 2, "CI tests the code and the training pipeline is automated and containerised."
    if pipeline or ci:
        return 1, "Part of the process is automated (a training pipeline or CI), not both with deployment."
    return 0, "Training and deployment are manual steps."


def _summary(band: Band, ml_score: MLTestScore, results: list[CheckResult]) -> str:
    weakest = min(ml_score.sections, key=lambda section: ml_score.sections[section])
    missing = [result.check for result in results if result.status is Status.ABSENT]
    gaps = f" Missing: {', '.join(missing)}." if missing else ""
    return (f"{band.value}: ML Test Score {ml_score.score:g} (weakest section: {weakest}, "
            f"{ml_score.sections[weakest]:g}).{gaps}")  # fmt: skip
