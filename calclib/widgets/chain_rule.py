"""The explorers of chapter 3: a nudge stretched along the chain, and the forward pass through
a computational graph.

Taught in notebooks/03_chain_rule.ipynb.
"""

import ipywidgets as ipw
import numpy as np

from calclib import engine, plots
from calclib.widgets.explorer import Explorer, _slider


def chain_explorer(x0: float = 1.5, dx: float = 0.1) -> Explorer:
    """x -> u = x^2 -> y = sin(u): a nudge of x, stretched at each stage of the chain."""
    return Explorer(plots.ChainStretch().update, {
        "x0": _slider("x0", x0, -2, 2, 0.05),
        "dx": ipw.FloatLogSlider(value=dx, base=10, min=-4, max=np.log10(0.3), step=0.05,
                                 description="Δx", readout_format=".2g"),
    })


def forward_pass_explorer(step: int = 1, x: float = 2.0, y: float = 3.0) -> Explorer:
    """The graph of F = (x + y)(x y), computed one operation at a time."""
    figure = plots.Graph(example_graph())
    return Explorer(lambda step, x, y: figure.update(example_graph(x, y), step=step), {
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
