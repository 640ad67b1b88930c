"""vetml: a self-hosted platform for vetting machine-learning engineers."""

__version__ = "0.1.0"
