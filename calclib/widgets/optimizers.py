"""The explorers of chapter 5: the step size, momentum and Nesterov on a valley, the race
of all seven optimizers, and minibatch gradient descent.

Taught in notebooks/05_optimizers.ipynb.
"""

import functools

import ipywidgets as ipw
import numpy as np

from calclib import datasets, functions, optim, plots
from calclib.functions import SURFACES, surface
from calclib.widgets.explorer import Explorer, _fit_point_sliders, _kept, _slider


def step_size_explorer(lr: float = 0.3) -> Explorer:
    """Gradient descent on (theta - 3)^2 with a learning-rate slider: slow, right, oscillating,
    divergent."""
    return Explorer(plots.step_size, {"lr": _slider("lr", lr, 0.02, 1.1, 0.02)})


def momentum_explorer(lr: float = 0.07, momentum: float = 0.4, steps: int = 20,
                      start=(-1.8, 1.2)) -> Explorer:
    """Gradient descent, Momentum and Nesterov on the ill-conditioned valley, from high on a
    wall at its far end. At the default gradient descent zig-zags across the valley (y times
    1 - 20 lr = -0.4 a step) and creeps along it (x times 0.86 a step), while momentum runs along
    the floor (both directions times about 0.63 a step)."""
    valley = surface("valley x² + 10y²")
    figure = plots.Paths(valley, minima=[(0.0, 0.0)])

    def draw(lr, momentum):
        runs = race(valley, {"gradient descent": optim.SGD(lr),
                             f"Momentum (μ = {momentum:.2f})": optim.Momentum(lr, momentum),
                             f"Nesterov (μ = {momentum:.2f})": optim.Nesterov(lr, momentum)},
                    start, steps)
        return figure.update(runs, f"{steps} steps at lr = {lr:.3f} on x² + 10y²")

    lr_slider = _slider("lr", lr, 0.005, 0.1, 0.005)
    lr_slider.readout_format = ".3f"  # steps of 0.005: two decimals would hide them
    return Explorer(draw, {"lr": lr_slider,
                           "momentum": _slider("μ", momentum, 0.0, 0.95, 0.05)})


RACE_LR = {  # learning rates that work on each surface (the race's "lr ×" slider scales them)
    "valley x² + 10y²": {"SGD": 0.05, "Momentum": 0.01, "Nesterov": 0.02, "AdaGrad": 0.5,
                         "RMSProp": 0.02, "Adam": 0.1, "AdamW": 0.1},
    "Rosenbrock": {"SGD": 0.001, "Momentum": 0.001, "Nesterov": 0.001, "AdaGrad": 0.3,
                   "RMSProp": 0.02, "Adam": 0.3, "AdamW": 0.3},
    "Beale": {"SGD": 0.02, "Momentum": 0.003, "Nesterov": 0.003, "AdaGrad": 1.0,
              "RMSProp": 0.1, "Adam": 0.3, "AdamW": 0.3},
    "saddle x² − y²": {"SGD": 0.05, "Momentum": 0.01, "Nesterov": 0.01, "AdaGrad": 0.3,
                       "RMSProp": 0.05, "Adam": 0.1, "AdamW": 0.1},
    "Himmelblau": {"SGD": 0.01, "Momentum": 0.002, "Nesterov": 0.002, "AdaGrad": 0.5,
                   "RMSProp": 0.05, "Adam": 0.1, "AdamW": 0.1},
}


def race_explorer(name: str = "Rosenbrock", lr_scale: float = 1.0, momentum: float = 0.9,
                  steps: int = 200) -> Explorer:
    """All seven optimizers from one start on a chosen surface: trajectories and losses."""
    figure = _kept(lambda name: plots.Paths(SURFACES[name], _minima(name)))

    def draw(surface, x0, y0, lr_scale, momentum, steps):
        chosen, lrs = SURFACES[surface], RACE_LR[surface]
        opts = {f"{name}, lr {lr_scale * lrs[name]:.2g}": make(lr_scale * lrs[name], momentum)
                for name, make in RACERS.items()}  # each its own lr: say which
        runs = race(chosen, opts, (x0, y0), steps)
        return figure(surface).update(runs, f"{steps} steps from ({x0:.2f}, {y0:.2f}), "
                                            f"lr × {lr_scale:.2f}, μ = β1 = {momentum:.2f}")

    chosen = surface(name)
    if name not in RACE_LR:
        raise ValueError(f"the race runs on {', '.join(map(repr, RACE_LR))}; got {name!r}")
    return Explorer(draw, {
        "surface": ipw.Dropdown(options=list(RACE_LR), value=name, description="f(x, y) ="),
        "x0": _slider("x0", chosen.start[0], *chosen.xlim, 0.05),
        "y0": _slider("y0", chosen.start[1], *chosen.ylim, 0.05),
        "lr_scale": ipw.FloatLogSlider(value=lr_scale, base=10, min=-1, max=1, step=0.05,
                                       description="lr ×", readout_format=".2f"),
        "momentum": _slider("μ, β1", momentum, 0.0, 0.99, 0.01),
        "steps": ipw.IntSlider(value=steps, min=10, max=500, step=10, description="steps"),
    }, on_choice=_fit_point_sliders)


