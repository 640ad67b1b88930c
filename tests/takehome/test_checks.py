"""The notebooks and secrets checks on the sample projects and on small projects built here."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.takehome.corpus import BANDS, PROJECTS, expected, load
from tests.takehome.test_dependencies import project_of
from vetml.takehome.checks import notebooks, readme, secrets
from vetml.takehome.findings import Status

FAKE_KEY = "AKIA" + "QZ7XKQ2M4N8P1RTV"


@pytest.mark.parametrize("band", BANDS)
@pytest.mark.parametrize("check", [notebooks.check, secrets.check, readme.check])
def test_each_sample_gets_the_expected_status(band: str, check: object) -> None:
    result = check(load(band))  # type: ignore[operator]
    assert result.status.value == expected(band, result.check)["status"], result


def test_a_notebook_only_project_is_named_with_its_outputs_and_python_2_code() -> None:
    result = notebooks.check(load("notebook-only"))
    assert result.status is Status.ABSENT
    assert "sms_spam.ipynb is committed with its outputs" in result.problems
    assert any('print "done"' in problem and "(cell 8)" in problem for problem in result.problems)


def test_notebooks_that_only_explore_are_fine() -> None:
    notebook = {"cells": [{"cell_type": "code", "source": "from churn import train\ntrain.run()\n", "outputs": []}]}
    modules = "\n".join(f"def step_{number}():\n    return {number}\n" for number in range(20))
    project = project_of({"explore.ipynb": json.dumps(notebook), "churn/train.py": modules})
    assert notebooks.check(project).status is Status.EVIDENCED


def test_committed_keys_are_found_in_files_and_history_and_never_shown_in_full() -> None:
    project = project_of({"config.py": f'AWS_KEY = "{FAKE_KEY}"\n', "app.py": "import os\nos.environ['X']\n"})
    project.removed_texts["0123456789ab^:old.py"] = "token = 'ghp_" + "a1B2" * 9 + "'\n"
    result = secrets.check(project)
    assert result.status is Status.ABSENT
    places = {(item.path, item.line) for item in result.evidence}
    assert places == {("config.py", 1), ("history 0123456789ab^:old.py", 1)}
    assert all(FAKE_KEY not in problem and "a1B2a1B2" not in problem for problem in result.problems)


def test_placeholders_examples_lock_files_and_notebook_outputs_are_not_secrets() -> None:
    notebook = {"cells": [{"cell_type": "code", "source": "print(1)\n",
                           "outputs": [{"output_type": "stream", "text": f"key {FAKE_KEY}\n"}]}]}  # fmt: skip
    project = project_of({
        ".env.example": "API_KEY=\nPASSWORD=change-me-please-now\n",
        "settings.py": "api_key = 'your-api-key-goes-here-xxxx'\nimport os\nTOKEN = os.getenv('TOKEN')\n",
        "uv.lock": 'hash = "sha256:' + "f" * 64 + '"\n',
        "run.ipynb": json.dumps(notebook),
    })  # fmt: skip
    result = secrets.check(project)
    assert result.status is Status.EVIDENCED, result.problems


def test_a_readme_that_runs_missing_scripts_is_only_described() -> None:
    text = (
        "## Setup\npip install -r requirements.txt\n## Train\npython train.py\n## Evaluate\npython -m model.evaluate\n"
    )
    project = project_of({"README.md": text, "train.py": "", "requirements.txt": "numpy==2.0.0\n"})
    result = readme.check(project)
    assert result.status is Status.DESCRIBED
    assert result.problems == ["the README runs model.evaluate, which is not in the repository",
                               "the README does not say how to do inference"]  # fmt: skip
    project.files["src/model/evaluate.py"] = project.files["train.py"]
    assert readme.check(project).status is Status.EVIDENCED


def test_every_planted_secret_of_the_demo_project_is_found_on_its_line() -> None:
    planted = yaml.safe_load((PROJECTS / "demo-grade" / "EXPECTED.yaml").read_text(encoding="utf-8"))["planted_secrets"]
    found = {(item.path, item.line) for item in secrets.check(load("demo-grade")).evidence}
    assert {(item["path"], item["line"]) for item in planted} <= found
