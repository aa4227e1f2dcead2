"""The figures the notebooks draw, one module per chapter. Each function returns a
``matplotlib.figure.Figure``; the slider explorers' busiest figures are also classes
(subclasses of `Live`) updated in place.

Figures are built without pyplot, so nothing (pyplot's list of figures, the inline backend's
queue of figures to show) holds on to them: a figure lives as long as its user keeps it. A
notebook cell shows one by ending with it, e.g. ``plots.activations()``.

- `derivative`: chapters 0 and 1 (notebooks/00_start_here.ipynb, notebooks/01_derivative.ipynb)
- `gradient`: chapter 2 (notebooks/02_partial_derivatives_and_gradient.ipynb)
- `chain_rule`: chapter 3 (notebooks/03_chain_rule.ipynb)
- `graph`: computational graphs and their passes, chapters 3 and 4
- `backprop`: chapter 4 (notebooks/04_backpropagation.ipynb)
- `optimizers`: chapter 5, and the loss curves of chapter 6 (notebooks/05_optimizers.ipynb)
- `convolution`: chapter 6 (notebooks/06_convolution_and_pooling_gradients.ipynb)
- `base`: what they share (`Live`, the figure and tick helpers, the colours)
"""

from calclib.plots.backprop import (
                                    DecisionBoundary,
                                    decision_boundary,
                                    dense_shapes,
                                    gradient_norms,
                                    local_patterns,
                                    regularizers,
)
from calclib.plots.base import Live
from calclib.plots.chain_rule import ChainStretch, chain_stretch, cost, forward_mode_errors
from calclib.plots.convolution import (
                                    ConvGradients,
                                    PoolingGradients,
                                    SlidingWindow,
                                    conv1d_connections,
                                    conv_gradients,
                                    coverage,
                                    images,
                                    learned_kernels,
                                    pooling_gradients,
                                    sliding_window,
)
from calclib.plots.derivative import (
                                    Secant,
                                    Tangent,
                                    activations,
                                    line,
                                    product_rule,
                                    secant,
                                    step_errors,
                                    tangent,
)
from calclib.plots.gradient import (
                                    Directional,
                                    GradientField,
                                    Regression,
                                    Slices,
                                    critical_points,
                                    directional,
                                    gradient_field,
                                    regression,
                                    slices,
)
from calclib.plots.graph import Graph, graph
from calclib.plots.optimizers import (
                                    Paths,
                                    bias_correction,
                                    decay_by_history,
                                    line_fit,
                                    loss_curves,
                                    measured_against_predicted,
                                    minibatch_run,
                                    paths,
                                    schedules,
                                    step_size,
                                    steps_against_kappa,
                                    weight_decay,
)

__all__ = [
                                    "ChainStretch",
                                    "ConvGradients",
                                    "DecisionBoundary",
                                    "Directional",
                                    "GradientField",
                                    "Graph",
                                    "Live",
                                    "Paths",
                                    "PoolingGradients",
                                    "Regression",
                                    "Secant",
                                    "Slices",
                                    "SlidingWindow",
                                    "Tangent",
                                    "activations",
                                    "bias_correction",
                                    "chain_stretch",
                                    "conv1d_connections",
                                    "conv_gradients",
                                    "cost",
                                    "coverage",
                                    "critical_points",
                                    "decay_by_history",
                                    "decision_boundary",
                                    "dense_shapes",
                                    "directional",
                                    "forward_mode_errors",
                                    "gradient_field",
                                    "gradient_norms",
                                    "graph",
                                    "images",
                                    "learned_kernels",
                                    "line",
                                    "line_fit",
                                    "local_patterns",
                                    "loss_curves",
                                    "measured_against_predicted",
                                    "minibatch_run",
                                    "paths",
                                    "pooling_gradients",
                                    "product_rule",
                                    "regression",
                                    "regularizers",
                                    "schedules",
                                    "secant",
                                    "slices",
                                    "sliding_window",
                                    "step_errors",
                                    "step_size",
                                    "steps_against_kappa",
                                    "tangent",
                                    "weight_decay",
]
