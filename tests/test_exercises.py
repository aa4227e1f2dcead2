"""Exercise checkers: right answers pass, each common mistake is named, nothing crashes."""

import math

import numpy as np
import pytest
import sympy

from calclib import dual, engine, exercises, expression_graph, nn
from calclib.exercises import check

RIGHT = {
    "00-slope-of-line": 3,
    "01-power-rule": lambda x: 4 * x**3 - 6 * x + 2,
    "01-central-difference": (np.exp(1.01) - np.exp(0.99)) / 0.02,
    "01-error-order": 4,
    "01-tanh-slope": 0.64,
    "01-product-rule": "x^2*cos(x) + 2*x*sin(x)",
    "02-partials": lambda x, y: (2 * x * y, x**2 + 6 * y),
    "02-gradient-direction": "perpendicular",
    "02-directional": 4.4,
    "02-hessian-classify": "saddle point",
    "02-regression-gradient": (-8, -16),
    "03-outer-inner": 768,
    "03-chain-formula": "cos(x)*exp(sin(x))",
    "03-dual-product": 11,
    "03-sum-over-paths": 8,
    "03-forward-passes": 1000,
    "03-graph-cost": 35,
    "04-fix-backward": lambda params, X, labels: two_layer(params, X, labels, fixed=True),
    "04-dense-backward": lambda dZ, X, W: (dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)),
    "04-softmax-gradient": (-0.335, 0.245, 0.090),
    "04-accumulate": 6,
    "04-plus-equals": 7,
    "04-shape": (784, 128),
    "05-momentum-step": lambda theta, b, g, lr, mu: (theta - lr * (mu * b + g), mu * b + g),
    "05-diverging-lrs": [0.3, 0.21],
    "05-adam-first-step": (-0.01, 0.01),
    "05-adamw-decay": 2 * 0.999**1000,
    "06-output-size": 4,
    "06-input-gradient-1d": [1, 2, 2, -2, -3],
    "06-kernel-gradient": [[2, 8], [0, 1]],
    "06-maxpool-backward": [[0, 1, 2, 0], [0, 0, 0, 0], [3, 0, 0, 4], [0, 0, 0, 0]],
}


def two_layer(params, X, labels, fixed=False, b1_factor=1.0):
    """Chapter 4's two-layer network with weights stored as (out, in): its buggy backward
    (dW = a^T delta), or fixed (dW = delta^T a)."""
    z1 = X @ params["W1"].T + params["b1"]
    a1 = np.maximum(z1, 0)
    loss, delta2 = nn.softmax_cross_entropy(a1 @ params["W2"].T + params["b2"], labels)
    delta1 = (delta2 @ params["W2"]) * (z1 > 0)
    return loss, {"W2": delta2.T @ a1 if fixed else a1.T @ delta2, "b2": delta2.sum(axis=0),
                  "W1": delta1.T @ X if fixed else X.T @ delta1,
                  "b1": b1_factor * delta1.sum(axis=0)}


def test_every_exercise_has_a_right_answer_here():
    assert set(RIGHT) == set(exercises.EXERCISES)


@pytest.mark.parametrize("exercise_id", RIGHT)
def test_right_answer_passes_and_unanswered_asks_for_one(exercise_id):
    assert check(exercise_id, RIGHT[exercise_id]).correct is True
    waiting = check(exercise_id, ...)
    assert waiting.correct is None and "Replace the ..." in str(waiting)


