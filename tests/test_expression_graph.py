"""A typed formula as an engine graph (calclib.expression_graph): the gradient against SymPy on
random formulas, the shape of the graph (one node per variable and per distinct subexpression),
the cost counts, and the refusals (issue 22)."""

import math

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from calclib import engine, expression_graph, symbolic

VALUES = {"x": 0.7, "y": -1.3, "z": 2.1}
LEAVES = st.sampled_from(["x", "y", "z", "2", "0.5", "3"])


def formulas():
    """Random formulas of x, y, z in the grammar a learner types, defined at VALUES."""
    return st.recursive(LEAVES, lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["sin", "cos", "tanh", "atan", "exp", "sigmoid", "relu",
                                   "abs"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
        inner.map(lambda u: f"({u})**2"),
    ), max_leaves=6)


@settings(max_examples=60)
@given(formula=formulas())
def test_the_engine_gradient_of_any_formula_is_sympys(formula):
    expr = symbolic.parse(formula)
    try:
        root, inputs = expression_graph.build(expr, VALUES)
    except ValueError as err:  # only the size limit may refuse a formula of this grammar
        assert "at most 25" in str(err)
        return
    root.backward()
    at = {sp.Symbol(name, real=True): value for name, value in VALUES.items()}
    assert root.data == pytest.approx(float(expr.subs(at)), rel=1e-12, abs=1e-12)
    for name, node in inputs.items():
        exact = float(symbolic.derivative(expr, name).subs(at))
        assert node.grad == pytest.approx(exact, rel=1e-9, abs=1e-12), name


def test_a_variable_used_twice_is_one_node_with_two_edges_out():
    root, inputs = expression_graph.build("sin(x*y) + x**2", {"x": 1.5, "y": -0.5})
    order = engine.topological_order(root)
    uses = [node for node in order for parent in node.inputs if parent is inputs["x"]]
    assert len(uses) == 2  # x*y and x**2
    assert len(order) == 6  # x, y, x*y, sin, x**2, the sum
    root.backward()
    assert inputs["x"].grad == pytest.approx(-0.5 * math.cos(-0.75) + 3.0)  # the two uses add


def test_sums_and_products_are_single_nodes_as_sympy_writes_them():
    root, _ = expression_graph.build("w1*x1 + w2*x2 + b",
                                     {"w1": 1, "x1": 2, "w2": 3, "x2": 4, "b": 5})
    assert root.op == "sum" and len(root.inputs) == 3
    assert root.data == 1 * 2 + 3 * 4 + 5
    product, _ = expression_graph.build("x*y*z", VALUES)
    assert product.op == "prod" and len(product.inputs) == 3


def test_costs_count_a_dual_pass_per_input_against_one_forward_and_one_backward():
    root, inputs = expression_graph.build("sigmoid(w1*x1 + w2*x2 + b)",
                                          {"w1": 0.5, "x1": 1, "w2": -1, "x2": 2, "b": 0.1})
    cost = expression_graph.costs(root, inputs)
    assert cost["inputs"] == 5
    assert cost["forward mode"] == 5 * cost["operations"]
    assert cost["reverse mode"] == 2 * cost["operations"]


@pytest.mark.parametrize(("formula", "values", "words"), [
    ("x + y", {"x": 1}, "give a value for y"),
    (" + ".join(f"sin({k}*x)" for k in range(1, 11)), {"x": 1}, "nodes; at most 25"),
    ("log(x)", {"x": -1.0}, "x = -1 is outside the domain of log"),
    ("x/y", {"x": 1.0, "y": 0.0}, "1/y cannot be computed here: it divides by 0"),
    ("import os", {}, "could not read"),
])
def test_refusals_are_one_line_messages(formula, values, words):
    with pytest.raises(ValueError, match=words) as caught:
        expression_graph.build(formula, values)
    assert "\n" not in str(caught.value)


def test_an_n_ary_product_differentiates_by_the_product_of_the_others_even_at_zero():
    a, b, c = engine.Value(0.0), engine.Value(2.0), engine.Value(3.0)
    out = engine.product([a, b, c])
    out.backward()
    assert (out.data, a.grad, b.grad, c.grad) == (0.0, 6.0, 0.0, 0.0)


def test_costs_refuses_what_build_did_not_return():
    with pytest.raises(TypeError, match="the \\(root, inputs\\) that build\\(\\) returns"):
        expression_graph.costs(2.0, {})


@settings(max_examples=40)
@given(formula=formulas())
def test_the_passes_reveal_every_value_then_every_gradient_once(formula):
    try:
        root, inputs = expression_graph.build(formula, VALUES)
    except ValueError:
        return
    order = engine.topological_order(root)
    operations = [node for node in order if node.inputs]
    passes = expression_graph.passes(root)
    assert passes.error is None and len(passes) == len(passes.states) == 2 * len(operations) + 2
    for k, state in enumerate(passes.states[:len(operations) + 1]):  # forward: one a step
        assert state.computed == {n for n in order if not n.inputs} | set(operations[:k])
    backward = passes.states[len(operations) + 1:]
    assert backward[0].grads == {root: (1.0,)}
    for state, node in zip(backward[1:], reversed(operations), strict=True):
        assert state.current is node  # reverse topological order, an operation a step
        assert [p for p, _ in state.passed] == list(node.inputs)
    final = backward[-1]
    for node in order:  # each node's contributions add up to the engine's own grad, exactly
        assert final.grad(node) == node.grad
    fresh, fresh_inputs = expression_graph.build(formula, VALUES)
    fresh.backward()
    assert [n.grad for n in fresh_inputs.values()] == [n.grad for n in inputs.values()]


