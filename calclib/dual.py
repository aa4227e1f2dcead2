"""Dual numbers: forward-mode automatic differentiation.

Taught in notebooks/03_chain_rule.ipynb.

A dual number a + b*eps has a value a and a derivative part b, with the one rule eps**2 = 0.
Then f(a + b*eps) = f(a) + f'(a)*b*eps for every f built from the operations below, so one
pass through f with x = x0 + 1*eps carries f(x0) and f'(x0) together, exactly: each operation
applies its own derivative rule and the chain rule to the derivative part.

    (a + b eps) + (c + d eps) = (a + c) + (b + d) eps
    (a + b eps) * (c + d eps) = a c + (a d + b c) eps        (the eps**2 term vanishes)
    f(a + b eps)              = f(a) + f'(a) b eps           (sin, cos, exp, log, tanh, sigmoid)
"""

import math
import numbers

from calclib import functions
from calclib.functions import checked, interval, power


class Dual:
    """value + deriv * eps, where eps**2 = 0. Mixes with plain numbers on either side."""

    __slots__ = ("deriv", "value")

    def __init__(self, value, deriv=0.0):
        # the same rule as engine.Value: finite numbers (nan and inf are refused). Only an
        # operation may make a nan derivative part, where the rule says so (d/db of a**b, a < 0)
        self.value = _finite(_real(value, "value"), "value")
        self.deriv = _finite(_real(deriv, "deriv"), "derivative part")

    def __repr__(self):
        return f"Dual({self.value!r}, {self.deriv!r})"

    def __add__(self, other):
        other = _lift(other)
        return _dual(self.value + other.value, self.deriv + other.deriv)

    __radd__ = __add__

    def __neg__(self):
        return _dual(-self.value, -self.deriv)

    def __sub__(self, other):
        return self + (-_lift(other))

    def __rsub__(self, other):
        return _lift(other) + (-self)

    def __mul__(self, other):
        other = _lift(other)  # (uv)' = u'v + uv'
        return _dual(self.value * other.value, self.deriv * other.value + self.value * other.deriv)

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = _lift(other)
        if other.value == 0:
            raise ZeroDivisionError(f"division by a dual number whose value is 0 ({other!r}): "
                                    "u / v and its derivative are undefined where v = 0")
        quotient = checked(lambda: self.value / other.value,
                           f"Dual {self.value!r} / {other.value!r}")
        # (u/v)' = (u'v - uv') / v**2, taken as (u' - (u/v) v') / v: v**2 may under/overflow
        return _dual(quotient, (self.deriv - quotient * other.deriv) / other.value)

    def __rtruediv__(self, other):
        return _lift(other) / self

    def __pow__(self, other):
        other = _lift(other)
        # (u^v)' = v u^(v-1) u' + u^v log(u) v'  (log u is not real for u < 0: nan, as PyTorch)
        out, d_base, d_exponent = power(self.value, other.value, "Dual ** ...")
        if math.isinf(d_base) and self.deriv:
            raise ValueError(f"Dual ** ...: ({self.value!r})**{other.value!r} has an infinite "
                             "derivative (like sqrt at 0), which a dual number cannot carry")
        deriv = ((d_base * self.deriv if self.deriv else 0.0)
                 + (d_exponent * other.deriv if other.deriv else 0.0))
        return _dual(out, deriv)

    def __rpow__(self, base):
        return _lift(base) ** self  # (a^v)' = a^v log(a) v'


def sin(x):
    """sin(a + b eps) = sin(a) + cos(a) b eps"""
    return _apply(x, math.sin, math.cos)


def cos(x):
    """cos(a + b eps) = cos(a) - sin(a) b eps"""
    return _apply(x, math.cos, lambda a: -math.sin(a))


def tan(x):
    """tan(a + b eps) = tan(a) + (1 + tan(a)**2) b eps"""
    return _apply(x, math.tan, lambda a: 1 + math.tan(a) ** 2)


def sqrt(x):
    """sqrt(a + b eps) = sqrt(a) + b / (2 sqrt(a)) eps, for a > 0 (at 0 the slope is infinite)"""
    return _apply(_within(x, "sqrt", 0.0, math.inf), math.sqrt,
                  lambda a: 1 / (2 * math.sqrt(a)))


def absolute(x):
    """|a + b eps| = |a| + sign(a) b eps (0 at the kink, as PyTorch)"""
    return _apply(x, abs, lambda a: float(a > 0) - float(a < 0))


def asin(x):
    """asin(a + b eps) = asin(a) + b / sqrt(1 - a**2) eps, for -1 < a < 1"""
    return _apply(_within(x, "asin", -1.0, 1.0), math.asin, lambda a: 1 / math.sqrt(1 - a * a))


