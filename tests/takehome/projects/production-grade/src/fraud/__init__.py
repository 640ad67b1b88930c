"""Card-transaction fraud scoring: shared features, a versioned model, a FastAPI service and its monitoring."""

__version__ = "2.3.1"
