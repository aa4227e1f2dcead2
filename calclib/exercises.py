"""Checkers that give a learner specific feedback on the "Check yourself" exercises.

Taught in notebooks/00_start_here.ipynb (how exercises work) and used in every chapter from
notebooks/01_derivative.ipynb on.

``check(exercise_id, answer)`` compares an answer with the true one and says exactly what
differs ("at x = 1.5 your derivative gives 4.1, the true value is 4.75"), and recognises common
mistakes ("that is the forward difference"). An answer left as ``...`` gets a reminder of what
to do, never an error, so an untouched notebook runs top to bottom.
"""

import html
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from calclib import gradcheck, nn, symbolic

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


def check(exercise_id: str, answer) -> Feedback:
    """Check an answer to the exercise called exercise_id (e.g. "01-power-rule")."""
    if exercise_id not in EXERCISES:
        raise ValueError(f"unknown exercise {exercise_id!r}; "
                         f"the exercises are {', '.join(map(repr, EXERCISES))}")
    if answer is ... or answer is None:
        return Feedback(None, "Replace the ... with your answer, then run this cell again.")
    return EXERCISES[exercise_id](answer)


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


def _central_difference(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


EXERCISES = {
    # 00_start_here: how an exercise works
    "00-slope-of-line": lambda a: check_number(
        a, 3.0, "The slope of y = 3x + 1",
        traps=[(1.0, "1 is the intercept, where the line crosses the y-axis; the slope is the "
                     "number that multiplies x."),
               (4.0, "that is y at x = 1; the slope is how much y changes per step of 1 in x.")]),
    # 01_derivative
    "01-power-rule": lambda a: check_function(
        a, lambda x: 3 * x**2 - 2, (-2.0, -0.5, 1.5, 3.0), "Your derivative",
        traps=[(lambda x: 3 * x**2, "you dropped the -2: the derivative of -2x is -2."),
               (lambda x: 3 * x**2 - 2 * x, "the derivative of 2x is 2, not 2x."),
               (lambda x: x**2 - 2, "the power rule brings the exponent down: "
                                    "(x³)′ = 3x², not x².")]),
    "01-central-difference": lambda a: check_number(
        a, _central_difference(math.exp, 1.0, 0.01), "The central-difference estimate",
        traps=[((math.exp(1.01) - math.e) / 0.01,
                "that is the forward difference (f(x+h) − f(x))/h; the central one uses "
                "f(x+h) − f(x−h)."),
               (math.e, "that is the exact derivative e; we asked for the estimate with "
                        "h = 0.01, which differs from e by about 4.5e-5."),
               ((math.exp(1.01) - math.exp(0.99)) / 0.01,
                "you divided by h, but x−h and x+h are 2h apart: divide by 2h.")],
        rtol=1e-9),
    "01-error-order": lambda a: check_number(
        a, 4.0, "The factor",
        traps=[(2.0, "that is forward and backward differences (error ∝ h). Central "
                     "differences are second order: error ∝ h², and halving h divides h² by 4."),
               (0.25, "that is what the error is multiplied by; we asked what it is divided by."),
               (0.5, "that is what a first-order error is multiplied by; central differences "
                     "are second order, and we asked what the error is divided by.")],
        rtol=0.05),
    "01-sigmoid-slope": lambda a: check_number(
        a, 0.25, "σ′(0)",
        traps=[(0.5, "that is σ(0) itself; the slope is σ(0)·(1 − σ(0))."),
               (1.0, "that is tanh′(0); the sigmoid is flatter: σ′ = σ(1 − σ).")]),
    "01-product-rule": lambda a: check_formula(
        a, "2*x*sin(x) + x**2*cos(x)", "Your derivative",
        traps=[("2*x*cos(x)", "you multiplied the two derivatives; the product rule is "
                              "(fg)′ = f′g + fg′."),
               ("2*x*sin(x)", "that is f′g; add fg′ = x²·cos(x)."),
               ("x**2*cos(x)", "that is fg′; add f′g = 2x·sin(x)."),
               ("2*x*sin(x) - x**2*cos(x)", "the product rule adds the two terms: "
                                            "(fg)′ = f′g + fg′ (a minus belongs to the "
                                            "quotient rule).")]),
    # 02_partial_derivatives_and_gradient
    "02-partials": lambda a: check_gradient(
        a, lambda x, y: (2 * x * y, x**2 + 6 * y), [(1.0, 2.0), (-1.5, 0.5), (2.0, -1.0)],
        hints=["Hold y fixed: it is a constant factor, so ∂(x²y)/∂x = 2xy, and 3y² is a "
               "constant whose x-derivative is 0.",
               "Hold x fixed and differentiate in y: ∂(x²y)/∂y = x², ∂(3y²)/∂y = 6y."]),
    "02-gradient-direction": lambda a: check_choice(
        a, "perpendicular", {
            "perpendicular": "Along a contour f does not change (the directional derivative "
                             "is 0 there), so the gradient, the direction of fastest change, "
                             "is perpendicular to it.",
            "along": "Along a contour f stays the same, so its rate of change there is 0; the "
                     "gradient points where f changes fastest.",
            "opposite": "A contour is a line, not a direction to oppose; and -∇f (steepest "
                        "descent) is also perpendicular to it."}),
    "02-directional": lambda a: check_number(
        a, 4.4, "The directional derivative",
        traps=[(22.0, "u must be a unit vector: divide (3, 4) by its length 5 first."),
               (math.sqrt(20), "that is |∇f|, the rate along the gradient itself; along u it "
                               "is ∇f · u.")]),
    "02-hessian-classify": lambda a: check_choice(
        a, "saddle point", {
            "saddle point": "Its determinant is 2·(−3) − 1·1 = −7 < 0, so the eigenvalues have "
                            "opposite signs: up in one direction, down in another.",
            "minimum": "A minimum needs both eigenvalues positive; the determinant "
                       "2·(−3) − 1 = −7 < 0 says they have opposite signs.",
            "maximum": "A maximum needs both eigenvalues negative; the determinant "
                       "2·(−3) − 1 = −7 < 0 says they have opposite signs."}),
    "02-regression-gradient": lambda a: check_vector(
        a, (-8.0, -16.0), ("∂L/∂θ0", "∂L/∂θ1"), "the gradient",
        traps=[((8.0, 16.0), "you dropped the minus sign: the inner derivative of "
                             "y − θ0 − θ1·x with respect to θ0 is −1 (and −x for θ1)."),
               ((-8.0, -8.0), "∂L/∂θ1 carries the factor x = 2 from the inner derivative."),
               ((-4.0, -8.0), "the square brings down a factor 2: d(r²)/dr = 2r.")]),
    # 03_chain_rule
    "03-outer-inner": lambda a: check_number(
        a, 768.0, "h′(1)",
        traps=[(256.0, "you forgot the inner derivative: d(3x + 1)/dx = 3 multiplies the outer "
                       "derivative 4u³."),
               (12.0, "you evaluated the outer derivative 4u³ at x = 1; evaluate it at the inner "
                      "value u = 3·1 + 1 = 4.")]),
    "03-chain-formula": lambda a: check_formula(
        a, "exp(sin(x))*cos(x)", "Your derivative",
        traps=[("exp(sin(x))", "the outer derivative is right, but multiply by the inner "
                               "derivative, (sin x)′ = cos x."),
               ("exp(cos(x))", "don't differentiate inside the exp: (e^g)′ = e^g · g′, with "
                               "g = sin x kept as it is."),
               ("exp(x)*cos(x)", "the outer derivative is evaluated at the inner function: "
                                 "e^(sin x), not e^x.")]),
    "03-dual-product": lambda a: check_number(
        a, 11.0, "The ε part",
        traps=[(4.0, "ε² = 0, so the ε·ε term vanishes; the ε part of (a + bε)(c + dε) is "
                     "a·d + b·c."),
               (5.0, "you added the ε parts; for a product it is a·d + b·c (the product rule)."),
               (6.0, "that is the value part a·c; we asked for the ε part.")]),
    "03-sum-over-paths": lambda a: check_number(
        a, 8.0, "dF/dx",
        traps=[(2.0, "that is only the path through u (∂F/∂u · ∂u/∂x = v·1 = 2); x also "
                     "reaches F through v (u·y = 6): add both paths."),
               (6.0, "that is only the path through v (∂F/∂v · ∂v/∂x = u·y = 6); x also "
                     "reaches F through u (v·1 = 2): add both paths."),
               (12.0, "multiply along each path, then add the paths: v·1 + u·y, not their "
                      "product.")]),
    "03-forward-passes": lambda a: check_number(
        a, 1000.0, "The number of forward-mode passes",
        traps=[(1.0, "one pass gives the derivative along one direction only; one pass for "
                     "the whole gradient is reverse mode (chapter 4)."),
               (2000.0, "that is central finite differences (two evaluations per input); forward "
                        "mode needs one pass per input.")]),
    # 04_backpropagation
    "04-fix-backward": lambda a: check_backward(a, _two_layer_loss, _two_layer_case()),
    "04-dense-backward": lambda a: check_backward(a, _dense_loss, _dense_case()),
    "04-softmax-gradient": lambda a: check_vector(
        a, _softmax_gradient_truth(), ("dL/dz0", "dL/dz1", "dL/dz2"), "the gradient",
        traps=[(tuple(nn.softmax([[2.0, 1.0, 0.0]])[0]),
                "those are the probabilities p; subtract the one-hot label: p − y."),
               (tuple(-_softmax_gradient_truth()), "the sign is flipped: it is p − y, not y − p "
                                                    "(raising the right logit lowers the loss).")],
        rtol=1e-3),
    "04-accumulate": lambda a: check_number(
        a, 6.0, "x.grad",
        traps=[(3.0, "x feeds the product twice, once per edge; gradients from both edges add "
                     "up (+=): 3 + 3 = 6."),
               (9.0, "that is the value x·x; the gradient d(x·x)/dx = 2x = 6.")]),
    "04-shape": lambda a: check_vector(
        a, (784.0, 128.0), ("rows", "columns"), "dW's shape",
        traps=[((128.0, 784.0), "that is W transposed; dW = Xᵀ dZ has W's own shape."),
               ((32.0, 128.0), "that is the shape of Z and dZ; dW = Xᵀ dZ is (784, 32)·(32, 128)."),
               ((32.0, 784.0), "that is X's shape; dW has W's shape.")]),
    # 05_optimizers
    "05-momentum-step": lambda a: check_step(
        a, lambda theta, b, g, lr, mu: (theta - lr * (mu * b + g), mu * b + g),
        traps=[(lambda theta, b, g, lr, mu: (theta - lr * (mu * b + (1 - mu) * g),
                                             mu * b + (1 - mu) * g),
                "that is an exponential average b = μb + (1 − μ)g (dampening); torch's "
                "momentum adds the whole gradient: b = μb + g."),
               (lambda theta, b, g, lr, mu: (theta - lr * g, mu * b + g),
                "the buffer is right but θ moved by lr·g: it should move by lr·b."),
               (lambda theta, b, g, lr, mu: (theta - lr * (g + mu * (mu * b + g)), mu * b + g),
                "that is Nesterov's step θ − lr·(g + μb); plain momentum steps by lr·b."),
               (lambda theta, b, g, lr, mu: (theta + lr * (mu * b + g), mu * b + g),
                "θ went uphill: subtract lr·b, don't add it.")]),
    "05-diverging-lrs": lambda a: check_set(
        a, {0.21, 0.3}, "the learning rates that diverge",
        explanations={
            0.01: "0.01 is slow (θ shrinks by the factor 1 − 10·0.01 = 0.9 per step), but it "
                  "converges.",
            0.1: "0.1 = 1/L is the best step here: 1 − 10·0.1 = 0, one step lands on 0.",
            0.19: "0.19 < 2/L = 0.2: each step multiplies θ by 1 − 10·0.19 = −0.9, which flips "
                  "its sign but shrinks it, so it converges (oscillating).",
            0.21: "0.21 > 2/L: each step multiplies θ by 1 − 10·0.21 = −1.1, so |θ| grows.",
            0.3: "0.3 > 2/L: each step multiplies θ by 1 − 10·0.3 = −2, so |θ| doubles."}),
    "05-adam-first-step": lambda a: check_vector(
        a, (-0.01 * 4 / (4 + 1e-8), 0.01 * 0.001 / (0.001 + 1e-8)), ("Δθ1", "Δθ2"),
        "Adam's first step",
        traps=[((-0.04, 1e-5), "that is plain gradient descent, −lr·g. Adam divides by the "
                               "gradient's own size: the first step is −lr·sign(g)."),
               ((-0.01 * 10**0.5, 0.01 * 10**0.5), "that is without bias correction: "
                "m = 0.1g and v = 0.001g², so m/√v = 3.16·sign(g). Dividing m by 1 − β1 and "
                "v by 1 − β2 gives m̂/√v̂ = sign(g).")],
        rtol=1e-3),
    "05-adamw-decay": lambda a: check_number(
        a, 2 * (1 - 0.01 * 0.1) ** 1000, "The weight after 1000 steps",
        traps=[(0.0, "the weight shrinks by the factor 1 − lr·λ = 0.999 each step, not by λ "
                     "itself and not by a fixed amount: 2 · 0.999¹⁰⁰⁰."),
               (2.0, "with zero loss gradient Adam's own step is 0, but AdamW's decay still "
                     "shrinks the weight by 1 − lr·λ each step.")],
        rtol=1e-3),
    # 06_convolution_and_pooling_gradients
    "06-output-size": lambda a: check_number(
        a, 4, "The output width",
        traps=[(3, "that is ⌊(10 − 4)/3⌋ + 1 without the padding, or ⌊(10 + 4 − 4)/3⌋ without "
                   "the + 1. With both: ⌊(H + 2P − K)/S⌋ + 1 = ⌊10/3⌋ + 1."),
               (11, "that ignores the stride: (10 + 4 − 4) + 1 positions at stride 1; at "
                    "stride 3 the window takes every third of them."),
               (10 / 3 + 1, "round down before adding 1: a window that would hang over the "
                            "edge is not taken.")]),
    "06-input-gradient-1d": lambda a: check_array(
        a, np.convolve(DY_1D, W_1D, "full"), "dL/dx",
        traps=[(np.convolve(DY_1D, W_1D[::-1], "full"),
                "that pairs dL/dy with the kernel unflipped; x_k meets w_(k−i) in y_i, so "
                "walking along the outputs reads the kernel backwards.")]),
    "06-kernel-gradient": lambda a: check_array(
        a, _kernel_gradient(X_2D, DY_2D), "dL/dW",
        traps=[(_kernel_gradient(X_2D, DY_2D)[::-1, ::-1],
                "that is dL/dW rotated by 180°: dW[p, q] pairs dL/dY[i, j] with "
                "x[i + p, j + q], no flip (a flip belongs to dL/dX)."),
               (_kernel_gradient(X_2D, np.ones((3, 3))),
                "that is the sum of the patches, as if every dL/dY were 1: weight each "
                "patch by its dL/dY[i, j].")]),
    "06-maxpool-backward": lambda a: check_array(
        a, _maxpool_backward(X_POOL, DY_POOL), "dL/dx",
        traps=[(_maxpool_backward(X_POOL, np.ones((2, 2))),
                "the positions are right, but each should carry its window's dL/d(output), "
                "not 1."),
               (np.kron(DY_POOL, np.ones((2, 2))) / 4,
                "that is average pooling, spreading each gradient over the window. Max-pooling "
                "sends it all to the window's largest entry."),
               (_maxpool_backward(X_POOL, DY_POOL, ties="all"),
                "every tied maximum got the gradient, so a window passes on more than it "
                "received. Only one entry is the max: the first in reading order."),
               (_maxpool_backward(X_POOL, DY_POOL, ties="split"),
                "splitting among tied maxima is a valid subgradient, but not the rule here: "
                "the whole gradient goes to the first maximum in reading order, as in "
                "torch.")]),
}


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


def check_backward(answer, loss, case) -> Feedback:
    """A backward function, checked against finite differences of a reference loss: names
    each gradient that is wrong, by how much, and where (or that its shape is wrong)."""
    if not callable(answer):
        return Feedback(False, f"Your answer should be a function; you gave {answer!r}.")
    params, inputs = case
    try:
        grads = answer(*inputs)
    except Exception as err:  # the learner's code: report any error in one line
        return Feedback(False, f"Your function raised {type(err).__name__}: {err}.")
    if isinstance(grads, tuple) and len(grads) == 2 and isinstance(grads[1], dict):
        grads = grads[1]  # (loss, grads) is fine too
    if isinstance(grads, (tuple, list)) and len(grads) == len(params):
        grads = dict(zip(params, grads, strict=True))  # in the order the exercise names them
    if not isinstance(grads, dict) or set(grads) != set(params):
        wanted = ", ".join(f"d{name}" for name in params)
        return Feedback(False, f"Your function should return the gradients ({wanted}), as a "
                               f"tuple in that order or a dict by name; it returned {grads!r:.80}.")
    problems = []
    for name, value in params.items():
        def loss_at(v, name=name):
            return loss({**params, name: v}, inputs)

        report = gradcheck.check(loss_at, value, grads[name], name=f"d{name}")
        if not report.passed:
            problems.append(str(report).splitlines()[0].lstrip("✗ ") + (
                "" if report.problem else
                f"; e.g. at {report.worst[0][0]} yours is {report.worst[0][1]:.4g}, "
                f"the numeric estimate {report.worst[0][2]:.4g}"))
    if problems:
        return Feedback(False, "Not every gradient is right: " + " | ".join(problems))
    return Feedback(True, f"All {len(params)} gradients agree with finite differences.")


def _softmax_gradient_truth():
    p = nn.softmax([[2.0, 1.0, 0.0]])[0]
    return p - np.array([1.0, 0.0, 0.0])


def _two_layer_case():
    """Small fixed data for the two-layer network with weights stored as (out, in)."""
    rng = np.random.default_rng(7)
    X = rng.standard_normal((6, 2)) + 0.05
    labels = np.array([0, 1, 2, 0, 1, 2])
    params = {"W1": rng.standard_normal((5, 2)), "b1": 0.1 * rng.standard_normal(5),
              "W2": rng.standard_normal((3, 5)), "b2": 0.1 * rng.standard_normal(3)}
    return params, (dict(params), X, labels)


def _two_layer_loss(params, inputs):
    _, X, labels = inputs
    hidden = np.maximum(X @ params["W1"].T + params["b1"], 0)
    return nn.softmax_cross_entropy(hidden @ params["W2"].T + params["b2"], labels)[0]


def _dense_case():
    """A dense layer Z = X W + b with a fixed upstream gradient dZ: loss = sum(Z * dZ)."""
    rng = np.random.default_rng(3)
    X, W, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    dZ = rng.standard_normal((4, 2))
    return {"X": X, "W": W, "b": b}, (dZ, X, W)


def _dense_loss(params, inputs):
    dZ = inputs[0]
    return float(np.sum((params["X"] @ params["W"] + params["b"]) * dZ))


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


# The data of chapter 6's exercises, as the notebook states them.
W_1D, DY_1D = np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, -1.0])
X_2D = np.array([[1, 2, 0, 1], [0, 1, 3, 1], [2, 0, 1, 0], [1, 1, 0, 2]], dtype=float)
DY_2D = np.array([[1, 0, 0], [0, 2, 0], [0, 0, -1]], dtype=float)
X_POOL = np.array([[1, 3, 2, 2], [0, 2, 2, 1], [4, 1, 0, 5], [2, 4, 3, 1]], dtype=float)
DY_POOL = np.array([[1, 2], [3, 4]], dtype=float)


def _kernel_gradient(x, dy):
    """dW[p, q] = sum over i, j of dy[i, j] * x[i + p, j + q], for a 2x2 kernel."""
    return np.array([[np.sum(dy * x[p:p + dy.shape[0], q:q + dy.shape[1]]) for q in range(2)]
                     for p in range(2)])


def _maxpool_backward(x, dy, ties="first"):
    """2x2 max-pool backward on one channel; ties "first" (the rule), "all" or "split"."""
    dx = np.zeros_like(x)
    for (i, j), g in np.ndenumerate(dy):
        window = x[2 * i:2 * i + 2, 2 * j:2 * j + 2]
        winners = np.argwhere(window == window.max())
        if ties == "first":
            winners = winners[:1]
        for p, q in winners:
            dx[2 * i + p, 2 * j + q] += g / len(winners) if ties == "split" else g
    return dx
