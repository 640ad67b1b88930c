"""Liveness and readiness of the app."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from vetml.db import check_connection
from vetml.errors import ConfigurationError
from vetml.observability import readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Health of the app and its database")
def healthz(request: Request) -> JSONResponse:
    """200 when the database answers, 503 with the reason when it does not."""
    try:
        check_connection(request.app.state.engine)
    except (ConfigurationError, SQLAlchemyError) as error:
        return JSONResponse({"status": "unavailable", "database": str(error)}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


@router.get("/readyz", summary="Whether the app can take traffic: database, broker and sandbox")
def readyz(request: Request) -> JSONResponse:
    """200 when every check passes; 503 naming the checks that failed and why."""
    checks = readiness.check_all(request.app.state.engine, broker_url=request.app.state.settings.broker_url)
    failed = [check.name for check in checks if not check.ok]
    body: dict[str, Any] = {
        "status": "unavailable" if failed else "ready",
        "failed": failed,
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
    }
    return JSONResponse(body, status_code=503 if failed else 200)
