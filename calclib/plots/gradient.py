"""Chapter 2's figures: a surface's slices and partial derivatives, the gradient field, the
directional derivative, critical points, and linear regression's loss surface.

Taught in notebooks/02_partial_derivatives_and_gradient.ipynb.
"""

import numpy as np
from matplotlib import patheffects
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerPatch
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import EngFormatter

from calclib import functions
from calclib.functions import Surface
from calclib.plots.base import Live, _contours, _few_ticks, _figure, _grid, _number, _ylim

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
        self.name = next((name for name, known in functions.SURFACES.items()
                          if known is surface), _pretty(surface.formula))  # the dropdown's name
        ax3.set(xlabel="x", ylabel="y", zlabel="f(x, y)", xlim=surface.xlim, ylim=surface.ylim,
                zlim=self.zlim)  # fixed: the slices must not rescale the box they are drawn in
        ax3.view_init(elev=28, azim=-60)
        _few_ticks(ax3, self.ax_x, self.ax_y)
        if self.zlim[1] >= 1e4:  # Beale's 150000 would run into the z label: 150k; and the
            for axis in (ax3.zaxis, self.ax_x.yaxis, self.ax_y.yaxis):  # slices' 200000 would
                axis.set_major_formatter(EngFormatter(sep=""))  # push their labels into it
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
        outlined = {"lw": 2.5, "path_effects": [  # a white rim: visible on the dark floor too
            patheffects.Stroke(linewidth=5, foreground="white"), patheffects.Normal()]}
        self.add(*ax3.plot(xs, np.full_like(xs, y0), surface.f(xs, y0), color=SLICE_X_COLOR,
                           **outlined))
        self.add(*ax3.plot(np.full_like(ys, x0), ys, surface.f(x0, ys), color=SLICE_Y_COLOR,
                           **outlined))
        self.add(*ax3.plot([x0], [y0], [z0], "o", color="k", ms=6, gid="point:(x0, y0)"))
        ax3.set_title(f"{self.name}: cut along y = {_number(y0, '.2f')} (red)\n"
                      f"and along x = {_number(x0, '.2f')} (purple)",
                      fontsize=10, y=1.02)  # a fixed place: the fitted one can move a few
                                            # pixels between a full draw and a kept picture
        self.moving += [ax3.title, self.ax_x, self.ax_y]

        for ax, grid, values, at, slope, color, var, fixed in [
            (self.ax_x, xs, surface.f(xs, y0), x0, fx, SLICE_X_COLOR, "x",
             f"y = {_number(y0, '.2f')}"),
            (self.ax_y, ys, surface.f(x0, ys), y0, fy, SLICE_Y_COLOR, "y",
             f"x = {_number(x0, '.2f')}"),
        ]:
            self.add(*ax.plot(grid, values, color=color, lw=2, label=f"f with {fixed} held fixed"),
                     moving=False)
            span = 0.2 * (grid[-1] - grid[0])
            t = np.array([at - span, at + span])
            self.add(*ax.plot(t, z0 + slope * (t - at), color="k", lw=1.5, ls="--",
                              label=f"slope {_number(slope, '.3f')}"), moving=False)
            self.add(*ax.plot([at], [z0], "o", color="k", gid=f"point:slice along {var}"),
                     moving=False)
            ax.set_ylim(*_ylim(values, include=z0, headroom=0.3))
            ax.set(xlabel=var, ylabel=f"f(x, y) along {var}", xlim=(grid[0], grid[-1]),
                   title=f"∂f/∂{var} at ({_number(x0, '.2f')}, {_number(y0, '.2f')}) = "
                         f"{_number(slope, '.3f')}\n"
                         f"the slope of the slice at {fixed}")
            self.add(ax.legend(loc="best", fontsize=9), moving=False)  # clear of the tangent
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
        _key(ax, "f")
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
        if size:  # shortened, if need be, to end inside the axes
            room = _room(ax, (x0, y0), g / size)
            length = min(length, max(room, 0.05 * _span(surface)))
        out_of_view = bool(size) and room < 0.05 * _span(surface)
        self.add(_arrow(ax, (x0, y0), length * (g / size if size else g), GRADIENT_COLOR,
                        _signed("grad", g), clip=True))
        if size > 0:
            u = g / size
            tangent = np.array([-u[1], u[0]]) * length * 0.6
            self.add(*ax.plot([x0 - tangent[0], x0 + tangent[0]],
                              [y0 - tangent[1], y0 + tangent[1]], ":", color="k", lw=1.5))
        self.add(*ax.plot([x0], [y0], "o", color=GRADIENT_COLOR, ms=7, gid="point:(x0, y0)"))
        gx, gy = (float(v) for v in g)
        if out_of_view:
            words = "the red arrow, steepest ascent, points out of view from this edge"
        elif size > 0:
            words = ("red: steepest ascent, perpendicular to the black contour "
                     "(grey: ∇f's direction)")
        else:
            words = "∇f = 0: flat to first order here, so no steepest-ascent arrow"
        ax.set_title(f"∇f({_number(x0, '.2f')}, {_number(y0, '.2f')}) = ({_number(gx, '.3g')}, "
                     f"{_number(gy, '.3g')}), |∇f| = {_number(size, '.3g')}\n"
                     + words, fontsize=10, pad=9)  # clear of the top tick
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
        _arrow(ax, self.start, self.length * (self.g / size if size else self.g), GRADIENT_COLOR,
               _signed("grad", self.g))
        self.gradient_key = ax.plot([], [], color=GRADIENT_COLOR, lw=2.5, label="∇f direction")
        ax.plot([x0], [y0], "o", color="k", gid="point:start")
        # the legend in the corner farthest from the point, clear of the arrows around it
        corners = {"upper right": (1, 1), "upper left": (0, 1), "lower left": (0, 0),
                   "lower right": (1, 0)}
        at = ((x0 - surface.xlim[0]) / (surface.xlim[1] - surface.xlim[0]),
              (y0 - surface.ylim[0]) / (surface.ylim[1] - surface.ylim[0]))
        self.legend_loc = max(corners, key=lambda c: np.hypot(corners[c][0] - at[0],
                                                               corners[c][1] - at[1]))
        ax.set(xlabel="x", ylabel="y", xlim=surface.xlim, ylim=surface.ylim, aspect="equal",
               title=f"at ({_number(x0, '.2f')}, {_number(y0, '.2f')}): the direction u and the "
                     "gradient")
        _key(ax, "f")

        angles = np.linspace(0, 360, 361)
        rates = self.g @ np.array([np.cos(np.radians(angles)), np.sin(np.radians(angles))])
        best = np.degrees(np.arctan2(self.g[1], self.g[0])) % 360
        ax_d.plot(angles, rates, color=DIRECTION_COLOR, lw=2, label="D_u f = ∇f · u")
        ax_d.axhline(0, color="0.6", lw=1)
        ax_d.axvline(best, color=GRADIENT_COLOR, ls="--", lw=1.5,
                     label=f"along ∇f ({best:.0f}°): the maximum |∇f| = {_number(size, '.3g')}")
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
        self.add(_arrow(ax, self.start, self.length * u, DIRECTION_COLOR, _signed("u", u)))
        key = self.add(*ax.plot([], [], color=DIRECTION_COLOR, lw=2.5, label=f"u at {angle:.0f}°"))
        self.add(ax.legend(handles=[*self.gradient_key, key], loc=self.legend_loc, fontsize=9))
        self.add(*ax_d.plot([angle], [rate], "o", color=DIRECTION_COLOR, ms=9,
                            gid="point:rate"))
        ax_d.set_title(f"D_u f at {angle:.0f}° = {_number(rate, '.3f')}")
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
    _key(ax, "f")
    return fig


