import math

import numpy as np


def rolling_mean_std(values, window):
    # Textbook running sums: add the entering value, subtract the leaving one, var = E[x^2] - E[x]^2.
    xs = np.asarray(values, dtype=np.float64).tolist()
    out = np.full((len(xs), 2), np.nan)
    count, total, total_sq = 0, 0.0, 0.0
    for t, x in enumerate(xs):
        if x == x:
            count += 1
            total += x
            total_sq += x * x
        if t >= window:
            old = xs[t - window]
            if old == old:
                count -= 1
                total -= old
                total_sq -= old * old
        if count:
            mean = total / count
            if count > 1:
                out[t] = (mean, math.sqrt(max((total_sq - total * mean) / (count - 1), 0.0)))
            else:
                out[t, 0] = mean
    return out
