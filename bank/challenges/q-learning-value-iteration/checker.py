"""Values within tolerance of the expected optimum, policy equal action by action."""

import numpy as np

from vetml.judge.testkit import Outcome


def check(expected, actual, *, case, abs_tol=1e-6, rel_tol=1e-8, **_options):
    want_values, want_policy = (np.asarray(part) for part in expected)
    if not isinstance(actual, (tuple, list)) or len(actual) != 2:
        return Outcome(False, "return a tuple (values, policy)")
    try:
        values = np.asarray(actual[0], dtype=np.float64)
        policy = np.asarray(actual[1])
    except (TypeError, ValueError):
        return Outcome(False, "values must be an array of floats")
    if values.shape != want_values.shape:
        return Outcome(False, f"values has shape {values.shape}, expected {want_values.shape}")
    if not np.all(np.isfinite(values)):
        return Outcome(False, "values contain nan or inf")
    error = np.abs(values - want_values)
    bad = error > abs_tol + rel_tol * np.abs(want_values)
    if bad.any():
        s = int(np.flatnonzero(bad)[0])
        return Outcome(False, f"value of state {s} is {values[s]!r}, expected {want_values[s]!r}")
    if policy.shape != want_policy.shape:
        return Outcome(False, f"policy has shape {policy.shape}, expected {want_policy.shape}")
    if policy.dtype.kind not in "iub" and not (
        policy.dtype.kind == "f" and np.all(np.isfinite(policy)) and np.all(policy == np.round(policy))
    ):
        return Outcome(False, "policy must hold integer action indices")
    wrong = np.flatnonzero(policy.astype(np.int64) != want_policy.astype(np.int64))
    if wrong.size:
        s = int(wrong[0])
        return Outcome(False, f"policy of state {s} is action {int(policy[s])}, expected {int(want_policy[s])}")
    return Outcome(True)
