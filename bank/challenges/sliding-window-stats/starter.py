import numpy as np


def rolling_mean_std(values: np.ndarray, window: int) -> np.ndarray:
    """Return an (n, 2) array: mean and sample std of the non-NaN values in each trailing window."""
    raise NotImplementedError
