"""Example functions with derivatives worked out by hand, to check every other method against.

Taught in notebooks/01_derivative.ipynb (curves and activation functions),
notebooks/02_partial_derivatives_and_gradient.ipynb (surfaces f(x, y)) and
notebooks/05_optimizers.ipynb (the surfaces optimizers race on).

Each curve or surface carries its formula as text (read by ``symbolic.parse``), a NumPy function,
and its derivatives written out by hand, so numeric, symbolic and hand-made answers can be
compared.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


def sigmoid(x):
    """sigma(x) = 1 / (1 + e^-x), as 1 / (1 + z) for x >= 0 and z / (1 + z) for x < 0, with
    z = e^-|x| in (0, 1]: it never overflows, and keeps its relative precision in both tails
    ((1 + tanh(x/2)) / 2 loses it for x < -20: sigma(-40) came out 0, not 4.2e-18)."""
    x = np.asarray(x, dtype=float)
    with np.errstate(under="ignore"):  # e^-1000 is 0 to a float, and that is the answer
        z = np.exp(-np.abs(x))
        return np.where(x >= 0, 1 / (1 + z), z / (1 + z))[()]


def sigmoid_derivative(x):
    """sigma'(x) = sigma(x) * (1 - sigma(x)), taken as sigma(x) * sigma(-x): 1 - sigma(x)
    rounds to 0 for x > 37."""
    return sigmoid(x) * sigmoid(-np.asarray(x, dtype=float))


def tanh_derivative(x):
    """tanh'(x) = 1 - tanh(x)**2."""
    return 1.0 - np.tanh(x) ** 2


def relu(x):
    """relu(x) = max(x, 0)."""
    return np.maximum(np.asarray(x, dtype=float), 0.0)


def relu_derivative(x):
    """relu'(x) = 1 for x > 0, 0 for x < 0; at the kink x = 0 we use 0, as PyTorch does."""
    return np.greater(x, 0).astype(float)


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


@dataclass(frozen=True)
class Surface:
    """A function f(x, y) with its gradient and Hessian worked out by hand.

    f, gradient and hessian take x and y as numbers or as arrays of one shape (a grid).
    gradient returns the array [df/dx, df/dy]; hessian [[f_xx, f_xy], [f_yx, f_yy]].
    Called with one point p = [x, y], a Surface returns f(p): what numdiff.gradient expects.
    """

    formula: str  # f(x, y) as text SymPy can read
    f: Callable
    gradient: Callable
    hessian: Callable
    xlim: tuple = (-2.0, 2.0)
    ylim: tuple = (-2.0, 2.0)
    start: tuple = (1.0, 1.0)  # a point that shows something

    def __call__(self, p):
        return self.f(p[0], p[1])


def _vector(*parts):
    """np.array(parts) for numbers or same-shape arrays, constants broadcast: shape (k, *grid)."""
    return np.array(np.broadcast_arrays(*parts), dtype=float)


def _matrix(xx, xy, yx, yy, like):
    """[[xx, xy], [yx, yy]]: shape (2, 2) at a point, (2, 2, *grid) on a grid shaped like `like`."""
    parts = _vector(xx, xy, yx, yy, like)[:4]
    return parts.reshape(2, 2, *parts.shape[1:])


def _rosenbrock_gradient(x, y):
    return _vector(-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2))


def _rosenbrock_hessian(x, y):
    return _matrix(2 - 400 * (y - x**2) + 800 * x**2, -400 * x, -400 * x, 200, like=x)


def _himmelblau_gradient(x, y):
    a, b = x**2 + y - 11, x + y**2 - 7  # f = a**2 + b**2
    return _vector(4 * x * a + 2 * b, 2 * a + 4 * y * b)


def _himmelblau_hessian(x, y):
    return _matrix(12 * x**2 + 4 * y - 42, 4 * x + 4 * y, 4 * x + 4 * y, 12 * y**2 + 4 * x - 26,
                   like=x)


def _beale_terms(x, y):
    """Beale's f is a² + b² + c²; these are a, b, c and their partial derivatives."""
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
    return (a, b, c), (y - 1, y**2 - 1, y**3 - 1), (x, 2 * x * y, 3 * x * y**2)


