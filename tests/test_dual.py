"""Dual numbers against closed forms and finite differences, for every operation, for
compositions, mixed with floats on either side; and their clear errors."""

import math

import numpy as np
import pytest

from calclib import dual, numdiff
from calclib.dual import Dual

POINTS = [-2.3, -0.7, 0.4, 1.0, 2.9]

# (function of a Dual or float, its derivative by hand, points where both are defined)
CASES = {
    "x + 3": (lambda x: x + 3, lambda x: 1.0, POINTS),
    "3 + x": (lambda x: 3 + x, lambda x: 1.0, POINTS),
    "x - 3": (lambda x: x - 3, lambda x: 1.0, POINTS),
    "3 - x": (lambda x: 3 - x, lambda x: -1.0, POINTS),
    "-x": (lambda x: -x, lambda x: -1.0, POINTS),
    "2.5 * x": (lambda x: 2.5 * x, lambda x: 2.5, POINTS),
    "x * x": (lambda x: x * x, lambda x: 2 * x, POINTS),
    "x / 4": (lambda x: x / 4, lambda x: 0.25, POINTS),
    "1 / x": (lambda x: 1 / x, lambda x: -1 / x**2, POINTS),
    "x ** 3": (lambda x: x**3, lambda x: 3 * x**2, POINTS),
    "x ** -2": (lambda x: x**-2, lambda x: -2 * x**-3, POINTS),
    "x ** 0.5": (lambda x: x**0.5, lambda x: 0.5 * x**-0.5, [0.4, 1.0, 2.9]),
    "2 ** x": (lambda x: 2**x, lambda x: math.log(2) * 2**x, POINTS),
    "x ** x": (lambda x: x**x, lambda x: x**x * (math.log(x) + 1), [0.4, 1.0, 2.9]),
    "sin": (dual.sin, math.cos, POINTS),
    "cos": (dual.cos, lambda x: -math.sin(x), POINTS),
    "exp": (dual.exp, math.exp, POINTS),
    "log": (dual.log, lambda x: 1 / x, [0.4, 1.0, 2.9]),
    "tanh": (dual.tanh, lambda x: 1 - math.tanh(x) ** 2, POINTS),
    "sigmoid": (dual.sigmoid, lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2, POINTS),
    "sin(x**2)": (lambda x: dual.sin(x**2), lambda x: 2 * x * math.cos(x**2), POINTS),
    "3(2x^2)^5": (lambda x: 3 * (2 * x**2) ** 5, lambda x: 960 * x**9, POINTS),
    "exp(sin x) / (1 + x^2)": (
        lambda x: dual.exp(dual.sin(x)) / (1 + x**2),
        lambda x: math.exp(math.sin(x)) * (math.cos(x) * (1 + x**2) - 2 * x) / (1 + x**2) ** 2,
        POINTS),
    "log(sigmoid(x)) * tanh(x)": (
        lambda x: dual.log(dual.sigmoid(x)) * dual.tanh(x),
        lambda x: (1 - 1 / (1 + math.exp(-x))) * math.tanh(x)
        + math.log(1 / (1 + math.exp(-x))) * (1 - math.tanh(x) ** 2),
        POINTS),
}


@pytest.mark.parametrize("name", list(CASES))
def test_derivative_matches_hand_and_finite_differences(name):
    f, df, points = CASES[name]
    for x in points:
        exact = df(x)
        assert dual.derivative(f, x) == pytest.approx(exact, rel=1e-12, abs=1e-14)
        assert dual.derivative(f, x) == pytest.approx(numdiff.derivative(f, x), rel=1e-7, abs=1e-8)
        assert f(Dual(x, 1.0)).value == pytest.approx(f(x), rel=1e-14)  # the value rides along


def test_a_float_function_gives_a_float_and_derivative_zero_for_constants():
    assert dual.sin(0.0) == 0.0 and isinstance(dual.exp(1), float)
    assert dual.derivative(lambda x: 5.0, 2.0) == 0.0


def test_product_follows_epsilon_squared_is_zero():
    product = Dual(2, 1) * Dual(3, 4)
    assert (product.value, product.deriv) == (6.0, 11.0)


def test_gradient_seeds_one_input_per_pass():
    def f(v):
        return v[0] * v[1] + dual.sin(v[0]) + v[2] ** 2

    np.testing.assert_allclose(dual.gradient(f, [2.0, 3.0, -1.0]), [3 + math.cos(2), 2.0, -2.0])


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: Dual(1.0, 1.0) / Dual(0.0, 1.0), ZeroDivisionError, "value is 0"),
    (lambda: 1 / Dual(0.0, 1.0), ZeroDivisionError, "value is 0"),
    (lambda: dual.log(Dual(0.0, 1.0)), ValueError, "log is defined only for positive"),
    (lambda: dual.log(-2.0), ValueError, "log is defined only for positive"),
    (lambda: Dual(0.0, 1.0) ** 0.5, ValueError, "infinite derivative"),
    (lambda: Dual(1.0, float("nan")), ValueError, "derivative part must be a finite number"),
    (lambda: Dual(1.0, float("inf")), ValueError, "derivative part must be a finite number"),
    (lambda: dual.log(Dual(1e-320, 1.0)), OverflowError, "derivative part"),
    (lambda: Dual("1"), TypeError, "value must be a real number"),
    (lambda: Dual(1.0) + "a", TypeError, "value must be a real number"),
    (lambda: dual.sin("a"), TypeError, "x must be a real number"),
    (lambda: dual.derivative(3.0, 1.0), TypeError, "f must be a function"),
    (lambda: dual.derivative(lambda x: "text", 1.0), TypeError, "f must return a number"),
    (lambda: dual.gradient(sum, ["a"]), TypeError, "must be a real number"),
])
def test_bad_input_gives_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_an_operation_may_still_give_the_documented_nan_of_a_negative_base():
    out = Dual(-2.0) ** Dual(2.0, 1.0)  # d/db (-2)**b = (-2)**b log(-2): not real (PyTorch: nan)
    assert out.value == 4.0 and math.isnan(out.deriv)
    assert (Dual(0.0) ** 0.5).value == 0.0  # a constant: no derivative needed
