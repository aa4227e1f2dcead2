"""The figures the notebooks draw. Each function returns a ``matplotlib.figure.Figure``; the
slider explorers' busiest figures are also classes (subclasses of Live) updated in place.

Figures are built without pyplot, so nothing (pyplot's list of figures, the inline backend's
queue of figures to show) holds on to them: a figure lives as long as its user keeps it. A
notebook cell shows one by ending with it, e.g. ``plots.activations()``.

Taught alongside notebooks/00_start_here.ipynb to
notebooks/06_convolution_and_pooling_gradients.ipynb.
Colours keep one meaning throughout: f blue, tangent red, secant orange, derivative green.
"""

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import ConnectionPatch, Rectangle
from matplotlib.ticker import LogLocator, NullLocator

from calclib import conv, engine, functions, numdiff
from calclib.functions import Curve, Surface, relu, relu_derivative, sigmoid, sigmoid_derivative

F_COLOR, TANGENT_COLOR, SECANT_COLOR, DERIV_COLOR = "C0", "C3", "C1", "C2"


class Live:
    """A figure an explorer keeps and updates as its controls move, instead of building a new one
    each time: building axes and drawing their ticks and labels is most of a redraw.

    A subclass builds what stays in __init__ and draws the rest in update(...), which returns
    self. `moving` lists what update drew: the explorer draws everything else once, keeps that
    picture, and at each move draws only the moving artists over it (matplotlib's blitting), in
    the order listed: list them in z-order, so the picture is the one a full draw would give.
    """

    def __init__(self):
        self.moving, self._added = [], []
        self.still = None  # the picture of all but the moving artists, once an explorer drew it

    def add(self, *artists, moving=True):
        """Record artists update() drew: removed at the next update; redrawn if moving (an
        artist inside a moving Axes is drawn with it: moving=False). Returns the first."""
        self._added += artists
        if moving:
            self.moving += artists
        return artists[0]

    def clear(self):
        """Remove what the last update drew."""
        for artist in self._added:
            artist.remove()
        self.moving, self._added = [], []

    def set_ylim(self, ax, limits):
        """Set an axes' y-limits; if they change, the kept picture (its ticks) is out of date."""
        if tuple(ax.get_ylim()) != tuple(limits):
            ax.set_ylim(*limits)
            self.still = None


def line(m: float, b: float) -> Figure:
    """y = m*x + b with a slope triangle: one step right, m up."""
    fig, ax = _figure(1, (6, 4))
    x = np.linspace(-3, 3, 2)
    ax.plot(x, m * x + b, color=F_COLOR, lw=2, label=f"y = {m:.2g}x + {b:.2g}")
    ax.plot([0, 1, 1], [b, b, b + m], color=TANGENT_COLOR, lw=1.5)
    ax.annotate("1", (0.5, b), textcoords="offset points", xytext=(0, -14), ha="center")
    ax.annotate(f"rise {m:.2g}", (1, b + m / 2), textcoords="offset points", xytext=(6, 0),
                va="center", color=TANGENT_COLOR)
    ax.set(xlim=(-3, 3), ylim=(-8, 8), xlabel="x", ylabel="y",
           title=f"slope m = {m:.2g}: y changes by {m:.2g} for every step of 1 in x")
    _axes_through_origin(ax)
    ax.legend(loc="upper left")
    return fig


def tangent(curve: Curve, x0: float, show_numeric: bool = True) -> Figure:
    """Left: f with its tangent line at x0. Right: f'(x), where that slope is one point.

    With show_numeric, dots on the right are central-difference estimates of f', to compare
    with the curve worked out by hand (or by SymPy).
    """
    return Tangent(curve, show_numeric).update(x0).figure


class Tangent(Live):
    """The figure of tangent(), kept by an explorer: f and f' are drawn once per curve;
    update(x0) moves the tangent and the point on f'."""

    def __init__(self, curve: Curve, show_numeric: bool = True):
        self.curve = curve
        self.x = x = np.linspace(*curve.xlim, 600)
        self.y, self.dy = curve.f(x), curve.df(x)
        self.figure, (self.ax, self.ax_d) = _figure(2, (10, 4))
        ax, ax_d = self.ax, self.ax_d
        self.graph = ax.plot(x, self.y, color=F_COLOR, lw=2, label="f(x)")
        ax.set(xlabel="x", ylabel="f(x)", xlim=curve.xlim)
        ax_d.plot(x, self.dy, color=DERIV_COLOR, lw=2,
                  label=f"f′(x) = {curve.derivative_label}")
        if show_numeric:
            xs = np.linspace(*curve.xlim, 25)
            ax_d.plot(xs, _numeric_slopes(curve.f, xs), "o", ms=4, mfc="none", color="k",
                      label="central difference")
        ax_d.set(xlabel="x", ylabel="f′(x)", title="the slope at each x, plotted as a height")
        self.legend_d = ax_d.legend(loc="upper left", fontsize=9)
        super().__init__()

    def update(self, x0: float) -> "Tangent":
        """Draw the tangent at x0 (or, at a kink, a fan of the slopes between its sides)."""
        curve, ax, ax_d = self.curve, self.ax, self.ax_d
        y0, slope = float(curve.f(x0)), float(curve.df(x0))
        if not (np.isfinite(y0) and np.isfinite(slope)):
            if not np.isfinite(self.y).any():  # moving x0 would not help: sqrt(-1), log(-1 - x^2)
                raise ValueError(f"f has no real value anywhere in {self.curve.xlim[0]:g} ≤ x ≤ "
                                 f"{self.curve.xlim[1]:g}: change the formula")
            if np.isinf([y0, slope]).any():  # exp(exp(exp(x))): a value, but past 1.8e308
                raise ValueError(f"f or f' is too large for a float at x0 = {x0:.3g}; move x0")
            raise ValueError(f"f or f' is not defined at x0 = {x0:.3g}; move x0")
        self.clear()
        self.set_ylim(ax, _ylim(self.y, include=y0, headroom=0.3))  # headroom for the legend
        self.set_ylim(ax_d, _ylim(self.dy, include=slope, headroom=0.4))
        span = 0.25 * (curve.xlim[1] - curve.xlim[0])
        xt = np.array([x0 - span, x0 + span])
        left = numdiff.derivative(curve.f, x0, method="backward")
        right = numdiff.derivative(curve.f, x0, method="forward")
        if abs(left - right) > 1e-3 * max(1.0, abs(slope)):  # a kink: no single tangent
            for s in np.linspace(left, right, 5):
                self.add(*ax.plot(xt, y0 + s * (xt - x0), color=TANGENT_COLOR, lw=1, alpha=0.5))
            ax.set_title(f"a kink at x0 = {x0:.2f}: slopes {left:.2f} on the left, "
                         f"{right:.2f} on the right,\nso no single tangent (f′ is undefined "
                         "here)", fontsize=10)
            keys = self.graph
        else:
            keys = [*self.graph, self.add(*ax.plot(xt, y0 + slope * (xt - x0), lw=2,
                                                   color=TANGENT_COLOR,
                                                   label=f"tangent, slope {slope:.3f}"))]
            ax.set_title(f"the tangent at x0 = {x0:.2f} has slope f′(x0) = {slope:.3f}")
        self.add(*ax.plot([x0], [y0], "o", color=TANGENT_COLOR, zorder=3))
        self.add(ax.legend(handles=keys, loc="upper left", fontsize=9, ncols=2))
        self.add(ax_d.axvline(x0, color="0.7", lw=1, ls=":"))
        self.moving += [self.legend_d, ax.title]  # the legend above the line, below the point
        self.add(*ax_d.plot([x0], [slope], "o", color=TANGENT_COLOR, ms=8, zorder=6))
        return self


def secant(curve: Curve, x0: float, h: float) -> Figure:
    """Left: the secant through x0 and x0 + h beside the tangent. Right: its error against h."""
    return Secant(curve, x0).update(h).figure


class Secant(Live):
    """The figure of secant(), kept by an explorer: f, the tangent at x0 and the error curve are
    drawn once per x0; update(h) moves the secant."""

    def __init__(self, curve: Curve, x0: float):
        self.curve, self.x0 = curve, x0
        self.y0, self.slope = y0, slope = float(curve.f(x0)), float(curve.df(x0))
        self.figure, (self.ax, self.ax_e) = _figure(2, (10, 4))
        ax, ax_e = self.ax, self.ax_e
        self.x = x = np.linspace(x0 - 1.5, x0 + 1.5, 400)
        self.keys = [*ax.plot(x, curve.f(x), color=F_COLOR, lw=2, label="f(x)"),
                     *ax.plot(x, y0 + slope * (x - x0), color=TANGENT_COLOR, lw=1.5, ls="--",
                              label=f"tangent, slope {slope:.4f}")]
        ax.set_ylim(*_ylim(curve.f(x), headroom=0.3))
        ax.set(xlabel="x", ylabel="f(x)")

        hs = np.logspace(-3, 0, 60)
        errors = np.abs((curve.f(x0 + hs) - y0) / hs - slope)
        ax_e.loglog(hs, np.where(errors > 0, errors, np.nan), color=SECANT_COLOR, lw=2)
        ax_e.set(xlabel="h (log scale)", ylabel="|secant slope − f′(x0)| (log scale)")
        ax_e.grid(True, which="major", alpha=0.3)
        ax_e.xaxis.set_minor_locator(NullLocator())  # minor log ticks double the redraw time
        ax_e.yaxis.set_minor_locator(NullLocator())
        super().__init__()

    def update(self, h: float) -> "Secant":
        """Draw the secant through x0 and x0 + h."""
        x, x0, y0, slope, ax = self.x, self.x0, self.y0, self.slope, self.ax
        y1 = float(self.curve.f(x0 + h))
        quotient = (y1 - y0) / h
        self.clear()
        secant = self.add(*ax.plot(x, y0 + quotient * (x - x0), color=SECANT_COLOR, lw=2,
                                   label=f"secant, slope {quotient:.4f}"))
        self.add(*ax.plot([x0, x0 + h, x0 + h], [y0, y0, y1], color="0.4", lw=1))  # run, rise
        self.add(*ax.plot([x0, x0 + h], [y0, y1], "o", color=SECANT_COLOR, zorder=3))
        self.add(ax.legend(handles=[*self.keys, secant], loc="upper left", fontsize=9))
        ax.set_title(f"(f(x0 + h) − f(x0)) / h = {quotient:.4f}\nwith x0 = {x0:.2f}, h = {h:.3g}")
        self.add(*self.ax_e.plot([h], [abs(quotient - slope)] if quotient != slope
                                 else [np.nan], "o", color=SECANT_COLOR, ms=9))
        self.ax_e.set_title(f"the gap to the true slope: {abs(quotient - slope):.2g}\n"
                            "it shrinks as h shrinks")
        self.moving += [ax.title, self.ax_e.title]
        return self


