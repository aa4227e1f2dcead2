"""engine.Value: local derivatives and backward against closed forms and finite differences,
graphs used twice, deep graphs, and clear errors."""

import math

import numpy as np
import pytest

from calclib import engine, numdiff
from calclib.engine import Value
from calclib.functions import sigmoid

UNARY = {  # op, derivative by hand, points
    "exp": (engine.exp, math.exp, [-1.5, 0.3, 2.0]),
    "log": (engine.log, lambda x: 1 / x, [0.3, 2.0]),
    "tanh": (engine.tanh, lambda x: 1 - math.tanh(x) ** 2, [-1.5, 0.3, 2.0]),
    "sigmoid": (engine.sigmoid, lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2, [-1.5, 2.0]),
    "relu": (engine.relu, lambda x: float(x > 0), [-1.5, 0.3, 2.0]),
    "neg": (lambda v: -v, lambda x: -1.0, [-1.5, 2.0]),
    "square": (lambda v: v**2, lambda x: 2 * x, [-1.5, 2.0]),
    "inverse": (lambda v: 1 / v, lambda x: -1 / x**2, [-1.5, 2.0]),
    "2 ** x": (lambda v: 2**v, lambda x: math.log(2) * 2**x, [-1.5, 2.0]),
    "x ** x": (lambda v: v**v, lambda x: x**x * (math.log(x) + 1), [0.3, 2.0]),
    "3 - x": (lambda v: 3 - v, lambda x: -1.0, [2.0]),
}


@pytest.mark.parametrize("name", list(UNARY))
def test_unary_ops_backward_matches_hand_derivative(name):
    op, df, points = UNARY[name]
    for x0 in points:
        x = Value(x0)
        op(x).backward()
        assert x.grad == pytest.approx(df(x0), rel=1e-12)


def test_binary_ops_with_floats_on_either_side():
    a, b = Value(3.0), Value(-2.0)
    out = (a * b + 2.0 * a - b / 4.0 + 1.0 / a - 5.0) * 0.5
    out.backward()
    # d/da = 0.5 (b + 2 - 1/a^2), d/db = 0.5 (a - 1/4)
    assert a.grad == pytest.approx(0.5 * (-2 + 2 - 1 / 9))
    assert b.grad == pytest.approx(0.5 * (3 - 0.25))


def test_random_compositions_match_finite_differences():
    rng = np.random.default_rng(0)

    def f(p, lib):
        x, y, z = p
        return lib.tanh(x * y + lib.sigmoid(z)) * lib.exp(-x / 3) + (y - z) ** 2 / (1 + x * x)

    with_numpy = type("np_ops", (), {"tanh": np.tanh, "exp": np.exp, "sigmoid": sigmoid})
    for _ in range(10):
        p = rng.uniform(-2, 2, 3)
        values = [Value(v) for v in p]
        f(values, engine).backward()
        numeric = numdiff.gradient(lambda q: f(q, with_numpy), p)
        np.testing.assert_allclose([v.grad for v in values], numeric, rtol=1e-7, atol=1e-9)


def test_a_node_used_twice_accumulates_both_paths():
    x = Value(3.0)
    y = x * x + x  # x feeds three edges
    y.backward()
    assert x.grad == 2 * 3.0 + 1
    x, y = Value(2.0), Value(3.0)
    F = (x + y) * (x * y)
    F.backward()
    assert (x.grad, y.grad) == (21.0, 16.0)


def test_zero_grad_resets_and_a_second_backward_accumulates():
    x = Value(2.0)
    y = x * x
    y.backward()
    y.backward()
    assert x.grad == 8.0  # two backward passes add up
    y.zero_grad()
    y.backward()
    assert x.grad == 4.0


def test_total_and_dot_are_single_nodes_with_the_right_gradients():
    ws, xs = [Value(w) for w in (1.0, -2.0, 0.5)], [Value(x) for x in (3.0, 4.0, -1.0)]
    out = engine.total([engine.dot(ws, xs), 2.0])
    out.backward()
    assert out.data == 3 - 8 - 0.5 + 2
    assert [w.grad for w in ws] == [3.0, 4.0, -1.0]
    assert [x.grad for x in xs] == [1.0, -2.0, 0.5]
    assert len(engine.topological_order(out)) == 1 + 1 + 1 + 6  # sum, dot, the 2.0, six leaves


def test_a_graph_100_000_nodes_deep_works():
    """micrograd's recursive sort fails near 1,000 deep; ours is iterative."""
    x = Value(0.5)
    y = x
    for _ in range(100_000):
        y = y + 0.0
    y.backward()
    assert x.grad == 1.0


def test_topological_order_puts_inputs_first():
    x, y = Value(1.0, "x"), Value(2.0, "y")
    u = x + y
    F = u * x
    order = engine.topological_order(F)
    assert order[-1] is F and order.index(u) > order.index(x) and order.index(u) > order.index(y)
    assert len(order) == len(set(order)) == 4


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: Value("2"), TypeError, "a Value holds a real number"),
    (lambda: Value(float("nan")), ValueError, "must be a finite number, got nan$"),
    (lambda: Value(1.0) / 0.0, ZeroDivisionError, "data is 0"),
    (lambda: engine.log(Value(0.0)), ValueError, "log is defined only for positive"),
    (lambda: (Value(0.0) ** 0.5).backward(), ValueError, "infinite"),
    (lambda: Value(1e-320).log(), OverflowError, "derivative 1/x of engine.log"),
    (lambda: Value(1e-300) / Value(1e-310), OverflowError, "derivative of Value"),
    (lambda: engine.dot([1.0, 2.0], [3.0]), ValueError, "same length, got 2 and 1"),
    (lambda: Value(1.0) + "1", TypeError, "a Value holds a real number"),
])
def test_bad_input_gives_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_a_square_root_at_0_is_0_forward_and_fails_only_when_its_slope_is_needed():
    x = Value(0.0)
    y = x**0.5
    assert y.data == 0.0  # PyTorch: sqrt(0) = 0 forward, an infinite gradient
    unused = Value(0.0)
    z = unused**0.5 * 0.0 + Value(2.0) * Value(3.0)  # no gradient flows into the root
    z.backward()
    assert unused.grad == 0.0