def _beale_gradient(x, y):
    terms, d_dx, d_dy = _beale_terms(x, y)  # d(r²) = 2 r dr for each term r
    return _vector(sum(2 * r * dr for r, dr in zip(terms, d_dx, strict=True)),
                   sum(2 * r * dr for r, dr in zip(terms, d_dy, strict=True)))


def _beale_hessian(x, y):
    (a, b, c), (ax, bx, cx), (ay, by, cy) = _beale_terms(x, y)
    # d²(r²) = 2 (dr)(dr) + 2 r d²r; the second derivatives of a, b, c:
    axy, bxy, cxy = 1, 2 * y, 3 * y**2  # d²/dxdy
    byy, cyy = 2 * x, 6 * x * y  # d²/dy² (a's is 0); d²/dx² is 0 for all three
    xx = 2 * (ax**2 + bx**2 + cx**2)
    xy = 2 * (ax * ay + a * axy + bx * by + b * bxy + cx * cy + c * cxy)
    yy = 2 * (ay**2 + by**2 + b * byy + cy**2 + c * cyy)
    return _matrix(xx, xy, xy, yy, like=x)


SURFACES = {
    "bowl x² + y²": Surface(
        "x**2 + y**2", lambda x, y: x**2 + y**2,
        lambda x, y: _vector(2 * x, 2 * y),
        lambda x, y: _matrix(2, 0, 0, 2, like=x)),
    "valley x² + 10y²": Surface(
        "x**2 + 10*y**2", lambda x, y: x**2 + 10 * y**2,
        lambda x, y: _vector(2 * x, 20 * y),
        lambda x, y: _matrix(2, 0, 0, 20, like=x), start=(1.0, 0.5)),
    "saddle x² − y²": Surface(
        "x**2 - y**2", lambda x, y: x**2 - y**2,
        lambda x, y: _vector(2 * x, -2 * y),
        lambda x, y: _matrix(2, 0, 0, -2, like=x), start=(1.0, 0.5)),
    "Rosenbrock": Surface(
        "(1 - x)**2 + 100*(y - x**2)**2", lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
        _rosenbrock_gradient, _rosenbrock_hessian, ylim=(-1.0, 3.0), start=(-1.0, 1.5)),
    "Himmelblau": Surface(
        "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
        lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
        _himmelblau_gradient, _himmelblau_hessian, xlim=(-5.0, 5.0), ylim=(-5.0, 5.0)),
    "Beale": Surface(
        "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
        lambda x, y: sum(r**2 for r in _beale_terms(x, y)[0]),
        _beale_gradient, _beale_hessian, xlim=(-4.5, 4.5), ylim=(-4.5, 4.5), start=(1.0, 1.5)),
}


def surface(name: str) -> Surface:
    """The surface called name in SURFACES, or a clear error listing the names there are."""
    if name not in SURFACES:
        raise ValueError(f"unknown surface {name!r}; "
                         f"choose one of {', '.join(map(repr, SURFACES))}")
    return SURFACES[name]


