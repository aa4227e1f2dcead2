"""numdiff against closed-form derivatives, its measured error order, and its bad input."""

import math

import numpy as np
import pytest

from calclib import numdiff
from calclib.functions import sigmoid, sigmoid_derivative

# (f, f' worked out by hand, points where both are defined)
CASES = [
    (np.sin, np.cos, np.linspace(-6, 6, 25)),
    (np.exp, np.exp, np.linspace(-4, 4, 17)),
    (lambda x: x**3 - 2 * x, lambda x: 3 * x**2 - 2, np.linspace(-3, 3, 13)),
    (np.log, lambda x: 1 / x, np.linspace(0.2, 20, 12)),
    (sigmoid, sigmoid_derivative, np.linspace(-8, 8, 17)),
    (lambda x: x**2 + 3 * x + 2, lambda x: 2 * x + 3, np.linspace(-5, 5, 11)),
]
TOLERANCE = {"central": 1e-9, "forward": 1e-6, "backward": 1e-6}


@pytest.mark.parametrize("method", numdiff.METHODS)
@pytest.mark.parametrize(("f", "df", "xs"), CASES)
def test_matches_closed_form_at_many_points(f, df, xs, method):
    estimate = numdiff.derivative(f, xs, method=method)
    np.testing.assert_allclose(estimate, df(xs), rtol=TOLERANCE[method], atol=TOLERANCE[method])


def test_scalar_in_float_out_and_array_shape_kept():
    assert isinstance(numdiff.derivative(np.sin, 1.0), float)
    assert isinstance(numdiff.derivative(np.sin, 2), float)
    grid = np.linspace(-1, 1, 12).reshape(3, 4)
    result = numdiff.derivative(np.sin, grid)
    assert result.shape == (3, 4)
    np.testing.assert_allclose(result, np.cos(grid), rtol=1e-9)
    np.testing.assert_allclose(numdiff.derivative(np.sin, [0.0, 1.0]), np.cos([0.0, 1.0]))


def test_function_of_one_number_works_on_arrays():
    """A learner's f written with math.sin cannot take an array; it is called point by point."""
    xs = np.array([0.0, 0.5, 1.0])
    np.testing.assert_allclose(numdiff.derivative(math.sin, xs), np.cos(xs), rtol=1e-9)


def test_constant_function_has_zero_derivative():
    np.testing.assert_array_equal(numdiff.derivative(lambda x: 5.0, [0.0, 1.0, 2.0]), 0.0)


def test_seed_example_agrees_with_hand_derivative():
    """d/dx (x^2 + 3x + 2) = 2x + 3: at x = 1.5 that is 6."""
    assert numdiff.derivative(lambda x: x**2 + 3 * x + 2, 1.5) == pytest.approx(6.0, rel=1e-10)


@pytest.mark.parametrize(("method", "order"), [("forward", 1), ("backward", 1), ("central", 2)])
@pytest.mark.parametrize(("f", "df", "x"), [(np.sin, np.cos, 1.0), (np.exp, np.exp, 0.5)])
def test_halving_h_cuts_error_by_two_to_the_order(f, df, x, method, order):
    """Forward and backward: halving h halves the error. Central: divides it by 4."""
    for h in [0.1, 0.05, 0.02]:
        assert numdiff.error_order(f, df, x, h, method) == pytest.approx(order, abs=0.1)
    big, small = numdiff.step_errors(f, df, x, [0.02, 0.01], method)
    assert big / small == pytest.approx(2**order, rel=0.1)


def test_default_step_balances_truncation_and_round_off():
    hs = np.logspace(-15, 0, 151)
    for method in numdiff.METHODS:
        errors = numdiff.step_errors(np.sin, np.cos, 1.0, hs, method)
        h = numdiff.default_step(method, 1.0)
        default_error = abs(numdiff.derivative(np.sin, 1.0, method=method) - np.cos(1.0))
        # every step 100x larger (more truncation) or 100x smaller (more round-off) does worse
        far = (hs >= 100 * h) | (hs <= h / 100)
        assert default_error < errors[far].min()
        assert default_error < {"central": 1e-9, "forward": 1e-7, "backward": 1e-7}[method]
    assert numdiff.default_step("forward") == pytest.approx(np.sqrt(np.finfo(float).eps))
    assert numdiff.default_step("central", 1000.0) == pytest.approx(1000 * 2.0 ** (-52 / 3))


def test_round_off_grows_as_h_shrinks():
    tiny, small = numdiff.step_errors(np.sin, np.cos, 1.0, [1e-13, 1e-9], "forward")
    assert tiny > 10 * small


@pytest.mark.parametrize(("kwargs", "error", "words"), [
    ({"f": 3.0}, TypeError, "f must be a function"),
    ({"h": 0.0}, ValueError, "h must be a positive"),
    ({"h": -1e-3}, ValueError, "h must be a positive"),
    ({"h": float("nan")}, ValueError, "h must be a positive"),
    ({"h": "small"}, TypeError, "h must be a positive number"),
    ({"method": "centre"}, ValueError, "method must be one of 'forward', 'backward', 'central'"),
    ({"x": "one"}, TypeError, "x must be a real number"),
    ({"x": [1.0, "a"]}, TypeError, "x must be a real number"),
    ({"x": float("inf")}, ValueError, "x must be finite"),
    ({"x": 1 + 2j}, TypeError, "x must be a real number"),
    ({"f": np.log, "x": -1.0}, ValueError, "not finite"),
    ({"f": lambda x: 1 / x, "x": 0.0, "method": "forward"}, ValueError, "not finite"),
    ({"f": lambda x: "text"}, TypeError, "f must return real numbers"),
    ({"f": lambda x: np.ones(3), "x": [1.0, 2.0]}, ValueError, "one number per point"),
    ({"h": 1e-17}, ValueError, "rounds to x"),
])
def test_bad_input_gives_a_clear_error(kwargs, error, words):
    args = {"f": np.sin, "x": 1.0} | kwargs
    with pytest.raises(error, match=words):
        numdiff.derivative(**args)


def test_error_order_refuses_an_exact_answer():
    with pytest.raises(ValueError, match="exactly 0"):
        numdiff.error_order(lambda x: 2 * x, lambda x: 2.0, 0.0, 0.5, "central")
