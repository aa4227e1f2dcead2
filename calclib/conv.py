"""Convolution and pooling layers with explicit backward passes, and a tiny convolutional network.

Taught in notebooks/06_convolution_and_pooling_gradients.ipynb.

Layouts as in deep-learning frameworks: images x (N, C, H, W), kernels w (F, C, KH, KW), bias
b (F,). "Convolution" here is cross-correlation, as in torch.nn.functional.conv2d (the kernel is
not flipped). With stride S and P zeros of padding on every side, xp the padded input:

    out[n, f, i, j] = b[f] + sum over c, p, q of w[f, c, p, q] * xp[n, c, S*i + p, S*j + q]
    output size     = (H + 2P - KH) // S + 1     (and the same for the width)

Backward, given dout = dL/dout:

    db[f]          = sum of dout[n, f, i, j] over n, i, j
    dw[f, c, p, q] = sum over n, i, j of dout[n, f, i, j] * xp[n, c, S*i + p, S*j + q]
    dxp[n, c, S*i + p, S*j + q] += dout[n, f, i, j] * w[f, c, p, q]   (then drop the padding)

dw pairs each output's gradient with the input patch it saw; dx stamps the kernel, scaled by
each output's gradient, back where the window was: for stride 1 that is the "full" convolution
of dout with the flipped kernel. ``conv2d_loops`` and ``conv2d_backward_loops`` spell these sums
out loop by loop; ``conv2d`` and ``conv2d_backward`` compute the same numbers with array
operations (one matrix product per layer, or one per kernel offset), fast enough to train with.
"""

import numbers

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from calclib import nn
from calclib.functions import relu, relu_derivative


def output_size(n: int, k: int, stride: int = 1, padding: int = 0) -> int:
    """How many positions a window of size k takes on n inputs: (n + 2*padding - k)//stride + 1."""
    for name, value, low in (("n", n, 1), ("k", k, 1), ("stride", stride, 1),
                             ("padding", padding, 0)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
            kind = "positive" if low else "non-negative"
            raise ValueError(f"{name} must be a {kind} whole number, got {value!r}")
    if k > n + 2 * padding:
        raise ValueError(f"the window ({k}) is larger than the padded input "
                         f"({n} + 2·{padding} = {n + 2 * padding}); use a smaller kernel or "
                         "more padding")
    return (n + 2 * padding - k) // stride + 1


# ----- convolution: the loops first, as the notebook shows them -----
def conv2d_loops(x, w, b, stride: int = 1, padding: int = 0):
    """out[n, f, i, j] = b[f] + sum(w[f] * the window of xp at (S*i, S*j)), one window at a time."""
    x, w, b, (OH, OW) = _check_conv(x, w, b, stride, padding)
    xp = pad(x, padding)
    F, _, KH, KW = w.shape
    out = np.zeros((x.shape[0], F, OH, OW))
    for n in range(x.shape[0]):
        for f in range(F):
            for i in range(OH):
                for j in range(OW):
                    window = xp[n, :, stride * i:stride * i + KH, stride * j:stride * j + KW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out


def conv2d_backward_loops(dout, x, w, stride: int = 1, padding: int = 0):
    """(dx, dw, db) by the same loops: each output's gradient flows to its window and kernel."""
    x, w, _, out_size = _check_conv(x, w, np.zeros(len(w)), stride, padding)
    dout = _check_dout(dout, (x.shape[0], w.shape[0], *out_size))
    xp = pad(x, padding)
    F, _, KH, KW = w.shape
    dxp, dw = np.zeros_like(xp), np.zeros_like(w)
    for n in range(x.shape[0]):
        for f in range(F):
            for i in range(out_size[0]):
                for j in range(out_size[1]):
                    rows = slice(stride * i, stride * i + KH)
                    cols = slice(stride * j, stride * j + KW)
                    dw[f] += dout[n, f, i, j] * xp[n, :, rows, cols]  # d out / d w = the patch
                    dxp[n, :, rows, cols] += dout[n, f, i, j] * w[f]  # d out / d patch = w
    return unpad(dxp, padding), dw, dout.sum(axis=(0, 2, 3))


# ----- convolution: vectorised -----
def conv2d(x, w, b, stride: int = 1, padding: int = 0):
    """The convolution as one matrix product of every window with every kernel: (out, cache)."""
    x, w, b, _ = _check_conv(x, w, b, stride, padding)
    windows = _windows(pad(x, padding), w.shape[2:], stride)  # (N, C, OH, OW, KH, KW)
    out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3]))  # (N, OH, OW, F)
    out = out.transpose(0, 3, 1, 2) + b[:, None, None]
    return out, ("conv2d", x, w, stride, padding, windows)


