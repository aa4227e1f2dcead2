"""Chapter 6's figures: convolution as a sliding window, its gradients, pooling's gradients,
the training images and the learned kernels.

Taught in notebooks/06_convolution_and_pooling_gradients.ipynb.
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from calclib import conv
from calclib.functions import relu
from calclib.plots.base import Live, _figure, _number, _subplots


def sliding_window(x, w, step: int, stride: int = 1, padding: int = 0) -> Figure:
    """Convolution as a sliding dot product: the window for output number `step` (in reading
    order) on the padded input, the kernel, and the output filled in up to that step."""
    return SlidingWindow(x, w, stride, padding).update(step).figure


class SlidingWindow(Live):
    """The figure of sliding_window(), kept by an explorer: the padded input and the kernel are
    drawn once per stride and padding; update(step) moves the window and fills the output."""

    def __init__(self, x, w, stride: int = 1, padding: int = 0):
        x, self.w = np.asarray(x, float), np.asarray(w, float)
        self.stride, self.padding = stride, padding
        self.out = conv.conv2d_loops(x[None, None], self.w[None, None], [0.0], stride,
                                     padding)[0, 0]
        self.xp = np.pad(x, padding)
        self.figure, (self.ax_x, ax_w, self.ax_y) = _figure(3, (13, 4.9))
        _cells(self.ax_x, self.xp, f"input x ({x.shape[0]}×{x.shape[1]})"
               + (f" with {padding} ring{'s' * (padding > 1)} of zeros" if padding else ""),
               cmap="Greys", color_zero=False)
        if padding:
            inside = Rectangle((padding - 0.5, padding - 0.5), x.shape[1], x.shape[0],
                               fill=False, ec="0.5", lw=1.5, ls="--")
            self.ax_x.add_patch(inside)
        _cells(ax_w, self.w, f"kernel w ({self.w.shape[0]}×{self.w.shape[1]})")
        self.sizes = x.shape[0], self.w.shape[0]
        super().__init__()

    def update(self, step: int) -> "SlidingWindow":
        """Show window number `step` (reading order) and the output up to it."""
        out, w, stride, padding = self.out, self.w, self.stride, self.padding
        i, j = divmod(step, out.shape[1])
        self.clear()
        self.add(_outline(self.ax_x, stride * i, stride * j, w.shape, "C3"))
        shown = np.full(out.shape, np.nan)
        shown.flat[:step + 1] = out.flat[:step + 1]
        window = self.xp[stride * i:stride * i + w.shape[0], stride * j:stride * j + w.shape[1]]
        self.add(*_cells(self.ax_y, shown,
                         f"out[{i}, {j}] = Σ window × w = {np.sum(window * w):.3g}",
                         vmax=np.abs(out).max()), moving=False)
        self.add(_outline(self.ax_y, i, j, (1, 1), "C3"), moving=False)
        H, K = self.sizes
        title = self.figure.suptitle(
            f"stride {stride}, padding {padding}: the output is ⌊(H + 2P − K)/S⌋ + 1 = "
            f"⌊({H} + 2·{padding} − {K})/{stride}⌋ + 1 = {out.shape[0]} wide; "
            f"window {step} (windows are numbered 0 to {out.size - 1})", fontsize=11)
        self.moving += [self.ax_y, title]
        return self


def conv1d_connections(n: int = 7, k: int = 3, highlight: int = 3) -> Figure:
    """A 1-D convolution y_i = Σ_p w_p x_(i+p) as a graph: each line is one product w_p x_(i+p).
    The lines into x_highlight are the terms of dL/dx_highlight."""
    fig, ax = _subplots(figsize=(10, 3.9))
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.05, top=0.8)
    outputs = n - k + 1
    terms = []
    for i in range(outputs):
        for p in range(k):
            lit = i + p == highlight
            ax.plot([i + p, i + (k - 1) / 2], [0, 1], color=f"C{p}", lw=3 if lit else 1,
                    alpha=1 if lit else 0.25, zorder=1)
            if lit:
                terms.append(f"dL/dy{_sub(i)}·w{_sub(p)}")
    for i in range(n):
        ax.text(i, 0, f"x{_sub(i)}", ha="center", va="center", fontsize=12, bbox={
            "boxstyle": "circle", "fc": "#ffd8a8" if i == highlight else "#d0ebff", "ec": "0.4"})
    for i in range(outputs):
        ax.text(i + (k - 1) / 2, 1, f"y{_sub(i)}", ha="center", va="center", fontsize=12,
                bbox={"boxstyle": "circle", "fc": "#b2f2bb", "ec": "0.4"})
    for p in range(k):
        ax.plot([], [], color=f"C{p}", lw=3, label=f"w{_sub(p)}")
    ax.legend(loc="center right", fontsize=10, title="line colour")
    ax.set_xlim(-0.7, n + 0.8)
    ax.set_ylim(-0.35, 1.35)
    ax.axis("off")
    fed = f"{len(terms)} output{'s' if len(terms) > 1 else ''}"
    ax.set_title(f"y = x ⋆ w (kernel of {k}, no flip). x{_sub(highlight)} feeds "
                 f"{fed}, so\ndL/dx{_sub(highlight)} = " + " + ".join(terms)
                 + "  — the kernel read backwards", fontsize=11)
    return fig


def conv_gradients(x, w, dout, stride: int = 1, padding: int = 0, window=None) -> Figure:
    """One channel's convolution gradients as images: x, w, the incoming dL/dY, and the
    dL/dW and dL/dX it produces. window=(i, j) outlines that output's patch of x."""
    return ConvGradients(x, w, stride, padding).update(dout, window).figure


