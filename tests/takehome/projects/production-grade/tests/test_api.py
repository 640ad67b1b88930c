"""End to end through the HTTP API with FastAPI's TestClient."""

import json
import logging

import pytest
from fastapi.testclient import TestClient

from fraud.serve import create_app


@pytest.fixture
def client(bundle):
    with TestClient(create_app(bundle=bundle)) as client:
        yield client


def test_healthz_names_the_model_version(client, bundle):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "model_version": bundle["version"]}


def test_healthz_fails_without_a_model(monkeypatch, transaction):
    monkeypatch.delenv("FRAUD_MODEL_PATH", raising=False)
    with TestClient(create_app()) as client:
        assert client.get("/healthz").status_code == 503
        assert client.post("/predict", json=transaction()).status_code == 503


def test_predict_scores_a_transaction(client, bundle, transaction):
    response = client.post("/predict", json=transaction())

    assert response.status_code == 200
    body = response.json()
    assert body["transaction_id"] == "t-0001"
    assert 0.0 <= body["fraud_probability"] <= 1.0
    assert body["decision"] == "approve"
    assert body["model_version"] == bundle["version"]


@pytest.mark.parametrize(
    "bad",
    [
        {"amount": -3},
        {"merchant_category": "casino"},
        {"timestamp": "not a time"},
        {"unexpected_field": 1},
    ],
)
def test_invalid_requests_are_refused(client, bad, transaction):
    assert client.post("/predict", json=transaction(**bad)).status_code == 422


def test_every_prediction_is_logged_with_inputs_and_version(client, bundle, caplog, transaction):
    with caplog.at_level(logging.INFO, logger="fraud.predictions"):
        client.post("/predict", json=transaction(transaction_id="t-logged"))

    records = [json.loads(r.getMessage()) for r in caplog.records if r.name == "fraud.predictions"]
    assert len(records) == 1
    assert records[0]["event"] == "prediction"
    assert records[0]["model_version"] == bundle["version"]
    assert records[0]["inputs"]["transaction_id"] == "t-logged"
    assert records[0]["decision"] in {"approve", "review", "decline"}


def test_shadow_model_is_logged_but_never_answers(bundle, caplog, transaction):
    shadow = {**bundle, "version": "2.4.0+candidate"}
    with TestClient(create_app(bundle=bundle, shadow=shadow)) as client, caplog.at_level(logging.INFO):
        response = client.post("/predict", json=transaction())

    assert response.json()["model_version"] == bundle["version"]
    record = next(json.loads(r.getMessage()) for r in caplog.records if r.name == "fraud.predictions")
    assert record["shadow"]["model_version"] == "2.4.0+candidate"


def test_metrics_count_predictions_and_rejections(client, transaction):
    pytest.importorskip("prometheus_client")
    client.post("/predict", json=transaction())
    client.post("/predict", json=transaction(amount=-1))

    text = client.get("/metrics").text

    assert 'fraud_predictions_total{decision="approve",model_version="2.3.1+test0001"} 1.0' in text
    assert "fraud_rejected_requests_total 1.0" in text
    assert "fraud_prediction_latency_seconds_count 1.0" in text
