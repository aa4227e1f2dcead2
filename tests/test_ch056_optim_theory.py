"""Chapter 5's additions to calclib.optim: cosine against torch's documented closed form, and
Newton's method with a backtracking line search."""

import math

import numpy as np
import pytest

from calclib import functions, optim


@pytest.mark.parametrize("lr_min", [0.0, 0.01])
def test_cosine_is_torchs_documented_closed_form_over_two_periods(lr_min):
    # CosineAnnealingLR: eta_t = eta_min + (eta_max - eta_min)(1 + cos(pi T_cur / T_max)) / 2
    for t in range(0, 401, 7):
        expected = lr_min + (0.1 - lr_min) * (1 + math.cos(math.pi * t / 100)) / 2
        assert optim.cosine(t, 0.1, total=100, lr_min=lr_min) == pytest.approx(expected,
                                                                               abs=1e-15)
    assert optim.cosine(100, 0.1, 100, lr_min) == pytest.approx(lr_min, abs=1e-15)
    assert optim.cosine(200, 0.1, 100, lr_min) == pytest.approx(0.1, abs=1e-15)


ROSENBROCK = functions.surface("Rosenbrock")


def _damped(start, steps):
    return optim.damped_newton(lambda p: ROSENBROCK(p), lambda p: ROSENBROCK.gradient(*p),
                               lambda p: ROSENBROCK.hessian(*p), start, steps)


def test_damped_newton_never_goes_uphill_and_reaches_rosenbrocks_minimum():
    path = _damped(ROSENBROCK.start, 30)
    values = np.array([ROSENBROCK(p) for p in path])
    assert np.all(np.diff(values) <= 0)
    assert np.allclose(path[-1], [1, 1], atol=1e-8)
    pure = optim.newton(lambda p: ROSENBROCK.gradient(*p), lambda p: ROSENBROCK.hessian(*p),
                        ROSENBROCK.start, 3)
    assert ROSENBROCK(pure[2]) > 100 * ROSENBROCK(pure[1])  # the step the line search refuses


def test_damped_newton_takes_the_full_step_on_a_convex_quadratic():
    H = np.array([[2.0, 0.0], [0.0, 20.0]])
    path = optim.damped_newton(lambda p: p @ H @ p / 2, lambda p: H @ p, lambda p: H,
                               [1.0, 0.5], 1)
    assert np.allclose(path[-1], 0, atol=1e-15)


@pytest.mark.parametrize("kwargs, words", [({"shrink": 1.0}, "shrink must be in"),
                                           ({"c": 0.0}, "c must be in")])
def test_damped_newton_bad_input(kwargs, words):
    with pytest.raises(ValueError, match=words):
        optim.damped_newton(lambda p: 0.0, lambda p: p, lambda p: np.eye(1), [1.0], 1,
                            **kwargs)
