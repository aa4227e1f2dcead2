"""Vectorised training: calclib.nn + calclib.optim.Adam against the same network in PyTorch
(CPU, float64) and against a hand-written fused NumPy loop, the floor with no abstraction."""

import numpy as np
from timing import median_times, ms

from calclib import datasets, nn, optim

CASES = [  # name, sizes, batch, batches per epoch, epochs per timed sample
    ("chapter 4 spirals MLP(2,100,3), full batch 300", [2, 100, 3], 300, 1, 50),
    ("MLP(784,256,10), batch 128", [784, 256, 10], 128, 10, 1),
]


def data(sizes, batch, seed=0):
    if sizes[0] == 2:
        return datasets.spirals(n_per_class=100)
    rng = np.random.default_rng(seed)
    return rng.standard_normal((batch, sizes[0])), rng.integers(0, sizes[-1], batch)


def calclib_epoch(model, opt, X, labels, batches):
    for _ in range(batches):
        _, dlogits = nn.softmax_cross_entropy(model.forward(X), labels)
        model.backward(dlogits)
        opt.step(model.params, model.grads)


def fused_epoch(params, state, X, labels, batches, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Forward, backward and Adam for a one-hidden-layer ReLU network, written out by hand."""
    W1, b1, W2, b2 = params
    rows = np.arange(len(labels))
    for _ in range(batches):
        H = X @ W1 + b1
        A = np.maximum(H, 0)
        Z = A @ W2 + b2
        P = np.exp(Z - Z.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        P[rows, labels] -= 1
        P /= len(labels)
        dA = P @ W2.T
        dA *= H > 0
        grads = (X.T @ dA, dA.sum(axis=0), A.T @ P, P.sum(axis=0))
        state["t"] += 1
        t = state["t"]
        for p, g, m, v in zip(params, grads, state["m"], state["v"], strict=True):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            denominator = np.sqrt(v)
            denominator /= np.sqrt(1 - beta2**t)
            denominator += eps
            p -= (lr / (1 - beta1**t)) * m / denominator


def torch_setup(params):
    import torch

    W1, b1, W2, b2 = (torch.tensor(p) for p in params)
    model = torch.nn.Sequential(torch.nn.Linear(*W1.shape), torch.nn.ReLU(),
                                torch.nn.Linear(*W2.shape)).double()
    with torch.no_grad():
        for layer, W, b in ((model[0], W1, b1), (model[2], W2, b2)):
            layer.weight.copy_(W.T)
            layer.bias.copy_(b)
    return model, torch.optim.Adam(model.parameters(), lr=1e-3)


def torch_epoch(model, opt, X, labels, batches):
    import torch

    for _ in range(batches):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(X), labels).backward()
        opt.step()


def time_case(name, sizes, batch, batches, inner):
    """One table row: an epoch of each trainer, from the same start, checked to agree."""
    import torch

    X, labels = data(sizes, batch)
    model, opt = nn.MLP(sizes, seed=0), optim.Adam(lr=1e-3)
    fused = [p.copy() for p in model.params]
    state = {"t": 0, "m": [np.zeros_like(p) for p in fused], "v": [np.zeros_like(p) for p in fused]}
    tmodel, topt = torch_setup(fused)
    tX, tlabels = torch.tensor(X), torch.tensor(labels)

    # the three agree after one epoch from the same start (float64)
    calclib_epoch(model, opt, X, labels, batches)
    fused_epoch(fused, state, X, labels, batches)
    torch_epoch(tmodel, topt, tX, tlabels, batches)
    gap = max(np.abs(a - b).max() for a, b in zip(model.params, fused, strict=True))
    gap_torch = np.abs(tmodel[0].weight.detach().numpy().T - model.params[0]).max()
    assert gap < 1e-10 and gap_torch < 1e-10, f"the three trainers disagree: {gap}, {gap_torch}"

    t_cl, t_fused = median_times({
        "calclib": lambda: calclib_epoch(model, opt, X, labels, batches),
        "fused": lambda: fused_epoch(fused, state, X, labels, batches)}, inner=inner).values()
    # PyTorch on its own: its OpenMP threads spin for a while after each call, and would slow
    # whichever run came next
    t_torch, = median_times({"torch": lambda: torch_epoch(tmodel, topt, tX, tlabels, batches)},
                            inner=inner).values()
    return (f"nn + Adam: {name}, one epoch", ms(t_cl),
            f"fused NumPy {ms(t_fused)}, PyTorch {ms(t_torch)}",
            f"{t_cl / t_fused:.2f}x the fused loop, {t_cl / t_torch:.2f}x PyTorch",
            "≤ 1.25x fused", t_cl <= 1.25 * t_fused)


def run():
    return [time_case(*case) for case in CASES]
