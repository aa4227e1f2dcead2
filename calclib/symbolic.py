"""Symbolic derivatives with SymPy, and safe reading of a formula a learner types.

Taught in notebooks/01_derivative.ipynb (derivative, parse) and
notebooks/02_partial_derivatives_and_gradient.ipynb (gradient, hessian).

A typed formula such as ``"x**2 + 3*x + 2"`` or ``"x^2 * sin(x)"`` is read by walking its Python
syntax tree and building the SymPy expression node by node from a short list of allowed
operations, names and functions. Nothing typed is ever passed to ``eval`` (SymPy's own
``sympify`` and ``parse_expr`` do call it), so ``__import__('os')`` is only an error message.

Each step is checked before SymPy takes the next one, so the work is bounded by what a formula
may say, not by a timer: at most MAX_DEPTH levels of nesting (MAX_NOT_REAL on a part such as
sqrt(x) that is not real for every x), exponents up to MAX_EXPONENT, and every number between
10^-MAX_DIGITS and 10^MAX_DIGITS. ``((9**999)**999)**999`` is refused at ``9**999``, before
Python is asked for a number with a billion digits.
"""

import ast
import keyword
import math
import re

import mpmath
import numpy as np
import sympy as sp

MAX_LENGTH = 300  # characters in a typed formula
MAX_DEPTH = 20  # levels of nesting: brackets inside brackets, powers of powers, f(g(h(x)))
MAX_NOT_REAL = 4  # levels of functions, powers and products on a part that is not real for
                  # every x, such as sqrt(x) or log(x): SymPy's work doubles or more with each
MAX_EXPONENT = 1000  # |n| in a power u**n with a constant n, so "x**9**9" is refused
MAX_DIGITS = 300  # every number must lie between 10^-300 and 10^300 (an exact fraction p/q:
                  # p and q under 10^300), so "9**999" (954 digits) is refused


class relu(sp.Function):
    """relu(u) = max(u, 0), and relu'(u) = step(u): 0 at the kink, as engine, nn and PyTorch.

    A function of its own, not SymPy's Max(u, 0): Max asks SymPy for the sign of u, which for a u
    that is not real for every x, such as (sqrt(x) + 1)**1000, takes it exponentially long."""

    @classmethod
    def eval(cls, u):
        if u.is_number and u.is_extended_real is False:
            raise ValueError(f"relu compares its argument with 0, so it must be real; got {u}")
        if u.is_number:  # relu(-2) = 0
            return sp.Max(u, 0)

    def fdiff(self, argindex=1):
        return step(self.args[0])

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real


class step(sp.Function):
    """step(u) = 0 for u < 0, 1 for u > 0, and 0 at the kink u = 0: calclib's convention
    everywhere (relu'(0) = 0, max' at a tie = 0, as PyTorch), SymPy's Heaviside(u, 0)."""

    @classmethod
    def eval(cls, u):
        if u.is_number:
            return sp.Heaviside(u, 0)

    def fdiff(self, argindex=1):
        return sp.S.Zero  # flat on both sides of the kink

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real


FUNCTIONS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
    "exp": sp.exp, "log": sp.log, "ln": sp.log, "sqrt": sp.sqrt,
    # |u| = sqrt(u^2) for a real u, shown as Abs(u) once SymPy can tell u is real. SymPy's own
    # Abs splits a u it cannot, such as log(x), into real and imaginary parts at every level.
    "abs": lambda u: sp.sqrt(u**2),
    "sigmoid": lambda u: 1 / (1 + sp.exp(-u)),  # sigma(u) = 1 / (1 + e^-u)
    "relu": relu,
}
CONSTANTS = {"pi": sp.pi, "e": sp.E}
_OPERATORS = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}
_EXPONENTIAL = {"exp", "sinh", "cosh", "sigmoid"}  # grow like e^|u|: exp(1000) has 435 digits
_HELP = "use numbers, variables, + - * / ** (or ^), brackets and functions like sin(x)"


class FormulaError(ValueError):
    """A typed formula that cannot be read; the message is one line, fit to show a learner."""


