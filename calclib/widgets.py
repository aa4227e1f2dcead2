"""The slider explorers: each function returns a widget whose controls redraw one figure.

Taught in notebooks/00_start_here.ipynb to
notebooks/06_convolution_and_pooling_gradients.ipynb.

An ``Explorer`` is controls above a figure. Moving a control calls the figure function from
``plots`` with the controls' values, encodes the figure as a PNG and shows it in place.
The last figure and PNG stay on the explorer (``.figure``, ``.png``; after a refused input,
``.figure`` is None and ``.png`` the last good picture), so tests can check them without a
browser: setting ``explorer.controls["x0"].value`` redraws, as dragging would.

Most explorers keep their figure (a ``plots.Live``, one per dropdown choice) instead of building
a new one at each move: what a slider does not change is drawn once and kept as a picture, and a
move draws only what changed on top of it, in a half to a fifth of the time a new figure takes.
The line, chain, graph, 1-D convolution, step-size and vanishing-gradient explorers, whose
figures change throughout (or are small), still draw a new figure each time.
"""

import base64
import contextlib
import functools
import gc
import io

import ipywidgets as ipw
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg

from calclib import conv, datasets, engine, functions, nn, optim, plots, symbolic
from calclib.functions import CURVES, SURFACES, Curve, curve, surface

DPI = 80  # figures 800 pixels wide: crisp in JupyterLab, quick to encode
MESSAGE_LENGTH = 200  # characters in the one-line message above a figure
LABEL_LENGTH = 60  # characters of a typed formula's derivative shown in the legend


