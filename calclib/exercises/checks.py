"""The checkers behind every exercise: each compares an answer with the true one and says exactly
what differs ("at x = 1.5 your derivative gives 4.1, the true value is 4.75"), and recognises
common mistakes ("that is the forward difference").
"""

import html
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from calclib import symbolic

RTOL = 1e-6  # answers within this relative tolerance count as right


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: correct is True, False, or None (not answered yet)."""

    correct: bool | None
    message: str

    def __str__(self):
        mark = {True: "✅ Correct.", False: "❌ Not yet.", None: "✏️ Your turn."}[self.correct]
        return f"{mark} {self.message}"

    def _repr_html_(self):
        color = {True: "#1b5e20", False: "#b00020", None: "#0d47a1"}[self.correct]
        return f"<div style='color:{color}; font-size:1.05em'>{html.escape(str(self))}</div>"


def check_number(answer, truth: float, what: str, traps=(), rtol=RTOL) -> Feedback:
    """A number, compared with truth; traps are (wrong value, what that mistake was) pairs."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float, np.number)):
        return Feedback(False, f"{what} should be a number, like 0.5; you gave {answer!r}.")
    if math.isclose(answer, truth, rel_tol=rtol, abs_tol=1e-12):
        return Feedback(True, f"{what} is {truth:.6g}.")
    for wrong, mistake in traps:
        if math.isclose(answer, wrong, rel_tol=rtol, abs_tol=1e-12):
            return Feedback(False, f"You gave {answer:.6g}: {mistake}")
    return Feedback(False, f"You gave {answer:.6g}, but {what} is not that; "
                           f"you are off by {answer - truth:+.3g}.")


def check_function(answer, truth: Callable, points, what: str, traps=()) -> Feedback:
    """A Python function of x, compared with truth at each point; traps as in check_number."""
    if not callable(answer):
        return Feedback(False, f"{what} should be a function, like lambda x: 2*x; "
                               f"you gave {answer!r}.")
    try:
        given = [float(answer(x)) for x in points]
    except Exception as err:  # the learner's code: report any error in one line
        return Feedback(False, f"Your function raised {type(err).__name__}: {err}.")
    expected = [float(truth(x)) for x in points]
    misses = [(x, g, e) for x, g, e in zip(points, given, expected, strict=True)
              if not math.isclose(g, e, rel_tol=RTOL, abs_tol=1e-9)]
    if not misses:
        return Feedback(True, f"{what} matches at x = {', '.join(f'{p:g}' for p in points)}.")
    x, g, e = misses[0]
    for wrong, mistake in traps:
        if all(math.isclose(g, float(wrong(p)), rel_tol=RTOL, abs_tol=1e-9)
               for p, g in zip(points, given, strict=True)):
            return Feedback(False, f"At x = {x:g} yours gives {g:.6g}, the true value is "
                                   f"{e:.6g}: {mistake}")
    return Feedback(False, f"At x = {x:g} {what.lower()} gives {g:.6g}, the true value is {e:.6g}.")


def check_formula(answer, truth: str, what: str, traps=(),
                  points=(-1.3, 0.4, 1.0, 2.1)) -> Feedback:
    """A formula typed as text (read safely), compared with the formula truth at points."""
    if not isinstance(answer, str):
        return Feedback(False, f"{what} should be a formula in quotes, like \"2*x + 3\"; "
                               f"you gave {answer!r}.")
    try:
        function = symbolic.lambdify(symbolic.parse(answer, variables=("x",)), "x")
    except ValueError as err:
        return Feedback(False, f"Your formula could not be read: {err}.")
    wrong_answers = [(symbolic.lambdify(formula, "x"), mistake) for formula, mistake in traps]
    return check_function(function, symbolic.lambdify(truth, "x"), points, what, wrong_answers)


