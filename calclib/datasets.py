"""Small synthetic data sets, seeded, so every run of a notebook shows the same numbers.

Taught in notebooks/02_partial_derivatives_and_gradient.ipynb (a noisy line for regression).
"""

import numbers

import numpy as np


def line(n: int = 30, slope: float = 2.0, intercept: float = 3.0, noise: float = 1.0,
         seed: int = 0, xlim=(0.0, 3.0)):
    """n points y = intercept + slope*x + noise*N(0, 1), with x uniform in xlim. Returns (x, y)."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 2:
        raise ValueError(f"n must be a whole number of points, at least 2, got {n!r}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(*xlim, n))
    return x, intercept + slope * x + noise * rng.standard_normal(n)