@pytest.mark.parametrize(("exercise_id", "answer", "words"), [
    ("00-slope-of-line", 1, "intercept"),
    ("01-power-rule", lambda x: 4 * x**3 - 6 * x, "dropped the +2"),
    ("01-power-rule", lambda x: 4 * x**3 - 4 * x, "not 2x"),
    ("01-power-rule", lambda x: 2 * x, "At x = -2 your derivative gives -4, the true value is -18"),
    ("01-power-rule", lambda x: undefined_name * x, "NameError"),  # noqa: F821
    ("01-power-rule", 3.0, "should be a function"),
    ("01-central-difference", (math.exp(1.01) - math.e) / 0.01, "forward difference"),
    ("01-central-difference", math.e, "exact derivative"),
    ("01-central-difference", (math.exp(1.01) - math.exp(0.99)) / 0.01, "divide by 2h"),
    ("01-central-difference", "2.7", "should be a number"),
    ("01-error-order", 2, "divide the error by 2² = 4"),
    ("01-error-order", 16, "the factor the error fell by"),
    ("01-error-order", 0.0625, "multiplied by"),
    ("01-tanh-slope", 0.4, "squares it first"),
    ("01-product-rule", "2*x*cos(x)", "multiplied the two derivatives"),
    ("01-product-rule", "2*x*sin(x)", "add fg′"),
    ("01-product-rule", "x**2 + 1", "At x = -1.3 your derivative gives 2.69"),
    ("01-product-rule", "2x*sin(x)", "could not be read"),
    ("01-product-rule", "__import__('os')", "could not be read"),
    ("01-product-rule", 5, "formula in quotes"),
    ("02-partials", lambda x, y: (2 * x * y, x**2 + 3), "∂f/∂y is wrong at (1, 2): you gave 4, "
                                                        "it is 13. Hold x fixed"),
    ("02-partials", lambda x, y: (2 * x, x**2 + 6 * y), "∂f/∂x is wrong at (1, 2)"),
    ("02-partials", lambda x, y: 2 * x * y, "should return 2 numbers"),
    ("02-partials", lambda x: x, "TypeError"),
    ("02-partials", (1, 2), "should be a function of (x, y)"),
    ("02-gradient-direction", "along", "stays the same"),
    ("02-gradient-direction", "sideways", "Choose one of"),
    ("02-directional", 22, "unit vector"),
    ("02-directional", 20**0.5, "|∇f|"),
    ("02-hessian-classify", "minimum", "opposite signs"),
    ("02-regression-gradient", (8, 16), "dropped the minus sign"),
    ("02-regression-gradient", (-8, -8), "factor x = 2"),
    ("02-regression-gradient", (-8, -15), "∂L/∂θ1 is -16, you gave -15"),
    ("02-regression-gradient", 3, "should be 2 numbers"),
    ("03-outer-inner", 256, "inner derivative"),
    ("03-outer-inner", 12, "inner value u = 3·1 + 1 = 4"),
    ("03-chain-formula", "exp(sin(x))", "multiply by the inner derivative"),
    ("03-chain-formula", "exp(cos(x))", "don't differentiate inside"),
    ("03-dual-product", 4, "ε² = 0"),
    ("03-dual-product", 6, "value part"),
    ("03-sum-over-paths", 2, "only the path through u"),
    ("03-sum-over-paths", 6, "only the path through v"),
    ("03-forward-passes", 1, "reverse mode"),
    ("03-forward-passes", 2000, "finite differences"),
    ("03-graph-cost", 5, "one pass over the graph's 5 operations"),
    ("03-graph-cost", 7, "the number of inputs"),
    ("03-graph-cost", 10, "that is reverse mode"),
    ("03-graph-cost", 12, "the number of nodes"),
    ("03-graph-cost", 49, "3 binary additions"),
    ("03-graph-cost", 84, "the inputs cost nothing"),
    ("03-graph-cost", 20, "the parameters w1, w2, w3, b only"),
    ("03-graph-cost", 30, "you left out an input"),
    ("03-graph-cost", 35.5, "not a whole number"),
    ("03-graph-cost", 34.9999999, "You gave 34.9999999, not a whole number"),
    ("03-graph-cost", 42, "\"+ b\" as a node of its own"),
    ("03-graph-cost", 40, "n + 1 passes, as forward differences need"),
    ("03-graph-cost", 15, "a pass for each weight w1, w2, w3 only"),
    ("03-graph-cost", 56, "you wrote the sigmoid out as 1/(1 + e^−u)"),
    ("03-graph-cost", 16, "chapter 4's count for reverse mode"),
    ("03-graph-cost", 28, "leaving out the sigmoid or merging the sum and the sigmoid"),
    ("03-graph-cost", 77, "you counted the graph's 11 edges"),
    ("03-graph-cost", 70, "its value and its ε part separately, or a forward and a backward"),
    ("03-graph-cost", 112, "plus its 11 ε multiply-adds"),
    ("04-fix-backward", two_layer, "dW1: the gradient has shape (2, 5) but the parameter has "
                                   "shape (5, 2) (the same numbers transposed?)"),
    ("04-fix-backward", lambda p, X, y: two_layer(p, X, y, fixed=True, b1_factor=2),
     "db1: max relative error 5.00e-01"),
    ("04-fix-backward", lambda p, X, y: 1 / 0, "raised ZeroDivisionError"),
    ("04-dense-backward", lambda dZ, X, W: (dZ @ W.T, X.T @ dZ, dZ.mean(axis=0)),
     "db: max relative error"),
    ("04-dense-backward", lambda dZ, X, W: (dZ @ W.T, dZ.T @ X, dZ.sum(axis=0)),
     "dW: the gradient has shape (2, 3)"),
    ("04-dense-backward", lambda dZ, X, W: dZ, "should return 3 gradients (dX, dW, db)"),
    ("04-dense-backward", "dZ @ W.T", "should be a function"),
    ("04-softmax-gradient", (0.665, 0.245, 0.090), "those are the probabilities p"),
    ("04-softmax-gradient", (0.335, -0.245, -0.090), "the sign is flipped"),
    ("04-softmax-gradient", (-0.335, 0.245, 0.1), "dL/dz2 is 0.0900306, you gave 0.1"),
    ("04-accumulate", 3, "add up"),
    ("04-accumulate", 9, "that is the value"),
    ("04-plus-equals", 3, "only the += from x·y"),
    ("04-plus-equals", 4, "only the += from y²"),
    ("04-plus-equals", 12, "multiplied the two contributions"),
    ("04-plus-equals", 2, "that is x.grad"),
    ("04-plus-equals", 5, "not y = 2"),
    ("04-plus-equals", 10, "that is the value f"),
    ("04-plus-equals", engine.Value(7.0), "its gradient `.grad`"),
    ("04-plus-equals", 1, "that is the seed f.grad = 1"),
    ("04-plus-equals", 9, "you added x.grad (2) too"),
    ("04-plus-equals", 8, "you added the seed too"),
    ("04-plus-equals", 8, "swapped x and y: at x = 2, y = 3, y.grad would be x + 2y = 8"),
    ("04-plus-equals", 6, "the value of x·y (3·2), or 3 + 3"),
    ("04-plus-equals", (3, 4), "the two contributions y receives, 3 from x·y and 4 from y²"),
    ("04-plus-equals", [4.0, 3.0], "so add them"),
    ("04-plus-equals", np.array([3, 4]), "so add them"),
    ("04-plus-equals", (2, 7), "the whole gradient (x.grad, y.grad)"),
    ("04-plus-equals", (1, 2), "y.grad is one number"),
    ("04-plus-equals", (7,), "of one entry, not the number itself"),
    ("04-shape", (128, 784), "W's shape transposed"),
    ("04-shape", (32, 128), "shape of Z"),
    ("05-momentum-step", lambda theta, b, g, lr, mu: (theta - lr * (mu * b + (1 - mu) * g),
                                                      mu * b + (1 - mu) * g), "dampening"),
    ("05-momentum-step", lambda theta, b, g, lr, mu: (theta - lr * g, mu * b + g),
     "θ moved by lr·g"),
    ("05-momentum-step", lambda theta, b, g, lr, mu: (theta - lr * (g + mu * (mu * b + g)),
                                                      mu * b + g), "Nesterov"),
    ("05-momentum-step", lambda theta, b, g, lr, mu: (theta, b), "the new b should be"),
    ("05-momentum-step", lambda theta, b, g, lr, mu: theta, "two arrays"),
    ("05-momentum-step", 0.5, "should be a function"),
    ("05-momentum-step", lambda theta, b, g, lr, mu: (mu * b + g, theta - lr * (mu * b + g)),
     "wrong order"),
    ("05-momentum-step", lambda theta, b, g, lr, mu: (theta - lr * (mu * b + g), b),
     "the old buffer"),
    ("05-adam-first-step", (-0.001, 0.001), "only v was bias-corrected"),
    ("05-adamw-decay", 2 * 0.99**1000, "not 1 − lr = 0.99"),
    ("06-output-size", 5, "rounds up"),
    ("06-output-size", 14, "padded width"),
    ("06-kernel-gradient", [[2, 0], [8, 1]], "transposed"),
    ("06-maxpool-backward", [[0, 1, 0, 2], [0, 0, 0, 0], [3, 0, 0, 4], [0, 0, 0, 0]],
     "not the second, (0, 3)"),
    ("05-diverging-lrs", [0.19, 0.21, 0.3], "flips its sign but shrinks it"),
    ("05-diverging-lrs", [0.3], "0.21 > 2/L"),
    ("05-diverging-lrs", [0.3, 0.21, 0.5], "0.5 is not one of the choices"),
    ("05-diverging-lrs", 0.3, "should be a list of numbers"),
    ("05-adam-first-step", (-0.04, 0.00001), "plain gradient descent"),
    ("05-adam-first-step", (-0.0316228, 0.0316228), "without bias correction"),
    ("05-adamw-decay", 0.0, "factor 1 − lr·λ = 0.999"),
    ("05-adamw-decay", 2, "still shrinks"),
    ("06-output-size", 3, "without the padding"),
    ("06-output-size", 11, "ignores the stride"),
    ("06-output-size", 12, "off by +8"),
    ("06-input-gradient-1d", [3, 2, -2, -2, -1], "unflipped"),
    ("06-input-gradient-1d", [-2, 2, 2], "shape (5,)"),
    ("06-input-gradient-1d", [1, 2, 2, -2, 3], "1 of 5 entries"),
    ("06-kernel-gradient", [[1, 0], [8, 2]], "rotated by 180°"),
    ("06-kernel-gradient", [[10, 9], [9, 9]], "as if every dL/dY were 1"),
    ("06-kernel-gradient", [2, 8, 0, 1], "shape (2, 2)"),
    ("06-kernel-gradient", "two", "not an array"),
    ("06-maxpool-backward", [[0, 1, 1, 0], [0, 0, 0, 0], [1, 0, 0, 1], [0, 0, 0, 0]],
     "not 1"),
    ("06-maxpool-backward", np.kron([[1, 2], [3, 4]], np.ones((2, 2))) / 4, "average pooling"),
    ("06-maxpool-backward", [[0, 1, 2, 2], [0, 0, 2, 0], [3, 0, 0, 4], [0, 3, 0, 0]],
     "every tied maximum"),
    ("06-maxpool-backward", [[0, 1, 2 / 3, 2 / 3], [0, 0, 2 / 3, 0], [1.5, 0, 0, 4],
                             [0, 1.5, 0, 0]], "splitting"),
])
def test_wrong_answers_get_specific_feedback(exercise_id, answer, words):
    feedback = check(exercise_id, answer)
    assert feedback.correct is False
    assert words in str(feedback)


