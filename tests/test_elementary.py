"""Every elementary function of engine and dual against SymPy: the value and the local
derivative at points across each function's domain, the errors outside it, and the infinite
slopes at its ends (issue 22: the formula grammar's functions, in the engine and dual numbers)."""

import math

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from calclib import dual, engine, functions

x = sp.Symbol("x", real=True)
# name in engine/dual -> (SymPy function, the open interval where its slope is finite)
FUNCTIONS = {
    "sin": (sp.sin(x), (-50, 50)), "cos": (sp.cos(x), (-50, 50)),
    "tan": (sp.tan(x), (-1.5, 1.5)), "sqrt": (sp.sqrt(x), (0, 1e6)),
    "absolute": (sp.Abs(x), (-1e6, 1e6)), "asin": (sp.asin(x), (-1, 1)),
    "acos": (sp.acos(x), (-1, 1)), "atan": (sp.atan(x), (-1e6, 1e6)),
    "sinh": (sp.sinh(x), (-700, 700)), "cosh": (sp.cosh(x), (-700, 700)),
    "exp": (sp.exp(x), (-700, 700)), "log": (sp.log(x), (0, 1e300)),
    "tanh": (sp.tanh(x), (-50, 50)), "relu": (sp.Max(x, 0), (-1e6, 1e6)),
    "sigmoid": (1 / (1 + sp.exp(-x)), (-50, 50)),
}


def exact(name, point):
    """SymPy's value and derivative at point (the derivative 0 at a kink, as PyTorch)."""
    expr = FUNCTIONS[name][0]
    if point == 0 and name in ("absolute", "relu"):
        return float(expr.subs(x, 0)), 0.0
    derivative = sp.diff(expr, x).subs(x, sp.Float(point, 30))
    return float(expr.subs(x, sp.Float(point, 30))), float(derivative)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@settings(max_examples=25)  # x 15 functions, each point evaluated exactly by SymPy
@given(fraction=st.floats(0.001, 0.999))
def test_value_and_local_derivative_agree_with_sympy(name, fraction):
    low, high = FUNCTIONS[name][1]
    point = low + fraction * (high - low)
    value, slope = exact(name, point)
    node = getattr(engine, name)(engine.Value(point))
    assert node.data == pytest.approx(value, rel=1e-12, abs=1e-300)
    assert node.local[0] == pytest.approx(slope, rel=1e-9, abs=1e-15)  # 1 - tanh² rounds
    carried = getattr(dual, name)(dual.Dual(point, 1.0))
    assert carried.value == pytest.approx(value, rel=1e-12, abs=1e-300)
    assert carried.deriv == pytest.approx(slope, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize(("name", "outside"), [("sqrt", -1.0), ("asin", 1.5), ("acos", -2.0),
                                               ("log", 0.0)])
def test_outside_the_domain_is_a_clear_error(name, outside):
    with pytest.raises(ValueError, match="defined"):
        getattr(engine, name)(engine.Value(outside))
    with pytest.raises(ValueError, match="defined"):
        getattr(dual, name)(dual.Dual(outside, 1.0))


@pytest.mark.parametrize(("name", "end"), [("sqrt", 0.0), ("asin", 1.0), ("acos", -1.0)])
def test_an_infinite_slope_at_an_end_is_refused_only_where_it_is_needed(name, end):
    node = getattr(engine, name)(engine.Value(end))  # the value is fine
    assert math.isinf(node.local[0])
    with pytest.raises(ValueError, match="infinite"):
        node.backward()
    with pytest.raises(ValueError, match="infinite"):
        getattr(dual, name)(dual.Dual(end, 1.0))
    assert getattr(dual, name)(end) == pytest.approx(float(FUNCTIONS[name][0].subs(x, end)))


@pytest.mark.parametrize("name", ["sinh", "cosh", "exp"])
def test_overflow_names_the_function(name):
    with pytest.raises(OverflowError, match=name):
        getattr(engine, name)(engine.Value(1000.0))
    with pytest.raises(OverflowError, match=name):
        getattr(dual, name)(dual.Dual(1000.0, 1.0))


def test_a_formula_of_them_backpropagates_to_sympys_gradient():
    a, b = sp.symbols("a b", real=True)
    expr = sp.sin(a * b) + sp.sqrt(a) * sp.atan(b) - sp.cosh(b / 3) + sp.Abs(a - b)
    at = {a: 1.7, b: -0.4}
    va, vb = engine.Value(1.7), engine.Value(-0.4)
    out = (engine.sin(va * vb) + engine.sqrt(va) * engine.atan(vb) - engine.cosh(vb / 3)
           + engine.absolute(va - vb))
    out.backward()
    assert out.data == pytest.approx(float(expr.subs(at)))
    assert va.grad == pytest.approx(float(sp.diff(expr, a).subs(at)))
    assert vb.grad == pytest.approx(float(sp.diff(expr, b).subs(at)))


@pytest.mark.parametrize("point", [-745.0, -300.0, -40.0, -25.0, 0.0, 25.0, 40.0, 700.0])
def test_sigmoid_keeps_its_relative_precision_in_both_tails(point):
    """(1 + tanh(x/2)) / 2 gave sigmoid(-40) = 0 and s(1 - s) gave sigmoid'(40) = 0."""
    e = sp.exp(-sp.Float(point, 50))
    exact_value, exact_slope = 1 / (1 + e), e / (1 + e) ** 2
    for value, slope in [(functions.sigmoid(point), functions.sigmoid_derivative(point)),
                         (engine.sigmoid(point).data, engine.sigmoid(point).local[0]),
                         (dual.sigmoid(dual.Dual(point, 1.0)).value,
                          dual.sigmoid(dual.Dual(point, 1.0)).deriv)]:
        assert value == pytest.approx(float(exact_value), rel=1e-13)
        assert slope == pytest.approx(float(exact_slope), rel=1e-12, abs=1e-320)
