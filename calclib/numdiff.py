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

from calclib import richardson
from calclib.richardson import AccuracyWarning  # noqa: F401 (numdiff.AccuracyWarning)

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


def derivative(f, x, h=None, method=None):
    """Estimate f'(x) from values of f.

    Parameters
    ----------
    f : callable
        A function of one real variable. NumPy-style functions are called once on the whole
        array of points; others (e.g. written with ``math.sin``) are called point by point.
    x : float or array of floats
        Where to differentiate. The result has the same shape.
    h : float, optional
        The step of a textbook finite difference (see the module docstring).
    method : "forward", "backward" or "central", optional
        Which textbook difference to take (central when only h is given). With a method but
        no h, the step is ``default_step(method, x)``.

    With neither h nor method, the step is chosen from f itself: ``estimate(f, x)``
    extrapolates central differences over shrinking steps (Richardson), which is right to
    about 1e-8 relative wherever rounding in f allows; it warns (AccuracyWarning) when its own
    error estimate is large, naming the cause: a kink (|x| at 0: returns the mean of the
    one-sided slopes), an infinite slope (sqrt at 0: returns inf), or an x so large that the
    floats beside it are too far apart to resolve f (sin at 1e16). It warns rather than raises
    so that an array of points with one bad point still gives the others.

    Returns
    -------
    float or np.ndarray

    Raises
    ------
    TypeError for an f that is not a function or does not return real numbers (None, a
    string, a complex number), or a non-real x;
    ValueError for a bad h or method, non-finite x, or f not finite at or beside x.
    """
    if h is None and method is None:
        value, error, noise, cause = _estimate(f, x)
        richardson.warn_if_inaccurate(value, error, noise, cause)
        return float(value) if value.ndim == 0 else value
    _check_function(f)
    method = "central" if method is None else method
    _check_method(method)
    x = _as_points(x)
    step = default_step(method, x) if h is None else _check_step(h)
    # Use the step the computer can represent exactly: (x + h) - x, not h itself.
    step = _exact_step(x, step)
    if np.any(step == 0):
        bad = np.ravel(x[step == 0] if x.ndim else x)[0]
        raise ValueError(f"h = {h!r} is below the spacing of floats near x = {bad:.6g} "
                         f"({np.spacing(bad):.2g}): x + h rounds to x. Use a larger h")
    with np.errstate(all="ignore"):
        if method == "forward":
            quotient = (_evaluate(f, x + step) - _evaluate(f, x)) / step
        elif method == "backward":
            quotient = (_evaluate(f, x) - _evaluate(f, x - step)) / step
        else:
            quotient = (_evaluate(f, x + step) - _evaluate(f, x - step)) / (2 * step)
    _check_finite(quotient, x)
    return float(quotient) if quotient.ndim == 0 else quotient


STEPS = 40  # steps h_k = H / 2**k from H = max(1, |x|)/2 down to below 1e-12 max(1, |x|) and 1e-6


def estimate(f, x):
    """f'(x) and an estimate of its error, with the step chosen from f itself.

    Central differences D(h) = (f(x + h) - f(x - h)) / (2h) are taken for h = H, H/2, H/4, ...
    (H = max(1, |x|)/2, STEPS of them, each as the computer takes it: a step below the spacing
    of floats at x is dropped) and extrapolated to h -> 0 (Richardson: the error of D is a
    series in h**2, h**4, ..., so 4 D(h/2) - D(h), over 3, cancels the h**2 term, and so on;
    see calclib.richardson). Steps that reach where f is not finite (past a boundary of its
    domain, such as log below 0) are skipped; where no central difference fits (x on the
    boundary), one-sided differences are extrapolated instead.

    The error bound is never below f's rounding noise, nor the distance of a finer step's D
    from the value; where the floats beside x are too far apart for the finest steps (|x| =
    1e16: 2 apart), never below the change of D between the two finest steps, and inf where f
    changes by over 1% across them or their D are not converging like h**2. At a kink (|x| at
    0) the value is the mean of the one-sided slopes and the error half their jump; at an
    infinite slope (sqrt at 0) the value is +-inf and the error inf. ``derivative`` warns
    (AccuracyWarning, naming the cause) in all these cases.

    Returns
    -------
    (value, error): floats, or arrays of x's shape

    Raises
    ------
    As ``derivative``; ValueError when no difference at or beside x is finite.
    """
    value, error, _, _ = _estimate(f, x)
    if np.ndim(value) == 0:
        return float(value), float(error)
    return value, error