def regression_loss(x, y) -> Surface:
    """The mean squared error of the line y ~ theta0 + theta1*x on data (x, y), as a surface
    over (theta0, theta1):

        L = mean((y - theta0 - theta1*x)**2)
        dL/dtheta0 = -2 * mean(y - theta0 - theta1*x)
        dL/dtheta1 = -2 * mean((y - theta0 - theta1*x) * x)

    (the minus signs come from the inner derivative of y - theta0 - theta1*x).
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.size < 2:
        raise ValueError(f"x and y must be 1-D arrays of the same length (at least 2), "
                         f"got shapes {x.shape} and {y.shape}")
    # Expanded in the data's moments, so it evaluates on a whole grid of (theta0, theta1) at once.
    mx, my, mxx, mxy, myy = x.mean(), y.mean(), (x * x).mean(), (x * y).mean(), (y * y).mean()

    def loss(t0, t1):
        return myy - 2 * t0 * my - 2 * t1 * mxy + t0**2 + 2 * t0 * t1 * mx + t1**2 * mxx

    def grad(t0, t1):
        return _vector(-2 * (my - t0 - t1 * mx), -2 * (mxy - t0 * mx - t1 * mxx))

    def hess(t0, t1):
        return _matrix(2, 2 * mx, 2 * mx, 2 * mxx, like=t0)

    slope, intercept = np.polyfit(x, y, 1)  # the least-squares line: where the gradient is 0
    span = 2 * max(abs(slope), abs(intercept), 1.0)
    return Surface("mean squared error", loss, grad, hess,
                   xlim=(intercept - span, intercept + span), ylim=(slope - span, slope + span),
                   start=(intercept - span / 2, slope + span / 2))


def critical_points(surface: Surface, starts: int = 12, tol: float = 1e-10):
    """The points in the surface's window where its gradient is 0.

    Found by Newton's method on the gradient (p <- p - H(p)^-1 grad(p)) from a grid of
    starts x starts points; each is returned once, in order of x then y.
    """
    found = []
    for x0 in np.linspace(*surface.xlim, starts):
        for y0 in np.linspace(*surface.ylim, starts):
            p = np.array([x0, y0])
            for _ in range(60):
                try:
                    step = np.linalg.solve(surface.hessian(*p), surface.gradient(*p))
                except np.linalg.LinAlgError:
                    break
                p = p - step
                if np.linalg.norm(step) < tol:
                    break
            inside = surface.xlim[0] <= p[0] <= surface.xlim[1] and \
                surface.ylim[0] <= p[1] <= surface.ylim[1]
            converged = np.linalg.norm(surface.gradient(*p)) < 1e-6
            if inside and converged and all(np.linalg.norm(p - q) > 1e-6 for q in found):
                found.append(p)
    return sorted(found, key=tuple)


def classify(hessian) -> str:
    """What a point with gradient 0 is, from the signs of its Hessian's eigenvalues."""
    eigenvalues = np.linalg.eigvalsh(np.asarray(hessian, dtype=float))
    scale = max(1.0, np.abs(eigenvalues).max())
    if np.any(np.abs(eigenvalues) < 1e-9 * scale):
        return "flat in some direction: the test cannot tell"
    if np.all(eigenvalues > 0):
        return "minimum"
    if np.all(eigenvalues < 0):
        return "maximum"
    return "saddle point"


# Scalar rules shared by engine.Value and dual.Dual, so both follow one convention.


def power(a: float, b: float, where: str = "a**b"):
    """a**b and its partial derivatives (d/da = b a**(b-1), d/db = a**b log a), with PyTorch's
    conventions: a negative base needs an integer-valued exponent, and then d/db is nan (log a
    is not real); at a = 0 (b > 0) d/db is 0, and d/da is 0 for b > 1, 1 for b = 1.

    Returns (value, d/da, d/db); d/da is inf for 0**b with 0 < b < 1 (an infinite slope: the
    caller decides). Raises ValueError where a**b is not real (negative base, fractional
    exponent, or 0**b with b < 0), and
    OverflowError, naming ``where``, when a**b or d/da is beyond the largest float.
    """
    if a < 0 and b != int(b):
        raise ValueError(f"{where}: ({a!r})**{b!r} is not a real number (a negative base "
                         "needs a whole-number exponent); for an odd root of a negative x "
                         "write -((-x)**b)")
    if a == 0:
        if b < 0:
            raise ValueError(f"{where}: 0**{b!r} is 1/0, not a number")
        if 0 < b < 1:  # the value is 0, the slope b 0**(b-1) infinite (as PyTorch)
            return 0.0, float("inf"), 0.0
        return (1.0 if b == 0 else 0.0), float(b == 1), 0.0
    value = checked(lambda: a**b, f"{where}: ({a!r})**{b!r}")
    d_base = b * checked(lambda: a ** (b - 1), f"{where}: the derivative b*a**(b-1) at a={a!r}")
    d_exponent = value * np.log(a) if a > 0 else float("nan")
    if np.isinf(d_exponent):
        raise OverflowError(f"{where}: the derivative a**b log(a) at a={a!r}, b={b!r} is "
                            "beyond the largest float (1.8e308)")
    return value, d_base, float(d_exponent)


def interval(low: float, high: float) -> str:
    """Where a function is defined, as a learner reads it: "x >= 0", "-1 <= x <= 1"."""
    if math.isinf(high):
        return f"x >= {low:g}"
    return f"{low:g} <= x <= {high:g}"


def checked(compute, what: str) -> float:
    """compute(), a float, or an OverflowError that says what overflowed (``what``) instead
    of Python's bare "math range error"."""
    try:
        result = compute()
    except OverflowError:
        result = float("inf")
    if np.isinf(result):
        raise OverflowError(f"{what} overflows: the result is beyond the largest float "
                            "(1.8e308)") from None
    return float(result)
