"""Symbolic derivatives with SymPy, and safe reading of a formula a learner types.

Taught in notebooks/01_derivative.ipynb (derivative, parse) and
notebooks/02_partial_derivatives_and_gradient.ipynb (gradient, hessian).

A typed formula such as ``"x**2 + 3*x + 2"`` or ``"x^2 * sin(x)"`` is read by walking its Python
syntax tree and building the SymPy expression node by node from a short list of allowed
operations, names and functions. Nothing typed is ever passed to ``eval`` (SymPy's own
``sympify`` and ``parse_expr`` do call it), so ``__import__('os')`` is only an error message.
"""

import ast
import keyword
import re

import numpy as np
import sympy as sp

MAX_LENGTH = 300  # characters in a typed formula
MAX_EXPONENT = 1000  # |n| in a constant power x**n, so "9**9**9" cannot hang SymPy

FUNCTIONS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
    "exp": sp.exp, "log": sp.log, "ln": sp.log, "sqrt": sp.sqrt, "abs": sp.Abs,
    "sigmoid": lambda u: 1 / (1 + sp.exp(-u)),  # sigma(u) = 1 / (1 + e^-u)
    "relu": lambda u: sp.Max(u, 0),  # relu(u) = max(u, 0)
}
CONSTANTS = {"pi": sp.pi, "e": sp.E}
_OPERATORS = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}
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
        a function or constant. Variables are real symbols.

    Raises
    ------
    FormulaError (a ValueError) with a one-line message saying what is wrong.
    """
    if not isinstance(text, str):
        raise TypeError(f"a formula must be a string like 'x**2 + 1', got {text!r}")
    if not text.strip():
        raise FormulaError(f"the formula is empty: type one, e.g. x**2 + 1 ({_HELP})")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula is {len(text)} characters long; "
                           f"keep it under {MAX_LENGTH}")
    try:  # ^ means power, as on paper; as ** it also gets the right precedence (-x^2 = -(x^2))
        tree = ast.parse(text.strip().replace("^", "**"), mode="eval")
    except SyntaxError:
        raise FormulaError(_syntax_hint(text)) from None
    allowed = None if variables is None else tuple(variables)
    expr = _Builder(allowed).build(tree.body)
    if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
        raise FormulaError(f"{text!r} is undefined or infinite (a division by zero?)")
    return expr


def derivative(expr, var=None) -> sp.Expr:
    """The derivative of expr with respect to var, by SymPy's rules.

    ``expr`` is a SymPy expression or a formula string (read safely by ``parse``); ``var`` a
    name or Symbol, needed only when expr has several variables.
    ``derivative("x**2 + 3*x + 2")`` gives ``2*x + 3``.
    """
    expr = as_expression(expr)
    return sp.diff(expr, _variable(expr, var))


def gradient(expr, variables) -> sp.Matrix:
    """The gradient of expr: the column of its partial derivatives, one per variable.

    ``gradient("x**2*y", ["x", "y"])`` gives Matrix([2*x*y, x**2]). Variables may also be
    given as one string, "x y".
    """
    expr, symbols = _expression_and_variables(expr, variables)
    return sp.Matrix([sp.diff(expr, s) for s in symbols])


def hessian(expr, variables) -> sp.Matrix:
    """The Hessian of expr: the matrix of second partial derivatives d^2 f / dx_i dx_j."""
    expr, symbols = _expression_and_variables(expr, variables)
    return sp.hessian(expr, symbols)


def lambdify(expr, var=None):
    """A NumPy function from an expression: f(x) works on floats and arrays.

    With several variables, ``var=["x", "y"]`` gives f(x, y). Points where the expression is
    undefined (log of a negative number, ...) give nan.
    """
    expr = as_expression(expr)
    names = list(var) if isinstance(var, (list, tuple)) else [var]
    symbols = [_variable(expr, name) for name in names]
    numeric = sp.lambdify(symbols, expr, modules="numpy")

    def f(*args):
        if len(args) != len(symbols):
            raise TypeError(f"this function takes {len(symbols)} argument(s), "
                            f"({', '.join(map(str, symbols))}), got {len(args)}")
        args = [np.asarray(a, dtype=float) for a in args]
        with np.errstate(all="ignore"):
            y = np.asarray(numeric(*args))
        y = np.real_if_close(y).astype(float) if np.iscomplexobj(y) else y.astype(float)
        shape = np.broadcast_shapes(*(a.shape for a in args))
        y = np.broadcast_to(y, shape).copy()  # a constant expression gives one number
        return float(y) if y.ndim == 0 else y

    f.__doc__ = f"f({', '.join(map(str, symbols))}) = {expr}"
    return f


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
    if isinstance(var, sp.Symbol):
        return var
    if isinstance(var, str) and var.isidentifier():
        return next((s for s in free if s.name == var), sp.Symbol(var, real=True))
    raise TypeError(f"var must be a variable name like 'x' or a SymPy Symbol, got {var!r}")


def _syntax_hint(text: str) -> str:
    if re.search(r"\d\s*[A-Za-z(]|\)\s*[\w(]", text):
        return f"could not read {text!r}: write multiplication with *, e.g. 2*x, not 2x"
    if text.count("(") != text.count(")"):
        return f"could not read {text!r}: the brackets ( ) do not match"
    return f"could not read {text!r}: {_HELP}"


class _Builder:
    """Builds a SymPy expression from an allowed Python syntax tree, refusing everything else."""

    def __init__(self, variables):
        self.variables = variables

    def build(self, node) -> sp.Expr:
        if isinstance(node, ast.Constant):
            return self._number(node.value)
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            operand = self.build(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            left, right = self.build(node.left), self.build(node.right)
            if isinstance(node.op, ast.Pow):
                _check_power(right)
            return _OPERATORS[type(node.op)](left, right)
        if isinstance(node, ast.Call):
            return self._call(node)
        piece = ast.unparse(node)
        raise FormulaError(f"{piece!r} is not allowed in a formula: {_HELP}")

    def _number(self, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FormulaError(f"{value!r} is not a number: {_HELP}")
        if not np.isfinite(value):
            raise FormulaError(f"the number {value!r} is too large to work with")
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
            raise FormulaError(f"unknown name {name!r}: the variables here are {known}; "
                               f"constants pi, e; functions {', '.join(FUNCTIONS)}")
        return sp.Symbol(name, real=True)

    def _call(self, node):
        if not isinstance(node.func, ast.Name):
            raise FormulaError(f"{ast.unparse(node.func)!r} is not allowed: "
                               f"only functions such as {', '.join(FUNCTIONS)} can be called")
        name = node.func.id
        if name not in FUNCTIONS:
            raise FormulaError(f"unknown function {name!r}: use one of {', '.join(FUNCTIONS)}")
        if node.keywords or len(node.args) != 1:
            raise FormulaError(f"{name} takes exactly one argument, e.g. {name}(x)")
        return FUNCTIONS[name](self.build(node.args[0]))


def _check_power(exponent):
    if exponent.is_number and abs(complex(exponent)) > MAX_EXPONENT:
        raise FormulaError(f"the exponent {exponent} is too large; "
                           f"keep powers under {MAX_EXPONENT}")
