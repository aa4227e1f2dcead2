"""Bad gradients never reach the parameters, and losses neither warn nor return inf/nan
(issue 18, section 5)."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calclib import nn, optim

OPTIMIZERS = [optim.SGD(0.1), optim.Momentum(0.1), optim.Nesterov(0.1), optim.AdaGrad(0.1),
              optim.RMSProp(0.1), optim.Adam(0.1), optim.AdamW(0.1)]


@pytest.mark.parametrize("opt", OPTIMIZERS, ids=lambda o: type(o).__name__)
@pytest.mark.parametrize(("bad", "words"), [(np.nan, "gradient 1 contains nan"),
                                            (np.inf, "gradient 1 contains inf"),
                                            (None, "gradient 1 is None")])
def test_a_nan_inf_or_missing_gradient_is_refused_naming_the_parameter(opt, bad, words):
    params = [np.array([1.0, 2.0]), np.array([3.0])]
    grads = [np.array([0.1, 0.1]), None if bad is None else np.array([bad])]
    with pytest.raises((ValueError, TypeError), match=words):
        opt.step(params, grads)
    np.testing.assert_array_equal(params[1], [3.0])  # untouched
    np.testing.assert_array_equal(params[0], [1.0, 2.0])


def test_softmax_of_logits_a_float_range_apart():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(nn.softmax([[1e308, -1e308]]), [[1.0, 0.0]])
        loss, dlogits = nn.softmax_cross_entropy([[1e308, -1e308]], [0])
    assert loss == 0.0 and np.all(dlogits == 0)
    with pytest.raises(OverflowError, match="softmax_cross_entropy is beyond the largest float"):
        nn.softmax_cross_entropy([[1e308, -1e308]], [1])  # the loss is 2e308


def test_losses_beyond_the_largest_float_say_so():
    with pytest.raises(OverflowError, match="mse is beyond the largest float"):
        nn.mse([1e200], [0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grad = nn.binary_cross_entropy([1e308, 1e308], [0, 0])
    assert loss == 1e308 and np.allclose(grad, 0.5)


@pytest.mark.parametrize("call", [
    lambda: nn.mse([], []),
    lambda: nn.binary_cross_entropy([], []),
    lambda: nn.softmax_cross_entropy(np.zeros((0, 3)), np.zeros(0, int)),
])
def test_an_empty_batch_is_a_clear_error(call):
    with pytest.raises(ValueError, match="the batch is empty"):
        call()


@given(scale=st.floats(1e-3, 1e307), n=st.integers(1, 4), seed=st.integers(0, 10))
def test_softmax_cross_entropy_is_finite_or_says_why_at_any_scale(scale, n, seed):
    z = np.random.default_rng(seed).standard_normal((n, 3)) * scale
    labels = np.arange(n) % 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            loss, dlogits = nn.softmax_cross_entropy(z, labels)
        except OverflowError:
            return
    assert np.isfinite(loss) and loss >= 0 and np.all(np.isfinite(dlogits))
    np.testing.assert_allclose(dlogits.sum(axis=1), 0, atol=1e-12)
