"""Chapter 4's figures say what the text says (issue 20): the vanishing-gradient picture at the
default and at He's scale, and the local patterns of backprop with engine-computed gradients."""

import numpy as np

from calclib import plots, widgets


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
