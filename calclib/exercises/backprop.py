"""The exercises of chapter 4 (notebooks/04_backpropagation.ipynb),
checked by `calclib.exercises.check`."""

import itertools

import numpy as np

from calclib import gradcheck, nn
from calclib.exercises.checks import (
    RTOL,
    Feedback,
    _as_numbers,
    _call,
    _kind,
    check_number,
    check_vector,
)

EXERCISES = {
    # 04_backpropagation
    "04-fix-backward": lambda a: check_backward(a, _two_layer_loss, _two_layer_case(), batch=6,
                                                traps=_two_layer_traps),
    "04-dense-backward": lambda a: check_backward(a, _dense_loss, _dense_case(), batch=4),
    "04-softmax-gradient": lambda a: _like(check_vector(
        a, _softmax_gradient_truth(), ("dL/dz0", "dL/dz1", "dL/dz2"), "the gradient",
        traps=[(tuple(_P), "those are the probabilities p; subtract the one-hot label: p − y."),
               (tuple(-_softmax_gradient_truth()), "the sign is flipped: it is p − y, not y − p "
                                                    "(raising the right logit lowers the loss)."),
               *[(tuple(_P - np.eye(3)[k]), f"that is p − onehot({k}), the one-hot of class "
                                            f"{k}; the true class is 0: p − (1, 0, 0).")
                 for k in (1, 2)],
               ((-1 / _P[0], 0.0, 0.0), "that is dL/dp = −onehot(y)/p_y, the gradient with "
                                         "respect to the probabilities; the question asks for "
                                         "dL/dz, with respect to the logits: p − onehot(y)."),
               (tuple(np.log(_P)), "those are the log-probabilities log p (−L is the first); "
                                    "the gradient is p − onehot(y).")],
        rtol=1e-3), "(0.1, 0.2, 0.3)"),
    "04-accumulate": lambda a: check_number(
        a, 6.0, "x.grad",
        traps=[(3.0, "x feeds the product twice, once per edge; gradients from both edges add "
                     "up (+=): 3 + 3 = 6."),
               (9.0, "that is the value x·x; the gradient d(x·x)/dx = 2x = 6.")]),
    # f = x*y + y**2 at (x, y) = (3, 2): y feeds x·y (local x = 3) and y² (local 2y = 4)
    "04-plus-equals": lambda a: _two_numbers(a) or check_number(
        a, 7.0, "y.grad",
        traps=[(1.0, "that is the seed f.grad = 1 (which is also the local derivative of the "
                     "sum on each edge into it); y.grad is what reaches y: 3 from x·y and 4 "
                     "from y², added."),
               (9.0, "that is 2 + 3 + 4: you added x.grad (2) too; y.grad gets only the += of "
                     "y's own edges, 3 from x·y and 4 from y²."),
               (8.0, "that is 3 + 4 + 1 if you added the seed too: the seed is f.grad, "
                     "which the sum passes on to x·y and y² (each edge carries 1), and they "
                     "pass 3 and 4 to y: 3 + 4. Or you swapped x and y: at x = 2, y = 3, "
                     "y.grad would be x + 2y = 8; here x = 3 and y = 2, so x + 2y = 3 + 4."),
               (6.0, "that is the value of x·y (3·2), or 3 + 3 (the += from x·y twice); y's "
                     "two uses pass back different amounts: x = 3 from x·y and 2y = 4 from "
                     "y², so 3 + 4."),
               (3.0, "that is only the += from x·y (its local derivative x = 3); y is used "
                     "by y² too, whose += adds 2y = 4."),
               (4.0, "that is only the += from y² (its local derivative 2y = 4); y is used "
                     "by x·y too, whose += adds x = 3."),
               (12.0, "you multiplied the two contributions (3 × 4); the uses add: "
                      "y.grad += 3, then y.grad += 4."),
               (2.0, "that is x.grad (the local derivative of x·y with respect to x is y = 2); "
                     "the question asks for y.grad."),
               (5.0, "the local derivative of y² is 2y = 4, not y = 2: 3 + 4."),
               (10.0, "that is the value f = 3·2 + 2² = 10; the question asks for the "
                      "gradient y.grad.")]),
    "04-shape": lambda a: _like(check_vector(
        a, (784.0, 128.0), ("rows", "columns"), "the shape of dW",
        traps=[((128.0, 784.0), "that is W's shape transposed; dW = Xᵀ dZ has W's own "
                                "shape."),
               ((32.0, 128.0), "that is the shape of Z and dZ; dW = Xᵀ dZ is (784, 32)·(32, 128)."),
               ((32.0, 784.0), "that is X's shape; dW has W's shape."),
               ((784.0, 32.0), "that is Xᵀ's shape, the first factor of dW = Xᵀ dZ; the "
                               "product (784, 32)·(32, 128) has W's shape.")]), "(10, 20)"),
}