def test_graph_cost_answer_and_traps_are_what_expression_graph_counts():
    """03-graph-cost's numbers, counted on the graph the explorer draws."""
    names = ["b", "w1", "w2", "w3", "x1", "x2", "x3"]
    root, inputs = expression_graph.build("sigmoid(w1*x1 + w2*x2 + w3*x3 + b)",
                                          dict.fromkeys(names, 0.5))
    cost = expression_graph.costs(root, inputs)
    edges = sum(len(node.inputs) for node in engine.topological_order(root))  # 6 + 4 + 1
    assert {key: cost[key] for key in ("operations", "inputs", "forward mode", "reverse mode")} \
        == {"operations": 5, "inputs": 7, "forward mode": 35, "reverse mode": 10}
    assert edges == 11 and cost.get("edges", edges) == edges
    assert check("03-graph-cost", cost["forward mode"]).correct is True
    assert "reverse mode" in str(check("03-graph-cost", cost["reverse mode"]))
    assert "one pass over" in str(check("03-graph-cost", cost["operations"]))
    assert "the number of nodes" in str(
        check("03-graph-cost", len(engine.topological_order(root))))
    # the sum as three binary additions: 3 products, 3 additions, sigmoid; in each of 7 passes
    x = [engine.Value(0.5) for _ in range(3)]
    w = [engine.Value(0.5) for _ in range(3)]
    binary = engine.sigmoid(w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + engine.Value(0.5))
    operations = sum(1 for node in engine.topological_order(binary) if node.inputs)
    assert "3 binary additions" in str(check("03-graph-cost", 7 * operations))
    # chapter 4's reverse-mode count: the operations, then one multiply-add per edge
    assert "chapter 4's count" in str(check("03-graph-cost", cost["operations"] + edges))
    # the sigmoid written out, 1/(1 + e^-z): a negation, an exp, an addition and a division
    z = engine.total([engine.product([wi, xi]) for wi, xi in zip(w, x, strict=True)]
                     + [engine.Value(0.5)])
    written_out = 1 / (1 + engine.exp(-z))
    operations = sum(1 for node in engine.topological_order(written_out) if node.inputs)
    assert operations == 8 and "sigmoid out" in str(check("03-graph-cost", 7 * operations))
    # the sigmoid not counted: the 4 operations of the sum inside it, in each of 7 passes
    inside, inside_inputs = expression_graph.build("w1*x1 + w2*x2 + w3*x3 + b",
                                                   dict.fromkeys(names, 0.5))
    inside_cost = expression_graph.costs(inside, inside_inputs)
    assert inside_cost["operations"] == 4 and inside_cost["forward mode"] == 28
    assert "leaving out the sigmoid" in str(check("03-graph-cost", inside_cost["forward mode"]))
    # edges counted, not operations; two evaluations per operation per pass
    assert "11 edges" in str(check("03-graph-cost", cost["inputs"] * edges))
    assert "ε part separately" in str(check("03-graph-cost",
                                            cost["inputs"] * cost["reverse mode"]))
    # each dual pass's evaluations plus its ε multiply-adds, one per edge: 7 × (5 + 11)
    assert "ε multiply-adds" in str(check("03-graph-cost",
                                          cost["inputs"] * (cost["operations"] + edges)))


