"""Shared test setup: draw figures off-screen, close them after each test, run property-based
tests the same way every time, mark the tiers, and print what pytest-xdist workers report."""

import pathlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from hypothesis import HealthCheck, settings

# Property-based tests (hypothesis) never depend on time or on an earlier run: no deadline, the
# same examples in the same order every run, a fixed number of them, no example database.
settings.register_profile(
    "calclib", deadline=None, derandomize=True, max_examples=100, database=None,
    suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("calclib")

TESTS = pathlib.Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Everything under tests/browser/ is the `browser` tier, under tests/kernel/ the `kernel`
    tier, so `-m "not kernel and not browser"` is the quick run."""
    for item in items:
        path = pathlib.Path(str(item.fspath)).resolve()
        for tier in ("browser", "kernel"):
            if (TESTS / tier) in path.parents:
                item.add_marker(getattr(pytest.mark, tier))

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
