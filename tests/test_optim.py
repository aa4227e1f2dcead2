"""optim: every optimizer against torch.optim's own numbers and against steps worked by hand;
convergence on a quadratic; schedules; minimize and Newton; clear errors; state per parameter."""

import math

import numpy as np
import pytest

from calclib import functions, optim

TORCH_2_13 = {  # theta after each of 5 steps, recorded from torch.optim 2.13.0 in float64
    "SGD": [
        [1.1, -1.5, 0.65],
        [1.1300000000000001, -1.31, 0.785],
        [1.135, -1.237, 0.9065],
        [1.1317, -1.2083, 1.01585],
        [1.12619, -1.19649, 1.1142649999999998],
    ],
    "Momentum": [
        [1.1, -1.5, 0.65],
        [1.2100000000000002, -0.9099999999999999, 0.905],
        [1.247, -0.6129999999999999, 1.2185000000000001],
        [1.1885000000000001, -0.7323, 1.5474500000000002],
        [1.07723, -1.10721, 1.8558650000000003],
    ],
    "Nesterov": [
        [1.18, -1.0999999999999999, 0.77],
        [1.1972, -0.8844, 1.0874000000000001],
        [1.13996, -1.005864, 1.407188],
        [1.0856379200000001, -1.15063088, 1.69671656],
        [1.0603886432, -1.2107957792000001, 1.9355054672],
    ],
    "AdaGrad": [
        [1.0909090909090908, -1.9019607843137254, 0.59375],
        [1.144960984200443, -1.837550313625229, 0.6589719884162879],
        [1.1827670834223916, -1.7875674585534487, 0.711463135240833],
        [1.2106605945440854, -1.7460970998461287, 0.756322318902765],
        [1.2316157734931559, -1.7104127674994845, 0.7959478326856876],
    ],
    "RMSProp": [
        [1.2402530733520423, -1.7025825642401227, 0.7611685923432026],
        [1.2946688922779852, -1.5435341078150775, 0.9390000069142832],
        [1.2830038465748723, -1.439550846335967, 1.0789762319906158],
        [1.249769840526413, -1.366441104491245, 1.1957352386370583],
        [1.2137405607596952, -1.3134121394836562, 1.296114710272054],
    ],
    "Adam": [
        [1.0909090909090908, -1.9019607843137254, 0.59375],
        [1.1785080026258823, -1.8047416046155138, 0.6870789026036564],
        [1.2598509510780402, -1.7089899546830272, 0.7798006667289642],
        [1.3303942679274274, -1.6155267572799366, 0.8717132986453803],
        [1.3841330747903364, -1.5253738332629005, 0.9625985367139658],
    ],
    "Adam+L2": [
        [1.0833333333333333, -1.901639344262295, 0.5925925925925926],
        [1.1532258459381701, -1.8039547992845324, 0.6842964804628416],
        [1.1938464972787317, -1.7074470757711693, 0.7746549530073812],
        [1.1972316022332907, -1.6126801630203491, 0.8631233743414445],
        [1.1723046659359777, -1.5202668338386667, 0.9490546326880928],
    ],
    "AdamW": [
        [1.0409090909090908, -1.8019607843137253, 0.56875],
        [1.0764625480804275, -1.6158437179962142, 0.6337652884294446],
        [1.104388758341997, -1.4430845856556882, 0.6951301271699094],
        [1.1216474804460288, -1.2859845513907646, 0.7529309045337822],
        [1.124868833755402, -1.1478174580455924, 0.8072577715511172],
    ],
}

# The problem the reference was recorded on (torch.optim with the same hyperparameters; eps is
# large on purpose, so that putting it inside or outside the square root makes a difference):
# f(theta) = sum(c * (theta - target)^2) + theta0 * theta1, from theta = (1, -2, 0.5).
C, TARGET, START = np.array([1.0, 3.0, 0.5]), np.array([0.5, -1.0, 2.0]), [1.0, -2.0, 0.5]
CASES = {
    "SGD": lambda: optim.SGD(0.1),
    "Momentum": lambda: optim.Momentum(0.1, momentum=0.8),
    "Nesterov": lambda: optim.Nesterov(0.1, momentum=0.8),
    "AdaGrad": lambda: optim.AdaGrad(0.1, eps=0.1),
    "RMSProp": lambda: optim.RMSProp(0.1, alpha=0.9, eps=0.1),
    "Adam": lambda: optim.Adam(0.1, beta1=0.8, beta2=0.9, eps=0.1),
    "Adam+L2": lambda: optim.Adam(0.1, beta1=0.8, beta2=0.9, eps=0.1, weight_decay=0.5),
    "AdamW": lambda: optim.AdamW(0.1, beta1=0.8, beta2=0.9, eps=0.1, weight_decay=0.5),
}


def reference_gradient(theta):
    g = 2 * C * (theta - TARGET)
    g[0] += theta[1]
    g[1] += theta[0]
    return g


@pytest.mark.parametrize("name", CASES)
def test_five_steps_match_torch_optim(name):
    path = optim.minimize(CASES[name](), reference_gradient, START, steps=5)
    np.testing.assert_allclose(path[1:], TORCH_2_13[name], rtol=1e-13, atol=1e-15)


