import math

import numpy as np


def canary_decision(baseline, canary, policy):
    n_b, e_b, n_c, e_c = baseline["requests"], baseline["errors"], canary["requests"], canary["errors"]
    pooled = (e_b + e_c) / (n_b + n_c)
    variance = pooled * (1 - pooled) * (1 / n_b + 1 / n_c)
    z = 0.0 if variance <= 0 else (e_c / n_c - e_b / n_b) / math.sqrt(variance)
    p_value = 0.5 * math.erfc(z / math.sqrt(2))
    b99 = float(np.percentile(baseline["latency_ms"], 99))
    c99 = float(np.percentile(canary["latency_ms"], 99))
    # decides as soon as the test is significant, however little traffic the canary has seen
    if p_value < policy["alpha"]:
        decision = "rollback"
    elif c99 > policy["p99_budget_ms"] or c99 > policy["max_p99_ratio"] * b99:
        decision = "rollback"
    elif e_c / n_c - e_b / n_b > policy["max_error_increase"]:
        decision = "keep_collecting"
    else:
        decision = "promote"
    return {
        "decision": decision,
        "baseline_error_rate": e_b / n_b,
        "canary_error_rate": e_c / n_c,
        "z": z,
        "p_value": p_value,
        "baseline_p99_ms": b99,
        "canary_p99_ms": c99,
    }