_P = nn.softmax([[2.0, 1.0, 0.0]])[0]  # the probabilities of 04-softmax-gradient


def _two_numbers(answer) -> Feedback | None:
    """04-plus-equals answered with two numbers, like (3, 4): what they are, and that y.grad is
    one number; None for any other answer (check_number judges it)."""
    if not isinstance(answer, tuple | list | np.ndarray):
        return None
    given, problem = _as_numbers(answer)
    if problem or given.size != 2:
        return None
    shown = ", ".join(f"{g:g}" for g in given)
    if np.allclose(sorted(given), [3.0, 4.0], rtol=RTOL, atol=0):
        return Feedback(False, f"You gave two numbers, ({shown}): the two contributions y "
                               "receives, 3 from x·y and 4 from y². y.grad is one number: "
                               "each += adds its contribution, so add them.")
    if np.allclose(given, [2.0, 7.0], rtol=RTOL, atol=0):
        return Feedback(False, f"You gave ({shown}), the whole gradient (x.grad, y.grad); "
                               "the question asks for y.grad alone, one number.")
    return Feedback(False, f"You gave two numbers, ({shown}); y.grad is one number: the "
                           "sum of the contributions y receives, one += from each of its "
                           "uses.")


def _like(feedback: Feedback, example: str) -> Feedback:
    """feedback, its format hint showing `example` (as many numbers as asked, written as the
    answer is) instead of check_vector's generic (1.0, 2.0)."""
    return Feedback(feedback.correct, feedback.message.replace("like (1.0, 2.0)",
                                                                f"like {example}"))


def check_backward(answer, loss, case, batch=None, traps=None) -> Feedback:
    """A backward function, checked against finite differences of a reference loss: names
    each gradient that is wrong, by how much, and where (or that its shape is wrong), and the
    usual mistake when its numbers show one (see _diagnosis).

    batch: the batch size N, to recognise a gradient N times too large or too small.
    traps: params -> {name: [(wrong gradient, what the learner did), ...]}, the case's own
    usual mistakes (a forgotten ReLU mask)."""
    params, inputs, names = case
    wanted = ", ".join(f"d{name}" for name in params)
    if not callable(answer):
        return Feedback(False, f"Your answer should be a function of ({', '.join(names)}) "
                               f"returning ({wanted}); you gave {_kind(answer)}.")
    grads, report = _call(answer, inputs, f"{len(names)} arguments ({', '.join(names)})",
                          names=names)
    if report:
        if "matrix product" in report:
            report += (" Each gradient has its parameter's shape: " + ", ".join(
                f"d{name} {np.shape(value)}" for name, value in params.items()) + ".")
        return Feedback(False, report)
    if isinstance(grads, tuple) and len(grads) == 2 and isinstance(grads[1], dict):
        grads = grads[1]  # (loss, grads) is fine too
    if isinstance(grads, (tuple, list)) and len(grads) == len(params):
        order = _order_by_shape(grads, params)
        if order and order != list(params):
            return Feedback(False, f"You returned them in the wrong order: by their shapes, "
                                   f"yours are ({', '.join(f'd{n}' for n in order)}); return "
                                   f"({wanted}).")
        grads = dict(zip(params, grads, strict=True))  # in the order the exercise names them
    if isinstance(grads, dict) and set(grads) == {f"d{name}" for name in params}:
        grads = {name: grads[f"d{name}"] for name in params}  # keyed dX, dW, db is fine too
    if not isinstance(grads, dict) or set(grads) != set(params):
        if isinstance(grads, (tuple, list)):
            got = f"{len(grads)} value{'s' * (len(grads) != 1)}"
        elif isinstance(grads, dict):
            got = f"a dict with keys {sorted(map(str, grads))}"
        elif isinstance(grads, np.ndarray):
            got = f"one array of shape {grads.shape}"
        else:
            got = _kind(grads) + (" (did you forget `return`?)" if grads is None else "")
        return Feedback(False, f"Your function should return {len(params)} gradients "
                               f"({wanted}), as a tuple in that order or a dict with keys "
                               f"{', '.join(repr(f'd{n}') for n in params)} (or "
                               f"{', '.join(repr(n) for n in params)}); it returned {got}.")
    for name in params:
        try:
            if grads[name] is None or isinstance(grads[name], str):
                raise TypeError
            grads[name] = np.asarray(grads[name], dtype=float)
        except (TypeError, ValueError):
            return Feedback(False, f"Your d{name} is {_kind(grads[name])}; each gradient must "
                                   f"be an array of numbers, of its parameter's shape "
                                   f"{np.shape(params[name])}.")
    problems = []
    for name, value in params.items():
        def loss_at(v, name=name):
            return loss({**params, name: v}, inputs)

        report = gradcheck.check(loss_at, value, grads[name], name=f"d{name}")
        if not report.passed:
            problems.append(str(report).splitlines()[0].lstrip("✗ ") + (
                "" if report.problem else
                f"; e.g. at {report.worst[0][0]} yours is {report.worst[0][1]:.4g}, "
                f"the numeric estimate {report.worst[0][2]:.4g}" + _diagnosis(
                    name, grads[name], gradcheck.numeric_gradient(loss_at, value), batch,
                    (traps(params) if traps else {}).get(name, []))))
    if problems:
        return Feedback(False, "Not every gradient is right: " + " | ".join(problems))
    return Feedback(True, f"All {len(params)} gradients agree with finite differences.")


