"""Gradient checking: compare an analytic gradient with central differences, entry by entry.

Taught in notebooks/04_backpropagation.ipynb.

For each entry i of x, the numeric partial derivative is (f(x + h_i e_i) - f(x - h_i e_i)) /
(2 h_i), with the step h_i = h max(1, |x_i|) scaled to the entry, and the relative error is
|analytic - numeric| / max(|analytic|, |numeric|) (CS231n, "Gradient checks"). A correct
backward pass in float64 gives relative errors around 1e-7 or smaller; a bug gives errors
near 1.

The numeric estimate carries f's own rounding error: f(x) is known only to about eps |f(x)|
(eps = 2.2e-16 in float64, 1.2e-7 in float32), so the estimate only to about eps |f(x)| / h_i.
Entries far below that blur, or below 1e-6 of the largest entry, are compared on that scale,
as long as the blur stays within the tolerance of the gradient's largest entry. Where it does
not (f in float32, or a large constant in f), or where f has a kink within the step (ReLU near
0), the comparison cannot tell, and the report says so instead of giving a verdict.

An entry that disagrees is estimated again with a step chosen from f (numdiff.estimate), since
h max(1, |x_i|) assumes f varies on the scale of x (sum(sin(x)) at x = 1e8 does not): it is
WRONG only if that estimate, within its own error bound, still disagrees; where the bound is
too wide to judge, the report says "cannot tell: the step is too coarse for f".

Non-finite numbers: an analytic gradient with nan or inf is WRONG, naming the entry; f not
finite at x, or beside it, is a ValueError (there is no gradient to check there).
"""

import numbers
import warnings
from dataclasses import dataclass

import numpy as np

from calclib import numdiff
from calclib.numdiff import real_values, rounding_eps

TOLERANCE = 1e-5  # relative errors above this mean the analytic gradient is wrong
ROUNDING = 10  # the numeric estimate's rounding blur: ROUNDING * eps |f(x)| / h_i


@dataclass(frozen=True)
class Report:
    """What check found: the largest relative error, the worst entries, and, when the
    comparison cannot tell right from wrong, why (caveat)."""

    name: str
    max_relative_error: float
    worst: list  # (index, analytic, numeric, relative error), worst first
    problem: str = ""  # a shape mismatch, say, found before any numbers were compared
    caveat: str = ""  # why the entries that disagree cannot be judged (float32, a kink)

    @property
    def verdict(self) -> str:
        """"ok", "WRONG", or "cannot tell" (the caveat says why)."""
        if self.problem:
            return "WRONG"
        if self.max_relative_error <= TOLERANCE:
            return "ok"
        return "cannot tell" if self.caveat else "WRONG"

    @property
    def passed(self) -> bool:
        return self.verdict == "ok"

    def __str__(self):
        if self.problem:
            return f"✗ {self.name}: {self.problem}"
        mark = {"ok": "✓", "WRONG": "✗", "cannot tell": "?"}[self.verdict]
        lines = [f"{mark} {self.name}: max relative error {self.max_relative_error:.2e} "
                 f"({self.verdict}: tolerance {TOLERANCE:.0e})"]
        if self.verdict == "cannot tell":
            lines.append(f"    {self.caveat}")
        if not self.passed:
            lines += [f"    at {index}: analytic {a:.6g}, numeric {n:.6g} (relative error {r:.2g})"
                      for index, a, n, r in self.worst]
        return "\n".join(lines)

    def _repr_html_(self):
        return f"<pre>{self}</pre>"


