"""engine.Value and dual.Dual on powers with negative and zero bases, overflow, and tiny or huge
numbers (issue 18, section 3), and the Value methods micrograd and PyTorch users type, with
micrograd's own two tests written again here against hand and finite-difference values
(section 6)."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from calclib import dual, engine, numdiff
from calclib.dual import Dual
from calclib.engine import Value


def test_negative_base_with_a_whole_exponent_as_pytorch():
    a, b = Value(-2.0), Value(2.0)
    out = a**b
    out.backward()
    assert out.data == 4.0 and a.grad == -4.0 and math.isnan(b.grad)
    x = Value(3.0)
    out = (-2.0) ** x
    out.backward()
    assert out.data == -8.0
    assert (Dual(-2.0, 1.0) ** Dual(2.0)).deriv == -4.0
    assert (Dual(-2.0) ** Dual(2.0)).value == 4.0
    assert math.isnan((Dual(-2.0) ** Dual(2.0, 1.0)).deriv)
    assert ((-2.0) ** Dual(3.0)).value == -8.0


def test_zero_base_with_a_positive_exponent_has_zero_gradients():
    a, b = Value(0.0), Value(2.0)
    out = a**b
    out.backward()
    assert (out.data, a.grad, b.grad) == (0.0, 0.0, 0.0)
    assert (Dual(0.0, 1.0) ** Dual(2.0)).deriv == 0.0
    assert (Dual(0.0) ** Dual(2.0, 1.0)).deriv == 0.0


@pytest.mark.parametrize("call", [lambda: Value(-8.0) ** (1 / 3),
                                  lambda: Dual(-8.0, 1.0) ** (1 / 3),
                                  lambda: Value(-8.0) ** Value(0.5)])
def test_a_fractional_power_of_a_negative_number_names_the_operation(call):
    with pytest.raises(ValueError, match=r"\*\*.*not a real number.*negative base"):
        call()


@pytest.mark.parametrize(("call", "words"), [
    (lambda: engine.exp(Value(1000.0)), r"engine\.exp\(1000\.0\) overflows"),
    (lambda: Value(1000.0).exp(), r"engine\.exp\(1000\.0\) overflows"),
    (lambda: Value(10.0) ** 400, r"\(10\.0\)\*\*400\.0 overflows"),
    (lambda: dual.exp(1000.0), r"dual\.exp\(1000\.0\) overflows"),
    (lambda: dual.exp(Dual(1000.0, 1.0)), r"dual\.exp\(1000\.0\) overflows"),
    (lambda: Dual(10.0, 1.0) ** 400, r"\(10\.0\)\*\*400\.0 overflows"),
])
def test_overflow_says_what_overflowed_and_where(call, words):
    with pytest.raises(OverflowError, match=words):
        call()


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_value_and_dual_refuse_nan_and_inf_alike(bad):
    with pytest.raises(ValueError, match="finite"):
        Value(bad)
    with pytest.raises(ValueError, match="finite"):
        Dual(bad)
    with pytest.raises(ValueError, match=r"result of '\*' is inf"):
        Value(1e200) * Value(1e200)
    with pytest.raises(ValueError, match="finite"):
        Dual(1e200) * Dual(1e200)


def test_representable_results_survive_tiny_and_huge_intermediates():
    """b**2 underflows (1e-400) or overflows (1e400), yet a/b and d(a/b)/db are representable."""
    for a_data, b_data in [(1e-200, 1e-200), (1e200, 1e200)]:
        a, b = Value(a_data), Value(b_data)
        out = a / b
        out.backward()
        assert out.data == 1.0
        assert a.grad == pytest.approx(1 / b_data) and b.grad == pytest.approx(-1 / b_data)
        assert (Dual(a_data) / Dual(b_data, 1.0)).deriv == pytest.approx(-1 / b_data)
    x = Value(1e-200)
    out = x**2  # 1e-400 underflows to 0: representable; d/dx = 2e-200
    out.backward()
    assert out.data == 0.0 and x.grad == pytest.approx(2e-200)


# Property-based: powers against SymPy, with negative bases and magnitudes from 1e-100 to 1e100.
a_sym, b_sym = sp.symbols("a b")
POWER = a_sym**b_sym
D_BASE, D_EXPONENT = sp.diff(POWER, a_sym), sp.diff(POWER, b_sym)


@given(base=st.floats(-1e100, 1e100).filter(lambda v: abs(v) > 1e-100),
       exponent=st.integers(-3, 3).map(float))
def test_whole_powers_agree_with_sympy_at_any_sign_and_size(base, exponent):
    point = {a_sym: sp.Float(base, 30), b_sym: int(exponent)}
    exact, d_base = float(POWER.subs(point)), float(D_BASE.subs(point))
    if any(abs(v) > np.finfo(float).max for v in (exact, d_base)):
        with pytest.raises(OverflowError, match="beyond the largest float"):
            Value(base) ** Value(exponent)
        return  # beyond float range: a clear error, checked above
    if any(0 < abs(v) < 1e-290 for v in (exact, d_base)):
        return  # subnormal: fewer digits than the comparison below asks for
    a, b = Value(base), Value(exponent)
    out = a**b
    out.backward()
    assert out.data == pytest.approx(exact, rel=1e-13)
    assert a.grad == pytest.approx(d_base, rel=1e-13)
    assert (Dual(base, 1.0) ** exponent).deriv == pytest.approx(d_base, rel=1e-13)
    if base > 0:
        d_exponent = float(D_EXPONENT.subs({a_sym: sp.Float(base, 30), b_sym: int(exponent)}))
        assert b.grad == pytest.approx(d_exponent, rel=1e-12)
        assert (Dual(base) ** Dual(exponent, 1.0)).deriv == pytest.approx(d_exponent, rel=1e-12)
    else:
        assert math.isnan(b.grad)


@given(x=st.floats(-700, 700))
def test_exp_and_sigmoid_stay_finite_over_the_whole_range(x):
    v = Value(x)
    for out, right in [(v.exp(), math.exp(x)), (v.sigmoid(), 0.5 * (1 + math.tanh(x / 2)))]:
        assert out.data == pytest.approx(right, rel=1e-12)
    assert dual.exp(Dual(x, 1.0)).deriv == pytest.approx(math.exp(x), rel=1e-12)


# Section 6: the methods, and micrograd's two tests in our own words.


@pytest.mark.parametrize("name", ["exp", "log", "tanh", "sigmoid", "relu"])
def test_methods_are_the_functions(name):
    x, y = Value(0.7), Value(0.7)
    method, function = getattr(x, name)(), getattr(engine, name)(y)
    method.backward()
    function.backward()
    assert (method.data, x.grad) == (function.data, y.grad)


def sanity(x, relu):
    """micrograd's test_sanity_check expression, for Values (relu a method) or floats."""
    z = 2 * x + 2 + x
    q = relu(z) + z * x
    h = relu(z * z)
    return h + q + q * x


