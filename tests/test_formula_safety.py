"""Whatever a learner types into the formula explorer is read or refused, in one line, and what is
read differentiates and evaluates with bounded work.

The explorer (widgets.formula_explorer) calls symbolic.parse(text, variables=("x",)), then
derivative and lambdify, and evaluates both on a grid of x in [-3, 3]. Work is counted here,
never timed: digits of the numbers, operations in the expressions, Python calls made. A formula
that hung the kernel took one big-integer power in C (counted by its digits) or exponentially
many SymPy calls (counted by the call budget); nothing here depends on the clock.
"""

import contextlib
import functools
import math
import sys
import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from calclib import numdiff, symbolic
from calclib.symbolic import MAX_DEPTH, MAX_DIGITS, MAX_LENGTH, MAX_NOT_REAL, FormulaError

XS = np.linspace(-3, 3, 400)  # the formula explorer's grid

# Python calls for parse + derivative + lambdify + evaluation of one formula. The most any
# formula here needs is about 2.5 million (20 nested sigmoids); the formulas that hung took
# hundreds of millions, or one call that never returned (counted by digits instead).
CALL_BUDGET = 10_000_000
# Operations in a derivative: quadratic in the length at worst, as the product rule turns a
# product of n factors into n terms of n factors: (x+1)*(x+2)*...*(x+43) gives 3,783.
DERIVATIVE_OPS = 10_000
# Digits of a number in a derivative: the chain rule multiplies in at most one number of the
# formula per level of nesting (sin(9**299*sin(9**299*x)) has 9**598 in its derivative).
DERIVATIVE_DIGITS = (MAX_DEPTH + 1) * MAX_DIGITS


class _OverBudget(BaseException):
    """Raised by the call counter: a BaseException, so SymPy's own `except Exception` lets it by."""


