def canary_decision(baseline: dict, canary: dict, policy: dict) -> dict:
    """Compare a canary with its baseline and decide "promote", "rollback" or "keep_collecting".

    Return a dict with the keys decision, baseline_error_rate, canary_error_rate, z, p_value,
    baseline_p99_ms and canary_p99_ms.
    """
    raise NotImplementedError