def step_errors(f, df, x0: float, name: str = "f") -> Figure:
    """Log-log error of forward, backward and central differences against the step h."""
    hs = np.logspace(-15, 0, 151)  # below ~1e-16, x + h rounds to x itself
    fig, ax = _figure(1, (9, 5))
    errors = {}
    for method, style, color in [("central", "-", "C2"), ("backward", "--", "C1"),
                                 ("forward", ":", "C0")]:
        errors[method] = numdiff.step_errors(f, df, x0, hs, method)
        shown = np.where(errors[method] > 0, errors[method], np.nan)  # log axes have no 0
        ax.loglog(hs, shown, style, color=color, lw=2.5 if method == "central" else 1.5,
                  label=method)
    for method, color, where in [("forward", "C0", "√ε"), ("central", "C2", "∛ε")]:
        h = float(numdiff.default_step(method, x0))
        ax.axvline(h, color=color, lw=1, alpha=0.6)
        ax.text(h, 3e-16, f" default h\n for {method}\n = {where}·max(1, |x0|)\n ≈ {h:.0e}",
                color=color, fontsize=8, va="bottom")
    ref = hs[hs >= 1e-5]  # guides drawn 5x above the errors at h = 1, parallel to them
    ax.loglog(ref, 5 * errors["forward"][-1] * ref, color="0.5", lw=4, alpha=0.3,
              label="slope 1: error ∝ h")
    ax.loglog(ref, 5 * errors["central"][-1] * ref**2, color="0.2", lw=4, alpha=0.3,
              label="slope 2: error ∝ h²")
    ax.text(2e-15, 1e-9, "← round-off error ≈ ε·|f(x0)| / h\n    grows as h shrinks", fontsize=9)
    ax.text(1.5e-4, 1e-12, "truncation error →\nshrinks with h", fontsize=9)
    ax.set(xlabel="step h", ylabel=f"|estimate − {name}′(x0)|", ylim=(1e-16, 100),
           title=f"Error of finite differences for {name} at x0 = {x0:g}")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper center", fontsize=9, ncols=3)
    return fig


def activations() -> Figure:
    """Sigmoid, tanh and ReLU (solid) with their derivatives (dashed)."""
    x = np.linspace(-5, 5, 501)
    fig, axes = _figure(3, (12, 3.6))
    pairs = [("sigmoid σ(x)", sigmoid, sigmoid_derivative, "σ′ = σ(1 − σ), at most 0.25"),
             ("tanh(x)", np.tanh, lambda u: 1 - np.tanh(u) ** 2, "tanh′ = 1 − tanh², at most 1")]
    for ax, (name, f, df, note) in zip(axes, pairs, strict=False):
        ax.plot(x, f(x), color=F_COLOR, lw=2, label=name)
        ax.plot(x, df(x), "--", color=DERIV_COLOR, lw=2, label="derivative")
        ax.set_title(note, fontsize=10)
    ax = axes[2]
    ax.plot(x, relu(x), color=F_COLOR, lw=2, label="ReLU max(x, 0)")
    neg, pos = x < 0, x > 0
    ax.plot(x[neg], relu_derivative(x[neg]), "--", color=DERIV_COLOR, lw=2, label="derivative")
    ax.plot(x[pos], relu_derivative(x[pos]), "--", color=DERIV_COLOR, lw=2)
    ax.plot([0, 0], [0, 1], "o", mfc="white", color=DERIV_COLOR, zorder=3)
    ax.annotate("undefined at 0\n(PyTorch uses 0)", (0, 0.5), xytext=(0.8, -0.9), fontsize=9,
                arrowprops={"arrowstyle": "->", "color": "0.4"})
    ax.set_title("ReLU′ = 0 for x < 0, 1 for x > 0", fontsize=10)
    for ax in axes:
        ax.set(xlabel="x", ylim=(-1.2, 3.2) if ax is axes[2] else (-1.2, 1.2))
        _axes_through_origin(ax)
        ax.legend(loc="upper left", fontsize=8)
    return fig


def _numeric_slopes(f, xs):
    """Central differences at xs, nan where f is undefined at or beside a point."""
    try:
        return numdiff.derivative(f, xs)
    except ValueError:  # somewhere f is undefined (e.g. log for x <= 0): go point by point
        return np.array([_slope_or_nan(f, x) for x in xs])


def _slope_or_nan(f, x):
    try:
        return numdiff.derivative(f, x)
    except ValueError:
        return np.nan


def _subplots(nrows=1, ncols=1, *, figsize, **kwargs):
    """pyplot.subplots without pyplot: a Figure nobody else holds, so it lives only as long as
    its user keeps it (an explorer, or a notebook cell that shows it). Returns (figure, axes)."""
    figure = Figure(figsize=figsize)
    return figure, figure.subplots(nrows, ncols, **kwargs)


def _figure(ncols, size):
    """A figure with fixed margins: tight_layout would cost most of a slider's redraw time."""
    width, height = size
    return _subplots(1, ncols, figsize=size, gridspec_kw={
        "left": 0.75 / width, "right": 1 - 0.25 / width, "bottom": 0.55 / height,
        "top": 1 - 0.6 / height, "wspace": 0.3 if ncols == 3 else 0.25})


def _few_ticks(*axes):
    """About five ticks on each linear axis, and on a log one at most six minor ticks (at 2 and
    5 times a power of ten; none when it spans many decades): each tick is five artists, and in
    a slider's figure making and drawing them is much of a redraw (a third of the optimizer
    race's). Minor ticks stay where they are needed: a log axis within one decade has no major
    tick to label."""
    for ax in axes:
        for axis in [ax.xaxis, ax.yaxis, getattr(ax, "zaxis", None)]:
            if axis is None:
                continue
            if axis.get_scale() == "log":
                axis.set_minor_locator(LogLocator(subs=(2.0, 5.0), numticks=6))
            elif axis.get_scale() == "linear":
                axis.get_major_locator().set_params(nbins=5)


