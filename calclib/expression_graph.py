"""A typed formula as a computational graph of engine Values: its forward and backward passes
step by step, its gradient three ways, and what differentiating it costs.

Taught in notebooks/03_chain_rule.ipynb (the forward pass) and notebooks/04_backpropagation.ipynb
(the backward pass), through ``widgets.graph_explorer``.

``build("sin(x*y) + x**2", {"x": 1.5, "y": -0.5})`` reads the formula safely
(``symbolic.parse``) and turns SymPy's tree into engine Values: one node per variable, however
often it is used (a variable used twice is one node with two outgoing edges), one per distinct
subexpression, and n-ary sums and products as single nodes, as SymPy writes them. Each node
holds its value and, for each input, its local derivative, so ``root.backward()`` gives the
gradient. The operations are named v1, v2, ... in the order the forward pass computes them
(the evaluation trace of Griewank and Walther, *Evaluating Derivatives*, 2008) and the output f.

``passes(root)`` lists what the graph holds after each step of the forward pass and then of the
backward pass (``engine.backward_steps``); ``Formula(text).gradients(values, inputs)`` gives
the gradient by SymPy, by central differences and by the engine, side by side.
"""

import dataclasses
import math
import re

import sympy as sp

from calclib import engine, numdiff, symbolic

MAX_NODES = 25  # a graph larger than this is refused: it would not fit on a page, readably

# SymPy's functions of one argument -> engine's
_FUNCTIONS = {
    sp.sin: engine.sin, sp.cos: engine.cos, sp.tan: engine.tan, sp.asin: engine.asin,
    sp.acos: engine.acos, sp.atan: engine.atan, sp.sinh: engine.sinh, sp.cosh: engine.cosh,
    sp.tanh: engine.tanh, sp.exp: engine.exp, sp.log: engine.log, sp.Abs: engine.absolute,
    symbolic.relu: engine.relu,
}


def build(formula, values: dict, output: str = "f") -> tuple[engine.Value, dict]:
    """The computational graph of formula at the given values of its variables.

    formula: text (read by symbolic.parse, whose one-line FormulaError it raises) or a SymPy
    expression. values: {variable name: number} for every variable in it. The operations are
    labelled v1, v2, ... in topological order (u1, u2, ... if a variable is called v1), the
    root `output` (f_out if a variable is called f; unless the root is a variable).
    Returns (root, inputs): the output Value and {name: input Value}, in natural order (a2
    before a10).
    Raises ValueError for a variable without a value, a function the engine lacks, a value
    outside a function's domain, or more than MAX_NODES nodes.
    """
    expr = symbolic.parse(formula) if isinstance(formula, str) else sp.sympify(formula)
    names = sorted((s.name for s in expr.free_symbols), key=natural)
    missing = [name for name in names if name not in values]
    if missing:
        raise ValueError(f"give a value for {', '.join(missing)}: the formula uses "
                         f"{', '.join(names) or 'no variables'}")
    inputs = {name: engine.Value(float(values[name]), label=name) for name in names}
    made = {}  # SymPy subexpression -> its node: one node for each distinct one
    root = _node(expr, inputs, made)
    size = len(engine.topological_order(root))
    if size > MAX_NODES:
        raise ValueError(f"this formula makes a graph of {size} nodes; at most {MAX_NODES} can "
                         "be drawn readably: try a shorter formula")
    operations = [node for node in engine.topological_order(root) if node.inputs]
    # v1, v2, ...: or u1, u2, ... if the formula has a variable called v1 (and so on)
    prefix = next(p for p in "vuwtabc" if not any(re.fullmatch(p + r"\d+", n) for n in names))
    for number, node in enumerate(operations, start=1):
        node.label = f"{prefix}{number}"
    if root.inputs:
        root.label = output if output not in names else f"{output}_out"
    return root, inputs