def regression(x, y, theta0: float, theta1: float) -> Figure:
    """Left: the data and the line theta0 + theta1*x. Right: the mean squared error over
    (theta0, theta1), with the point, the downhill direction -∇L, and the best line's point."""
    return Regression(x, y).update(theta0, theta1).figure


class Regression(Live):
    """The figure of regression(), kept by an explorer: the data and the loss's contours are
    drawn once; update(theta0, theta1) draws the line, its errors and its point on the loss.

    The −∇L arrow's length grows with |∇L| up to FULL, and is fixed beyond; under SHORTEST of
    its longest it is not drawn (its signed: tag then says 0, what is drawn), and the title says
    so: near the least-squares point a full-length arrow would claim a slope that is not there.
    """

    FULL, SHORTEST = 2.5, 0.2

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
        point = ax_l.plot([], [], "o", color="C3", ms=8, label="(θ0, θ1): the line's point")
        downhill = FancyArrowPatch((0, 0), (1, 0), arrowstyle="-|>", color="C3", lw=2.5,
                                   mutation_scale=15, label="−∇L: downhill")
        ax_l.set(xlabel="θ0 (intercept)", ylabel="θ1 (slope)", xlim=loss.xlim, ylim=loss.ylim)
        ax_l.legend(handles=[*best, *point, downhill], loc="upper right", fontsize=9,
                    handler_map={FancyArrowPatch: HandlerPatch(patch_func=_arrow_key)})
        _key(ax_l, "L")
        super().__init__()

    def update(self, theta0: float, theta1: float) -> "Regression":
        """Draw the line y = theta0 + theta1*x."""
        x, y, ax, ax_l = self.x, self.y, self.ax, self.ax_l
        self.clear()
        g = self.loss.gradient(theta0, theta1)
        value = float(self.loss.f(theta0, theta1))
        xs = np.linspace(x.min() - 0.2, x.max() + 0.2, 2)
        line = self.add(*ax.plot(xs, theta0 + theta1 * xs, color="C3", lw=2,
                                 label=f"y = {_number(theta0, '.2f')} "
                                       f"{'−' if _number(theta1, '.2f')[0] == '-' else '+'} "
                                       f"{_number(abs(theta1), '.2f')}x"), moving=False)
        errors = [[(xi, yi), (xi, theta0 + theta1 * xi)] for xi, yi in zip(x, y, strict=True)]
        self.add(ax.add_collection(LineCollection(errors, colors="C3", linewidths=0.6,
                                                  alpha=0.5)), moving=False)  # what L squares
        ax.set_title(f"the line and its errors: L = {_number(value, '.3f')}")
        ax.set_ylim(*_ylim(np.append(y, theta0 + theta1 * xs), headroom=0.3))
        self.add(ax.legend(handles=[*self.data, line], loc="upper left", fontsize=9),
                 moving=False)
        size = float(np.hypot(*g))
        share = min(1.0, size / self.FULL)  # the arrow's length, as a share of its longest
        if share < self.SHORTEST:  # too short to draw: no arrow, and the title says so
            drawn = np.zeros(2)
            words = (f"|∇L| = {_number(size, '.2g')} < {_number(self.SHORTEST * self.FULL, 'g')}"
                     ": the −∇L arrow would be too short to draw")
        else:
            drawn = -g / size * share * 0.15 * _span(self.loss)
            words = (f"|∇L| = {_number(size, '.3g')}: the −∇L arrow's length is ∝ |∇L|, "
                     f"up to |∇L| = {_number(self.FULL, 'g')}")
        self.add(_arrow(ax_l, (theta0, theta1), drawn, "C3", _signed("-grad", drawn),
                        head=20 * min(1.0, 2 * share)))
        self.add(*ax_l.plot([theta0], [theta1], "o", color="C3", ms=8, gid="point:theta"))
        ax_l.set_title(f"∇L = (∂L/∂θ0, ∂L/∂θ1) = ({_number(g[0], '.2f')}, "
                       f"{_number(g[1], '.2f')})\n{words}", fontsize=10)
        self.moving += [ax, ax_l.title]
        return self


