"""Chapters 5 and 6: the exercises name their usual mistakes, the minibatch explorer's run, and
chapter 6's cell numbers."""

import numpy as np
import pytest

from calclib import datasets, exercises
from calclib.exercises.convolution import DY_POOL, X_POOL, _maxpool_backward
from calclib.plots.convolution import _short
from calclib.widgets.optimizers import minibatch_descent


@pytest.mark.parametrize("answer, words", [
    (lambda theta, b, g, lr, mu: (theta - lr * b, mu * b + g), "old buffer"),
    (lambda theta, b, g, lr, mu: (theta - (mu * b + lr * g), mu * b + lr * g), "v = μv + lr·g"),
    (lambda theta, b, g, lr, mu: (theta + lr * (mu * b + g), mu * b + g), "uphill"),
])
def test_momentum_step_feedback_names_the_mistake(answer, words):
    feedback = str(exercises.check("05-momentum-step", answer))
    assert "Not yet" in feedback and words in feedback


@pytest.mark.parametrize("answer, words", [
    ((0.01, -0.01), "every sign is flipped"),  # the generic checker's words
    ((-0.01 * 1000**0.5, 0.01 * 1000**0.5), "only m was bias-corrected"),
    ((-0.001, 0.001), "only v was bias-corrected"),
])
def test_adam_first_step_feedback_names_the_mistake(answer, words):
    feedback = str(exercises.check("05-adam-first-step", answer))
    assert "Not yet" in feedback and words in feedback


@pytest.mark.parametrize("kwargs, words", [
    ({"ties": "last"}, "both tied windows"),
    ({"ties": "last", "only": (0, 1)}, "top-right"),
    ({"ties": "last", "only": (1, 0)}, "bottom-left"),
])
def test_maxpool_feedback_names_the_tie_mistake(kwargs, words):
    answer = _maxpool_backward(X_POOL, DY_POOL, **kwargs)
    assert not np.array_equal(answer, _maxpool_backward(X_POOL, DY_POOL))
    feedback = str(exercises.check("06-maxpool-backward", answer))
    assert "Not yet" in feedback and words in feedback


def test_cell_numbers_keep_their_digits():
    assert [_short(v) for v in (1.25, 0.75, 1 / 3, 12.5, 11.25, -0.0)] == [
        "1.25", "0.75", "0.33", "12.5", "11.25", "0"]


def test_minibatch_descent_steps_once_per_batch_and_stops_when_it_blows_up():
    x, y = datasets.line(n=50, slope=2.0, intercept=3.0, noise=0.5, seed=0)
    path, losses = minibatch_descent(x, y, batch_size=5, lr=0.05, epochs=20)
    assert len(path) == len(losses) == 20 * 10 + 1
    best = np.mean((y - np.polyval(np.polyfit(x, y, 1), x)) ** 2)
    assert losses[-1] < 1.2 * best  # the default run ends near the least-squares loss
    full, _ = minibatch_descent(x, y, batch_size=50, lr=0.05, epochs=3)
    assert len(full) == 3 + 1  # batch size N is full-batch gradient descent: one step an epoch
    blown, _ = minibatch_descent(x, y, batch_size=1, lr=0.3, epochs=20)
    assert len(blown) < 20 * 50 + 1 and np.abs(blown[-1]).max() > 1e6


def test_race_labels_a_run_that_is_still_blowing_up_as_diverged():
    from calclib import functions, optim, widgets
    valley = functions.surface("valley x² + 10y²")
    runs = widgets.race(valley, {"N": optim.Nesterov(0.07, 0.9), "GD": optim.SGD(0.07)},
                        valley.start, 40)
    assert list(runs) == ["N (diverged at step 14)", "GD"]  # f: 3.5 at the start, 55 at 14
    assert len(runs["N (diverged at step 14)"]) == 41  # not cut: it has not reached infinity
    saddle = functions.surface("saddle x² − y²")  # escaping downhill is not diverging
    assert list(widgets.race(saddle, {"GD": optim.SGD(0.1)}, (1.0, 0.5), 30)) == ["GD"]


def test_the_saddle_figure_plots_the_distance_from_the_saddle_point():
    """Newton's step lands on the saddle (its curve drops to the floor, 1e-16), while gradient
    descent escapes (its curve rises): the right panel must not show Newton as the fastest."""
    from calclib import functions, optim, plots
    saddle = functions.surface("saddle x² − y²")
    newton = optim.newton(lambda p: saddle.gradient(*p), lambda p: saddle.hessian(*p),
                          [1.0, 0.5], 1)
    descent = optim.minimize(optim.SGD(0.1), lambda p: saddle.gradient(*p), [1.0, 0.5], 7)
    figure = plots.paths(saddle, {"Newton": newton, "GD": descent}, "title")
    curves = {line.get_label(): line.get_ydata() for line in figure.axes[1].get_lines()}
    assert curves["Newton"][-1] == 1e-16 and np.isclose(curves["Newton"][0], np.hypot(1, 0.5))
    assert curves["GD"][-1] > curves["GD"][0]
    assert "saddle" in figure.axes[1].get_title()