class ConvGradients(Live):
    """The figure of conv_gradients(), kept by an explorer: x and w, and the frames of the
    other three panels, are drawn once; update() fills in dL/dY and the dL/dW and dL/dX it
    gives."""

    TITLES = ("dL/dY, from the layer above", "dL/dW = Σ dL/dY[i,j] · patch(i,j)",
              "dL/dX = Σ dL/dY[i,j] · w, put back")

    def __init__(self, x, w, stride: int = 1, padding: int = 0):
        x, self.w = np.asarray(x, float), np.asarray(w, float)
        self.stride, self.padding = stride, padding
        out, self.cache = conv.conv2d(x[None, None], self.w[None, None], [0.0], stride,
                                      padding)
        self.figure, self.axes = _figure(5, (15.5, 4.0))
        _cells(self.axes[0], np.pad(x, padding),
               "input x" + (" (zero-padded)" if padding else ""), cmap="Greys", color_zero=False)
        _cells(self.axes[1], self.w, "kernel w")
        for ax, shape, title in zip(self.axes[2:], [out.shape[2:], self.w.shape, x.shape],
                                    self.TITLES, strict=True):
            _frame(ax, *shape, title)
        super().__init__()

    def update(self, dout, window=None) -> "ConvGradients":
        """Draw the gradients for this dL/dY; window=(i, j) outlines that output's patch."""
        dout = np.asarray(dout, float)
        dx, dw, _ = conv.conv2d_backward(dout[None, None], self.cache)
        self.clear()
        for ax, values in zip(self.axes[2:], [dout, dw[0, 0], dx[0, 0]], strict=True):
            _fill(self, ax, values)
        if window is not None:
            i, j = window
            top, left = self.stride * i, self.stride * j
            self.add(_outline(self.axes[0], top, left, self.w.shape, "C3"))
            self.add(_outline(self.axes[2], i, j, (1, 1), "C3"))
            self.add(_outline(self.axes[4], top - self.padding, left - self.padding,
                              self.w.shape, "C3"))
        return self


def _fill(live, ax, values, **style):
    """Draw a matrix's cells into a frame kept in live's picture (_frame), as moving artists in
    the z-order of a full draw: the image, the frame's spines over it, then the numbers."""
    image, *numbers = _cell_values(ax, values, **style)
    live.add(image)
    live.moving += ax.spines.values()
    live.add(*numbers)


def coverage(size: int, kernel: int, settings) -> Figure:
    """For each (stride, padding): dL/dX when every dL/dY is 1 and w is all ones, which is how
    many windows see each input pixel. Zero means the pixel gets no gradient at all."""
    fig, axes = _figure(len(settings), (3.6 * len(settings) + 0.5, 4.3))
    for ax, (stride, padding) in zip(np.atleast_1d(axes), settings, strict=True):
        x, w = np.zeros((1, 1, size, size)), np.ones((1, 1, kernel, kernel))
        out, cache = conv.conv2d(x, w, [0.0], stride, padding)
        dx = conv.conv2d_backward(np.ones_like(out), cache)[0][0, 0]
        _cells(ax, dx, f"stride {stride}, padding {padding}\noutput {out.shape[2]}×"
                       f"{out.shape[3]}; seen {dx.min():.0f} to {dx.max():.0f} times",
               cmap="viridis", color_zero=False)
    fig.suptitle(f"How many {kernel}×{kernel} windows see each pixel of a {size}×{size} input "
                 "(= dL/dX for dL/dY = 1, w = 1)", fontsize=11)
    return fig


