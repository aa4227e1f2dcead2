"""Optimizers: what optimizer.step() does with the gradients backprop computed.

Taught in notebooks/05_optimizers.ipynb.

Each optimizer is a small class with step(params, grads): params is a list of NumPy arrays,
updated in place; grads the gradients, in the same order and shapes. State (momentum buffers,
running averages) is kept per parameter position. Every update rule is the one the torch.optim
documentation gives for the same hyperparameters (where eps sits, how Nesterov is formed, how
AdamW decays), written in each docstring as g = gradient, t = step number (from 1).

Also: learning-rate schedules (the lr at step t), minimize (a trajectory on a 2-D surface) and
Newton's method.
"""

import math
import numbers

import numpy as np


class Optimizer:
    """What every optimizer shares: hyperparameter checks, per-parameter state, step counting."""

    def __init__(self, lr: float):
        self.lr = _positive("lr", lr)
        self.t = 0  # steps taken
        self.state = None  # one dict per parameter, made at the first step

    def step(self, params, grads):
        """Update every array in params in place, from grads (same order, same shapes)."""
        params, grads = _checked(params, grads)
        if self.state is None:
            self.state = [{} for _ in params]
        elif len(self.state) != len(params):
            raise ValueError(f"this optimizer has state for {len(self.state)} parameters but was "
                             f"given {len(params)}: use one optimizer per model")
        self.t += 1
        for param, grad, state in zip(params, grads, self.state, strict=True):
            param -= self.update(grad, state, param)

    def update(self, g, state, param):
        """The amount to subtract from param, given its gradient g and its state."""
        raise NotImplementedError


class SGD(Optimizer):
    """Plain gradient descent: theta <- theta - lr*g"""

    def update(self, g, state, param):
        return self.lr * g


class Momentum(Optimizer):
    """Heavy-ball momentum, as torch.optim.SGD(momentum=mu) (dampening 0):

        b <- mu*b + g   (b = g at the first step)
        theta <- theta - lr*b
    """

    def __init__(self, lr: float, momentum: float = 0.9):
        super().__init__(lr)
        self.momentum = _fraction("momentum", momentum)

    def update(self, g, state, param):
        state["b"] = g.copy() if "b" not in state else self.momentum * state["b"] + g
        return self.lr * self.direction(g, state["b"])

    def direction(self, g, b):
        return b


class Nesterov(Momentum):
    """Nesterov momentum, as torch.optim.SGD(momentum=mu, nesterov=True):

        b <- mu*b + g   (b = g at the first step)
        theta <- theta - lr*(g + mu*b)
    """

    def direction(self, g, b):
        return g + self.momentum * b


class AdaGrad(Optimizer):
    """A step size per parameter that shrinks with its gradients' history (torch.optim.Adagrad):

        s <- s + g^2
        theta <- theta - lr*g / (sqrt(s) + eps)
    """

    def __init__(self, lr: float = 0.01, eps: float = 1e-10):
        super().__init__(lr)
        self.eps = _positive("eps", eps)

    def update(self, g, state, param):
        state["s"] = state.get("s", 0.0) + g * g
        return self.lr * g / (np.sqrt(state["s"]) + self.eps)


class RMSProp(Optimizer):
    """AdaGrad with a running average in place of the sum (torch.optim.RMSprop):

        v <- alpha*v + (1 - alpha)*g^2   (v starts at 0)
        theta <- theta - lr*g / (sqrt(v) + eps)
    """

    def __init__(self, lr: float = 0.01, alpha: float = 0.99, eps: float = 1e-8):
        super().__init__(lr)
        self.alpha = _fraction("alpha", alpha)
        self.eps = _positive("eps", eps)

    def update(self, g, state, param):
        state["v"] = self.alpha * state.get("v", 0.0) + (1 - self.alpha) * g * g
        return self.lr * g / (np.sqrt(state["v"]) + self.eps)