def natural(name: str) -> list:
    """A sort key that puts a2 before a10 (and x before y, as sorted would)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def costs(root: engine.Value, inputs: dict) -> dict:
    """The work of the gradient of root with respect to every input, counted in node
    evaluations on this graph (inputs and constants cost nothing; each operation costs one):

    forward mode: one dual-number pass per input, each evaluating every operation once;
    reverse mode: one forward pass, then one backward pass visiting every operation once.
    Also "edges": the multiply-adds of the backward pass, input.grad += local * grad, one per
    edge (chapter 4 counts the backward pass in these).
    """
    if not isinstance(root, engine.Value) or not isinstance(inputs, dict):
        raise TypeError("costs(root, inputs) takes the (root, inputs) that build() returns, got "
                        f"{type(root).__name__} and {type(inputs).__name__}")
    order = engine.topological_order(root)
    operations = sum(1 for node in order if node.inputs)
    return {"operations": operations, "inputs": len(inputs), "edges": sum(
        len(node.inputs) for node in order), "forward mode": len(inputs) * operations,
            "reverse mode": 2 * operations}


def _node(expr, inputs: dict, made: dict) -> engine.Value:
    """The Value for a SymPy expression, built once per distinct subexpression."""
    if expr in made:
        return made[expr]
    if expr.is_Symbol:
        node = inputs[expr.name]
    elif expr.is_Number or expr.is_NumberSymbol:
        node = engine.Value(float(expr), label=_constant(expr))
    elif (sigmoid := _sigmoid_of(expr)) is not None:  # one sigmoid node, as in the engine
        u, power = sigmoid
        node = engine.sigmoid(_node(u, inputs, made))
        node = node if power == 1 else node ** float(power)
    else:
        args = [_node(arg, inputs, made) for arg in expr.args]
        try:
            node = _operation(expr, args)
        except (ArithmeticError, ValueError) as err:  # say which part, in the formula's terms
            raise ValueError(f"{_written(expr)} cannot be computed here: "
                             f"{_reason(err, expr, args)}") from None
    made[expr] = node
    return node


def _sigmoid_of(expr):
    """(u, k) if expr is SymPy's sigmoid(u)**k: symbolic.parse writes sigmoid(u) as
    1/(1 + exp(-u)), so its k-th power as (1 + exp(-u))**-k; else None."""
    if not (expr.is_Pow and expr.args[1].is_Integer and expr.args[1] < 0
            and expr.args[0].is_Add):
        return None
    terms = expr.args[0].args
    if len(terms) != 2 or sp.S.One not in terms:
        return None
    other = terms[1] if terms[0] == sp.S.One else terms[0]
    if isinstance(other, sp.exp):
        return -other.args[0], int(-expr.args[1])
    return None


def _operation(expr, args: list) -> engine.Value:
    """One operation of SymPy's tree on its arguments' nodes."""
    if expr.is_Add:
        return engine.total(args)
    if expr.is_Mul:
        if len(args) == 2 and expr.args[0] == -1:
            return -args[1]  # -u: a negation, not a product with -1
        return engine.product(args)
    if expr.is_Pow:
        exponent = expr.args[1]
        if exponent == sp.S.Half:
            return engine.sqrt(args[0])
        if not exponent.is_Number:
            return args[0] ** args[1]
        node = args[0] ** float(exponent)
        if exponent.is_Rational and not exponent.is_Integer:  # x^(1/3), not x^0.333333
            node.op = f"**({exponent})"
        return node
    if expr.func in _FUNCTIONS:
        return _FUNCTIONS[expr.func](args[0])
    raise ValueError(f"{expr.func.__name__} is not in calclib.engine: a graph can use "
                     "+ - * / ** and " + ", ".join(f.__name__ for f in _FUNCTIONS))


def _written(expr) -> str:
    """A part of the formula as the learner writes it: 1/y, x**2, sqrt(x - 5)."""
    return str(expr).replace("**", "^")


def _reason(err: Exception, expr, args) -> str:
    """Why an operation failed, in words: a division by 0, an overflow, a domain."""
    if isinstance(err, ZeroDivisionError) or "1/0" in str(err):
        return "it divides by 0"
    if isinstance(err, OverflowError) and "derivative" in str(err):
        return "its local derivative is beyond the largest float (about 1.8e308)"
    if isinstance(err, OverflowError):
        return "it is beyond the largest float (about 1.8e308)"
    if expr.is_Pow and "not a real number" in str(err):
        return (f"{_written(expr.args[0])} = {args[0].data:.6g} is negative, and a power of a "
                "negative number with this exponent is not a real number")
    if expr.func in _FUNCTIONS or (expr.is_Pow and expr.args[1] == sp.S.Half):
        name = "sqrt" if expr.is_Pow else expr.func.__name__.lower()
        return f"{_written(expr.args[0])} = {args[0].data:.6g} is outside the domain of {name}"
    return str(err).replace("engine.", "")


def _constant(number) -> str:
    """A constant's label: 3, 0.5, pi, e."""
    if number in (sp.pi, sp.E):
        return str(number).replace("E", "e")
    return f"{float(number):g}"


