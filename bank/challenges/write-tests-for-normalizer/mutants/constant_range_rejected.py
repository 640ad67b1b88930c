"""Feature scaling used by the training and serving pipelines."""

import math

import numpy as np


def clip_and_scale(values, lower, upper):
    """Clip values to [lower, upper] and map that range linearly onto [0, 1].

    Returns a new float64 array with the shape of ``values``; NaN stays NaN; a constant range
    (lower == upper) maps every value to 0.0; the input is never modified.
    """
    for name, bound in (("lower", lower), ("upper", upper)):
        if not math.isfinite(bound):
            raise ValueError(f"{name} must be finite, got {bound!r}")
    if lower >= upper:
        raise ValueError(f"lower ({lower!r}) must not exceed upper ({upper!r})")
    array = np.array(values, dtype=np.float64)  # always a copy
    clipped = np.clip(array, lower, upper)  # NaN passes through
    if upper == lower:
        return np.where(np.isnan(clipped), np.nan, 0.0)
    return (clipped - lower) / (upper - lower)
