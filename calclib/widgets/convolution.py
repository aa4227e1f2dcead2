"""The explorers of chapter 6: the sliding window, a 1-D convolution's connections, the
gradients of a convolution, and pooling's gradients.

Taught in notebooks/06_convolution_and_pooling_gradients.ipynb.
"""

import ipywidgets as ipw
import numpy as np

from calclib import conv, datasets, plots
from calclib.widgets.explorer import Explorer, _kept


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