def _ylim(values, include=None, margin=0.1, headroom=0.1):
    """y-limits that show all finite values, unless a few explode (near a pole): then the rest."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if include is not None:
        finite = np.append(finite, include)
    if finite.size == 0:
        return -1.0, 1.0
    lo, hi = finite.min(), finite.max()
    p1, p99 = np.percentile(finite, [1, 99])
    if max(hi - p99, p1 - lo) > 10 * (p99 - p1):
        lo, hi = p1, p99
    if include is not None:
        lo, hi = min(lo, include), max(hi, include)
    span = hi - lo if hi > lo else 1.0
    return lo - margin * span, hi + headroom * span


def _axes_through_origin(ax):
    ax.axhline(0, color="0.75", lw=0.8, zorder=0)
    ax.axvline(0, color="0.75", lw=0.8, zorder=0)


# Chapter 2: functions of two variables (notebooks/02_partial_derivatives_and_gradient.ipynb).
SLICE_X_COLOR, SLICE_Y_COLOR, GRADIENT_COLOR, DIRECTION_COLOR = "C3", "C4", "C3", "C0"


def slices(surface: Surface, x0: float, y0: float) -> Figure:
    """The surface cut by the planes y = y0 and x = x0, and the two slice curves with their
    tangents: their slopes are the partial derivatives df/dx and df/dy at (x0, y0)."""
    return Slices(surface).update(x0, y0).figure


class Slices(Live):
    """The figure of slices(), kept by an explorer: the 3-D surface is drawn once; update(x0, y0)
    moves the cutting plane, the slice curves and the two panels of slices."""

    def __init__(self, surface: Surface):
        self.surface = surface
        self.figure = fig = Figure(figsize=(13, 4.2))
        fig.subplots_adjust(left=0.01, right=0.98, bottom=0.13, top=0.86, wspace=0.28)
        self.ax3 = ax3 = fig.add_subplot(1, 3, 1, projection="3d", computed_zorder=False)
        self.ax_x, self.ax_y = fig.add_subplot(1, 3, 2), fig.add_subplot(1, 3, 3)
        X, Y = np.meshgrid(np.linspace(*surface.xlim, 30), np.linspace(*surface.ylim, 30))
        Z = surface.f(X, Y)
        ax3.plot_surface(X, Y, Z, cmap="viridis", alpha=0.55, linewidth=0, antialiased=False)
        self.xs, self.ys = np.linspace(*surface.xlim, 100), np.linspace(*surface.ylim, 100)
        self.zlim = np.nanmin(Z), np.nanmax(Z)
        ax3.set(xlabel="x", ylabel="y", zlabel="f(x, y)", xlim=surface.xlim, ylim=surface.ylim,
                zlim=self.zlim)  # fixed: the slices must not rescale the box they are drawn in
        ax3.view_init(elev=28, azim=-60)
        _few_ticks(ax3, self.ax_x, self.ax_y)
        super().__init__()

    def update(self, x0: float, y0: float) -> "Slices":
        """Cut the surface through (x0, y0)."""
        surface, ax3, xs, ys = self.surface, self.ax3, self.xs, self.ys
        z0 = float(surface.f(x0, y0))
        fx, fy = (float(v) for v in surface.gradient(x0, y0))
        self.clear()
        (zlo, zhi), (left, right) = self.zlim, surface.xlim
        corners = np.array([[left, zlo], [right, zlo], [right, zhi], [left, zhi]])
        plane = self.add(ax3.add_collection3d(_plane(corners, SLICE_X_COLOR), zs=y0, zdir="y"))
        if ax3.M is not None:  # projected already: a redraw over the kept picture skips that step
            plane.do_3d_projection()
        self.add(*ax3.plot(xs, np.full_like(xs, y0), surface.f(xs, y0), color=SLICE_X_COLOR,
                           lw=2.5))
        self.add(*ax3.plot(np.full_like(ys, x0), ys, surface.f(x0, ys), color=SLICE_Y_COLOR,
                           lw=2.5))
        self.add(*ax3.plot([x0], [y0], [z0], "o", color="k", ms=6))
        ax3.set_title(f"f(x, y) = {_pretty(surface.formula)}\nthe plane y = {y0:.2f} cuts it",
                      fontsize=10, y=1.02)  # a fixed place: the fitted one can move a few
                                            # pixels between a full draw and a kept picture
        self.moving += [ax3.title, self.ax_x, self.ax_y]

        for ax, grid, values, at, slope, color, var, fixed in [
            (self.ax_x, xs, surface.f(xs, y0), x0, fx, SLICE_X_COLOR, "x", f"y = {y0:.2f}"),
            (self.ax_y, ys, surface.f(x0, ys), y0, fy, SLICE_Y_COLOR, "y", f"x = {x0:.2f}"),
        ]:
            self.add(*ax.plot(grid, values, color=color, lw=2, label=f"f with {fixed} held fixed"),
                     moving=False)
            span = 0.2 * (grid[-1] - grid[0])
            t = np.array([at - span, at + span])
            self.add(*ax.plot(t, z0 + slope * (t - at), color="k", lw=1.5, ls="--",
                              label=f"slope {slope:.3f}"), moving=False)
            self.add(*ax.plot([at], [z0], "o", color="k"), moving=False)
            ax.set_ylim(*_ylim(values, include=z0, headroom=0.3))
            ax.set(xlabel=var, ylabel=f"f(x, y) along {var}", xlim=(grid[0], grid[-1]),
                   title=f"∂f/∂{var} at ({x0:.2f}, {y0:.2f}) = {slope:.3f}\n"
                         f"the slope of the slice at {fixed}")
            self.add(ax.legend(loc="upper left", fontsize=9), moving=False)
        return self


def gradient_field(surface: Surface, x0: float, y0: float) -> Figure:
    """Contours of f with gradient arrows on a grid, and at (x0, y0) the gradient (steepest
    ascent) drawn perpendicular to the contour line through the point."""
    return GradientField(surface).update(x0, y0).figure


class GradientField(Live):
    """The figure of gradient_field(), kept by an explorer: the contours and the field of arrows
    are drawn once per surface; update(x0, y0) moves the point, its contour and its gradient."""

    def __init__(self, surface: Surface):
        self.surface = surface
        self.figure, self.ax = _figure(1, (6.6, 6.2))
        ax = self.ax
        _contours(ax, surface)
        GX, GY = np.meshgrid(np.linspace(*surface.xlim, 15), np.linspace(*surface.ylim, 15))
        U, V = surface.gradient(GX, GY)
        norm = np.hypot(U, V)
        norm[norm == 0] = 1.0
        ax.quiver(GX, GY, U / norm, V / norm, color="0.35", angles="xy", pivot="middle",
                  scale_units="xy", scale=1 / (0.045 * _span(surface)), width=0.003)
        self.fine = _grid(surface, 200)  # for the contour through the point
        ax.set(xlabel="x", ylabel="y", xlim=surface.xlim, ylim=surface.ylim, aspect="equal")
        super().__init__()

    def update(self, x0: float, y0: float) -> "GradientField":
        """Draw the gradient at (x0, y0) and the contour line through it."""
        ax, surface = self.ax, self.surface
        g = surface.gradient(x0, y0)
        self.clear()
        self.add(ax.contour(*self.fine, levels=[float(surface.f(x0, y0))], colors="k",
                            linewidths=2))
        length = 0.18 * _span(surface)
        size = float(np.hypot(*g))
        if size > 0:
            u = g / size
            self.add(_arrow(ax, (x0, y0), length * u, GRADIENT_COLOR))
            tangent = np.array([-u[1], u[0]]) * length * 0.6
            self.add(*ax.plot([x0 - tangent[0], x0 + tangent[0]],
                              [y0 - tangent[1], y0 + tangent[1]], ":", color="k", lw=1.5))
        self.add(*ax.plot([x0], [y0], "o", color=GRADIENT_COLOR, ms=7))
        ax.set_title(f"∇f({x0:.2f}, {y0:.2f}) = ({g[0]:.3g}, {g[1]:.3g}), |∇f| = {size:.3g}\n"
                     "red: steepest ascent, perpendicular to the black contour "
                     "(grey: ∇f's direction)", fontsize=10)
        self.moving.append(ax.title)
        return self


def directional(surface: Surface, x0: float, y0: float, angle: float) -> Figure:
    """The rate of change of f at (x0, y0) along the unit vector at `angle` degrees:
    D_u f = ∇f · u = |∇f| cos(angle between u and ∇f), plotted against the angle."""
    return Directional(surface, x0, y0).update(angle).figure


class Directional(Live):
    """The figure of directional(), kept by an explorer: all but the direction u is drawn once
    per point; update(angle) turns u."""

    def __init__(self, surface: Surface, x0: float, y0: float):
        self.figure, (ax, ax_d) = _figure(2, (12, 5))
        self.ax, self.ax_d, self.start = ax, ax_d, (x0, y0)
        self.g = surface.gradient(x0, y0)
        self.size = size = float(np.hypot(*self.g))
        self.length = 0.2 * _span(surface)
        _contours(ax, surface)
        ax.contour(*_grid(surface, 200), levels=[float(surface.f(x0, y0))], colors="k",
                   linewidths=2)
        _arrow(ax, self.start, self.length * (self.g / size if size else self.g), GRADIENT_COLOR)
        self.gradient_key = ax.plot([], [], color=GRADIENT_COLOR, lw=2.5, label="∇f direction")
        ax.plot([x0], [y0], "o", color="k")
        ax.set(xlabel="x", ylabel="y", xlim=surface.xlim, ylim=surface.ylim, aspect="equal",
               title=f"at ({x0:.2f}, {y0:.2f}): the direction u and the gradient")

        angles = np.linspace(0, 360, 361)
        rates = self.g @ np.array([np.cos(np.radians(angles)), np.sin(np.radians(angles))])
        best = np.degrees(np.arctan2(self.g[1], self.g[0])) % 360
        ax_d.plot(angles, rates, color=DIRECTION_COLOR, lw=2, label="D_u f = ∇f · u")
        ax_d.axhline(0, color="0.6", lw=1)
        ax_d.axvline(best, color=GRADIENT_COLOR, ls="--", lw=1.5,
                     label=f"along ∇f ({best:.0f}°): the maximum |∇f| = {size:.3g}")
        for zero in [(best + 90) % 360, (best + 270) % 360]:
            ax_d.axvline(zero, color="k", ls=":", lw=1.5)
        ax_d.plot([], [], "k:", label="along the contour (±90°): zero")
        ax_d.set(xlabel="direction angle (degrees)", ylabel="rate of change of f",
                 xlim=(0, 360), xticks=range(0, 361, 45))
        ax_d.set_ylim(-1.25 * max(size, 1e-9), 1.6 * max(size, 1e-9))  # the legend fits above
        ax_d.legend(loc="upper left", fontsize=9)
        super().__init__()

    def update(self, angle: float) -> "Directional":
        """Point u at `angle` degrees."""
        ax, ax_d = self.ax, self.ax_d
        self.clear()
        u = np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])
        rate = float(self.g @ u)
        self.add(_arrow(ax, self.start, self.length * u, DIRECTION_COLOR))
        key = self.add(*ax.plot([], [], color=DIRECTION_COLOR, lw=2.5, label=f"u at {angle:.0f}°"))
        self.add(ax.legend(handles=[*self.gradient_key, key], loc="upper right", fontsize=9))
        self.add(*ax_d.plot([angle], [rate], "o", color=DIRECTION_COLOR, ms=9))
        ax_d.set_title(f"D_u f at {angle:.0f}° = {rate:.3f}")
        self.moving.append(ax_d.title)
        return self


def critical_points(surface: Surface, points, kinds) -> Figure:
    """Contours of f with its critical points marked by what the Hessian says they are."""
    fig, ax = _figure(1, (6.6, 6.2))
    _contours(ax, surface)
    styles = {"minimum": ("o", "C2"), "maximum": ("^", "C3"), "saddle point": ("X", "C1")}
    for kind, (marker, color) in styles.items():
        chosen = [p for p, k in zip(points, kinds, strict=True) if k == kind]
        if chosen:
            ax.plot(*np.array(chosen).T, marker, color=color, ms=11, mec="k", ls="none",
                    label=f"{kind} ({len(chosen)})")
    ax.set(xlabel="x", ylabel="y", xlim=surface.xlim, ylim=surface.ylim, aspect="equal",
           title=f"where ∇f = 0 on {_pretty(surface.formula)}:\n"
                 "the Hessian's eigenvalues tell what each point is")
    ax.legend(loc="upper left", fontsize=9, framealpha=0.95)
    return fig


def regression(x, y, theta0: float, theta1: float) -> Figure:
    """Left: the data and the line theta0 + theta1*x. Right: the mean squared error over
    (theta0, theta1), with the point, the downhill direction -∇L, and the best line's point."""
    return Regression(x, y).update(theta0, theta1).figure


