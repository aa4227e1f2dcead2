"""nn: every layer, activation, loss and regularizer against finite differences (gradcheck) and
closed forms; MLP gradients and training; stability at extreme logits; clear errors."""

import numpy as np
import pytest

from calclib import datasets, gradcheck, nn

RNG = np.random.default_rng(0)


def test_dense_backward_matches_finite_differences():
    X, W, b = RNG.standard_normal((5, 3)), RNG.standard_normal((3, 4)), RNG.standard_normal(4)
    G = RNG.standard_normal((5, 4))  # the loss sum(Z * G) has dL/dZ = G
    dX, dW, db = nn.dense_backward(G, X, W)
    parts = {"X": X, "W": W, "b": b}
    for name, grad in [("X", dX), ("W", dW), ("b", db)]:
        def loss(v, name=name):
            args = {**parts, name: v}
            return np.sum(nn.dense_forward(args["X"], args["W"], args["b"]) * G)

        report = gradcheck.check(loss, parts[name], grad, name=name)
        assert report.passed, report
        assert grad.shape == parts[name].shape


def test_dense_backward_closed_form_on_a_tiny_case():
    X = np.array([[1.0, 2.0]])
    W = np.array([[3.0], [4.0]])
    dX, dW, db = nn.dense_backward(np.array([[1.0]]), X, W)
    np.testing.assert_array_equal(dX, [[3.0, 4.0]])  # dZ W^T
    np.testing.assert_array_equal(dW, [[1.0], [2.0]])  # X^T dZ
    np.testing.assert_array_equal(db, [1.0])


@pytest.mark.parametrize("name", list(nn.ACTIVATIONS))
def test_activation_derivative_matches_finite_differences(name):
    act, act_grad = nn.ACTIVATIONS[name]
    z = np.array([-3.0, -0.7, -0.1, 0.2, 1.3, 4.0])  # off ReLU's kink
    numeric = gradcheck.numeric_gradient(lambda v: np.sum(act(v)), z)
    np.testing.assert_allclose(act_grad(z), numeric, rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("activation", list(nn.ACTIVATIONS))
def test_mlp_gradients_pass_gradcheck(activation):
    model = nn.MLP([3, 5, 4, 3], activation=activation, seed=1)
    for param in model.params[1::2]:  # nonzero biases, so every term is exercised
        param += 0.1 * RNG.standard_normal(param.shape)
    X, labels = RNG.standard_normal((6, 3)), np.array([0, 1, 2, 2, 1, 0])

    def loss():
        return nn.softmax_cross_entropy(model.forward(X), labels)[0]

    _, dlogits = nn.softmax_cross_entropy(model.forward(X), labels)
    dX = model.backward(dlogits, input_grad=True)
    grads = [g.copy() for g in model.grads]
    for report in gradcheck.check_params(loss, model.params, grads):
        assert report.passed, report
    report = gradcheck.check(lambda v: nn.softmax_cross_entropy(model.forward(v), labels)[0],
                             X, dX, name="dX")
    assert report.passed, report


def test_mlp_layout_is_the_documented_one():
    model = nn.MLP([4, 7, 2])
    assert [p.shape for p in model.params] == [(4, 7), (7,), (7, 2), (2,)]
    model.backward(nn.softmax_cross_entropy(model.forward(np.ones((3, 4))), [0, 1, 1])[1])
    assert [g.shape for g in model.grads] == [p.shape for p in model.params]


def test_mlp_initial_scale_is_he_for_relu_and_xavier_for_tanh():
    relu = nn.MLP([400, 400], activation="relu", seed=0).params[0]
    tanh = nn.MLP([400, 400], activation="tanh", seed=0).params[0]
    assert relu.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert tanh.std() == pytest.approx(np.sqrt(1 / 400), rel=0.02)
    assert nn.MLP([400, 400], weight_scale=3.0).params[0].std() == pytest.approx(0.15, rel=0.02)


def test_mlp_learns_the_spirals():
    X, labels = datasets.spirals(n_per_class=50, seed=0)
    model = nn.MLP([2, 64, 3], seed=0)
    first = None
    for _ in range(600):
        loss, dlogits = nn.softmax_cross_entropy(model.forward(X), labels)
        first = loss if first is None else first
        model.backward(dlogits)
        for param, grad in zip(model.params, model.grads, strict=True):
            param -= 1.0 * grad
    assert np.mean(model.predict(X) == labels) >= 0.95
    assert loss < first / 5


def test_losses_match_closed_forms():
    loss, grad = nn.mse(np.array([1.0, 3.0]), np.array([0.0, 0.0]))
    assert loss == 5.0 and np.allclose(grad, [1.0, 3.0])  # 2 (pred - y) / 2
    loss, grad = nn.binary_cross_entropy(np.array([0.0]), np.array([1.0]))
    assert loss == pytest.approx(np.log(2)) and np.allclose(grad, [-0.5])  # p - y
    loss, grad = nn.softmax_cross_entropy(np.zeros((1, 4)), [3])
    assert loss == pytest.approx(np.log(4)) and np.allclose(grad, [[0.25, 0.25, 0.25, -0.75]])


@pytest.mark.parametrize("name", ["softmax cross-entropy", "binary cross-entropy", "mse"])
def test_loss_gradients_pass_gradcheck(name):
    z = RNG.standard_normal((5, 3))
    loss_and_grad = {
        "softmax cross-entropy": lambda v: nn.softmax_cross_entropy(v, [0, 2, 1, 1, 0]),
        "binary cross-entropy": lambda v: nn.binary_cross_entropy(v, (z > 0).astype(float)),
        "mse": lambda v: nn.mse(v, np.ones((5, 3))),
    }[name]
    report = gradcheck.check(lambda v: loss_and_grad(v)[0], z, loss_and_grad(z)[1], name=name)
    assert report.passed, report


def test_softmax_cross_entropy_is_finite_and_right_at_huge_logits():
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]])
    loss, grad = nn.softmax_cross_entropy(logits, [2, 2])
    # row 1: -log p_2 = 1000 - 0; row 2: log(e^1000 + e^999) - 999 = 1 + log(1 + e^-1)
    assert loss == pytest.approx((1000 + 1 + np.log1p(np.exp(-1))) / 2)
    p = 1 / (1 + np.exp(-1))
    np.testing.assert_allclose(grad, [[0.5, 0, -0.5], [0, p / 2, (1 - p) / 2 - 0.5]],
                               atol=1e-12)
    assert np.all(np.isfinite(nn.softmax(logits)))


