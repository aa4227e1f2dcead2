"""Chapter 4's figures say what the text says (issue 20): the vanishing-gradient picture at the
default and at He's scale, and the local patterns of backprop with engine-computed gradients."""

import copy

import figure_invariants as fi
import numpy as np

from calclib import datasets, nn, plots, widgets


def titles(activation, scale, depth=10):
    spreads = widgets.layer_spreads(depth, activation, scale)
    return [ax.get_title() for ax in plots.gradient_norms(spreads, activation, scale).axes]


def test_the_default_shows_sigmoid_vanishing_backwards_only():
    forward, backward = titles("sigmoid", 1.0)
    assert "steady" in forward and "vanishing" in backward


def test_relu_vanishes_at_scale_1_holds_at_he_and_explodes_at_3():
    assert all("vanishing" in t for t in titles("relu", 1.0))
    assert all("steady" in t for t in titles("relu", np.sqrt(2)))
    assert all("exploding" in t for t in titles("relu", 3.0))


def test_a_large_scale_saturates_sigmoid_instead_of_exploding():
    assert "exploding" not in titles("sigmoid", 10.0)[1]


def test_spreads_have_one_entry_per_hidden_layer():
    spreads = widgets.layer_spreads(5, "tanh", 1.0)
    assert len(spreads["activations"]) == len(spreads["deltas"]) == 5
    assert len(spreads["weight_grads"]) == 6
    assert np.allclose(spreads["weight_grads"], widgets.layer_gradient_norms(5, "tanh", 1.0))


def test_local_patterns_shows_the_engines_gradients():
    texts = [t.get_text() for ax in plots.local_patterns().axes for t in ax.texts]
    for grad in ["grad 2", "grad -2", "grad 6", "grad 0", "grad 7"]:
        assert grad in texts, (grad, texts)


def test_the_verdict_is_per_layer_so_one_steep_layer_counts():
    forward, backward = titles("tanh", 0.1, depth=2)  # 10-fold down in its one step
    assert "vanishing" in forward and "vanishing" in backward


def test_saturating_units_are_named_and_tanh_explodes_while_they_saturate():
    for activation, scale in [("tanh", 3.0), ("sigmoid", 10.0)]:
        spreads = widgets.layer_spreads(10, activation, scale)
        figure = plots.gradient_norms(spreads, activation, scale)
        assert any("saturated" in t.get_text() for t in figure.axes[0].texts)
        assert np.mean(spreads["saturated"]) > 0.4
    assert "exploding" in titles("tanh", 3.0)[1] and "steady" in titles("tanh", 3.0)[0]
    spreads = widgets.layer_spreads(10, "relu", 1.0)
    assert spreads["saturated"] == [0.0] * 10  # ReLU does not saturate


def test_the_per_layer_gain_is_scale_times_the_typical_slope():
    for activation, scale in [("sigmoid", 1.0), ("tanh", 3.0), ("relu", 1.0), ("sigmoid", 10.0)]:
        s = widgets.layer_spreads(30, activation, scale)
        factor = plots.backprop.per_layer(s["deltas"][-1], s["deltas"][0], 30)
        assert np.isclose(factor, np.mean(s["gains"][1:]), rtol=0.15), (activation, factor)


def test_training_figure_keeps_the_invariants_at_each_snapshot():
    X, labels = datasets.spirals(n_per_class=50, seed=0)
    model = nn.MLP([2, 50, 3], activation="relu", seed=0)
    snapshots, losses = [(0, copy.deepcopy(model))], []
    for epoch in range(1, 401):  # the loss falls from above 1 to below 0.2: many decades' ticks
        loss, dlogits = nn.softmax_cross_entropy(model.forward(X), labels)
        model.backward(dlogits)
        for param, grad in zip(model.params, model.grads, strict=True):
            param -= 1.0 * grad
        losses.append(loss)
        if epoch in (10, 100, 400):
            snapshots.append((epoch, copy.deepcopy(model)))
    assert losses[0] > 1 and losses[-1] < 0.3
    figure = plots.DecisionBoundary(X, labels, losses)
    for epoch, snapshot in snapshots:
        figure.update(snapshot.predict, epoch)
        assert fi.check(figure.figure) == {}, epoch
