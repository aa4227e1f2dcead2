"""Value: a number that remembers how it was computed, for reverse-mode differentiation.

Taught in notebooks/03_chain_rule.ipynb (computational graphs, the forward pass) and
notebooks/04_backpropagation.ipynb (the backward pass).

Every operation on Values makes a new node that records its inputs and, for each input, the
local derivative d(output)/d(input): a plain number, worked out in the forward pass. That makes
the chain rule visible (a graph can be drawn with each edge labelled by its local derivative)
and makes backward() one loop over the nodes in reverse topological order:

    input.grad += local * node.grad

The topological order is found iteratively, never by recursion, so a graph a million nodes deep
works. Sums, products and dot products of many terms are single n-ary nodes (total, product, dot).
"""

import math
import numbers

from calclib import functions
from calclib.functions import checked, interval, power


class Value:
    """A scalar node of a computational graph: .data (forward value), .grad (after backward)."""

    __slots__ = ("data", "grad", "inputs", "label", "local", "op")

    def __init__(self, data, label: str = "", inputs=(), local=(), op: str = ""):
        self.data = _real(data, op)
        self.grad = 0.0
        self.inputs = inputs  # the Values this one was computed from
        self.local = local  # d(self)/d(input) for each input, in the same order
        self.op = op  # how it was computed: "+", "*", "tanh", ... ("" for an input)
        self.label = label

    def __repr__(self):
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    # arithmetic: each line builds the output and its local derivatives
    def __add__(self, other):
        other = _lift(other)
        return Value(self.data + other.data, inputs=(self, other), local=(1.0, 1.0), op="+")

    def __mul__(self, other):
        other = _lift(other)  # d(ab)/da = b, d(ab)/db = a
        return Value(self.data * other.data, inputs=(self, other),
                     local=(other.data, self.data), op="*")

    def __sub__(self, other):
        other = _lift(other)
        return Value(self.data - other.data, inputs=(self, other), local=(1.0, -1.0), op="-")

    def __truediv__(self, other):
        other = _lift(other)
        if other.data == 0:
            raise ZeroDivisionError(f"division by a Value whose data is 0 ({other!r})")
        quotient = checked(lambda: self.data / other.data, f"Value {self.data!r} / {other.data!r}")
        # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2, taken as -(a/b)/b: b^2 alone may under/overflow
        where = f"the derivative of Value {self.data!r} / {other.data!r}"
        return Value(quotient, inputs=(self, other),
                     local=(checked(lambda: 1 / other.data, f"{where} (1/b)"),
                            checked(lambda: -quotient / other.data, f"{where} (-a/b^2)")),
                     op="/")

    def __pow__(self, other):
        # d(a^b)/da = b a^(b-1), d(a^b)/db = a^b log a (nan for a < 0, as PyTorch)
        if isinstance(other, Value):
            out, d_base, d_exponent = power(self.data, other.data, "Value ** Value")
            return Value(out, inputs=(self, other), local=(d_base, d_exponent), op="**")
        n = _real(other, "**")
        out, d_base, _ = power(self.data, n, "Value ** number")
        return Value(out, inputs=(self,), local=(d_base,), op=f"**{n:g}")

    def __neg__(self):
        return Value(-self.data, inputs=(self,), local=(-1.0,), op="neg")

    def __radd__(self, other):
        return _lift(other) + self

    def __rmul__(self, other):
        return _lift(other) * self

    def __rsub__(self, other):
        return _lift(other) - self

    def __rtruediv__(self, other):
        return _lift(other) / self

    def __rpow__(self, base):
        return _lift(base) ** self  # a^x: d/dx = a^x log a

    # the methods micrograd and PyTorch users type: x.exp(), x.log(), x.tanh(), ...
    def exp(self):
        return exp(self)

    def log(self):
        return log(self)

    def tanh(self):
        return tanh(self)

    def sigmoid(self):
        return sigmoid(self)

    def relu(self):
        return relu(self)

    def backward(self):
        """Fill .grad of every node this one depends on with d(self)/d(node).

        Gradients accumulate (+=): a node used twice gets the sum over both uses. Call
        zero_grad() before a second backward on the same graph. A local derivative that is
        infinite (x**0.5 at 0: forward 0, as PyTorch) raises ValueError here, only when a
        nonzero gradient flows through it; one that overflows raises OverflowError at once.
        backward_steps(self) does the same one node at a time.
        """
        for _ in backward_steps(self):
            pass

    def zero_grad(self):
        """Set .grad to 0 on this node and every node it depends on."""
        for node in topological_order(self):
            node.grad = 0.0


