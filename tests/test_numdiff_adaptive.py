"""numdiff's default step, chosen from the function (issue 18, section 1): the issue's examples,
the error estimate and its warning, and property-based agreement with SciPy and SymPy over
many scales of x. With an explicit h or method, derivative stays the textbook formula."""

import math
import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from scipy.differentiate import derivative as scipy_derivative

from calclib import numdiff


@pytest.mark.parametrize(("f", "x", "right"), [
    (np.sin, 1e6, math.cos(1e6)),  # 0.936752; the old default step gave -0.0349
    (np.log, 1e-5, 1e5),  # the old default step gave 115905
    (np.log, 1e-7, 1e7),  # the old default step crossed 0: "not finite"
    (np.log, 1e-9, 1e9),
    (math.log, 1e-5, 1e5),  # a function of one number, raising past 0 (math domain error)
    (lambda x: np.exp(x), 700.0, math.exp(700.0)),
    (lambda x: x**2, 1e8, 2e8),
    (lambda x: 1 / x, 1e-7, -1e14),  # a pole just beside x
    (lambda x: np.maximum(x, 0), 1e-7, 1.0),  # a kink just beside x
    (lambda x: np.sin(x) / x, 0.0, 0.0),  # not defined at x itself: central differences only
])
def test_issue_examples_are_right_to_1e_8_without_a_warning(f, x, right):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert numdiff.derivative(f, x) == pytest.approx(right, rel=1e-8, abs=1e-12)


def test_estimate_returns_the_value_and_an_honest_error_bound():
    value, error = numdiff.estimate(np.sin, 1e6)
    assert isinstance(value, float) and isinstance(error, float)
    assert abs(value - math.cos(1e6)) <= error < 1e-9
    xs = np.array([[0.5, 1e-4], [3.0, 1e4]])
    values, errors = numdiff.estimate(np.log, xs)
    assert values.shape == errors.shape == (2, 2)
    assert np.all(np.abs(values - 1 / xs) <= errors)
    assert np.all(errors < 1e-8 / xs)


def test_on_a_boundary_it_uses_one_sided_differences():
    """sqrt(x)^2 = x is defined only for x >= 0: at 0, every central difference leaves it."""
    assert numdiff.derivative(lambda x: np.sqrt(x) ** 2, 0.0) == pytest.approx(1.0, rel=1e-8)
    assert numdiff.derivative(lambda x: np.sqrt(-x) ** 2, 0.0) == pytest.approx(-1.0, rel=1e-8)


@pytest.mark.parametrize(("f", "x"), [
    (lambda x: np.sqrt(x) ** 3, 0.0),  # x^1.5: no power series in h to extrapolate
    (lambda x: np.sin(1e14 * x), 1.0),  # varies on a scale far below any step tried
])
def test_it_warns_when_its_own_error_estimate_is_large(f, x):
    with pytest.warns(numdiff.AccuracyWarning, match="error estimate"):
        numdiff.derivative(f, x)