def check_vector(answer, truth, names, what: str, traps=(), rtol=RTOL) -> Feedback:
    """A few numbers (a tuple or array), compared entry by entry; names label the entries."""
    try:
        given = np.asarray(answer, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        given = None
    if given is None or given.size != len(truth):
        return Feedback(False, f"{what} should be {len(truth)} numbers ({', '.join(names)}), "
                               f"like (1.0, 2.0); you gave {answer!r}.")
    atol = 1e-12 if rtol == RTOL else rtol
    if np.allclose(given, truth, rtol=rtol, atol=atol):
        return Feedback(True, f"{what[0].upper()}{what[1:]} is "
                              f"({', '.join(f'{t:.6g}' for t in truth)}).")
    for wrong, mistake in traps:
        if np.allclose(given, wrong, rtol=rtol, atol=atol):
            return Feedback(False, f"You gave ({', '.join(f'{g:.6g}' for g in given)}): {mistake}")
    misses = [f"{n} is {t:.6g}, you gave {g:.6g}"
              for n, g, t in zip(names, given, truth, strict=True)
              if not np.isclose(g, t, rtol=rtol, atol=atol)]
    return Feedback(False, f"Not all of {what} is right: {'; '.join(misses)}.")


def check_gradient(answer, truth: Callable, points, names=("∂f/∂x", "∂f/∂y"), hints=()) -> Feedback:
    """A Python function of (x, y) returning its partials, compared at each point; the feedback
    names the partial that is wrong and where. hints[i] is advice for a wrong partial i."""
    if not callable(answer):
        return Feedback(False, "Your answer should be a function of (x, y) returning the "
                               "partials, like lambda x, y: (2*x, 2*y); "
                               f"you gave {answer!r}.")
    for point in points:
        try:
            given = np.asarray(answer(*point), dtype=float).reshape(-1)
        except Exception as err:  # the learner's code: report any error in one line
            return Feedback(False, f"Your function raised {type(err).__name__}: {err}.")
        expected = np.asarray(truth(*point), dtype=float)
        if given.size != expected.size:
            return Feedback(False, f"Your function should return {expected.size} numbers "
                                   f"({', '.join(names)}); it returned {given.size}.")
        for i, (g, e) in enumerate(zip(given, expected, strict=True)):
            if not math.isclose(g, e, rel_tol=RTOL, abs_tol=1e-9):
                where = ", ".join(f"{c:g}" for c in point)
                hint = f" {hints[i]}" if i < len(hints) else ""
                return Feedback(False, f"Your {names[i]} is wrong at ({where}): you gave "
                                       f"{g:.6g}, it is {e:.6g}.{hint}")
    return Feedback(True, f"Both partials match at {len(points)} points.")


def check_choice(answer, truth, explanations: dict) -> Feedback:
    """One of a few options; explanations says, for each option, why it is right or wrong."""
    if answer not in explanations:
        return Feedback(False, f"Choose one of {', '.join(map(repr, explanations))}; "
                               f"you gave {answer!r}.")
    return Feedback(answer == truth, explanations[answer])


def check_step(answer, truth, traps=()) -> Feedback:
    """A function (theta, b, g, lr, mu) -> (theta, b), one optimizer step, checked on a few
    cases; traps are (function, what that mistake is) pairs."""
    if not callable(answer):
        return Feedback(False, f"Your answer should be a function of (theta, b, g, lr, mu); "
                               f"you gave {answer!r}.")
    rng = np.random.default_rng(5)
    cases = [(rng.standard_normal(3), rng.standard_normal(3), rng.standard_normal(3), lr, mu)
             for lr, mu in [(0.1, 0.9), (0.05, 0.5), (0.3, 0.0)]]
    try:
        given = [tuple(np.asarray(part, dtype=float) for part in answer(*case))
                 for case in cases]
    except Exception as err:  # the learner's code: report any error in one line
        return Feedback(False, f"Your function raised {type(err).__name__}: {err}.")
    if any(len(g) != 2 for g in given):
        return Feedback(False, "Your function should return two arrays: (new theta, new b).")

    def agrees(step):
        return all(np.allclose(g, t) for case, out in zip(cases, given, strict=True)
                   for g, t in zip(out, step(*case), strict=True))

    if agrees(truth):
        return Feedback(True, "Your step matches torch.optim.SGD(momentum=mu) on every case.")
    for wrong, mistake in traps:
        if agrees(wrong):
            return Feedback(False, mistake)
    theta, b, g, lr, mu = cases[0]
    want_theta, want_b = truth(*cases[0])
    return Feedback(False, f"With lr = {lr}, μ = {mu}, θ = {theta[0]:.3f}, b = {b[0]:.3f}, "
                           f"g = {g[0]:.3f} (first entries), the new b should be "
                           f"{want_b[0]:.4f} and θ {want_theta[0]:.4f}; yours are "
                           f"{given[0][1][0]:.4f} and {given[0][0][0]:.4f}.")


def check_set(answer, truth: set, what: str, explanations: dict) -> Feedback:
    """Some of a few choices, in any order (a list or set); explanations says, for each
    choice, why it belongs or not."""
    try:
        given = {round(float(x), 12) for x in answer}
    except (TypeError, ValueError):
        return Feedback(False, f"{what} should be a list of numbers, like [0.1, 0.2]; "
                               f"you gave {answer!r}.")
    if given == truth:
        return Feedback(True, f"{what[0].upper()}{what[1:]}: {sorted(truth)}.")
    unknown = sorted(given - set(explanations))
    if unknown:
        return Feedback(False, f"Choose from {sorted(explanations)}; {unknown} are not choices.")
    wrong = sorted(given ^ truth)  # wrongly in, or wrongly left out
    return Feedback(False, " ".join(explanations[x] for x in wrong))


def check_array(answer, truth, what: str, traps=()) -> Feedback:
    """An array, compared entry by entry: says if the shape is wrong, or where it differs."""
    truth = np.asarray(truth, dtype=float)
    try:
        given = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        given = None
    if given is None or given.shape != truth.shape:
        shape = "not an array of numbers" if given is None else f"shape {given.shape}"
        return Feedback(False, f"{what} should be an array of shape {truth.shape}, one number "
                               f"per entry of what it is the gradient of; yours has {shape}.")
    if np.allclose(given, truth, rtol=RTOL, atol=1e-12):
        return Feedback(True, f"{what} is {np.round(truth, 6).tolist()}.")
    for wrong, mistake in traps:
        if np.allclose(given, wrong, rtol=RTOL, atol=1e-12):
            return Feedback(False, mistake)
    wrong = np.argwhere(~np.isclose(given, truth, rtol=RTOL, atol=1e-12))
    first = tuple(int(i) for i in wrong[0])
    return Feedback(False, f"{len(wrong)} of {truth.size} entries of {what} are off; e.g. at "
                           f"{first} you gave {given[first]:.4g}, it is {truth[first]:.4g}.")
