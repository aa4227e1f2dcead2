"""The slider explorers: each function returns a widget whose controls redraw one figure.

Taught in notebooks/00_start_here.ipynb to
notebooks/06_convolution_and_pooling_gradients.ipynb. Each chapter's explorers are in the module
named after it (`derivative` for chapters 0 and 1, `gradient`, `chain_rule`, `backprop`,
`optimizers`, `convolution`), and `graph` holds the computational-graph explorer of chapters 3
and 4; `explorer` holds the `Explorer` they all are, and how it draws.
"""

from calclib.widgets.backprop import (
                                      layer_gradient_norms,
                                      layer_spreads,
                                      training_explorer,
                                      vanishing_explorer,
)
from calclib.widgets.chain_rule import chain_explorer
from calclib.widgets.convolution import (
                                      conv1d_explorer,
                                      conv_gradient_explorer,
                                      convolution_explorer,
                                      pooling_explorer,
)
from calclib.widgets.derivative import (
                                      formula_explorer,
                                      line_explorer,
                                      product_rule_explorer,
                                      secant_explorer,
                                      tangent_explorer,
)
from calclib.widgets.explorer import DPI, LABEL_LENGTH, MESSAGE_LENGTH, Explorer
from calclib.widgets.gradient import (
                                      directional_explorer,
                                      gradient_explorer,
                                      regression_explorer,
                                      slice_explorer,
)
from calclib.widgets.graph import graph_explorer
from calclib.widgets.optimizers import (
                                      RACE_LR,
                                      RACERS,
                                      _minima,
                                      minibatch_explorer,
                                      momentum_explorer,
                                      race,
                                      race_explorer,
                                      step_size_explorer,
)

__all__ = [
                                      "DPI",
                                      "LABEL_LENGTH",
                                      "MESSAGE_LENGTH",
                                      "RACERS",
                                      "RACE_LR",
                                      "Explorer",
                                      "_minima",
                                      "chain_explorer",
                                      "conv1d_explorer",
                                      "conv_gradient_explorer",
                                      "convolution_explorer",
                                      "directional_explorer",
                                      "formula_explorer",
                                      "gradient_explorer",
                                      "graph_explorer",
                                      "layer_gradient_norms",
                                      "layer_spreads",
                                      "line_explorer",
                                      "minibatch_explorer",
                                      "momentum_explorer",
                                      "pooling_explorer",
                                      "product_rule_explorer",
                                      "race",
                                      "race_explorer",
                                      "regression_explorer",
                                      "secant_explorer",
                                      "slice_explorer",
                                      "step_size_explorer",
                                      "tangent_explorer",
                                      "training_explorer",
                                      "vanishing_explorer",
]
