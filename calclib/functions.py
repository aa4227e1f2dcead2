"""Example functions with derivatives worked out by hand, to check every other method against.

Taught in notebooks/01_derivative.ipynb (curves and activation functions).

Each curve carries its formula as text (read by ``symbolic.parse``), a NumPy function f, and its
derivative df written out by hand, so numeric, symbolic and hand-made answers can be compared.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def sigmoid(x):
    """sigma(x) = 1 / (1 + e^-x), computed as (1 + tanh(x/2)) / 2, which never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))


def sigmoid_derivative(x):
    """sigma'(x) = sigma(x) * (1 - sigma(x))."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh_derivative(x):
    """tanh'(x) = 1 - tanh(x)**2."""
    return 1.0 - np.tanh(x) ** 2


def relu(x):
    """relu(x) = max(x, 0)."""
    return np.maximum(np.asarray(x, dtype=float), 0.0)


def relu_derivative(x):
    """relu'(x) = 1 for x > 0, 0 for x < 0; at the kink x = 0 we use 0, as PyTorch does."""
    return (np.asarray(x, dtype=float) > 0).astype(float)


@dataclass(frozen=True)
class Curve:
    """A function of one variable with its hand-derived derivative."""

    formula: str  # f(x) as text SymPy can read, e.g. "x**3 - 3*x"
    f: Callable
    df: Callable  # f'(x), worked out by hand
    derivative_label: str  # f'(x) written for a figure, e.g. "3x² − 3"
    xlim: tuple = (-3.0, 3.0)  # a window that shows the interesting part


CURVES = {
    "x³ − 3x": Curve("x**3 - 3*x", lambda x: x**3 - 3 * x, lambda x: 3 * x**2 - 3, "3x² − 3"),
    "sin(x)": Curve("sin(x)", np.sin, np.cos, "cos(x)", xlim=(-6.5, 6.5)),
    "exp(x)": Curve("exp(x)", np.exp, np.exp, "exp(x)", xlim=(-3.0, 2.0)),
    "sigmoid σ(x)": Curve("sigmoid(x)", sigmoid, sigmoid_derivative, "σ(x)(1 − σ(x))",
                          xlim=(-6.0, 6.0)),
    "tanh(x)": Curve("tanh(x)", np.tanh, tanh_derivative, "1 − tanh²(x)"),
    "ReLU max(x, 0)": Curve("relu(x)", relu, relu_derivative, "0 for x < 0, 1 for x > 0"),
}


def curve(name: str) -> Curve:
    """The curve called name in CURVES, or a clear error listing the names there are."""
    if name not in CURVES:
        raise ValueError(f"unknown curve {name!r}; choose one of {', '.join(map(repr, CURVES))}")
    return CURVES[name]