class Adam(Optimizer):
    """Momentum and RMSProp together, with bias correction (torch.optim.Adam):

        g <- g + weight_decay*theta   (L2 added to the gradient; 0 by default)
        m <- beta1*m + (1 - beta1)*g          v <- beta2*v + (1 - beta2)*g^2   (both start at 0)
        m_hat = m / (1 - beta1^t)             v_hat = v / (1 - beta2^t)
        theta <- theta - lr*m_hat / (sqrt(v_hat) + eps)
    """

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, weight_decay: float = 0.0):
        super().__init__(lr)
        self.beta1, self.beta2 = _fraction("beta1", beta1), _fraction("beta2", beta2)
        self.eps = _positive("eps", eps)
        self.weight_decay = _non_negative("weight_decay", weight_decay)

    def update(self, g, state, param):
        if self.weight_decay:
            g = g + self.weight_decay * param
        return self.adaptive_step(g, state)

    def adaptive_step(self, g, state):
        """lr*m_hat / (sqrt(v_hat) + eps), after updating the running averages m and v.

        m and v are updated in place (no new arrays for them): the same formulas, without
        the temporaries that would cost more than the arithmetic on a large network."""
        if "m" not in state:
            state["m"], state["v"] = np.zeros_like(g), np.zeros_like(g)
        m, v = state["m"], state["v"]
        m *= self.beta1
        m += (1 - self.beta1) * g  # m <- beta1*m + (1 - beta1)*g
        v *= self.beta2
        v += (1 - self.beta2) * g * g  # v <- beta2*v + (1 - beta2)*g^2
        denominator = np.sqrt(v)
        denominator /= np.sqrt(1 - self.beta2**self.t)  # sqrt(v_hat) = sqrt(v / (1 - beta2^t))
        denominator += self.eps
        return (self.lr / (1 - self.beta1**self.t)) * m / denominator  # lr * m_hat / (...)


class AdamW(Adam):
    """Adam with decoupled weight decay (torch.optim.AdamW): the weights shrink by a factor,
    outside the adaptive step, so the decay is the same for every weight:

        theta <- theta - lr*weight_decay*theta
        then Adam's step, with g the loss gradient alone
    """

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, weight_decay: float = 0.01):
        super().__init__(lr, beta1, beta2, eps, weight_decay)

    def update(self, g, state, param):
        return self.lr * self.weight_decay * param + self.adaptive_step(g, state)


OPTIMIZERS = {cls.__name__: cls for cls in
              [SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam, AdamW]}