def _key(ax, label):
    """The colour key of the filled contours on ax, titled label: darker is higher."""
    filled = [c for c in ax.collections if getattr(c, "filled", False)]
    bar = ax.figure.colorbar(filled[-1], ax=ax, shrink=0.85, pad=0.09, fraction=0.04,
                             extend="neither")
    bar.ax.set_title(f"high {label}", fontsize=8)  # the key's two ends, in words: the
    bar.ax.set_xlabel(f"low {label}", fontsize=8,  # figure's right margin has no room for ticks
                      labelpad=bar.ax.bbox.height * 0.05 * 72 / bar.ax.figure.dpi + 2)  # below
                      # the bottom triangle (extend="both": 5% of the bar's length)
    bar.set_ticks([])
    return bar


def _arrow_key(legend, orig_handle, xdescent, ydescent, width, height, fontsize):
    """A legend key drawn as a small arrow, for an entry that is an arrow on the plot."""
    return FancyArrowPatch((-xdescent, height / 2 - ydescent),
                           (width - xdescent, height / 2 - ydescent), arrowstyle="-|>",
                           mutation_scale=12, lw=2)


def _arrow(ax, start, vector, color, gid=None, clip=False, head=20):
    """A bold arrow from start along vector, drawn even where it leaves the axes (unless clip:
    then cut at their edge); for a zero vector, no arrow: a point without a marker, carrying
    the gid. head is the arrowhead's size (matplotlib's mutation_scale)."""
    if not np.any(vector):
        return ax.plot([start[0]], [start[1]], gid=gid)[0]
    tip = (start[0] + vector[0], start[1] + vector[1])
    arrow = ax.annotate("", tip, start, annotation_clip=False, gid=gid,
                        arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2.5,
                                    "mutation_scale": head})
    if clip:
        arrow.arrow_patch.set_clip_path(ax.patch)
    return arrow


def _room(ax, start, direction) -> float:
    """How far from start, along a unit direction, the axes' view reaches: how long an arrow
    can be and still end inside it, less a margin for its head."""
    (left, right), (bottom, top) = ax.get_xlim(), ax.get_ylim()
    reach = []
    for at, d, low, high in [(start[0], direction[0], left, right),
                             (start[1], direction[1], bottom, top)]:
        if d > 0:
            reach.append((high - at) / d)
        elif d < 0:
            reach.append((low - at) / d)
    margin = 0.02 * min(right - left, top - bottom)
    return max(min(reach) - margin, 0.0)


def _signed(name, vector) -> str:
    """The gid of an arrow drawing a vector, for tests/figure_invariants.py to check its
    direction: "signed:grad=+2,-1". A component under 1e-9 of the vector's length is written
    as 0: the arrow has none to speak of, and rounding could point it either way."""
    size = float(np.hypot(*vector))
    parts = [0.0 if abs(v) <= 1e-9 * size else float(v) for v in vector]
    return f"signed:{name}=" + ",".join(f"{v:+.4g}" for v in parts)


def _span(surface):
    return min(surface.xlim[1] - surface.xlim[0], surface.ylim[1] - surface.ylim[0])


def _plane(corners, color):
    return PolyCollection([corners], facecolors=color, alpha=0.15, edgecolors=color)


def _pretty(formula: str) -> str:
    """A formula as text for a title: ** as ^."""
    return formula.replace("**", "^")