class Explorer(ipw.VBox):
    """Controls above a figure; every change of a control redraws the figure."""

    def __init__(self, draw, controls: dict, on_choice=None):
        """on_choice(explorer), if given, runs when a dropdown changes, before the redraw:
        e.g. to fit the sliders' ranges to the chosen function."""
        self.draw, self.controls, self.on_choice = draw, controls, on_choice
        self.message = ipw.HTML()  # one-line feedback, e.g. why a typed formula was refused
        self.output = ipw.Output()
        self.figure, self.png = None, b""  # figure: None while the controls make none
        self._canvas = None
        self._holding = False
        for control in controls.values():
            control.observe(self._changed, names="value")
        row = ipw.HBox(list(controls.values()), layout=ipw.Layout(flex_flow="row wrap"))
        super().__init__([row, self.message, self.output])
        self.redraw()

    def _changed(self, change):
        if self._holding:  # on_choice is moving the sliders: draw once, afterwards
            return
        if self.on_choice is not None and isinstance(change.owner, ipw.Dropdown):
            self._holding = True
            try:
                self.on_choice(self)
            except Exception as err:  # whatever it is, the learner must see it
                self._report(err)
                return
            finally:
                self._holding = False
        self.redraw()

    def redraw(self):
        """Draw the figure for the controls' current values and show it in place.

        A control's change arrives as a widget message, not a cell: an exception raised here
        would vanish (JupyterLab shows nothing). So every failure is caught and shown as a
        one-line message above the last good picture, which stays.
        """
        values = {name: control.value for name, control in self.controls.items()}
        self.figure = None  # the last figure: garbage now, so it is freed while young
        with _young_garbage_collection():
            try:
                drawn = self.draw(**values)
            except Exception as err:  # shown to the learner, not swallowed
                self._report(err)
                return
            live = drawn if isinstance(drawn, plots.Live) else None
            figure = live.figure if live else drawn
            try:
                png = self._png(figure, live)
            except Exception as err:  # matplotlib's, never the learner's input
                self._report(err, ours=True)
                return
            self.message.value = ""
            self.figure, self.png = figure, png
        # the figure's own height, kept fixed, so the page does not jump while it redraws
        self.output.layout.height = f"{figure.get_figheight() * DPI + 10:.0f}px"
        # The picture is the Output's state, replaced in one message. Not `with self.output:`
        # display(...): output captured while a cell runs is sent back on the shell channel by a
        # headless client (nbclient, nbconvert) as it waits there for the cell's reply, which can
        # hang it (tests/kernel/test_headless.py); and in JupyterLab each captured message made
        # the page send the whole PNG back to the kernel, which sent it back again.
        self.output.outputs = ({"output_type": "display_data", "metadata": {},
                                "data": {"image/png": base64.b64encode(self.png).decode("ascii"),
                                         "text/plain": repr(figure)}},)

    def _report(self, err: Exception, ours: bool = False):
        """Show why the controls' values could not be drawn, in one line; keep the last PNG.

        A ValueError from the figure function is the learner's input refused, its message
        written for them; anything else (ours=True: a failure while rendering) is a fault of
        ours, named by its type so that it can be reported.
        """
        text = str(err).strip().splitlines()[0] if str(err).strip() else ""
        if ours or not isinstance(err, ValueError):
            text = f"could not draw this ({type(err).__name__}{': ' + text if text else ''})"
        if len(text) > MESSAGE_LENGTH:
            text = text[:MESSAGE_LENGTH - 1] + "…"
        self.message.value = f"<span style='color:#b00020'>⚠ {_escape(text)}</span>"

    def _png(self, figure, live=None) -> bytes:
        """The figure as PNG bytes; live: the plots.Live it belongs to, if it is one.

        Drawn on this explorer's one Agg canvas: its renderer, and the text sizes and math that
        matplotlib caches per renderer, last from redraw to redraw. A Live figure's still parts
        are drawn once and kept as a picture; each later redraw pastes that picture and draws
        only the moving artists on it.
        """
        figure.set_dpi(DPI)
        if self._canvas is None:
            self._canvas = FigureCanvasAgg(figure)
        self._canvas.figure = figure
        figure.set_canvas(self._canvas)
        try:
            if live is None:
                self._canvas.draw()
            else:
                for artist in live.moving:
                    artist.set_animated(True)  # left out of the kept picture
                if live.still is None:
                    self._canvas.draw()
                    live.still = self._canvas.copy_from_bbox(figure.bbox)
                else:
                    self._canvas.restore_region(live.still)
                for artist in live.moving:
                    figure.draw_artist(artist)
            buffer = io.BytesIO()
            # RGB: the figure is opaque; zlib level 1: 20-25 ms less per redraw than level 6
            PIL.Image.fromarray(np.asarray(self._canvas.buffer_rgba())).convert("RGB").save(
                buffer, format="png", compress_level=1)
        finally:  # hold on to the renderer, not the figure: it must die young
            self._canvas.figure = None
        return buffer.getvalue()


@contextlib.contextmanager
def _young_garbage_collection():
    """Collect the young generations, then pause the cyclic GC while the next figure is drawn.

    A figure is tens of thousands of objects in reference cycles. Left to the automatic GC,
    each one is promoted to the oldest generation while it is drawn, and only a full
    collection, which scans every object in the kernel, frees it: a 40-70 ms pause every few
    redraws. Freed while still young, the last figure costs a few milliseconds.
    """
    gc.collect(1)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def line_explorer(m: float = 1.5, b: float = 0.0) -> Explorer:
    """Sliders for the slope m and intercept b of a line (the warm-up in 00_start_here)."""
    return Explorer(plots.line, {
        "m": _slider("slope m", m, -4, 4, 0.1),
        "b": _slider("intercept b", b, -4, 4, 0.1),
    })


def tangent_explorer(curve: str = "sin(x)", x0: float = 1.0) -> Explorer:
    """Pick a function and slide x0: the tangent at x0 and the point (x0, f'(x0))."""
    figure = _kept(lambda name: plots.Tangent(CURVES[name]))
    return Explorer(lambda curve, x0: figure(curve).update(x0), {
        "curve": _curve_dropdown(curve),
        "x0": _slider("x0", x0, -2.5, 2.5, 0.05),
    })


