"""The example curves: hand-derived derivatives against SymPy and finite differences."""

import numpy as np
import pytest

from calclib import functions, numdiff, symbolic


@pytest.mark.parametrize("name", list(functions.CURVES))
def test_hand_derivative_matches_finite_differences_and_sympy(name):
    curve = functions.CURVES[name]
    xs = np.linspace(*curve.xlim, 24)  # an even count: never exactly 0, ReLU's kink
    np.testing.assert_allclose(curve.df(xs), numdiff.derivative(curve.f, xs), atol=1e-8)
    np.testing.assert_allclose(curve.f(xs), symbolic.lambdify(curve.formula)(xs), atol=1e-12)
    by_sympy = symbolic.lambdify(symbolic.derivative(curve.formula))
    np.testing.assert_allclose(curve.df(xs), by_sympy(xs), atol=1e-12)


def test_sigmoid_is_stable_at_extreme_inputs():
    with np.errstate(all="raise"):
        values = functions.sigmoid(np.array([-1000.0, 0.0, 1000.0]))
        slopes = functions.sigmoid_derivative(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_allclose(values, [0.0, 0.5, 1.0])
    np.testing.assert_allclose(slopes, [0.0, 0.25, 0.0])


def test_relu_derivative_uses_zero_at_the_kink():
    np.testing.assert_array_equal(functions.relu_derivative([-1.0, 0.0, 2.0]), [0.0, 0.0, 1.0])


def test_unknown_curve_is_named():
    with pytest.raises(ValueError, match=r"unknown curve 'cosh'.*'sin\(x\)'"):
        functions.curve("cosh")
