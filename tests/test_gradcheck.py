"""gradcheck: passes right gradients, catches wrong ones with the worst entries named, explains
shape mistakes, and never changes its inputs."""

import numpy as np
import pytest

from calclib import datasets, gradcheck


def f(x):
    return np.sum(x**3) + x.flat[0] * x.flat[-1]


def grad_f(x):
    g = 3 * x**2
    g.flat[0] += x.flat[-1]
    g.flat[-1] += x.flat[0]
    return g


def test_a_right_gradient_passes_with_a_tiny_error():
    x = np.array([[0.5, -1.2], [2.0, 0.3]])
    report = gradcheck.check(f, x, grad_f(x))
    assert report.passed and report.max_relative_error < 1e-8
    assert str(report).startswith("✓")


def test_a_wrong_entry_is_named_first_with_both_values():
    x = np.array([[0.5, -1.2], [2.0, 0.3]])
    wrong = grad_f(x)
    wrong[1, 0] *= 1.5  # 18 instead of 12
    report = gradcheck.check(f, x, wrong, name="dx")
    assert not report.passed
    index, analytic, numeric, relative = report.worst[0]
    assert index == (1, 0) and analytic == pytest.approx(18.0) and numeric == pytest.approx(12.0)
    assert relative == pytest.approx(1 / 3)
    assert "✗ dx" in str(report) and "at (1, 0): analytic 18, numeric 12" in str(report)


def test_a_transposed_gradient_is_explained_by_shape():
    x = np.ones((2, 3))
    report = gradcheck.check(lambda v: np.sum(v), x, np.ones((3, 2)))
    assert not report.passed
    assert "shape (3, 2)" in report.problem and "transposed" in report.problem


def test_small_entries_are_judged_on_the_largest_scale():
    # the tiny entry's derivative, 3e-6, is lost in the rounding of f = 1e6 (numeric gives 0):
    # that must not fail a right gradient
    x = np.array([1000.0, 1e-3])
    report = gradcheck.check(lambda v: v[0] ** 2 + v[1] ** 3, x, np.array([2000.0, 3e-6]))
    assert report.passed, report
    report = gradcheck.check(lambda v: v[0] ** 2 + v[1] ** 3, x, np.array([2000.0, 0.5]))
    assert not report.passed and report.worst[0][0] == (1,)


def test_x_and_model_params_are_restored():
    x = np.array([1.0, 2.0])
    gradcheck.check(lambda v: np.sum(v**2), x, 2 * x)
    assert np.array_equal(x, [1.0, 2.0])

    W = np.array([[1.0, -2.0]])
    before = W.copy()
    reports = gradcheck.check_params(lambda: float(np.sum(W**2)), [W], [2 * W], ["W"])
    assert reports[0].passed and np.array_equal(W, before)


def test_check_params_catches_a_layer_bug():
    X, _ = datasets.spirals(n_per_class=3, seed=0)
    W = np.random.default_rng(0).standard_normal((2, 3))

    def loss():
        z = X @ W
        return float(np.mean(np.sum(z**2, axis=1)))

    right = 2 * X.T @ (X @ W) / len(X)
    wrong = right * np.array([1.0, 1.0, -1.0])  # one column's sign flipped
    assert gradcheck.check_params(loss, [W], [right])[0].passed
    report = gradcheck.check_params(loss, [W], [wrong], ["W"])[0]
    assert not report.passed and [i[1] for i, *_ in report.worst[:2]] == [2, 2]


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: gradcheck.check("f", np.ones(2), np.ones(2)), TypeError, "function of x"),
    (lambda: gradcheck.check(lambda v: v, np.ones(2), np.ones(2)), ValueError, "one number"),
    (lambda: gradcheck.check_params(lambda: 0.0, [np.ones(2)], []), ValueError,
     "1 parameters but 0 gradients"),
])
def test_bad_input_gives_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()