class Regression(Live):
    """The figure of regression(), kept by an explorer: the data and the loss's contours are
    drawn once; update(theta0, theta1) draws the line, its errors and its point on the loss."""

    def __init__(self, x, y):
        self.x, self.y = x, y
        self.loss = loss = functions.regression_loss(x, y)
        self.figure, (self.ax, self.ax_l) = _figure(2, (12, 5))
        ax, ax_l = self.ax, self.ax_l
        self.data = ax.plot(x, y, "o", color="0.3", ms=5, label="data")
        ax.set(xlabel="x", ylabel="y")
        _contours(ax_l, loss, log=True)  # log-spaced levels show the valley's floor
        best_slope, best_intercept = np.polyfit(x, y, 1)
        best = ax_l.plot([best_intercept], [best_slope], "*", color="gold", mec="k", ms=16,
                         label="minimum: ∇L = 0")
        point = ax_l.plot([], [], "o", color="C3", ms=8, label="−∇L: downhill")
        ax_l.set(xlabel="θ0 (intercept)", ylabel="θ1 (slope)", xlim=loss.xlim, ylim=loss.ylim)
        ax_l.legend(handles=[*best, *point], loc="upper right", fontsize=9)
        super().__init__()

    def update(self, theta0: float, theta1: float) -> "Regression":
        """Draw the line y = theta0 + theta1*x."""
        x, y, ax, ax_l = self.x, self.y, self.ax, self.ax_l
        self.clear()
        g = self.loss.gradient(theta0, theta1)
        value = float(self.loss.f(theta0, theta1))
        xs = np.linspace(x.min() - 0.2, x.max() + 0.2, 2)
        line = self.add(*ax.plot(xs, theta0 + theta1 * xs, color="C3", lw=2,
                                 label=f"y = {theta0:.2f} + {theta1:.2f}x"), moving=False)
        errors = [[(xi, yi), (xi, theta0 + theta1 * xi)] for xi, yi in zip(x, y, strict=True)]
        self.add(ax.add_collection(LineCollection(errors, colors="C3", linewidths=0.6,
                                                  alpha=0.5)), moving=False)  # what L squares
        ax.set_title(f"the line and its errors: L = {value:.3f}")
        ax.set_ylim(*_ylim(np.append(y, theta0 + theta1 * xs), headroom=0.3))
        self.add(ax.legend(handles=[*self.data, line], loc="upper left", fontsize=9),
                 moving=False)
        length = 0.15 * _span(self.loss)
        size = float(np.hypot(*g))
        if size > 0:
            self.add(_arrow(ax_l, (theta0, theta1), -length * g / size, "C3"))
        self.add(*ax_l.plot([theta0], [theta1], "o", color="C3", ms=8))
        ax_l.set_title(f"∇L = (∂L/∂θ0, ∂L/∂θ1) = ({g[0]:.2f}, {g[1]:.2f})")
        self.moving += [ax, ax_l.title]
        return self


def _arrow(ax, start, vector, color):
    """A bold arrow from start along vector, drawn even where it leaves the axes."""
    tip = (start[0] + vector[0], start[1] + vector[1])
    return ax.annotate("", tip, start, annotation_clip=False,
                       arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2.5,
                                   "mutation_scale": 20})


def _grid(surface, n):
    X, Y = np.meshgrid(np.linspace(*surface.xlim, n), np.linspace(*surface.ylim, n))
    return X, Y, surface.f(X, Y)


def _contours(ax, surface, log=None):
    """Filled contours of a surface, spaced evenly in log(f - min) when f spans decades."""
    X, Y, Z = _grid(surface, 120)
    shifted = Z - Z.min()
    if log is None:
        log = shifted.max() > 200 * max(np.median(shifted), 1e-12)
    if log:
        levels = Z.min() + np.geomspace(max(shifted.max() * 1e-4, 1e-6), shifted.max(), 16)
    else:
        levels = np.linspace(Z.min(), Z.max(), 16)
    ax.contourf(X, Y, Z, levels=levels, cmap="YlGnBu", alpha=0.45, extend="both")
    ax.contour(X, Y, Z, levels=levels, colors="0.5", linewidths=0.6)


def _span(surface):
    return min(surface.xlim[1] - surface.xlim[0], surface.ylim[1] - surface.ylim[0])


def _plane(corners, color):
    return PolyCollection([corners], facecolors=color, alpha=0.15, edgecolors=color)


def _pretty(formula: str) -> str:
    """A formula as text for a title: ** as ^."""
    return formula.replace("**", "^")


# Chapter 3: the chain rule and computational graphs (notebooks/03_chain_rule.ipynb).
def chain_stretch(x0: float, dx: float) -> Figure:
    """x -> u = x^2 -> y = sin(u) as three number lines on one scale: a nudge dx of x is
    stretched by u'(x0) = 2 x0, then by y'(u0) = cos(u0), so dy/dx is the product."""
    u0, y0 = x0**2, np.sin(x0**2)
    du, dy = (x0 + dx) ** 2 - u0, np.sin((x0 + dx) ** 2) - y0
    du_dx, dy_du = 2 * x0, np.cos(u0)
    fig, axes = _subplots(3, 1, figsize=(10, 4.2),
                             gridspec_kw={"left": 0.1, "right": 0.6, "top": 0.82, "bottom": 0.08,
                                          "hspace": 0.6})
    rows = [("x", x0, dx, f"nudge Δx = {dx:.3f}"),
            ("u = x²", u0, du, f"Δu = {du:.3f} ≈ u′(x0)·Δx = {du_dx:.2f} × {dx:.3f}"),
            ("y = sin(u)", y0, dy, f"Δy = {dy:.3f} ≈ y′(u0)·Δu = {dy_du:.2f} × {du:.3f}")]
    for ax, (name, value, delta, note) in zip(axes, rows, strict=True):
        middle = value + delta / 2
        ax.set_xlim(middle - 1.0, middle + 1.0)  # the same scale on every line
        ax.set_ylim(-1, 1)
        ax.spines["bottom"].set_position(("data", 0))  # the number line, ticks on it
        ax.annotate("", (value + delta, 0), (value, 0),
                    arrowprops={"arrowstyle": "-|>", "color": SECANT_COLOR, "lw": 4})
        ax.plot([value], [0], "o", color="k", ms=6, zorder=3)
        ax.set_yticks([])
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        ax.set_ylabel(name, rotation=0, ha="right", va="center", fontsize=12)
        ax.text(1.04, 0.5, note, transform=ax.transAxes, va="center", fontsize=10)
    for upper, lower, (a, b), (c, d) in [(axes[0], axes[1], (x0, x0 + dx), (u0, u0 + du)),
                                         (axes[1], axes[2], (u0, u0 + du), (y0, y0 + dy))]:
        for start, end in [(a, c), (b, d)]:
            fig.add_artist(ConnectionPatch((start, 0), (end, 0), "data", "data", axesA=upper,
                                           axesB=lower, color="0.6", lw=1, ls="--"))
    fig.suptitle(f"x0 = {x0:.2f}: stretched ×{du_dx:.2f}, then ×{dy_du:.2f}, so "
                 f"dy/dx = {du_dx:.2f} × {dy_du:.2f} = {du_dx * dy_du:.3f}\n"
                 f"(the nudge itself: Δy/Δx = {dy / dx:.3f})", fontsize=11)
    return fig


def graph(root, step: int | None = None, show_grad: bool = False,
          backward_step: int | None = None) -> Figure:
    """The computational graph of an engine.Value: inputs on the left, root on the right.

    Each box shows a node's value; each edge its local derivative d(node)/d(input). With step,
    only the first `step` operations have been computed (the forward pass so far, the latest
    in orange). With show_grad, each box also shows d(root)/d(node) (after backward()).
    With backward_step, the backward pass so far: the root and the next backward_step nodes
    in reverse topological order have their final gradient (the latest in green).
    """
    order = engine.topological_order(root)
    depth = {}
    for node in order:
        depth[node] = 1 + max((depth[p] for p in node.inputs), default=-1)
    columns = {}
    for node in order:
        columns.setdefault(depth[node], []).append(node)
    where = {node: (2.6 * d, 1.8 * (len(col) - 1) / 2 - 1.8 * i)
             for d, col in columns.items() for i, node in enumerate(col)}
    operations = [node for node in order if node.inputs]
    done = set(operations if step is None else operations[:step])
    latest = operations[step - 1] if step else None
    backward_order = order[::-1]
    if backward_step is not None:
        show_grad = True
        graded = set(backward_order[:backward_step + 1])
        newest = backward_order[backward_step]
    else:
        graded, newest = set(order), None

    width = 2.6 * max(columns) + 2.4
    height = 1.8 * max(len(col) for col in columns.values()) + 1.4
    fig, ax = _subplots(figsize=(min(2.2 + 1.7 * len(columns), 12), 1.0 + 0.75 * height / 1.5))
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.86)
    for node in order:
        known = not node.inputs or node in done
        for parent, local in zip(node.inputs, node.local, strict=True):
            (x1, y1), (x2, y2) = where[parent], where[node]
            ax.annotate("", (x2 - 0.75, y2), (x1 + 0.75, y1),
                        arrowprops={"arrowstyle": "-|>", "color": "0.45", "lw": 1.3})
            if known:  # on the edge, three quarters along: clear of crossing edges
                t = 0.75
                ax.text(x1 + 0.75 + t * (x2 - x1 - 1.5), y1 + t * (y2 - y1), f"{local:.3g}",
                        ha="center", va="center", fontsize=9, color=DERIV_COLOR,
                        fontweight="bold", bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                                 "ec": DERIV_COLOR, "lw": 0.6})
        lines = [_node_name(node)]
        lines.append(f"= {node.data:.4g}" if known else "= ?")
        if show_grad:
            lines.append(f"grad {node.grad:.4g}" if node in graded else "grad ?")
        color = "#ffd8a8" if node is latest else ("#d0ebff" if known else "#f1f3f5")
        if newest is not None:
            color = "#b2f2bb" if node is newest else ("#d0ebff" if node in graded else "#f1f3f5")
        ax.text(*where[node], "\n".join(lines), ha="center", va="center", fontsize=10,
                bbox={"boxstyle": "round,pad=0.5", "fc": color, "ec": "0.4"})
    ax.set_xlim(-1.2, width - 1.2)
    ax.set_ylim(-height / 2, height / 2)
    ax.axis("off")
    title = ("boxes: values flowing forward; green edge labels: local derivatives "
             "d(node)/d(input)")
    if step is not None:
        progress = f"forward pass, step {step} of {len(operations)}"
        if latest is not None:
            progress += f": computed {_node_name(latest)} = {latest.data:.4g}"
        title = f"{progress}\n{title}"
    if newest is not None:
        name = newest.label or newest.op
        title = (f"backward pass, step {backward_step} of {len(order) - 1}: "
                 f"grad of {name} = {newest.grad:.4g} is final\n"
                 "its grad = Σ over the nodes it feeds: local derivative on the edge × their grad")
    ax.set_title(title, fontsize=10)
    return fig