def _order_by_shape(grads, params):
    """The one order of the parameter names whose shapes the returned gradients have, or None
    (a gradient of no shape, or shapes that fit several orders or none)."""
    try:
        shapes = [np.shape(np.asarray(g, dtype=float)) for g in grads]
    except (TypeError, ValueError):
        return None
    fits = [list(order) for order in itertools.permutations(params)
            if all(shape == np.shape(params[name])
                   for shape, name in zip(shapes, order, strict=True))]
    return fits[0] if len(fits) == 1 else None


def _diagnosis(name, yours, numeric, batch, traps) -> str:
    """The usual mistake that yours shows against the numeric gradient, as a sentence, or "".

    Ratios and signs give them away: yours = N × numeric (the 1/N of the mean forgotten),
    numeric / N (divided by N once too often), −numeric (a sign), numericᵀ (a transposed
    product whose shape happens to fit); and the case's own traps."""
    for wrong, mistake in traps:
        if np.allclose(yours, wrong, rtol=1e-5, atol=1e-9):
            return f". {mistake}"
    if np.allclose(numeric, 0, atol=1e-9):
        return ""
    if batch and np.allclose(yours, batch * numeric, rtol=1e-4, atol=1e-9):
        return (f". Yours is N = {batch} times too large, N the batch size: did you forget the "
                "1/N of the mean over the batch?")
    if batch and np.allclose(yours, numeric / batch, rtol=1e-4, atol=1e-9):
        return (f". Yours is N = {batch} times too small, N the batch size: a mean where a sum "
                "belongs (each example adds its share), or 1/N applied twice?")
    if np.allclose(yours, -numeric, rtol=1e-4, atol=1e-9):
        return ". Yours has the right size but the wrong sign: look for a flipped minus."
    if yours.ndim == 2 and yours.shape == yours.T.shape and np.allclose(
            yours, numeric.T, rtol=1e-4, atol=1e-9):
        return (f". Yours is the transpose of the right d{name} (entries swapped across the "
                "diagonal): the right shape only because the matrix is square.")
    return ""


def _two_layer_traps(params):
    """The two-layer network's usual mistakes: the ReLU mask forgotten in delta1."""
    _, X, labels = _two_layer_case()[1]
    z1 = X @ params["W1"].T + params["b1"]
    logits = np.maximum(z1, 0) @ params["W2"].T + params["b2"]
    delta2 = nn.softmax_cross_entropy(logits, labels)[1]
    unmasked = delta2 @ params["W2"]  # (delta2 @ W2) without * (z1 > 0)
    mistake = ("It is what you get without the ReLU mask: delta1 = (delta2 @ W2) * (z1 > 0), "
               "since ReLU passes no gradient where its input was negative.")
    return {"W1": [(unmasked.T @ X, mistake)], "b1": [(unmasked.sum(axis=0), mistake)]}


def _softmax_gradient_truth():
    p = nn.softmax([[2.0, 1.0, 0.0]])[0]
    return p - np.array([1.0, 0.0, 0.0])


def _two_layer_case():
    """Small fixed data for the two-layer network with weights stored as (out, in)."""
    rng = np.random.default_rng(7)
    X = rng.standard_normal((6, 2)) + 0.05
    labels = np.array([0, 1, 2, 0, 1, 2])
    params = {"W1": rng.standard_normal((5, 2)), "b1": 0.1 * rng.standard_normal(5),
              "W2": rng.standard_normal((3, 5)), "b2": 0.1 * rng.standard_normal(3)}
    return params, (dict(params), X, labels), ("params", "X", "labels")


def _two_layer_loss(params, inputs):
    _, X, labels = inputs
    hidden = np.maximum(X @ params["W1"].T + params["b1"], 0)
    return nn.softmax_cross_entropy(hidden @ params["W2"].T + params["b2"], labels)[0]


def _dense_case():
    """A dense layer Z = X W + b with a fixed upstream gradient dZ: loss = sum(Z * dZ)."""
    rng = np.random.default_rng(3)
    X, W, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    dZ = rng.standard_normal((4, 2))
    return {"X": X, "W": W, "b": b}, (dZ, X, W), ("dZ", "X", "W")


def _dense_loss(params, inputs):
    dZ = inputs[0]
    return float(np.sum((params["X"] @ params["W"] + params["b"]) * dZ))