@contextlib.contextmanager
def call_budget(calls):
    """Fail if the code inside makes more than `calls` Python function calls."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event == "call":
            count += 1
            if count > calls:
                raise _OverBudget

    sys.setprofile(profile)
    try:
        yield
    except _OverBudget:
        raise AssertionError(f"more than {calls:,} Python calls: the work is not bounded") from None
    finally:
        sys.setprofile(None)


def digits(expr) -> float:
    """log10 of the largest numerator or denominator of a number in expr (0 if none)."""
    return max((math.log10(max(abs(n.p), n.q)) for n in expr.atoms(sp.Rational)), default=0.0)


def explore(text):
    """What the formula explorer does with text: (f, f', f on the grid, f' on the grid), or None
    when the formula is refused with a one-line FormulaError. Warnings are errors, and the work
    is counted."""
    with warnings.catch_warnings(), call_budget(CALL_BUDGET):
        warnings.simplefilter("error")
        try:
            f = symbolic.parse(text, variables=("x",))
        except FormulaError as err:
            assert str(err) and "\n" not in str(err), f"{text!r}: {err}"
            return None
        df = symbolic.derivative(f, "x")
        y, dy = symbolic.lambdify(f, "x")(XS), symbolic.lambdify(df, "x")(XS)
    for values in (y, dy):
        assert isinstance(values, np.ndarray) and values.dtype == float
        assert values.shape == XS.shape
    assert digits(f) <= MAX_DIGITS
    assert digits(df) <= DERIVATIVE_DIGITS
    assert sp.count_ops(f) <= MAX_LENGTH and sp.count_ops(df) <= DERIVATIVE_OPS
    return f, df, y, dy


def refusal(text) -> str:
    """The one-line message a formula is refused with."""
    with pytest.raises(FormulaError) as info, call_budget(CALL_BUDGET):
        symbolic.parse(text, variables=("x",))
    message = str(info.value)
    assert "\n" not in message and isinstance(info.value, ValueError)
    return message


# ---- the formulas from the issue, and their neighbours -----------------------------------

def nested(function, depth, inner="x"):
    return f"{function}(" * depth + inner + ")" * depth


@pytest.mark.parametrize(("text", "words"), [
    ("((9**999)**999)**999", "9**999 gives a number of about 954 digits"),  # hung the kernel
    ("(9**999)**999", "9**999 gives a number of about 954 digits"),  # froze it 19 s
    ("10**999*x", "10**999 gives a number of about 1,000 digits"),
    ("sin(9**999)*x", "9**999 gives"),
    ("9**9**9", "the exponent 9**9 in '9**9**9' is about 3.87e+08"),
    ("x**(10**299)", "the exponent 10**299"),
    ("x**1000**1000", "1000**1000 gives a number of about 3,001 digits"),
    ("(2*x)**1000", "(2*x)**1000 gives a number of about 302 digits"),  # 2**1000 * x**1000
    ("2**1000", "2**1000 gives a number of about 302 digits"),
    ("exp(1000)", "exp(1000) gives a number of about 435 digits"),
    ("e^1000", "e**1000 gives a number of about 435 digits"),
    ("exp(1000*log(2))", "gives a number of about 302 digits"),  # SymPy would make it 2**1000
    ("sigmoid(-1000)", "sigmoid(-1000) gives"),  # 1/(1 + e^1000)
    ("1e400", "the number 1e400 is too large"),  # read by Python as inf
    ("1e-320", "1e-320 gives a number of about 321 digits"),
    ("0x" + "f" * 260, "0xfffff"),  # a 313-digit literal within the length
    ("(10/3)**700", "gives a number of about 367 digits"),  # 10**700 / 3**700: 3.3e366
    (nested("sigmoid", 30), "is nested more than 20 levels deep"),  # RecursionError before
    (nested("sigmoid", MAX_DEPTH + 1), "'x' is nested more than 20 levels deep"),
    ("**".join(["x"] * 30), "is nested more than 20 levels deep"),
    ("-" * 25 + "x", "is nested more than 20 levels deep"),
    ("x**x**x**x**x**x", "stacks more than 4 functions, powers and products"),
    (nested("tanh", MAX_NOT_REAL, "sqrt(x)"), "'tanh(tanh(tanh(tanh(sqrt(x)))))' stacks more"),
    ("relu(sqrt(-1))", "cannot work out 'relu(sqrt(-1))'"),
    ("1/0", "'1/0' is undefined or infinite"),
    ("x/(x-x)", "'x/(x-x)' is undefined or infinite"),
    ("log(0)", "'log(0)' is undefined"),
    ("tan(pi/2)", "'tan(pi/2)' is undefined"),
    ("x\x00", "could not read"),
    ("(" * 150 + "x" + ")" * 150, "characters long"),
])
def test_what_cannot_be_worked_with_is_refused_in_one_line_naming_the_piece(text, words):
    assert words in refusal(text)


@pytest.mark.parametrize("text", [
    "1" * 40,  # a 40-digit literal: numpy's isfinite raised TypeError on it
    "1" * 40 + "*x",
    "9" * 298 + "*x",  # 298 digits: under 10^300, so read
    "2**996*x",
    "exp(690)*x",
    "(x**1000)**1000",  # x**1000000: huge values are inf on the grid, not an error
    "x" + "+x" * 149,  # 150 terms: a long sum is one level, not 150
    nested("tanh", MAX_NOT_REAL - 1, "sqrt(x)"),
    "x**x**x**x**x",
    "relu((sqrt(x)+1)**1000)",  # SymPy's Max took exponentially long to find its sign
    "abs(" * 8 + "log(x)" + ")" * 8,  # SymPy's Abs doubled its work with every level
    "sin(9**299*sin(9**299*x))",
    "sqrt(-1)*sqrt(-1)*x",  # SymPy works in complex numbers: i*i = -1
])
def test_large_but_bounded_formulas_are_read_and_evaluate_to_floats(text):
    assert explore(text) is not None


def test_big_integer_constants_evaluate_as_floats():
    _, _, y, _ = explore("1" * 40)
    np.testing.assert_array_equal(y, np.full(XS.shape, 1.1111111111111111e39))
    _, _, y, dy = explore("sin(10**30)*x")  # NumPy refuses sin of a Python int this large
    with mpmath.workdps(50):  # 10**30 exactly, and its sine to 50 digits
        slope = float(mpmath.sin(10**30))
    np.testing.assert_allclose(y, slope * XS, rtol=1e-12)
    np.testing.assert_allclose(dy, np.full(XS.shape, slope), rtol=1e-12)


def test_towers_and_deep_nests_agree_with_numpy():
    _, _, y, dy = explore("x**x**x**x")
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(y, XS ** (XS ** (XS**XS)), rtol=1e-12, equal_nan=True)
    inside = (XS > 0.2) & (XS < 1.5)  # against finite differences where it is smooth and finite
    by_steps = numdiff.derivative(lambda x: x ** (x ** (x**x)), XS[inside])
    np.testing.assert_allclose(dy[inside], by_steps, rtol=1e-6)
    _, _, y, _ = explore(nested("sigmoid", MAX_DEPTH))  # exactly at the limit
    expected = XS
    for _ in range(MAX_DEPTH):
        expected = 1 / (1 + np.exp(-expected))
    np.testing.assert_allclose(y, expected, rtol=1e-12)


# ---- values that are not real are nan; values too large for a float are inf ---------------

@pytest.mark.parametrize(("text", "expected"), [
    ("sqrt(-1)", lambda x: np.full(x.shape, np.nan)),  # was drawn as the constant 0
    ("log(-1)", lambda x: np.full(x.shape, np.nan)),
    ("asin(2)*x", lambda x: np.full(x.shape, np.nan)),
    ("sqrt(-1)*x", lambda x: np.full(x.shape, np.nan)),
    ("(-8)**(1/3)", lambda x: np.full(x.shape, np.nan)),  # principal cube root: 1 + 1.73i
    ("sqrt(x)", lambda x: np.where(x >= 0, np.sqrt(np.abs(x)), np.nan)),
    ("log(x)", lambda x: np.where(x > 0, np.log(np.abs(x)), np.nan)),
    ("asin(x/2)", lambda x: np.arcsin(x / 2)),
    ("log(-1)**2", lambda x: np.full(x.shape, -np.pi**2)),  # (i pi)^2 is real
])
def test_values_that_are_not_real_are_nan_without_a_warning(text, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning, no RuntimeWarning
        y = symbolic.lambdify(symbolic.parse(text, variables=("x",)), "x")(XS)
    with np.errstate(invalid="ignore"):
        np.testing.assert_allclose(y, expected(XS), rtol=1e-12, equal_nan=True)


def test_values_beyond_float_range_are_inf_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = symbolic.lambdify("exp(exp(exp(x)))")(np.array([-3.0, 0.0, 3.0]))
        assert np.isfinite(y[:2]).all() and y[2] == np.inf  # e^(e^20) overflows
        assert symbolic.lambdify("pi**500*x*pi**500")(np.array([-1.0, 1.0])).tolist() == [
            -np.inf, np.inf]  # pi**1000 is beyond float range, so Python would raise


def test_the_derivative_of_abs_is_the_real_rule_sign_times_inner_derivative():
    _, _, _, dy = explore("abs(log(x))")
    inside = (XS > 0.05) & (np.abs(XS - 1) > 0.01)  # away from 0 and from log's zero at 1
    np.testing.assert_allclose(dy[inside], np.sign(np.log(XS[inside])) / XS[inside], rtol=1e-12)
    assert np.isnan(dy[XS < 0]).all()  # log(x) is not real there
    assert symbolic.parse("abs(x - 1)") == sp.Abs(sp.Symbol("x", real=True) - 1)


@pytest.mark.parametrize(("formula", "value"), [
    ("1.0001**100", Fraction("1.0001") ** 100), ("(1+1/3)**1000 * x", Fraction(4, 3) ** 1000),
    ("0.99**1000 * x", Fraction("0.99") ** 1000)])
def test_a_long_exact_fraction_of_moderate_size_becomes_a_float_not_a_refusal(formula, value):
    """1.0001**100 is 10001**100 / 10**400 exactly (401 digits) but only about 1.01."""
    f = symbolic.lambdify(symbolic.parse(formula, variables=("x",)), "x")
    assert f(1.0) == pytest.approx(float(value), rel=1e-14)


def test_relu_has_a_step_for_its_derivative_and_agrees_with_numpy():
    _, df, y, dy = explore("relu(sqrt(x) - 1)")
    root = np.where(XS < 0, np.nan, np.sqrt(np.abs(XS)))  # not real for x < 0
    np.testing.assert_allclose(y, np.maximum(root - 1, 0), equal_nan=True)
    np.testing.assert_allclose(dy, np.heaviside(root - 1, 0.0) / (2 * root), equal_nan=True)
    assert str(df) == "step(sqrt(x) - 1)/(2*sqrt(x))"


# ---- anything from the grammar, at most MAX_LENGTH characters ------------------------------

NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**40).map(str),
    st.floats(min_value=0, allow_nan=False, allow_infinity=False).map(repr),  # up to 1.8e308
    st.sampled_from(["9**999", "10**999", "9**299", "9" * 299, "1e308", "1e-320", "1e400",
                     "0.5", "690", "1000"]),
)
ATOMS = st.one_of(NUMBERS, st.sampled_from(["x", "pi", "e", "sqrt(-1)", "log(-2)", "asin(2)"]))
OPERATORS = ["+", "-", "*", "/", "**", "^"]


def _grow(inner):
    """One step up the grammar: a binary operation, with or without brackets, a unary minus,
    or a function call."""
    pairs = st.tuples(inner, st.sampled_from(OPERATORS), inner)
    return st.one_of(
        pairs.map("".join),
        pairs.map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
        inner.map(lambda a: f"-{a}"),
        st.tuples(st.sampled_from(sorted(symbolic.FUNCTIONS)), inner).map(
            lambda t: f"{t[0]}({t[1]})"),
    )


FORMULAS = st.recursive(ATOMS, _grow, max_leaves=25).filter(lambda s: len(s) <= MAX_LENGTH)

# Deep formulas: wrappers applied one inside the next, around a part that may not be real.
WRAPPERS = [f"{name}({{}})" for name in sorted(symbolic.FUNCTIONS)] + [
    "x**({})", "({})**x", "({})**({})", "-({})", "({})**2", "2**({})", "x*({})+1", "x/({})",
    "({})^9", "({})*({})", "({})+x*({})"]
ROOTS = ["x", "sqrt(x)", "log(x)", "asin(x)", "x**x", "x**pi", "sqrt(-1)", "9**299", "0.5"]
NESTED = st.tuples(st.sampled_from(ROOTS), st.lists(st.sampled_from(WRAPPERS), max_size=30)).map(
    lambda t: functools.reduce(lambda text, wrapper: wrapper.replace("{}", text), t[1], t[0]),
).filter(lambda s: len(s) <= MAX_LENGTH)


@settings(max_examples=150)
@given(FORMULAS)
def test_any_formula_is_read_and_evaluated_or_refused_in_one_line(text):
    explore(text)


@settings(max_examples=100)
@given(NESTED)
def test_any_deep_formula_is_read_and_evaluated_or_refused_in_one_line(text):
    explore(text)


@pytest.mark.parametrize(("formula", "words"), [
    ("x" * 300, "unknown name 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'"),
    ("x²", "write powers as x**2"), ("sin x", "sin(x), not sin x"),
    ("(" * 100 + "x", "could not read '" + "(" * 37 + "...': the brackets")])
def test_a_message_quotes_at_most_40_characters_and_says_what_to_write(formula, words):
    with pytest.raises(symbolic.FormulaError) as refused:
        symbolic.parse(formula, variables=("x",))
    assert words in str(refused.value) and len(str(refused.value)) < 200
