import math

import numpy as np


def canary_decision(baseline, canary, policy):
    n_b, e_b, n_c, e_c = baseline["requests"], baseline["errors"], canary["requests"], canary["errors"]
    r_b, r_c = e_b / n_b, e_c / n_c
    # Wald standard error with each arm's own rate instead of the pooled rate under the null
    se = math.sqrt(r_b * (1 - r_b) / n_b + r_c * (1 - r_c) / n_c)
    z = 0.0 if se == 0 else (r_c - r_b) / se
    p_value = 0.5 * math.erfc(z / math.sqrt(2))
    b99 = float(np.percentile(baseline["latency_ms"], 99))
    c99 = float(np.percentile(canary["latency_ms"], 99))
    if min(n_b, n_c) < policy["min_requests"]:
        decision = "keep_collecting"
    elif p_value < policy["alpha"]:
        decision = "rollback"
    elif c99 > policy["p99_budget_ms"] or c99 > policy["max_p99_ratio"] * b99:
        decision = "rollback"
    elif r_c - r_b > policy["max_error_increase"]:
        decision = "keep_collecting"
    else:
        decision = "promote"
    return {
        "decision": decision,
        "baseline_error_rate": r_b,
        "canary_error_rate": r_c,
        "z": z,
        "p_value": p_value,
        "baseline_p99_ms": b99,
        "canary_p99_ms": c99,
    }
