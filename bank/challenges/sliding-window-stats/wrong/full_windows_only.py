import math

import numpy as np


def rolling_mean_std(values, window):
    # Welford add/remove like the reference, but reports only once `window` positions have been seen.
    xs = np.asarray(values, dtype=np.float64).tolist()
    out = np.full((len(xs), 2), np.nan)
    count, mean, m2 = 0, 0.0, 0.0
    for t, x in enumerate(xs):
        if x == x:
            count += 1
            delta = x - mean
            mean += delta / count
            m2 += delta * (x - mean)
        if t >= window and xs[t - window] == xs[t - window]:
            old = xs[t - window]
            count -= 1
            if count == 0:
                mean, m2 = 0.0, 0.0
            else:
                delta = old - mean
                mean -= delta / count
                m2 -= delta * (old - mean)
        if count and t >= window - 1:
            out[t] = (mean, math.sqrt(max(m2, 0.0) / (count - 1)) if count > 1 else np.nan)
    return out