def _node_name(node) -> str:
    """What a box says: its label and how it was computed, e.g. "u = x + y"."""
    names = [p.label or f"{p.data:.3g}" for p in node.inputs]
    if not node.inputs:
        formula = ""
    elif node.op in {"+", "-", "*", "/"}:
        formula = f" {node.op} ".join(names)
    elif node.op.startswith("**"):
        formula = f"{names[0]}^{node.op[2:]}"
    else:
        formula = f"{node.op}({', '.join(names)})"
    if node.label and formula:
        return f"{node.label} = {formula}"
    return node.label or formula


def forward_mode_errors(xs, dual_errors, fd_errors, name: str = "f") -> Figure:
    """Absolute error of dual numbers and of central differences at each x (log scale)."""
    fig, ax = _figure(1, (9, 4.2))
    floor = 1e-18  # an error of exactly 0 is drawn on this line
    ax.semilogy(xs, np.maximum(fd_errors, floor), "o-", color=SECANT_COLOR, ms=4,
                label="central difference (best default h)")
    ax.semilogy(xs, np.maximum(dual_errors, floor), "s-", color=DERIV_COLOR, ms=4,
                label="dual numbers (one forward pass)")
    ax.axhline(np.finfo(float).eps, color="0.5", ls=":", lw=1)
    ax.text(xs[0], np.finfo(float).eps * 1.6, "machine epsilon", fontsize=8, color="0.4")
    ax.set(xlabel="x", ylabel=f"|estimate − {name}′(x)|", ylim=(floor / 3, 1e-4),
           title=f"Errors of the derivative of {name}: dual numbers are exact up to rounding\n"
                 f"(an error of exactly 0 is drawn at {floor:.0e})")
    ax.legend(loc="upper right", fontsize=9)
    return fig


def cost(timings: dict) -> Figure:
    """Measured time of a gradient against the number of inputs n, on log-log axes.

    timings: label -> (ns, seconds). Two grey guides, each through the last point of the line
    it is meant for: time ∝ n² (dashed) through the first line's, time ∝ n (dotted) through the
    last line's (the same line when there is one).
    """
    fig, ax = _figure(1, (8, 4.8))
    for label, (ns, seconds) in timings.items():
        ax.loglog(ns, seconds, "o-", lw=2, label=label)
    lines = [np.asarray(line, dtype=float) for line in timings.values()]
    for (ns, seconds), power, style in [(lines[0], 2, "--"), (lines[-1], 1, ":")]:
        ax.loglog(ns, seconds[-1] * (ns / ns[-1]) ** power, style, color="0.5",
                  label=f"∝ n{'²' if power == 2 else ''} (guide)")
    ax.set(xlabel="number of inputs n", ylabel="seconds for the whole gradient",
           title="The cost of a gradient as the number of inputs grows")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper left", fontsize=9)
    return fig


# Chapter 4: backpropagation (notebooks/04_backpropagation.ipynb).
def dense_shapes(N: int = 4, n_in: int = 3, n_out: int = 2) -> Figure:
    """The shapes of a dense layer's forward and backward products, drawn to scale."""
    fig, (top, bottom) = _subplots(2, 1, figsize=(11, 5.2),
                                      gridspec_kw={"left": 0.02, "right": 0.98, "top": 0.9,
                                                   "bottom": 0.02, "hspace": 0.35})
    rows = [(top, "forward:  Z = X W + b", [("X", N, n_in, "C0"), ("·", 0, 0, ""),
                                              ("W", n_in, n_out, "C1"), ("+", 0, 0, ""),
                                              ("b", 1, n_out, "C1"), ("=", 0, 0, ""),
                                              ("Z", N, n_out, "C2")]),
            (bottom, "backward:  dW = Xᵀ dZ,   db = Σ rows of dZ,   dX = dZ Wᵀ",
             [("Xᵀ", n_in, N, "C0"), ("·", 0, 0, ""), ("dZ", N, n_out, "C2"), ("=", 0, 0, ""),
              ("dW", n_in, n_out, "C1"), ("   ", 0, 0, ""), ("dZ", N, n_out, "C2"),
              ("·", 0, 0, ""), ("Wᵀ", n_out, n_in, "C1"), ("=", 0, 0, ""),
              ("dX", N, n_in, "C0")])]
    for ax, title, items in rows:
        x = 0.0
        for name, rows_, cols, color in items:
            if not color:  # an operator between matrices, or a gap
                ax.text(x + 0.4, 0, name, fontsize=16, ha="center", va="center")
                x += 0.8 if name.strip() else 2.0
                continue
            ax.add_patch(Rectangle((x, -rows_ / 2), cols, rows_, fc=color, alpha=0.35,
                                       ec=color, lw=1.5))
            ax.text(x + cols / 2, 0, f"{name}\n{rows_}×{cols}", ha="center", va="center",
                    fontsize=10)
            x += cols + 0.2
        ax.set_xlim(-0.2, max(x, 18))
        ax.set_ylim(-max(N, n_in) / 2 - 0.3, max(N, n_in) / 2 + 0.3)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title, fontsize=11, loc="left")
    fig.suptitle(f"a batch of N = {N} examples, n_in = {n_in} inputs, n_out = {n_out} outputs: "
                 "every gradient has the shape of its parameter", fontsize=11)
    return fig


def regularizers(lam: float = 0.5) -> Figure:
    """L2 and L1 penalties on one weight w, and their gradients."""
    w = np.linspace(-2, 2, 401)
    fig, (ax, ax_g) = _figure(2, (11, 4))
    ax.plot(w, lam * w**2, color="C0", lw=2, label=f"L2: λw², λ = {lam:g}")
    ax.plot(w, lam * np.abs(w), color="C1", lw=2, label="L1: λ|w|")
    ax.set(xlabel="weight w", ylabel="penalty", title="the penalties")
    ax.legend(loc="upper center", fontsize=9)
    ax_g.plot(w, 2 * lam * w, color="C0", lw=2, label="L2: 2λw (shrinks big weights most)")
    neg, pos = w < 0, w > 0
    ax_g.plot(w[neg], np.full(neg.sum(), -lam), color="C1", lw=2,
              label="L1: λ·sign(w) (same pull for all)")
    ax_g.plot(w[pos], np.full(pos.sum(), lam), color="C1", lw=2)
    ax_g.plot([0, 0], [-lam, lam], "o", mfc="white", color="C1")
    ax_g.plot(0, 0, "o", color="C1")  # the value used at the kink
    ax_g.annotate("kink at 0: sign(0) = 0\nis used (a subgradient)", (0, 0), xytext=(0.35, -1.6),
                  fontsize=9, arrowprops={"arrowstyle": "->", "color": "0.4"})
    ax_g.set(xlabel="weight w", ylabel="gradient of the penalty", title="their gradients")
    ax_g.legend(loc="upper left", fontsize=9)
    for a in (ax, ax_g):
        _axes_through_origin(a)
    return fig


def decision_boundary(predict, X, labels, losses, epoch: int) -> Figure:
    """Left: the classes a model predicts over the plane, with the data. Right: the loss so far."""
    return DecisionBoundary(X, labels, losses).update(predict, epoch).figure