def test_plus_equals_answer_and_traps_are_what_the_engine_computes():
    """04-plus-equals: y.grad of x*y + y**2 at (3, 2), and each use's += on its own."""
    root, inputs = expression_graph.build("x*y + y**2", {"x": 3.0, "y": 2.0})
    contributions = expression_graph.passes(root).states[-1].grads[inputs["y"]]
    assert sorted(contributions) == [3.0, 4.0] and inputs["y"].grad == 7.0
    assert check("04-plus-equals", inputs["y"].grad).correct is True
    assert "that is x.grad" in str(check("04-plus-equals", inputs["x"].grad))
    assert "only the += from x·y" in str(check("04-plus-equals", 3.0))
    assert "only the += from y²" in str(check("04-plus-equals", 4.0))
    assert "multiplied" in str(check("04-plus-equals", contributions[0] * contributions[1]))
    assert "the value f" in str(check("04-plus-equals", root.data))
    assert "add them" in str(check("04-plus-equals", contributions))
    assert "the seed" in str(check("04-plus-equals", sum(contributions) + 1.0))
    assert "x.grad (2) too" in str(check("04-plus-equals", sum(contributions) + inputs["x"].grad))
    # x and y swapped: at (2, 3), y.grad = x + 2y = 8, which is also 3 + 4 + the seed 1
    swapped, swapped_inputs = expression_graph.build("x*y + y**2", {"x": 2.0, "y": 3.0})
    swapped.backward()
    assert swapped_inputs["y"].grad == 8.0 == sum(contributions) + 1.0
    assert all(words in str(check("04-plus-equals", swapped_inputs["y"].grad))
               for words in ("the seed", "swapped x and y"))


