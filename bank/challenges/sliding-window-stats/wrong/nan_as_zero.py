import math

import numpy as np


def rolling_mean_std(values, window):
    # "Clean" the series first: missing scrapes become 0.0 and are then averaged in like real readings.
    xs = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0).tolist()
    out = np.zeros((len(xs), 2))
    count, mean, m2 = 0, 0.0, 0.0
    for t, x in enumerate(xs):
        count += 1
        delta = x - mean
        mean += delta / count
        m2 += delta * (x - mean)
        if t >= window:
            old = xs[t - window]
            count -= 1
            delta = old - mean
            mean -= delta / count
            m2 -= delta * (old - mean)
        out[t] = (mean, math.sqrt(max(m2, 0.0) / (count - 1)) if count > 1 else np.nan)
    return out