def pooling_gradients(x, dout, size: int = 2, stride: int = 2) -> Figure:
    """Max- and average-pooling of one channel, and where each sends the gradient dout."""
    return PoolingGradients(x).update(dout, size, stride).figure


class PoolingGradients(Live):
    """The figure of pooling_gradients(), kept by an explorer: the input's cells are drawn once;
    update(dout, size, stride) redraws the windows and the four panels they give."""

    def __init__(self, x):
        self.x = np.asarray(x, float)
        self.figure, self.axes = _figure(5, (15.5, 4.0))
        _cells(self.axes[0], self.x, "input x", cmap="Greys", color_zero=False)
        _frame(self.axes[3], *self.x.shape,  # the two dL/dx have x's shape: their frames stay
               "max-pool dL/dx: all to the max\n(ties: first in reading order;\nblank cells get 0)")
        _frame(self.axes[4], *self.x.shape, "")  # its title names the window size: it moves
        super().__init__()

    def update(self, dout, size: int = 2, stride: int = 2) -> "PoolingGradients":
        """Pool with size x size windows at this stride, and send dout back through."""
        x, axes, dout = self.x, self.axes, np.asarray(dout, float)
        out, cache = conv.maxpool2d(x[None, None], size, stride)
        _, avg_cache = conv.avgpool2d(x[None, None], size, stride)
        dx_max = conv.maxpool2d_backward(dout[None, None], cache)[0, 0]
        dx_avg = conv.avgpool2d_backward(dout[None, None], avg_cache)[0, 0]
        self.clear()
        axes[0].set_title(f"input x, {size}×{size} windows" + (
            "" if stride >= size else "\n(overlapping: not outlined)"), fontsize=10)
        if stride >= size:  # windows side by side: outline each (overlapping ones would tangle)
            for i in range(out.shape[2]):
                for j in range(out.shape[3]):
                    self.add(_outline(axes[0], stride * i, stride * j, (size, size),
                                      f"C{i * out.shape[3] + j}"))
        for ax, values, title in [(axes[1], out[0, 0], "max-pool: each window's max"),
                                  (axes[2], dout, "dL/d(output), from above")]:
            self.add(*_cells(ax, values, title), moving=False)  # their shape changes too
        self.moving += [axes[0].title, axes[1], axes[2]]
        _fill(self, axes[3], dx_max, blank_zero=True)
        _fill(self, axes[4], dx_avg, blank_zero=True)
        axes[4].set_title(f"avg-pool dL/dx: shared,\neach gets dL/d(output) / {size * size}",
                          fontsize=10)
        self.moving.append(axes[4].title)
        return self


def images(X, labels, names, per_class: int = 6) -> Figure:
    """A few images of each class, one row per class."""
    classes = len(names)
    fig, axes = _subplots(classes, per_class, figsize=(1.3 * per_class + 1.2, 1.4 * classes))
    fig.subplots_adjust(left=0.13, right=0.98, bottom=0.02, top=0.9, wspace=0.08, hspace=0.1)
    for k, row in enumerate(np.atleast_2d(axes)):
        chosen = np.flatnonzero(labels == k)[:per_class]
        for ax, index in zip(row, chosen, strict=False):
            ax.imshow(X[index, 0], cmap="Greys_r")
            ax.set(xticks=[], yticks=[])
        row[0].set_ylabel(names[k], fontsize=11)
    fig.suptitle(f"the data: {X.shape[2]}×{X.shape[3]} images, one bar each, plus noise",
                 fontsize=11)
    return fig


def learned_kernels(w, X, names) -> Figure:
    """Top row: the learned 3×3 kernels. Below, one image per row and what each kernel sees in
    it, ReLU(x ⋆ w): the feature maps the global max-pool reduces to one number each."""
    F = w.shape[0]
    maps = relu(conv.conv2d(X, w, np.zeros(F), padding=1)[0])
    fig, axes = _subplots(len(X) + 1, F + 1, figsize=(1.25 * (F + 1) + 0.4, 1.35 * (len(X) + 1)))
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.9, wspace=0.1, hspace=0.25)
    limit = np.abs(w).max()
    for f in range(F):
        axes[0, f + 1].imshow(w[f, 0], cmap="RdBu_r", vmin=-limit, vmax=limit)
        axes[0, f + 1].set_title(f"kernel {f}", fontsize=9)
    axes[0, 0].text(0.5, 0.5, "red +\nblue −", ha="center", va="center", fontsize=9)
    for r, name in enumerate(names, start=1):
        axes[r, 0].imshow(X[r - 1, 0], cmap="Greys_r")
        axes[r, 0].set_title(name, fontsize=9)
        for f in range(F):
            axes[r, f + 1].imshow(maps[r - 1, f], cmap="magma", vmin=0, vmax=maps[:, f].max())
            axes[r, f + 1].set_title(f"max {maps[r - 1, f].max():.1f}", fontsize=8)
    for ax in axes.flat:
        ax.set(xticks=[], yticks=[])
        if not ax.images:
            ax.axis("off")
    fig.suptitle("what training made the kernels into, and where each one fires (bright = "
                 "strong response)", fontsize=11)
    return fig


