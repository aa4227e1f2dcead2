"""Small synthetic data sets, seeded, so every run of a notebook shows the same numbers.

Taught in notebooks/02_partial_derivatives_and_gradient.ipynb (a noisy line for regression)
notebooks/04_backpropagation.ipynb (spirals for classification) and
notebooks/06_convolution_and_pooling_gradients.ipynb (small images of bars).
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


# A 6x6 image with a bright diagonal band, and a kernel that responds where brightness rises
# from left to right: small whole numbers, so a learner can check a window by hand.
EDGE_IMAGE = np.array([[0, 0, 1, 2, 2, 2],
                       [0, 0, 1, 2, 2, 2],
                       [0, 1, 2, 2, 2, 1],
                       [0, 1, 2, 2, 1, 0],
                       [1, 2, 2, 1, 0, 0],
                       [1, 2, 2, 1, 0, 0]], dtype=float)
EDGE_KERNEL = np.array([[-1, 0, 1],
                        [-1, 0, 1],
                        [-1, 0, 1]], dtype=float)

BARS = ("horizontal", "vertical", "diagonal")  # the classes of bars(), in label order


def bars(n_per_class: int = 100, size: int = 8, noise: float = 0.3, seed: int = 0):
    """Small grey images, each with one bright bar: horizontal, vertical, or diagonal (either
    way), 4 to size pixels long, anywhere in the image, plus noise*N(0, 1) on every pixel.
    Returns (images of shape (N, 1, size, size), labels), labels indexing BARS."""
    for name, value, low in [("n_per_class", n_per_class, 1), ("size", size, 4)]:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
            raise ValueError(f"{name} must be a whole number, at least {low}, got {value!r}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(len(BARS)), n_per_class)
    images = noise * rng.standard_normal((len(labels), 1, size, size))
    for image, label in zip(images, labels, strict=True):
        length = rng.integers(4, size + 1)
        along = rng.integers(0, size - length + 1) + np.arange(length)  # pixels along the bar
        across = rng.integers(0, size)
        if label == 0:
            image[0, across, along] += 1.0
        elif label == 1:
            image[0, along, across] += 1.0
        else:
            start = rng.integers(0, size - length + 1)
            rows = start + np.arange(length)
            image[0, rows, along if rng.random() < 0.5 else along[::-1]] += 1.0
    return images, labels
