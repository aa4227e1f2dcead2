"""numdiff.partial/gradient/jacobian/hessian against closed forms, and their bad input."""

import numpy as np
import pytest

from calclib import numdiff


def f(p):
    """x^2 y + sin(y) + e^(x z)"""
    x, y, z = p
    return x**2 * y + np.sin(y) + np.exp(x * z)


def grad_f(p):
    x, y, z = p
    return np.array([2 * x * y + z * np.exp(x * z), x**2 + np.cos(y), x * np.exp(x * z)])


def hess_f(p):
    x, y, z = p
    e = np.exp(x * z)
    return np.array([[2 * y + z * z * e, 2 * x, e + x * z * e],
                     [2 * x, -np.sin(y), 0.0],
                     [e + x * z * e, 0.0, x * x * e]])


POINTS = [np.array([0.5, -1.0, 0.3]), np.array([-1.2, 2.0, 0.7]), np.array([3.0, 0.1, -0.4])]


@pytest.mark.parametrize("p", POINTS, ids=str)
def test_gradient_and_partials_match_closed_form(p):
    np.testing.assert_allclose(numdiff.gradient(f, p), grad_f(p), rtol=1e-8, atol=1e-9)
    for i in range(3):
        assert numdiff.partial(f, p, i) == pytest.approx(grad_f(p)[i], rel=1e-8, abs=1e-9)


@pytest.mark.parametrize("p", POINTS, ids=str)
def test_hessian_matches_closed_form_and_is_symmetric(p):
    H = numdiff.hessian(f, p)
    np.testing.assert_allclose(H, hess_f(p), rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(H, H.T)


def test_jacobian_of_polar_coordinates():
    def polar(p):
        r, theta = p
        return np.array([r * np.cos(theta), r * np.sin(theta)])

    r, theta = 2.0, 0.5
    expected = [[np.cos(theta), -r * np.sin(theta)], [np.sin(theta), r * np.cos(theta)]]
    np.testing.assert_allclose(numdiff.jacobian(polar, [r, theta]), expected, rtol=1e-9)


def test_jacobian_of_a_linear_map_is_its_matrix_and_of_a_scalar_is_a_row():
    A = np.arange(6.0).reshape(3, 2) - 2
    np.testing.assert_allclose(numdiff.jacobian(lambda p: A @ p, [0.3, -0.7]), A, atol=1e-9)
    assert numdiff.jacobian(f, POINTS[0]).shape == (1, 3)
    np.testing.assert_allclose(numdiff.jacobian(f, POINTS[0])[0], grad_f(POINTS[0]), rtol=1e-8)


def test_one_variable_and_large_coordinates():
    assert numdiff.gradient(lambda p: p[0] ** 3, [2.0]) == pytest.approx([12.0])
    big = np.array([1e4, -3e3])
    np.testing.assert_allclose(numdiff.gradient(lambda p: p @ p, big), 2 * big, rtol=1e-8)


def test_gradient_does_not_change_the_point():
    p = np.array([1.0, 2.0, 3.0])
    numdiff.gradient(f, p)
    numdiff.hessian(f, p)
    np.testing.assert_array_equal(p, [1.0, 2.0, 3.0])


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: numdiff.gradient(f, [[1.0, 2.0], [3.0, 4.0]]), ValueError, "1-D array of n numbers"),
    (lambda: numdiff.gradient(f, []), ValueError, "1-D array of n numbers"),
    (lambda: numdiff.gradient(f, "xy"), TypeError, "x must be a real number"),
    (lambda: numdiff.gradient(lambda p: p * 2, [1.0, 2.0]), ValueError, "must return one number"),
    (lambda: numdiff.hessian(lambda p: np.ones((2, 2)), [1.0, 2.0]), ValueError, "1-D array"),
    (lambda: numdiff.gradient(lambda p: np.log(p[0]), [-1.0, 2.0]), ValueError, "not finite"),
    (lambda: numdiff.gradient(lambda p: "a", [1.0]), TypeError, "must return real numbers"),
    (lambda: numdiff.gradient(2.0, [1.0]), TypeError, "f must be a function"),
    (lambda: numdiff.gradient(f, [1.0, 2.0, 3.0], h=-1), ValueError, "h must be a positive"),
    (lambda: numdiff.partial(f, [1.0, 2.0, 3.0], 3), ValueError, "index of a variable, 0 to 2"),
    (lambda: numdiff.partial(f, [1.0, 2.0, 3.0], 1.0), ValueError, "index of a variable"),
    (lambda: numdiff.jacobian(lambda p: np.ones(int(p[0] > 1) + 1), [1.0]), ValueError,
     "same number of values"),
])
def test_bad_input_gives_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()
