"""The surfaces of chapter 2: hand-derived gradients and Hessians against finite differences
and SymPy; critical points and their classification; the regression loss."""

import numpy as np
import pytest
import sympy as sp

from calclib import datasets, functions, numdiff, symbolic


def sample_points(surface, n=6, seed=0):
    rng = np.random.default_rng(seed)
    low, high = [surface.xlim[0], surface.ylim[0]], [surface.xlim[1], surface.ylim[1]]
    return rng.uniform(low, high, size=(n, 2))


@pytest.mark.parametrize("name", list(functions.SURFACES))
def test_gradient_and_hessian_match_finite_differences(name):
    surface = functions.SURFACES[name]
    for p in sample_points(surface):
        scale = max(1.0, np.abs(surface.gradient(*p)).max())
        np.testing.assert_allclose(surface.gradient(*p), numdiff.gradient(surface, p),
                                   atol=1e-7 * scale)
        np.testing.assert_allclose(surface.hessian(*p), numdiff.hessian(surface, p),
                                   rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name", list(functions.SURFACES))
def test_gradient_and_hessian_match_sympy(name):
    surface = functions.SURFACES[name]
    gradient = symbolic.gradient(surface.formula, ["x", "y"])
    hessian = symbolic.hessian(surface.formula, ["x", "y"])
    x, y = sp.symbols("x y", real=True)
    for p in sample_points(surface, n=3, seed=1):
        at = {x: p[0], y: p[1]}
        assert surface.f(*p) == pytest.approx(float(symbolic.parse(surface.formula).subs(at)))
        np.testing.assert_allclose(surface.gradient(*p), np.array(gradient.subs(at), float)[:, 0])
        np.testing.assert_allclose(surface.hessian(*p), np.array(hessian.subs(at), float))


@pytest.mark.parametrize("name", list(functions.SURFACES))
def test_works_on_grids(name):
    surface = functions.SURFACES[name]
    X, Y = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-1, 1, 3))
    assert surface.f(X, Y).shape == (3, 4)
    assert surface.gradient(X, Y).shape == (2, 3, 4)
    assert surface.hessian(X, Y).shape == (2, 2, 3, 4)
    np.testing.assert_allclose(surface.gradient(X, Y)[:, 1, 2], surface.gradient(X[1, 2], Y[1, 2]))


def test_himmelblau_has_four_minima_one_maximum_four_saddles():
    surface = functions.SURFACES["Himmelblau"]
    points = functions.critical_points(surface)
    kinds = [functions.classify(surface.hessian(*p)) for p in points]
    assert sorted(kinds) == ["maximum"] + ["minimum"] * 4 + ["saddle point"] * 4
    assert any(np.allclose(p, [3.0, 2.0]) for p in points)
    for p, kind in zip(points, kinds, strict=True):
        if kind == "minimum":
            assert surface.f(*p) == pytest.approx(0.0, abs=1e-12)


def test_rosenbrock_has_one_minimum_at_one_one():
    surface = functions.SURFACES["Rosenbrock"]
    [point] = functions.critical_points(surface)
    np.testing.assert_allclose(point, [1.0, 1.0])
    assert functions.classify(surface.hessian(*point)) == "minimum"


@pytest.mark.parametrize(("hessian", "kind"), [
    ([[2, 0], [0, 3]], "minimum"), ([[-1, 0.5], [0.5, -2]], "maximum"),
    ([[2, 1], [1, -3]], "saddle point"), ([[2, 0], [0, 0]], "flat in some direction"),
])
def test_classify(hessian, kind):
    assert functions.classify(hessian).startswith(kind)


def test_regression_loss_gradient_matches_sympy_and_finite_differences():
    x, y = datasets.line(n=6, seed=3)
    loss = functions.regression_loss(x, y)
    t0, t1 = sp.symbols("t0 t1")
    L = sum((float(yi) - t0 - t1 * float(xi)) ** 2 for xi, yi in zip(x, y, strict=True)) / len(x)
    for theta in [(0.0, 0.0), (1.5, -2.0), (4.0, 3.0)]:
        at = {t0: theta[0], t1: theta[1]}
        assert loss.f(*theta) == pytest.approx(float(L.subs(at)))
        expected = [float(sp.diff(L, v).subs(at)) for v in (t0, t1)]
        np.testing.assert_allclose(loss.gradient(*theta), expected, rtol=1e-10)
        np.testing.assert_allclose(loss.gradient(*theta), numdiff.gradient(loss, theta), rtol=1e-7)
        np.testing.assert_allclose(loss.hessian(*theta), numdiff.hessian(loss, theta), rtol=1e-5)


def test_regression_gradient_is_zero_at_least_squares_and_carries_the_minus_sign():
    x, y = datasets.line()
    loss = functions.regression_loss(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    np.testing.assert_allclose(loss.gradient(intercept, slope), 0.0, atol=1e-10)
    # below the data, raising the intercept lowers the loss: dL/dtheta0 < 0
    assert loss.gradient(intercept - 1.0, slope)[0] == pytest.approx(-2.0)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="unknown surface"):
        functions.surface("donut")
    with pytest.raises(ValueError, match="same length"):
        functions.regression_loss([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="n must be a whole number"):
        datasets.line(n=1)
    with pytest.raises(ValueError, match="noise must be"):
        datasets.line(noise=-1.0)


def test_line_data_is_seeded():
    np.testing.assert_array_equal(datasets.line()[1], datasets.line()[1])
    assert not np.array_equal(datasets.line(seed=1)[1], datasets.line(seed=2)[1])
