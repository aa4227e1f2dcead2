"""The figures the notebooks draw. Each function returns a Matplotlib Figure.

Taught alongside notebooks/00_start_here.ipynb and notebooks/01_derivative.ipynb.
Colours keep one meaning throughout: f blue, tangent red, secant orange, derivative green.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullLocator

from calclib import numdiff
from calclib.functions import Curve, relu, relu_derivative, sigmoid, sigmoid_derivative

F_COLOR, TANGENT_COLOR, SECANT_COLOR, DERIV_COLOR = "C0", "C3", "C1", "C2"


def line(m: float, b: float) -> plt.Figure:
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


def tangent(curve: Curve, x0: float, show_numeric: bool = True) -> plt.Figure:
    """Left: f with its tangent line at x0. Right: f'(x), where that slope is one point.

    With show_numeric, dots on the right are central-difference estimates of f', to compare
    with the curve worked out by hand (or by SymPy).
    """
    x = np.linspace(*curve.xlim, 600)
    y0, slope = float(curve.f(x0)), float(curve.df(x0))
    if not (np.isfinite(y0) and np.isfinite(slope)):
        raise ValueError(f"f or f' is not defined at x0 = {x0:.3g}; move x0")
    fig, (ax, ax_d) = _figure(2, (10, 4))

    ax.plot(x, curve.f(x), color=F_COLOR, lw=2, label="f(x)")
    ax.set_ylim(*_ylim(curve.f(x), include=y0, headroom=0.3))  # headroom for the legend
    span = 0.25 * (curve.xlim[1] - curve.xlim[0])
    xt = np.array([x0 - span, x0 + span])
    left = numdiff.derivative(curve.f, x0, method="backward")
    right = numdiff.derivative(curve.f, x0, method="forward")
    if abs(left - right) > 1e-3 * max(1.0, abs(slope)):  # a kink: no single tangent
        for s in np.linspace(left, right, 5):
            ax.plot(xt, y0 + s * (xt - x0), color=TANGENT_COLOR, lw=1, alpha=0.5)
        ax.set_title(f"a kink at x0 = {x0:.2f}: slopes {left:.2f} on the left, {right:.2f} "
                     "on the right,\nso no single tangent (f′ is undefined here)", fontsize=10)
    else:
        ax.plot(xt, y0 + slope * (xt - x0), color=TANGENT_COLOR, lw=2,
                label=f"tangent, slope {slope:.3f}")
        ax.set_title(f"the tangent at x0 = {x0:.2f} has slope f′(x0) = {slope:.3f}")
    ax.plot([x0], [y0], "o", color=TANGENT_COLOR, zorder=3)
    ax.set(xlabel="x", ylabel="f(x)", xlim=curve.xlim)
    ax.legend(loc="upper left", fontsize=9, ncols=2)

    ax_d.plot(x, curve.df(x), color=DERIV_COLOR, lw=2, label=f"f′(x) = {curve.derivative_label}")
    if show_numeric:
        xs = np.linspace(*curve.xlim, 25)
        ax_d.plot(xs, _numeric_slopes(curve.f, xs), "o", ms=4, mfc="none", color="k",
                  label="central difference")
    ax_d.plot([x0], [slope], "o", color=TANGENT_COLOR, ms=8, zorder=3)
    ax_d.axvline(x0, color="0.7", lw=1, ls=":")
    ax_d.set_ylim(*_ylim(curve.df(x), include=slope, headroom=0.4))
    ax_d.set(xlabel="x", ylabel="f′(x)", title="the slope at each x, plotted as a height")
    ax_d.legend(loc="upper left", fontsize=9)
    return fig


def secant(curve: Curve, x0: float, h: float) -> plt.Figure:
    """Left: the secant through x0 and x0 + h beside the tangent. Right: its error against h."""
    y0, y1, slope = float(curve.f(x0)), float(curve.f(x0 + h)), float(curve.df(x0))
    quotient = (y1 - y0) / h
    fig, (ax, ax_e) = _figure(2, (10, 4))

    x = np.linspace(x0 - 1.5, x0 + 1.5, 400)
    ax.plot(x, curve.f(x), color=F_COLOR, lw=2, label="f(x)")
    ax.set_ylim(*_ylim(curve.f(x), headroom=0.3))
    ax.plot(x, y0 + slope * (x - x0), color=TANGENT_COLOR, lw=1.5, ls="--",
            label=f"tangent, slope {slope:.4f}")
    ax.plot(x, y0 + quotient * (x - x0), color=SECANT_COLOR, lw=2,
            label=f"secant, slope {quotient:.4f}")
    ax.plot([x0, x0 + h], [y0, y1], "o", color=SECANT_COLOR, zorder=3)
    ax.plot([x0, x0 + h, x0 + h], [y0, y0, y1], color="0.4", lw=1)  # the run h and the rise
    ax.set(xlabel="x", ylabel="f(x)",
           title=f"(f(x0 + h) − f(x0)) / h = {quotient:.4f}\nwith x0 = {x0:.2f}, h = {h:.3g}")
    ax.legend(loc="upper left", fontsize=9)

    hs = np.logspace(-3, 0, 60)
    errors = np.abs((curve.f(x0 + hs) - y0) / hs - slope)
    ax_e.loglog(hs, np.where(errors > 0, errors, np.nan), color=SECANT_COLOR, lw=2)
    ax_e.loglog([h], [abs(quotient - slope)] if quotient != slope else [np.nan], "o",
                color=SECANT_COLOR, ms=9)
    ax_e.set(xlabel="h (log scale)", ylabel="|secant slope − f′(x0)| (log scale)",
             title=f"the gap to the true slope: {abs(quotient - slope):.2g}\n"
                   "it shrinks as h shrinks")
    ax_e.grid(True, which="major", alpha=0.3)
    ax_e.xaxis.set_minor_locator(NullLocator())  # minor log ticks double the redraw time
    ax_e.yaxis.set_minor_locator(NullLocator())
    return fig


def step_errors(f, df, x0: float, name: str = "f") -> plt.Figure:
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


def activations() -> plt.Figure:
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


def _figure(ncols, size):
    """A figure with fixed margins: tight_layout would cost most of a slider's redraw time."""
    width, height = size
    return plt.subplots(1, ncols, figsize=size, gridspec_kw={
        "left": 0.75 / width, "right": 1 - 0.25 / width, "bottom": 0.55 / height,
        "top": 1 - 0.6 / height, "wspace": 0.3 if ncols == 3 else 0.25})


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
