"""Production signals and red flags, found by patterns in the answer's sentences, with evidence.

Each shared signal of ``bank/signals.yaml`` has a pattern here: what an interviewer listens for
(numbers with units, incidents, trade-offs, monitoring, rollback...). A detection always carries
the sentences that triggered it, so the number shown next to an answer can be checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vetml.grading.text import Span

_FLAGS = re.IGNORECASE


def _any(*alternatives: str) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of the alternatives as whole words."""
    return re.compile(rf"\b(?:{'|'.join(alternatives)})\b", _FLAGS)


UNITS = (
    r"ms|milliseconds?|µs|us|ns|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|%|percent|"
    r"pp|qps|rps|tps|req/s|requests?(?: per | a | / ?)(?:second|minute|day)|k|m|b|million|billion|thousand|"
    r"kb|mb|gb|tb|pb|rows|events|users|customers|features|models|x|times|gpus?|cpus?|cores?|nodes?|replicas?|"
    r"instances|pods|dollars?|usd|eur|euros?"
)
SIGNAL_PATTERNS: dict[str, re.Pattern[str]] = {
    "concrete-numbers": re.compile(
        rf"(?:[$€£]\s?\d[\d,.]*\s?[kmb]?\b|\bp(?:50|90|95|99|999)\b[^.;\n]{{0,40}}?\d|\b\d[\d,.]*\s?(?:{UNITS})(?![a-z]))",
        _FLAGS,
    ),
    "incident-lessons": _any(
        "incident",
        "outage",
        "post-?mortem",
        "root cause",
        "went wrong",
        "broke",
        "was paged",
        "got paged",
        "paged at",
        "rolled (?:it )?back",
        "lessons?",
        "learned",
        "mistake",
        "regression",
        "in production we (?:saw|found|had)",
    ),
    "trade-offs": _any(
        "trade-?offs?",
        "at the cost of",
        "in exchange for",
        "on the other hand",
        "versus",
        r"vs\.?",
        "instead of",
        "the downside",
        "downsides?",
        "pros and cons",
        "costs? (?:more|less)",
        "cheaper",
        "more expensive",
        "it depends on",
        "whereas",
        "at the expense of",
    ),
    "monitoring-alerting": _any(
        "monitor(?:s|ed|ing)?",
        "alert(?:s|ed|ing)?",
        "dashboards?",
        "pag(?:e|es|ed|ing) (?:the|a|on-call|someone)",
        "on-?call",
        "slos?",
        "slis?",
        "error budget",
        "observability",
        "drift (?:check|detection|alert)s?",
        "psi",
        "freshness",
    ),
    "rollback-recovery": _any(
        "roll(?:ed|ing)? ?back",
        "rollbacks?",
        "revert(?:s|ed|ing)?",
        "previous (?:model|version|release)",
        "feature flags?",
        "kill switch",
        "canary",
        "shadow (?:mode|traffic|deploy\\w*)",
        "blue[- ]green",
        "fallbacks?",
        "failover",
        "restore",
        "replay",
    ),
    "data-awareness": _any(
        "labels?",
        "labell?ing",
        "labell?ed",
        "data quality",
        "schema",
        "missing values",
        "leakage",
        "sampling",
        "class imbalance",
        "annotat\\w+",
        "data sources?",
        "where the data comes from",
        "training-serving skew",
        "stale (?:data|features)",
    ),
    "business-impact": _any(
        "revenue",
        "conversion",
        "churn",
        "customers?",
        "business",
        "cost per",
        "roi",
        "retention",
        "sla",
        "profit",
        "support tickets",
    ),
    "ownership": re.compile(
        r"\bI (?:decided|owned|led|built|shipped|rolled|chose|wrote|fixed|proposed|drove|took|designed|pushed|set up)\b"
    ),
    "baselines": _any(
        "baselines?",
        "simple (?:model|heuristic|rule)s?",
        "start(?:ing)? with (?:a )?(?:simple|logistic|linear)",
        "heuristics?",
    ),
    "clear-communication": _any("first", "then", "finally", "because", "so that", "as a result", "in short"),
}
ACCURACY = _any("accuracy", "precision", "recall", "f1", "auc", "roc", "loss", "rmse", "mae", "benchmark score")
PRODUCTION_SIGNALS = (
    "monitoring-alerting", "rollback-recovery", "data-awareness", "business-impact", "incident-lessons",
)  # fmt: skip
AVOIDS_INFRASTRUCTURE = _any(
    "platform team",
    "devops (?:team )?(?:would|will|handles?|does)",
    "not my (?:job|area|responsibility)",
    "ops team (?:handles?|would)",
    "infra(?:structure)? team (?:handles?|would|does)",
    "someone else(?:'s)? (?:job|problem)",
)
BLAMES_OTHERS = _any(
    "their fault",
    "not my fault",
    "the other team (?:broke|messed|failed)",
    "they (?:didn't|did not|should have)",
    "management (?:didn't|did not)",
)
BUZZWORDS = _any(
    "cutting[- ]edge",
    "state[- ]of[- ]the[- ]art",
    "best practices",
    "leverag\\w+",
    "synerg\\w+",
    "robust",
    "scalable",
    "seamless\\w*",
    "world[- ]class",
    "next[- ]gen\\w*",
    "ai[- ]powered",
    "end[- ]to[- ]end",
    "game[- ]chang\\w+",
    "paradigm",
)
COMPLEX_MODELS = _any(
    "deep", "neural", "transformer", "bert", "gpt", "llm", "xgboost", "lightgbm", "ensemble", "stacking"
)


