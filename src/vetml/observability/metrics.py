"""Prometheus metrics: judgements, gradings, queue depth and HTTP requests.

The instruments live in prometheus-client's default registry. With ``PROMETHEUS_MULTIPROC_DIR`` set
(before the process starts), every process writes its samples to files in that folder and a scrape
adds them up, so `vetml serve --workers N` and the prefork pool of `vetml worker` report one total
rather than the figures of whichever process answered the scrape. The queue depth is read live at
scrape time from the broker, so it is never stored per process.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
# A judgement runs from a twentieth of a second (a small function) up to the task deadline (600 s).
JUDGE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0)
# Waiting in a queue: instant when idle, up to the task deadline in a backlog.
WAIT_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 600.0)
# Grading runs the rubric grader and any extra graders (whose own timeout is up to 600 s).
GRADING_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 600.0)
# Pages aim at 100 ms on the server; hand-ins that grade inline take longer.
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

JUDGE_SECONDS = Histogram(
    "vetml_judge_duration_seconds", "Seconds the judge spent on one submission, by verdict.", ["verdict"],
    buckets=JUDGE_BUCKETS,
)  # fmt: skip
JUDGE_WAIT_SECONDS = Histogram(
    "vetml_judge_queue_wait_seconds", "Seconds a submission waited between being queued and being judged.",
    buckets=WAIT_BUCKETS,
)  # fmt: skip
VERDICTS = Counter("vetml_verdicts", "Submissions judged, by verdict.", ["verdict"])
GRADING_SECONDS = Histogram(
    "vetml_grading_duration_seconds", "Seconds spent grading one written answer.", buckets=GRADING_BUCKETS
)
HTTP_SECONDS = Histogram(
    "vetml_http_request_duration_seconds", "Seconds to answer an HTTP request, by method, route template and "
    "status class.", ["method", "route", "status"], buckets=HTTP_BUCKETS,
)  # fmt: skip
HTTP_ERRORS = Counter(
    "vetml_http_errors", "HTTP requests answered with a 4xx or 5xx status, by method, route template and status class.",
    ["method", "route", "status"],
)  # fmt: skip


class QueueDepthCollector(Collector):
    """Messages waiting in each queue, asked of the broker when Prometheus scrapes."""

    def __init__(self) -> None:
        self._source: Callable[[], dict[str, int]] | None = None
        self._lock = threading.Lock()

    def use(self, source: Callable[[], dict[str, int]]) -> None:
        """Read the depths from ``source`` from now on."""
        with self._lock:
            self._source = source

    def collect(self) -> Iterator[Metric]:
        """One gauge sample per queue; none when no broker is configured or it does not answer."""
        with self._lock:
            source = self._source
        if source is None:
            return
        try:
            depths = source()
        except Exception as error:  # a broker that is away must not break the rest of the scrape
            log.warning("could not read the queue depths for the metrics: %s", error)
            return
        gauge = GaugeMetricFamily("vetml_queue_depth", "Messages waiting in each Celery queue.", labels=["queue"])
        for queue, depth in sorted(depths.items()):
            gauge.add_metric([queue], depth)
        yield gauge


QUEUE_DEPTH = QueueDepthCollector()
REGISTRY.register(QUEUE_DEPTH)


def observe_judgement(verdict: str, seconds: float, waited_seconds: float | None = None) -> None:
    """Count a verdict and time the judgement."""
    VERDICTS.labels(verdict=verdict).inc()
    JUDGE_SECONDS.labels(verdict=verdict).observe(seconds)
    if waited_seconds is not None:
        JUDGE_WAIT_SECONDS.observe(waited_seconds)


def observe_grading(seconds: float) -> None:
    """Time one grading."""
    GRADING_SECONDS.observe(seconds)


def set_queue_depth_source(source: Callable[[], dict[str, int]]) -> None:
    """Where the queue depth gauge reads its values."""
    QUEUE_DEPTH.use(source)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """Time one HTTP request; 4xx and 5xx answers are counted as errors too."""
    status_class = f"{status // 100}xx"
    HTTP_SECONDS.labels(method=method, route=route, status=status_class).observe(seconds)
    if status >= 400:
        HTTP_ERRORS.labels(method=method, route=route, status=status_class).inc()


def multiprocess_dir() -> str | None:
    """The folder shared by the processes of one deployment, when multiprocess mode is on."""
    return os.environ.get(MULTIPROCESS_ENV) or None


def scrape_registry() -> CollectorRegistry:
    """What a scrape reads: this process's registry, or the sum over every process writing to the shared folder."""
    if multiprocess_dir() is None:
        return REGISTRY
    registry = CollectorRegistry(auto_describe=False)
    MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    registry.register(QUEUE_DEPTH)
    return registry


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus's text format, and its content type."""
    return generate_latest(scrape_registry()), CONTENT_TYPE_LATEST
