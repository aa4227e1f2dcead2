"""The explorer of chapter 3: a nudge stretched along the chain (the forward pass through a
graph of your own is `graph.graph_explorer`).

Taught in notebooks/03_chain_rule.ipynb.
"""

import ipywidgets as ipw
import numpy as np

from calclib import plots
from calclib.widgets.explorer import Explorer, _slider


def chain_explorer(x0: float = 1.5, dx: float = 0.1) -> Explorer:
    """x -> u = x^2 -> y = sin(u): a nudge of x, stretched at each stage of the chain."""
    return Explorer(plots.ChainStretch().update, {
        "x0": _slider("x0", x0, -2, 2, 0.05),
        "dx": ipw.FloatLogSlider(value=dx, base=10, min=-4, max=np.log10(0.3), step=0.05,
                                 description="Δx", readout_format=".2g"),
    })
