"""The exercises of chapter 6
(notebooks/06_convolution_and_pooling_gradients.ipynb),
checked by `calclib.exercises.check`."""

import numpy as np

from calclib.exercises.checks import check_array, check_number

EXERCISES = {
    # 06_convolution_and_pooling_gradients
    "06-output-size": lambda a: check_number(
        a, 4, "the output width",
        integer="the width counts window positions, a whole number: round down, "
                "⌊(H + 2P − K)/S⌋ + 1.",
        traps=[(3, "that is ⌊(10 − 4)/3⌋ + 1 without the padding, or ⌊(10 + 4 − 4)/3⌋ without "
                   "the + 1. With both: ⌊(H + 2P − K)/S⌋ + 1 = ⌊10/3⌋ + 1."),
               (11, "that ignores the stride: (10 + 4 − 4) + 1 positions at stride 1; at "
                    "stride 3 the window takes every third of them."),
               (5, "that rounds up: ⌈10/3⌉ + 1. A window that would hang over the padded "
                   "edge is not taken, so round down: ⌊10/3⌋ + 1."),
               (14, "that is the padded width H + 2P = 14, the input's size with its zeros; "
                    "the output counts window positions, ⌊(H + 2P − K)/S⌋ + 1."),
               (10 / 3 + 1, "round down before adding 1: a window that would hang over the "
                            "edge is not taken.")]),
    "06-input-gradient-1d": lambda a: check_array(
        a, np.convolve(DY_1D, W_1D, "full"), "dL/dx",
        traps=[(np.convolve(DY_1D, W_1D[::-1], "full"),
                "that pairs dL/dy with the kernel unflipped; x_k meets w_(k−i) in y_i, so "
                "walking along the outputs reads the kernel backwards.")]),
    "06-kernel-gradient": lambda a: check_array(
        a, _kernel_gradient(X_2D, DY_2D), "dL/dW",
        traps=[(_kernel_gradient(X_2D, DY_2D)[::-1, ::-1],
                "that is dL/dW rotated by 180°: dW[p, q] pairs dL/dY[i, j] with "
                "x[i + p, j + q], no flip (a flip belongs to dL/dX)."),
               (_kernel_gradient(X_2D, DY_2D).T,
                "that is dL/dW transposed: dW[p, q] shifts the patch p rows down and q "
                "columns right, x[i + p, j + q]; yours swaps p and q."),
               (_kernel_gradient(X_2D, np.ones((3, 3))),
                "that is the sum of the patches, as if every dL/dY were 1: weight each "
                "patch by its dL/dY[i, j].")]),
    "06-maxpool-backward": lambda a: check_array(
        a, _maxpool_backward(X_POOL, DY_POOL), "dL/dx",
        traps=[(_maxpool_backward(X_POOL, np.ones((2, 2))),
                "the positions are right, but each should carry its window's dL/d(output), "
                "not 1."),
               (np.kron(DY_POOL, np.ones((2, 2))) / 4,
                "that is average pooling, spreading each gradient over the window. Max-pooling "
                "sends it all to the window's largest entry."),
               (_maxpool_backward(X_POOL, DY_POOL, ties="all"),
                "every tied maximum got the gradient, so a window passes on more than it "
                "received. Only one entry is the max: the first in reading order."),
               (_maxpool_backward(X_POOL, DY_POOL, ties="split"),
                "splitting among tied maxima is a valid subgradient, but not the rule here: "
                "the whole gradient goes to the first maximum in reading order, as in "
                "torch."),
               (_maxpool_backward(X_POOL, DY_POOL, ties="last"),
                "in both tied windows the gradient went to the last tied maximum; the rule is "
                "the first in reading order (row by row, left to right): (0, 2) in the "
                "top-right window, (2, 0) in the bottom-left."),
               (_maxpool_backward(X_POOL, DY_POOL, ties="last", only=(0, 1)),
                "the top-right window's three tied 2s: its gradient 2 goes to the first in "
                "reading order, (0, 2), not the last, (1, 2)."),
               (_maxpool_backward(X_POOL, DY_POOL, ties="second", only=(0, 1)),
                "the top-right window's three tied 2s: its gradient 2 goes to the first in "
                "reading order (row by row, left to right), (0, 2), not the second, (0, 3)."),
               (_maxpool_backward(X_POOL, DY_POOL, ties="last", only=(1, 0)),
                "the bottom-left window's tied 4s: its gradient 3 goes to the first in reading "
                "order, (2, 0), not (3, 1).")]),
}


# The data of chapter 6's exercises, as the notebook states them.
W_1D, DY_1D = np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, -1.0])


X_2D = np.array([[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 0], [1, 1, 0, 2]], dtype=float)


DY_2D = np.array([[1, 0, 0], [0, 2, 0], [0, 0, -1]], dtype=float)


X_POOL = np.array([[1, 3, 2, 2], [0, 2, 2, 1], [4, 1, 0, 5], [2, 4, 3, 1]], dtype=float)


DY_POOL = np.array([[1, 2], [3, 4]], dtype=float)


def _kernel_gradient(x, dy):
    """dW[p, q] = sum over i, j of dy[i, j] * x[i + p, j + q], for a 2x2 kernel."""
    return np.array([[np.sum(dy * x[p:p + dy.shape[0], q:q + dy.shape[1]]) for q in range(2)]
                     for p in range(2)])


def _maxpool_backward(x, dy, ties="first", only=None):
    """2x2 max-pool backward on one channel; ties "first" (the rule), "second", "last", "all" or
    "split"; with only=(i, j), that rule in output window (i, j) alone and "first" in the others."""
    dx = np.zeros_like(x)
    for (i, j), g in np.ndenumerate(dy):
        window = x[2 * i:2 * i + 2, 2 * j:2 * j + 2]
        winners = np.argwhere(window == window.max())  # in reading order
        rule = ties if only is None or only == (i, j) else "first"
        if rule == "first":
            winners = winners[:1]
        elif rule == "second":
            winners = winners[1:2]
        elif rule == "last":
            winners = winners[-1:]
        for p, q in winners:
            dx[2 * i + p, 2 * j + q] += g / len(winners) if rule == "split" else g
    return dx