def _cells(ax, values, title, cmap="RdBu_r", vmax=None, color_zero=True) -> list:
    """A small matrix as coloured cells with its numbers written in, in a frame (_frame): its
    title and its rows' and columns' numbers. Returns the artists it added."""
    values = np.asarray(values, float)
    return _cell_values(ax, values, cmap, vmax, color_zero) + _frame(ax, *values.shape, title)


def _cell_values(ax, values, cmap="RdBu_r", vmax=None, color_zero=True,
                 blank_zero=False) -> list:
    """The cells of a small matrix, coloured, with their numbers written in; NaN cells stay
    blank, and so do zeros with blank_zero (a gradient: the cells it never reaches stand out,
    white and empty). Signed values use a diverging map centred on 0 (color_zero); images use
    their own range. Returns [the image, its numbers...]."""
    values = np.asarray(values, float)
    finite = values[np.isfinite(values)]
    vmax = vmax if vmax is not None else max(np.abs(finite).max(initial=0.0), 1e-12)
    low, high = (-vmax, vmax) if color_zero else (min(finite.min(initial=0.0), 0.0), vmax)
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=low, vmax=high)
    added = [image]
    whole = np.allclose(finite, np.round(finite))
    if values.size <= 100:
        colors = image.cmap(image.norm(values))
        dark = colors[..., :3] @ [0.299, 0.587, 0.114] < 0.5  # the luminance of each cell
        added += [ax.text(c, r, f"{v:.0f}" if whole else _short(v), ha="center", va="center",
                          fontsize=9 if values.shape[1] <= 8 else 8,
                          color="white" if dark[r, c] else "black")
                  for (r, c), v in np.ndenumerate(values)
                  if np.isfinite(v) and not (blank_zero and v == 0)]
    return added


def _frame(ax, rows, cols, title) -> list:
    """What stays around a grid of rows x cols cells while its values change: the view, the
    axis labels, the title and the rows' and columns' numbers (returned)."""
    ax.set(xlim=(-0.5, cols - 0.5), ylim=(rows - 0.5, -0.5), aspect="equal")  # as imshow sets
    ax.set_xlabel("column", fontsize=8, labelpad=12)
    ax.set_ylabel("row", fontsize=8, labelpad=12)
    ax.set_title(title, fontsize=10)
    return _index_labels(ax, rows, cols)


def _index_labels(ax, rows, cols) -> list:
    """Row and column numbers beside a grid of cells: plain text, where tick labels would go
    (a tick is five artists; a redraw of a few grids spends 20-40 ms making them)."""
    ax.set_xticks([])
    ax.set_yticks([])
    below, left = ax.get_xaxis_transform(), ax.get_yaxis_transform()
    return ([ax.text(c, -0.015, str(c), transform=below, ha="center", va="top", fontsize=8)
             for c in range(cols)]
            + [ax.text(-0.015, r, str(r), transform=left, ha="right", va="center", fontsize=8)
               for r in range(rows)])


def _outline(ax, row, col, shape, color):
    """A rectangle around the cells from (row, col), shape = (rows, cols) cells."""
    return ax.add_patch(Rectangle((col - 0.5, row - 0.5), shape[1], shape[0], fill=False,
                                  ec=color, lw=3, zorder=3))


def _sub(n: int) -> str:
    """n as subscript digits: x₁₂."""
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _short(v: float) -> str:
    """A cell's number with at most 2 decimals, none of them trailing zeros: 1.25 and 11.25
    stay whole (3 significant digits would show 11.2), 1/3 shows 0.33, 12.5 shows 12.5; short
    enough that neighbouring cells' numbers never touch."""
    return _number(v, ".2f").rstrip("0").rstrip(".")
