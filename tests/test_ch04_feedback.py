"""Chapter 4's exercise feedback names the usual mistakes (issue 20): a gradient N times too
large (the 1/N of the mean forgotten) or too small, a flipped sign, a forgotten ReLU mask."""

import numpy as np
import pytest

from calclib import exercises, nn


def two_layer(params, X, labels, scale=1.0, mask=True, sign=1.0):
    """Chapter 4's two-layer network (weights stored as (out, in)), its backward right, or with
    delta2 scaled by `scale`, the ReLU mask left out, or every gradient's sign flipped."""
    z1 = X @ params["W1"].T + params["b1"]
    a1 = np.maximum(z1, 0)
    loss, delta2 = nn.softmax_cross_entropy(a1 @ params["W2"].T + params["b2"], labels)
    delta2 = scale * delta2
    delta1 = (delta2 @ params["W2"]) * ((z1 > 0) if mask else 1.0)
    grads = {"W2": delta2.T @ a1, "b2": delta2.sum(axis=0), "W1": delta1.T @ X,
             "b1": delta1.sum(axis=0)}
    return loss, {name: sign * grad for name, grad in grads.items()}


@pytest.mark.parametrize(("answer", "words"), [
    (lambda p, X, y: two_layer(p, X, y, scale=6.0), "forget the 1/N of the mean"),
    (lambda p, X, y: two_layer(p, X, y, scale=1 / 6), "N = 6 times too small"),
    (lambda p, X, y: two_layer(p, X, y, sign=-1.0), "wrong sign"),
    (lambda p, X, y: two_layer(p, X, y, mask=False), "without the ReLU mask"),
])
def test_fix_backward_names_the_mistake(answer, words):
    feedback = exercises.check("04-fix-backward", answer)
    assert feedback.correct is False and words in str(feedback), str(feedback)


def test_the_forgotten_mask_is_named_only_where_it_is_wrong():
    feedback = str(exercises.check("04-fix-backward",
                                   lambda p, X, y: two_layer(p, X, y, mask=False)))
    assert "dW1" in feedback and "db1" in feedback and "dW2" not in feedback


def test_dense_backward_names_a_mean_and_a_sign():
    mean = exercises.check("04-dense-backward",
                           lambda dZ, X, W: (dZ @ W.T, X.T @ dZ, dZ.mean(axis=0)))
    assert "N = 4 times too small" in str(mean) and "a mean where a sum" in str(mean)
    negated = exercises.check("04-dense-backward",
                              lambda dZ, X, W: (-dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)))
    assert "dX" in str(negated) and "wrong sign" in str(negated)
    assert exercises.check("04-dense-backward",
                           lambda dZ, X, W: (dZ @ W.T, X.T @ dZ, dZ.sum(axis=0))).correct


def test_a_transposed_square_gradient_is_named():
    from calclib.exercises.backprop import _diagnosis

    right = np.arange(9.0).reshape(3, 3)
    assert "transpose" in _diagnosis("W2", right.T, right, 6, [])
    assert _diagnosis("W2", right + 1, right, 6, []) == ""


def test_dense_backward_accepts_a_dict_keyed_by_gradient_names():
    answer = lambda dZ, X, W: {"dX": dZ @ W.T, "dW": X.T @ dZ, "db": dZ.sum(axis=0)}  # noqa: E731
    assert exercises.check("04-dense-backward", answer).correct
    wrong_keys = str(exercises.check("04-dense-backward", lambda dZ, X, W: {"a": 1}))
    assert "'dX', 'dW', 'db'" in wrong_keys


def test_dense_backward_names_the_wrong_order():
    answer = lambda dZ, X, W: (X.T @ dZ, dZ @ W.T, dZ.sum(axis=0))  # noqa: E731
    assert "wrong order" in str(exercises.check("04-dense-backward", answer))


def test_softmax_gradient_names_the_usual_mistakes():
    p = nn.softmax([[2.0, 1.0, 0.0]])[0]
    for answer, words in [(p - [0, 1, 0], "p − onehot(1)"), (p - [0, 0, 1], "p − onehot(2)"),
                          ((-1 / p[0], 0, 0), "dL/dp"), (np.log(p), "log-probabilities"),
                          ((1.0, 2.0), "like (0.1, 0.2, 0.3)")]:
        assert words in str(exercises.check("04-softmax-gradient", answer)), words


def test_shape_names_x_transposed_and_hints_with_integers():
    assert "Xᵀ's shape" in str(exercises.check("04-shape", (784, 32)))
    assert "like (10, 20)" in str(exercises.check("04-shape", (1,)))


def test_fix_backward_accepts_gradients_keyed_dW1():
    def answer(p, X, y):
        loss, grads = two_layer(p, X, y)
        return loss, {f"d{name}": grad for name, grad in grads.items()}

    assert exercises.check("04-fix-backward", answer).correct
