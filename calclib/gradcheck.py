"""Gradient checking: compare an analytic gradient with central differences, entry by entry.

Taught in notebooks/04_backpropagation.ipynb.

For each entry i of x, the numeric partial derivative is (f(x + h e_i) - f(x - h e_i)) / (2h),
and the relative error is |analytic - numeric| / max(|analytic|, |numeric|). Tiny entries
cannot be measured that precisely: f's own rounding error, eps |f(x)|, divided by h, blurs the
numeric estimate. So the denominator has a floor: the largest entry times 1e-6, and the blur
divided by the tolerance. A correct backward pass in float64 gives relative errors around
1e-7 or smaller; a bug gives errors near 1. (At a kink, such as ReLU at exactly 0, the two can
disagree although both are right: keep inputs off the kinks when checking.)
"""

from dataclasses import dataclass

import numpy as np

TOLERANCE = 1e-5  # relative errors above this mean the analytic gradient is wrong


@dataclass(frozen=True)
class Report:
    """What check found: the largest relative error and the worst entries."""

    name: str
    max_relative_error: float
    worst: list  # (index, analytic, numeric, relative error), worst first
    problem: str = ""  # a shape mismatch, say, found before any numbers were compared

    @property
    def passed(self) -> bool:
        return not self.problem and self.max_relative_error <= TOLERANCE

    def __str__(self):
        if self.problem:
            return f"✗ {self.name}: {self.problem}"
        mark = "✓" if self.passed else "✗"
        lines = [f"{mark} {self.name}: max relative error {self.max_relative_error:.2e} "
                 f"({'ok' if self.passed else 'WRONG'}: tolerance {TOLERANCE:.0e})"]
        if not self.passed:
            lines += [f"    at {index}: analytic {a:.6g}, numeric {n:.6g} (relative error {r:.2g})"
                      for index, a, n, r in self.worst]
        return "\n".join(lines)

    def _repr_html_(self):
        return f"<pre>{self}</pre>"


def check(f, x, analytic_grad, name: str = "gradient", h: float = 1e-6, n_worst: int = 3) -> Report:
    """Compare analytic_grad with central differences of the scalar function f at x.

    f takes an array of x's shape; x is not changed. Returns a Report (print it).
    """
    if not callable(f):
        raise TypeError(f"f must be a function of x returning a number, got {f!r}")
    x = np.array(x, dtype=float)  # a copy: x itself is never changed
    analytic = np.asarray(analytic_grad, dtype=float)
    if analytic.shape != x.shape:
        hint = " (the same numbers transposed?)" if analytic.shape == x.shape[::-1] else ""
        return Report(name, np.inf, [], f"the gradient has shape {analytic.shape} but the "
                                        f"parameter has shape {x.shape}{hint}; a gradient must "
                                        "have its parameter's shape")
    numeric = numeric_gradient(f, x, h)
    # entries far below the largest one, or below the rounding blur of the numeric estimate,
    # are compared on that scale: their own relative error would measure only the rounding
    largest = max(np.abs(analytic).max(initial=0.0), np.abs(numeric).max(initial=0.0))
    blur = 10 * np.finfo(float).eps * abs(_number(f(x))) / h
    floor = max(1e-6 * largest, blur / TOLERANCE, 1e-10)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    relative = np.abs(analytic - numeric) / scale
    order = np.argsort(relative, axis=None)[::-1][:n_worst]
    worst = [(_index(i, x.shape), float(analytic.flat[i]), float(numeric.flat[i]),
              float(relative.flat[i])) for i in order]
    return Report(name, float(relative.max()) if relative.size else 0.0, worst)


def numeric_gradient(f, x, h: float = 1e-6) -> np.ndarray:
    """Central differences of f at every entry of x (an array of any shape)."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        saved = x.flat[i]
        x.flat[i] = saved + h
        up = _number(f(x))
        x.flat[i] = saved - h
        down = _number(f(x))
        x.flat[i] = saved
        grad.flat[i] = (up - down) / (2 * h)
    return grad


def check_params(loss, params, grads, names=None) -> list:
    """Check every parameter array of a model: loss() computes the loss from the current
    params (which are changed in place, one entry at a time, and restored). Returns a list
    of Reports, one per parameter."""
    if len(params) != len(grads):
        raise ValueError(f"{len(params)} parameters but {len(grads)} gradients")
    names = names or [f"param {i}" for i in range(len(params))]
    reports = []
    for name, param, grad in zip(names, params, grads, strict=True):
        def loss_at(value, param=param):
            param[...] = value
            return loss()

        original = param.copy()
        try:
            reports.append(check(loss_at, original, grad, name=name))
        finally:
            param[...] = original
    return reports


def _number(value) -> float:
    value = np.asarray(value, dtype=float)
    if value.size != 1:
        raise ValueError(f"f must return one number (the loss), got an array of shape "
                         f"{value.shape}")
    return float(value.reshape(()))


def _index(flat, shape):
    return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()