def one_step(opt, theta, g):
    theta = np.array(theta, dtype=float)
    opt.step([theta], [np.array(g, dtype=float)])
    return theta


def test_first_steps_by_hand():
    g = [2.0, -4.0]
    assert one_step(optim.SGD(0.5), [1.0, 1.0], g).tolist() == [0.0, 3.0]
    # AdaGrad's first step: lr * g / (|g| + eps) = lr * sign(g), nearly
    np.testing.assert_allclose(one_step(optim.AdaGrad(0.1, eps=1e-10), [0.0, 0.0], g),
                               [-0.1, 0.1], rtol=1e-9)
    # RMSProp's: v = (1 - alpha) g^2, so the step is lr * g / (sqrt(0.01) |g|) = 10 lr sign(g)
    np.testing.assert_allclose(one_step(optim.RMSProp(0.01, alpha=0.99, eps=1e-12), [0.0, 0.0],
                                        g), [-0.1, 0.1], rtol=1e-9)
    # Adam's first step is lr * sign(g): bias correction makes m_hat = g and v_hat = g^2
    np.testing.assert_allclose(one_step(optim.Adam(0.1, eps=1e-12), [0.0, 0.0], g),
                               [-0.1, 0.1], rtol=1e-9)
    # AdamW adds the decay lr * weight_decay * theta = 0.1 * 0.5 * 4 = 0.2
    adamw = optim.AdamW(0.1, eps=1e-12, weight_decay=0.5)
    np.testing.assert_allclose(one_step(adamw, [4.0], [1.0]), [4.0 - 0.2 - 0.1], rtol=1e-9)


def test_momentum_and_nesterov_second_step_by_hand():
    opt, theta = optim.Momentum(0.1, momentum=0.9), np.array([0.0])
    opt.step([theta], [np.array([1.0])])  # b = 1: theta = -0.1
    opt.step([theta], [np.array([2.0])])  # b = 0.9 + 2 = 2.9: theta = -0.1 - 0.29
    assert theta[0] == pytest.approx(-0.39)
    opt, theta = optim.Nesterov(0.1, momentum=0.9), np.array([0.0])
    opt.step([theta], [np.array([1.0])])  # b = 1, step g + 0.9 b = 1.9
    opt.step([theta], [np.array([2.0])])  # b = 2.9, step 2 + 0.9 * 2.9 = 4.61
    assert theta[0] == pytest.approx(-0.19 - 0.461)


def test_adam_bias_correction_by_hand_over_two_steps():
    opt, theta = optim.Adam(0.1, beta1=0.9, beta2=0.999, eps=1e-300), np.array([0.0])
    opt.step([theta], [np.array([1.0])])
    opt.step([theta], [np.array([3.0])])
    m = 0.9 * 0.1 + 0.1 * 3  # m after two steps: 0.39
    v = 0.999 * 0.001 + 0.001 * 9  # v: 0.009999
    step2 = 0.1 * (m / (1 - 0.9**2)) / math.sqrt(v / (1 - 0.999**2))
    assert theta[0] == pytest.approx(-0.1 - step2, rel=1e-12)


@pytest.mark.parametrize("name", CASES)
def test_every_optimizer_converges_on_a_quadratic(name):
    valley = functions.surface("valley x² + 10y²")
    opt = {"SGD": optim.SGD(0.05), "Momentum": optim.Momentum(0.02, 0.9),
           "Nesterov": optim.Nesterov(0.02, 0.9), "AdaGrad": optim.AdaGrad(0.5),
           "RMSProp": optim.RMSProp(0.01), "Adam": optim.Adam(0.05),
           "Adam+L2": optim.Adam(0.05), "AdamW": optim.AdamW(0.05, weight_decay=0.01)}[name]
    path = optim.minimize(opt, lambda p: valley.gradient(*p), [1.0, 0.5], steps=2000)
    assert np.linalg.norm(path[-1]) < 1e-2, path[-1]


def test_state_is_kept_per_parameter():
    a, b = np.array([1.0]), np.array([1.0, 1.0])
    opt = optim.Momentum(0.1, momentum=0.5)
    opt.step([a, b], [np.array([1.0]), np.array([0.0, 0.0])])
    opt.step([a, b], [np.array([0.0]), np.array([0.0, 0.0])])
    # a's buffer carries 0.5 into the second step; b's stays 0
    assert a[0] == pytest.approx(1 - 0.1 - 0.05) and b.tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match="state for 2 parameters but was given 1"):
        opt.step([a], [np.array([0.0])])


def test_minimize_returns_the_whole_trajectory():
    path = optim.minimize(optim.SGD(0.25), lambda p: 2 * p, [4.0, -8.0], steps=3)
    assert path.shape == (4, 2)
    np.testing.assert_array_equal(path, [[4, -8], [2, -4], [1, -2], [0.5, -1]])
    assert optim.minimize(optim.SGD(0.1), lambda p: 2 * p, [1.0], steps=0).shape == (1, 1)


