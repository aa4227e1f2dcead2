"""Chapter 5's figures: the step size, convergence against the condition number, optimizer
paths on surfaces, Adam's bias correction, weight decay, schedules and loss curves (also
chapter 6's).

Taught in notebooks/05_optimizers.ipynb.
"""

import numpy as np
from matplotlib.figure import Figure

from calclib.functions import Surface, critical_points
from calclib.plots.base import F_COLOR, Live, _contours, _few_ticks, _figure


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
    ax.plot(thetas, losses, "o-", color="C3", ms=5, lw=1, label="θ₀, θ₁, θ₂, ...",
            gid="point:iterates")  # all in view: the parabola is drawn as wide as they reach
    ax.plot(thetas[:1], losses[:1], "s", color="k", ms=7, label=f"start θ₀ = {theta0:g}")
    ax.set(xlabel="θ", ylabel="J(θ)", title=f"lr = {lr:.2f}: {_regime(lr)}")
    ax.legend(loc="upper center", fontsize=9)
    drawable = losses > 0  # J = 0 exactly (lr = 1/L: one step lands) has no place on a log axis
    ax_l.semilogy(np.arange(steps + 1)[drawable], losses[drawable], "o-", color="C3", ms=4)
    if not drawable.all():
        first = int(np.argmin(drawable))
        ax_l.text(0.5, 0.5, f"J = 0 exactly from step {first} on:\nnot drawable on a log scale",
                  transform=ax_l.transAxes, ha="center", va="center", fontsize=10)
        ax_l.set_xlim(-0.5, steps + 0.5)
    ax_l.set(xlabel="step", ylabel="J(θ) (log scale)",
             title=f"each step multiplies θ − 3 by 1 − 2·lr = {1 - 2 * lr + 0.0:.2f}")
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
    ax.set(xlabel="condition number κ = L/ℓ", ylabel="steps to reach the tolerance",
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
        if self.low is None:  # no minimum: how far each one is from the critical points
            self.critical = np.array(critical_points(surface)).reshape(-1, 2)
            ax_l.set(ylabel="distance from the nearest critical point (log scale)",
                     title="no minimum: up is escaping the saddle, down is heading into it")
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
            if self.low is None:  # nothing to converge to: how far from a saddle it is
                gaps = path[:, None, :] - self.critical[None, :, :]
                progress = np.maximum(np.hypot(gaps[..., 0], gaps[..., 1]).min(axis=1), 1e-16)
            else:
                progress = np.maximum(self.surface.f(path[:, 0], path[:, 1]) - self.low, 1e-16)
            line.set_data(*path.T)
            end.set_data(path[-1:].T)
            end.set_gid(f"point:{label}")  # where it ended: in view, or the legend says not
            curve.set_data(np.arange(len(path)), progress)
            label += _left_view(ax, path, label)
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
            ax_l.set_xlabel("step (log scale past 10)" if scale == "symlog" else "step")
            _few_ticks(ax_l)
        ax_l.relim()
        ax_l.autoscale_view()
        self.add(ax_l.legend(loc="upper right" if self.minima else "best", fontsize=8,
                             framealpha=0.9), moving=False)  # escapes climb: find a clear place
        self.moving += [ax.title, ax_l]
        return self


def _left_view(ax, path, label) -> str:
    """What to add to a trajectory's label when it leaves the view: where, and at which step
    if it comes back (Newton's second step on Rosenbrock goes to (0.85, −2.77), then returns)."""
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    outside = np.flatnonzero(~((x0 <= path[:, 0]) & (path[:, 0] <= x1)
                               & (y0 <= path[:, 1]) & (path[:, 1] <= y1)))
    if outside.size == 0 or "diverged" in label:  # race() has said where a diverged one stopped
        return ""
    if outside[-1] == len(path) - 1:  # it ends outside: from when, and where it ends
        inside = np.setdiff1d(np.arange(len(path)), outside)
        step = int(inside[-1]) + 1 if inside.size else 0
        return f" (off the plot from step {step}, ends at {_point(path[-1])})"
    beyond = (np.maximum(np.maximum(x0 - path[:, 0], path[:, 0] - x1), 0)
              + np.maximum(np.maximum(y0 - path[:, 1], path[:, 1] - y1), 0))
    step = int(np.argmax(beyond))  # its farthest excursion
    return f" (off the plot at step {step}: {_point(path[step])}, then back)"


def _point(xy) -> str:
    """(x, y) to 3 digits, a coordinate negligible beside the other written 0: (0, 9.5e+07),
    not (7.06e-10, 9.5e+07)."""
    scale = max(abs(xy[0]), abs(xy[1]))
    x, y = (0.0 if abs(v) < 1e-6 * scale else v + 0.0 for v in xy)
    return f"({x:.3g}, {y:.3g})"


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
    fig, ax = _figure(1, (8, 4.6))
    for label, values in curves.items():
        ax.plot(values, lw=2, label=label)
    top = max(max(values) for values in curves.values())
    ax.set(xlabel="step t", ylabel="learning rate", title="learning-rate schedules",
           ylim=(-0.03 * top, 1.45 * top))  # room above the curves, which start at the top,
    ax.legend(loc="upper right", fontsize=9, ncols=2)  # for the legend
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



def measured_against_predicted(xs, series: dict, title: str, xlabel: str, ylabel: str,
                               logy: bool = True) -> Figure:
    """Measured numbers (dots) beside the theory's (a line), one colour per series.

    series: label -> (measured, predicted), each an array as long as xs."""
    fig, ax = _figure(1, (8, 4.6))
    for i, (label, (measured, predicted)) in enumerate(series.items()):
        ax.plot(xs, measured, "o", color=f"C{i}", ms=7, label=f"{label}: measured")
        ax.plot(xs, predicted, "-", color=f"C{i}", lw=1.5, alpha=0.7,
                label=f"{label}: predicted")
    ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="best", fontsize=9)
    return fig


