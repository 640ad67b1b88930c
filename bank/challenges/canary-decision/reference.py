import math

import numpy as np


def _error_test(
    baseline_errors: int, baseline_requests: int, canary_errors: int, canary_requests: int
) -> tuple[float, float]:
    """Pooled two-proportion z statistic and its one-sided p-value (alternative: canary is worse)."""
    pooled = (baseline_errors + canary_errors) / (baseline_requests + canary_requests)
    variance = pooled * (1 - pooled) * (1 / baseline_requests + 1 / canary_requests)
    if variance <= 0:
        z = 0.0
    else:
        z = (canary_errors / canary_requests - baseline_errors / baseline_requests) / math.sqrt(variance)
    return z, 0.5 * math.erfc(z / math.sqrt(2))


def canary_decision(baseline: dict, canary: dict, policy: dict) -> dict:
    """Statistics of a canary against its baseline, and promote / rollback / keep_collecting."""
    baseline_rate = baseline["errors"] / baseline["requests"]
    canary_rate = canary["errors"] / canary["requests"]
    z, p_value = _error_test(baseline["errors"], baseline["requests"], canary["errors"], canary["requests"])
    baseline_p99 = float(np.percentile(np.asarray(baseline["latency_ms"], dtype=np.float64), 99))
    canary_p99 = float(np.percentile(np.asarray(canary["latency_ms"], dtype=np.float64), 99))

    if min(baseline["requests"], canary["requests"]) < policy["min_requests"]:
        decision = "keep_collecting"
    elif p_value < policy["alpha"]:
        decision = "rollback"
    elif canary_p99 > policy["p99_budget_ms"] or canary_p99 > policy["max_p99_ratio"] * baseline_p99:
        decision = "rollback"
    elif canary_rate - baseline_rate > policy["max_error_increase"]:
        decision = "keep_collecting"
    else:
        decision = "promote"
    return {
        "decision": decision,
        "baseline_error_rate": baseline_rate,
        "canary_error_rate": canary_rate,
        "z": z,
        "p_value": p_value,
        "baseline_p99_ms": baseline_p99,
        "canary_p99_ms": canary_p99,
    }