def test_minimize_stops_with_the_path_so_far_when_it_diverges():
    with pytest.raises(optim.Diverged, match=r"SGD diverged at step \d+ \(lr = 1.5\)") as info:
        optim.minimize(optim.SGD(1.5), lambda p: 2 * p, [1.0], steps=500)
    path = info.value.trajectory
    assert isinstance(info.value, ValueError) and np.all(np.isfinite(path))
    np.testing.assert_allclose(path[:4, 0], [1, -2, 4, -8])  # x <- (1 - 2 lr) x = -2x


def test_newton_solves_a_quadratic_in_one_step_and_rosenbrock_in_a_few():
    valley = functions.surface("valley x² + 10y²")
    path = optim.newton(lambda p: valley.gradient(*p), lambda p: valley.hessian(*p), [3.0, -2.0], 1)
    np.testing.assert_allclose(path[-1], [0.0, 0.0], atol=1e-15)
    rosen = functions.surface("Rosenbrock")
    path = optim.newton(lambda p: rosen.gradient(*p), lambda p: rosen.hessian(*p), [-1.0, 1.5], 8)
    np.testing.assert_allclose(path[-1], [1.0, 1.0], atol=1e-10)


@pytest.mark.parametrize(("schedule", "t", "expected"), [
    (lambda t: optim.step_decay(t, 0.1, step_size=10, gamma=0.5), 0, 0.1),
    (lambda t: optim.step_decay(t, 0.1, step_size=10, gamma=0.5), 9, 0.1),
    (lambda t: optim.step_decay(t, 0.1, step_size=10, gamma=0.5), 25, 0.025),
    (lambda t: optim.exponential(t, 0.1, gamma=0.9), 2, 0.081),
    (lambda t: optim.cosine(t, 0.1, total=100), 0, 0.1),
    (lambda t: optim.cosine(t, 0.1, total=100), 50, 0.05),
    (lambda t: optim.cosine(t, 0.1, total=100, lr_min=0.01), 100, 0.01),
    (lambda t: optim.cosine(t, 0.1, total=100), 150, 0.05),  # rises again, as torch's
    (lambda t: optim.cosine(t, 0.1, total=100), 200, 0.1),  # period 2 * total
    (lambda t: optim.warmup(t, 0.1, warmup_steps=10, start_factor=0.0), 0, 0.0),
    (lambda t: optim.warmup(t, 0.1, warmup_steps=10, start_factor=0.0), 5, 0.05),
    (lambda t: optim.warmup(t, 0.1, warmup_steps=10), 30, 0.1),
])
def test_schedules_at_given_steps(schedule, t, expected):
    assert schedule(t) == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: optim.SGD(0), ValueError, "lr must be a positive number, got 0"),
    (lambda: optim.SGD(-0.1), ValueError, "lr must be a positive number"),
    (lambda: optim.SGD(float("nan")), ValueError, "lr must be a positive number, got nan"),
    (lambda: optim.SGD("0.1"), ValueError, "lr must be a positive number, got '0.1'"),
    (lambda: optim.Momentum(0.1, momentum=1.0), ValueError, r"momentum must be in \[0, 1\)"),
    (lambda: optim.Nesterov(0.1, momentum=-0.1), ValueError, "momentum must be in"),
    (lambda: optim.RMSProp(0.1, alpha=1.5), ValueError, "alpha must be in"),
    (lambda: optim.Adam(beta1=1.0), ValueError, "beta1 must be in"),
    (lambda: optim.Adam(beta2=float("nan")), ValueError, "beta2 must be in"),
    (lambda: optim.Adam(eps=0.0), ValueError, "eps must be a positive number"),
    (lambda: optim.AdaGrad(eps=-1e-8), ValueError, "eps must be a positive number"),
    (lambda: optim.AdamW(weight_decay=-0.01), ValueError, "weight_decay must be a number >= 0"),
    (lambda: optim.SGD(0.1).step([np.zeros(2)], []), ValueError, "1 parameters but 0 gradients"),
    (lambda: optim.SGD(0.1).step([np.zeros(2)], [np.zeros(3)]), ValueError,
     r"gradient 0 has shape \(3,\) but its parameter has shape \(2,\)"),
    (lambda: optim.SGD(0.1).step([[1.0, 2.0]], [[0.0, 0.0]]), TypeError, "float NumPy array"),
    (lambda: optim.SGD(0.1).step(np.zeros(2), np.zeros(2)), TypeError, "two lists of arrays"),
    (lambda: optim.minimize(optim.SGD(0.1), lambda p: p[:1], [1.0, 2.0], 3), ValueError,
     "grad_f returned 1 numbers for a point of 2"),
    (lambda: optim.minimize(optim.SGD(0.1), lambda p: p, [1.0], -1), ValueError,
     "steps must be a whole number >= 0"),
    (lambda: optim.cosine(5, 0.1, total=0), ValueError, "total must be a whole number >= 1"),
    (lambda: optim.step_decay(-1, 0.1, step_size=5), ValueError, "t must be a whole number"),
    (lambda: optim.newton(lambda p: p, lambda p: np.zeros((1, 1)), [1.0], 1), ValueError,
     "singular"),
])
def test_bad_input_gives_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()