@dataclasses.dataclass(frozen=True)
class State:
    """What a graph holds after one step of its forward or backward pass.

    phase: "forward" or "backward"; step: 0 to `of`, the number of operations (forward step k:
    the first k operations have their values; backward step 0: the output's grad is seeded with
    1, step k: the k-th operation in reverse topological order has passed its grad back).
    computed: the nodes whose value is known (inputs and constants always).
    current: the operation computed, or passing its grad back, at this step (None at step 0).
    grads: {node: the contributions its grad has received so far, in order} (backward only);
    its grad so far is their sum, added up in that order, exactly as the engine's +=.
    passed: ((input, contribution), ...): the += this step did (backward only).
    """

    phase: str
    step: int
    of: int
    computed: frozenset
    current: engine.Value | None = None
    grads: dict = dataclasses.field(default_factory=dict)
    passed: tuple = ()

    def grad(self, node) -> float | None:
        """node's grad so far, or None if nothing has reached it yet."""
        received = self.grads.get(node)
        return None if received is None else sum(received, 0.0)


@dataclasses.dataclass
class Passes:
    """Every state of a graph's forward pass, then its backward pass: states[0] has only the
    inputs' values, states[of] every value, states[of + 1] the seed, states[2 of + 1] every
    gradient. If the backward pass stopped (an infinite local derivative carrying a gradient,
    like sqrt at 0), the states end there and error says why."""

    states: list
    of: int
    error: str | None = None

    def __len__(self):
        return 2 * self.of + 2

    def __getitem__(self, position: int) -> State:
        if not 0 <= position < len(self):
            raise ValueError(f"step {position} is not a step of this graph's passes: "
                             f"0 to {len(self) - 1}")
        if position >= len(self.states):
            raise ValueError(self.error)
        return self.states[position]


def passes(root: engine.Value) -> Passes:
    """Step through root's forward pass (one operation at a time, in topological order), then
    its backward pass (engine.backward_steps): one State per step. Leaves root's graph with its
    gradients, as root.backward() does (zeroed first)."""
    if not isinstance(root, engine.Value):
        raise TypeError(f"passes(root) takes the engine.Value that build() returns, got "
                        f"{type(root).__name__}")
    order = engine.topological_order(root)
    operations = [node for node in order if node.inputs]
    known = frozenset(node for node in order if not node.inputs)
    of = len(operations)
    states = [State("forward", 0, of, known)]
    for k, node in enumerate(operations, start=1):
        states.append(State("forward", k, of, known | frozenset(operations[:k]), node))
    everything = frozenset(order)
    root.zero_grad()
    received = {root: (1.0,)}
    states.append(State("backward", 0, of, everything, grads=dict(received)))
    try:
        for k, (node, passed) in enumerate(engine.backward_steps(root), start=1):
            for parent, contribution in passed:
                received[parent] = (*received.get(parent, ()), contribution)
            states.append(State("backward", k, of, everything, node, dict(received), passed))
    except ValueError as err:
        return Passes(states, of, str(err))
    return Passes(states, of)


