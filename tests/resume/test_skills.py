"""Skills: aliases map to one name, and a skill is evidenced only when a role or project shows it in use."""

from __future__ import annotations

from datetime import date

from tests.resume.cv_texts import CLEAN, with_change
from vetml.resume.review import review


def skills_of(text: str) -> dict[str, bool]:
    found = review(text.encode(), "cv.md", today=date(2026, 11, 1))
    return {skill.name: skill.evidenced for skill in found.skills}


def test_listed_and_used_skills_are_evidenced_and_listed_only_ones_are_claimed() -> None:
    skills = skills_of(CLEAN)
    assert skills["PyTorch"] is True  # in a bullet of the current role
    assert skills["Apache Kafka"] is True  # "Kafka" is an alias
    assert skills["XGBoost"] is False  # only in the skills list
    assert skills["Terraform"] is False


def test_aliases_are_one_skill() -> None:
    text = with_change("scikit-learn, XGBoost", "sklearn, XGBoost")
    text = with_change("with PyTorch and Kubernetes", "with PyTorch on k8s", text)
    skills = skills_of(text)
    assert skills["scikit-learn"] is False
    assert skills["Kubernetes"] is True
    assert "sklearn" not in skills and "k8s" not in skills


def test_probe_skills_are_the_claimed_ones_without_evidence() -> None:
    found = review(CLEAN.encode(), "cv.md", today=date(2026, 11, 1))
    assert "XGBoost" in found.probe_skills
    assert "PyTorch" not in found.probe_skills
    evidenced = next(skill for skill in found.skills if skill.name == "PyTorch")
    assert "fraud-scoring" in evidenced.evidence[0].quote
