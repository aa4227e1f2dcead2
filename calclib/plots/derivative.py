"""Chapter 0's line and chapter 1's figures: tangents, secants, the error of a finite
difference, the product rule as a growing rectangle, activation functions and their
derivatives.

Taught in notebooks/00_start_here.ipynb and notebooks/01_derivative.ipynb.
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, NullLocator

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
    _number,
    _tick_label,
    _ylim,
)


def line(m: float, b: float) -> Figure:
    """y = m*x + b with a slope triangle: one step right, m up."""
    m, b = (0.0 if abs(v) < 1e-12 else v for v in (m, b))  # a slider's 0 can arrive as 1e-17
    fig, ax = _figure(1, (6, 4))
    x = np.linspace(-3, 3, 2)
    equation = "y = " + _linear(m, b)
    ax.plot(x, m * x + b, color=F_COLOR, lw=2, label=equation)
    ax.plot([0, 1], [b, b], color=TANGENT_COLOR, lw=1.5)  # the run: one step right
    ax.plot([1, 1], [b, b + m], color=TANGENT_COLOR, lw=1.5,  # the rise, up by m
            gid=f"signed:m=0,{m:+.6g}")  # drawn along y
    ax.annotate("1", (0.5, b), textcoords="offset points", xytext=(0, -14), ha="center")
    if abs(m) >= 1:  # a tall rise: its label beside its middle, far from the line
        place = {"xy": (1, b + m / 2), "xytext": (6, 0), "va": "center"}
    else:  # a short one: on the far side of y = b from the line, which runs on past x = 1
        place = {"xy": (1, b), "xytext": (6, -4) if m > 0 else (6, 4),
                 "va": "top" if m > 0 else "bottom"}
    ax.annotate(f"rise {_number(m, '.2g')}", textcoords="offset points", color=TANGENT_COLOR,
                **place)
    ax.set(xlim=(-3, 3), ylim=(-8, 8), xlabel="x", ylabel="y",
           title=f"slope m = {_number(m, '.2g')}: y changes by {_number(m, '.2g')} for every "
                 "step of 1 in x")
    _axes_through_origin(ax)
    ax.legend(loc="upper left")
    return fig


def _linear(m: float, b: float) -> str:
    """m*x + b as one writes it: "1.5x − 2", "−x", "0.3", "0"."""
    slope = {1.0: "x", -1.0: "−x", 0.0: ""}.get(m, f"{_number(m, '.2g')}x".replace("-", "−"))
    if not b:
        return slope or "0"
    if not slope:
        return _number(b, ".2g").replace("-", "−")
    return f"{slope} {'+' if b > 0 else '−'} {_number(abs(b), '.2g')}"


def tangent(curve: Curve, x0: float, show_numeric: bool = True, names=("x", "f")) -> Figure:
    """Left: f with its tangent line at x0. Right: f'(x), where that slope is one point.

    With show_numeric, dots on the right are central-difference estimates of f', to compare
    with the curve worked out by hand (or by SymPy). names: what the labels call the variable
    and the function, ("w", "L") for a loss L(w).
    """
    return Tangent(curve, show_numeric, names).update(x0).figure


class Tangent(Live):
    """The figure of tangent(), kept by an explorer: f and f' are drawn once per curve;
    update(x0) moves the tangent and the point on f'."""

    def __init__(self, curve: Curve, show_numeric: bool = True, names=("x", "f")):
        self.curve, (self.var, self.fn) = curve, names
        v, fn = names
        self.x = x = np.linspace(*curve.xlim, 600)
        self.y, self.dy = curve.f(x), curve.df(x)
        self.figure, (self.ax, self.ax_d) = _figure(2, (10, 4))
        ax, ax_d = self.ax, self.ax_d
        self.graph = ax.plot(x, self.y, color=F_COLOR, lw=2, label=f"{fn}({v})")
        ax.set(xlabel=v, ylabel=f"{fn}({v})", xlim=curve.xlim)
        ax_d.plot(*_broken(x, self.dy), color=DERIV_COLOR, lw=2,
                  label=f"{fn}′({v}) = {curve.derivative_label}")
        if show_numeric:
            xs = np.linspace(*curve.xlim, 25)
            ax_d.plot(xs, _numeric_slopes(curve.f, xs), "o", ms=4, mfc="none", color="k",
                      label="central difference")
        ax_d.set(xlabel=v, ylabel=f"{fn}′({v})",
                 title=f"the slope at each {v}, plotted as a height")
        self.legend_d = ax_d.legend(loc="upper left", fontsize=9)
        for axes in (ax, ax_d):
            axes.yaxis.set_major_formatter(FuncFormatter(_tick_label))
        super().__init__()

    def update(self, x0: float) -> "Tangent":
        """Draw the tangent at x0 (or, at a kink, a fan of the slopes between its sides)."""
        curve, ax, ax_d = self.curve, self.ax, self.ax_d
        y0, slope = float(curve.f(x0)), float(curve.df(x0))
        if not (np.isfinite(y0) and np.isfinite(slope)):
            if not np.isfinite(self.y).any():  # moving x0 would not help: sqrt(-1), log(-1 - x^2)
                raise ValueError(f"f has no real value anywhere in {self.curve.xlim[0]:g} ≤ x ≤ "
                                 f"{self.curve.xlim[1]:g}: change the formula")
            if np.isfinite(y0) and _vertical(curve.f, x0):  # x^(1/3), sqrt(x) at 0
                raise ValueError(f"the tangent at x0 = {_number(x0, '.3g')} is vertical: the "
                                 "slope there is infinite; move x0")
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
            ax.set_title(f"a kink at {self.var} = {_number(x0, '.2f')}: slopes "
                         f"{_number(left, '.2f')} on the left, {_number(right, '.2f')} on the "
                         f"right,\nso no single tangent: {self.fn}′ is undefined (dot: "
                         f"convention {_number(slope, 'g')})", fontsize=10)
            keys = self.graph
        else:
            label = f"tangent, slope {_number(slope, '#.4g')}"
            keys = [*self.graph, self.add(*ax.plot(xt, y0 + slope * (xt - x0), lw=2,
                                                   color=TANGENT_COLOR, label=label))]
            ax.set_title(f"the tangent at {self.var} = {_number(x0, '.2f')} has slope "
                         f"{self.fn}′({self.var}) = {_number(slope, '#.4g')}")
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
    Where that error is exactly 0 (f a straight line from x0 to x0 + h), a log axis cannot
    show it: the error panel says for which h, and marks a current h with no error at its foot.
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
        # faint guides, as in step_errors: the axis rescales with x0, so steepness needs them
        self.guides = [ax_e.loglog([], [], color=shade, lw=4, alpha=0.3, label=label)[0]
                       for shade, label in [("0.5", "slope 1: gap ∝ h"),
                                            ("0.2", "slope 2: gap ∝ h²")]]
        self.guide_key = ax_e.legend(handles=self.guides, loc="lower right", fontsize=8)
        self.zero_note = ax_e.text(0.5, 0.5, "", transform=ax_e.transAxes, fontsize=10)
        ax_e.set(xlabel="h (log scale)", ylabel="|secant slope − f′(x0)| (log scale)",
                 xlim=(self.HS[0] / 1.3, self.HS[-1] * 1.3))  # room for the dot at either end
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
            self.tangent_line.set_label(f"right-hand slope {_number(right, '.4f')} (a "
                                        f"kink: {_number(left, '.4f')} on the left)")
        else:
            self.tangent_line.set_data(x, y0 + self.slope * (x - x0))
            self.tangent_line.set_label(f"tangent, slope {_number(self.slope, '.4f')}")
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(*_ylim(curve.f(x), headroom=0.3))
        errors = np.abs((curve.f(x0 + self.HS) - y0) / self.HS - self.slope)
        exact = errors <= 1e-12 * max(1.0, abs(self.slope))
        self.error_line.set_data(self.HS, np.where(exact, np.nan, errors))
        self.exact_everywhere = exact.all()
        # the guides meet 3 times above the error at the largest h that has one
        anchor = np.flatnonzero(~exact)[-1] if not exact.all() else len(self.HS) - 1
        h_anchor, top = self.HS[anchor], 3 * errors[anchor]
        for power, guide in enumerate(self.guides, start=1):
            guide.set_data(self.HS, top * (self.HS / h_anchor) ** power)
            guide.set_visible(not exact.all())
        self.guide_key.set_visible(not exact.all())  # no gap line to compare them with
        if exact.all():
            self.zero_note.set(text="the error is 0 at every h here:\nf is a straight line "
                                    "from x0 to x0 + h", x=0.5, y=0.5, ha="center", va="center")
            ax_e.set_ylim(1e-3, 1)
        else:
            self.zero_note.set(text=_zero_words(exact, lambda h: self._exact(h)), x=0.03, y=0.97,
                               ha="left", va="top")
            ax_e.set_ylim(*_log_limits(errors[~exact]))
        self.still = None

    def _exact(self, h) -> bool:
        """Whether the secant with step h has exactly the slope it tends to."""
        gap = abs((float(self.curve.f(self.x0 + h)) - self.y0) / h - self.slope)
        return gap <= 1e-12 * max(1.0, abs(self.slope))

    def update(self, x0: float, h: float) -> "Secant":
        """Draw the secant through x0 and x0 + h."""
        if x0 != self.x0:
            self._at(x0)
        x, y0, slope, ax = self.x, self.y0, self.slope, self.ax
        y1 = float(self.curve.f(x0 + h))
        quotient = (y1 - y0) / h
        self.clear()
        secant = self.add(*ax.plot(x, y0 + quotient * (x - x0), color=SECANT_COLOR, lw=2,
                                   label=f"secant, slope {_number(quotient, '.4f')}"))
        self.add(*ax.plot([x0, x0 + h, x0 + h], [y0, y0, y1], color="0.4", lw=1))  # run, rise
        self.add(*ax.plot([x0, x0 + h], [y0, y1], "o", color=SECANT_COLOR, zorder=3,
                          gid="point:secant"))
        self.add(ax.legend(handles=[self.f_line, self.tangent_line, secant], loc="upper left",
                           fontsize=9))
        ax.set_title(f"(f(x0 + h) − f(x0)) / h = {_number(quotient, '.4f')}\n"
                     f"with x0 = {_number(x0, '.2f')}, h = {_number(h, '.3g')}")
        gap = abs(quotient - slope)
        towards = "the right-hand slope" if self.kink else "the true slope"
        if self.exact_everywhere:
            words = f"the gap to {towards}: 0\nnone at any h"
        elif self._exact(h):  # 0 has no place on a log axis: a marker at the axis' foot
            self.add(*self.ax_e.plot([h], [0], "v", color=SECANT_COLOR, ms=9, clip_on=False,
                                     transform=self.ax_e.get_xaxis_transform()))
            words = (f"the gap to {towards}: exactly 0 at this h\n(marked at the foot: a log "
                     "scale has no 0)")
        else:
            self.add(*self.ax_e.plot([h], [gap], "o", color=SECANT_COLOR, ms=9))
            words = f"the gap to {towards}: {_number(gap, '#.2g')}\nit shrinks as h shrinks"
        self.ax_e.set_title(words)
        self.moving += [ax.title, self.ax_e.title]
        return self