def secant_explorer(curve: str = "sin(x)", x0: float = 1.0, h: float = 1.0) -> Explorer:
    """Shrink h (log scale) and watch the secant through x0 and x0 + h turn into the tangent."""
    figure = _kept(lambda name, x0: plots.Secant(CURVES[name], x0), maxsize=1)
    return Explorer(lambda curve, x0, h: figure(curve, x0).update(h), {
        "curve": _curve_dropdown(curve),
        "x0": _slider("x0", x0, -2.5, 2.5, 0.05),
        "h": ipw.FloatLogSlider(value=h, base=10, min=-3, max=0, step=0.05, description="h",
                                readout_format=".3f"),
    })


def formula_explorer(formula: str = "x**3 - 2*x", x0: float = 1.0) -> Explorer:
    """Type f(x): see f with its tangent, f' from SymPy, and finite-difference dots on f'."""
    text = ipw.Text(value=formula, description="f(x) =", continuous_update=False,
                    placeholder="e.g. x*sin(x), exp(-x^2), sigmoid(x)",
                    layout=ipw.Layout(width="340px"))
    figure = _kept(_formula_tangent, maxsize=8)
    return Explorer(lambda formula, x0: figure(formula).update(x0),
                    {"formula": text, "x0": _slider("x0", x0, -3, 3, 0.05)})


def slice_explorer(surface: str = "saddle x² − y²", x0: float | None = None,
                   y0: float | None = None) -> Explorer:
    """A surface cut along x and along y through (x0, y0): the slices' slopes are the partials."""
    return _surface_explorer(plots.Slices, surface, x0, y0)


def gradient_explorer(surface: str = "Himmelblau", x0: float | None = None,
                      y0: float | None = None) -> Explorer:
    """Contours with gradient arrows; drag (x0, y0) and its steepest-ascent arrow follows."""
    return _surface_explorer(plots.GradientField, surface, x0, y0)


def directional_explorer(surface: str = "valley x² + 10y²", angle: float = 30.0) -> Explorer:
    """Turn a direction u around the surface's start point: the rate of change of f along u."""
    figure = _kept(lambda name: plots.Directional(SURFACES[name], *SURFACES[name].start))
    return Explorer(
        lambda surface, angle: figure(surface).update(angle),
        {"surface": _surface_dropdown(surface),
         "angle": ipw.FloatSlider(value=angle, min=0, max=360, step=5, description="angle (°)",
                                  readout_format=".0f")})


def regression_explorer(theta0: float = 0.0, theta1: float = 0.0) -> Explorer:
    """Fit a line by hand: sliders for intercept and slope; the loss surface and -∇L beside it."""
    x, y = datasets.line()
    loss = functions.regression_loss(x, y)
    return Explorer(plots.Regression(x, y).update, {
        "theta0": _slider("θ0", theta0, *loss.xlim, 0.05),
        "theta1": _slider("θ1", theta1, *loss.ylim, 0.05),
    })


def chain_explorer(x0: float = 1.5, dx: float = 0.1) -> Explorer:
    """x -> u = x^2 -> y = sin(u): a nudge of x, stretched at each stage of the chain."""
    return Explorer(plots.chain_stretch, {
        "x0": _slider("x0", x0, -2, 2, 0.05),
        "dx": ipw.FloatLogSlider(value=dx, base=10, min=-2, max=np.log10(0.3), step=0.05,
                                 description="Δx", readout_format=".3f"),
    })


def forward_pass_explorer(step: int = 1, x: float = 2.0, y: float = 3.0) -> Explorer:
    """The graph of F = (x + y)(x y), computed one operation at a time."""
    return Explorer(lambda step, x, y: plots.graph(example_graph(x, y), step=step), {
        "step": ipw.IntSlider(value=step, min=0, max=3, description="step"),
        "x": _slider("x", x, -3, 3, 0.1),
        "y": _slider("y", y, -3, 3, 0.1),
    })