def test_an_in_place_momentum_step_passes():
    """torch updates the buffer in place (b *= mu; b += g); the checker passes copies, so an
    answer that mutates its arguments is judged on its results alone."""
    def step(theta, b, g, lr, mu):
        b *= mu
        b += g
        theta -= lr * b
        return theta, b

    assert check("05-momentum-step", step).correct


@pytest.mark.parametrize("answer", [(0, 0), (-0.001, 0.0001)])
def test_adam_first_step_names_a_trap_only_when_both_entries_match(answer):
    feedback = check("05-adam-first-step", answer)
    assert feedback.correct is False
    assert "only v was bias-corrected" not in str(feedback)


@pytest.mark.parametrize(("exercise_id", "answer", "words"), [
    # 1. the learner's function returned something that is not a number (not "raised")
    ("01-power-rule", lambda x: [x], "your function returned a list ([-2.0]) of one entry"),
    ("01-power-rule", lambda x: None, "returned None; it must return a number (did you forget"),
    ("01-power-rule", lambda x: dual.Dual(x, 1), "returned a Dual, Dual(-2.0, 1.0): its "
                                                "derivative (ε) part is `.deriv`"),
    ("01-power-rule", lambda x: math.nan, "returned nan"),
    ("01-power-rule", lambda x: 4 * x ^ 3 - 6 * x + 2, "^ is bitwise XOR"),
    ("01-power-rule", lambda: 1, "It should take one number x"),
    ("02-partials", lambda x, y: None, "returned None; it must return 2 numbers"),
    ("02-partials", lambda x, y: (None, 1), "with an entry that is None"),
    ("05-momentum-step", lambda theta, b, g, lr, mu: None, "returned None (did you forget"),
    ("05-momentum-step", lambda theta, b, g, lr, mu: (None, b), "your new theta is None"),
    ("05-momentum-step", lambda theta, b, g, lr, mu: (theta, b, g), "returned 3 values"),
    ("04-dense-backward", lambda dZ, X, W: None, "returned None (did you forget"),
    ("04-dense-backward", lambda dZ, X, W: (None, X.T @ dZ, dZ.sum(0)), "Your dX is None"),
    ("04-dense-backward", lambda dZ, X, W: ("a", X.T @ dZ, dZ.sum(0)), "Your dX is the text"),
    # 2. composition, nan, digits, whole numbers
    ("01-central-difference", 3.1, "but the central-difference estimate is not that"),
    ("01-central-difference", math.nan, "you gave nan"),
    ("01-central-difference", 2.7183, "Close: 2.7183 agrees with the central-difference "
                                      "estimate to the 5 figures you gave. Give more digits "
                                      "(at least 7 significant figures)"),
    ("05-adamw-decay", 0.74, "at least 3 significant figures"),
    ("01-error-order", 3.9, "not a whole number"),
    ("01-error-order", 5, "2⁵ = 32"),
    ("01-error-order", 4.2, "16 exactly"),
    ("06-output-size", 4.5, "not a whole number"),
    ("03-forward-passes", 999.5, "not a whole number"),
    ("00-slope-of-line", -3, "the sign is wrong"),
    ("03-outer-inner", -768, "the sign is wrong"),
    ("01-tanh-slope", 0.24, "the sigmoid's rule"),
    ("01-central-difference", (math.e - math.exp(0.99)) / 0.01, "backward difference"),
    ("01-central-difference", "2.7", "remove the quotes"),
    ("02-regression-gradient", (-16, -8), "the right numbers in the wrong order"),
    ("02-regression-gradient", (math.nan, 1), "an entry that is nan"),
    ("05-adam-first-step", (0.01, -0.01), "every sign is flipped"),
    ("06-input-gradient-1d", [-1, -2, -2, 2, 3], "wrong sign"),
    ("06-input-gradient-1d", [math.nan] * 5, "nan or infinite"),
    # 3. a Dual or a Value where a number is wanted
    ("03-dual-product", dual.Dual(2, 1) * dual.Dual(3, 4), "its derivative (ε) part is "
                                                           "`.deriv` (11)"),
    ("04-accumulate", engine.Value(3.0), "its value is `.data` (3), its gradient `.grad`"),
    ("00-slope-of-line", np.array([3.0, 1.0]), "an array of 2 numbers"),
    ("00-slope-of-line", True, "a truth value"),
    ("00-slope-of-line", sympy.Symbol("x"), "a formula in x; give its value"),
    # 4. f itself, or the derivative of the wrong thing
    ("01-power-rule", lambda x: x**4 - 3 * x**2 + 2 * x, "that is f itself, not its derivative"),
    ("01-power-rule", lambda x: -4 * x**3 + 6 * x - 2, "the sign is flipped everywhere"),
    ("01-power-rule", lambda x: 4 * x**3 + 6 * x + 2, "mind the sign"),
    ("01-power-rule", lambda x: 12 * x**2 - 6, "second derivative"),
    ("01-power-rule", lambda x: x**5 / 5 - x**3 + x**2, "antiderivative"),
    ("01-product-rule", "x**2*sin(x)", "that is f itself, not its derivative"),
    ("01-product-rule", "-(2*x*sin(x) + x**2*cos(x))", "the sign is flipped everywhere"),
    ("03-chain-formula", "exp(sin(x))", "that is h itself"),
    ("03-chain-formula", "exp(sin(x))*sin(x)", "not by sin x itself"),
    ("03-chain-formula", "-exp(sin(x))*cos(x)", "(sin x)′ = +cos x"),
    ("02-partials", lambda x, y: x**2 * y + 3 * y**2, "That number is f itself"),
    ("02-partials", lambda x, y: (x**2 + 6 * y, 2 * x * y), "your partials are swapped"),
    ("02-partials", lambda x, y: (-2 * x * y, x**2 + 6 * y), "(the sign is flipped)"),
    # issue 19: dense backward and the shape wording
    ("04-dense-backward", lambda dZ, X, W: (dZ @ W.T, X.T @ dZ), "it returned 2 values"),
    ("04-dense-backward", lambda dZ, X, W: (dZ @ W, X.T @ dZ, dZ.sum(axis=0)),
     "shapes don't fit (dZ is (4, 2), X is (4, 3), W is (3, 2))"),
    ("04-shape", (785, 128), "Not quite the shape of dW: rows is 784, you gave 785"),
    ("02-gradient-direction", ["along"], "Choose one of"),
    ("02-hessian-classify", "Minimum", "A minimum needs"),
])
def test_more_wrong_answers_name_the_mistake(exercise_id, answer, words):
    feedback = check(exercise_id, answer)
    assert feedback.correct is False
    assert words in str(feedback)


