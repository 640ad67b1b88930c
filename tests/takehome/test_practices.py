"""Preprocessing, artefacts, reproducibility, monitoring and tests on the sample projects and small ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.takehome.corpus import BANDS, expected, load
from tests.takehome.test_dependencies import project_of
from vetml.takehome.checks import practices
from vetml.takehome.code import CodeIndex
from vetml.takehome.findings import CheckResult, Status

Check = Callable[[CodeIndex], CheckResult]
CHECKS: list[Check] = [practices.preprocessing, practices.artefacts, practices.reproducibility, practices.monitoring,
                       practices.tests]  # fmt: skip


@pytest.mark.parametrize("band", BANDS)
@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_each_sample_gets_the_expected_status(band: str, check: Callable[[CodeIndex], CheckResult]) -> None:
    result = check(CodeIndex(load(band)))
    assert result.status.value == expected(band, result.check)["status"], result


def test_skew_is_reported_where_serving_computes_its_own_features() -> None:
    result = practices.preprocessing(CodeIndex(load("demo-grade")))
    assert result.evidence[0].path == "app.py"
    assert "training-serving skew" in result.summary


def test_shared_features_are_evidence_with_their_module() -> None:
    result = practices.preprocessing(CodeIndex(load("solid")))
    assert any(item.path == "src/churn/features.py" for item in result.evidence)


def test_committed_models_and_debug_servers_are_problems() -> None:
    result = practices.artefacts(CodeIndex(load("demo-grade")))
    assert "model.pkl is a committed model file with no version recorded" in result.problems
    assert any(problem.startswith("debug=True in app.py") for problem in result.problems)


def test_tests_are_classified_by_what_they_exercise() -> None:
    kinds = {item.path: item.quote for item in practices.tests(CodeIndex(load("production-grade"))).evidence}
    assert kinds["tests/test_api.py"] == "end-to-end"
    assert "model behaviour" in kinds.values()


def test_a_flask_app_with_prints_and_no_metrics_has_no_monitoring() -> None:
    app = "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/p')\ndef p():\n    print('scored')\n"
    result = practices.monitoring(CodeIndex(project_of({"app.py": app})))
    assert result.status is Status.ABSENT
    assert result.problems[0] == "print instead of logging in app.py line 6"


def test_seeds_alone_are_only_described() -> None:
    result = practices.reproducibility(CodeIndex(project_of({"train.py": "import random\nrandom.seed(7)\n"})))
    assert result.status is Status.DESCRIBED


def test_a_served_model_without_a_dockerfile_is_a_problem_and_one_with_it_is_evidence() -> None:
    demo = practices.artefacts(CodeIndex(load("demo-grade")))
    assert "No Dockerfile: the serving environment is not written down" in demo.problems
    production = practices.artefacts(CodeIndex(load("production-grade")))
    assert any(item.path == "Dockerfile" for item in production.evidence)