@dataclass
class Detection:
    """A signal or red flag found in an answer, the sentences that show it, and why."""

    id: str
    evidence: list[Span] = field(default_factory=list)
    reason: str = ""


def find_signals(spans: list[Span]) -> dict[str, Detection]:
    """Every shared signal with at least one sentence that shows it."""
    found = {}
    for signal, pattern in SIGNAL_PATTERNS.items():
        evidence = [span for span in spans if pattern.search(span.text)]
        if signal == "clear-communication" and len(spans) < 3:
            evidence = []  # structure needs more than a sentence or two
        if evidence:
            found[signal] = Detection(signal, evidence, f"{len(evidence)} sentence(s)")
    return found


def find_red_flags(spans: list[Span], signals: dict[str, Detection], listed: set[str]) -> dict[str, Detection]:
    """Red flags with their evidence; absence flags (no monitoring, no incident) only where the question lists them."""
    flags: dict[str, Detection] = {}
    accuracy = [span for span in spans if ACCURACY.search(span.text)]
    if accuracy and not any(signal in signals for signal in PRODUCTION_SIGNALS):
        flags["accuracy-only"] = Detection(
            "accuracy-only", accuracy, "talks about model quality metrics but never about data, users or operation"
        )
    for flag, pattern in (("avoids-infrastructure", AVOIDS_INFRASTRUCTURE), ("blames-others", BLAMES_OTHERS)):
        evidence = [span for span in spans if pattern.search(span.text)]
        if evidence:
            flags[flag] = Detection(flag, evidence, "the answer hands the problem to someone else")
    buzz = [span for span in spans if BUZZWORDS.search(span.text)]
    if len(buzz) >= 2 and len(buzz) * 2 >= len(spans):
        flags["buzzwords"] = Detection("buzzwords", buzz, "many buzzwords, little explanation of what they do")
    absent = {
        "no-monitoring": ("monitoring-alerting", "nothing says how the system is watched in production"),
        "no-incident": ("incident-lessons", "no concrete failure, root cause or lesson"),
        "no-baseline": ("baselines", "no simple reference point to compare against"),
    }
    for flag, (signal, reason) in absent.items():
        complex_model = flag != "no-baseline" or any(COMPLEX_MODELS.search(span.text) for span in spans)
        if flag in listed and signal not in signals and spans and complex_model:
            flags[flag] = Detection(flag, [], reason)
    return flags
