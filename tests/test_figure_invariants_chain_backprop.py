"""Every explorer of notebooks 03 and 04 against the figure invariants; see
test_figure_invariants.py (a file of its own so that pytest-xdist checks these beside the
others)."""

import figure_invariants as fi
import pytest
from test_figure_invariants import check_explorer, explorers_of

from calclib import widgets


@pytest.mark.parametrize("name", explorers_of("03", "04"))
def test_explorer_figures_keep_the_invariants(name, make_explorer):
    check_explorer(name, make_explorer)


# The graph explorer draws whatever a learner types: its figure keeps the invariants on graphs of
# every shape (n-ary nodes, shared inputs, constants, chains, wide and deep graphs, a kink, values
# large and small), at every step for the first two, and for the others at the steps where the
# most text shows: the start, the end of the forward pass, the seed, the end (the boxes are sized
# for the widest text, the title wrapped to the figure's width, so no other step shows more).
TYPED = [
    ("x*y + y**2", "x = 3, y = 2"),
    ("tanh(w1*x1 + w2*x2 + b)", "x1 = 2, x2 = 0, w1 = -3, w2 = 1, b = 6.8813735870195432"),
    ("(x + y)*(x*y)", "x = 2, y = 3"),
    ("sigmoid(w1*x1 + w2*x2 + w3*x3 + b)", "w1 = 1, w2 = 2, w3 = 3, x1 = 4, x2 = 5, x3 = 6, b = 7"),
    ("relu(w*x + b)", "w = 1, x = 1, b = -1"),
    ("3*x**2 + 2*x + 1", "x = -1.25"),
    ("sin(cos(tan(exp(log(sqrt(atan(x)))))))", "x = 1"),
    ("a*b + c*d + f*g + h*i + j*k + l*m + n*o + p*q", ", ".join(f"{c} = {i}" for i, c in
                                                              enumerate("abcdfghijklmnopq"))),
    ("1e5*x*y - x/y", "x = 123.456, y = -0.000123"),
    ("*".join(f"a{i}" for i in range(1, 13)), ", ".join(f"a{i} = {i}" for i in range(1, 13))),
    ("x*y*z + x*y + y*z + x*z", "x = 1, y = 2, z = 3"),
    ("exp(-(x**2 + y**2)/2)*cos(x*y) + log(1 + x**2)", "x = 0.5, y = -1.5"),
    ("exp(-x**2/2)*cos(3*x) + abs(x)", "x = 0"),
]


@pytest.mark.parametrize(("formula", "values"), TYPED, ids=[f for f, _ in TYPED])
def test_typed_graphs_keep_the_invariants(formula, values):
    explorer = widgets.graph_explorer(formula, values)
    step, found = explorer.controls["step"], []
    forward_end = (step.max - 1) // 2
    positions = range(step.max + 1) if (formula, values) in TYPED[:2] else [
        0, forward_end, forward_end + 1, step.max]
    for position in positions:
        step.value = position
        assert explorer.message.value == "", f"step {position}: {explorer.message.value}"
        failures = fi.check(explorer.figure, fi.prepare(explorer.figure, draw=False))
        if missing := fi.require_tags(explorer.figure, ["node", "edge"]):
            failures["tags"] = missing
        found += [f"step {position}: {kind}: {lines[0]}" for kind, lines in failures.items()]
    assert not found, "\n".join(found[:8])