def test_a_float32_function_is_judged_on_float32_rounding():
    """No warning: the value is as right as float32 allows, and the error bound says so."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value, error = numdiff.estimate(lambda x: np.float32(np.sin(x)), 1.0)
    assert abs(value - math.cos(1.0)) <= error
    assert error < 1e-3


@pytest.mark.parametrize("method", numdiff.METHODS)
def test_an_explicit_step_or_method_is_exactly_the_textbook_formula(method):
    x, h = 1.0, 2.0**-10
    formula = {"forward": (np.sin(x + h) - np.sin(x)) / h,
               "backward": (np.sin(x) - np.sin(x - h)) / h,
               "central": (np.sin(x + h) - np.sin(x - h)) / (2 * h)}[method]
    assert numdiff.derivative(np.sin, x, h=h, method=method) == formula
    step = float(numdiff.default_step(method, x))
    assert numdiff.derivative(np.sin, x, method=method) == numdiff.derivative(
        np.sin, x, h=step, method=method)
    assert numdiff.derivative(np.sin, x, h=h) == (np.sin(x + h) - np.sin(x - h)) / (2 * h)


def test_the_old_wrong_answer_is_still_the_textbook_answer():
    """sin at 1e6 with the textbook default step (6 units wide) is wrong: the lesson."""
    assert abs(numdiff.derivative(np.sin, 1e6, method="central") - math.cos(1e6)) > 0.5


def test_multivariate_defaults_choose_their_steps_the_same_way():
    def f(p):
        return np.sin(p[0]) + np.log(p[1])

    point = [1e6, 1e-7]
    np.testing.assert_allclose(numdiff.gradient(f, point), [math.cos(1e6), 1e7], rtol=1e-8)
    np.testing.assert_allclose(numdiff.jacobian(f, point)[0], [math.cos(1e6), 1e7], rtol=1e-8)
    assert numdiff.partial(f, point, 1) == pytest.approx(1e7, rel=1e-8)
    H = numdiff.hessian(lambda p: np.sin(p[0]) * np.log(p[1]), [1e6, 1e-3])
    expected = [[-math.sin(1e6) * math.log(1e-3), math.cos(1e6) * 1e3],
                [math.cos(1e6) * 1e3, -math.sin(1e6) * 1e6]]
    np.testing.assert_allclose(H, expected, rtol=1e-6)


def test_an_explicit_h_in_several_variables_costs_two_evaluations_per_partial():
    calls = []

    def f(p):
        calls.append(1)
        return float(np.sum(p**2))

    numdiff.gradient(f, np.ones(7), h=1e-5)
    assert len(calls) == 14


# Property-based: against SciPy's own adaptive derivative, and against SymPy's exact one,
# over x from 1e-6 to 1e8 in size. SciPy is given a first step that fits each function (its
# default of 0.5 does not fit log near 0 or sin far out), and is used only where it reports
# success.
SCALES = st.builds(lambda m, e, sign: sign * m * 10.0**e, st.floats(1.0, 9.99),
                   st.integers(-6, 8), st.sampled_from([-1.0, 1.0]))
x_symbol = sp.Symbol("x", real=True)
FORMULAS = [sp.sin(x_symbol), sp.atan(x_symbol), sp.log(sp.Abs(x_symbol)),
            sp.exp(x_symbol / 1e8), x_symbol**3 - 2 * x_symbol, sp.sqrt(1 + x_symbol**2)]
# the scale on which each varies near x: SciPy's first step is half of it
SCALE_OF = {FORMULAS[0]: lambda x: 1.0, FORMULAS[1]: lambda x: max(1.0, abs(x)),
            FORMULAS[2]: abs, FORMULAS[3]: lambda x: 1e8, FORMULAS[4]: lambda x: max(1.0, abs(x)),
            FORMULAS[5]: lambda x: max(1.0, abs(x))}


@given(x=SCALES, formula=st.sampled_from(FORMULAS))
def test_agrees_with_sympy_over_scales_of_x(x, formula):
    f = sp.lambdify(x_symbol, formula, "numpy")
    exact = float(sp.diff(formula, x_symbol).subs(x_symbol, x).evalf(30))
    value, error = numdiff.estimate(f, x)
    scale_of_f = abs(float(formula.subs(x_symbol, x))) / max(1.0, abs(x))  # |f| over its step
    assert abs(value - exact) <= 1e-8 * abs(exact) + 1e-12 * scale_of_f + 1e-300
    assert abs(value - exact) <= 10 * error + 1e-15 * abs(exact)


@given(x=SCALES, formula=st.sampled_from(FORMULAS))
def test_agrees_with_scipy_over_scales_of_x(x, formula):
    f = sp.lambdify(x_symbol, formula, "numpy")
    reference = scipy_derivative(f, x, initial_step=SCALE_OF[formula](x) / 2)
    if not reference.success:
        return
    value, error = numdiff.estimate(f, x)
    assert abs(value - reference.df) <= 1e-7 * abs(value) + 10 * (error + reference.error)


@given(x=st.floats(-50, 50), h=st.floats(1e-6, 1.0))
def test_the_explicit_central_formula_is_untouched_at_any_step(x, h):
    step = (x + h) - x
    expected = (np.sin(x + step) - np.sin(x - step)) / (2 * step)
    assert numdiff.derivative(np.sin, x, h=h) == expected
