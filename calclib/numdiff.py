"""Finite differences: a derivative estimated from values of f alone.

Taught in notebooks/01_derivative.ipynb (derivative) and
notebooks/02_partial_derivatives_and_gradient.ipynb (partial, gradient, jacobian, hessian).

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


# Functions of several variables (taught in notebooks/02_partial_derivatives_and_gradient.ipynb).
# Each uses central differences along the coordinate axes e_i, with the step scaled to |x_i|.


def partial(f, x, i: int, h=None) -> float:
    """df/dx_i at the point x: (f(x + h e_i) - f(x - h e_i)) / (2h), all other x_j held fixed."""
    _check_function(f)
    x = _as_vector(x)
    if isinstance(i, bool) or not isinstance(i, numbers.Integral) or not 0 <= i < x.size:
        raise ValueError(f"i must be the index of a variable, 0 to {x.size - 1}, got {i!r}")
    step = _axis_steps(x, h, "central")[i]
    e = np.zeros_like(x)
    e[i] = step
    return float((_scalar_value(f, x + e) - _scalar_value(f, x - e)) / (2 * step))


def gradient(f, x, h=None) -> np.ndarray:
    """The gradient of f: R^n -> R at x: the vector of its n partial derivatives."""
    x = _as_vector(x)
    return np.array([partial(f, x, i, h) for i in range(x.size)])


def jacobian(f, x, h=None) -> np.ndarray:
    """The Jacobian of f: R^n -> R^m at x, shape (m, n): J[j, i] = d f_j / d x_i."""
    _check_function(f)
    x = _as_vector(x)
    m = _vector_value(f, x).size
    steps = _axis_steps(x, h, "central")
    J = np.empty((m, x.size))
    for i, step in enumerate(steps):
        e = np.zeros_like(x)
        e[i] = step
        J[:, i] = (_vector_value(f, x + e, m) - _vector_value(f, x - e, m)) / (2 * step)
    return J


def hessian(f, x, h=None) -> np.ndarray:
    """The Hessian of f: R^n -> R at x, shape (n, n): H[i, j] = d^2 f / dx_i dx_j.

    Each entry is a central second difference,
    (f(x + h_i e_i + h_j e_j) - f(x + h_i e_i - h_j e_j) - f(x - h_i e_i + h_j e_j)
     + f(x - h_i e_i - h_j e_j)) / (4 h_i h_j),
    with h ~ eps**(1/4) ~ 1e-4, the step that balances a second difference's errors.
    """
    _check_function(f)
    x = _as_vector(x)
    steps = _axis_steps(x, h, "second")
    n = x.size
    H = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            ei, ej = np.zeros(n), np.zeros(n)
            ei[i], ej[j] = steps[i], steps[j]
            total = (_scalar_value(f, x + ei + ej) - _scalar_value(f, x + ei - ej)
                     - _scalar_value(f, x - ei + ej) + _scalar_value(f, x - ei - ej))
            H[i, j] = H[j, i] = total / (4 * steps[i] * steps[j])
    return H


def _as_vector(x) -> np.ndarray:
    """x as a 1-D float array of n >= 1 numbers, or a clear error."""
    point = _as_points(x)
    if point.ndim == 0:
        point = point.reshape(1)
    if point.ndim != 1 or point.size == 0:
        raise ValueError(f"x must be a point: a 1-D array of n numbers, like [1.0, 2.0]; "
                         f"got an array of shape {point.shape}")
    return point


def _axis_steps(x, h, kind):
    """One step per coordinate: the given h, or the default scaled to |x_i| (made exact)."""
    c = {"central": EPS ** (1 / 3), "second": EPS ** (1 / 4)}[kind]
    steps = c * np.maximum(1.0, np.abs(x)) if h is None else np.full(x.shape, _check_step(h))
    return (x + steps) - x


def _scalar_value(f, x) -> float:
    """f(x) for a function that must return one finite number."""
    value = _vector_value(f, x)
    if value.size != 1:
        raise ValueError(f"f must return one number (a scalar), got shape {value.shape}; "
                         "for a vector-valued f use jacobian")
    return float(value[0])


def _vector_value(f, x, m=None) -> np.ndarray:
    """f(x) as a finite 1-D array (of m numbers, when m is given)."""
    with np.errstate(all="ignore"):
        raw = f(x.copy())
    try:
        value = np.asarray(raw, dtype=float).reshape(-1)
    except (TypeError, ValueError) as err:
        raise TypeError(f"f must return real numbers, got {raw!r}") from err
    if np.ndim(raw) > 1:
        raise ValueError(f"f must return a number or a 1-D array, got shape {np.shape(raw)}")
    if m is not None and value.size != m:
        raise ValueError(f"f returned {value.size} numbers here but {m} at x; "
                         "it must always return the same number of values")
    if not np.all(np.isfinite(value)):
        raise ValueError(f"f is not finite (inf or nan) at or beside x = {np.round(x, 6)}, "
                         "so its derivatives cannot be estimated there")
    return value
