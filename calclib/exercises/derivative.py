"""The exercises of chapters 0 and 1
(notebooks/00_start_here.ipynb, notebooks/01_derivative.ipynb),
checked by `calclib.exercises.check`."""

import math

from calclib.exercises.checks import check_formula, check_function, check_number


def _central_difference(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


EXERCISES = {
    # 00_start_here: how an exercise works
    "00-slope-of-line": lambda a: check_number(
        a, 3.0, "the slope of y = 3x + 1",
        traps=[(1.0, "1 is the intercept, where the line crosses the y-axis; the slope is the "
                     "number that multiplies x."),
               (4.0, "that is y at x = 1; the slope is how much y changes per step of 1 in x.")]),
    # 01_derivative
    "01-power-rule": lambda a: check_function(
        a, lambda x: 3 * x**2 - 2, (-2.0, -0.5, 1.5, 3.0), "your derivative",
        original=lambda x: x**3 - 2 * x,
        traps=[(lambda x: 3 * x**2 + 2, "the derivative of −2x is −2: mind the sign."),
               (lambda x: 6 * x, "that is the second derivative f″; differentiate once."),
               (lambda x: x**4 / 4 - x**2, "that is an antiderivative (you integrated); "
                                           "differentiate instead: (xⁿ)′ = n·xⁿ⁻¹."),
               (lambda x: 3 * x**2, "you dropped the -2: the derivative of -2x is -2."),
               (lambda x: 3 * x**2 - 2 * x, "the derivative of 2x is 2, not 2x."),
               (lambda x: x**2 - 2, "the power rule brings the exponent down: "
                                    "(x³)′ = 3x², not x².")]),
    "01-central-difference": lambda a: check_number(
        a, _central_difference(math.exp, 1.0, 0.01), "the central-difference estimate",
        traps=[((math.exp(1.01) - math.e) / 0.01,
                "that is the forward difference (f(x+h) − f(x))/h; the central one uses "
                "f(x+h) − f(x−h)."),
               (math.e, "that is the exact derivative e; we asked for the estimate with "
                        "h = 0.01, which differs from e by about 4.5e-5."),
               ((math.exp(1.01) - math.exp(0.99)) / 0.01,
                "you divided by h, but x−h and x+h are 2h apart: divide by 2h."),
               ((math.e - math.exp(0.99)) / 0.01,
                "that is the backward difference (f(x) − f(x−h))/h; the central one uses "
                "f(x+h) − f(x−h), divided by 2h.")]),
    "01-error-order": lambda a: check_number(
        a, 4.0, "the factor",
        integer="the error falls as hᵖ for a whole-number order p, so halving h divides it "
                "by exactly 2ᵖ. Measured ratios (like 3.9) come close to, not exactly, that "
                "power of 2: give the exact one.",
        traps=[(2.0, "that is forward and backward differences (error ∝ h). Central "
                     "differences are second order: error ∝ h², and halving h divides h² by 4."),
               (0.25, "that is what the error is multiplied by; we asked what it is divided by."),
               (0.5, "that is what a first-order error is multiplied by; central differences "
                     "are second order, and we asked what the error is divided by."),
               (8.0, "that is a third-order method (error ∝ h³); the central difference is "
                     "second order: error ∝ h², and halving h divides h² by 4.")]),
    "01-sigmoid-slope": lambda a: check_number(
        a, 0.25, "σ′(0)",
        traps=[(0.5, "that is σ(0) itself; the slope is σ(0)·(1 − σ(0))."),
               (1.0, "that is tanh′(0); the sigmoid is flatter: σ′ = σ(1 − σ)."),
               (-0.25, "the sign is flipped: the sigmoid rises everywhere, so its slope is "
                       "positive; σ′ = σ(1 − σ).")]),
    "01-product-rule": lambda a: check_formula(
        a, "2*x*sin(x) + x**2*cos(x)", "your derivative", original="x**2*sin(x)",
        traps=[("2*x*cos(x)", "you multiplied the two derivatives; the product rule is "
                              "(fg)′ = f′g + fg′."),
               ("2*x*sin(x)", "that is f′g; add fg′ = x²·cos(x)."),
               ("x**2*cos(x)", "that is fg′; add f′g = 2x·sin(x)."),
               ("2*x*sin(x) - x**2*cos(x)", "the product rule adds the two terms: "
                                            "(fg)′ = f′g + fg′ (a minus belongs to the "
                                            "quotient rule).")]),
}