def parse(text: str, variables=None) -> sp.Expr:
    """Read a formula typed as text into a SymPy expression, safely.

    Parameters
    ----------
    text : str
        e.g. ``"x**3 - 2*x"``, ``"exp(-x^2)"``, ``"sigmoid(x)"``. ``^`` means power.
    variables : sequence of str, optional
        The names allowed as variables, e.g. ``("x",)``. Default: any plain name that is not
        a function or constant. Variables are real symbols. A number that is not real, such as
        sqrt(-1), is kept as a float a + b*I (and lambdify gives nan for it).

    Raises
    ------
    FormulaError (a ValueError) with a one-line message saying what is wrong: a formula that
    cannot be read, or one too large to work with (MAX_LENGTH, MAX_DEPTH, MAX_NOT_REAL,
    MAX_EXPONENT, MAX_DIGITS).
    """
    if not isinstance(text, str):
        raise TypeError(f"a formula must be a string like 'x**2 + 1', got {text!r}")
    if not text.strip():
        raise FormulaError(f"the formula is empty: type one, e.g. x**2 + 1 ({_HELP})")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula is {len(text)} characters long; "
                           f"keep it under {MAX_LENGTH}")
    # ^ means power, as on paper; as ** it also gets the right precedence (-x^2 = -(x^2))
    source = text.strip().replace("^", "**")
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, ValueError):  # also "too many nested parentheses", a null byte
        raise FormulaError(_syntax_hint(text)) from None
    allowed = None if variables is None else tuple(variables)
    return _Builder(allowed, source).build(tree.body)


def derivative(expr, var=None) -> sp.Expr:
    """The derivative of expr with respect to var, by SymPy's rules.

    ``expr`` is a SymPy expression or a formula string (read safely by ``parse``); ``var`` a
    name or Symbol, needed only when expr has several variables.
    ``derivative("x**2 + 3*x + 2")`` gives ``2*x + 3``.
    """
    expr = as_expression(expr)
    return _kinks_at_zero(sp.diff(expr, _variable(expr, var)))


def gradient(expr, variables) -> sp.Matrix:
    """The gradient of expr: the column of its partial derivatives, one per variable.

    ``gradient("x**2*y", ["x", "y"])`` gives Matrix([2*x*y, x**2]). Variables may also be
    given as one string, "x y".
    """
    expr, symbols = _expression_and_variables(expr, variables)
    return sp.Matrix([_kinks_at_zero(sp.diff(expr, s)) for s in symbols])


def hessian(expr, variables) -> sp.Matrix:
    """The Hessian of expr: the matrix of second partial derivatives d^2 f / dx_i dx_j."""
    expr, symbols = _expression_and_variables(expr, variables)
    return sp.hessian(expr, symbols).applyfunc(_kinks_at_zero)


def _kinks_at_zero(expr):
    """expr with SymPy's Heaviside(u) (1/2 at u = 0, from the derivative of Max or Abs) made
    Heaviside(u, 0): the library's one convention, relu'(0) = 0 and max' at a tie = 0."""
    return expr.replace(
        lambda e: isinstance(e, sp.Heaviside) and (len(e.args) == 1 or e.args[1] == sp.S.Half),
        lambda e: sp.Heaviside(e.args[0], 0))


def lambdify(expr, var=None):
    """A NumPy function from an expression: f(x) works on floats and arrays, and gives floats.

    With several variables, ``var=["x", "y"]`` gives f(x, y). Where the value is not a real
    number (log or sqrt of a negative number, asin(2), sqrt(-1)*x) f gives nan (but SymPy
    simplifies first: sqrt(-1)**2 is -1 and sqrt(x) - sqrt(x) is 0 everywhere); where it is
    too large for a float (exp(1000), the pole of 1/x at 0, log(0)) it gives inf or -inf, as
    NumPy does: a plot should draw only the finite points.
    """
    expr = as_expression(expr)
    names = list(var) if isinstance(var, (list, tuple)) else [var]
    symbols = [_variable(expr, name) for name in names]
    numeric = sp.lambdify(symbols, _float_constants(expr), modules=[_NUMPY, "numpy"])
    precise = sp.lambdify(symbols, expr, modules=[_MPMATH, "mpmath"])

    def f(*args):
        if len(args) != len(symbols):
            raise TypeError(f"this function takes {len(symbols)} argument(s), "
                            f"({', '.join(map(str, symbols))}), got {len(args)}")
        args = [np.asarray(a, dtype=float) for a in args]
        with np.errstate(all="ignore"):
            y = np.asarray(numeric(*args))
            if np.iscomplexobj(y):  # from a complex constant, sqrt(-1) = I: real points only
                real = np.isfinite(y.imag) & (np.abs(y.imag) <= 1e-9 * np.abs(y))
                y = np.where(real, y.real, np.nan)
        shape = np.broadcast_shapes(*(a.shape for a in args))
        y = np.broadcast_to(y.astype(float), shape).copy()  # a constant gives one number
        _redo_precisely(y, precise, [np.broadcast_to(a, shape) for a in args])
        return float(y) if y.ndim == 0 else y

    f.__doc__ = f"f({', '.join(map(str, symbols))}) = {expr}"
    return f