# functions of one Value: each gives the output and its local derivative
def exp(x):
    """e^x; d/dx = e^x"""
    x = _lift(x)
    out = checked(lambda: math.exp(x.data), f"engine.exp({x.data!r})")
    return Value(out, inputs=(x,), local=(out,), op="exp")


def log(x):
    """ln x for x > 0; d/dx = 1/x"""
    x = _lift(x)
    if x.data <= 0:
        raise ValueError(f"log is defined only for positive numbers, got {x.data!r}")
    slope = checked(lambda: 1 / x.data, f"the derivative 1/x of engine.log at x={x.data!r}")
    return Value(math.log(x.data), inputs=(x,), local=(slope,), op="log")


def tanh(x):
    """tanh x; d/dx = 1 - tanh(x)^2"""
    x = _lift(x)
    t = math.tanh(x.data)
    return Value(t, inputs=(x,), local=(1 - t * t,), op="tanh")


def sigmoid(x):
    """1 / (1 + e^-x); d/dx = s (1 - s), taken as sigmoid(x) sigmoid(-x) (precise in both tails)"""
    x = _lift(x)
    return Value(float(functions.sigmoid(x.data)), inputs=(x,),
                 local=(float(functions.sigmoid_derivative(x.data)),), op="sigmoid")


def relu(x):
    """max(x, 0); d/dx = 1 for x > 0, else 0 (0 at the kink, as PyTorch)"""
    x = _lift(x)
    return Value(max(x.data, 0.0), inputs=(x,), local=(float(x.data > 0),), op="relu")


def sin(x):
    """sin x; d/dx = cos x"""
    return _unary(x, math.sin, math.cos, "sin")


def cos(x):
    """cos x; d/dx = -sin x"""
    return _unary(x, math.cos, lambda a: -math.sin(a), "cos")


def tan(x):
    """tan x; d/dx = 1 + tan(x)^2"""
    return _unary(x, math.tan, lambda a: 1 + math.tan(a) ** 2, "tan")


def sqrt(x):
    """sqrt x for x >= 0; d/dx = 1 / (2 sqrt x), infinite at 0 (an error only in backward)"""
    return _unary(x, math.sqrt, lambda a: 1 / (2 * math.sqrt(a)) if a else math.inf, "sqrt",
                  low=0.0)


def absolute(x):
    """|x|; d/dx = sign x (0 at the kink, as PyTorch)"""
    return _unary(x, abs, lambda a: float(a > 0) - float(a < 0), "abs")


def asin(x):
    """arcsin x for -1 <= x <= 1; d/dx = 1 / sqrt(1 - x^2), infinite at the ends"""
    return _unary(x, math.asin, lambda a: 1 / math.sqrt(1 - a * a) if abs(a) < 1 else math.inf,
                  "asin", low=-1.0, high=1.0)


def acos(x):
    """arccos x for -1 <= x <= 1; d/dx = -1 / sqrt(1 - x^2), infinite at the ends"""
    return _unary(x, math.acos,
                  lambda a: -1 / math.sqrt(1 - a * a) if abs(a) < 1 else -math.inf,
                  "acos", low=-1.0, high=1.0)


def atan(x):
    """arctan x; d/dx = 1 / (1 + x^2)"""
    return _unary(x, math.atan, lambda a: 1 / (1 + a * a), "atan")


def sinh(x):
    """sinh x; d/dx = cosh x"""
    return _unary(x, math.sinh, math.cosh, "sinh")


def cosh(x):
    """cosh x; d/dx = sinh x"""
    return _unary(x, math.cosh, math.sinh, "cosh")


def total(values):
    """The sum of many Values as one node: d/dv_i = 1 for each."""
    values = [_lift(v) for v in values]
    out = checked(lambda: math.fsum(v.data for v in values), "engine.total")
    return Value(out, inputs=tuple(values),
                 local=(1.0,) * len(values), op="sum")