def check(f, x, analytic_grad, name: str = "gradient", h: float = 1e-6, n_worst: int = 3) -> Report:
    """Compare analytic_grad with central differences of the scalar function f at x.

    f takes an array of x's shape (floats) and returns one number; x is not changed; h is the
    relative step (h_i = h max(1, |x_i|)). Returns a Report (print it): verdict "ok", "WRONG",
    or "cannot tell" with the reason (f computed in float32, f's rounding swamping its
    differences, or a kink within the step).

    Raises TypeError for an f that is not callable or does not return a real number, or an
    integer (or boolean) x, which cannot hold x + h; ValueError for an h that is not a
    positive, finite number, or f not finite at or beside x.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of x returning a number, got {f!r}")
    _check_parameter(x, "x")
    h = _check_step(h)
    x = np.array(x, dtype=float)  # a copy: x itself is never changed
    analytic = np.asarray(analytic_grad, dtype=float)
    if analytic.shape != x.shape:
        hint = " (the same numbers transposed?)" if analytic.shape == x.shape[::-1] else ""
        return Report(name, np.inf, [], f"the gradient has shape {analytic.shape} but the "
                                        f"parameter has shape {x.shape}{hint}; a gradient must "
                                        "have its parameter's shape")
    if not np.all(np.isfinite(analytic)):
        where = _index(int(np.flatnonzero(~np.isfinite(analytic))[0]), x.shape)
        return Report(name, np.inf, [], f"the analytic gradient contains "
                                        f"{analytic[where]} at {where}")
    raw = f(x.copy())
    if not np.isfinite(_number(raw)):
        raise ValueError(f"f is not finite at x (f(x) = {_number(raw)}), so there is no "
                         "gradient to check there")
    steps = h * np.maximum(1.0, np.abs(x))
    numeric = numeric_gradient(f, x, steps)
    error = np.full(x.shape, np.nan)  # the numeric entries' own error bound, where refined
    for i in np.flatnonzero(~np.isclose(analytic, numeric, rtol=TOLERANCE, atol=0)):
        numeric.flat[i], error.flat[i] = _refined(f, x, i, numeric.flat[i])
    blur = ROUNDING * rounding_eps(raw) * abs(_number(raw)) / steps
    largest = max(np.abs(analytic).max(initial=0.0), np.abs(numeric).max(initial=0.0))
    # the floor: the gradient's own scale, and the blur while it is within the tolerance
    floor = np.maximum(1e-6 * largest, np.where(blur <= TOLERANCE * largest, blur / TOLERANCE, 0))
    difference = np.abs(analytic - numeric)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), floor)
    with np.errstate(invalid="ignore", divide="ignore"):
        relative = np.where(difference == 0, 0.0, difference / scale)
    order = np.argsort(relative, axis=None)[::-1][:n_worst]
    worst = [(_index(i, x.shape), float(analytic.flat[i]), float(numeric.flat[i]),
              float(relative.flat[i])) for i in order]
    disagree = relative > TOLERANCE
    resolved = error <= TOLERANCE * scale  # refined with a step chosen from f, and resolved
    plainly_wrong = np.any(disagree & resolved & (difference > blur))
    caveat = "" if plainly_wrong else _caveat(f, x, steps, disagree, difference <= blur,
                                              rounding_eps(raw))
    if not caveat and np.any(disagree) and np.all(error[disagree] > TOLERANCE * scale[disagree]):
        caveat = ("the step is too coarse for f: f varies on a scale finer than any step "
                  "that resolves it at x (x is large, or f oscillates fast), so the "
                  "disagreeing entries cannot be judged")
    return Report(name, float(relative.max()) if relative.size else 0.0, worst, caveat=caveat)


def _caveat(f, x, steps, disagree, within_blur, eps) -> str:
    """Why the disagreeing entries cannot be judged, or "" when at least one is plainly wrong
    (beyond the rounding blur and not at a kink)."""
    if not np.any(disagree):
        return ""
    kinked = np.zeros(x.shape, bool)
    for i in np.flatnonzero(disagree & ~within_blur):
        kinked.flat[i] = _kink_within_step(f, x, i, steps.flat[i])
    if np.any(disagree & ~within_blur & ~kinked):
        return ""
    if np.any(kinked):
        return ("f has a kink (like ReLU at 0) within the step of the disagreeing entries, "
                "where a central difference averages two slopes: move x off the kink")
    if eps > np.finfo(float).eps:
        return (f"f computes in {'float32' if eps < 1e-5 else 'low precision'}: its rounding "
                f"({eps:.1e}) swamps the differences at this step. Check in float64")
    return ("f's rounding error (eps |f(x)| / h) swamps the differences at this step, so the "
            "disagreeing entries cannot be judged: remove large constants from f or take a "
            "larger h")


def _refined(f, x, i, numeric):
    """The i-th partial derivative with the step chosen from f (numdiff.estimate: Richardson
    extrapolation), and its error bound; (numeric, nan) where that cannot be had."""
    def along(t):
        return _value_at(f, x, i, float(t))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", numdiff.AccuracyWarning)
        try:
            value, error = numdiff.estimate(along, x.flat[i])
        except ValueError:
            return numeric, np.nan
    return (value, error) if np.isfinite(value) else (numeric, np.nan)


def _kink_within_step(f, x, i, step) -> bool:
    """True when the one-sided slopes at x_i differ by as much at step/2 as at step: a jump in
    slope (a kink) inside the step, not the curvature of a smooth f, which halves with it."""
    def one_sided_gap(h):
        ahead, here, behind = (_value_at(f, x, i, x.flat[i] + s) for s in (h, 0.0, -h))
        return ((ahead - here) - (here - behind)) / h

    gap = one_sided_gap(step)
    return abs(gap) > 0 and abs(one_sided_gap(step / 2)) > 0.7 * abs(gap)


def numeric_gradient(f, x, h=1e-6) -> np.ndarray:
    """Central differences of f at every entry of x (an array of any shape), with step h (one
    number, or an array of x's shape: one step per entry). Returns an array of x's shape."""
    _check_parameter(x, "x")
    x = np.array(x, dtype=float)
    steps = np.broadcast_to(h, x.shape)
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = _check_step(steps.flat[i])
        up = _value_at(f, x, i, x.flat[i] + step)
        down = _value_at(f, x, i, x.flat[i] - step)
        grad.flat[i] = (up - down) / (2 * step)
        if not np.isfinite(grad.flat[i]):
            raise ValueError(f"f is not finite beside x (at x ± h in entry "
                             f"{_index(i, x.shape)}), so its gradient cannot be estimated")
    return grad


def check_params(loss, params, grads, names=None) -> list:
    """Check every parameter array of a model: loss() computes the loss from the current
    params (which are changed in place, one entry at a time, and restored). Returns a list
    of Reports, one per parameter. Integer parameter arrays are refused (TypeError): they
    would truncate the perturbation."""
    if len(params) != len(grads):
        raise ValueError(f"{len(params)} parameters but {len(grads)} gradients")
    names = names or [f"param {i}" for i in range(len(params))]
    for name, param in zip(names, params, strict=True):
        _check_parameter(param, name)
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


def _value_at(f, x, i, value) -> float:
    """f at x with entry i set to value (x is restored)."""
    saved = x.flat[i]
    x.flat[i] = value
    try:
        return _number(f(x))
    finally:
        x.flat[i] = saved


def _check_parameter(x, name):
    kind = np.asarray(x).dtype.kind
    if kind in "biu":
        raise TypeError(f"{name} is an array of {'booleans' if kind == 'b' else 'integers'}, "
                        "which cannot hold the small steps x + h a gradient check takes: "
                        "use floats (x.astype(float))")
    if kind not in "f":
        raise TypeError(f"{name} must be an array of real numbers, got {x!r}")


def _check_step(h) -> float:
    if isinstance(h, bool) or not isinstance(h, numbers.Real):
        raise TypeError(f"h must be a positive number (the step), got {h!r}")
    if not np.isfinite(h) or h <= 0:
        raise ValueError(f"h must be a positive, finite number (the step), got {h!r}")
    return float(h)


def _number(value) -> float:
    value = real_values(value)
    if value.size != 1:
        raise ValueError(f"f must return one number (the loss), got an array of shape "
                         f"{value.shape}")
    return float(value.reshape(()))


def _index(flat, shape):
    return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()