def product_rule(x0: float, dx: float) -> Figure:
    """The product rule as area: a rectangle of width f(x) = x and height g(x) = x², so its
    area is f·g = x³. Nudge x by dx and the area grows by three pieces, Δf·g (the right strip),
    f·Δg (the top strip) and the corner Δf·Δg. Divided by dx, the strips tend to f′g and fg′
    (Δf/dx and Δg/dx tend to f′ and g′) and the corner's share to 0; the text beside the
    picture shows each share at this dx beside its limit, and the shares add up to Δ(fg)/dx."""
    f, g = x0, x0**2  # f(x) = x, g(x) = x²
    df, dg = dx, (x0 + dx) ** 2 - x0**2  # how much each side grows
    fig, ax = _figure(1, (7.6, 5.2))
    ax.set_position([0.75 / 7.6, 0.55 / 5.2, 4.2 / 7.6, 4.05 / 5.2])  # the legend to its right
    pieces = [((0, 0), f, g, "0.85", f"f·g = {_number(f * g)} (the area before)"),
              ((f, 0), df, g, "C1", f"Δf·g = {_number(df * g)} (right strip)"),
              ((0, g), f, dg, "C2", f"f·Δg = {_number(f * dg)} (top strip)"),
              ((f, g), df, dg, "C3", f"Δf·Δg = {_number(df * dg)} (the corner)")]
    for corner, width, height, color, label in pieces:
        ax.add_patch(Rectangle(corner, width, height, facecolor=color, edgecolor="k", lw=1,
                               label=label))
    grown = (x0 + dx) ** 3 - x0**3
    # equal scales, as a picture of area needs, and limits that fit the grown rectangle, so its
    # strips stay visible however small it is: the longer side fills the axes, with a margin
    box = ax.get_position()
    shape = (box.width * fig.get_figwidth()) / (box.height * fig.get_figheight())
    width = 1.08 * max(f + df, (g + dg) * shape)
    shares = [df * g / dx, f * dg / dx, df * dg / dx]  # each piece's share of Δ(fg)/Δx
    ax.set(xlim=(0, width), ylim=(0, width / shape), aspect="equal", adjustable="box",
           xlabel="width f(x) = x", ylabel="height g(x) = x²",
           title=f"x = {_number(x0, '.2f')}, Δx = {_number(dx, '.2f')}: Δ(fg)/Δx = "
                 f"{_number(grown / dx, '.3f')}\n= {' + '.join(_number(v, '.3f') for v in shares)}"
                 f" (right strip + top strip + corner, each ÷ Δx)")
    ax.title.set_fontsize(10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.03, 1), fontsize=9)
    limits = (f"each share at this Δx, and its limit:\n"
              f"right strip  Δf·g/Δx = {_number(shares[0], '.3f')}\n"
              f"   → f′g = 1·x² = {_number(g, '.3f')}\n"
              f"top strip  f·Δg/Δx = {_number(shares[1], '.3f')}\n"
              f"   → fg′ = x·2x = {_number(2 * x0**2, '.3f')}\n"
              f"corner  Δf·Δg/Δx = {_number(shares[2], '.3f')}\n"
              f"   → 0\n"
              f"sum  Δ(fg)/Δx = {_number(grown / dx, '.3f')}\n   → f′g + fg′ = 3x² = "
              f"{_number(3 * x0**2, '.3f')}")
    ax.text(1.03, 0.62, limits, transform=ax.transAxes, fontsize=9, va="top", ha="left",
            linespacing=1.4)
    return fig


