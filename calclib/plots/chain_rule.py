"""Chapter 3's figures: the chain rule as stretched nudges, computational graphs (also
chapter 4's backward pass), forward mode's errors and the cost of forward and reverse mode.

Taught in notebooks/03_chain_rule.ipynb and notebooks/04_backpropagation.ipynb.
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import ConnectionPatch

from calclib import engine
from calclib.plots.base import DERIV_COLOR, SECANT_COLOR, _figure, _subplots


def chain_stretch(x0: float, dx: float) -> Figure:
    """x -> u = x^2 -> y = sin(u) as three number lines on one scale: a nudge dx of x is
    stretched by u'(x0) = 2 x0, then by y'(u0) = cos(u0), so dy/dx is the product."""
    u0, y0 = x0**2, np.sin(x0**2)
    du, dy = (x0 + dx) ** 2 - u0, np.sin((x0 + dx) ** 2) - y0
    du_dx, dy_du = 2 * x0, np.cos(u0)
    fig, axes = _subplots(3, 1, figsize=(10, 4.2),
                             gridspec_kw={"left": 0.1, "right": 0.6, "top": 0.82, "bottom": 0.08,
                                          "hspace": 0.6})
    rows = [("x", x0, dx, f"nudge Δx = {dx:.3f}"),
            ("u = x²", u0, du, f"Δu = {du:.3f} ≈ u′(x0)·Δx = {du_dx:.2f} × {dx:.3f}"),
            ("y = sin(u)", y0, dy, f"Δy = {dy:.3f} ≈ y′(u0)·Δu = {dy_du:.2f} × {du:.3f}")]
    for ax, (name, value, delta, note) in zip(axes, rows, strict=True):
        middle = value + delta / 2
        ax.set_xlim(middle - 1.0, middle + 1.0)  # the same scale on every line
        ax.set_ylim(-1, 1)
        ax.spines["bottom"].set_position(("data", 0))  # the number line, ticks on it
        ax.annotate("", (value + delta, 0), (value, 0),
                    arrowprops={"arrowstyle": "-|>", "color": SECANT_COLOR, "lw": 4})
        ax.plot([value], [0], "o", color="k", ms=6, zorder=3)
        ax.set_yticks([])
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        ax.set_ylabel(name, rotation=0, ha="right", va="center", fontsize=12)
        ax.text(1.04, 0.5, note, transform=ax.transAxes, va="center", fontsize=10)
    for upper, lower, (a, b), (c, d) in [(axes[0], axes[1], (x0, x0 + dx), (u0, u0 + du)),
                                         (axes[1], axes[2], (u0, u0 + du), (y0, y0 + dy))]:
        for start, end in [(a, c), (b, d)]:
            fig.add_artist(ConnectionPatch((start, 0), (end, 0), "data", "data", axesA=upper,
                                           axesB=lower, color="0.6", lw=1, ls="--"))
    fig.suptitle(f"x0 = {x0:.2f}: stretched ×{du_dx:.2f}, then ×{dy_du:.2f}, so "
                 f"dy/dx = {du_dx:.2f} × {dy_du:.2f} = {du_dx * dy_du:.3f}\n"
                 f"(the nudge itself: Δy/Δx = {dy / dx:.3f})", fontsize=11)
    return fig


def graph(root, step: int | None = None, show_grad: bool = False,
          backward_step: int | None = None) -> Figure:
    """The computational graph of an engine.Value: inputs on the left, root on the right.

    Each box shows a node's value; each edge its local derivative d(node)/d(input). With step,
    only the first `step` operations have been computed (the forward pass so far, the latest
    in orange). With show_grad, each box also shows d(root)/d(node) (after backward()).
    With backward_step, the backward pass so far: the root and the next backward_step nodes
    in reverse topological order have their final gradient (the latest in green).
    """
    order = engine.topological_order(root)
    depth = {}
    for node in order:
        depth[node] = 1 + max((depth[p] for p in node.inputs), default=-1)
    columns = {}
    for node in order:
        columns.setdefault(depth[node], []).append(node)
    where = {node: (2.6 * d, 1.8 * (len(col) - 1) / 2 - 1.8 * i)
             for d, col in columns.items() for i, node in enumerate(col)}
    operations = [node for node in order if node.inputs]
    done = set(operations if step is None else operations[:step])
    latest = operations[step - 1] if step else None
    backward_order = order[::-1]
    if backward_step is not None:
        show_grad = True
        graded = set(backward_order[:backward_step + 1])
        newest = backward_order[backward_step]
    else:
        graded, newest = set(order), None

    width = 2.6 * max(columns) + 2.4
    height = 1.8 * max(len(col) for col in columns.values()) + 1.4
    fig, ax = _subplots(figsize=(min(2.2 + 1.7 * len(columns), 12), 1.0 + 0.75 * height / 1.5))
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.86)
    for node in order:
        known = not node.inputs or node in done
        for parent, local in zip(node.inputs, node.local, strict=True):
            (x1, y1), (x2, y2) = where[parent], where[node]
            ax.annotate("", (x2 - 0.75, y2), (x1 + 0.75, y1),
                        arrowprops={"arrowstyle": "-|>", "color": "0.45", "lw": 1.3})
            if known:  # on the edge, three quarters along: clear of crossing edges
                t = 0.75
                ax.text(x1 + 0.75 + t * (x2 - x1 - 1.5), y1 + t * (y2 - y1), f"{local:.3g}",
                        ha="center", va="center", fontsize=9, color=DERIV_COLOR,
                        fontweight="bold", bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                                 "ec": DERIV_COLOR, "lw": 0.6})
        lines = [_node_name(node)]
        lines.append(f"= {node.data:.4g}" if known else "= ?")
        if show_grad:
            lines.append(f"grad {node.grad:.4g}" if node in graded else "grad ?")
        color = "#ffd8a8" if node is latest else ("#d0ebff" if known else "#f1f3f5")
        if newest is not None:
            color = "#b2f2bb" if node is newest else ("#d0ebff" if node in graded else "#f1f3f5")
        ax.text(*where[node], "\n".join(lines), ha="center", va="center", fontsize=10,
                bbox={"boxstyle": "round,pad=0.5", "fc": color, "ec": "0.4"})
    ax.set_xlim(-1.2, width - 1.2)
    ax.set_ylim(-height / 2, height / 2)
    ax.axis("off")
    title = ("boxes: values flowing forward; green edge labels: local derivatives "
             "d(node)/d(input)")
    if step is not None:
        progress = f"forward pass, step {step} of {len(operations)}"
        if latest is not None:
            progress += f": computed {_node_name(latest)} = {latest.data:.4g}"
        title = f"{progress}\n{title}"
    if newest is not None:
        name = newest.label or newest.op
        title = (f"backward pass, step {backward_step} of {len(order) - 1}: "
                 f"grad of {name} = {newest.grad:.4g} is final\n"
                 "its grad = Σ over the nodes it feeds: local derivative on the edge × their grad")
    ax.set_title(title, fontsize=10)
    return fig


def _node_name(node) -> str:
    """What a box says: its label and how it was computed, e.g. "u = x + y"."""
    names = [p.label or f"{p.data:.3g}" for p in node.inputs]
    if not node.inputs:
        formula = ""
    elif node.op in {"+", "-", "*", "/"}:
        formula = f" {node.op} ".join(names)
    elif node.op.startswith("**"):
        formula = f"{names[0]}^{node.op[2:]}"
    else:
        formula = f"{node.op}({', '.join(names)})"
    if node.label and formula:
        return f"{node.label} = {formula}"
    return node.label or formula


def forward_mode_errors(xs, dual_errors, fd_errors, name: str = "f") -> Figure:
    """Absolute error of dual numbers and of central differences at each x (log scale)."""
    fig, ax = _figure(1, (9, 4.2))
    floor = 1e-18  # an error of exactly 0 is drawn on this line
    ax.semilogy(xs, np.maximum(fd_errors, floor), "o-", color=SECANT_COLOR, ms=4,
                label="central difference (best default h)")
    ax.semilogy(xs, np.maximum(dual_errors, floor), "s-", color=DERIV_COLOR, ms=4,
                label="dual numbers (one forward pass)")
    ax.axhline(np.finfo(float).eps, color="0.5", ls=":", lw=1)
    ax.text(xs[0], np.finfo(float).eps * 1.6, "machine epsilon", fontsize=8, color="0.4")
    ax.set(xlabel="x", ylabel=f"|estimate − {name}′(x)|", ylim=(floor / 3, 1e-4),
           title=f"Errors of the derivative of {name}: dual numbers are exact up to rounding\n"
                 f"(an error of exactly 0 is drawn at {floor:.0e})")
    ax.legend(loc="upper right", fontsize=9)
    return fig


def cost(timings: dict) -> Figure:
    """Measured time of a gradient against the number of inputs n, on log-log axes.

    timings: label -> (ns, seconds). Two grey guides, each through the last point of the line
    it is meant for: time ∝ n² (dashed) through the first line's, time ∝ n (dotted) through the
    last line's (the same line when there is one).
    """
    fig, ax = _figure(1, (8, 4.8))
    for label, (ns, seconds) in timings.items():
        ax.loglog(ns, seconds, "o-", lw=2, label=label)
    lines = [np.asarray(line, dtype=float) for line in timings.values()]
    for (ns, seconds), power, style in [(lines[0], 2, "--"), (lines[-1], 1, ":")]:
        ax.loglog(ns, seconds[-1] * (ns / ns[-1]) ** power, style, color="0.5",
                  label=f"∝ n{'²' if power == 2 else ''} (guide)")
    ax.set(xlabel="number of inputs n", ylabel="seconds for the whole gradient",
           title="The cost of a gradient as the number of inputs grows")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper left", fontsize=9)
    return fig

