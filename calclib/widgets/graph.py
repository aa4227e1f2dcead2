"""The explorer of chapters 3 and 4: the computational graph of a formula the learner types, its
forward pass and then its backward pass one step at a time, its gradient three ways, and what
forward and reverse mode cost on it.

Taught in notebooks/03_chain_rule.ipynb (the forward pass) and
notebooks/04_backpropagation.ipynb (the backward pass), each with its own preset formula.
"""

import functools
import math
import re

import ipywidgets as ipw

from calclib import engine, expression_graph, plots, symbolic
from calclib.plots.base import _number
from calclib.widgets.explorer import Explorer, _kept

NEW_VALUE = "1"  # the value a variable gets when a new formula brings it


def graph_explorer(formula: str = "sin(x*y) + x**2", values: str = "x = 1.5, y = -0.5",
                   step: int = 0) -> Explorer:
    """Type f and its variables' values; step through f's forward pass, then its backward pass.

    formula: read by symbolic.parse (e.g. "sigmoid(w1*x1 + w2*x2 + b)"); values: "name = number"
    pairs, e.g. "x = 1.5, y = -0.5" (a number may be a constant formula: "pi/4"). step: where
    the step slider starts, 0 to 2F + 1 for F operations: 0 to F is the forward pass (step k:
    k operations computed), F + 1 the backward pass's seed (the output's grad is 1), and
    F + 1 + k its k-th node passing its grad back. A new formula opens at the end of the pass
    the slider was in, and a variable it brings gets the value 1.

    Beside the graph: the gradient by SymPy, by central differences and by the engine (as each
    input's grad becomes final), and the cost of the whole gradient in node evaluations
    (expression_graph.costs). Raises ValueError for a formula or values that cannot be drawn.
    """
    start = _drawing(formula, values)  # a clear error for a bad preset
    if not 0 <= step <= start.last:
        raise ValueError(f"step must be 0 to {start.last} for this formula "
                         f"({start.passes.of} operations), got {step}")
    controls = {
        "formula": ipw.Text(value=formula, description="f =", continuous_update=False,
                            placeholder="e.g. sigmoid(w1*x1 + w2*x2 + b)",
                            layout=ipw.Layout(width="360px")),
        "values": ipw.Text(value=values, description="at", continuous_update=False,
                           placeholder="e.g. x = 1.5, y = -0.5", layout=ipw.Layout(width="360px")),
        "step": ipw.IntSlider(value=step, min=0, max=start.last, description="step"),
    }
    return Explorer(lambda formula, values, step: _drawing(formula, values).at(step), controls,
                    on_choice=_fit_to_formula)


def _fit_to_formula(explorer):
    """After a new formula or values: give each variable a value (keeping the ones typed, 1
    for a new one) and fit the step slider to the graph, at the end of the pass it was in."""
    controls = explorer.controls
    formula = _formula(controls["formula"].value)
    typed = _pairs(controls["values"].value)
    controls["values"].value = ", ".join(f"{name} = {typed.get(name, NEW_VALUE)}"
                                         for name in formula.names)
    drawing = _drawing(controls["formula"].value, controls["values"].value)
    slider = controls["step"]
    was_backward = slider.value > (slider.max - 1) // 2
    slider.max = drawing.last
    slider.value = drawing.last if was_backward else drawing.passes.of


@functools.lru_cache(maxsize=16)
def _formula(text: str) -> expression_graph.Formula:
    """The formula read once, with its exact partial derivatives; refused without variables."""
    formula = expression_graph.Formula(text)
    if not formula.names:
        raise ValueError(f"{text.strip()} has no variables (it is the number "
                         f"{_number(float(formula.expr), '.6g')}): type a formula of one or more,"
                         " e.g. sin(x*y) + x**2")
    return formula


