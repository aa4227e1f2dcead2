"""Small synthetic data sets, seeded, so every run of a notebook shows the same numbers.

Taught in notebooks/02_partial_derivatives_and_gradient.ipynb (a noisy line for regression)
and notebooks/04_backpropagation.ipynb (spirals for classification).
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


def spirals(n_per_class: int = 100, classes: int = 3, noise: float = 0.2, seed: int = 0):
    """Interleaved spiral arms in the plane, one per class. Returns (X of shape (N, 2), labels)."""
    for name, value in [("n_per_class", n_per_class), ("classes", classes)]:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name} must be a positive whole number, got {value!r}")
    rng = np.random.default_rng(seed)
    radius = np.linspace(0.0, 1.0, n_per_class)
    X, labels = [], []
    for k in range(classes):
        angle = np.linspace(4 * k, 4 * (k + 1), n_per_class)
        angle += noise * rng.standard_normal(n_per_class)
        X.append(np.column_stack([radius * np.sin(angle), radius * np.cos(angle)]))
        labels.append(np.full(n_per_class, k))
    return np.concatenate(X), np.concatenate(labels)