class Formula:
    """A typed formula, read once, to be drawn as a graph at any values of its variables.

    Formula("sin(x*y) + x**2"): .expr (SymPy), .names (its variables, in natural order). Raises
    symbolic.FormulaError (a ValueError, one line) for a formula that cannot be read, TypeError
    for one that is neither text nor a SymPy expression.
    """

    def __init__(self, text):
        if not isinstance(text, (str, sp.Expr)):
            raise TypeError(f"Formula takes a formula as text, like 'sin(x*y) + x**2', or a "
                            f"SymPy expression, got {type(text).__name__}")
        self.text = text
        self.expr = symbolic.parse(text) if isinstance(text, str) else text
        self.names = sorted((s.name for s in self.expr.free_symbols), key=natural)
        self._f = symbolic.lambdify(self.expr, self.names) if self.names else None
        self._partials = [symbolic.lambdify(symbolic.derivative(self.expr, name), self.names)
                          for name in self.names]
        self._tidy = {}

    def _tidied(self, i: int):
        """The i-th partial derivative with its powers combined and fractions cancelled
        (y·x^y/x becomes y·x^(y-1)), for points where SymPy's own form is 0/0."""
        if i not in self._tidy:
            partial = symbolic.derivative(self.expr, self.names[i])
            self._tidy[i] = symbolic.lambdify(sp.powsimp(sp.cancel(partial)), self.names)
        return self._tidy[i]

    def graph(self, values: dict) -> tuple[engine.Value, dict]:
        """build(self.expr, values): (root, inputs)."""
        return build(self.expr, values)

    def gradients(self, values: dict, inputs: dict | None = None) -> dict:
        """The gradient at values three ways: {name: {"sympy": exact (SymPy's derivative),
        "central": a central difference with numdiff's default step, "engine": inputs[name].grad
        (after a backward pass; None without inputs), "kink": True where f has a kink (relu or
        abs of exactly 0) and the one-sided differences along name disagree (the central
        difference is their mean; SymPy and the engine take the slope 0 there), "inaccurate":
        True where, with no kink, the central difference is off SymPy's value by more than
        1e-5 relative (f curves sharply, or is undefined, within its step h of the point)}}.
        A value that is not a finite real number is nan."""
        point = [float(values[name]) for name in self.names]
        at = {sp.Symbol(name, real=True): value for name, value in zip(self.names, point,
                                                                         strict=True)}
        kinked = any(part.args[0].subs(at).is_zero
                     for part in self.expr.atoms(sp.Abs, symbolic.relu))
        result = {}
        for i, name in enumerate(self.names):
            def along(t, i=i):
                return self._f(*point[:i], t, *point[i + 1:])

            estimates = {}
            for method in ("central", "forward", "backward"):
                try:
                    estimates[method] = numdiff.derivative(along, point[i], method=method)
                except ValueError:  # f is not finite beside the point (sqrt at 0)
                    estimates[method] = math.nan
            exact = float(self._partials[i](*point))
            if not math.isfinite(exact):  # 0/0 in SymPy's form (y·x^y/x at x = 0): tidied
                exact = float(self._tidied(i)(*point))
            exact = exact if math.isfinite(exact) else math.nan
            gap = abs(estimates["forward"] - estimates["backward"])
            kink = kinked and bool(gap > 1e-4 * max(1.0, abs(estimates["central"])))
            off = abs(estimates["central"] - exact) > 1e-5 * max(1.0, abs(exact))
            result[name] = {
                "sympy": exact, "central": estimates["central"],
                "engine": None if inputs is None else inputs[name].grad, "kink": kink,
                "inaccurate": not kink and math.isfinite(exact) and (
                    off or not math.isfinite(estimates["central"])),
            }
        return result
