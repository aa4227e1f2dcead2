"""Vectorised network layers with explicit backward passes: dense layers, activations, losses,
regularizers, and a multilayer perceptron.

Taught in notebooks/04_backpropagation.ipynb.

A batch X has shape (N, n_in): one row per example. A dense layer holds W (n_in, n_out) and
b (n_out,). With the gradient of the loss flowing back as dA (the "delta" formulation):

    forward:   Z = X W + b          A = act(Z)
    backward:  dZ = dA * act'(Z)    dW = X^T dZ    db = sum of dZ over the batch    dX = dZ W^T

Every gradient has the shape of what it is the gradient of.
"""

import itertools
import numbers

import numpy as np

from calclib.functions import relu, relu_derivative, sigmoid, sigmoid_derivative


def dense_forward(X, W, b):
    """Z = X W + b for a batch X of shape (N, n_in), W (n_in, n_out), b (n_out,)."""
    X, W, b = _array(X, "X", 2), _array(W, "W", 2), _array(b, "b", 1)
    if X.shape[1] != W.shape[0] or W.shape[1] != b.shape[0]:
        raise ValueError(f"shapes do not fit Z = X W + b: X {X.shape}, W {W.shape}, b {b.shape}; "
                         "X's columns must equal W's rows, and b's length W's columns")
    return X @ W + b


def dense_backward(dZ, X, W):
    """Given dZ = dL/dZ (N, n_out): returns (dX, dW, db) = (dZ W^T, X^T dZ, sum of dZ over rows)."""
    dZ, X, W = _array(dZ, "dZ", 2), _array(X, "X", 2), _array(W, "W", 2)
    if dZ.shape != (X.shape[0], W.shape[1]):
        raise ValueError(f"dZ has shape {dZ.shape}, but Z = X W + b has shape "
                         f"{(X.shape[0], W.shape[1])}")
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


def _relu_mask(z):
    """relu'(z) as the boolean mask z > 0: dA *= mask multiplies without a float copy of it."""
    return z > 0


def tanh_derivative(z):
    """tanh'(z) = 1 - tanh(z)^2"""
    return 1.0 - np.tanh(z) ** 2


ACTIVATIONS = {  # name: (act, act')
    "relu": (relu, relu_derivative),
    "tanh": (np.tanh, tanh_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
}


class MLP:
    """A multilayer perceptron: dense layers with an activation between them, linear output.

    sizes = [n_in, hidden..., n_out]. params = [W1, b1, W2, b2, ...] with W of shape
    (n_in, n_out); after backward, grads holds dL/dparam in the same order and shapes.
    Weights start as N(0, 1) * scale / sqrt(n_in), scale = sqrt(2) for ReLU (He) and 1 for
    tanh and sigmoid (Xavier/LeCun), unless weight_scale is given; biases start at 0.
    """

    def __init__(self, sizes, activation: str = "relu", seed: int = 0, weight_scale=None):
        if (not isinstance(sizes, (list, tuple)) or len(sizes) < 2
                or not all(isinstance(n, numbers.Integral) and n > 0 for n in sizes)):
            raise ValueError(f"sizes must be a list of at least two positive whole numbers, "
                             f"like [2, 16, 3]; got {sizes!r}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {', '.join(map(repr, ACTIVATIONS))}, "
                             f"got {activation!r}")
        if weight_scale is None:
            scale = np.sqrt(2.0) if activation == "relu" else 1.0
        elif isinstance(weight_scale, numbers.Real) and 0 < weight_scale < np.inf:
            scale = float(weight_scale)
        else:
            raise ValueError(f"weight_scale must be a positive number, got {weight_scale!r}")
        rng = np.random.default_rng(seed)
        self.sizes, self.activation = list(sizes), activation
        self.params = []
        for n_in, n_out in itertools.pairwise(sizes):
            self.params += [rng.standard_normal((n_in, n_out)) * scale / np.sqrt(n_in),
                            np.zeros(n_out)]
        self.grads = [np.zeros_like(p) for p in self.params]
        self._cache = None

    def forward(self, X):
        """The logits (N, n_out) for a batch X (N, n_in); remembers what backward needs."""
        X = _array(X, "X", 2)
        if X.shape[1] != self.sizes[0]:
            raise ValueError(f"X has {X.shape[1]} columns but the network takes "
                             f"{self.sizes[0]} inputs (X shape {X.shape})")
        act = ACTIVATIONS[self.activation][0]
        inputs, zs = [], []
        A = X
        layers = len(self.params) // 2
        for i in range(layers):
            W, b = self.params[2 * i], self.params[2 * i + 1]
            inputs.append(A)
            Z = A @ W
            Z += b  # Z = A W + b, without a second temporary array
            zs.append(Z)
            A = act(Z) if i < layers - 1 else Z  # the last layer is linear: logits
        self._cache = (inputs, zs)
        return A

    def backward(self, dlogits, input_grad: bool = False):
        """Fill self.grads from dL/dlogits (N, n_out), top layer first.

        With input_grad=True, also return dL/dX for the batch X (e.g. to see which inputs the
        loss is most sensitive to). Training does not need it, and it costs one more matrix
        product as large as the first layer's forward pass, so it is skipped unless asked
        for, as PyTorch gives an input a .grad only if it asks for one."""
        if self._cache is None:
            raise RuntimeError("call forward(X) before backward(dlogits)")
        inputs, zs = self._cache
        dZ = _array(dlogits, "dlogits", 2)
        if dZ.shape != zs[-1].shape:
            raise ValueError(f"dlogits has shape {dZ.shape}, but the logits have shape "
                             f"{zs[-1].shape}")
        act_grad = _relu_mask if self.activation == "relu" else ACTIVATIONS[self.activation][1]
        for i in reversed(range(len(zs))):
            W = self.params[2 * i]
            self.grads[2 * i] = inputs[i].T @ dZ  # dW = X^T dZ
            self.grads[2 * i + 1] = dZ.sum(axis=0)  # db = sum of dZ over the batch
            if i == 0 and not input_grad:
                return None
            dX = dZ @ W.T  # dX = dZ W^T: the dA of the layer below
            if i > 0:
                dX *= act_grad(zs[i - 1])  # through the activation: dZ = dA * act'(Z)
                dZ = dX
        return dX

    def predict(self, X):
        """The predicted class of each row of X: the index of its largest logit."""
        return self.forward(X).argmax(axis=1)


# Losses: each returns (loss, gradient of the loss with respect to its first argument).
def mse(pred, target):
    """L = mean((pred - target)^2) over all entries; dL/dpred = 2 (pred - target) / size."""
    pred, target = _array(pred, "pred"), _array(target, "target")
    _same_shape(pred, target, "pred", "target")
    with np.errstate(over="ignore"):
        diff = pred - target
        return _mean(diff**2, "mse"), _finite(2 * diff / max(diff.size, 1), "mse's gradient")


def binary_cross_entropy(logits, labels):
    """L = mean(-y log p - (1 - y) log(1 - p)) with p = sigmoid(logits), labels y in {0, 1};
    dL/dlogits = (p - y) / size, the mean being over every entry. Computed from the logits,
    so huge logits stay finite: -log p = log(1 + e^-z) = logaddexp(0, -z)."""
    z, y = _array(logits, "logits"), _array(labels, "labels")
    _same_shape(z, y, "logits", "labels")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("labels for binary cross-entropy must be 0 or 1")
    loss = _mean(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z), "binary_cross_entropy")
    return loss, (sigmoid(z) - y) / z.size


