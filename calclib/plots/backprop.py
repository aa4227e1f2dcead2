"""Chapter 4's figures: a dense layer's shapes, regularizers, a classifier's decision
boundary as it trains, and gradient norms layer by layer.

Taught in notebooks/04_backpropagation.ipynb.
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from calclib.plots.base import Live, _axes_through_origin, _few_ticks, _figure, _subplots


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
              ("dW", n_in, n_out, "C1"), ("   ", 0, 0, ""), ("dZ", N, n_out, "C2"),
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
            ax.text(x + cols / 2, 0, f"{name}\n{rows_}×{cols}", ha="center", va="center",
                    fontsize=10)
            x += cols + 0.2
        ax.set_xlim(-0.2, max(x, 18))
        ax.set_ylim(-max(N, n_in) / 2 - 0.3, max(N, n_in) / 2 + 0.3)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title, fontsize=11, loc="left")
    fig.suptitle(f"a batch of N = {N} examples, n_in = {n_in} inputs, n_out = {n_out} outputs: "
                 "every gradient has the shape of its parameter", fontsize=11)
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
        ax_l.set_title(f"loss {losses[at]:.3f}")
        self.add(ax_l.legend(loc="upper right", fontsize=9))
        self.moving += [*ax.spines.values(), ax.title, ax_l.title]  # the frame above the regions
        return self


def gradient_norms(norms, activation: str, scale: float) -> Figure:
    """The size of each layer's weight gradient ‖dW‖ (log scale), from the input to the top."""
    fig, ax = _figure(1, (9, 4.2))
    layers = np.arange(1, len(norms) + 1)
    ax.semilogy(layers, norms, "o-", color="C3", lw=2)
    if len(layers) <= 20:
        ax.set_xticks(layers)
    ax.set(xlabel="layer (1 = next to the input)", ylabel="‖dL/dW‖ (log scale)",
           title=f"{activation}, weight scale {scale:.2f}: gradients from {min(norms):.1e} to "
                 f"{max(norms):.1e}\nthe first layer's is {norms[0] / norms[-1]:.1e} × the "
                 "last layer's")
    ax.set_ylim(min(norms) / 10, max(norms) * 10)
    ax.grid(True, which="major", alpha=0.3)
    _few_ticks(ax)
    return fig