def acos(x):
    """acos(a + b eps) = acos(a) - b / sqrt(1 - a**2) eps, for -1 < a < 1"""
    return _apply(_within(x, "acos", -1.0, 1.0), math.acos, lambda a: -1 / math.sqrt(1 - a * a))


def atan(x):
    """atan(a + b eps) = atan(a) + b / (1 + a**2) eps"""
    return _apply(x, math.atan, lambda a: 1 / (1 + a * a))


def sinh(x):
    """sinh(a + b eps) = sinh(a) + cosh(a) b eps"""
    return _apply(x, lambda a: checked(lambda: math.sinh(a), f"dual.sinh({a!r})"), math.cosh)


def cosh(x):
    """cosh(a + b eps) = cosh(a) + sinh(a) b eps"""
    return _apply(x, lambda a: checked(lambda: math.cosh(a), f"dual.cosh({a!r})"), math.sinh)


def relu(x):
    """relu(a + b eps) = max(a, 0) + [a > 0] b eps (0 at the kink, as PyTorch)"""
    return _apply(x, lambda a: max(a, 0.0), lambda a: float(a > 0))


def exp(x):
    """exp(a + b eps) = exp(a) + exp(a) b eps; OverflowError past a = 709.78"""
    def e(a):
        return checked(lambda: math.exp(a), f"dual.exp({a!r})")

    return _apply(x, e, e)


def log(x):
    """log(a + b eps) = log(a) + (b / a) eps, for a > 0"""
    value = x.value if isinstance(x, Dual) else _real(x, "x")
    if value <= 0:
        raise ValueError(f"log is defined only for positive numbers, got {value!r}")
    return _apply(x, math.log, lambda a: 1 / a)


def tanh(x):
    """tanh(a + b eps) = tanh(a) + (1 - tanh(a)**2) b eps"""
    return _apply(x, math.tanh, lambda a: 1 - math.tanh(a) ** 2)


def sigmoid(x):
    """sigmoid(a + b eps) = s + s (1 - s) b eps, with s = 1 / (1 + e^-a) (both computed so that
    they keep their precision in the tails: functions.sigmoid)"""
    return _apply(x, lambda a: float(functions.sigmoid(a)),
                  lambda a: float(functions.sigmoid_derivative(a)))


def derivative(f, x) -> float:
    """f'(x) by one forward pass: f(x + 1*eps) carries f'(x) in its eps part."""
    if not callable(f):
        raise TypeError(f"f must be a function of x, got {f!r}")
    return _deriv_part(f(Dual(x, 1.0)))


def gradient(f, x) -> list:
    """The gradient of f: R^n -> R by forward mode: n passes, seeding one input each time."""
    if not callable(f):
        raise TypeError(f"f must be a function of a list of numbers, got {f!r}")
    point = [_real(xi, "x[i]") for xi in x]
    return [_deriv_part(f([Dual(xj, float(j == i)) for j, xj in enumerate(point)]))
            for i in range(len(point))]


def _apply(x, f, df):
    """One elementary function and its derivative rule, on a Dual or a plain number."""
    if isinstance(x, Dual):
        return _dual(f(x.value), df(x.value) * x.deriv)  # the chain rule: f'(a) * b
    return f(_real(x, "x"))


def _within(x, name: str, low: float, high: float):
    """x, if its value lies where the function is defined (low <= value <= high); a Dual also
    needs a finite slope there, so strictly inside."""
    value = x.value if isinstance(x, Dual) else _real(x, "x")
    if not low <= value <= high:
        raise ValueError(f"dual.{name} is defined for {interval(low, high)}, got {value!r}")
    if isinstance(x, Dual) and value in (low, high):
        raise ValueError(f"the slope of dual.{name} at {value!r} is infinite: a dual number "
                         "cannot carry it")
    return x


def _deriv_part(result) -> float:
    if isinstance(result, Dual):
        return result.deriv
    if isinstance(result, numbers.Real):
        return 0.0  # f did not use x at all
    raise TypeError(f"f must return a number (built with Dual-aware operations), got {result!r}")


def _dual(value, deriv) -> Dual:
    """A Dual made by an operation: its derivative part may be nan (d/db of a**b, a < 0), and
    an infinite one is an overflow, reported as such."""
    out = Dual(value)
    if math.isinf(deriv):
        raise OverflowError(f"the derivative part of a dual number at {value!r} overflows: it "
                            "is beyond the largest float (1.8e308)")
    out.deriv = float(deriv)
    return out


def _lift(x) -> Dual:
    return x if isinstance(x, Dual) else Dual(x, 0.0)


def _finite(value: float, name) -> float:
    if not math.isfinite(value):
        raise ValueError(f"a Dual's {name} must be a finite number, got {value!r} (an overflow "
                         "or an undefined operation gives inf or nan)")
    return value


def _real(x, name) -> float:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number or a Dual, got {x!r} "
                        f"of type {type(x).__name__}")
    return float(x)