class DecisionBoundary(Live):
    """The figure of decision_boundary(), kept by an explorer: the axes and the whole loss curve
    are drawn once; update(predict, epoch) redraws the regions and the loss up to that epoch."""

    def __init__(self, X, labels, losses):
        self.X, self.labels, self.losses = X, labels, losses
        self.figure, (self.ax, self.ax_l) = _figure(2, (11, 4.6))
        lo, hi = X.min(axis=0) - 0.25, X.max(axis=0) + 0.25
        self.gx, self.gy = np.meshgrid(np.linspace(lo[0], hi[0], 150),
                                       np.linspace(lo[1], hi[1], 150))
        self.ax.set(xlabel="x₁", ylabel="x₂", aspect="equal", xlim=(lo[0], hi[0]),
                    ylim=(lo[1], hi[1]))
        self.ax_l.semilogy(np.arange(1, len(losses) + 1), losses, color="0.6", lw=1,
                           label="loss")
        self.ax_l.set(xlabel="epoch", ylabel="softmax cross-entropy (log scale)")
        super().__init__()

    def update(self, predict, epoch: int) -> "DecisionBoundary":
        """Draw what predict (inputs of shape (n, 2) -> class numbers) says after `epoch`."""
        ax, ax_l, X, labels, losses = self.ax, self.ax_l, self.X, self.labels, self.losses
        grid = np.column_stack([self.gx.ravel(), self.gy.ravel()])
        regions = predict(grid).reshape(self.gx.shape)
        self.clear()
        classes = int(labels.max()) + 1
        colors = [f"C{k}" for k in range(classes)]
        self.add(ax.contourf(self.gx, self.gy, regions, levels=np.arange(classes + 1) - 0.5,
                             colors=colors, alpha=0.25))
        for k in range(classes):
            self.add(*ax.plot(*X[labels == k].T, "o", color=colors[k], ms=4, mec="k", mew=0.3,
                              label=f"class {k}"))
        accuracy = np.mean(predict(X) == labels)
        ax.set_title(f"after {epoch} epochs: training accuracy {100 * accuracy:.1f}%")
        self.add(ax.legend(loc="upper right", fontsize=8))
        self.add(*ax_l.plot(np.arange(1, epoch + 1), losses[:epoch], color="C3", lw=2,
                            label="up to this epoch"))
        ax_l.set_title(f"loss {losses[max(epoch - 1, 0)]:.3f}")
        self.add(ax_l.legend(loc="upper right", fontsize=9))
        self.moving += [*ax.spines.values(), ax.title, ax_l.title]  # the frame above the regions
        return self


def gradient_norms(norms, activation: str, scale: float) -> Figure:
    """The size of each layer's weight gradient ‖dW‖ (log scale), from the input to the top."""
    fig, ax = _figure(1, (9, 4.2))
    layers = np.arange(1, len(norms) + 1)
    ax.semilogy(layers, norms, "o-", color="C3", lw=2)
    if len(layers) <= 20:
        ax.set_xticks(layers)
    ax.set(xlabel="layer (1 = next to the input)", ylabel="‖dL/dW‖ (log scale)",
           title=f"{activation}, weight scale {scale:.2f}: gradients from {min(norms):.1e} to "
                 f"{max(norms):.1e}\nthe first layer's is {norms[0] / norms[-1]:.1e} × the "
                 "last layer's")
    ax.set_ylim(min(norms) / 10, max(norms) * 10)
    ax.grid(True, which="major", alpha=0.3)
    _few_ticks(ax)
    return fig


# Chapter 5: optimizers (notebooks/05_optimizers.ipynb).
def step_size(lr: float, steps: int = 12, theta0: float = 0.0) -> Figure:
    """Gradient descent on J(theta) = (theta - 3)^2 (curvature L = 2) with step size lr.
    Left: the iterates on the parabola. Right: the loss against the step."""
    thetas = [theta0]
    for _ in range(steps):
        thetas.append(thetas[-1] - lr * 2 * (thetas[-1] - 3))  # theta <- theta - lr J'(theta)
    thetas = np.array(thetas)
    losses = (thetas - 3) ** 2
    fig, (ax, ax_l) = _figure(2, (11, 4.4))
    reach = max(3.5, np.abs(thetas - 3).max() * 1.1)
    grid = np.linspace(3 - reach, 3 + reach, 300)
    ax.plot(grid, (grid - 3) ** 2, color=F_COLOR, lw=2, label="J(θ) = (θ − 3)²")
    ax.plot(thetas, losses, "o-", color="C3", ms=5, lw=1, label="θ₀, θ₁, θ₂, ...")
    ax.plot(thetas[:1], losses[:1], "s", color="k", ms=7, label=f"start θ₀ = {theta0:g}")
    ax.set(xlabel="θ", ylabel="J(θ)", title=f"lr = {lr:.2f}: {_regime(lr)}")
    ax.legend(loc="upper center", fontsize=9)
    ax_l.semilogy(np.arange(steps + 1), np.maximum(losses, 1e-300), "o-", color="C3", ms=4)
    ax_l.set(xlabel="step", ylabel="J(θ) (log scale)",
             title=f"each step multiplies θ − 3 by 1 − 2·lr = {1 - 2 * lr:.2f}")
    ax_l.grid(True, which="major", alpha=0.3)
    _few_ticks(ax, ax_l)
    return fig


def _regime(lr: float) -> str:
    """What gradient descent does on a parabola of curvature 2 with this step size."""
    if lr < 0.2:
        return "slow: small steps"
    if lr < 0.5 - 1e-9:
        return "steady descent"
    if lr <= 0.5 + 1e-9:
        return "one step lands on the minimum"
    if lr < 1 - 1e-9:
        return "overshoots, oscillates, converges"
    if lr <= 1 + 1e-9:
        return "oscillates forever (lr = 2/L)"
    return "diverges: lr > 2/L = 1"


def line_fit(x, y, w: float, b: float, losses) -> Figure:
    """Left: data and the line fitted by gradient descent. Right: its loss against the epoch."""
    fig, (ax, ax_l) = _figure(2, (11, 4.2))
    xs = np.array([x.min(), x.max()])
    ax.plot(x, y, "o", color="0.3", ms=5, label="data: y = 2x + 3 + noise")
    ax.plot(xs, w * xs + b, color="C3", lw=2, label=f"fitted: y = {w:.3f}x + {b:.3f}")
    ax.set(xlabel="x", ylabel="y", title="the line gradient descent found")
    ax.legend(loc="upper left", fontsize=9)
    ax_l.semilogy(np.arange(len(losses)), losses, color="C3", lw=2)
    ax_l.set(xlabel="epoch", ylabel="mean squared error (log scale)",
             title=f"loss: {losses[0]:.2f} at the start, {losses[-1]:.3f} at the end")
    ax_l.grid(True, which="major", alpha=0.3)
    return fig


def steps_against_kappa(kappas, measured, predicted) -> Figure:
    """Steps gradient descent needed to reach a tolerance, against the condition number."""
    fig, ax = _figure(1, (7.5, 4.6))
    ax.loglog(kappas, measured, "o", color="C3", ms=7, label="measured")
    ax.loglog(kappas, predicted, "-", color="0.4", lw=1.5, label="theory: κ · ln(1/ε) / 2")
    ax.set(xlabel="condition number κ = L/μ", ylabel="steps to reach the tolerance",
           title="gradient descent with lr = 1/L needs O(κ log 1/ε) steps")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper left", fontsize=9)
    return fig


def paths(surface: Surface, trajectories: dict, title: str, minima=()) -> Figure:
    """Left: optimizers' trajectories on the contours of a surface. Right: f against the step.

    trajectories: label -> array of shape (steps + 1, 2). minima: points to mark with a star.
    """
    _check_trajectories(trajectories)  # before a figure is made, so none is left open
    return Paths(surface, minima).update(trajectories, title).figure


def _check_trajectories(trajectories):
    if not trajectories or any(np.shape(p)[1:] != (2,) or len(p) == 0
                               for p in trajectories.values()):
        raise ValueError("trajectories must map each label to an array of points of shape "
                         "(steps + 1, 2), at least the start; got "
                         f"{ {k: np.shape(p) for k, p in trajectories.items()} }")


class Paths(Live):
    """The figure of paths(), kept by an explorer: the contours, minima and axes are built
    once per surface; update() redraws the trajectories and the right-hand panel."""

    def __init__(self, surface: Surface, minima=()):
        self.surface, self.minima = surface, list(minima)
        self.figure, (self.ax, self.ax_l) = _figure(2, (12, 5.2))
        ax, ax_l = self.ax, self.ax_l
        _contours(ax, surface, log=True)
        self.stars = [ax.plot(*m, "*", color="gold", mec="k", ms=15, label="minimum", zorder=3)[0]
                      for m in self.minima]  # above the paths: redrawn over them at each update
        ax.set(xlabel="x", ylabel="y", xlim=surface.xlim, ylim=surface.ylim)
        self.low = min((surface.f(*m) for m in self.minima), default=None)
        if self.low is None:
            ax_l.set(ylabel="distance from the start (log scale)",
                     title="no minimum to reach: how fast each one escapes")
        else:
            ax_l.set(ylabel="f − f(minimum) (log scale)", title="how fast each one descends")
        ax_l.set(xlabel="step", yscale="log")
        ax_l.grid(True, which="major", alpha=0.3)
        _few_ticks(ax, ax_l)
        self.lines = []  # path, end point and loss curve of each trajectory, kept and moved
        super().__init__()

    def update(self, trajectories: dict, title: str) -> "Paths":
        """Draw these trajectories (label -> array of shape (steps + 1, 2)) under this title."""
        _check_trajectories(trajectories)
        ax, ax_l = self.ax, self.ax_l
        self.clear()
        if len(self.lines) != 3 * len(trajectories):  # a path, end point and loss curve each
            for line in self.lines:
                line.remove()
            colors = [f"C{i}" if i < 7 else "k" for i in range(len(trajectories))]
            self.lines = [artist for color in colors for artist in [
                *ax.plot([], [], "-", color=color, lw=1.8, alpha=0.9),
                *ax.plot([], [], "o", color=color, ms=6, mec="k", mew=0.5),
                *ax_l.plot([], [], color=color, lw=1.8)]]
        triples = zip(self.lines[0::3], self.lines[1::3], self.lines[2::3], strict=True)
        for (label, path), (line, end, curve) in zip(trajectories.items(), triples, strict=True):
            if self.low is None:  # nothing to converge to: how far it has got from the start
                progress = np.hypot(*(path - path[0]).T)
            else:
                progress = np.maximum(self.surface.f(path[:, 0], path[:, 1]) - self.low, 1e-16)
            line.set_data(*path.T)
            end.set_data(path[-1:].T)
            curve.set_data(np.arange(len(path)), progress)
            line.set_label(label)
            curve.set_label(label)
            self.moving += [line, end]
        self.moving += self.stars
        first = next(iter(trajectories.values()))
        start = self.add(*ax.plot(*first[0], "s", color="k", ms=8, label="start", zorder=3))
        self.add(ax.legend(handles=[start, *self.stars[:1]], loc="upper left", fontsize=8,
                           framealpha=0.9))
        ax.set_title(title)
        lengths = [len(path) for path in trajectories.values()]
        scale = "symlog" if max(lengths) > 20 * min(lengths) else "linear"  # few steps vs many:
        if ax_l.get_xscale() != scale:                                      # stretch the start
            ax_l.set_xscale(scale, **({"linthresh": 10} if scale == "symlog" else {}))
            _few_ticks(ax_l)
        ax_l.relim()
        ax_l.autoscale_view()
        self.add(ax_l.legend(loc="upper right", fontsize=8, framealpha=0.9), moving=False)
        self.moving += [ax.title, ax_l]
        return self