# Heaviside(u) = (sign(u) + 1)/2, h0 at u = 0 (0 by calclib's convention): SymPy would print
# it as a Piecewise whose conditions it simplifies (slow); NumPy's heaviside refuses complex u.
_NUMPY = {"Heaviside": lambda u, h0=0.0: np.where(u == 0, h0, (np.sign(u) + 1) / 2),
          "step": lambda u: np.where(u == 0, 0.0, (np.sign(u) + 1) / 2),
          "relu": lambda u: np.maximum(u, 0)}


_MPMATH = {"Heaviside": lambda u, h0=0: h0 if u == 0 else float(u > 0),
           "step": lambda u: float(u > 0), "relu": lambda u: max(u, 0)}


def _redo_precisely(y, precise, args):
    """Where float arithmetic gave inf or nan (log(exp(x) + exp(-x)) at x = 1000: inf/inf),
    work the point out again in mpmath's unbounded exponents, and keep it if it is a finite
    real number: so a formula is as stable as calclib's own log-sum-exp and sigmoid."""
    for i in np.flatnonzero(~np.isfinite(y))[:1000]:
        try:
            value = precise(*(float(a.flat[i]) for a in args))
        except (ArithmeticError, ValueError, TypeError):
            continue
        if isinstance(value, (mpmath.mpf, int, float)) and mpmath.isfinite(value) \
                and abs(value) < np.finfo(float).max:
            y.flat[i] = float(value)


def _float_constants(expr):
    """expr with each part that has no variable (pi**2, sin(1), 10**40) worked out as a float,
    so NumPy does all the arithmetic: Python's own raises on pi**1000 and on 10**400 * 1.0."""
    if isinstance(expr, sp.Expr) and not expr.free_symbols:
        return expr if expr.is_Integer and abs(expr) < 2**53 else expr.evalf(17)
    args = [_float_constants(arg) for arg in expr.args]
    return expr if args == list(expr.args) else expr.func(*args)


def as_expression(expr) -> sp.Expr:
    """A SymPy expression from an expression, a number, or a formula string."""
    if isinstance(expr, str):
        return parse(expr)
    if isinstance(expr, sp.Basic):
        return expr
    if isinstance(expr, (int, float)) and not isinstance(expr, bool):
        return sp.Float(expr) if isinstance(expr, float) else sp.Integer(expr)
    raise TypeError("expr must be a SymPy expression or a formula string like 'x**2 + 3*x + 2', "
                    f"got {expr!r} of type {type(expr).__name__}")


def _expression_and_variables(expr, variables):
    """The expression (a formula string may use only these variables) and their symbols."""
    names = variables.replace(",", " ").split() if isinstance(variables, str) else variables
    if not isinstance(names, (list, tuple)) or not names:
        raise TypeError(f"variables must be a list of names like ['x', 'y'] (or 'x y'), "
                        f"got {variables!r}")
    if isinstance(expr, str):
        text_names = [n.name if isinstance(n, sp.Symbol) else n for n in names]
        expr = parse(expr, variables=text_names)
    expr = as_expression(expr)
    return expr, [_variable(expr, name) for name in names]


def _variable(expr: sp.Expr, var) -> sp.Symbol:
    """The symbol to differentiate by: var if given (a name or Symbol), else expr's only one."""
    free = sorted(expr.free_symbols, key=lambda s: s.name)
    if var is None:
        if len(free) > 1:
            names = ", ".join(s.name for s in free)
            raise ValueError(f"the expression has several variables ({names}): "
                             f"say which one, e.g. var={free[0].name!r}")
        return free[0] if free else sp.Symbol("x", real=True)
    if isinstance(var, sp.Symbol):  # matched by name: Symbol("x") is parse's real x
        return var if var in free else next((s for s in free if s.name == var.name), var)
    if isinstance(var, str) and var.isidentifier():
        return next((s for s in free if s.name == var), sp.Symbol(var, real=True))
    raise TypeError(f"var must be a variable name like 'x' or a SymPy Symbol, got {var!r}")