def example_graph(x: float = 2.0, y: float = 3.0):
    """F = u v with u = x + y and v = x y, as labelled engine Values (chapter 3's example)."""
    x, y = engine.Value(x, "x"), engine.Value(y, "y")
    u = x + y
    v = x * y
    F = u * v
    u.label, v.label, F.label = "u", "v", "F"
    return F


def neuron_graph(x1=2.0, x2=0.0, w1=-3.0, w2=1.0, b=6.8813735870195432):
    """o = tanh(x1 w1 + x2 w2 + b) as labelled engine Values (chapter 4's neuron)."""
    x1, x2, w1, w2, b = (engine.Value(v, name) for v, name in
                         [(x1, "x1"), (x2, "x2"), (w1, "w1"), (w2, "w2"), (b, "b")])
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    s = x1w1 + x2w2
    n = s + b
    o = engine.tanh(n)
    for node, name in [(x1w1, "x1w1"), (x2w2, "x2w2"), (s, "s"), (n, "n"), (o, "o")]:
        node.label = name
    return o


def backward_explorer(step: int = 4) -> Explorer:
    """The neuron's graph after backward(), its gradients revealed one node at a time."""
    o = neuron_graph()
    o.backward()
    nodes = len(engine.topological_order(o))
    return Explorer(lambda step: plots.graph(o, backward_step=step), {
        "step": ipw.IntSlider(value=step, min=0, max=nodes - 1, description="step")})


def training_explorer(X, labels, snapshots, losses) -> Explorer:
    """Slide through training: the decision boundary at each saved epoch, and the loss curve.

    snapshots: list of (epoch, model) pairs, e.g. copies of an nn.MLP saved while training.
    """
    if not snapshots:
        raise ValueError("snapshots is empty: save (epoch, model) pairs while training")
    figure = plots.DecisionBoundary(X, labels, losses)
    return Explorer(
        lambda snapshot: figure.update(snapshots[snapshot][1].predict, snapshots[snapshot][0]),
        {"snapshot": ipw.IntSlider(value=len(snapshots) - 1, min=0, max=len(snapshots) - 1,
                                   description="snapshot")})


def vanishing_explorer(depth: int = 10, activation: str = "sigmoid",
                       scale: float = 1.0) -> Explorer:
    """Gradient size per layer of a deep network: choose depth, activation and weight scale."""
    return Explorer(lambda depth, activation, scale: plots.gradient_norms(
        layer_gradient_norms(depth, activation, scale), activation, scale), {
        "depth": ipw.IntSlider(value=depth, min=2, max=30, description="depth"),
        "activation": ipw.Dropdown(options=list(nn.ACTIVATIONS), value=activation,
                                   description="activation"),
        "scale": ipw.FloatLogSlider(value=scale, base=10, min=-1, max=1, step=0.05,
                                    description="weight scale", readout_format=".2f"),
    })