@pytest.mark.parametrize(("exercise_id", "answer"), [
    ("03-outer-inner", sympy.Integer(768)), ("02-directional", sympy.Rational(22, 5)),
    ("01-tanh-slope", sympy.Rational(16, 25)), ("00-slope-of-line", np.array(3.0)),
    ("00-slope-of-line", np.array([3.0])), ("00-slope-of-line", np.float32(3)),
    ("01-central-difference", 2.7183271),  # the value the solution shows
    ("01-product-rule", sympy.sympify("2*x*sin(x) + x**2*cos(x)")),
    ("02-gradient-direction", "Perpendicular"), ("02-gradient-direction", "orthogonal"),
    ("02-hessian-classify", "saddle"), ("02-regression-gradient", np.array([-8, -16])),
    ("05-diverging-lrs", np.array([0.21, 0.3])),
])
def test_any_real_number_type_is_accepted(exercise_id, answer):
    assert check(exercise_id, answer).correct is True


def test_messages_never_put_a_capital_mid_sentence():
    answers = [7, 3.3, -1.0, "x", [1, 2, 3, 4], lambda x: x, lambda x, y: (x, y)]
    for exercise_id in exercises.EXERCISES:
        for answer in [*answers, RIGHT[exercise_id]]:
            message = str(check(exercise_id, answer))
            assert not any(f"{p} {w} " in message for p in ("but", "of", "that", "Not quite")
                           for w in ("The", "Your")), message
            assert "DW" not in message and "off by +nan" not in message