def bias_correction(g, m, m_hat, v, v_hat) -> Figure:
    """Adam's running averages over the first steps: raw (biased towards 0) and corrected."""
    steps = np.arange(1, len(g) + 1)
    fig, (ax_m, ax_v) = _figure(2, (11, 4.2))
    for ax, raw, fixed, truth, name in [(ax_m, m, m_hat, np.mean(g), "m"),
                                        (ax_v, v, v_hat, np.mean(np.square(g)), "v")]:
        ax.plot(steps, raw, "o-", color="0.55", ms=3, label=f"raw {name} (starts at 0)")
        ax.plot(steps, fixed, "o-", color="C3", ms=3, label=f"corrected {name}̂")
        ax.axhline(truth, color="C2", ls="--", label="what it estimates")
        ax.set(xlabel="step t", ylim=(0, 1.3 * max(np.max(fixed), truth)))
        ax.legend(loc="lower right", fontsize=9)
    ax_m.set(ylabel="average of g", title="m̂ = m / (1 − β1ᵗ): the mean of g, unbiased")
    ax_v.set(ylabel="average of g²", title="v̂ = v / (1 − β2ᵗ): the mean of g², unbiased")
    return fig


def weight_decay(histories: dict, lr: float) -> Figure:
    """A weight with no loss gradient, decayed by Adam + L2 and by AdamW, for several lambdas."""
    fig, ax = _figure(1, (8, 4.4))
    lams = sorted({lam for _, lam in histories})
    for (name, lam), weights in histories.items():
        i = lams.index(lam)  # Adam + L2's lines coincide: the first is drawn wide, underneath
        style = {"ls": "--", "lw": 6 - 2 * i, "alpha": 0.6} if name == "Adam + L2" else {"lw": 2}
        ax.plot(weights, color=f"C{i}", label=f"{name}, λ = {lam:g}", **style)
    ax.set(xlabel="step", ylabel="the weight",
           title=f"weight decay at lr = {lr:g}: with Adam + L2, λ cancels out (one curve for "
                 "every λ);\nAdamW shrinks the weight by the factor 1 − lr·λ per step")
    ax.legend(loc="upper right", fontsize=9, ncols=2)
    ax.grid(True, alpha=0.3)
    return fig


def schedules(curves: dict) -> Figure:
    """Learning rate against the step, one line per schedule."""
    fig, ax = _figure(1, (8, 4.2))
    for label, values in curves.items():
        ax.plot(values, lw=2, label=label)
    ax.set(xlabel="step t", ylabel="learning rate", title="learning-rate schedules")
    ax.legend(loc="upper right", fontsize=9)
    ax.grid(True, alpha=0.3)
    return fig


def loss_curves(curves: dict, title: str, xlabel: str = "epoch") -> Figure:
    """Loss against the epoch (or step), one line per optimizer or schedule, log scale."""
    fig, ax = _figure(1, (8.5, 4.6))
    for label, losses in curves.items():
        ax.semilogy(np.arange(1, len(losses) + 1), losses, lw=2, label=label)
    ax.set(xlabel=xlabel, ylabel="loss (log scale)", title=title)
    ax.legend(loc="upper right", fontsize=9)
    ax.grid(True, which="major", alpha=0.3)
    return fig


# Chapter 6: convolution and pooling (notebooks/06_convolution_and_pooling_gradients.ipynb).
def sliding_window(x, w, step: int, stride: int = 1, padding: int = 0) -> Figure:
    """Convolution as a sliding dot product: the window for output number `step` (in reading
    order) on the padded input, the kernel, and the output filled in up to that step."""
    return SlidingWindow(x, w, stride, padding).update(step).figure


class SlidingWindow(Live):
    """The figure of sliding_window(), kept by an explorer: the padded input and the kernel are
    drawn once per stride and padding; update(step) moves the window and fills the output."""

    def __init__(self, x, w, stride: int = 1, padding: int = 0):
        x, self.w = np.asarray(x, float), np.asarray(w, float)
        self.stride, self.padding = stride, padding
        self.out = conv.conv2d_loops(x[None, None], self.w[None, None], [0.0], stride,
                                     padding)[0, 0]
        self.xp = np.pad(x, padding)
        self.figure, (self.ax_x, ax_w, self.ax_y) = _figure(3, (13, 4.9))
        _cells(self.ax_x, self.xp, f"input x ({x.shape[0]}×{x.shape[1]})"
               + (f" with {padding} ring{'s' * (padding > 1)} of zeros" if padding else ""),
               cmap="Greys", color_zero=False)
        if padding:
            inside = Rectangle((padding - 0.5, padding - 0.5), x.shape[1], x.shape[0],
                               fill=False, ec="0.5", lw=1.5, ls="--")
            self.ax_x.add_patch(inside)
        _cells(ax_w, self.w, f"kernel w ({self.w.shape[0]}×{self.w.shape[1]})")
        self.sizes = x.shape[0], self.w.shape[0]
        super().__init__()

    def update(self, step: int) -> "SlidingWindow":
        """Show window number `step` (reading order) and the output up to it."""
        out, w, stride, padding = self.out, self.w, self.stride, self.padding
        i, j = divmod(step, out.shape[1])
        self.clear()
        self.add(_outline(self.ax_x, stride * i, stride * j, w.shape, "C3"))
        shown = np.full(out.shape, np.nan)
        shown.flat[:step + 1] = out.flat[:step + 1]
        window = self.xp[stride * i:stride * i + w.shape[0], stride * j:stride * j + w.shape[1]]
        self.add(*_cells(self.ax_y, shown,
                         f"out[{i}, {j}] = Σ window × w = {np.sum(window * w):.3g}",
                         vmax=np.abs(out).max()), moving=False)
        self.add(_outline(self.ax_y, i, j, (1, 1), "C3"), moving=False)
        H, K = self.sizes
        title = self.figure.suptitle(
            f"stride {stride}, padding {padding}: the output is ⌊(H + 2P − K)/S⌋ + 1 = "
            f"⌊({H} + 2·{padding} − {K})/{stride}⌋ + 1 = {out.shape[0]} wide; "
            f"window {step} (windows are numbered 0 to {out.size - 1})", fontsize=11)
        self.moving += [self.ax_y, title]
        return self


def conv1d_connections(n: int = 7, k: int = 3, highlight: int = 3) -> Figure:
    """A 1-D convolution y_i = Σ_p w_p x_(i+p) as a graph: each line is one product w_p x_(i+p).
    The lines into x_highlight are the terms of dL/dx_highlight."""
    fig, ax = _subplots(figsize=(10, 3.9))
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.05, top=0.8)
    outputs = n - k + 1
    terms = []
    for i in range(outputs):
        for p in range(k):
            lit = i + p == highlight
            ax.plot([i + p, i + (k - 1) / 2], [0, 1], color=f"C{p}", lw=3 if lit else 1,
                    alpha=1 if lit else 0.25, zorder=1)
            if lit:
                terms.append(f"dL/dy{_sub(i)}·w{_sub(p)}")
    for i in range(n):
        ax.text(i, 0, f"x{_sub(i)}", ha="center", va="center", fontsize=12, bbox={
            "boxstyle": "circle", "fc": "#ffd8a8" if i == highlight else "#d0ebff", "ec": "0.4"})
    for i in range(outputs):
        ax.text(i + (k - 1) / 2, 1, f"y{_sub(i)}", ha="center", va="center", fontsize=12,
                bbox={"boxstyle": "circle", "fc": "#b2f2bb", "ec": "0.4"})
    for p in range(k):
        ax.plot([], [], color=f"C{p}", lw=3, label=f"w{_sub(p)}")
    ax.legend(loc="center right", fontsize=10, title="line colour")
    ax.set_xlim(-0.7, n + 0.8)
    ax.set_ylim(-0.35, 1.35)
    ax.axis("off")
    ax.set_title(f"y = x ⋆ w (kernel of {k}, no flip). x{_sub(highlight)} feeds "
                 f"{len(terms)} outputs, so\ndL/dx{_sub(highlight)} = " + " + ".join(terms)
                 + "  — the kernel read backwards", fontsize=11)
    return fig


def conv_gradients(x, w, dout, stride: int = 1, padding: int = 0, window=None) -> Figure:
    """One channel's convolution gradients as images: x, w, the incoming dL/dY, and the
    dL/dW and dL/dX it produces. window=(i, j) outlines that output's patch of x."""
    return ConvGradients(x, w, stride, padding).update(dout, window).figure


