"""The explorers of chapter 4: training replayed, and vanishing and exploding gradients (the
backward pass through a graph of your own is `graph.graph_explorer`).

Taught in notebooks/04_backpropagation.ipynb.
"""

import ipywidgets as ipw
import numpy as np

from calclib import nn, plots
from calclib.widgets.explorer import Explorer


def training_explorer(X, labels, snapshots, losses) -> Explorer:
    """Slide through training: the decision boundary at each saved epoch, and the loss curve.

    snapshots: list of (epoch, model) pairs, e.g. copies of an nn.MLP saved while training.
    """
    if not snapshots:
        raise ValueError("snapshots is empty: save (epoch, model) pairs while training")
    figure = plots.DecisionBoundary(X, labels, losses)
    return Explorer(
        lambda snapshot: figure.update(snapshots[snapshot][1].predict, snapshots[snapshot][0]),
        {"snapshot": ipw.IntSlider(value=len(snapshots) - 1, min=0, max=len(snapshots) - 1,
                                   description="snapshot")})


def vanishing_explorer(depth: int = 10, activation: str = "sigmoid",
                       scale: float = 1.0) -> Explorer:
    """How the forward signal (activations) and the backward signal (delta) of a deep network
    spread layer by layer: choose depth, activation and weight scale."""
    return Explorer(lambda depth, activation, scale: plots.gradient_norms(
        layer_spreads(depth, activation, scale), activation, scale), {
        "depth": ipw.IntSlider(value=depth, min=2, max=30, description="depth"),
        "activation": ipw.Dropdown(options=list(nn.ACTIVATIONS), value=activation,
                                   description="activation"),
        "scale": ipw.FloatLogSlider(value=scale, base=10, min=-1, max=1, step=0.05,
                                    description="weight scale", readout_format=".2f"),
    })


def _deep_network(depth, activation, scale, width, seed):
    """An MLP with `depth` hidden layers of `width` units, a random batch and its labels."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((64, width))
    labels = rng.integers(0, 10, 64)
    model = nn.MLP([width] * (depth + 1) + [10], activation=activation, seed=seed,
                   weight_scale=scale)
    return model, X, labels


def layer_gradient_norms(depth: int, activation: str, scale: float, width: int = 32,
                         seed: int = 0):
    """‖dL/dW‖ of each layer of an MLP with `depth` hidden layers, on a random batch.

    Weights are N(0, 1) * scale / sqrt(n_in); scale 1 keeps a tanh network's signal steady.
    """
    model, X, labels = _deep_network(depth, activation, scale, width, seed)
    _, dlogits = nn.softmax_cross_entropy(model.forward(X), labels)
    model.backward(dlogits)
    return [float(np.linalg.norm(g)) for g in model.grads[0::2]]


def layer_spreads(depth: int, activation: str, scale: float, width: int = 32, seed: int = 0):
    """The spread (standard deviation over the batch and the units) of each hidden layer's
    activations A and of its backward signal delta = dL/dZ, and each layer's ‖dL/dW‖.

    Returns a dict of lists, layer 1 (next to the input) first: "activations" and "deltas"
    (one per hidden layer), "weight_grads" (one per weight matrix, the output's too), and per
    hidden layer "gains", scale * rms(act'(Z)), the factor by which delta changes on its way
    down through that layer (delta_below = (delta W^T) * act'(Z), and W^T multiplies the
    spread by about scale), and "saturated", the fraction of its units whose act'(Z) is below
    a tenth of act'(0) (0 for ReLU, whose act'(0) is 0: it does not saturate).
    dW = A_belowᵀ delta: when A shrinks going up while delta shrinks going down, ‖dW‖ can
    look flat although both signals fade; so look at the two signals.
    """
    model, X, labels = _deep_network(depth, activation, scale, width, seed)
    act, act_grad = nn.ACTIVATIONS[activation]
    A, inputs, zs = X, [], []
    for W, b in zip(model.params[0::2], model.params[1::2], strict=True):
        inputs.append(A)
        zs.append(A @ W + b)
        A = act(zs[-1])
    _, delta = nn.softmax_cross_entropy(zs[-1], labels)  # the output layer is linear
    deltas, weight_grads = [], []
    for i in reversed(range(len(zs))):
        weight_grads.append(float(np.linalg.norm(inputs[i].T @ delta)))  # dW = Aᵀ delta
        if i > 0:
            delta = (delta @ model.params[2 * i].T) * act_grad(zs[i - 1])  # dZ = dA * act'(Z)
            deltas.append(float(delta.std()))
    slopes = [act_grad(z) for z in zs[:-1]]  # act'(Z) of each hidden layer
    peak = float(act_grad(np.zeros(1))[0])  # sigmoid 1/4, tanh 1
    return {"activations": [float(a.std()) for a in inputs[1:]], "deltas": deltas[::-1],
            "weight_grads": weight_grads[::-1],
            "gains": [scale * float(np.sqrt(np.mean(s**2))) for s in slopes],
            "saturated": [float(np.mean(s < 0.1 * peak)) for s in slopes]}
