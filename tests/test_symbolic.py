"""symbolic: SymPy's rules against derivatives worked by hand, and the safe formula reader."""

import builtins

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from calclib import numdiff, symbolic
from calclib.symbolic import FormulaError

x = sp.Symbol("x", real=True)


def same(a, b):
    return sp.simplify(a - b) == 0


@pytest.mark.parametrize(("formula", "by_hand"), [
    ("x**2 + 3*x + 2", 2 * x + 3),  # the seeds' example
    ("x**7", 7 * x**6),  # power rule
    ("x**(-2)", -2 * x**-3),
    ("sqrt(x)", 1 / (2 * sp.sqrt(x))),
    ("x**2 * sin(x)", 2 * x * sp.sin(x) + x**2 * sp.cos(x)),  # product rule
    ("sin(x) / x", (x * sp.cos(x) - sp.sin(x)) / x**2),  # quotient rule
    ("exp(3*x**2)", 6 * x * sp.exp(3 * x**2)),  # chain rule
    ("log(x)", 1 / x),
    ("cos(x)", -sp.sin(x)),
    ("tan(x)", 1 / sp.cos(x) ** 2),
    ("tanh(x)", 1 - sp.tanh(x) ** 2),
    ("sigmoid(x)", sp.exp(-x) / (1 + sp.exp(-x)) ** 2),
    ("e^x", sp.exp(x)),
])
def test_rules_match_derivatives_worked_by_hand(formula, by_hand):
    assert same(symbolic.derivative(formula), by_hand)


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma():
    sigma = symbolic.parse("sigmoid(x)")
    assert same(symbolic.derivative(sigma), sigma * (1 - sigma))


@pytest.mark.parametrize("formula", ["x**3 - 2*x", "x*exp(-x^2)", "log(1 + x^2)", "sin(x)*cos(x)"])
def test_symbolic_agrees_with_finite_differences(formula):
    df = symbolic.lambdify(symbolic.derivative(formula))
    xs = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(df(xs), numdiff.derivative(symbolic.lambdify(formula), xs),
                               rtol=1e-7, atol=1e-9)


def test_accepts_sympy_expressions_and_named_variables():
    y = sp.Symbol("y")
    assert symbolic.derivative(x**3) == 3 * x**2
    assert symbolic.derivative(x * y**2, y) == 2 * x * y
    assert symbolic.derivative("x*y**2", var="y") == 2 * symbolic.parse("x*y")
    assert symbolic.derivative(5) == 0
    assert symbolic.derivative("x**2", "t") == 0  # x does not depend on t


def test_relu_derivative_is_a_step_with_zero_at_the_kink():
    assert str(symbolic.derivative("relu(x)")) == "step(x)"
    assert symbolic.parse("relu(-2)") == 0 and symbolic.parse("relu(pi)") == sp.pi
    drelu = symbolic.lambdify(symbolic.derivative("relu(x)"))
    np.testing.assert_array_equal(drelu(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 1.0])


def test_caret_is_power_with_the_precedence_of_paper():
    assert symbolic.parse("x^2*sin(x)") == x**2 * sp.sin(x)
    assert symbolic.parse("-x^2") == -(x**2)
    assert symbolic.parse("exp(-x^2)") == sp.exp(-(x**2))
    assert symbolic.parse("0.5*x") == x / 2


def test_lambdify_works_on_scalars_arrays_and_constants():
    f = symbolic.lambdify("x**2")
    assert f(3.0) == 9.0 and isinstance(f(3.0), float)
    np.testing.assert_array_equal(f(np.array([1.0, 2.0])), [1.0, 4.0])
    np.testing.assert_array_equal(symbolic.lambdify("7")(np.zeros(3)), [7.0, 7.0, 7.0])
    assert np.isnan(symbolic.lambdify("log(x)")(-1.0))


@pytest.mark.parametrize(("text", "words"), [
    ("__import__('os').system('touch /tmp/calclib_pwned')", "not allowed"),
    ("__import__('os')", "unknown function '__import__'"),
    ("os.system('ls')", "'os.system' is not allowed"),
    ("x.__class__", "not allowed"),
    ("(lambda: 1)()", "not allowed"),
    ("[c for c in ()]", "not allowed"),
    ("open('/etc/passwd')", "unknown function 'open'"),
    ("'text'", "is not a number"),
    ("y + 1", "unknown name 'y'"),
    ("_x", "unknown name"),
    ("2x", "write multiplication with \\*"),
    ("sin(x", "brackets"),
    ("x +", "could not read"),
    ("", "empty"),
    ("sin", "is a function"),
    ("sin(x, 2)", "exactly one argument"),
    ("9**9**9", "too large"),
    ("1/0", "division by zero"),
    ("1e400", "too large"),
    ("x" + "+x" * 200, "characters long"),
])
def test_unsafe_or_broken_formulas_get_a_one_line_error(text, words):
    with pytest.raises(FormulaError, match=words) as info:
        symbolic.parse(text, variables=("x",))
    assert "\n" not in str(info.value)