def _estimate(f, x):
    """estimate's value and error, f's rounding noise at the chosen step, and the cause of a
    large error ("", "spacing", "kink" or "infinite") per point."""
    _check_function(f)
    x = _as_points(x)
    if x.size == 0:
        return x.copy(), x.copy(), x.copy(), np.full(x.shape, "")
    fx, eps = _evaluate(f, x, precision=True)
    scale = np.maximum(1.0, np.abs(x))
    steps, taken = richardson.halving_steps(x, scale, _count(scale))
    ahead = np.array([_evaluate(f, x + h, tolerant=True) for h in steps])
    behind = np.array([_evaluate(f, x - h, tolerant=True) for h in steps])
    with np.errstate(all="ignore"):
        steps = np.where(taken, steps, np.nan)  # a dropped step's quotient is nan
        floor = richardson.ROUNDING * eps * np.abs(fx) / steps
        central = (ahead - behind) / (2 * steps)
        value, error, noise = richardson.extrapolate(central, steps**2, floor)
        chosen = central
        for one_sided in ((ahead - fx) / steps, (fx - behind) / steps):
            missing = ~np.isfinite(value)
            if np.any(missing):
                side = richardson.extrapolate(one_sided, steps, floor)
                value, error, noise = (np.where(missing, new, old) for new, old
                                       in zip(side, (value, error, noise), strict=True))
                chosen = np.where(missing, one_sided, chosen)
    _check_finite(value, x)
    value, error, cause = richardson.diagnose(value, error, chosen, steps, taken, floor,
                                              (ahead, fx, behind), eps)
    return value, error, noise, cause


def _count(scale) -> int:
    """How many halvings take the step from scale/2 below 1e-12 scale and below 1e-6 (at
    most 120: from |x| = 1e30 on, below 1e-6 is beyond reach)."""
    return min(max(STEPS, int(np.ceil(np.log2(np.max(scale)))) + 20), 120)


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


def _exact_step(x, h):
    """The step the computer can represent exactly at x: (x + h) - x, not h itself."""
    return (x + h) - x


def _check_finite(quotient, x):
    if not np.all(np.isfinite(quotient)):
        bad = np.ravel(x[~np.isfinite(quotient)] if x.ndim else x)[0]
        raise ValueError(f"f is not finite (inf or nan) at or beside x = {bad:.6g}, "
                         "so its derivative cannot be estimated there")


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


def _evaluate(f, x: np.ndarray, tolerant=False, precision=False):
    """f at every point of x, as a float array of x's shape. tolerant: where f raises an
    arithmetic or domain error (math.log(-1), math.exp(1000)), nan instead: a step that
    left f's domain, skipped by the caller. precision: also return the machine epsilon of
    the floats f computes in (float32's 1.2e-7 for a float32 f, else float64's)."""
    with np.errstate(all="ignore"):  # overflow or 0/0 in f shows up as inf or nan, checked later
        try:
            raw = _call(f, x[()] if x.ndim == 0 else x, tolerant)  # a number for a 0-d x
        except TypeError:
            if x.ndim == 0:
                raise
            # f works on one number at a time (e.g. uses math.sin): call it point by point.
            raw = np.array([_call(f, float(xi), tolerant) for xi in x.ravel()]).reshape(x.shape)
    values = real_values(raw)
    if values.shape != x.shape:
        if values.ndim != 0:
            raise ValueError(f"f returned an array of shape {values.shape} for x of shape "
                             f"{x.shape}; it must return one number per point")
        values = np.full(x.shape, float(values))  # a constant function
    if precision:
        return values, rounding_eps(raw)
    return values


