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
    F + 1 + k its k-th node passing its grad back.

    A new formula keeps the values of the variables it still has, gives a new one the value 1,
    and opens at the end of the pass the slider was in. Typed values change only the variables
    named (b = 0 changes b and keeps the others); a piece that is not "name = number", or a name
    that is not a variable of f, is refused with a one-line message.

    Beside the graph: the gradient by SymPy, by central differences and by the engine (as each
    input's grad becomes final), and the cost of the whole gradient in node evaluations
    (expression_graph.costs). Raises ValueError for a formula or values that cannot be drawn.
    """
    start = _drawing(formula, _canonical(_typed(values, _formula(formula).names, {})))
    if not 0 <= step <= start.last:
        raise ValueError(f"step must be 0 to {start.last} for this formula "
                         f"({_count(start.passes.of, 'operation')}), got {step}")
    controls = {
        "formula": ipw.Text(value=formula, description="f =", continuous_update=False,
                            placeholder="e.g. sigmoid(w1*x1 + w2*x2 + b)",
                            layout=ipw.Layout(width="360px")),
        "values": ipw.Text(value=start.values_text, description="at", continuous_update=False,
                           placeholder="e.g. x = 1.5, y = -0.5", layout=ipw.Layout(width="360px")),
        "step": ipw.IntSlider(value=step, min=0, max=start.last, description="step"),
    }
    drawn = {"formula": formula, "values": _typed(values, start.formula.names, {})}

    def refit(explorer):
        """Before a redraw after typing: the values to use, and the slider's range. A refused
        formula or value puts both boxes back as they were last drawn (the message says why),
        so that the slider goes on moving through a picture that matches them."""
        try:
            fit()
        except Exception:
            controls["formula"].value = drawn["formula"]
            controls["values"].value = _canonical(drawn["values"])
            raise

    def fit():
        text = controls["formula"].value
        formula = _formula(text)
        if text != drawn["formula"]:  # a new formula: the values it keeps, 1 for a new one
            values = {name: drawn["values"].get(name, NEW_VALUE) for name in formula.names}
        else:  # new values for some variables: the others keep theirs
            values = _typed(controls["values"].value, formula.names, drawn["values"])
        drawing = _drawing(text, _canonical(values))  # refused here: nothing changes
        controls["values"].value = drawing.values_text
        if text != drawn["formula"]:
            slider = controls["step"]
            was_backward = slider.value > (slider.max - 1) // 2
            slider.max = drawing.last
            slider.value = drawing.last if was_backward else drawing.passes.of
        drawn.update(formula=text, values=values)

    return Explorer(lambda formula, values, step: _drawing(formula, values).at(step), controls,
                    on_choice=refit)


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
        self.values_text = values
        self.values = _numbers(_typed(values, self.formula.names, {}))
        try:
            self.root, self.inputs = self.formula.graph(self.values)
        except ValueError as err:  # a part that cannot be computed: at which values
            if "cannot be computed" not in str(err):
                raise
            raise ValueError(f"at {values}, {err}") from None
        self.passes = expression_graph.passes(self.root)  # leaves the engine's grads in place
        self.last = len(self.passes) - 1
        self.gradients = self.formula.gradients(self.values, self.inputs)
        self.costs = expression_graph.costs(self.root, self.inputs)
        order = engine.topological_order(self.root)
        self.uses = {node: sum(node in n.inputs for n in order) for node in self.inputs.values()}
        self.figure = plots.Graph(self.root, self.passes.states[-1], self.inputs,
                                  notes=self._table(), key=True,
                                  column=self._engine_column(self.passes.states[-1]))

    def at(self, step: int) -> plots.Graph:
        if step < len(self.passes.states):
            state = self.passes[step]
            return self.figure.update(state, column=self._engine_column(state))
        state, failed = self.passes.states[-1], len(self.passes.states)  # it could not go on
        stopped = (f"step {step} of {self.last}, the backward pass stops here: "
                   if step == failed else f"step {step} of {self.last}: the backward pass "
                   f"stopped at step {failed}: ") + self.passes.error
        return self.figure.update(state, column=self._engine_column(state), stopped=stopped)

    def _table(self) -> list:
        """The gradient by SymPy and by central differences, the costs, and what the marks
        mean: the same at every step (the engine's column is added at each step)."""
        width = max(len(name) for name in self.inputs) + 6
        lines = [f"{'':<{width}}{'SymPy (exact)':>15}{'central difference':>20}"]
        for name, ways in self.gradients.items():
            mark = " *" if ways["kink"] else " †" if ways["inaccurate"] else ""
            lines.append(f"{'∂f/∂' + name:<{width}}{_way(ways['sympy']):>15}"
                         f"{_way(ways['central']) + mark:>20}")
        cost = self.costs
        lines += [
            "the whole gradient's cost in node evaluations "
            f"({_count(cost['operations'], 'operation')}, {_count(cost['inputs'], 'input')}):",
            f"forward mode (a dual pass per input) {cost['inputs']} × {cost['operations']} = "
            f"{cost['forward mode']}; reverse mode (forward + backward) {cost['operations']} + "
            f"{cost['operations']} = {cost['reverse mode']}",
            f"(its backward pass does {_count(cost['edges'], 'multiply-add')}, one per edge)"]
        ways = self.gradients.values()
        if any(g["kink"] for g in ways):
            lines += ["* a kink here (relu or abs of exactly 0): a central difference gives the",
                      "  mean of the slopes on either side; SymPy and the engine take",
                      "  relu′(0) = abs′(0) = 0 for that part"]
        if any(g["inaccurate"] for g in ways):
            lines += ["† a central difference is inaccurate here: f curves sharply, or is",
                      "  undefined, within its step h of the point"]
        if self.passes.error is None and any(math.isnan(g["sympy"]) for g in ways):
            lines += ["undefined: SymPy's formula for the derivative has no value at this point",
                      "  (0/0, 0·∞ or an infinite slope), though its limit may exist; the engine",
                      "  passes 0 where no gradient reaches an infinite slope (PyTorch: nan)"]
        return lines

    def _engine_column(self, state) -> list:
        """The engine's gradient, for each input whose grad is final at this step."""
        lines = [f"{'engine (backward)':>19}"]
        for node in self.inputs.values():
            final = state.phase == "backward" and len(state.grads.get(node, ())) == max(
                self.uses[node], node is self.root)  # every use has passed back its +=
            lines.append(f"{_way(state.grad(node)) if final else '…':>19}")
        return lines


_drawing = _kept(_Drawing, maxsize=8)  # (formula, values) -> its drawing: the last 8 kept


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _way(value: float) -> str:
    return "undefined" if math.isnan(value) else _number(value, ".10g")


def _canonical(values: dict) -> str:
    """{'x': '1.5', 'y': '-0.5'} -> 'x = 1.5, y = -0.5', as the values box shows it."""
    return ", ".join(f"{name} = {value}" for name, value in values.items())


def _typed(text: str, names: list, before: dict) -> dict:
    """The values typed as "name = number, ..." for the formula's variables, as text, with the
    values before for those not typed; ValueError (one line) for a piece that is not
    "name = number", a name that is not a variable, or a variable with no value at all."""
    if not isinstance(text, str):
        raise TypeError(f"values must be text like 'x = 1.5, y = -0.5', got {text!r}")
    typed = {}
    for piece in (p.strip() for p in re.split(r"[,;]", text)):
        if not piece:
            continue
        name, equals, value = (part.strip() for part in piece.partition("="))
        if not equals or not name or not value:
            raise ValueError(f"could not read {piece!r}: write each value as name = number, "
                             "separated by commas, e.g. x = 1.5, y = -2 (a decimal point, not a "
                             "comma)")
        if "=" in value:
            raise ValueError(f"could not read {piece!r}: separate the pairs with commas, e.g. "
                             "x = 2, y = 3")
        if name not in names:
            constant = " (in a formula, e is Euler's number 2.718…)" if name == "e" else ""
            raise ValueError(f"{name} is not a variable of f{constant}: its variables are "
                             f"{', '.join(names)} (to use {name}, type the formula first)")
        if name in typed:
            raise ValueError(f"{name} is given twice ({name} = {typed[name]}, {name} = {value}):"
                             " give each variable one value")
        typed[name] = value
    values = {name: typed.get(name, before.get(name)) for name in names}
    missing = [name for name, value in values.items() if value is None]
    if missing:
        raise ValueError(f"give a value for {', '.join(missing)}, as name = number, e.g. "
                         f"{missing[0]} = 1 (the formula's variables: {', '.join(names)})")
    return values


def _numbers(values: dict) -> dict:
    """The typed values as floats; ValueError (one line) for one that is not a real number."""
    numbers = {}
    for name, text in values.items():
        try:
            number = symbolic.parse(text, variables=())
            value = complex(number.evalf())
        except symbolic.FormulaError as err:  # too many digits, or a name
            raise ValueError(f"the value of {name}, {text}: {err}") from None
        except (TypeError, ValueError):  # not a finite number (1/0)
            raise ValueError(f"the value of {name}, {text}, is not a number: type a number, e.g."
                             " 0.5, or a constant like pi/4") from None
        tiny = value == 0 and re.fullmatch(r"[+-]?0*\.?0*[1-9][\d.]*[eE][+-]?\d+", text.strip())
        if value.imag != 0 or not math.isfinite(value.real):
            raise ValueError(f"the value of {name}, {text}, is not a real number: type a number,"
                             " e.g. 0.5, or a constant like pi/4")
        if tiny or (not (value.real == 0 and number.is_zero) and not (
                1e-300 <= abs(value.real) <= 1e300)):  # 1e-400 is not 0: a float cannot hold it
            raise ValueError(f"the value of {name}, {text}, is outside 1e-300 to 1e300 in size: "
                             "type 0, or a number in that range")
        numbers[name] = value.real
    return numbers
