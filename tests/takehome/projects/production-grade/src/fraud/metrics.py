"""Prometheus metrics for the scoring service, one registry per app so tests can build many apps.

prometheus-client comes with the ``serve`` extra (always installed in the image). Without it the
service still scores, and ``/metrics`` answers 503 instead of pretending all is well.
"""

from __future__ import annotations

try:
    import prometheus_client
except ImportError:  # the serve extra is not installed
    prometheus_client = None

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)
SCORE_BUCKETS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 0.9, 0.95)


class ServiceMetrics:
    """Counters and histograms the alerts in MONITORING.md are written against."""

    def __init__(self) -> None:
        self.enabled = prometheus_client is not None
        if not self.enabled:
            return
        self.registry = prometheus_client.CollectorRegistry()
        self.predictions = prometheus_client.Counter(
            "fraud_predictions", "Scored transactions.", ["decision", "model_version"], registry=self.registry
        )
        self.rejected = prometheus_client.Counter(
            "fraud_rejected_requests", "Requests refused by the input schema.", registry=self.registry
        )
        self.latency = prometheus_client.Histogram(
            "fraud_prediction_latency_seconds",
            "Time to score one transaction.",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.scores = prometheus_client.Histogram(
            "fraud_score", "Fraud probability of scored transactions.", buckets=SCORE_BUCKETS, registry=self.registry
        )

    def observe_prediction(self, *, decision: str, model_version: str, probability: float, seconds: float) -> None:
        """Record one scored transaction."""
        if self.enabled:
            self.predictions.labels(decision=decision, model_version=model_version).inc()
            self.scores.observe(probability)
            self.latency.observe(seconds)

    def observe_rejection(self) -> None:
        """Record one request that failed validation."""
        if self.enabled:
            self.rejected.inc()

    def render(self) -> tuple[bytes, str] | None:
        """The exposition text and its content type, or None when metrics are unavailable."""
        if not self.enabled:
            return None
        return prometheus_client.generate_latest(self.registry), prometheus_client.CONTENT_TYPE_LATEST