def test_formulas_are_never_passed_to_eval(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise AssertionError("eval was called")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    assert symbolic.parse("x**2 + sin(x) + pi") == x**2 + sp.sin(x) + sp.pi
    target = tmp_path / "pwned"
    with pytest.raises(FormulaError):
        symbolic.parse(f"__import__('pathlib').Path('{target}').touch()")
    assert not target.exists()


def test_gradient_and_hessian_match_derivatives_worked_by_hand():
    x, y = sp.symbols("x y", real=True)
    assert symbolic.gradient("x**2*y + 3*y**2", ["x", "y"]) == sp.Matrix([2 * x * y, x**2 + 6 * y])
    assert symbolic.gradient("x*y", "x y") == sp.Matrix([y, x])
    H = symbolic.hessian("x**3*y**2 + sin(x*y)", ["x", "y"])
    by_hand = sp.Matrix([[6 * x * y**2 - y**2 * sp.sin(x * y),
                          6 * x**2 * y + sp.cos(x * y) - x * y * sp.sin(x * y)],
                         [6 * x**2 * y + sp.cos(x * y) - x * y * sp.sin(x * y),
                          2 * x**3 - x**2 * sp.sin(x * y)]])
    assert sp.simplify(H - by_hand) == sp.zeros(2, 2)


def test_gradient_agrees_with_finite_differences():
    f = symbolic.lambdify("x*exp(-y^2) + y*sin(x)", ["x", "y"])
    grad = symbolic.gradient("x*exp(-y^2) + y*sin(x)", ["x", "y"])
    x, y = sp.symbols("x y", real=True)
    for p in [(0.3, -1.1), (2.0, 0.5)]:
        expected = np.array(grad.subs({x: p[0], y: p[1]}), dtype=float)[:, 0]
        np.testing.assert_allclose(numdiff.gradient(lambda q: f(*q), p), expected, rtol=1e-8)


def test_lambdify_of_several_variables_broadcasts():
    f = symbolic.lambdify("x**2*y", ["x", "y"])
    assert f(2.0, 3.0) == 12.0
    np.testing.assert_array_equal(f(np.array([1.0, 2.0]), 3.0), [3.0, 12.0])
    with pytest.raises(TypeError, match="takes 2 argument"):
        f(1.0)


def test_bad_arguments_are_named():
    with pytest.raises(TypeError, match="formula must be a string"):
        symbolic.parse(3)
    with pytest.raises(TypeError, match="expr must be a SymPy expression or a formula string"):
        symbolic.derivative([1, 2])
    with pytest.raises(ValueError, match=r"several variables \(x, y\)"):
        symbolic.derivative("x*y")
    with pytest.raises(TypeError, match="var must be a variable name"):
        symbolic.derivative("x**2", var=3)
    with pytest.raises(TypeError, match="variables must be a list of names"):
        symbolic.gradient("x*y", [])
    with pytest.raises(FormulaError, match="unknown name 'z'"):
        symbolic.gradient("x*z", ["x", "y"])


# Issue 18, section 4: one convention, symbols matched by name, stable evaluation.


def test_a_plain_symbol_matches_the_parsed_variable_by_name():
    assert symbolic.derivative("x**2", sp.Symbol("x")) == 2 * x
    assert list(symbolic.gradient("x**2*y", [sp.Symbol("x"), sp.Symbol("y")])) == [
        2 * x * sp.Symbol("y", real=True), x**2]


def test_kinks_use_zero_everywhere_like_engine_nn_and_pytorch():
    from calclib import engine, functions
    y = sp.Symbol("y", real=True)
    dmax = symbolic.gradient(sp.Max(x, y), [x, y])
    assert [d.subs({x: 1, y: 1}) for d in dmax] == [0, 0]
    assert symbolic.lambdify(dmax[0], [x, y])(1.0, 1.0) == 0.0
    assert symbolic.derivative("relu(x)").subs(x, 0) == 0
    assert symbolic.lambdify(symbolic.derivative("relu(x)"))(0.0) == 0.0
    v = engine.Value(0.0)
    v.relu().backward()
    assert v.grad == 0.0 == functions.relu_derivative(0.0)


@given(t=st.floats(-1e4, 1e4))
def test_log_cosh_form_is_evaluated_stably(t):
    f = symbolic.lambdify("log(exp(x) + exp(-x))")
    df = symbolic.lambdify(symbolic.derivative("log(exp(x) + exp(-x))"))
    assert f(t) == pytest.approx(np.logaddexp(t, -t), rel=1e-12)
    assert df(t) == pytest.approx(np.tanh(t), rel=1e-12, abs=1e-15)


def test_log_cosh_at_1000_is_finite_and_so_is_its_derivative():
    assert symbolic.lambdify("log(exp(x) + exp(-x))")(1000.0) == pytest.approx(1000.0)
    assert symbolic.lambdify(symbolic.derivative("log(exp(x) + exp(-x))"))(1000.0) == 1.0
    assert np.isinf(symbolic.lambdify("1/x")(0.0))  # a real pole stays inf
    assert np.isnan(symbolic.lambdify("log(x)")(-1.0))  # not real stays nan