def _syntax_hint(text: str) -> str:
    shown = _shortened(text)
    if re.search(r"\d\s*[A-Za-z(]|\)\s*[\w(]", text):
        return f"could not read {shown!r}: write multiplication with *, e.g. 2*x, not 2x"
    if text.count("(") != text.count(")"):
        return f"could not read {shown!r}: the brackets ( ) do not match"
    if "²" in text or "³" in text:
        return f"could not read {shown!r}: write powers as x**2 (or x^2), not x²"
    if re.search(r"[a-z]\s+[a-z(]", text):
        return f"could not read {shown!r}: give a function its brackets: sin(x), not sin x"
    return f"could not read {shown!r}: {_HELP}"


def _shortened(text: str) -> str:
    """text cut to 40 characters, for a message: a message is one line."""
    return text if len(text) <= 40 else text[:37] + "..."


class _Builder:
    """Builds a SymPy expression from an allowed Python syntax tree, refusing everything else,
    and checking each step before SymPy takes the next one."""

    def __init__(self, variables, source):
        self.variables = variables
        self.source = source
        self.not_real = {}  # expression -> its levels not known to be real (not_real_levels)

    def piece(self, node) -> str:
        """The typed text of node, for a message (shortened: a message is one line)."""
        return _shortened(ast.get_source_segment(self.source, node) or self.source)

    def build(self, node, level=0) -> sp.Expr:
        if level > MAX_DEPTH:  # before SymPy, and Python's own recursion, go that deep
            raise FormulaError(f"{self.piece(node)!r} is nested more than {MAX_DEPTH} levels "
                               "deep in brackets, powers and functions; simplify the formula")
        expr = _checked(self.piece(node), self._build(node, level))
        if self.not_real_levels(expr) > MAX_NOT_REAL:
            raise FormulaError(f"{self.piece(node)!r} stacks more than {MAX_NOT_REAL} functions, "
                               "powers and products on a part that is not real for every x, such "
                               "as sqrt(x) or log(x): too much work for SymPy; simplify it")
        return expr

    def not_real_levels(self, expr) -> int:
        """How many functions, powers and products are stacked on a part of expr that SymPy cannot
        show is real: 1 for sqrt(x) (not real for x < 0), 2 for tanh(sqrt(x)); sums add none.
        Wherever SymPy needs to know whether such a part is real, it splits it into real and
        imaginary parts, and the split of tanh(u) holds those of u several times over."""
        if expr not in self.not_real:
            below = max(map(self.not_real_levels, expr.args), default=0)
            if below == 0 and (not expr.free_symbols or expr.is_extended_real):
                self.not_real[expr] = 0
            else:
                self.not_real[expr] = below + (not expr.is_Add)
        return self.not_real[expr]

    def _build(self, node, level) -> sp.Expr:
        if isinstance(node, ast.Constant):
            return self._number(node)
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            operand = self.build(node.operand, level + 1)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            left = self.build(node.left, level + _deeper(node, node.left))
            right = self.build(node.right, level + _deeper(node, node.right))
            if isinstance(node.op, ast.Pow) and not right.free_symbols:
                self._check_power(node, right)
            return self._sympy(node, _OPERATORS[type(node.op)], left, right)
        if isinstance(node, ast.Call):
            return self._call(node, level)
        raise FormulaError(f"{self.piece(node)!r} is not allowed in a formula: {_HELP}")

    def _number(self, node):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FormulaError(f"{self.piece(node)} is not a number: {_HELP}")
        if isinstance(value, float) and not math.isfinite(value):  # 1e400 is read as inf
            raise FormulaError(f"the number {self.piece(node)} is too large to work with; "
                               f"keep numbers between 10^-{MAX_DIGITS} and 10^{MAX_DIGITS}")
        return sp.Integer(value) if isinstance(value, int) else sp.Rational(repr(value))

    def _name(self, name):
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in FUNCTIONS:
            raise FormulaError(f"{name} is a function: write it with brackets, e.g. {name}(x)")
        if self.variables is None:
            ok = not name.startswith("_") and not keyword.iskeyword(name)
        else:
            ok = name in self.variables
        if not ok:
            known = ", ".join(self.variables or ()) or "plain names"
            raise FormulaError(f"unknown name {_shortened(name)!r}: the variables here are "
                               f"{known}; "
                               f"constants pi, e; functions {', '.join(FUNCTIONS)}")
        return sp.Symbol(name, real=True)

    def _call(self, node, level):
        if not isinstance(node.func, ast.Name):
            raise FormulaError(f"{self.piece(node.func)!r} is not allowed: "
                               f"only functions such as {', '.join(FUNCTIONS)} can be called")
        name = node.func.id
        if name not in FUNCTIONS:
            raise FormulaError(f"unknown function {name!r}: use one of {', '.join(FUNCTIONS)}")
        if node.keywords or len(node.args) != 1:
            raise FormulaError(f"{name} takes exactly one argument, e.g. {name}(x)")
        u = self.build(node.args[0], level + 1)
        if name in _EXPONENTIAL and not u.free_symbols:  # exp(1000*log(2)) would be 2**1000
            digits = float(_size(u)) / math.log(10)  # log10(e^|u|)
            if digits > MAX_DIGITS:
                raise FormulaError(_too_large(self.piece(node), digits))
        return self._sympy(node, FUNCTIONS[name], u)

    def _check_power(self, node, exponent):
        """A constant exponent may be at most MAX_EXPONENT in size: SymPy works out 9**n, and
        the 2**n of (2*x)**n, at once, digit by digit."""
        n = float(_size(exponent))
        if n > MAX_EXPONENT:
            raise FormulaError(f"the exponent {self.piece(node.right)} in {self.piece(node)!r} "
                               f"is about {n:.3g}: too large; keep exponents between "
                               f"-{MAX_EXPONENT} and {MAX_EXPONENT}")

    def _sympy(self, node, operation, *args):
        """operation(*args) by SymPy; what SymPy refuses (relu of a complex number) is a
        FormulaError naming the piece."""
        try:
            return operation(*args)
        except (TypeError, ValueError) as err:  # "The argument 'I' is not comparable."
            message = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise FormulaError(f"cannot work out {self.piece(node)!r}: {message}") from None


