import math

import numpy as np


def rolling_mean_std(values: np.ndarray, window: int) -> np.ndarray:
    """Trailing-window mean and sample std (ddof=1) that skip NaNs, in one O(n) pass.

    Welford's update, run forwards for the value entering the window and backwards for the one leaving
    it, tracks the sum of squared deviations from the running mean directly, so it never subtracts two
    huge sums the way E[x^2] - E[x]^2 does. Working on x - shift, with shift the first finite value,
    also keeps the running mean small, so rounding does not pile up when all values sit near 10**9.
    """
    xs = np.asarray(values, dtype=np.float64).tolist()
    shift = next((x for x in xs if x == x), 0.0)
    means: list[float] = []
    stds: list[float] = []
    count, mean, m2 = 0, 0.0, 0.0
    for t, x in enumerate(xs):
        if x == x:  # not NaN: enters the window
            x -= shift
            count += 1
            delta = x - mean
            mean += delta / count
            m2 += delta * (x - mean)
        if t >= window:
            old = xs[t - window]
            if old == old:  # not NaN: leaves the window
                old -= shift
                count -= 1
                if count == 0:
                    mean, m2 = 0.0, 0.0
                else:
                    delta = old - mean
                    mean -= delta / count
                    m2 -= delta * (old - mean)
        means.append(mean + shift if count else math.nan)
        # m2 can end a hair below zero after removals when the window's values are all equal.
        stds.append(math.sqrt(max(m2, 0.0) / (count - 1)) if count >= 2 else math.nan)
    result = np.empty((len(xs), 2), dtype=np.float64)
    result[:, 0] = means
    result[:, 1] = stds
    return result
