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
    ("log(x)", {"x": -1.0}, "positive"),
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