def _deeper(parent, child) -> int:
    """1 if child sits one level deeper than parent; 0 for a chain a + b - c or a * b / c,
    which SymPy flattens into one sum or one product."""
    for chain in [(ast.Add, ast.Sub), (ast.Mult, ast.Div)]:
        if isinstance(child, ast.BinOp) and isinstance(parent.op, chain) \
                and isinstance(child.op, chain):
            return 0
    return 1


def _checked(piece: str, expr: sp.Expr) -> sp.Expr:
    """expr, once it is known to be defined and to hold no number too large to work with.

    A constant that is not real (sqrt(-1), log(-2), asin(2)) comes back worked out as a + b*I in
    floats: SymPy splits a product of n exact ones into real and imaginary parts term by term,
    2^n terms, wherever it needs their sign (relu, abs)."""
    if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
        raise FormulaError(f"{piece!r} is undefined or infinite "
                           "(a division by zero, or the log of 0?)")
    long_fractions = {r: sp.Float(r, 17) for r in expr.atoms(sp.Rational)
                      if _digits(r) > MAX_DIGITS >= _magnitude(r)}
    if long_fractions:  # 1.0001**100 = 10001**100 / 10**400, about 1.01: a float, not refused
        expr = expr.xreplace(long_fractions)
    digits = max(map(_magnitude, expr.atoms(sp.Rational)), default=0.0)
    if not expr.free_symbols and not expr.is_Rational:  # pi**2, sin(1), sqrt(-1)
        value = expr.evalf(15)
        digits = max(digits, _digits(value))
        if expr.has(sp.I) or value.as_real_imag()[1]:
            expr = value
    if digits > MAX_DIGITS:
        raise FormulaError(_too_large(piece, digits))
    return expr


def _digits(number: sp.Expr) -> float:
    """About how many digits a constant needs: log10 of the larger of |number| and 1/|number|,
    or for an exact fraction p/q, of the larger of |p| and q. 9**999 needs 953.3; 1/3, 0.48."""
    if number.is_Rational:
        return math.log10(max(abs(number.p), number.q))
    size = _size(number)
    return abs(float(mpmath.log10(size))) if size else 0.0


def _magnitude(fraction: sp.Rational) -> float:
    """|log10| of a fraction p/q's size: 0 for 1.0001**100 (about 1.01), 953.3 for 9**999."""
    if fraction == 0:
        return 0.0
    return abs(math.log10(abs(fraction.p)) - math.log10(fraction.q))


def _size(number: sp.Expr) -> mpmath.mpf:
    """|number| to 15 significant digits (mpmath's floats have no overflow: e**1000 is fine)."""
    return abs(mpmath.mpc(*number.evalf(15).as_real_imag()))


def _too_large(piece: str, digits: float) -> str:
    return (f"{piece} gives a number of about {math.floor(digits) + 1:,} digits: too large to "
            f"work with; keep numbers between 10^-{MAX_DIGITS} and 10^{MAX_DIGITS}")
