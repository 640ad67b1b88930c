"""The feedback summary a candidate may be sent after their loop, built so it cannot leak the debrief.

It is made from the competencies the loop assessed and the mean interviewer rating of each,
reduced to two lists: where the candidate did well and what to work on, with advice per
competency written here. Nothing else of the debrief goes in: no ratings, no interviewer names,
no notes or quoted evidence, no red flags, no automatic grades and no decision or its rationale,
so a hiring manager can forward it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from vetml.interviews.competencies import Competency
from vetml.interviews.debrief_schemas import Debrief

STRENGTH_FROM = 3.0  # a mean of "leaning yes" or better
DEVELOP_BELOW = 2.5  # a mean below halfway between "leaning no" and "leaning yes"

C = Competency
ADVICE: dict[Competency, str] = {
    C.ML_FUNDAMENTALS: "Revisit the bias-variance trade-off, regularisation and how to choose and read evaluation "
    "metrics; practise explaining why a model behaves as it does, not only which model to use.",
    C.DATA_ENGINEERING: "Practise designing pipelines that validate their inputs, backfill safely and keep "
    "training and serving features consistent.",
    C.CODING: "Practise writing small, tested functions under time pressure, and talk through edge cases and "
    "complexity before you start typing.",
    C.ML_SYSTEM_DESIGN: "Practise end-to-end designs: start from the product goal and its metric, then data, "
    "model, serving, monitoring and what happens when it fails.",
    C.PRODUCTION_OPERATIONS: "Prepare concrete stories about incidents you handled: what broke, how you noticed, "
    "how you rolled back and what you changed so it would not happen again.",
    C.SCALING: "Work through capacity estimates (requests per second, latency budgets, memory, cost) and the "
    "trade-offs of batching, caching and sharding.",
    C.RESPONSIBLE_ML: "Be ready to discuss fairness checks, privacy and how you would explain or contest a "
    "model's decision to the people it affects.",
    C.COMMUNICATION: "Structure answers: the situation, what you did, the result with a number, and what you "
    "learned; check in with the listener before going deep.",
    C.MLOPS: "Practise describing how models move from experiment to production: versioning, reproducible "
    "training, CI for models, staged rollouts and monitoring.",
    C.DEEP_LEARNING: "Review training dynamics (initialisation, normalisation, learning-rate schedules) and how "
    "to debug a network that does not learn.",
    C.NLP: "Review tokenisation, embeddings and transformer fine-tuning, and how to evaluate language models "
    "beyond a single benchmark score.",
    C.COMPUTER_VISION: "Review data augmentation, transfer learning and how to evaluate and monitor vision models "
    "when the images in production change.",
    C.RECOMMENDER_SYSTEMS: "Practise candidate generation and ranking designs, offline versus online evaluation, "
    "and feedback loops in recommendations.",
    C.REINFORCEMENT_LEARNING: "Review exploration against exploitation, reward design and how to evaluate a policy "
    "safely before it acts in production.",
    C.TIME_SERIES: "Practise backtesting without leakage, seasonality and drift, and how forecasts are monitored "
    "once they drive decisions.",
}


@dataclass(frozen=True)
class Development:
    """A competency to work on, and how."""

    competency: str
    advice: str


@dataclass(frozen=True)
class CandidateFeedback:
    """What the candidate is told: what was assessed, where they did well, what to work on."""

    candidate: str
    role: str
    assessed: list[str]
    strengths: list[str]
    develop: list[Development]


def title(competency: str) -> str:
    """'ml-system-design' as people write it: 'ML system design'."""
    words = competency.replace("-", " ").split()
    acronyms = {"ml": "ML", "nlp": "NLP", "mlops": "MLOps"}
    text = " ".join(acronyms.get(word, word) for word in words)
    return text[:1].upper() + text[1:]


def candidate_feedback(summary: Debrief, *, candidate: str, role: str) -> CandidateFeedback:
    """The summary for ``candidate``; only rated competencies are mentioned, by name."""
    means = {item.competency: item.mean for item in summary.competencies if item.mean is not None}
    return CandidateFeedback(
        candidate=_first_name(candidate),
        role=role,
        assessed=[title(name) for name in means],
        strengths=[title(name) for name, mean in means.items() if mean >= STRENGTH_FROM],
        develop=[Development(title(name), _advice(name)) for name, mean in means.items() if mean < DEVELOP_BELOW],
    )


def _advice(competency: str) -> str:
    try:
        return ADVICE[Competency(competency)]
    except ValueError:
        return "Ask your recruiter for material on this area."


def _first_name(name: str) -> str:
    """The name to greet: the first word, without a trailing note in brackets."""
    return name.split(" (")[0].split()[0] if name.strip() else "there"
