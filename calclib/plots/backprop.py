"""Chapter 4's figures: a dense layer's shapes, regularizers, a classifier's decision
boundary as it trains, and gradient norms layer by layer.

Taught in notebooks/04_backpropagation.ipynb.
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from calclib.plots.base import (
    Live,
    _axes_through_origin,
    _few_ticks,
    _figure,
    _subplots,
    _tick_label,
)


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
              ("dW", n_in, n_out, "C1"), ("   ", 0, 0, ""), ("db", 1, n_out, "C1"),
              ("   ", 0, 0, ""), ("dZ", N, n_out, "C2"),
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
            vector = name in ("b", "db")  # a vector of length n_out, drawn as one row
            ax.text(x + cols / 2, 0 if not vector else -0.5 - 0.1, f"{name}\nlength {cols}"
                    if vector else f"{name}\n{rows_}×{cols}", ha="center",
                    va="center" if not vector else "top", fontsize=10)
            x += cols + 0.2
        ax.set_xlim(-0.2, max(x, 18))
        ax.set_ylim(-max(N, n_in) / 2 - 0.3, max(N, n_in) / 2 + 0.3)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title, fontsize=11, loc="left")
    fig.suptitle(f"a batch of N = {N} examples, n_in = {n_in} inputs, n_out = {n_out} outputs: "
                 "every gradient has the shape of its parameter (b, db: vectors)", fontsize=11)
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
        self.ax_l.set_xlim(-0.04 * len(losses), 1.04 * len(losses))  # epoch 0 in view too
        for axis_ticks in (self.ax_l.yaxis.set_major_formatter,
                           self.ax_l.yaxis.set_minor_formatter):
            axis_ticks(FuncFormatter(_tick_label))  # 0.7, not 7×10⁻¹
        _few_ticks(self.ax_l)  # minor ticks at 2 and 5 only: 0.6, 0.7, 0.8, 0.9 would crowd
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
        # losses[k] is epoch k + 1's, taken before its step: at epoch 0, the untrained model's
        at = max(epoch - 1, 0)
        self.add(*ax_l.plot(epoch, losses[at], "o", color="C3", ms=7, mec="k", mew=0.5,
                            gid="point:epoch"))
        ax_l.set_title(f"loss {losses[at]:.3f}, " + ("the untrained model's" if epoch == 0 else
                       f"taken in epoch {epoch}, before its update"))
        self.add(ax_l.legend(loc="upper right", fontsize=9))
        self.moving += [*ax.spines.values(), ax.title, ax_l.title]  # the frame above the regions
        return self


VANISHING, EXPLODING = 0.8, 1.25  # per layer: below 0.8 the signal fades, above 1.25 it blows up


def per_layer(first, last, layers):
    """The factor by which a signal changes per layer, going from first to last over `layers`
    layers: (last / first)^(1 / (layers - 1))."""
    ratio = last / first if first > 0 else np.inf
    return ratio ** (1 / max(layers - 1, 1))


def _trend(first, last, way, layers):
    """How a signal changes from its first layer to its last, in words. The verdict is on the
    factor per layer (below VANISHING: vanishing, above EXPLODING: exploding), so that a deep
    network and a shallow one are judged alike."""
    ratio = last / first if first > 0 else np.inf
    factor = per_layer(first, last, layers)

    def times(r):
        if r < 1000:
            return f"{r:.0f}-fold" if r >= 10 else f"{r:.2g}-fold"
        mantissa, exponent = f"{r:.0e}".split("e")
        power = "10" + str(int(exponent)).translate(str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"))
        return f"{power}-fold" if mantissa == "1" else f"{mantissa}·{power}-fold"

    each = f"×{factor:.2f} a layer"
    if factor < VANISHING:
        return f"shrinks {times(1 / ratio)} {way}, {each}: vanishing"
    if factor > EXPLODING:
        return f"grows {times(ratio)} {way}, {each}: exploding"
    return f"changes ×{ratio:.2g} {way}, {each}: steady"


def gradient_norms(spreads, activation: str, scale: float) -> Figure:
    """The spread of each hidden layer's activations (forward) and of its backward signal
    delta = dL/dZ (backward), log scale. spreads: widgets.layer_spreads(...)'s dict.

    The verdicts judge the factor per layer (see _trend); where most units saturate, the
    forward title says so, since a steady spread of 0s and 1s is no healthy signal."""
    acts, deltas = spreads["activations"], spreads["deltas"]
    fig, (ax, ax_d) = _figure(2, (11, 4.6))
    layers = np.arange(1, len(acts) + 1)
    tiny = np.finfo(float).tiny
    saturated = float(np.mean(spreads.get("saturated", [0.0])))
    forward = "forward: A " + _trend(acts[0], acts[-1], "going up", len(acts))
    for a, values, color, ylabel, title in [
            (ax, acts, "C0", "spread (std) of activations A", forward),
            (ax_d, deltas, "C3", "spread (std) of δ = dL/dZ",
             "backward: δ " + _trend(deltas[-1], deltas[0], "going down", len(deltas)))]:
        values = np.maximum(values, tiny)
        a.semilogy(layers, values, "o-", color=color, lw=2)
        # whole layers, at most six ticks: each tick is five artists to make and draw
        a.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        a.set(xlabel="hidden layer (1 = next to the input)", ylabel=ylabel)
        # y given: matplotlib does not work out the title's height from the ticks at each
        # draw (nothing is above the axes), a third of this figure's drawing time
        a.set_title(title, fontsize=10, y=1.0)
        low, high = min(values), max(values)
        a.set_ylim(low / 10, high * 10)
        a.grid(True, which="major", alpha=0.3)
        _few_ticks(a)
    if saturated >= 0.25:  # a steady spread of units stuck near their limits
        ax.text(0.02, 0.04, f"but {100 * saturated:.0f}% of the units are saturated "
                f"(act′ below a tenth of act′(0)):\nthey pass almost no gradient back",
                transform=ax.transAxes, fontsize=9, color="C3", va="bottom")
    fig.suptitle(f"{activation}, weight scale {scale:.2f} × 1/√n_in, {len(acts)} hidden layers",
                 fontsize=11)
    return fig


def local_patterns(x: float = 3.0, y: float = -1.0, upstream: float = 2.0,
                   other: float = 5.0) -> Figure:
    """The four local patterns of backprop (CS231n), each a gate with inputs x, y and the
    gradient `upstream` arriving from above: add distributes it, multiply swaps the inputs,
    max routes it to the larger input, a copy (fan-out) adds the gradients of its uses
    (upstream and `other`). The gradients are computed by calclib.engine, not typed in."""
    from calclib import engine

    def grads(build):
        xv, yv = engine.Value(x), engine.Value(y)
        out = build(xv, yv)
        loss = engine.total(out) if isinstance(out, tuple) else out
        loss.backward()
        return xv.grad, yv.grad

    gates = [  # title, output label, x's gradient, y's gradient, gradients from above
        ("add distributes", f"x + y = {x + y:g}",
         *grads(lambda a, b: upstream * (a + b)), [upstream]),
        ("multiply swaps", f"x · y = {x * y:g}", *grads(lambda a, b: upstream * (a * b)),
         [upstream]),
        ("max routes", f"max(x, y) = {max(x, y):g}",
         *grads(lambda a, b: upstream * (b + engine.relu(a - b))), [upstream]),
        ("copy adds", "x used twice", *grads(lambda a, b: (upstream * a, other * a)),
         [upstream, other]),
    ]
    fig, axes = _subplots(1, 4, figsize=(12, 3.2),
                          gridspec_kw={"left": 0.01, "right": 0.99, "top": 0.8, "bottom": 0.02,
                                       "wspace": 0.08})
    box = {"boxstyle": "round,pad=0.3", "fc": "white", "ec": "0.3"}
    for k, (ax, (title, label, gx, gy, above)) in enumerate(zip(axes, gates, strict=True)):
        ax.set(xlim=(0, 1), ylim=(0, 1))
        ax.axis("off")
        ax.set_title(title, fontsize=11)
        copy = len(above) == 2
        inputs = [("x", x, gx, 0.72)] + ([] if copy else [("y", y, gy, 0.28)])
        outs = ([("use 1 of x", 0.78), ("use 2 of x", 0.22)] if copy else [(label, 0.5)])
        in_texts = {}
        for name, value, grad, height in inputs:
            in_texts[name] = ax.text(0.1, height, f"{name} = {value:g}", ha="center",
                                     va="center", fontsize=10, bbox=box, gid=f"node:{name}{k}")
            ax.text(0.1, height - 0.15, f"grad {grad:g}", ha="center", va="center",
                    fontsize=10, color="C3")
        for j, ((out_label, height), g) in enumerate(zip(outs, above, strict=True)):
            out = ax.text(0.72, height, out_label, ha="center", va="center", fontsize=10,
                          bbox=box, gid=f"node:out{k}{j}")
            ax.annotate("", xy=(0, 0.5), xycoords=out, xytext=(1, 0.5),
                        textcoords=in_texts["x"], gid=f"edge:x{k}->out{k}{j}",
                        arrowprops={"arrowstyle": "->", "color": "0.4", "shrinkA": 0,
                                    "shrinkB": 0})
            if not copy:
                ax.annotate("", xy=(0, 0.5), xycoords=out, xytext=(1, 0.5),
                            textcoords=in_texts["y"], gid=f"edge:y{k}->out{k}{j}",
                            arrowprops={"arrowstyle": "->", "color": "0.4", "shrinkA": 0,
                                        "shrinkB": 0})
            ax.text(0.72, height - 0.15, f"grad {g:g} from above", ha="center", va="center",
                    fontsize=10, color="C3")
    fig.suptitle("the local patterns of backprop: values in black, gradients in red",
                 fontsize=11)
    return fig