def layer_gradient_norms(depth: int, activation: str, scale: float, width: int = 32,
                         seed: int = 0):
    """‖dL/dW‖ of each layer of an MLP with `depth` hidden layers, on a random batch.

    Weights are N(0, 1) * scale / sqrt(n_in); scale 1 keeps a tanh network's signal steady.
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((64, width))
    labels = rng.integers(0, 10, 64)
    model = nn.MLP([width] * (depth + 1) + [10], activation=activation, seed=seed,
                   weight_scale=scale)
    _, dlogits = nn.softmax_cross_entropy(model.forward(X), labels)
    model.backward(dlogits)
    return [float(np.linalg.norm(g)) for g in model.grads[0::2]]


def step_size_explorer(lr: float = 0.3) -> Explorer:
    """Gradient descent on (theta - 3)^2 with a learning-rate slider: slow, right, oscillating,
    divergent."""
    return Explorer(plots.step_size, {"lr": _slider("lr", lr, 0.02, 1.1, 0.02)})


def momentum_explorer(lr: float = 0.07, momentum: float = 0.5, steps: int = 40) -> Explorer:
    """Gradient descent, Momentum and Nesterov on the ill-conditioned valley."""
    valley = surface("valley x² + 10y²")
    figure = plots.Paths(valley, minima=[(0.0, 0.0)])

    def draw(lr, momentum):
        runs = race(valley, {"gradient descent": optim.SGD(lr),
                             f"Momentum (μ = {momentum:.2f})": optim.Momentum(lr, momentum),
                             f"Nesterov (μ = {momentum:.2f})": optim.Nesterov(lr, momentum)},
                    valley.start, steps)
        return figure.update(runs, f"{steps} steps at lr = {lr:.3f} on x² + 10y²")

    return Explorer(draw, {"lr": _slider("lr", lr, 0.005, 0.1, 0.005),
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
        opts = {name: make(lr_scale * lrs[name], momentum)
                for name, make in RACERS.items()}
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
    """Each optimizer's trajectory from start; one that diverges is cut where it did, and its
    label says so."""
    runs = {}
    for label, opt in opts.items():
        try:
            runs[label] = optim.minimize(opt, lambda p: chosen.gradient(*p), start, steps)
        except optim.Diverged as err:
            runs[f"{label} (diverged at step {len(err.trajectory)})"] = err.trajectory
    return runs


@functools.cache
def _minima(name: str) -> list:
    """The minima of a surface in its window (found once, then remembered)."""
    chosen = SURFACES[name]
    return [p for p in functions.critical_points(chosen)
            if functions.classify(chosen.hessian(*p)) == "minimum"]


def convolution_explorer(step: int = 5, stride: int = 1, padding: int = 0) -> Explorer:
    """Slide the kernel window over datasets.EDGE_IMAGE one output at a time; choose the stride
    and padding and watch the output's size change."""
    figure = _kept(lambda stride, padding: plots.SlidingWindow(
        datasets.EDGE_IMAGE, datasets.EDGE_KERNEL, stride, padding))
    return Explorer(
        lambda step, stride, padding: figure(stride, padding).update(step), {
            "stride": ipw.Dropdown(options=[1, 2, 3], value=stride, description="stride"),
            "padding": ipw.Dropdown(options=[0, 1, 2], value=padding, description="padding"),
            "step": ipw.IntSlider(value=step, min=0, max=_window_count(stride, padding) - 1,
                                  description="window"),
        }, on_choice=_fit_step_slider)


def conv1d_explorer(highlight: int = 3) -> Explorer:
    """A 1-D convolution as lines from inputs to outputs: pick an input x_k and see which
    outputs it feeds, through which weights: the terms of dL/dx_k."""
    return Explorer(lambda highlight: plots.conv1d_connections(7, 3, highlight), {
        "highlight": ipw.IntSlider(value=highlight, min=0, max=6, description="input k")})


def conv_gradient_explorer(i: int = 1, j: int = 2) -> Explorer:
    """dL/dY = 1 at output (i, j) only: dL/dW is the patch that window saw, and dL/dX is the
    kernel put back where the window was."""
    out = datasets.EDGE_IMAGE.shape[0] - datasets.EDGE_KERNEL.shape[0] + 1
    figure = plots.ConvGradients(datasets.EDGE_IMAGE, datasets.EDGE_KERNEL)

    def draw(i, j):
        dout = np.zeros((out, out))
        dout[i, j] = 1.0
        return figure.update(dout, window=(i, j))

    return Explorer(draw, {"i": ipw.IntSlider(value=i, min=0, max=out - 1, description="row i"),
                           "j": ipw.IntSlider(value=j, min=0, max=out - 1, description="col j")})


