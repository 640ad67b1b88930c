"""Liveness and readiness of the app."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from vetml.db import check_connection
from vetml.errors import ConfigurationError

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Health of the app and its database")
def healthz(request: Request) -> JSONResponse:
    """200 when the database answers, 503 with the reason when it does not."""
    try:
        check_connection(request.app.state.engine)
    except (ConfigurationError, SQLAlchemyError) as error:
        return JSONResponse({"status": "unavailable", "database": str(error)}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