def test_a_node_used_twice_receives_one_contribution_per_use():
    root, inputs = expression_graph.build("x*y + y**2", {"x": 3.0, "y": 2.0})
    final = expression_graph.passes(root).states[-1]
    assert sorted(final.grads[inputs["y"]]) == [3.0, 4.0]  # x from x·y, 2y from y²
    assert final.grad(inputs["y"]) == inputs["y"].grad == 7.0


def test_operations_are_named_in_the_order_the_forward_pass_computes_them():
    root, _ = expression_graph.build("sin(x*y) + x**2", {"x": 1.5, "y": -0.5})
    labels = [n.label for n in engine.topological_order(root) if n.inputs]
    assert labels == ["v1", "v2", "v3", "f"]
    clash, _ = expression_graph.build("v1*f + 1", {"v1": 1, "f": 2})  # names the formula uses
    assert [n.label for n in engine.topological_order(clash) if n.inputs] == ["u1", "f_out"]


def test_sigmoid_is_one_node_as_in_the_engine():
    root, inputs = expression_graph.build("sigmoid(w1*x1 + w2*x2 + w3*x3 + b)",
                                          dict.fromkeys(["w1", "x1", "w2", "x2", "w3", "x3", "b"],
                                                        0.5))
    assert [n.op for n in engine.topological_order(root) if n.inputs] == [
        "prod", "prod", "prod", "sum", "sigmoid"]
    assert expression_graph.costs(root, inputs) == {
        "operations": 5, "inputs": 7, "edges": 11, "forward mode": 35, "reverse mode": 10}


def test_the_backward_pass_stops_where_an_infinite_slope_carries_a_gradient():
    root, _ = expression_graph.build("sqrt(x)*y", {"x": 0.0, "y": 1.0})
    passes = expression_graph.passes(root)
    assert "infinite" in passes.error
    assert passes[len(passes.states) - 1].phase == "backward"
    with pytest.raises(ValueError, match="infinite"):
        passes[len(passes) - 1]
    with pytest.raises(ValueError, match="0 to 5"):
        passes[6]


@pytest.mark.parametrize(("formula", "values", "expected"), [
    ("sin(x*y) + x**2", {"x": 1.5, "y": -0.5},
     {"x": -0.5 * math.cos(-0.75) + 3.0, "y": 1.5 * math.cos(-0.75)}),
    ("relu(w*x + b)", {"w": 0.5, "x": 2.0, "b": -0.3}, {"w": 2.0, "x": 0.5, "b": 1.0}),
])
def test_the_gradient_three_ways_agrees_with_the_hand_derivative(formula, values, expected):
    formula = expression_graph.Formula(formula)
    root, inputs = formula.graph(values)
    root.backward()
    for name, ways in formula.gradients(values, inputs).items():
        assert ways["sympy"] == pytest.approx(expected[name], rel=1e-12)
        assert ways["engine"] == pytest.approx(expected[name], rel=1e-12)
        assert ways["central"] == pytest.approx(expected[name], rel=1e-8)
        assert not ways["kink"]


def test_a_kink_is_named_where_the_one_sided_slopes_differ():
    formula = expression_graph.Formula("relu(x) + abs(y)")
    ways = formula.gradients({"x": 0.0, "y": 0.0})
    assert ways["x"]["kink"] and ways["y"]["kink"]
    assert (ways["x"]["sympy"], ways["x"]["central"]) == (0.0, pytest.approx(0.5))
    assert ways["x"]["engine"] is None  # no graph given


def test_backward_steps_is_backward_one_node_at_a_time():
    x, y = engine.Value(3.0, "x"), engine.Value(2.0, "y")
    out = x * y + y * y
    steps = list(engine.backward_steps(out))
    assert [node.op for node, _ in steps] == ["+", "*", "*"]
    assert [c for _, passed in steps for _, c in passed] == [1.0, 1.0, 2.0, 2.0, 2.0, 3.0]
    assert (x.grad, y.grad) == (2.0, 7.0)


@pytest.mark.parametrize(("call", "words"), [
    (lambda: list(engine.backward_steps(2.0)), "takes a Value, got float"),
    (lambda: expression_graph.passes("x"), "takes the engine.Value that build\\(\\) returns"),
    (lambda: expression_graph.Formula(None), "as text, like"),
])
def test_the_stepping_functions_name_what_they_take(call, words):
    with pytest.raises(TypeError, match=words):
        call()
