"""The competencies an ML engineer is assessed on, what assesses each, and the coverage matrix of a loop.

The vocabulary is deliberately small and fixed: a hiring manager reads the matrix at a glance, and
each competency maps onto modules and bank categories by plain tables that reviewers can change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, Field

from vetml.questions.schemas import Level, Module


class Competency(StrEnum):
    """Something an ML engineer is assessed on; the last seven are specialties."""

    ML_FUNDAMENTALS = "ml-fundamentals"
    DATA_ENGINEERING = "data-engineering"
    CODING = "coding"
    ML_SYSTEM_DESIGN = "ml-system-design"
    PRODUCTION_OPERATIONS = "production-operations"
    SCALING = "scaling"
    RESPONSIBLE_ML = "responsible-ml"
    COMMUNICATION = "communication"
    MLOPS = "mlops"
    DEEP_LEARNING = "deep-learning"
    NLP = "nlp"
    COMPUTER_VISION = "computer-vision"
    RECOMMENDER_SYSTEMS = "recommender-systems"
    REINFORCEMENT_LEARNING = "reinforcement-learning"
    TIME_SERIES = "time-series"


C = Competency
LOOP_ORDER = tuple(Module)  # screen first, behavioral last, the order candidates usually meet them

# Which modules can assess a competency, the preferred owner first.
COMPETENCY_MODULES: dict[Competency, tuple[Module, ...]] = {
    C.ML_FUNDAMENTALS: (Module.ML_THEORY, Module.TECHNICAL_SCREEN, Module.CODING_ALGORITHMS),
    C.DATA_ENGINEERING: (Module.DATA_CODING, Module.ML_DESIGN, Module.SYSTEM_DESIGN),
    C.CODING: (Module.CODING_ALGORITHMS, Module.DATA_CODING),
    C.ML_SYSTEM_DESIGN: (Module.ML_DESIGN, Module.SYSTEM_DESIGN),
    C.PRODUCTION_OPERATIONS: (Module.ML_DESIGN, Module.SYSTEM_DESIGN, Module.DATA_CODING, Module.TECHNICAL_SCREEN),
    C.SCALING: (Module.SYSTEM_DESIGN, Module.ML_DESIGN),
    C.RESPONSIBLE_ML: (Module.ML_DESIGN, Module.BEHAVIORAL, Module.SYSTEM_DESIGN, Module.TECHNICAL_SCREEN),
    C.COMMUNICATION: (Module.BEHAVIORAL, Module.TECHNICAL_SCREEN),
    C.MLOPS: (Module.SYSTEM_DESIGN, Module.ML_DESIGN, Module.TECHNICAL_SCREEN, Module.DATA_CODING),
    C.DEEP_LEARNING: (Module.ML_THEORY, Module.ML_DESIGN, Module.DATA_CODING),
    C.NLP: (Module.ML_DESIGN, Module.ML_THEORY, Module.DATA_CODING),
    C.COMPUTER_VISION: (Module.ML_DESIGN, Module.ML_THEORY),
    C.RECOMMENDER_SYSTEMS: (Module.ML_DESIGN, Module.SYSTEM_DESIGN),
    C.REINFORCEMENT_LEARNING: (Module.ML_THEORY, Module.ML_DESIGN, Module.CODING_ALGORITHMS),
    C.TIME_SERIES: (Module.ML_DESIGN, Module.ML_THEORY, Module.DATA_CODING),
}

# Bank question categories (bank/categories.yaml) and challenge categories to what they assess.
CATEGORY_COMPETENCIES: dict[str, tuple[Competency, ...]] = {
    "fundamentals": (C.ML_FUNDAMENTALS,),
    "bias-variance": (C.ML_FUNDAMENTALS,),
    "evaluation-metrics": (C.ML_FUNDAMENTALS,),
    "feature-engineering": (C.DATA_ENGINEERING, C.ML_FUNDAMENTALS),
    "data-pipelines": (C.DATA_ENGINEERING,),
    "drift": (C.PRODUCTION_OPERATIONS, C.MLOPS),
    "deployment": (C.PRODUCTION_OPERATIONS, C.MLOPS),
    "monitoring": (C.PRODUCTION_OPERATIONS, C.MLOPS),
    "scaling": (C.SCALING,),
    "system-design": (C.ML_SYSTEM_DESIGN,),
    "deep-learning": (C.DEEP_LEARNING,),
    "nlp": (C.NLP,),
    "computer-vision": (C.COMPUTER_VISION,),
    "unsupervised": (C.ML_FUNDAMENTALS,),
    "reinforcement-learning": (C.REINFORCEMENT_LEARNING,),
    "explainability": (C.ML_FUNDAMENTALS, C.RESPONSIBLE_ML),
    "automl": (C.ML_FUNDAMENTALS, C.MLOPS),
    "time-series": (C.TIME_SERIES,),
    "ensembles": (C.ML_FUNDAMENTALS,),
    "testing": (C.CODING, C.MLOPS),
    "reproducibility": (C.MLOPS,),
    "security-ethics": (C.RESPONSIBLE_ML,),
    "behavioral": (C.COMMUNICATION,),
    "remote-communication": (C.COMMUNICATION,),
    # challenge categories
    "algorithms": (C.CODING,),
    "data-coding": (C.CODING, C.DATA_ENGINEERING),
    "ml-from-scratch": (C.CODING, C.ML_FUNDAMENTALS),
    "production-ml": (C.CODING, C.PRODUCTION_OPERATIONS),
}

# Tags and skill phrases that point at a competency whatever the category says. Whole phrases, not
# single words: 'fraud-detection' must not count as computer vision just because of 'object-detection'.
PHRASE_COMPETENCIES: dict[Competency, tuple[str, ...]] = {
    C.CODING: ("python", "algorithms", "data-structures"),
    C.DATA_ENGINEERING: ("sql", "spark", "airflow", "etl", "kafka", "streaming", "data-pipelines", "data-quality"),
    C.SCALING: ("kubernetes", "gpu", "distributed-training", "sharding", "autoscaling"),
    C.MLOPS: ("mlops", "mlflow", "model-registry", "feature-store", "retraining", "ci-cd", "experiment-tracking"),
    C.PRODUCTION_OPERATIONS: (
        "monitoring",
        "model-monitoring",
        "deployment",
        "rollback",
        "canary",
        "on-call",
        "incident-response",
        "model-serving",
    ),
    C.DEEP_LEARNING: ("deep-learning", "pytorch", "tensorflow", "neural-networks", "backpropagation"),
    C.NLP: ("nlp", "llm", "transformers", "text-classification", "rag", "ner", "tokenisation", "machine-translation"),
    C.COMPUTER_VISION: (
        "computer-vision",
        "object-detection",
        "image-classification",
        "segmentation",
        "cnn",
        "vision-transformer",
    ),
    C.RECOMMENDER_SYSTEMS: ("recommender-systems", "recommendation", "recommendations", "recommender"),
    C.REINFORCEMENT_LEARNING: ("reinforcement-learning", "q-learning", "bandits"),
    C.TIME_SERIES: ("time-series", "forecasting", "demand-forecasting"),
    C.RESPONSIBLE_ML: ("fairness", "privacy", "responsible-ai"),
}

_JUNIOR = (C.ML_FUNDAMENTALS, C.DATA_ENGINEERING, C.CODING, C.COMMUNICATION)
_MID = (*_JUNIOR, C.ML_SYSTEM_DESIGN, C.PRODUCTION_OPERATIONS)
_SENIOR = (*_MID, C.SCALING, C.RESPONSIBLE_ML)
LEVEL_COMPETENCIES: dict[Level, tuple[Competency, ...]] = {
    Level.JUNIOR: _JUNIOR,
    Level.MID: _MID,
    Level.SENIOR: _SENIOR,
    Level.STAFF: _SENIOR,
}

SPECIALTY_COMPETENCIES: dict[str, tuple[Competency, ...]] = {
    "mlops": (C.MLOPS, C.PRODUCTION_OPERATIONS, C.SCALING),
    "deep-learning": (C.DEEP_LEARNING,),
    "nlp": (C.NLP, C.DEEP_LEARNING),
    "computer-vision": (C.COMPUTER_VISION, C.DEEP_LEARNING),
    "recommender-systems": (C.RECOMMENDER_SYSTEMS,),
    "reinforcement-learning": (C.REINFORCEMENT_LEARNING,),
    "time-series": (C.TIME_SERIES,),
}
SPECIALTIES = tuple(SPECIALTY_COMPETENCIES)


def words(text: str) -> list[str]:
    """Lower-case word stems of a text, so 'Random Forests' and the tag random-forest meet."""
    return [_stem(word) for word in re.findall(r"[a-z0-9]+", text.lower())]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


_PHRASES = {
    "-".join(words(phrase)): competency for competency, phrases in PHRASE_COMPETENCIES.items() for phrase in phrases
}
_LONGEST = max(len(phrase.split("-")) for phrase in _PHRASES)


def keyword_competencies(text: str) -> set[Competency]:
    """Competencies named by any run of words of a tag or skill ('object detection', 'Kubernetes')."""
    stems = words(text)
    runs = {"-".join(stems[start : start + size]) for size in range(1, _LONGEST + 1) for start in range(len(stems))}
    return {_PHRASES[run] for run in runs if run in _PHRASES}


def item_competencies(category: str, tags: Iterable[str]) -> list[Competency]:
    """What a question or challenge assesses: its category's competencies plus those its tags name."""
    found = set(CATEGORY_COMPETENCIES.get(category, ()))
    for tag in tags:
        found |= keyword_competencies(tag)
    return ordered(found)