class _Drawing:
    """A formula's graph at given values: its passes, its gradient three ways, its costs, and
    the kept figure that shows any step of them."""

    def __init__(self, formula: str, values: str):
        self.formula = _formula(formula)
        self.values = _values(values, self.formula.names)
        self.root, self.inputs = self.formula.graph(self.values)
        self.passes = expression_graph.passes(self.root)  # leaves the engine's grads in place
        self.last = len(self.passes) - 1
        self.gradients = self.formula.gradients(self.values, self.inputs)
        self.costs = expression_graph.costs(self.root, self.inputs)
        order = engine.topological_order(self.root)
        self.uses = {node: sum(node in n.inputs for n in order) for node in self.inputs.values()}
        self.figure = plots.Graph(self.root, self.passes.states[-1], self.inputs,
                                  notes=self._table(),
                                  column=self._engine_column(self.passes.states[-1]))

    def at(self, step: int) -> plots.Graph:
        state = self.passes[step]
        return self.figure.update(state, column=self._engine_column(state))

    def _table(self) -> list:
        """The gradient by SymPy and by central differences, and the costs: the same at every
        step (the engine's column is added at each step)."""
        width = max(len(name) for name in self.inputs) + 5
        lines = [f"{'∂f/∂':<{width}}{'SymPy (exact)':>15}{'central difference':>20}"]
        for name, ways in self.gradients.items():
            mark = " *" if ways["kink"] else ""
            lines.append(f"{name:<{width}}{_way(ways['sympy']):>15}"
                         f"{_way(ways['central']) + mark:>20}")
        cost = self.costs
        lines += [
            "the whole gradient's cost in node evaluations "
            f"({_count(cost['operations'], 'operation')}, {_count(cost['inputs'], 'input')}):",
            f"forward mode (a dual pass per input) {cost['inputs']} × {cost['operations']} = "
            f"{cost['forward mode']}; reverse mode (forward + backward) {cost['operations']} + "
            f"{cost['operations']} = {cost['reverse mode']}"]
        if any(g["kink"] for g in self.gradients.values()):
            lines += ["* a kink here (relu or abs at 0): a central difference gives the mean of",
                      "  the slopes on either side; SymPy and the engine take the slope 0 there"]
        return lines

    def _engine_column(self, state) -> list:
        """The engine's gradient, for each input whose grad is final at this step."""
        lines = [f"{'engine (backward)':>19}"]
        for node in self.inputs.values():
            final = state.phase == "backward" and len(state.grads.get(node, ())) == max(
                self.uses[node], node is self.root)  # every use has passed back its +=
            lines.append(f"{_number(state.grad(node), '.10g') if final else '…':>19}")
        return lines


_drawing = _kept(_Drawing, maxsize=8)  # (formula, values) -> its drawing: the last 8 kept


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _way(value: float) -> str:
    return "undefined" if math.isnan(value) else _number(value, ".10g")


def _pairs(text: str) -> dict:
    """'x = 1.5, y = -0.5' -> {'x': '1.5', 'y': '-0.5'}; a piece without '=' is left out."""
    pairs = {}
    for piece in re.split(r"[,;]", text):
        name, equals, value = piece.partition("=")
        if equals and name.strip() and value.strip():
            pairs[name.strip()] = value.strip()
    return pairs


def _values(text: str, names: list) -> dict:
    """The typed values of names, as floats; ValueError (one line) for one that is missing or
    is not a real number."""
    if not isinstance(text, str):
        raise TypeError(f"values must be text like 'x = 1.5, y = -0.5', got {text!r}")
    typed = _pairs(text)
    missing = [name for name in names if name not in typed]
    if missing:
        raise ValueError(f"give a value for {', '.join(missing)}, as name = number, e.g. "
                         f"{missing[0]} = 1 (the formula's variables: {', '.join(names)})")
    values = {}
    for name in names:
        try:
            number = symbolic.parse(typed[name], variables=())
        except ValueError as err:
            raise ValueError(f"the value of {name}: {err}") from None
        value = complex(number.evalf()) if number.is_number else math.nan
        if value.imag != 0 or not math.isfinite(value.real):
            raise ValueError(f"the value of {name}, {typed[name]}, is not a real number: type "
                             "a number, e.g. 0.5 or pi/4")
        values[name] = value.real
    return values