def softmax(logits):
    """p_k = e^(z_k) / sum_j e^(z_j), row by row.

    Each row is shifted by its max first, so e^z cannot overflow."""
    z = _array(logits, "logits", 2)
    e = np.exp(_shifted(z))
    return e / e.sum(axis=1, keepdims=True)


def softmax_cross_entropy(logits, labels):
    """L = mean over the batch of -log p[label], p = softmax(logits); dL/dlogits = (p - onehot) / N.

    -log p_k = logsumexp(z) - z_k, with logsumexp(z) = max(z) + log(sum e^(z - max z)):
    finite for logits of any size. labels are integer class ids, 0 <= label < n_classes.
    """
    z = _array(logits, "logits", 2)
    labels = _labels(labels, z.shape)
    rows = np.arange(z.shape[0])
    shifted = _shifted(z)
    e = np.exp(shifted)
    sums = e.sum(axis=1, keepdims=True)
    loss = _mean(np.log(sums[:, 0]) - shifted[rows, labels], "softmax_cross_entropy")
    dlogits = e / sums  # softmax(z), from the same exponentials
    dlogits[rows, labels] -= 1
    dlogits /= z.shape[0]
    return float(loss), dlogits


# Regularizers: each returns (penalty, gradient with respect to W).
def l2_penalty(W, lam):
    """lam * sum(W^2); gradient 2 lam W."""
    W = _array(W, "W")
    return float(lam * np.sum(W**2)), 2 * lam * W


def l1_penalty(W, lam):
    """lam * sum(|W|); gradient lam sign(W) (0 at the kink W = 0, a subgradient)."""
    W = _array(W, "W")
    return float(lam * np.sum(np.abs(W))), lam * np.sign(W)


def _shifted(z):
    """z - max(z), row by row: every entry <= 0, so e^z cannot overflow. A row spanning more
    than the largest float (1e308 and -1e308) gives -inf, whose e^z is exactly 0."""
    if z.shape[1] == 0:
        raise ValueError(f"logits must have at least one class (column), got shape {z.shape}")
    with np.errstate(over="ignore"):
        return z - z.max(axis=1, keepdims=True)


def _mean(terms, loss) -> float:
    """The mean of a loss's terms over the batch, or a clear error for an empty batch or a
    loss beyond the largest float."""
    if terms.size == 0:
        raise ValueError(f"{loss}: the batch is empty; a mean over no examples is undefined")
    with np.errstate(over="ignore"):
        return _finite(np.sum(terms / terms.size), loss)


def _finite(value, what):
    if not np.all(np.isfinite(value)):
        raise OverflowError(f"{what} is beyond the largest float (1.8e308) for these inputs: "
                            "scale them down")
    return float(value) if np.ndim(value) == 0 else value


def _array(x, name, ndim=None):
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}") from err
    if ndim is not None and a.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {a.shape}")
    if not np.isfinite(a).all():
        raise ValueError(f"{name} contains inf or nan")
    return a


def _same_shape(a, b, name_a, name_b):
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, "
                         f"got {a.shape} and {b.shape}")


def _labels(labels, shape):
    labels = np.asarray(labels)
    n, classes = shape
    if labels.shape != (n,):
        raise ValueError(f"labels must be {n} class ids (one per row of logits {shape}), "
                         f"got shape {labels.shape}")
    if labels.dtype.kind not in "iu":
        raise TypeError(f"labels must be integer class ids, got dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(f"labels must be between 0 and {classes - 1}, "
                         f"got {labels.min()} to {labels.max()}")
    return labels