def ordered(competencies: Iterable[Competency]) -> list[Competency]:
    """Competencies in vocabulary order, so plans never depend on set order."""
    wanted = set(competencies)
    return [competency for competency in Competency if competency in wanted]


def role_competencies(level: Level, specialties: Iterable[str], must_have_skills: Iterable[str]) -> list[Competency]:
    """What a role must assess: its level's core, its specialties' and those its must-have skills name."""
    found = set(LEVEL_COMPETENCIES[level])
    for specialty in specialties:
        found |= set(SPECIALTY_COMPETENCIES[specialty])
    for skill in must_have_skills:
        found |= keyword_competencies(skill)
    return ordered(found)


class CoverageRow(BaseModel):
    """One competency of the role: the modules that assess it and the one that owns it."""

    competency: Competency
    assessed_by: list[Module] = Field(default_factory=list)
    owner: Module | None = None


class Coverage(BaseModel):
    """Rows are the role's competencies, columns the loop's modules; gaps are rows nothing assesses."""

    modules: list[Module]
    rows: list[CoverageRow]
    gaps: list[Competency] = Field(default_factory=list)

    def assesses(self, competency: Competency, module: Module) -> bool:
        """One cell of the matrix."""
        return any(row.competency is competency and module in row.assessed_by for row in self.rows)


def build_coverage(role: list[Competency], assessed: list[tuple[Module, set[Competency]]]) -> Coverage:
    """The coverage matrix of a loop from what each of its modules' questions and challenges assess."""
    rows = [_row(competency, assessed) for competency in role]
    return Coverage(
        modules=[module for module, _ in assessed],
        rows=rows,
        gaps=[row.competency for row in rows if not row.assessed_by],
    )


def _row(competency: Competency, assessed: list[tuple[Module, set[Competency]]]) -> CoverageRow:
    by = [module for module, found in assessed if competency in found]
    preferred = [module for module in COMPETENCY_MODULES[competency] if module in by]
    owner = preferred[0] if preferred else (by[0] if by else None)
    return CoverageRow(competency=competency, assessed_by=by, owner=owner)
