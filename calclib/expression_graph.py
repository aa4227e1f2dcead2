"""A typed formula as a computational graph of engine Values, and what differentiating it costs.

For notebooks/03_chain_rule.ipynb (the forward pass) and notebooks/04_backpropagation.ipynb
(the backward pass), whose formula-graph explorer is still to come: this is its library half.

``build("sin(x*y) + x**2", {"x": 1.5, "y": -0.5})`` reads the formula safely
(``symbolic.parse``) and turns SymPy's tree into engine Values: one node per variable, however
often it is used (a variable used twice is one node with two outgoing edges), one per distinct
subexpression, and n-ary sums and products as single nodes, as SymPy writes them. Each node
holds its value and, for each input, its local derivative, so ``root.backward()`` gives the
gradient, and the graph can be drawn and stepped through.
"""

import sympy as sp

from calclib import engine, symbolic

MAX_NODES = 25  # a graph larger than this is refused: it would not fit on a page, readably

# SymPy's functions of one argument -> engine's
_FUNCTIONS = {
    sp.sin: engine.sin, sp.cos: engine.cos, sp.tan: engine.tan, sp.asin: engine.asin,
    sp.acos: engine.acos, sp.atan: engine.atan, sp.sinh: engine.sinh, sp.cosh: engine.cosh,
    sp.tanh: engine.tanh, sp.exp: engine.exp, sp.log: engine.log, sp.Abs: engine.absolute,
    symbolic.relu: engine.relu,
}


def build(formula, values: dict) -> tuple[engine.Value, dict]:
    """The computational graph of formula at the given values of its variables.

    formula: text (read by symbolic.parse, whose one-line FormulaError it raises) or a SymPy
    expression. values: {variable name: number} for every variable in it.
    Returns (root, inputs): the output Value and {name: input Value}. Raises ValueError for a
    variable without a value, a function the engine lacks, or more than MAX_NODES nodes.
    """
    expr = symbolic.parse(formula) if isinstance(formula, str) else sp.sympify(formula)
    names = sorted(s.name for s in expr.free_symbols)
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
    return root, inputs


def costs(root: engine.Value, inputs: dict) -> dict:
    """The work of the gradient of root with respect to every input, counted in node
    evaluations on this graph (inputs and constants cost nothing; each operation costs one):

    forward mode: one dual-number pass per input, each evaluating every operation once;
    reverse mode: one forward pass, then one backward pass visiting every operation once.
    """
    if not isinstance(root, engine.Value) or not isinstance(inputs, dict):
        raise TypeError("costs(root, inputs) takes the (root, inputs) that build() returns, got "
                        f"{type(root).__name__} and {type(inputs).__name__}")
    operations = sum(1 for node in engine.topological_order(root) if node.inputs)
    return {"operations": operations, "inputs": len(inputs),
            "forward mode": len(inputs) * operations, "reverse mode": 2 * operations}


def _node(expr, inputs: dict, made: dict) -> engine.Value:
    """The Value for a SymPy expression, built once per distinct subexpression."""
    if expr in made:
        return made[expr]
    if expr.is_Symbol:
        node = inputs[expr.name]
    elif expr.is_Number or expr.is_NumberSymbol:
        node = engine.Value(float(expr), label=_constant(expr))
    else:
        node = _operation(expr, [_node(arg, inputs, made) for arg in expr.args])
    made[expr] = node
    return node


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
        return args[0] ** (float(exponent) if exponent.is_Number else args[1])
    if expr.func in _FUNCTIONS:
        return _FUNCTIONS[expr.func](args[0])
    raise ValueError(f"{expr.func.__name__} is not in calclib.engine: a graph can use "
                     "+ - * / ** and " + ", ".join(f.__name__ for f in _FUNCTIONS))


def _constant(number) -> str:
    """A constant's label: 3, 0.5, pi, e."""
    if number in (sp.pi, sp.E):
        return str(number).replace("E", "e")
    return f"{float(number):g}"
