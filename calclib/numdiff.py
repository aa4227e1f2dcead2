"""Finite differences: a derivative estimated from values of f alone.

Taught in notebooks/01_derivative.ipynb.

    forward   f'(x) ~ (f(x + h) - f(x)) / h           truncation error ~ h     (first order)
    backward  f'(x) ~ (f(x) - f(x - h)) / h           truncation error ~ h     (first order)
    central   f'(x) ~ (f(x + h) - f(x - h)) / (2h)    truncation error ~ h**2  (second order)

Every estimate also carries round-off error, about eps * |f(x)| / h, which grows as h shrinks.
The default step balances the two.
"""

import numbers

import numpy as np

METHODS = ("forward", "backward", "central")
EPS = np.finfo(float).eps  # 2.2e-16: the gap between 1.0 and the next float


def default_step(method: str, x=0.0):
    """The step that roughly balances truncation and round-off error at x.

    h = c * max(1, |x|), with c = sqrt(eps) ~ 1.5e-8 for forward and backward differences
    (error ~ h + eps/h is smallest at h ~ sqrt(eps)) and c = eps**(1/3) ~ 6e-6 for central
    differences (error ~ h**2 + eps/h is smallest at h ~ eps**(1/3)).
    """
    _check_method(method)
    c = EPS ** (1 / 3) if method == "central" else np.sqrt(EPS)
    return c * np.maximum(1.0, np.abs(_as_points(x)))


def derivative(f, x, h=None, method: str = "central"):
    """Estimate f'(x) by a finite difference.

    Parameters
    ----------
    f : callable
        A function of one real variable. NumPy-style functions are called once on the whole
        array of points; others (e.g. written with ``math.sin``) are called point by point.
    x : float or array of floats
        Where to differentiate. The result has the same shape.
    h : float, optional
        The step. Default: ``default_step(method, x)``, scaled to the size of x.
    method : "forward", "backward" or "central"

    Returns
    -------
    float or np.ndarray
    """
    _check_function(f)
    _check_method(method)
    x = _as_points(x)
    step = default_step(method, x) if h is None else _check_step(h)
    # Use the step the computer can represent exactly: (x + h) - x, not h itself.
    step = (x + step) - x
    if np.any(step == 0):
        bad = np.ravel(x[step == 0] if x.ndim else x)[0]
        raise ValueError(f"h = {h!r} is below the spacing of floats near x = {bad:.6g} "
                         f"({np.spacing(bad):.2g}): x + h rounds to x. Use a larger h")
    with np.errstate(all="ignore"):
        if method == "forward":
            estimate = (_evaluate(f, x + step) - _evaluate(f, x)) / step
        elif method == "backward":
            estimate = (_evaluate(f, x) - _evaluate(f, x - step)) / step
        else:
            estimate = (_evaluate(f, x + step) - _evaluate(f, x - step)) / (2 * step)
    if not np.all(np.isfinite(estimate)):
        bad = np.ravel(x[~np.isfinite(estimate)] if x.ndim else x)[0]
        raise ValueError(f"f is not finite (inf or nan) at or beside x = {bad:.6g}, "
                         "so its derivative cannot be estimated there")
    return float(estimate) if estimate.ndim == 0 else estimate


def step_errors(f, df, x, hs, method: str = "central") -> np.ndarray:
    """The absolute error |estimate - f'(x)| of one method for each step in hs.

    ``df`` is the exact derivative (a function), used as the reference answer.
    """
    _check_function(df, name="df")
    exact = float(_evaluate(df, _as_points(x)))
    return np.array([abs(derivative(f, x, h, method) - exact) for h in np.ravel(hs)])


def error_order(f, df, x, h, method: str = "central") -> float:
    """The measured order p of a method: the error falls by 2**p when h is halved.

    p = log2(error(h) / error(h/2)); about 1 for forward and backward, 2 for central,
    while h is large enough that truncation error dominates round-off.
    """
    big, small = step_errors(f, df, x, [h, h / 2], method)
    if small == 0 or big == 0:
        raise ValueError(f"the error at h={h!r} is exactly 0, so no order can be measured; "
                         "try a larger h or a function whose derivative is not computed exactly")
    return float(np.log2(big / small))


def _check_function(f, name="f"):
    if not callable(f):
        raise TypeError(f"{name} must be a function of x (e.g. np.sin or lambda x: x**2), "
                        f"got {f!r} of type {type(f).__name__}")


def _check_method(method):
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}, got {method!r}")


def _check_step(h):
    if isinstance(h, bool) or not isinstance(h, numbers.Real):
        raise TypeError(f"h must be a positive number (or None for the default), got {h!r}")
    if not np.isfinite(h) or h <= 0:
        raise ValueError(f"h must be a positive, finite number, got {h!r}")
    return float(h)


def _as_points(x) -> np.ndarray:
    """x as a float array (0-d for a scalar), or a clear error."""
    try:
        points = np.asarray(x)
    except ValueError as err:  # e.g. a ragged list
        raise TypeError(f"x must be a real number or an array of real numbers, got {x!r}") from err
    if points.dtype == bool or points.dtype.kind not in "iuf":
        raise TypeError(f"x must be a real number or an array of real numbers, got {x!r}")
    points = points.astype(float)
    if not np.all(np.isfinite(points)):
        raise ValueError(f"x must be finite, got {x!r}")
    return points


def _evaluate(f, x: np.ndarray) -> np.ndarray:
    """f at every point of x, as a float array of x's shape."""
    with np.errstate(all="ignore"):  # overflow or 0/0 in f shows up as inf or nan, checked later
        try:
            raw = f(x)
        except TypeError:
            if x.ndim == 0:
                raise
            # f works on one number at a time (e.g. uses math.sin): call it point by point.
            raw = np.array([f(float(xi)) for xi in x.ravel()]).reshape(x.shape)
    try:
        values = np.asarray(raw, dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"f must return real numbers, got {raw!r}") from err
    if values.shape != x.shape:
        if values.ndim != 0:
            raise ValueError(f"f returned an array of shape {values.shape} for x of shape "
                             f"{x.shape}; it must return one number per point")
        values = np.full(x.shape, float(values))  # a constant function
    return values
