"""Chapter 3's figures: the chain rule as stretched nudges, forward mode's errors and the cost
of forward and reverse mode (computational graphs are drawn by `graph`).

Taught in notebooks/03_chain_rule.ipynb and notebooks/04_backpropagation.ipynb.
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import ConnectionPatch

from calclib.plots.base import DERIV_COLOR, SECANT_COLOR, Live, _figure, _subplots


def chain_stretch(x0: float, dx: float) -> Figure:
    """x -> u = x^2 -> y = sin(u) as three number lines on one scale: a nudge dx of x is
    stretched by u'(x0) = 2 x0, then by y'(u0) = cos(u0), so dy/dx is the product."""
    return ChainStretch().update(x0, dx).figure


HEAD = 0.4 * 18  # the length of a nudge's arrowhead in points: "-|>" at mutation_scale 18


class ChainStretch(Live):
    """The figure of chain_stretch(), kept by an explorer: the three number lines are built once;
    update(x0, dx) draws the nudges.

    The lines share one scale, zoomed to the largest of the three nudges, so a nudge of 0.01 is
    as visible as one of 0.3: the chain rule is about ratios of nudges, not their size. Each
    nudge is an arrow from its start (a dot, labelled) to its end (a ring, labelled); a nudge
    no longer than an arrowhead is too small to draw, and its note says so.
    """

    ROWS = ("x", "u = x²", "y = sin(u)")

    def __init__(self):
        self.figure, self.axes = _subplots(3, 1, figsize=(10, 4.4), gridspec_kw={
            "left": 0.12, "right": 0.6, "top": 0.8, "bottom": 0.06, "hspace": 0.9})
        for ax, name in zip(self.axes, self.ROWS, strict=True):
            ax.set_ylim(-1, 1)
            ax.spines["bottom"].set_position(("data", 0))  # the number line
            for side in ("left", "right", "top"):
                ax.spines[side].set_visible(False)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_ylabel(name, rotation=0, ha="right", va="center", fontsize=12)
        self.title = self.figure.suptitle(" ", fontsize=11)
        super().__init__()

    def update(self, x0: float, dx: float) -> "ChainStretch":
        """Draw the nudge dx of x at x0, and what it becomes in u and in y."""
        u0, y0 = x0**2, np.sin(x0**2)
        du, dy = (x0 + dx) ** 2 - u0, np.sin((x0 + dx) ** 2) - y0
        du_dx, dy_du = 2 * x0, np.cos(u0)
        rows = [("dx", x0, dx, f"nudge Δx = {dx:.3g}"),
                ("du", u0, du, f"Δu = {du:.3g}\nlinear: u′(x0)·Δx = {_factor(du_dx)} × "
                               f"{_factor(dx)} = {du_dx * dx:.3g}"),
                ("dy", y0, dy, f"Δy = {dy:.3g}\nlinear: y′(u0)·Δu = {_factor(dy_du)} × "
                               f"{_factor(du)} = {dy_du * du:.3g}")]
        half = 0.8 * max(abs(dx), abs(du), abs(dy))  # one scale for the three lines
        decimals = max(0, int(np.ceil(-np.log10(2 * half))) + 2)  # the same on every label
        self.clear()
        self.still = None  # the view moves with the nudge: everything is redrawn
        length = self.axes[0].get_position().width * self.figure.get_figwidth() * 72  # points
        for ax, (name, value, delta, note) in zip(self.axes, rows, strict=True):
            ax.set_xlim(value + delta / 2 - half, value + delta / 2 + half)
            if abs(delta) / (2 * half) * length > HEAD:  # an arrow longer than its head
                self.add(ax.annotate(
                    "", (value + delta, 0), (value, 0), gid=f"signed:{name}={delta:+.6g}",
                    arrowprops={"arrowstyle": "-|>", "color": SECANT_COLOR, "lw": 3,
                                "shrinkA": 0, "shrinkB": 0, "mutation_scale": 18}))
            else:
                note = note.replace("\n", " (too small to draw here)\n", 1)
            self.add(*ax.plot([value], [0], "o", color="k", ms=6, zorder=3,
                              gid=f"point:{name[1]}0"))
            self.add(*ax.plot([value + delta], [0], "o", mfc="white", color="k", ms=6, zorder=3))
            # each end's value below it, on the side away from the other end
            for where, side in [(value, -1), (value + delta, 1)]:
                outward = side if delta >= 0 else -side
                self.add(ax.annotate(f"{where + 0.0:.{decimals}f}", (where, 0),
                                     xytext=(6 * outward, -8),
                                     textcoords="offset points", va="top", fontsize=9,
                                     ha="left" if outward > 0 else "right"))
            self.add(ax.text(1.04, 0.5, note, transform=ax.transAxes, va="center", fontsize=10))
        upper_lower = [(self.axes[0], self.axes[1], (x0, x0 + dx), (u0, u0 + du)),
                       (self.axes[1], self.axes[2], (u0, u0 + du), (y0, y0 + dy))]
        for upper, lower, (a, b), (c, d) in upper_lower:
            for start, end in [(a, c), (b, d)]:
                self.add(self.figure.add_artist(ConnectionPatch(
                    (start, 0), (end, 0), "data", "data", axesA=upper, axesB=lower, color="0.6",
                    lw=1, ls="--")))
        self.title.set_text(
            f"x0 = {x0:.2f}: stretched ×{_factor(du_dx)}, then ×{_factor(dy_du)}, so "
            f"dy/dx = {_factor(du_dx)} × {_factor(dy_du)} = {du_dx * dy_du:.3f}\n"
            f"(the nudge itself: Δy/Δx = {dy / dx:.3f}; the three lines share one scale, "
            f"{2 * half:.3g} wide)")
        self.moving.append(self.title)
        return self


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


def _factor(value: float) -> str:
    """A number as a factor in a product: 3 × (−0.628), not 3 × -0.628."""
    return f"({value:.3g})" if value < 0 else f"{value:.3g}"