def test_feedback_renders_as_html_without_injecting_markup():
    shown = check("01-product-rule", "<b>x</b>")._repr_html_()
    assert "<b>" not in shown and "&lt;b&gt;" in shown


def test_unknown_exercise_is_named():
    with pytest.raises(ValueError, match="unknown exercise '01-nope'"):
        check("01-nope", 1)


def _central(h):
    return (math.exp(1 + h) - math.exp(1 - h)) / (2 * h)


@pytest.mark.parametrize(("exercise_id", "answer", "words"), [
    ("01-tanh-slope", 0.6, "that is tanh(z), the value given"),
    ("01-tanh-slope", 0.7, "to the 1 figure you gave"),
    ("01-central-difference", _central(0.001), "central difference with h = 0.001;"),
    ("01-central-difference", _central(0.1), "central difference with h = 0.1;"),
    ("01-central-difference", math.e, "exact derivative"),
    ("01-central-difference", (math.exp(1.01) + math.exp(0.99)) / 0.02, "you added"),
    ("01-central-difference", 0.01, "a number the question states"),
    ("01-power-rule", lambda x: 4 * x**3 - 6 * x + 3, "the constant term is off"),
    ("01-power-rule", lambda x: 4 * x**3 - 6 * x - 2, "not −2"),
    ("01-power-rule", lambda x: 8 * x**3 - 12 * x + 4, "twice the derivative"),
    ("01-product-rule", "2*x*cos(x) + x**2*sin(x)", "sin and cos are swapped"),
    ("02-directional", 2.2, "you used the point (1, 2)"),
    ("02-directional", 11, "u not divided by its length"),
    ("02-directional", 0.88, "by |v|² = 25"),
    ("02-regression-gradient", (4, 8), "the residual r = 4"),
    ("02-hessian-classify", "sadle point", "Did you mean 'saddle point'?"),
    ("03-outer-inner", 192, "dropped the exponent's 4"),
    ("03-chain-formula", "exp(cos(x))*cos(x)", "not e^(cos x)"),
    ("03-chain-formula", "exp(sin(x))*(-sin(x))", "−sin x is the derivative of cos x"),
    ("03-dual-product", 8, "only a·d"),
    ("03-dual-product", 3, "only b·c"),
    ("03-forward-passes", 1001, "forward finite-difference count"),
    ("03-forward-passes", 1e6, "You gave 1000000, but"),
    ("03-forward-passes", 0, "off by -1000"),
])
def test_reviewed_mistakes_are_named(exercise_id, answer, words):
    feedback = check(exercise_id, answer)
    assert feedback.correct is False
    assert words in str(feedback)
    assert "e+0" not in str(feedback)  # whole numbers print as integers


def test_the_e_trap_is_exact_and_the_close_rule_skips_given_numbers():
    """e itself is named, but an estimate within 1e-6 of e is not called e."""
    assert "exact derivative" in str(check("01-central-difference", math.e))
    near_e = check("01-central-difference", _central(0.001))
    assert "exact derivative" not in str(near_e) and "h = 0.001" in str(near_e)
    assert "Close" not in str(check("01-tanh-slope", 0.6))


@pytest.mark.parametrize("spelling", ["saddle-point", "saddlepoint", "Saddle_Point",
                                      " saddle  point "])
def test_saddle_point_spellings_are_accepted(spelling):
    assert check("02-hessian-classify", spelling).correct is True
