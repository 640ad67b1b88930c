"""Churn risk scoring: shared features, a scikit-learn pipeline, and a batch prediction CLI."""

__version__ = "1.2.0"
