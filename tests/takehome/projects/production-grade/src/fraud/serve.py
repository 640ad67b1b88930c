"""The scoring service: ``uvicorn fraud.serve:create_app --factory``.

Settings come from the environment: FRAUD_MODEL_PATH (required) and FRAUD_SHADOW_MODEL_PATH (optional,
a candidate model scored on live traffic and logged, never returned; see "Rolling out a model" in README).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from fraud.features import build_features
from fraud.metrics import ServiceMetrics
from fraud.pipeline import decide, load_bundle

log = logging.getLogger("fraud.serve")
prediction_log = logging.getLogger("fraud.predictions")


class Transaction(BaseModel):
    """One card transaction as the payment gateway sends it."""

    model_config = ConfigDict(extra="forbid")

    transaction_id: str = Field(min_length=1, max_length=64)
    timestamp: datetime
    amount: float = Field(gt=0, le=50_000)
    merchant_category: Literal["grocery", "fuel", "travel", "electronics", "gaming", "other"]
    card_present: bool
    customer_avg_amount: float = Field(ge=0, le=50_000)
    txn_count_24h: int = Field(ge=0, le=500)
    distance_from_home_km: float = Field(ge=0, le=20_000)


class Score(BaseModel):
    """The service's answer."""

    transaction_id: str
    fraud_probability: float
    decision: Literal["approve", "review", "decline"]
    model_version: str


def create_app(bundle: dict[str, Any] | None = None, shadow: dict[str, Any] | None = None) -> FastAPI:
    """Build the app; without a bundle, the model is loaded from FRAUD_MODEL_PATH at start-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.bundle is None and os.environ.get("FRAUD_MODEL_PATH"):
            app.state.bundle = load_bundle(Path(os.environ["FRAUD_MODEL_PATH"]))
        if app.state.shadow is None and os.environ.get("FRAUD_SHADOW_MODEL_PATH"):
            app.state.shadow = load_bundle(Path(os.environ["FRAUD_SHADOW_MODEL_PATH"]))
        if app.state.bundle is not None:
            log.info("serving model %s", app.state.bundle["version"])
        yield

    _configure_prediction_log()
    app = FastAPI(title="fraud-scoring", lifespan=lifespan)
    app.state.bundle = bundle
    app.state.shadow = shadow
    app.state.metrics = ServiceMetrics()

    @app.exception_handler(RequestValidationError)
    async def count_rejections(request: Request, exc: RequestValidationError) -> JSONResponse:
        app.state.metrics.observe_rejection()
        return await request_validation_exception_handler(request, exc)

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        if app.state.bundle is None:
            return JSONResponse({"status": "no model loaded"}, status_code=503)
        return JSONResponse({"status": "ok", "model_version": app.state.bundle["version"]})

    @app.get("/metrics")
    def metrics() -> Response:
        rendered = app.state.metrics.render()
        if rendered is None:
            return Response("prometheus-client is not installed\n", status_code=503, media_type="text/plain")
        body, content_type = rendered
        return Response(body, media_type=content_type)

    @app.post("/predict", response_model=Score)
    def predict(transaction: Transaction) -> Score:
        if app.state.bundle is None:
            raise HTTPException(status_code=503, detail="no model loaded")
        started = time.perf_counter()
        inputs = transaction.model_dump(mode="json")
        probability = _score(app.state.bundle, inputs)
        decision = decide(probability, app.state.bundle["thresholds"])
        seconds = time.perf_counter() - started
        version = app.state.bundle["version"]
        app.state.metrics.observe_prediction(
            decision=decision, model_version=version, probability=probability, seconds=seconds
        )
        record: dict[str, Any] = {
            "event": "prediction",
            "request_id": str(uuid.uuid4()),
            "model_version": version,
            "inputs": inputs,
            "fraud_probability": round(probability, 6),
            "decision": decision,
            "latency_ms": round(seconds * 1000, 3),
        }
        if app.state.shadow is not None:
            record["shadow"] = _shadow_record(app.state.shadow, inputs)
        prediction_log.info(json.dumps(record, sort_keys=True))
        return Score(
            transaction_id=transaction.transaction_id,
            fraud_probability=round(probability, 6),
            decision=decision,
            model_version=version,
        )

    return app


def _configure_prediction_log() -> None:
    """One JSON line per prediction on stdout, where the log shipper collects it (see MONITORING.md)."""
    if not prediction_log.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        prediction_log.addHandler(handler)
        prediction_log.setLevel(logging.INFO)


def _score(bundle: dict[str, Any], inputs: dict[str, Any]) -> float:
    features = build_features(pd.DataFrame([inputs]))
    return float(bundle["pipeline"].predict_proba(features)[0, 1])


def _shadow_record(shadow: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """Score with the shadow model; its failure must never affect the live answer."""
    try:
        probability = _score(shadow, inputs)
    except Exception:
        log.exception("shadow model %s failed", shadow["version"])
        return {"model_version": shadow["version"], "error": True}
    return {
        "model_version": shadow["version"],
        "fraud_probability": round(probability, 6),
        "decision": decide(probability, shadow["thresholds"]),
    }
