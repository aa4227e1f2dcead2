"""The exercises of chapter 2
(notebooks/02_partial_derivatives_and_gradient.ipynb),
checked by `calclib.exercises.check`."""

import math

from calclib.exercises.checks import check_choice, check_gradient, check_number, check_vector

EXERCISES = {
    # 02_partial_derivatives_and_gradient
    "02-partials": lambda a: check_gradient(
        a, lambda x, y: (2 * x * y, x**2 + 6 * y), [(1.0, 2.0), (-1.5, 0.5), (2.0, -1.0)],
        original=lambda x, y: x**2 * y + 3 * y**2,
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
                        "descent) is also perpendicular to it."},
        aliases={"orthogonal": "perpendicular", "normal": "perpendicular",
                 "parallel": "along", "tangent": "along", "tangential": "along"}),
    "02-directional": lambda a: check_number(
        a, 4.4, "the directional derivative",
        traps=[(22.0, "u must be a unit vector: divide (3, 4) by its length 5 first."),
               (2.2, "that is (1, 2) · (3, 4)/5: you used the point (1, 2) instead of the "
                     "gradient there, ∇f(1, 2) = (2x, 2y) = (2, 4)."),
               (11.0, "that is (1, 2) · (3, 4): the point instead of ∇f(1, 2) = (2, 4), and u "
                      "not divided by its length 5."),
               (0.88, "you divided ∇f · (3, 4) = 22 by |v|² = 25; divide by |v| = 5 once, "
                      "to make u a unit vector."),
               (math.sqrt(20), "that is |∇f|, the rate along the gradient itself; along u it "
                               "is ∇f · u.")]),
    "02-hessian-classify": lambda a: check_choice(
        a, "saddle point", {
            "saddle point": "Its determinant is 2·(−3) − 1·1 = −7 < 0, so the eigenvalues have "
                            "opposite signs: up in one direction, down in another.",
            "minimum": "A minimum needs both eigenvalues positive; the determinant "
                       "2·(−3) − 1 = −7 < 0 says they have opposite signs.",
            "maximum": "A maximum needs both eigenvalues negative; the determinant "
                       "2·(−3) − 1 = −7 < 0 says they have opposite signs."},
        aliases={"saddle": "saddle point", "min": "minimum", "local minimum": "minimum",
                 "max": "maximum", "local maximum": "maximum"}),
    "02-regression-gradient": lambda a: check_vector(
        a, (-8.0, -16.0), ("∂L/∂θ0", "∂L/∂θ1"), "the gradient",
        traps=[((8.0, 16.0), "you dropped the minus sign: the inner derivative of "
                             "y − θ0 − θ1·x with respect to θ0 is −1 (and −x for θ1)."),
               ((-8.0, -8.0), "∂L/∂θ1 carries the factor x = 2 from the inner derivative."),
               ((-4.0, -8.0), "the square brings down a factor 2: d(r²)/dr = 2r."),
               ((4.0, 8.0), "that is the residual r = 4 and r·x = 8: the square brings down a "
                            "factor 2 (d(r²)/dr = 2r), and the inner derivative of "
                            "y − θ0 − θ1·x is −1 for θ0 and −x for θ1.")]),
}
