"""The sample projects of tests/takehome/projects, loaded as the audit sees them, with what each must show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from vetml.takehome.ingest import from_folder
from vetml.takehome.project import Project

PROJECTS = Path(__file__).parent / "projects"
BANDS = ("notebook-only", "demo-grade", "research-grade", "solid", "production-grade")


def load(band: str) -> Project:
    """A sample project without its EXPECTED.yaml, which is ours, not the candidate's."""
    project = from_folder(PROJECTS / band)
    project.files.pop("EXPECTED.yaml", None)
    return project


def expected(band: str, check: str) -> dict[str, Any]:
    """What EXPECTED.yaml says the given check must report for the sample."""
    data = yaml.safe_load((PROJECTS / band / "EXPECTED.yaml").read_text(encoding="utf-8"))
    return next(item for item in data["findings"] if item["check"] == check)
