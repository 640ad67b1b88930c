"""The figures of `vetml bench load`: latencies by request kind, the judge's queue wait, the exactly-once ledger,
and the verdict against the hiring-day target (200 candidates, autosave p95 under 200 ms, nothing lost or doubled).

Pure data and arithmetic, so the report can be tested without running the stack.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

TARGET_CANDIDATES = 200
TARGET_AUTOSAVE_P95_MS = 200.0
NO_ANSWER = 0  # the status recorded for a request that got no HTTP answer at all (refused, reset, timed out)


def percentile(samples: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1): a value that was really observed, 0 for no samples."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Latency:
    """How long one kind of request took, in milliseconds, over every attempt of that kind."""

    kind: str
    requests: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, kind: str, samples_ms: Sequence[float]) -> Latency:
        """The percentiles of ``samples_ms``, rounded to 0.1 ms."""
        figures = [round(percentile(samples_ms, share), 1) for share in (0.50, 0.95, 0.99, 1.0)]
        return cls(kind, len(samples_ms), *figures)


class Recorder:
    """Every request the simulated candidates sent: its kind, its HTTP status and how long it took."""

    def __init__(self) -> None:
        self.samples_ms: defaultdict[str, list[float]] = defaultdict(list)
        self.statuses: Counter[tuple[str, int]] = Counter()

    def record(self, kind: str, status: int, seconds: float) -> None:
        """Keep one request's outcome."""
        self.samples_ms[kind].append(seconds * 1000)
        self.statuses[kind, status] += 1

    @property
    def requests(self) -> int:
        """Requests sent, retries included."""
        return sum(self.statuses.values())

    def latencies(self) -> list[Latency]:
        """One row per kind of request, in the order a candidate first sends them."""
        return [Latency.of(kind, samples) for kind, samples in self.samples_ms.items()]

    def errors(self) -> dict[str, int]:
        """Refused or failed requests by status ("0": no answer), every attempt: a 503 sent again still counts."""
        failed: Counter[str] = Counter()
        for (_kind, status), count in self.statuses.items():
            if status >= 400 or status == NO_ANSWER:
                failed[str(status)] += count
        return dict(sorted(failed.items()))


@dataclass(frozen=True)
class QueueWait:
    """Seconds from a submission being queued to a worker claiming it."""

    p50_s: float
    p95_s: float
    max_s: float

    @classmethod
    def of(cls, waits_s: Sequence[float]) -> QueueWait:
        """The percentiles of ``waits_s``, rounded to 10 ms."""
        return cls(*(round(percentile(waits_s, share), 2) for share in (0.50, 0.95, 1.0)))


@dataclass
class Ledger:
    """What the database holds once all work settled, checked against what the candidates were told.

    ``lost`` counts handed-in challenge answers without a final verdict (no submission, or one still
    queued or running) and written answers still waiting for their grade; ``duplicated`` counts extra
    submission rows for one answer and submissions claimed by a worker more than once.
    """

    hand_ins_acknowledged: int = 0
    hand_ins_stored: int = 0
    submissions: int = 0
    final: int = 0
    failed: int = 0
    lost: int = 0
    duplicated: int = 0
    grades: int = 0
    grades_lost: int = 0
    autosaves_checked: int = 0
    autosaves_mismatched: int = 0
    unexpected_verdicts: int = 0

    @property
    def exactly_once(self) -> bool:
        """Every acknowledged hand-in stored, every answer with one final result, every save as last sent."""
        return (self.lost == 0 and self.grades_lost == 0 and self.duplicated == 0 and self.autosaves_mismatched == 0
                and self.hand_ins_stored == self.hand_ins_acknowledged)  # fmt: skip


@dataclass
class LoadFigures:
    """What one `vetml bench load` run measured."""

    candidates: int
    duration_s: float
    web_workers: int
    workers: int
    worker_concurrency: int
    worker_nice: int = 0
    finish_spread: float = 0.0
    requests: int = 0
    requests_per_s: float = 0.0
    judged_per_min: float = 0.0
    latencies: list[Latency] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    queue_wait: QueueWait = field(default_factory=lambda: QueueWait(0.0, 0.0, 0.0))
    ledger: Ledger = field(default_factory=Ledger)
    server_tracebacks: int = 0
    report_dir: str = ""

    def latency(self, kind: str) -> Latency | None:
        """The row of one kind of request, if any was sent."""
        return next((row for row in self.latencies if row.kind == kind), None)

    def verdict(self) -> tuple[bool, list[str]]:
        """Whether the hiring-day target was met, and one line per part of it with the measured number."""
        autosave = self.latency("autosave")
        p95 = autosave.p95_ms if autosave else math.inf
        lines = [
            f"{self.candidates} concurrent candidates (target {TARGET_CANDIDATES})",
            f"autosave p95 {p95:.1f} ms (target under {TARGET_AUTOSAVE_P95_MS:.0f} ms)",
            f"{self.ledger.lost + self.ledger.grades_lost} lost and {self.ledger.duplicated} duplicated result(s), "
            f"{self.ledger.autosaves_mismatched} autosave(s) not as last sent (target 0)",
        ]
        met = self.candidates >= TARGET_CANDIDATES and p95 < TARGET_AUTOSAVE_P95_MS and self.ledger.exactly_once
        return met, lines

    def as_dict(self) -> dict[str, Any]:
        """The figures as one JSON-ready object, the verdict included."""
        met, lines = self.verdict()
        return asdict(self) | {"target": {"met": met, "parts": lines}, "exactly_once": self.ledger.exactly_once}