def _one_sided_slopes(f, x0: float) -> tuple[float, float]:
    """The backward and forward difference quotients at x0 with a small step: equal where f is
    smooth, different at a kink."""
    h = 1e-6 * max(1.0, abs(x0))
    y0 = float(f(x0))
    return (y0 - float(f(x0 - h))) / h, (float(f(x0 + h)) - y0) / h


def _vertical(f, x0: float) -> bool:
    """Whether f's difference quotients at x0 grow without bound, with one sign, on each side
    where f is defined: a vertical tangent (x^(1/3) at 0, sqrt(x) at its end), not a value too
    large for a float."""
    signs = set()
    with np.errstate(all="ignore"):
        y0 = float(f(x0))
        for side in (-1, 1):
            wide, narrow = ((float(f(x0 + side * h)) - y0) / (side * h) for h in (1e-4, 1e-8))
            if np.isfinite([wide, narrow]).all():
                if abs(narrow) < 10 * abs(wide) or narrow == 0:
                    return False
                signs.add(np.sign(narrow))
    return len(signs) == 1


def _broken(x, y):
    """x and y with a nan between two points where y jumps (ReLU′ at 0), so a line drawn
    through them breaks there instead of climbing a vertical segment: a jump is a step at least
    10 times the steps on both sides of it."""
    with np.errstate(invalid="ignore"):  # inf - inf where f′ overflows: nan, no jump
        steps = np.abs(np.diff(y))
    around = np.maximum(np.append(steps[1:], 0), np.insert(steps[:-1], 0, 0))
    scale = np.nanmax(np.abs(y)) if np.isfinite(y).any() else 0.0
    jumps = np.flatnonzero((steps > 10 * around) & (steps > 1e-6 * scale))
    return np.insert(x, jumps + 1, np.nan), np.insert(y, jumps + 1, np.nan)


def _zero_words(exact, is_exact) -> str:
    """What the error panel says of the steps h whose error is exactly 0, which a log axis cannot
    draw: "" if none; the bound, if they are all the h below one (ReLU left of its kink: up to
    the kink), found by bisection with is_exact(h)."""
    if not exact.any():
        return ""
    first = np.argmin(exact)  # the first h with an error
    if exact[:first].all() and not exact[first:].any():
        low, high = Secant.HS[first - 1], Secant.HS[first]
        for _ in range(50):
            middle = np.sqrt(low * high)
            low, high = (middle, high) if is_exact(middle) else (low, middle)
        return f"the error is exactly 0 for h ≤ {_number(low, '.2g')}:\nnot drawable on a log scale"
    return "the error is exactly 0 at some h (the gaps):\nnot drawable on a log scale"


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
    ax.plot([0], [1], "o", mfc="white", color=DERIV_COLOR, zorder=3)  # not taken at 0
    ax.plot([0], [0], "o", color=DERIV_COLOR, zorder=3, gid="point:relu-convention")  # taken
    ax.annotate("undefined at 0\n(PyTorch uses 0:\nthe filled dot)", (0, 0.5), xytext=(0.8, -1.1),
                fontsize=9,
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

