"""gradcheck: passes right gradients, catches wrong ones with the worst entries named, explains
shape mistakes, and never changes its inputs."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# Issue 18, section 2: the verdict follows the gradient's own error scale, says when the
# comparison cannot tell, and refuses what it cannot check.


def test_a_large_loss_does_not_let_a_wrong_gradient_through():
    """sum(x^2) at 1e8: the right gradient is 2e8; 2.1e8 is 5% off."""
    report = gradcheck.check(lambda x: np.sum(x**2), np.array([1e8]), np.array([2.1e8]))
    assert report.verdict == "WRONG" and report.max_relative_error == pytest.approx(0.05 / 1.05)
    assert gradcheck.check(lambda x: np.sum(x**2), np.array([1e8]), np.array([2e8])).passed


def test_a_large_constant_in_the_loss_cannot_tell():
    report = gradcheck.check(lambda x: np.sum(x**2) + 1e12, np.array([1.0]), np.array([2.5]))
    assert report.verdict == "cannot tell" and "large constants" in str(report)


def test_a_float32_loss_is_named_as_the_reason():
    x = np.array([0.3, -1.2, 0.8])
    report = gradcheck.check(lambda v: np.sum(v.astype(np.float32) ** 2), x, 2 * x)
    assert report.verdict == "cannot tell" and "float32" in str(report) and not report.passed


def test_a_kink_within_the_step_is_named_as_the_reason():
    report = gradcheck.check(lambda v: np.sum(np.maximum(v, 0)), np.array([0.0]), np.array([0.0]))
    assert report.verdict == "cannot tell" and "kink" in report.caveat


@pytest.mark.parametrize(("x", "right"), [(1e-7, 1.0), (-1e-7, 0.0)])
def test_a_kink_just_beside_x_is_resolved_by_a_step_chosen_from_f(x, right):
    report = gradcheck.check(lambda v: np.sum(np.maximum(v, 0)), np.array([x]), np.array([right]))
    assert report.passed, str(report)
    wrong = gradcheck.check(lambda v: np.sum(np.maximum(v, 0)), np.array([x]),
                            np.array([right + 0.5]))
    assert wrong.verdict == "WRONG", str(wrong)


def test_a_wrong_gradient_beside_a_kink_is_still_wrong():
    x = np.array([1e-7, 2.0])
    report = gradcheck.check(lambda v: np.sum(np.maximum(v, 0)), x, np.array([1.0, 3.0]))
    assert report.verdict == "WRONG" and report.worst[0][0] == (1,)


@pytest.mark.parametrize(("x", "h", "error", "words"), [
    (np.array([1, 2]), 1e-6, TypeError, "integers"),
    (np.array([True]), 1e-6, TypeError, "booleans"),
    (np.array([1.0]), 0.0, ValueError, "h must be a positive"),
    (np.array([1.0]), -1e-6, ValueError, "h must be a positive"),
    (np.array([1.0]), float("nan"), ValueError, "h must be a positive"),
    (np.array([1.0]), "small", TypeError, "h must be a positive number"),
    (np.array(["a"]), 1e-6, TypeError, "real numbers"),
])
def test_bad_parameters_and_steps_are_refused(x, h, error, words):
    with pytest.raises(error, match=words):
        gradcheck.check(lambda v: float(np.sum(v)), x, np.ones(x.shape), h=h)


def test_check_params_refuses_an_integer_parameter_array():
    W = np.array([[1, 2], [3, 4]])
    with pytest.raises(TypeError, match="W is an array of integers"):
        gradcheck.check_params(lambda: float(np.sum(W**2)), [W], [2.0 * W], names=["W"])


@given(scale=st.integers(-6, 8), error=st.sampled_from([1e-3, 1e-2, 0.1, 0.5]),
       constant=st.sampled_from([0.0, 1.0, 1e3]))
def test_a_known_wrong_gradient_fails_at_every_scale_of_f(scale, error, constant):
    """f = c (x.x + constant) at x of size 1: right gradient 2 c x, here off by a factor."""
    c = 10.0**scale
    x = np.array([0.7, -1.3, 0.4])
    right = 2 * c * x
    def f(v):
        return c * (float(v @ v) + constant)
    assert gradcheck.check(f, x, right).passed
    assert gradcheck.check(f, x, right * (1 + error)).verdict == "WRONG"


@given(st.floats(0.0, 10.0), st.floats(1.0, 2.0))
def test_a_correct_gradient_of_a_fast_varying_f_is_never_called_wrong(exponent, mantissa):
    x = np.array([mantissa * 10.0**exponent, 0.5])
    report = gradcheck.check(lambda v: np.sum(np.sin(v)), x, np.cos(x))
    assert report.verdict != "WRONG", str(report)
    wrong = gradcheck.check(lambda v: np.sum(np.sin(v)), x, np.cos(x) + np.array([0.3, 0.0]))
    assert wrong.verdict != "ok", str(wrong)


@pytest.mark.parametrize("x0", [1e4, 1e6, 1e8])
def test_the_review_examples_of_sin_at_large_x_pass_and_a_wrong_gradient_fails(x0):
    x = np.array([x0])
    assert gradcheck.check(lambda v: np.sum(np.sin(v)), x, np.cos(x)).passed
    assert gradcheck.check(lambda v: np.sum(np.sin(v)), x, np.cos(x) + 0.1).verdict == "WRONG"


def test_a_step_too_coarse_for_f_cannot_tell():
    x = np.array([1e20])  # the floats beside x are 16384 apart: sin cannot be resolved
    report = gradcheck.check(lambda v: np.sum(np.sin(v)), x, np.cos(x))
    assert report.verdict == "cannot tell" and "too coarse" in report.caveat


def test_a_nan_in_the_analytic_gradient_is_named_with_its_index():
    report = gradcheck.check(lambda v: np.sum(v**2), np.ones(3), np.array([2.0, np.nan, 2.0]))
    assert report.verdict == "WRONG" and "the analytic gradient contains nan at (1,)" in str(report)
    assert "relative error nan" not in str(report)


@pytest.mark.parametrize("f", [lambda v: np.nan * np.sum(v), lambda v: np.sum(np.log(v - 1))])
def test_f_not_finite_at_x_is_a_clear_error(f):
    with np.errstate(all="ignore"), pytest.raises(ValueError, match="f is not finite at x"):
        gradcheck.check(f, np.ones(2), np.ones(2))


def test_f_not_finite_beside_x_is_a_clear_error():
    with np.errstate(all="ignore"), pytest.raises(ValueError, match="f is not finite beside x"):
        gradcheck.check(lambda v: np.sum(np.sqrt(v)), np.zeros(1), np.ones(1))


@pytest.mark.parametrize(("f", "message"), [
    (lambda v: 1j * np.sum(v), "must return real numbers, got the complex"),
    (lambda v: None, "f returned None"),
])
def test_a_result_that_is_not_a_real_number_is_a_type_error(f, message):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TypeError, match=message):
            gradcheck.check(f, np.ones(2), np.ones(2))
        with pytest.raises(TypeError, match=message):
            gradcheck.numeric_gradient(f, np.ones(2))