def product(values):
    """The product of many Values as one node: d/dv_i = the product of all the others."""
    values = [_lift(v) for v in values]
    data = [v.data for v in values]
    out = checked(lambda: math.prod(data), "engine.product")
    local = tuple(checked(lambda i=i: math.prod(data[:i] + data[i + 1:]),
                          f"the derivative of engine.product by its input {i}")
                  for i in range(len(data)))
    return Value(out, inputs=tuple(values), local=local, op="prod")


def dot(ws, xs):
    """sum_i w_i x_i as one node: d/dw_i = x_i, d/dx_i = w_i."""
    ws, xs = [_lift(w) for w in ws], [_lift(x) for x in xs]
    if len(ws) != len(xs):
        raise ValueError(f"dot needs two lists of the same length, got {len(ws)} and {len(xs)}")
    return Value(math.fsum(w.data * x.data for w, x in zip(ws, xs, strict=True)),
                 inputs=(*ws, *xs), local=(*(x.data for x in xs), *(w.data for w in ws)),
                 op="dot")


def backward_steps(root: Value):
    """root.backward(), one operation at a time: what a backward pass does, to watch it.

    Sets root.grad = 1 (d(root)/d(root)), then takes the nodes in reverse topological order:
    each node's grad is final when its turn comes (every node it feeds has passed its grad
    back), and it passes it on to each of its inputs,

        input.grad += local * node.grad

    Yields (node, contributions) after each node with inputs: contributions is a tuple of
    (input, local * node.grad), one per input, in order: the += just done.
    Raises TypeError for a root that is not a Value; ValueError where an infinite local
    derivative would carry a nonzero gradient.
    """
    if not isinstance(root, Value):
        raise TypeError(f"backward_steps(root) takes a Value, got {type(root).__name__}")
    order = topological_order(root)
    root.grad = 1.0  # d(root)/d(root)
    for node in reversed(order):
        contributions = []
        for parent, local in zip(node.inputs, node.local, strict=True):
            if math.isinf(local) and node.grad == 0:
                contributions.append((parent, 0.0))
                continue  # an infinite slope that no gradient flows through
            if math.isinf(local):
                raise ValueError(f"the local derivative of {node.op} at {parent.data!r} is "
                                 "infinite, so backward cannot pass a gradient through it")
            parent.grad += local * node.grad  # the chain rule, one edge at a time
            contributions.append((parent, local * node.grad))
        if node.inputs:
            yield node, tuple(contributions)


def topological_order(root: Value) -> list:
    """Every node root depends on, each after all of its inputs (root last).

    Iterative depth-first search with an explicit stack: no recursion limit.
    """
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            # reversed, so that the first input is visited (and drawn) first
            stack.extend((p, False) for p in reversed(node.inputs) if p not in seen)
    return order


def _unary(x, f, df, op: str, low=-math.inf, high=math.inf) -> Value:
    """f(x) as a node whose local derivative is df(x), for x in [low, high]; an overflow of
    either is an OverflowError naming the function, an infinite slope at an end of the domain
    is kept (backward refuses to pass a gradient through it)."""
    x = _lift(x)
    if not low <= x.data <= high:
        raise ValueError(f"engine.{op} is defined for {interval(low, high)}, got {x.data!r}")
    out = checked(lambda: f(x.data), f"engine.{op}({x.data!r})")
    try:
        slope = df(x.data)
    except OverflowError:
        slope = math.inf
    if math.isinf(slope) and x.data not in (low, high):
        raise OverflowError(f"the derivative of engine.{op} at {x.data!r} overflows: it is "
                            "beyond the largest float (1.8e308)")
    return Value(out, inputs=(x,), local=(slope,), op=op)


def _lift(x) -> Value:
    return x if isinstance(x, Value) else Value(x)


def _real(x, op: str = "") -> float:
    """x as a finite float, or an error that says where a non-finite number came from."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"a Value holds a real number, got {x!r} of type {type(x).__name__}")
    value = float(x)
    if not math.isfinite(value):
        if not op:
            raise ValueError(f"a Value must be a finite number, got {value!r}")
        raise ValueError(f"the result of {op!r} is {value!r}, but a Value must be a finite "
                         "number (an overflow or an undefined operation gives inf or nan)")
    return value