class ConvGradients(Live):
    """The figure of conv_gradients(), kept by an explorer: x and w are drawn once; update()
    draws dL/dY and the dL/dW and dL/dX it gives."""

    def __init__(self, x, w, stride: int = 1, padding: int = 0):
        x, self.w = np.asarray(x, float), np.asarray(w, float)
        self.stride, self.padding = stride, padding
        _, self.cache = conv.conv2d(x[None, None], self.w[None, None], [0.0], stride, padding)
        self.figure, self.axes = _figure(5, (15.5, 4.0))
        _cells(self.axes[0], np.pad(x, padding),
               "input x" + (" (zero-padded)" if padding else ""), cmap="Greys", color_zero=False)
        _cells(self.axes[1], self.w, "kernel w")
        super().__init__()

    def update(self, dout, window=None) -> "ConvGradients":
        """Draw the gradients for this dL/dY; window=(i, j) outlines that output's patch."""
        dout = np.asarray(dout, float)
        dx, dw, _ = conv.conv2d_backward(dout[None, None], self.cache)
        self.clear()
        for ax, values, title in [(self.axes[2], dout, "dL/dY, from the layer above"),
                                  (self.axes[3], dw[0, 0], "dL/dW = Σ dL/dY[i,j] · patch(i,j)"),
                                  (self.axes[4], dx[0, 0], "dL/dX = Σ dL/dY[i,j] · w, put back")]:
            self.add(*_cells(ax, values, title), moving=False)
        if window is not None:
            i, j = window
            top, left = self.stride * i, self.stride * j
            self.add(_outline(self.axes[0], top, left, self.w.shape, "C3"))
            self.add(_outline(self.axes[2], i, j, (1, 1), "C3"), moving=False)
            self.add(_outline(self.axes[4], top - self.padding, left - self.padding,
                              self.w.shape, "C3"), moving=False)
        self.moving += list(self.axes[2:])
        return self


def coverage(size: int, kernel: int, settings) -> Figure:
    """For each (stride, padding): dL/dX when every dL/dY is 1 and w is all ones, which is how
    many windows see each input pixel. Zero means the pixel gets no gradient at all."""
    fig, axes = _figure(len(settings), (3.6 * len(settings) + 0.5, 4.3))
    for ax, (stride, padding) in zip(np.atleast_1d(axes), settings, strict=True):
        x, w = np.zeros((1, 1, size, size)), np.ones((1, 1, kernel, kernel))
        out, cache = conv.conv2d(x, w, [0.0], stride, padding)
        dx = conv.conv2d_backward(np.ones_like(out), cache)[0][0, 0]
        _cells(ax, dx, f"stride {stride}, padding {padding}\noutput {out.shape[2]}×"
                       f"{out.shape[3]}; seen {dx.min():.0f} to {dx.max():.0f} times",
               cmap="viridis", color_zero=False)
    fig.suptitle(f"How many {kernel}×{kernel} windows see each pixel of a {size}×{size} input "
                 "(= dL/dX for dL/dY = 1, w = 1)", fontsize=11)
    return fig


def pooling_gradients(x, dout, size: int = 2, stride: int = 2) -> Figure:
    """Max- and average-pooling of one channel, and where each sends the gradient dout."""
    return PoolingGradients(x).update(dout, size, stride).figure


class PoolingGradients(Live):
    """The figure of pooling_gradients(), kept by an explorer: the input's cells are drawn once;
    update(dout, size, stride) redraws the windows and the four panels they give."""

    def __init__(self, x):
        self.x = np.asarray(x, float)
        self.figure, self.axes = _figure(5, (15.5, 4.0))
        _cells(self.axes[0], self.x, "input x", cmap="Greys", color_zero=False)
        super().__init__()

    def update(self, dout, size: int = 2, stride: int = 2) -> "PoolingGradients":
        """Pool with size x size windows at this stride, and send dout back through."""
        x, axes, dout = self.x, self.axes, np.asarray(dout, float)
        out, cache = conv.maxpool2d(x[None, None], size, stride)
        _, avg_cache = conv.avgpool2d(x[None, None], size, stride)
        dx_max = conv.maxpool2d_backward(dout[None, None], cache)[0, 0]
        dx_avg = conv.avgpool2d_backward(dout[None, None], avg_cache)[0, 0]
        self.clear()
        axes[0].set_title(f"input x, {size}×{size} windows", fontsize=10)
        if stride >= size:  # windows side by side: outline each (overlapping ones would tangle)
            for i in range(out.shape[2]):
                for j in range(out.shape[3]):
                    self.add(_outline(axes[0], stride * i, stride * j, (size, size),
                                      f"C{i * out.shape[3] + j}"))
        for ax, values, title in [
            (axes[1], out[0, 0], "max-pool: each window's max"),
            (axes[2], dout, "dL/d(output), from above"),
            (axes[3], dx_max, "max-pool dL/dx: all to the max\n(ties: the first, reading order)"),
            (axes[4], dx_avg, f"avg-pool dL/dx: shared,\neach gets dL/d(output) / {size * size}"),
        ]:
            self.add(*_cells(ax, values, title), moving=False)
        self.moving += [axes[0].title, *axes[1:]]
        return self


def images(X, labels, names, per_class: int = 6) -> Figure:
    """A few images of each class, one row per class."""
    classes = len(names)
    fig, axes = _subplots(classes, per_class, figsize=(1.3 * per_class + 1.2, 1.4 * classes))
    fig.subplots_adjust(left=0.13, right=0.98, bottom=0.02, top=0.9, wspace=0.08, hspace=0.1)
    for k, row in enumerate(np.atleast_2d(axes)):
        chosen = np.flatnonzero(labels == k)[:per_class]
        for ax, index in zip(row, chosen, strict=False):
            ax.imshow(X[index, 0], cmap="Greys_r")
            ax.set(xticks=[], yticks=[])
        row[0].set_ylabel(names[k], fontsize=11)
    fig.suptitle(f"the data: {X.shape[2]}×{X.shape[3]} images, one bar each, plus noise",
                 fontsize=11)
    return fig


def learned_kernels(w, X, names) -> Figure:
    """Top row: the learned 3×3 kernels. Below, one image per row and what each kernel sees in
    it, ReLU(x ⋆ w): the feature maps the global max-pool reduces to one number each."""
    F = w.shape[0]
    maps = relu(conv.conv2d(X, w, np.zeros(F), padding=1)[0])
    fig, axes = _subplots(len(X) + 1, F + 1, figsize=(1.25 * (F + 1) + 0.4, 1.35 * (len(X) + 1)))
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.9, wspace=0.1, hspace=0.25)
    limit = np.abs(w).max()
    for f in range(F):
        axes[0, f + 1].imshow(w[f, 0], cmap="RdBu_r", vmin=-limit, vmax=limit)
        axes[0, f + 1].set_title(f"kernel {f}", fontsize=9)
    axes[0, 0].text(0.5, 0.5, "red +\nblue −", ha="center", va="center", fontsize=9)
    for r, name in enumerate(names, start=1):
        axes[r, 0].imshow(X[r - 1, 0], cmap="Greys_r")
        axes[r, 0].set_title(name, fontsize=9)
        for f in range(F):
            axes[r, f + 1].imshow(maps[r - 1, f], cmap="magma", vmin=0, vmax=maps[:, f].max())
            axes[r, f + 1].set_title(f"max {maps[r - 1, f].max():.1f}", fontsize=8)
    for ax in axes.flat:
        ax.set(xticks=[], yticks=[])
        if not ax.images:
            ax.axis("off")
    fig.suptitle("what training made the kernels into, and where each one fires (bright = "
                 "strong response)", fontsize=11)
    return fig


def _cells(ax, values, title, cmap="RdBu_r", vmax=None, color_zero=True) -> list:
    """A small matrix as coloured cells with its numbers written in; NaN cells stay blank.
    Signed values use a diverging map centred on 0 (color_zero); images use their own range.
    Returns the artists it added."""
    values = np.asarray(values, float)
    finite = values[np.isfinite(values)]
    vmax = vmax if vmax is not None else max(np.abs(finite).max(initial=0.0), 1e-12)
    low, high = (-vmax, vmax) if color_zero else (min(finite.min(initial=0.0), 0.0), vmax)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=low, vmax=high)
    added = [image]
    whole = np.allclose(finite, np.round(finite))
    if values.size <= 100:
        colors = image.cmap(image.norm(values))
        dark = colors[..., :3] @ [0.299, 0.587, 0.114] < 0.5  # the luminance of each cell
        added += [ax.text(c, r, f"{v:.0f}" if whole else f"{v:.2g}", ha="center", va="center",
                          fontsize=9 if values.shape[1] <= 8 else 7,
                          color="white" if dark[r, c] else "black")
                  for (r, c), v in np.ndenumerate(values) if np.isfinite(v)]
    ax.set_xlabel("column", fontsize=8, labelpad=10)
    ax.set_ylabel("row", fontsize=8, labelpad=10)
    ax.set_title(title, fontsize=10)
    return added + _index_labels(ax, *values.shape)


def _index_labels(ax, rows, cols) -> list:
    """Row and column numbers beside a grid of cells: plain text, where tick labels would go
    (a tick is five artists; a redraw of a few grids spends 20-40 ms making them)."""
    ax.set_xticks([])
    ax.set_yticks([])
    below, left = ax.get_xaxis_transform(), ax.get_yaxis_transform()
    return ([ax.text(c, -0.015, str(c), transform=below, ha="center", va="top", fontsize=7)
             for c in range(cols)]
            + [ax.text(-0.015, r, str(r), transform=left, ha="right", va="center", fontsize=7)
               for r in range(rows)])


def _outline(ax, row, col, shape, color):
    """A rectangle around the cells from (row, col), shape = (rows, cols) cells."""
    return ax.add_patch(Rectangle((col - 0.5, row - 0.5), shape[1], shape[0], fill=False,
                                  ec=color, lw=3, zorder=3))


def _sub(n: int) -> str:
    """n as subscript digits: x₁₂."""
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
