import warnings

import numpy as np


def rolling_mean_std(values, window):
    xs = np.asarray(values, dtype=np.float64)
    out = np.full((len(xs), 2), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN windows
        for t in range(len(xs)):
            chunk = xs[max(0, t - window + 1) : t + 1]
            out[t] = (np.nanmean(chunk), np.nanstd(chunk, ddof=1))
    return out