def test_binary_cross_entropy_is_finite_at_huge_logits():
    loss, grad = nn.binary_cross_entropy(np.array([1000.0, -1000.0]), np.array([0.0, 1.0]))
    assert loss == pytest.approx(1000.0) and np.allclose(grad, [0.5, -0.5])


@pytest.mark.parametrize("penalty", [nn.l2_penalty, nn.l1_penalty])
def test_regularizer_gradients_pass_gradcheck(penalty):
    W = RNG.standard_normal((3, 4))
    report = gradcheck.check(lambda w: penalty(w, 0.3)[0], W, penalty(W, 0.3)[1])
    assert report.passed, report


def test_regularizers_closed_forms_and_the_l1_kink():
    W = np.array([[-2.0, 0.0, 3.0]])
    assert nn.l2_penalty(W, 0.5)[0] == 6.5 and np.allclose(nn.l2_penalty(W, 0.5)[1], W)
    loss, grad = nn.l1_penalty(W, 0.5)
    assert loss == 2.5 and np.array_equal(grad, [[-0.5, 0.0, 0.5]])  # sign(0) = 0 at the kink


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: nn.dense_forward(np.ones((4, 3)), np.ones((2, 5)), np.ones(5)), ValueError,
     r"X \(4, 3\), W \(2, 5\)"),
    (lambda: nn.dense_backward(np.ones((4, 3)), np.ones((4, 2)), np.ones((2, 5))), ValueError,
     r"dZ has shape \(4, 3\).*\(4, 5\)"),
    (lambda: nn.mse(np.ones(3), np.ones(4)), ValueError, r"\(3,\) and \(4,\)"),
    (lambda: nn.softmax_cross_entropy(np.ones((2, 3)), [0, 3]), ValueError,
     "between 0 and 2, got 0 to 3"),
    (lambda: nn.softmax_cross_entropy(np.ones((2, 3)), [0]), ValueError, "2 class ids"),
    (lambda: nn.softmax_cross_entropy(np.ones((2, 3)), [0.0, 1.0]), TypeError, "integer"),
    (lambda: nn.softmax_cross_entropy(np.array([[np.nan, 0.0]]), [0]), ValueError, "inf or nan"),
    (lambda: nn.softmax_cross_entropy("logits", [0]), TypeError, "array of numbers"),
    (lambda: nn.binary_cross_entropy(np.zeros(2), np.array([0.0, 2.0])), ValueError, "0 or 1"),
    (lambda: nn.MLP([2]), ValueError, "at least two"),
    (lambda: nn.MLP([2, 3], activation="swish"), ValueError, "'relu', 'tanh', 'sigmoid'"),
    (lambda: nn.MLP([2, 3], weight_scale=-1), ValueError, "positive"),
    (lambda: nn.MLP([2, 3]).forward(np.ones((4, 5))), ValueError, "5 columns but .* 2 inputs"),
    (lambda: nn.MLP([2, 3]).forward(np.array([[np.inf, 0]])), ValueError, "inf or nan"),
    (lambda: nn.MLP([2, 3]).backward(np.ones((1, 3))), RuntimeError, r"forward\(X\) before"),
])
def test_bad_input_gives_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_backward_with_the_wrong_shape_names_both_shapes():
    model = nn.MLP([2, 3])
    model.forward(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(4, 3\)"):
        model.backward(np.ones((3, 4)))


def test_spirals_are_seeded_balanced_and_validated():
    X, labels = datasets.spirals(n_per_class=30, classes=4, seed=2)
    assert X.shape == (120, 2) and np.bincount(labels).tolist() == [30] * 4
    assert np.abs(X).max() <= 1.0 + 1e-12  # radius grows from 0 to 1
    np.testing.assert_array_equal(X, datasets.spirals(n_per_class=30, classes=4, seed=2)[0])
    assert not np.array_equal(X, datasets.spirals(n_per_class=30, classes=4, seed=3)[0])
    with pytest.raises(ValueError, match="classes must be a positive whole number, got 0"):
        datasets.spirals(classes=0)


def test_mlp_input_gradient_only_when_asked_and_the_same_weight_gradients_either_way():
    model = nn.MLP([3, 5, 2], seed=2)
    X, labels = RNG.standard_normal((4, 3)), np.array([0, 1, 1, 0])
    dlogits = nn.softmax_cross_entropy(model.forward(X), labels)[1]
    assert model.backward(dlogits) is None
    without = [g.copy() for g in model.grads]
    dX = model.backward(dlogits, input_grad=True)
    assert dX.shape == X.shape
    for a, b in zip(without, model.grads, strict=True):
        np.testing.assert_array_equal(a, b)