RACERS = {  # optimizer name -> make(lr, momentum), momentum doubling as Adam's beta1
    "SGD": lambda lr, mu: optim.SGD(lr),
    "Momentum": lambda lr, mu: optim.Momentum(lr, mu),
    "Nesterov": lambda lr, mu: optim.Nesterov(lr, mu),
    "AdaGrad": lambda lr, mu: optim.AdaGrad(lr),
    "RMSProp": lambda lr, mu: optim.RMSProp(lr),
    "Adam": lambda lr, mu: optim.Adam(lr, beta1=mu),
    "AdamW": lambda lr, mu: optim.AdamW(lr, beta1=mu),
}


def race(chosen: functions.Surface, opts: dict, start, steps: int) -> dict:
    """Each optimizer's trajectory from start. Its label says "(diverged at step n)" if it ran
    off to infinity (the run is cut there), or if f is still blowing up at the end: from step n
    on, f stays more than 10 times as far above f(start) as |f(start)| + 1 (a run that is
    growing geometrically but has not yet reached infinity in these steps)."""
    runs = {}
    for label, opt in opts.items():
        try:
            path = optim.minimize(opt, lambda p: chosen.gradient(*p), start, steps)
        except optim.Diverged as err:
            runs[f"{label} (diverged at step {len(err.trajectory)})"] = err.trajectory
            continue
        step = _blown_from(chosen.f(path[:, 0], path[:, 1]))
        if step is not None:
            label += f" (diverged at step {step})"
        runs[label] = path
    return runs


def _blown_from(values):
    """The step from which values (f or a loss, one per step, the start first) stay more than
    10 times as far above the start as |start| + 1, if they still do at the end; else None."""
    values = np.asarray(values)
    blown = values > values[0] + 10 * (abs(values[0]) + 1)
    return int(len(blown) - np.argmin(blown[::-1])) if blown[-1] else None


@functools.cache
def _minima(name: str) -> list:
    """The minima of a surface in its window (found once, then remembered)."""
    chosen = SURFACES[name]
    return [p for p in functions.critical_points(chosen)
            if functions.classify(chosen.hessian(*p)) == "minimum"]


def minibatch_explorer(batch_size: int = 5, lr: float = 0.05, epochs: int = 20) -> Explorer:
    """Minibatch gradient descent fitting a line to 50 noisy points: batch size and learning
    rate as sliders, the loss on all the data after every step, and the line it ends on."""
    x, y = datasets.line(n=50, slope=2.0, intercept=3.0, noise=0.5, seed=0)
    w_best, b_best = np.polyfit(x, y, 1)

    def draw(batch_size, lr):
        path, losses = minibatch_descent(x, y, batch_size, lr, epochs)
        planned = epochs * -(-len(x) // batch_size)
        stopped = len(path) <= planned  # it blew up to 1e8 and was cut there
        return plots.minibatch_run(x, y, path, losses, batch_size, lr, w_best, b_best,
                                   diverged_at=len(path) if stopped else _blown_from(losses))

    return Explorer(draw, {
        "batch_size": ipw.IntSlider(value=batch_size, min=1, max=50, step=1,
                                    description="batch size"),
        "lr": ipw.FloatSlider(value=lr, min=0.005, max=0.3, step=0.005, description="lr",
                              readout_format=".3f"),
    })


def minibatch_descent(x, y, batch_size: int, lr: float, epochs: int, seed: int = 0):
    """Minibatch gradient descent on the mean squared error of y ≈ w x + b, from (0, 0): each
    epoch shuffles the data (seeded) and steps once per batch of batch_size points.

    Returns (path, losses): (w, b) after each step (the start first) and the loss on all the
    data there. A run that blows up stops where it did."""
    rng, params = np.random.default_rng(seed), np.zeros(2)
    opt = optim.SGD(lr)
    path, losses = [params.copy()], [np.mean((y - params[1]) ** 2)]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            order = rng.permutation(len(x))
            for start in range(0, len(x), batch_size):
                batch = order[start:start + batch_size]
                residual = y[batch] - (params[0] * x[batch] + params[1])
                gradient = np.array([-2 * np.mean(residual * x[batch]),
                                     -2 * np.mean(residual)])
                if not np.all(np.isfinite(gradient)) or np.abs(params).max() > 1e8:
                    return np.array(path), np.array(losses)
                opt.step([params], [gradient])
                path.append(params.copy())
                losses.append(np.mean((y - (params[0] * x + params[1])) ** 2))
    return np.array(path), np.array(losses)