def conv2d_backward(dout, cache):
    """(dx, dw, db) for conv2d: the sums in the module docstring, as array operations."""
    x, w, stride, padding, windows = _cache(cache, "conv2d")
    F, _, KH, KW = w.shape
    dout = _check_dout(dout, (x.shape[0], F, *windows.shape[2:4]))
    dw = np.tensordot(dout, windows, axes=([0, 2, 3], [0, 2, 3]))  # sum of dout * patch
    OH, OW = dout.shape[2:]
    dxp = np.zeros((x.shape[0], x.shape[1], x.shape[2] + 2 * padding, x.shape[3] + 2 * padding))
    for p in range(KH):  # kernel entry (p, q) touched the input at rows S*i + p, cols S*j + q
        for q in range(KW):
            dxp[:, :, p:p + stride * OH:stride, q:q + stride * OW:stride] += np.einsum(
                "nfij,fc->ncij", dout, w[:, :, p, q])
    return unpad(dxp, padding), dw, dout.sum(axis=(0, 2, 3))


def pad(x, padding: int):
    """x (N, C, H, W) with `padding` zeros added on every side of H and W."""
    if isinstance(padding, bool) or not isinstance(padding, numbers.Integral) or padding < 0:
        raise ValueError(f"padding must be a non-negative whole number, got {padding!r}")
    x = nn._array(x, "x", 4)
    return np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding))) if padding else x


def unpad(x, padding: int):
    """Undo pad: drop `padding` rows and columns on every side."""
    return x[:, :, padding:x.shape[2] - padding, padding:x.shape[3] - padding] if padding else x


# ----- pooling -----
def maxpool2d(x, size: int = 2, stride: int = 2):
    """The largest value in each size x size window, per channel: (out, cache)."""
    x = _check_pool(x, size, stride)
    windows = _windows(x, (size, size), stride)  # (N, C, OH, OW, size, size)
    flat = windows.reshape(*windows.shape[:4], size * size)
    winner = flat.argmax(axis=-1)  # ties: the first largest in reading order, as torch
    return np.take_along_axis(flat, winner[..., None], -1)[..., 0], ("maxpool2d", x, size, stride,
                                                                      winner)


def maxpool2d_backward(dout, cache):
    """dx: each window's gradient goes to the entry that won the max, zero elsewhere; where
    windows overlap (stride < size) an entry collects the gradient of every window it won."""
    x, size, stride, winner = _cache(cache, "maxpool2d")
    dout = _check_dout(dout, winner.shape)
    dx = np.zeros_like(x)
    OH, OW = winner.shape[2:]
    for p in range(size):
        for q in range(size):
            won = winner == p * size + q  # the windows whose max sits at offset (p, q)
            dx[:, :, p:p + stride * OH:stride, q:q + stride * OW:stride] += dout * won
    return dx


def avgpool2d(x, size: int = 2, stride: int = 2):
    """The mean of each size x size window, per channel: (out, cache)."""
    x = _check_pool(x, size, stride)
    out = _windows(x, (size, size), stride).mean(axis=(4, 5))
    return out, ("avgpool2d", x, size, stride, out.shape)


def avgpool2d_backward(dout, cache):
    """dx: each window's gradient is shared equally, dout / size², by its size² entries."""
    x, size, stride, out_shape = _cache(cache, "avgpool2d")
    dout = _check_dout(dout, out_shape)
    dx = np.zeros_like(x)
    OH, OW = out_shape[2:]
    for p in range(size):
        for q in range(size):
            dx[:, :, p:p + stride * OH:stride, q:q + stride * OW:stride] += dout / size**2
    return dx


