"""Chapter 0's line and chapter 1's figures: tangents, secants, the error of a finite
difference, activation functions and their derivatives.

Taught in notebooks/00_start_here.ipynb and notebooks/01_derivative.ipynb.
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

from calclib import numdiff
from calclib.functions import Curve, relu, relu_derivative, sigmoid, sigmoid_derivative
from calclib.plots.base import (
    DERIV_COLOR,
    F_COLOR,
    SECANT_COLOR,
    TANGENT_COLOR,
    Live,
    _axes_through_origin,
    _figure,
    _ylim,
)


def line(m: float, b: float) -> Figure:
    """y = m*x + b with a slope triangle: one step right, m up."""
    m, b = (0.0 if abs(v) < 1e-12 else v for v in (m, b))  # a slider's 0 can arrive as 1e-17
    fig, ax = _figure(1, (6, 4))
    x = np.linspace(-3, 3, 2)
    equation = f"y = {m:.2g}x" + (f" {'+' if b > 0 else '−'} {abs(b):.2g}" if b else "")
    ax.plot(x, m * x + b, color=F_COLOR, lw=2, label=equation)
    ax.plot([0, 1], [b, b], color=TANGENT_COLOR, lw=1.5)  # the run: one step right
    ax.plot([1, 1], [b, b + m], color=TANGENT_COLOR, lw=1.5,  # the rise, up by m
            gid=f"signed:m=0,{m:+.6g}")  # drawn along y
    ax.annotate("1", (0.5, b), textcoords="offset points", xytext=(0, -14), ha="center")
    ax.annotate(f"rise {m:.2g}", (1, b + m / 2), textcoords="offset points",
                xytext=(6, 0 if m else 4), va="center" if m else "bottom", color=TANGENT_COLOR)
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
        left, right = _one_sided_slopes(curve.f, x0)
        if abs(left - right) > 1e-3 * max(1.0, abs(left), abs(right)):  # a kink: no tangent
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
        self.add(*ax.plot([x0], [y0], "o", color=TANGENT_COLOR, zorder=3, gid="point:tangent"))
        self.add(ax.legend(handles=keys, loc="upper left", fontsize=9, ncols=2))
        self.add(ax_d.axvline(x0, color="0.7", lw=1, ls=":"))
        self.moving += [self.legend_d, ax.title]  # the legend above the line, below the point
        self.add(*ax_d.plot([x0], [slope], "o", color=TANGENT_COLOR, ms=8, zorder=6,
                            gid="point:slope"))
        return self


def secant(curve: Curve, x0: float, h: float) -> Figure:
    """Left: the secant through x0 and x0 + h beside the tangent. Right: its error against h."""
    return Secant(curve).update(x0, h).figure


class Secant(Live):
    """The figure of secant(), kept by an explorer for one curve: update(x0, h) draws f near
    x0, its tangent and the error curve when x0 moves, and the secant at every move.

    At a kink (ReLU at 0) there is no tangent: the figure shows the one-sided slopes and
    measures each secant against the slope on its own side, the one it tends to as h shrinks.
    Where that error is exactly 0 for every h (f a straight line near x0), the error panel says
    so instead of standing empty.
    """

    HS = np.logspace(-3, 0, 60)  # the error curve's steps h

    def __init__(self, curve: Curve):
        self.curve, self.x0 = curve, None
        self.figure, (self.ax, self.ax_e) = _figure(2, (10, 4))
        ax, ax_e = self.ax, self.ax_e
        self.f_line, = ax.plot([], [], color=F_COLOR, lw=2, label="f(x)")
        self.tangent_line, = ax.plot([], [], color=TANGENT_COLOR, lw=1.5, ls="--")
        ax.set(xlabel="x", ylabel="f(x)")
        self.error_line, = ax_e.loglog([], [], color=SECANT_COLOR, lw=2)
        self.zero_note = ax_e.text(0.5, 0.5, "", transform=ax_e.transAxes, ha="center",
                                   va="center", fontsize=10, wrap=True)
        ax_e.set(xlabel="h (log scale)", ylabel="|secant slope − f′(x0)| (log scale)",
                 xlim=(self.HS[0], self.HS[-1]))
        ax_e.grid(True, which="major", alpha=0.3)
        ax_e.xaxis.set_minor_locator(NullLocator())  # minor log ticks double the redraw time
        ax_e.yaxis.set_minor_locator(NullLocator())
        super().__init__()

    def _at(self, x0: float):
        """Draw what depends on x0 only: f near x0, the tangent (or one-sided slopes), errors."""
        curve, ax, ax_e = self.curve, self.ax, self.ax_e
        y0 = float(curve.f(x0))
        self.x0, self.y0 = x0, y0
        left, right = _one_sided_slopes(curve.f, x0)
        self.kink = abs(left - right) > 1e-3 * max(1.0, abs(left), abs(right))
        # the slope a secant with h > 0 tends to: the right-hand one (f′(x0) where it exists)
        self.slope = right if self.kink else float(curve.df(x0))
        self.x = x = np.linspace(x0 - 1.5, x0 + 1.5, 400)
        self.f_line.set_data(x, curve.f(x))
        if self.kink:
            self.tangent_line.set_data(x[x >= x0], y0 + right * (x[x >= x0] - x0))
            self.tangent_line.set_label(f"right-hand slope {right:.4f} (a kink: "
                                        f"{left:.4f} on the left)")
        else:
            self.tangent_line.set_data(x, y0 + self.slope * (x - x0))
            self.tangent_line.set_label(f"tangent, slope {self.slope:.4f}")
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(*_ylim(curve.f(x), headroom=0.3))
        errors = np.abs((curve.f(x0 + self.HS) - y0) / self.HS - self.slope)
        exact = errors <= 1e-12 * max(1.0, abs(self.slope))
        self.error_line.set_data(self.HS, np.where(exact, np.nan, errors))
        if exact.all():
            self.zero_note.set_text("the error is 0 at every h here:\nf is a straight line "
                                    "from x0 to x0 + h")
            ax_e.set_ylim(1e-3, 1)
        else:
            self.zero_note.set_text("")
            ax_e.set_ylim(*_log_limits(errors[~exact]))
        self.still = None

    def update(self, x0: float, h: float) -> "Secant":
        """Draw the secant through x0 and x0 + h."""
        if x0 != self.x0:
            self._at(x0)
        x, y0, slope, ax = self.x, self.y0, self.slope, self.ax
        y1 = float(self.curve.f(x0 + h))
        quotient = (y1 - y0) / h
        self.clear()
        secant = self.add(*ax.plot(x, y0 + quotient * (x - x0), color=SECANT_COLOR, lw=2,
                                   label=f"secant, slope {quotient:.4f}"))
        self.add(*ax.plot([x0, x0 + h, x0 + h], [y0, y0, y1], color="0.4", lw=1))  # run, rise
        self.add(*ax.plot([x0, x0 + h], [y0, y1], "o", color=SECANT_COLOR, zorder=3,
                          gid="point:secant"))
        self.add(ax.legend(handles=[self.f_line, self.tangent_line, secant], loc="upper left",
                           fontsize=9))
        ax.set_title(f"(f(x0 + h) − f(x0)) / h = {quotient:.4f}\nwith x0 = {x0:.2f}, h = {h:.3g}")
        gap = abs(quotient - slope)
        self.add(*self.ax_e.plot([h], [gap] if gap > 1e-12 * max(1.0, abs(slope)) else [np.nan],
                                 "o", color=SECANT_COLOR, ms=9))
        towards = "the right-hand slope" if self.kink else "the true slope"
        self.ax_e.set_title(f"the gap to {towards}: {gap:.2g}\n" + (
            "it shrinks as h shrinks" if self.zero_note.get_text() == "" else "none at any h"))
        self.moving += [ax.title, self.ax_e.title]
        return self


def _one_sided_slopes(f, x0: float) -> tuple[float, float]:
    """The backward and forward difference quotients at x0 with a small step: equal where f is
    smooth, different at a kink."""
    h = 1e-6 * max(1.0, abs(x0))
    y0 = float(f(x0))
    return (y0 - float(f(x0 - h))) / h, (float(f(x0 + h)) - y0) / h


def _log_limits(values) -> tuple[float, float]:
    """Log-axis limits around positive values, half a decade of margin each side."""
    positive = values[values > 0]
    if positive.size == 0:
        return 1e-3, 1.0
    return 10 ** (np.floor(2 * np.log10(positive.min())) / 2 - 0.5), \
        10 ** (np.ceil(2 * np.log10(positive.max())) / 2 + 0.5)


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
        return numdiff.derivative(f, xs, method="central")
    except ValueError:  # somewhere f is undefined (e.g. log for x <= 0): go point by point
        return np.array([_slope_or_nan(f, x) for x in xs])


def _slope_or_nan(f, x):
    try:
        return numdiff.derivative(f, x, method="central")
    except ValueError:
        return np.nan