def real_values(raw) -> np.ndarray:
    """What f returned, as a float array, or a TypeError: f must return real numbers (not
    None, strings or complex numbers, whose imaginary part float() would drop)."""
    if raw is None:
        raise TypeError("f returned None; it must return a number (did it forget `return`?)")
    if np.iscomplexobj(raw) or isinstance(raw, complex):
        raise TypeError(f"f must return real numbers, got the complex {raw!r}")
    try:
        return np.asarray(raw, dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"f must return real numbers, got {raw!r}") from err


def rounding_eps(raw) -> float:
    """The machine epsilon of the floats in raw (a number or an array): float32's, float16's,
    or float64's for anything else (Python floats, ints)."""
    dtype = np.asarray(raw).dtype
    return float(np.finfo(dtype).eps) if dtype.kind == "f" else EPS


def _call(f, x, tolerant):
    if not tolerant:
        return f(x)
    try:
        return f(x)
    except (ArithmeticError, ValueError):
        return np.nan


# Functions of several variables (taught in notebooks/02_partial_derivatives_and_gradient.ipynb).
# Each uses central differences along the coordinate axes e_i. With an explicit h, that is the
# textbook formula with that step; without one, the step is chosen from f as in estimate():
# Richardson extrapolation over steps H_i / 2**k, H_i = max(1, |x_i|)/2, warning when the
# estimate's error is large.


def partial(f, x, i: int, h=None) -> float:
    """df/dx_i at the point x: (f(x + h e_i) - f(x - h e_i)) / (2h), all other x_j held fixed.

    Raises ValueError for an i that is not a variable's index, or f not one finite number."""
    _check_function(f)
    x = _as_vector(x)
    if isinstance(i, bool) or not isinstance(i, numbers.Integral) or not 0 <= i < x.size:
        raise ValueError(f"i must be the index of a variable, 0 to {x.size - 1}, got {i!r}")
    column = _column(f, x, i, h)
    if column.size != 1:
        raise ValueError(f"f must return one number (a scalar), got {column.size} numbers; "
                         "for a vector-valued f use jacobian")
    return float(column[0])


def gradient(f, x, h=None) -> np.ndarray:
    """The gradient of f: R^n -> R at x, shape (n,): the vector of its n partial derivatives."""
    x = _as_vector(x)
    return np.array([partial(f, x, i, h) for i in range(x.size)])


def jacobian(f, x, h=None) -> np.ndarray:
    """The Jacobian of f: R^n -> R^m at x, shape (m, n): J[j, i] = d f_j / d x_i."""
    _check_function(f)
    x = _as_vector(x)
    columns = [_column(f, x, i, h) for i in range(x.size)]
    if len({column.size for column in columns}) > 1:
        raise ValueError("f returned different numbers of values at different points; "
                         "it must always return the same number of values")
    return np.stack(columns, axis=1)


def hessian(f, x, h=None) -> np.ndarray:
    """The Hessian of f: R^n -> R at x, shape (n, n): H[i, j] = d^2 f / dx_i dx_j.

    Each entry is a central second difference,
    (f(x + h_i e_i + h_j e_j) - f(x + h_i e_i - h_j e_j) - f(x - h_i e_i + h_j e_j)
     + f(x - h_i e_i - h_j e_j)) / (4 h_i h_j),
    with the given h, or extrapolated over shrinking steps (its error is a series in h**2, h**4,
    ... too) when h is None.
    """
    _check_function(f)
    x = _as_vector(x)
    fx = _scalar_value(f, x)
    n = x.size
    H = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            def second_difference(hi, hj, i=i, j=j):
                ei, ej = np.zeros(n), np.zeros(n)
                ei[i], ej[j] = hi, hj
                corners = [_scalar_value(f, x + si * ei + sj * ej, tolerant=h is None)
                           for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1))]
                return (corners[0] - corners[1] - corners[2] + corners[3]) / (4 * hi * hj)
            if h is not None:
                step = _check_step(h)
                H[i, j] = second_difference(_exact_step(x[i], step), _exact_step(x[j], step))
                continue
            (si, ti), (sj, tj) = (richardson.halving_steps(x[k], max(1.0, abs(x[k])), STEPS)
                                  for k in (i, j))
            with np.errstate(all="ignore"):
                quotients = np.array([second_difference(hi, hj)
                                      for hi, hj in zip(si, sj, strict=True)])
                area = np.where(ti & tj, si * sj, np.nan)  # a dropped step's quotient is nan
                H[i, j] = _extrapolated(quotients, area, area, fx, x)
            H[j, i] = H[i, j]
    return H


