"""Shared test setup: draw figures off-screen, close them after each test, and print what
pytest-xdist workers report."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

WORKER_SUMMARIES = []  # lines a pytest-xdist worker asked the controller to print


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    WORKER_SUMMARIES.extend(getattr(node, "workeroutput", {}).get("summary", []))


def pytest_terminal_summary(terminalreporter):
    for line in WORKER_SUMMARIES:
        terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def build_explorer(name):
    """Build a calclib.widgets explorer by function name, with its defaults; an explorer that
    replays training (training_explorer) gets a small model trained here for a few epochs.
    Shared by the widget, browser and benchmark code."""
    import copy

    from calclib import datasets, nn, widgets

    if name != "training_explorer":
        return getattr(widgets, name)()
    X, labels = datasets.spirals(n_per_class=20)
    model = nn.MLP([2, 16, 3])
    snapshots, losses = [(0, copy.deepcopy(model))], []
    for epoch in range(1, 31):
        loss, dlogits = nn.softmax_cross_entropy(model.forward(X), labels)
        model.backward(dlogits)
        for param, grad in zip(model.params, model.grads, strict=True):
            param -= 1.0 * grad
        losses.append(loss)
        if epoch % 10 == 0:
            snapshots.append((epoch, copy.deepcopy(model)))
    return widgets.training_explorer(X, labels, snapshots, losses)


@pytest.fixture(scope="session")
def make_explorer():
    """build_explorer, as a fixture."""
    return build_explorer
