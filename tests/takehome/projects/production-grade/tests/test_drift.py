import json

import numpy as np
import pytest

from fraud.drift import check_drift, load_logged_inputs, population_stability_index
from fraud.features import build_features


def test_psi_is_zero_for_identical_distributions():
    shares = np.array([0.1, 0.2, 0.3, 0.4])

    assert population_stability_index(shares, shares) == pytest.approx(0.0)


def test_psi_grows_with_the_shift():
    reference = np.array([0.25, 0.25, 0.25, 0.25])
    small = population_stability_index(reference, np.array([0.22, 0.26, 0.26, 0.26]))
    large = population_stability_index(reference, np.array([0.05, 0.15, 0.30, 0.50]))

    assert 0 < small < 0.1 < large


def test_fresh_data_from_the_same_process_does_not_alert(bundle, transactions):
    alerts = []

    report = check_drift(bundle["reference"], build_features(transactions(2000, 21)), alert=alerts.append)

    assert report.drifted == []
    assert alerts == []


def test_a_shift_in_amounts_alerts_once_naming_the_features(bundle, transactions):
    raw = transactions(2000, 22)
    raw["amount"] = raw["amount"] * 4
    alerts = []

    report = check_drift(bundle["reference"], build_features(raw), alert=alerts.append)

    assert {"log_amount", "amount_to_avg"} <= set(report.drifted)
    assert alerts == [report]


def test_a_new_merchant_mix_alerts(bundle, transactions):
    raw = transactions(2000, 23)
    raw["merchant_category"] = "gaming"

    report = check_drift(bundle["reference"], build_features(raw))

    assert "merchant_category" in report.drifted


def test_prediction_log_is_read_back_as_inputs(tmp_path, transactions):
    raw = transactions(3, 24).drop(columns=["is_fraud"])
    lines = [json.dumps({"event": "prediction", "inputs": row}) for row in raw.to_dict(orient="records")]
    log = tmp_path / "predictions.jsonl"
    log.write_text("\n".join([*lines, json.dumps({"event": "startup"})]) + "\n")

    inputs = load_logged_inputs(log)

    assert inputs["transaction_id"].tolist() == raw["transaction_id"].tolist()


@pytest.mark.network
def test_outbound_https_for_the_alert_webhook():
    """The webhook alert posts over the internet; this checks the runner can reach it at all."""
    requests = pytest.importorskip("requests")

    response = requests.get("https://example.com", timeout=10)

    assert response.status_code == 200
