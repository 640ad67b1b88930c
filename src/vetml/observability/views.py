"""`GET /metrics`: Prometheus's text format, behind a bearer token when VETML_METRICS_TOKEN is set."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request, Response

from vetml.errors import Unauthorized
from vetml.observability import metrics

router = APIRouter(tags=["observability"])


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
def metrics_page(request: Request) -> Response:
    """Every metric in Prometheus's text format."""
    _require_token(request)
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)


def _require_token(request: Request) -> None:
    """With VETML_METRICS_TOKEN set, only a scraper sending it as a bearer token may read the metrics."""
    token = request.app.state.settings.metrics_token
    if token is None:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = token.get_secret_value().encode()
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), expected):
        raise Unauthorized("the metrics need the scrape token",
                           hint="Send the header Authorization: Bearer <VETML_METRICS_TOKEN>.")  # fmt: skip
