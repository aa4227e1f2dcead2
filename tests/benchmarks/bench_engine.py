"""The scalar engine against micrograd: one training step of an MLP(2, 16, 16, 1) on 100
points, and the deepest chain each can differentiate."""

import random

from timing import median_time, ms

from calclib import engine

SIZES = [2, 16, 16, 1]


def calclib_mlp(weights):
    """The network as lists of Values: weights[l][j] = (w_j, b_j) of neuron j in layer l,
    copied from micrograd's so both compute the same numbers."""
    return [[([engine.Value(w) for w in ws], engine.Value(b)) for ws, b in layer]
            for layer in weights]


def calclib_forward(layers, x):
    """ReLU hidden layers, linear output (as micrograd's MLP); each neuron one dot node."""
    for depth, layer in enumerate(layers):
        z = [engine.dot(ws, x) + b for ws, b in layer]
        x = z if depth == len(layers) - 1 else [engine.relu(v) for v in z]
    return x[0]


def calclib_step(layers, X, y, lr=0.01):
    """Forward over every point, MSE loss, backward, gradient step; returns the loss."""
    loss = engine.total([(calclib_forward(layers, x) - t) ** 2 for x, t in zip(X, y, strict=True)])
    loss = loss * (1 / len(y))
    params = [p for layer in layers for ws, b in layer for p in (*ws, b)]
    for p in params:
        p.grad = 0.0
    loss.backward()
    for p in params:
        p.data -= lr * p.grad
    return loss.data


def micrograd_step(model, X, y, lr=0.01):
    """The same step in micrograd: its sum() of Values is a chain of additions."""
    loss = sum((model(x) - t) ** 2 for x, t in zip(X, y, strict=True)) * (1 / len(y))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss.data


def deepest(make_chain, depths):
    """The largest depth whose chain differentiates without an error."""
    best = 0
    for depth in depths:
        try:
            make_chain(depth).backward()
        except RecursionError:
            break
        best = depth
    return best


def run():
    from micrograd import engine as mg_engine
    from micrograd.nn import MLP

    random.seed(0)
    X = [[random.uniform(-1, 1), random.uniform(-1, 1)] for _ in range(100)]
    y = [x1 * x2 for x1, x2 in X]
    model = MLP(SIZES[0], SIZES[1:])
    weights = [[([w.data for w in n.w], n.b.data) for n in layer.neurons]
               for layer in model.layers]
    layers = calclib_mlp(weights)
    same = abs(calclib_step(layers, X, y, lr=0.0) - micrograd_step(model, X, y, lr=0.0))
    assert same < 1e-12, f"the two networks disagree by {same}"

    t_mg = median_time(lambda: micrograd_step(model, X, y), repeats=3)
    t_cl = median_time(lambda: calclib_step(layers, X, y), repeats=7)

    def chain(Value):
        def make(depth):
            x = Value(1.0)
            for _ in range(depth):
                x = x * 1.0 + 0.0
            return x
        return make

    depths = [100, 300, 1_000, 3_000, 10_000, 100_000, 500_000]
    deep_mg = deepest(chain(mg_engine.Value), depths)
    deep_cl = deepest(chain(engine.Value), depths)  # 2 nodes per step: 1,000,000 nodes
    return [
        ("engine: MLP(2,16,16,1) step, 100 points", ms(t_cl), f"micrograd {ms(t_mg)}",
         f"{t_mg / t_cl:.0f}x faster", "≥ 20x", t_mg / t_cl >= 20),
        ("engine: deepest chain differentiated", f"{2 * deep_cl:,} nodes",
         f"micrograd: RecursionError past {2 * deep_mg:,}", "", "10⁶ nodes",
         2 * deep_cl >= 1_000_000),
    ]