# Learning-rate schedules: the learning rate at step t (t = 0, 1, 2, ...), as torch.optim's.
def step_decay(t: int, lr: float, step_size: int, gamma: float = 0.1) -> float:
    """lr * gamma^floor(t / step_size): drop by a factor every step_size steps (StepLR)."""
    return lr * gamma ** (_step(t) // _whole("step_size", step_size))


def exponential(t: int, lr: float, gamma: float) -> float:
    """lr * gamma^t: a little smaller every step (ExponentialLR)."""
    return lr * gamma ** _step(t)


def cosine(t: int, lr: float, total: int, lr_min: float = 0.0) -> float:
    """lr_min + (lr - lr_min) * (1 + cos(pi t / total)) / 2: from lr down to lr_min at t = total
    along half a cosine, the closed form torch documents for CosineAnnealingLR(T_max=total,
    eta_min=lr_min). Past total it rises again, as torch's does: back to lr at t = 2*total
    (period 2*total). Stop at t = total, or use this for the first total steps only, to hold
    at lr_min."""
    t, total = _step(t), _whole("total", total)
    return lr_min + (lr - lr_min) * (1 + math.cos(math.pi * t / total)) / 2


def warmup(t: int, lr: float, warmup_steps: int, start_factor: float = 0.01) -> float:
    """Linear warmup: from start_factor*lr up to lr over warmup_steps steps, then lr (LinearLR)."""
    fraction = min(_step(t), _whole("warmup_steps", warmup_steps)) / warmup_steps
    return lr * (start_factor + (1 - start_factor) * fraction)


class Diverged(ValueError):
    """The iterates ran off to infinity; .trajectory holds the points up to then."""

    def __init__(self, message, trajectory):
        super().__init__(message)
        self.trajectory = trajectory


def minimize(opt: Optimizer, grad_f, x0, steps: int) -> np.ndarray:
    """Run opt from x0 for steps steps on a function with gradient grad_f(x) (an array of x's
    shape). Returns the trajectory: an array of shape (steps + 1, n), x0 first.

    Raises Diverged (a ValueError, holding the trajectory so far) if x runs off to infinity.
    """
    x = np.array(x0, dtype=float).reshape(-1)
    path = np.empty((_whole("steps", steps, allow_zero=True) + 1, x.size))
    path[0] = x
    for k in range(1, steps + 1):
        g = np.asarray(grad_f(x.copy()), dtype=float).reshape(-1)
        if g.shape != x.shape:
            raise ValueError(f"grad_f returned {g.size} numbers for a point of {x.size}")
        finite = np.isfinite(g).all()
        if finite:
            opt.step([x], [g])
        if not finite or not np.abs(x).max() < 1e12:
            raise Diverged(f"{type(opt).__name__} diverged at step {k} (lr = {opt.lr:g}): "
                           "x ran off to infinity; try a smaller learning rate", path[:k].copy())
        path[k] = x
    return path


def newton(grad_f, hess_f, x0, steps: int) -> np.ndarray:
    """Newton's method: x <- x - H(x)^-1 grad(x). Returns the trajectory, shape (steps + 1, n)."""
    x = np.array(x0, dtype=float).reshape(-1)
    path = [x.copy()]
    for _ in range(_whole("steps", steps, allow_zero=True)):
        H = np.asarray(hess_f(x), dtype=float)
        try:
            x = x - np.linalg.solve(H, np.asarray(grad_f(x), dtype=float))
        except np.linalg.LinAlgError as err:
            raise ValueError(f"the Hessian at {x} is singular: Newton's step is undefined") \
                from err
        path.append(x.copy())
    return np.array(path)


def damped_newton(f, grad_f, hess_f, x0, steps: int, shrink: float = 0.5,
                  c: float = 1e-4) -> np.ndarray:
    """Newton's method with a backtracking line search: a descent method.

    The direction is Newton's, d = -H^-1 g, or -g where that does not point downhill (g.d >= 0:
    H is not positive definite there). The step t starts at 1 (the full Newton step) and is
    multiplied by shrink until f falls by at least c*t*|g.d| (the Armijo condition):

        f(x + t d) <= f(x) + c*t*g.d

    Returns the trajectory, shape (steps + 1, n); f never rises along it.
    """
    if not 0 < shrink < 1:
        raise ValueError(f"shrink must be in (0, 1), got {shrink!r}")
    if not 0 < c < 1:
        raise ValueError(f"c must be in (0, 1), got {c!r}")
    x = np.array(x0, dtype=float).reshape(-1)
    path = [x.copy()]
    for _ in range(_whole("steps", steps, allow_zero=True)):
        g = np.asarray(grad_f(x), dtype=float)
        try:
            d = -np.linalg.solve(np.asarray(hess_f(x), dtype=float), g)
        except np.linalg.LinAlgError:
            d = -g  # singular Hessian: fall back on the gradient
        if not g @ d < 0:
            d = -g  # Newton's direction goes uphill (or nowhere): use steepest descent
        t, fx = 1.0, f(x)
        while f(x + t * d) > fx + c * t * (g @ d) and t > 1e-12:
            t *= shrink  # backtrack
        x = x + t * d
        path.append(x.copy())
    return np.array(path)


def _checked(params, grads):
    if not isinstance(params, (list, tuple)) or not isinstance(grads, (list, tuple)):
        raise TypeError("step(params, grads) takes two lists of arrays, e.g. "
                        "step(model.params, model.grads)")
    if len(params) != len(grads):
        raise ValueError(f"{len(params)} parameters but {len(grads)} gradients")
    checked = []
    for i, (param, grad) in enumerate(zip(params, grads, strict=True)):
        if not isinstance(param, np.ndarray) or param.dtype.kind != "f":
            raise TypeError(f"parameter {i} must be a float NumPy array (updated in place), "
                            f"got {type(param).__name__}")
        if grad is None:
            raise TypeError(f"gradient {i} is None: parameter {i} got no gradient (was "
                            "backward run, and does the loss depend on it?)")
        try:
            grad = np.asarray(grad, dtype=float)
        except (TypeError, ValueError) as err:
            raise TypeError(f"gradient {i} must be an array of numbers, got {grad!r}") from err
        if grad.shape != param.shape:
            raise ValueError(f"gradient {i} has shape {grad.shape} but its parameter has "
                             f"shape {param.shape}")
        if not np.all(np.isfinite(grad)):
            bad = "nan" if np.any(np.isnan(grad)) else "inf"
            raise ValueError(f"gradient {i} contains {bad}: stepping would write it into "
                             f"parameter {i}. Find where the loss or backward overflowed "
                             "(a smaller lr, or a stable loss) before stepping")
        checked.append(grad)
    return params, checked


def _positive(name, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0 \
            or not math.isfinite(value):
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def _non_negative(name, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value >= 0 \
            or not math.isfinite(value):
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    return float(value)


def _fraction(name, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return float(value)


def _whole(name, value, allow_zero=False) -> int:
    low = 0 if allow_zero else 1
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(f"{name} must be a whole number >= {low}, got {value!r}")
    return int(value)


def _step(t) -> int:
    return _whole("t", t, allow_zero=True)