def test_sanity_check_of_micrograd():
    """At x = -4: z = -10, q = 40, h = 100, y = 100 + 40 - 160 = -20. By hand,
    dy/dx = dh/dx + (1 + x) dq/dx + q, dq/dx = z + 3x (relu(z) = 0), dh/dx = 2 z * 3:
    -60 + (-3)(-22) + 40 = 46."""
    x = Value(-4.0)
    y = sanity(x, lambda v: v.relu())
    y.backward()
    assert y.data == -20.0 and x.grad == 46.0
    by_numbers = numdiff.derivative(lambda t: sanity(t, lambda v: max(v, 0.0)), -4.0)
    assert x.grad == pytest.approx(by_numbers, rel=1e-9)


def more_ops(a, b, relu):
    """micrograd's test_more_ops expression, for Values or floats."""
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + relu(b + a)
    d = d + 3 * d + relu(b - a)
    e = c - d
    f = e**2
    g = f / 2.0
    return g + 10.0 / f


def test_more_ops_of_micrograd():
    """At a = -4, b = 2 the value is checked against the same expression on floats (and
    micrograd's printed value), the gradient against finite differences of it (and
    micrograd's printed gradient, from PyTorch)."""
    a, b = Value(-4.0), Value(2.0)
    g = more_ops(a, b, lambda v: v.relu())
    g.backward()

    def on_floats(p):
        return more_ops(p[0], p[1], lambda v: max(v, 0.0))

    assert g.data == pytest.approx(on_floats([-4.0, 2.0]), rel=1e-15)
    assert g.data == pytest.approx(24.70408163265306, rel=1e-14)  # micrograd's reference value
    by_numbers = numdiff.gradient(on_floats, [-4.0, 2.0])
    np.testing.assert_allclose([a.grad, b.grad], by_numbers, rtol=1e-8)
    np.testing.assert_allclose([a.grad, b.grad], [138.83381924198252, 645.5772594752186],
                               rtol=1e-12)