def _column(f, x, i, h) -> np.ndarray:
    """d f / d x_i at x: the i-th column of the Jacobian, by central differences (with an
    explicit h, exactly two evaluations of f)."""
    e = np.zeros_like(x)

    def central(step, m=None):
        e[i] = step
        ahead = _vector_value(f, x + e, m, tolerant=h is None)
        behind = _vector_value(f, x - e, ahead.size, tolerant=h is None)
        return (ahead - behind) / (2 * step)

    if h is not None:
        return central(_exact_step(x[i], _check_step(h)))
    fx = _vector_value(f, x)
    steps, taken = richardson.halving_steps(x[i], max(1.0, abs(x[i])), STEPS)
    with np.errstate(all="ignore"):
        quotients = np.array([central(step, fx.size) for step in steps])
        steps = np.where(taken, steps, np.nan)[:, None]  # a dropped step's quotient is nan
        return _extrapolated(quotients, steps**2, steps, fx, x)


def _extrapolated(quotients, nodes, steps, fx, x):
    """Richardson-extrapolated central differences (see richardson.extrapolate), checked
    finite, with an AccuracyWarning when their error estimate is large. steps: h, or h_i h_j
    for second differences, whose noise is eps |f(x)| / steps."""
    floor = richardson.ROUNDING * EPS * np.abs(fx) / steps
    value, error, noise = richardson.extrapolate(quotients, nodes, floor)
    if not np.all(np.isfinite(value)):
        raise ValueError(f"f is not finite (inf or nan) at or beside x = {np.round(x, 6)}, "
                         "so its derivatives cannot be estimated there")
    richardson.warn_if_inaccurate(value, error, noise)
    return value


def _as_vector(x) -> np.ndarray:
    """x as a 1-D float array of n >= 1 numbers, or a clear error."""
    point = _as_points(x)
    if point.ndim == 0:
        point = point.reshape(1)
    if point.ndim != 1 or point.size == 0:
        raise ValueError(f"x must be a point: a 1-D array of n numbers, like [1.0, 2.0]; "
                         f"got an array of shape {point.shape}")
    return point


def _scalar_value(f, x, tolerant=False) -> float:
    """f(x) for a function that must return one finite number (nan allowed when tolerant)."""
    value = _vector_value(f, x, tolerant=tolerant)
    if value.size != 1:
        raise ValueError(f"f must return one number (a scalar), got shape {value.shape}; "
                         "for a vector-valued f use jacobian")
    return float(value[0])


def _vector_value(f, x, m=None, tolerant=False) -> np.ndarray:
    """f(x) as a finite 1-D array (of m numbers, when m is given). tolerant: nan where f is
    not finite or raises an arithmetic or domain error, instead of an error."""
    with np.errstate(all="ignore"):
        raw = _call(f, x.copy(), tolerant)
    value = real_values(raw).reshape(-1)
    if np.ndim(raw) > 1:
        raise ValueError(f"f must return a number or a 1-D array, got shape {np.shape(raw)}")
    if tolerant and m is not None and value.size == 1 and not np.isfinite(value[0]):
        value = np.full(m, np.nan)
    if m is not None and value.size != m:
        raise ValueError(f"f returned {value.size} numbers here but {m} at x; "
                         "it must always return the same number of values")
    if not tolerant and not np.all(np.isfinite(value)):
        raise ValueError(f"f is not finite (inf or nan) at or beside x = {np.round(x, 6)}, "
                         "so its derivatives cannot be estimated there")
    return value
