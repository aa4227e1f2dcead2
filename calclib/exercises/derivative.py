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
        a, lambda x: 4 * x**3 - 6 * x + 2, (-2.0, -0.5, 1.5, 3.0), "your derivative",
        original=lambda x: x**4 - 3 * x**2 + 2 * x,
        traps=[(lambda x: 4 * x**3 + 6 * x + 2, "the derivative of −3x² is −6x: mind the "
                                               "sign."),
               (lambda x: 12 * x**2 - 6, "that is the second derivative f″; differentiate "
                                         "once."),
               (lambda x: x**5 / 5 - x**3 + x**2, "that is an antiderivative (you integrated); "
                                                  "differentiate instead: (xⁿ)′ = n·xⁿ⁻¹."),
               (lambda x: 4 * x**3 - 6 * x, "you dropped the +2: the derivative of 2x is 2."),
               (lambda x: 4 * x**3 - 6 * x + 2 * x, "the derivative of 2x is 2, not 2x."),
               (lambda x: 4 * x**3 - 3 * x + 2, "(x²)′ = 2x, so (3x²)′ = 6x: the exponent "
                                                "comes down and multiplies the 3."),
               (lambda x: x**3 - 6 * x + 2, "the power rule brings the exponent down: "
                                            "(x⁴)′ = 4x³, not x³."),
               (lambda x: 4 * x**3 - 6 * x + 3, "the constant term is off: the derivative of "
                                                "2x is 2, so the last term is +2."),
               (lambda x: 4 * x**3 - 6 * x - 2, "the derivative of +2x is +2, not −2: mind the "
                                                "sign of the last term."),
               (lambda x: 8 * x**3 - 12 * x + 4, "that is twice the derivative: (x⁴)′ = 4x³, "
                                                 "(3x²)′ = 6x and (2x)′ = 2, each once.")]),
    "01-central-difference": lambda a: check_number(
        a, _central_difference(math.exp, 1.0, 0.01), "the central-difference estimate",
        given=(1.0, 0.01),
        traps=[(math.e, "that is the exact derivative e; we asked for the estimate with "
                        "h = 0.01, which differs from e by about 4.5e-5.", 1e-10),
               (_central_difference(math.exp, 1.0, 0.001),
                "that is the central difference with h = 0.001; the exercise asks for "
                "h = 0.01.", 1e-9),
               (_central_difference(math.exp, 1.0, 0.1),
                "that is the central difference with h = 0.1; the exercise asks for h = 0.01."),
               ((math.exp(1.01) + math.exp(0.99)) / 0.02,
                "you added f(x+h) and f(x−h); the central difference subtracts them: "
                "(f(x+h) − f(x−h))/(2h)."),
               ((math.exp(1.01) - math.e) / 0.01,
                "that is the forward difference (f(x+h) − f(x))/h; the central one uses "
                "f(x+h) − f(x−h)."),
               ((math.exp(1.01) - math.exp(0.99)) / 0.01,
                "you divided by h, but x−h and x+h are 2h apart: divide by 2h."),
               ((math.e - math.exp(0.99)) / 0.01,
                "that is the backward difference (f(x) − f(x−h))/h; the central one uses "
                "f(x+h) − f(x−h), divided by 2h.")]),
    "01-error-order": lambda a: check_number(
        a, 4.0, "the order p",
        integer="an order is a whole number: the error falls as hᵖ, so halving h divides it "
                "by 2ᵖ. Here it is divided by 3.2e-4 / 2.0e-5 = 16 exactly.",
        traps=[(16.0, "16 is the factor the error fell by when h halved; the order p is the "
                      "power of 2 that gives it: 2ᵖ = 16."),
               (2.0, "order 2 (central differences) would divide the error by 2² = 4 when h "
                     "halves; this one was divided by 16."),
               (0.0625, "that is 1/16, what the error was multiplied by; the order p solves "
                        "2ᵖ = 16."),
               (3.0, "order 3 would divide the error by 2³ = 8 when h halves; it fell by 16."),
               (5.0, "order 5 would divide the error by 2⁵ = 32 when h halves; it fell by "
                     "16.")]),
    "01-tanh-slope": lambda a: check_number(
        a, 0.64, "tanh′(z)", given=(0.6,),
        traps=[(0.6, "that is tanh(z), the value given; the slope is 1 − tanh²(z)."),
               (0.4, "that is 1 − tanh(z); the rule squares it first: tanh′ = 1 − tanh²."),
               (0.24, "that is the sigmoid's rule σ(1 − σ); for tanh it is 1 − tanh²."),
               (0.36, "that is tanh²(z); the slope is 1 − tanh²(z)."),
               (1.0, "that is tanh′(0), where tanh = 0; here tanh(z) = 0.6.")]),
    "01-product-rule": lambda a: check_formula(
        a, "2*x*sin(x) + x**2*cos(x)", "your derivative", original="x**2*sin(x)",
        traps=[("2*x*cos(x)", "you multiplied the two derivatives; the product rule is "
                              "(fg)′ = f′g + fg′."),
               ("2*x*sin(x)", "that is f′g; add fg′ = x²·cos(x)."),
               ("x**2*cos(x)", "that is fg′; add f′g = 2x·sin(x)."),
               ("2*x*cos(x) + x**2*sin(x)", "sin and cos are swapped: f′g = 2x·sin(x) keeps "
                                            "g = sin(x) itself, and fg′ = x²·cos(x) uses "
                                            "g′ = cos(x)."),
               ("2*x*sin(x) - x**2*cos(x)", "the product rule adds the two terms: "
                                            "(fg)′ = f′g + fg′ (a minus belongs to the "
                                            "quotient rule).")]),
}
