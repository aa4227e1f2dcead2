"""What the chapters' figures share: `Live` (a figure an explorer keeps and updates), figures
made without pyplot, fixed margins, few ticks, y-limits that survive a pole, contour maps of a
surface, and the colours, which keep one meaning throughout: f blue, tangent red, secant
orange, derivative green.
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

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


def _number(value: float, spec: str = "#.3g") -> str:
    """value written by a format spec, as a title shows it: "#.3g" (the default) keeps three
    significant digits, trailing zeros too (0.402 -> "0.402", 0.4 -> "0.400"), with no dangling
    point ("12." -> "12"); a value that rounds to 0 shows no minus sign: "0.000" with ".3f",
    "0" with significant digits."""
    text = format(float(value), spec)
    if text.endswith("."):
        text = text[:-1]
    if float(text) == 0:  # "-0.000" -> "0.000"; in significant digits, plain "0"
        text = "0" if spec.endswith("g") else text.lstrip("-")
    return text


def _tick_label(value, _position=None) -> str:
    """A tick label as short as it can be, for a FuncFormatter: 0.5, 120, 2.5e7 (not 2.5e+07),
    1e-5, and never "-0". On the tick itself: an axis-wide offset text ("1e19") would sit on
    the title, and a long label push the axis label off the figure."""
    text = _number(value, ".3g")
    return text.replace("e+0", "e").replace("e+", "e").replace("e-0", "e-")


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
