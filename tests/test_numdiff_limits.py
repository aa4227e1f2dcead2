"""numdiff at the limits of its default step (review of issue 18): x so large that the floats
beside it are far apart, kinks and infinite slopes, results that are not real numbers, and
empty input. Every estimate's error bound must be honest, or a warning must say why not."""

import math
import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calclib import functions, numdiff


def cos_of(x):
    """cos of the float x itself, to 30 digits (an independent reference)."""
    with mpmath.workdps(30):
        return float(mpmath.cos(mpmath.mpf(x)))


@pytest.mark.parametrize("x", [1e13, 1e14, 1e16, 1e20, -1e16, 2.0**60])
def test_large_x_gives_an_honest_bound_and_warns_where_sin_is_unresolved(x):
    value, error = numdiff.estimate(np.sin, x)
    assert abs(value - cos_of(x)) <= error
    with pytest.warns(numdiff.AccuracyWarning, match="floats beside it are too far apart"):
        numdiff.derivative(np.sin, x)


@pytest.mark.parametrize("x", [1e16, 1e20])
def test_an_unresolvable_large_x_never_claims_a_tiny_error(x):
    assert numdiff.estimate(np.sin, x)[1] > 0.01


@given(st.floats(0.0, 22.0), st.sampled_from([1.0, -1.0]), st.floats(1.0, 2.0))
def test_the_bound_is_honest_or_the_estimate_warns_at_every_scale(exponent, sign, mantissa):
    x = sign * mantissa * 10.0**exponent
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = numdiff.derivative(np.sin, x)
    _, error = numdiff.estimate(np.sin, x)
    right = cos_of(x)
    assert abs(value - right) <= max(error, 1e-15)
    if not caught:
        assert abs(value - right) <= 1e-6 * max(abs(right), 1e-9)


@given(st.floats(1.0, 1e30))
def test_a_polynomial_stays_right_at_any_scale(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert numdiff.derivative(lambda t: t**2, x) == pytest.approx(2 * x, rel=1e-12)


@pytest.mark.parametrize(("f", "value"), [(np.abs, 0.0), (functions.relu, 0.5)])
def test_a_kink_warns_and_has_a_nonzero_error(f, value):
    with pytest.warns(numdiff.AccuracyWarning, match="kink"):
        assert numdiff.derivative(f, 0.0) == pytest.approx(value)
    assert numdiff.estimate(f, 0.0)[1] >= 0.5  # half the jump in slope, never 0


@given(st.floats(-1e3, 1e3))
def test_a_kink_anywhere_is_named(c):
    with pytest.warns(numdiff.AccuracyWarning, match="kink"):
        numdiff.derivative(lambda x: np.abs(x - c), c)


@pytest.mark.parametrize("f", [np.sqrt, np.cbrt, lambda x: np.sign(x) * np.abs(x) ** 0.9])
def test_an_infinite_slope_warns_and_is_infinite(f):
    with pytest.warns(numdiff.AccuracyWarning, match="infinite slope"):
        assert numdiff.derivative(f, 0.0) == math.inf
    assert numdiff.estimate(f, 0.0) == (math.inf, math.inf)


def test_an_explicit_method_stays_the_textbook_formula_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert numdiff.derivative(functions.relu, 0.0, method="central") == 0.5
        assert numdiff.derivative(np.sin, 1e16, h=2.0) == pytest.approx(
            (np.sin(1e16 + 2) - np.sin(1e16 - 2)) / 4)


def test_smooth_functions_near_a_kink_or_a_boundary_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for f, x in [(functions.relu, 1e-7), (np.sqrt, 1e-4), (np.abs, -3.0), (np.cos, 0.0)]:
            numdiff.derivative(f, x)


@pytest.mark.parametrize("call", [
    lambda f: numdiff.derivative(f, 1.0),
    lambda f: numdiff.estimate(f, 1.0),
    lambda f: numdiff.derivative(f, 1.0, h=1e-3),
    lambda f: numdiff.derivative(f, [1.0, 2.0]),
    lambda f: numdiff.partial(lambda p: f(p[0]), [1.0], 0),
    lambda f: numdiff.gradient(lambda p: f(p[0]), [1.0]),
    lambda f: numdiff.jacobian(lambda p: f(p[0]), [1.0]),
    lambda f: numdiff.hessian(lambda p: f(p[0]), [1.0]),
])
def test_a_complex_or_none_result_is_a_type_error_at_every_entry_point(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning on the way
        with pytest.raises(TypeError, match="must return real numbers, got the complex"):
            call(lambda x: x * 1j)
        with pytest.raises(TypeError, match="f returned None; it must return a number"):
            call(lambda x: None)


@pytest.mark.parametrize("kwargs", [{}, {"h": 1e-3}, {"method": "forward"}])
def test_empty_input_gives_an_empty_result_on_every_path(kwargs):
    result = numdiff.derivative(np.sin, [], **kwargs)
    assert isinstance(result, np.ndarray) and result.shape == (0,)
    value, error = numdiff.estimate(np.sin, np.zeros((0, 2)))
    assert value.shape == error.shape == (0, 2)