def decay_by_history(histories: dict, lr: float, lam: float) -> Figure:
    """Two weights, one with a large gradient history and one with a small one, decayed by
    Adam + L2 (left) and by AdamW (right). histories: (optimizer, weight label) -> weights."""
    fig, axes = _figure(2, (11, 4.4))
    for ax, name in zip(axes, ["Adam + L2", "AdamW"], strict=True):
        for i, ((_, label), weights) in enumerate(
                (k, w) for k, w in histories.items() if k[0] == name):
            ax.plot(weights, color=f"C{i}", lw=2 if i == 0 else 3, ls="-" if i == 0 else "--",
                    label=label)
        steps = np.arange(len(weights))
        ax.plot(steps, (1 - lr * lam) ** steps, color="0.3", lw=1, ls=":",
                label=f"(1 − lr·λ)ᵗ, lr·λ = {lr * lam:g}")
        ax.set(xlabel="step", ylabel="the weight", ylim=(-0.05, 1.1))
        ax.legend(loc="lower left", fontsize=9)
        ax.grid(True, alpha=0.3)
    axes[0].set_title("Adam + L2: the decay is divided by √v̂,\nso the large-gradient weight "
                      "hardly decays")
    axes[1].set_title("AdamW: every weight decays at lr·λ per step,\nwhatever its gradients")
    return fig


def minibatch_run(x, y, path, full_losses, batch_size: int, lr: float, w_best: float,
                  b_best: float, diverged_at=None) -> Figure:
    """Minibatch gradient descent on a line fit. Left: the loss after every step against the
    epoch. Right: the data, the least-squares line and the line the run ended on.

    path: (w, b) after each step; full_losses: the full-data loss after each step;
    diverged_at: the step a run that blew up stopped at (None if it did not)."""
    fig, (ax_l, ax) = _figure(2, (11, 4.4))
    steps_per_epoch = -(-len(x) // batch_size)
    epochs = np.arange(len(full_losses)) / steps_per_epoch
    best = np.mean((y - (w_best * x + b_best)) ** 2)
    ax_l.semilogy(epochs, full_losses, color="C3", lw=1.5, label=f"batch size {batch_size}")
    ax_l.axhline(best, color="C2", ls="--", label=f"least squares: {best:.3f}")
    ax_l.set(xlabel=f"epoch ({steps_per_epoch} step{'s' if steps_per_epoch > 1 else ''} each)",
             ylabel="loss on all the data (log scale)",
             title=f"B = {batch_size}, lr = {lr:.3f}: " + (
                 f"diverged at step {diverged_at}" if diverged_at is not None
                 else f"final loss {full_losses[-1]:.3g}"))
    ax_l.legend(loc="upper right", fontsize=9)
    ax_l.grid(True, which="major", alpha=0.3)
    w, b = path[-1]
    xs = np.array([x.min(), x.max()])
    ax.plot(x, y, "o", color="0.4", ms=4, label="data")
    ax.plot(xs, w_best * xs + b_best, color="C2", lw=2, ls="--",
            label=f"least squares: y = {w_best:.2f}x + {b_best:.2f}")
    if diverged_at is None:
        ax.plot(xs, w * xs + b, color="C3", lw=2, label=f"after the run: y = {w:.2f}x + {b:.2f}")
    else:
        ax.plot([], [], color="C3", label=f"diverged at step {diverged_at} (off the plot)")
    ax.set(xlabel="x", ylabel="y", ylim=(y.min() - 1, y.max() + 1),
           title="the line the run ended on")
    ax.legend(loc="upper left", fontsize=9)
    _few_ticks(ax_l, ax)  # a log axis over many decades would make a hundred minor ticks
    return fig