# ----- a tiny convolutional network -----
class ConvNet:
    """conv (3x3, padding 1) -> ReLU -> max-pool over the whole image -> dense -> logits.

    Each kernel is a feature detector; the global max-pool keeps only its strongest response,
    "is this feature anywhere in the image?", so the network does not care where a feature is.
    params = [w, b, W, c]: kernels w (F, C, 3, 3), biases b (F,), dense W (F, classes),
    c (classes,). After backward, grads holds dL/dparam in the same order and shapes.
    """

    def __init__(self, image_shape, filters: int = 8, classes: int = 3, seed: int = 0):
        if (not isinstance(image_shape, (tuple, list)) or len(image_shape) != 3
                or not all(isinstance(n, numbers.Integral) and n > 0 for n in image_shape)
                or image_shape[1] != image_shape[2]):
            raise ValueError(f"image_shape must be (C, H, W) with square images, like (1, 8, 8); "
                             f"got {image_shape!r}")
        for name, value in (("filters", filters), ("classes", classes)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
                raise ValueError(f"{name} must be a positive whole number, got {value!r}")
        C = image_shape[0]
        rng = np.random.default_rng(seed)
        self.image_shape = tuple(image_shape)
        self.params = [rng.standard_normal((filters, C, 3, 3)) * np.sqrt(2 / (9 * C)),  # He
                       np.zeros(filters),
                       rng.standard_normal((filters, classes)) / np.sqrt(filters),
                       np.zeros(classes)]
        self.grads = [np.zeros_like(p) for p in self.params]
        self._caches = None

    def forward(self, X):
        """The logits (N, classes) for images X (N, C, H, W); remembers what backward needs."""
        X = nn._array(X, "X", 4)
        if X.shape[1:] != self.image_shape:
            raise ValueError(f"images must have shape (N, {', '.join(map(str, self.image_shape))})"
                             f", got {X.shape}")
        w, b, W, c = self.params
        Z, conv_cache = conv2d(X, w, b, padding=1)
        pooled, pool_cache = maxpool2d(relu(Z), size=X.shape[2], stride=X.shape[2])
        features = pooled.reshape(len(X), -1)  # (N, F, 1, 1) -> (N, F): one number per kernel
        self._caches = (conv_cache, Z, pool_cache, pooled.shape, features)
        return features @ W + c

    def backward(self, dlogits):
        """Fill self.grads from dL/dlogits (N, classes), last layer first."""
        if self._caches is None:
            raise RuntimeError("call forward(X) before backward(dlogits)")
        conv_cache, Z, pool_cache, pooled_shape, features = self._caches
        dfeatures, self.grads[2], self.grads[3] = nn.dense_backward(dlogits, features,
                                                                     self.params[2])
        dpooled = dfeatures.reshape(pooled_shape)  # back to (N, F, 1, 1)
        dZ = maxpool2d_backward(dpooled, pool_cache) * relu_derivative(Z)
        _, self.grads[0], self.grads[1] = conv2d_backward(dZ, conv_cache)

    def predict(self, X):
        """The predicted class of each image: the index of its largest logit."""
        return self.forward(X).argmax(axis=1)


# ----- checks and plumbing -----
def _windows(x, kernel_shape, stride):
    """Every kernel-sized window of x (N, C, H, W) at the given stride: (N, C, OH, OW, KH, KW),
    a view into x (no copy)."""
    return sliding_window_view(x, kernel_shape, axis=(2, 3))[:, :, ::stride, ::stride]


def _check_conv(x, w, b, stride, padding):
    x, w, b = nn._array(x, "x", 4), nn._array(w, "w", 4), nn._array(b, "b", 1)
    if x.shape[1] != w.shape[1]:
        raise ValueError(f"x has {x.shape[1]} channels (x shape (N, C, H, W) = {x.shape}) but "
                         f"the kernels expect {w.shape[1]} (w shape (F, C, KH, KW) = {w.shape})")
    if b.shape != (w.shape[0],):
        raise ValueError(f"b must hold one bias per kernel: {w.shape[0]} numbers, got shape "
                         f"{b.shape}")
    size = (output_size(x.shape[2], w.shape[2], stride, padding),
            output_size(x.shape[3], w.shape[3], stride, padding))
    return x, w, b, size


def _check_pool(x, size, stride):
    x = nn._array(x, "x", 4)
    output_size(x.shape[2], size, stride)
    output_size(x.shape[3], size, stride)
    return x


def _check_dout(dout, shape):
    dout = nn._array(dout, "dout", 4)
    if dout.shape != tuple(shape):
        raise ValueError(f"dout has shape {dout.shape}, but the layer's output has shape "
                         f"{tuple(shape)}")
    return dout


def _cache(cache, layer):
    if not (isinstance(cache, tuple) and cache and cache[0] == layer):
        raise TypeError(f"cache must be the second value returned by {layer}(...), "
                        f"got {type(cache).__name__}")
    return cache[1:]