def pooling_explorer(size: int = 2, stride: int = 2) -> Explorer:
    """Max- and average-pooling of a 6x6 input with a chosen window size and stride, and
    where each sends the gradient; with stride < size the windows overlap and gradients add."""
    x = datasets.EDGE_IMAGE + np.arange(36).reshape(6, 6) % 5 / 4  # ties broken, mostly
    figure = plots.PoolingGradients(x)

    def draw(size, stride):
        out = conv.output_size(6, size, stride)
        dout = np.arange(1.0, out * out + 1).reshape(out, out)
        return figure.update(dout, size, stride)

    return Explorer(draw, {
        "size": ipw.Dropdown(options=[2, 3], value=size, description="window"),
        "stride": ipw.Dropdown(options=[1, 2, 3], value=stride, description="stride")})


def _window_count(stride, padding):
    """How many windows the convolution explorer's kernel takes on its padded image."""
    side = conv.output_size(datasets.EDGE_IMAGE.shape[0], datasets.EDGE_KERNEL.shape[0],
                            stride, padding)
    return side * side


def _fit_step_slider(explorer):
    """Give the window slider as many steps as there are windows; keep it in range."""
    slider = explorer.controls["step"]
    controls = explorer.controls
    slider.max = _window_count(controls["stride"].value, controls["padding"].value) - 1
    slider.value = min(slider.value, slider.max)


def _surface_explorer(live, name, x0, y0):
    """A surface dropdown and (x0, y0) sliders spanning the chosen surface's window, drawing
    live(surface).update(x0, y0): a plots.Live figure kept for each surface."""
    chosen = surface(name)
    x0, y0 = chosen.start[0] if x0 is None else x0, chosen.start[1] if y0 is None else y0
    figure = _kept(live)
    return Explorer(lambda surface, x0, y0: figure(SURFACES[surface]).update(x0, y0), {
        "surface": _surface_dropdown(name),
        "x0": _slider("x0", x0, *chosen.xlim, 0.05),
        "y0": _slider("y0", y0, *chosen.ylim, 0.05),
    }, on_choice=_fit_point_sliders)


def _fit_point_sliders(explorer):
    """Give the x0 and y0 sliders the chosen surface's window, and put them at its start."""
    chosen = SURFACES[explorer.controls["surface"].value]
    for name, (low, high), start in [("x0", chosen.xlim, chosen.start[0]),
                                     ("y0", chosen.ylim, chosen.start[1])]:
        slider = explorer.controls[name]
        slider.min, slider.max = min(low, slider.min), max(high, slider.max)  # never min > max
        slider.min, slider.max, slider.value = low, high, start


def _surface_dropdown(name):
    surface(name)  # a clear error for an unknown name
    return ipw.Dropdown(options=list(SURFACES), value=name, description="f(x, y) =")


def _formula_tangent(formula: str) -> plots.Tangent:
    """The tangent figure for a typed formula, differentiated by SymPy."""
    f = symbolic.parse(formula, variables=("x",))
    df = symbolic.derivative(f, "x")
    label = str(df)  # the legend's f'(x) = ...: one line
    if len(label) > LABEL_LENGTH:
        label = label[:LABEL_LENGTH - 1] + "…"
    return plots.Tangent(Curve(formula, symbolic.lambdify(f, "x"), symbolic.lambdify(df, "x"),
                               label))


def _kept(make, maxsize=None):
    """make(*key) -> a plots.Live figure, built the first time a key is chosen and kept (the
    last maxsize keys, or all)."""
    return functools.lru_cache(maxsize=maxsize)(make)


def _slider(description, value, low, high, step):
    return ipw.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                           continuous_update=True, readout_format=".2f")


def _curve_dropdown(name):
    curve(name)  # a clear error for an unknown name
    return ipw.Dropdown(options=list(CURVES), value=name, description="f(x) =")


def _escape(err) -> str:
    return str(err).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
