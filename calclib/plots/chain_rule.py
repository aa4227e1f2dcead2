"""Chapter 3's figures: the chain rule as stretched nudges, computational graphs (also
chapter 4's backward pass), forward mode's errors and the cost of forward and reverse mode.

Taught in notebooks/03_chain_rule.ipynb and notebooks/04_backpropagation.ipynb.
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import ConnectionPatch

from calclib import engine
from calclib.plots.base import DERIV_COLOR, SECANT_COLOR, Live, _figure, _subplots


def chain_stretch(x0: float, dx: float) -> Figure:
    """x -> u = x^2 -> y = sin(u) as three number lines on one scale: a nudge dx of x is
    stretched by u'(x0) = 2 x0, then by y'(u0) = cos(u0), so dy/dx is the product."""
    return ChainStretch().update(x0, dx).figure


HEAD = 0.4 * 18  # the length of a nudge's arrowhead in points: "-|>" at mutation_scale 18


class ChainStretch(Live):
    """The figure of chain_stretch(), kept by an explorer: the three number lines are built once;
    update(x0, dx) draws the nudges.

    The lines share one scale, zoomed to the largest of the three nudges, so a nudge of 0.01 is
    as visible as one of 0.3: the chain rule is about ratios of nudges, not their size. Each
    nudge is an arrow from its start (a dot, labelled) to its end (a ring, labelled); a nudge
    no longer than an arrowhead is too small to draw, and its note says so.
    """

    ROWS = ("x", "u = x²", "y = sin(u)")

    def __init__(self):
        self.figure, self.axes = _subplots(3, 1, figsize=(10, 4.4), gridspec_kw={
            "left": 0.12, "right": 0.6, "top": 0.8, "bottom": 0.06, "hspace": 0.9})
        for ax, name in zip(self.axes, self.ROWS, strict=True):
            ax.set_ylim(-1, 1)
            ax.spines["bottom"].set_position(("data", 0))  # the number line
            for side in ("left", "right", "top"):
                ax.spines[side].set_visible(False)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_ylabel(name, rotation=0, ha="right", va="center", fontsize=12)
        self.title = self.figure.suptitle(" ", fontsize=11)
        super().__init__()

    def update(self, x0: float, dx: float) -> "ChainStretch":
        """Draw the nudge dx of x at x0, and what it becomes in u and in y."""
        u0, y0 = x0**2, np.sin(x0**2)
        du, dy = (x0 + dx) ** 2 - u0, np.sin((x0 + dx) ** 2) - y0
        du_dx, dy_du = 2 * x0, np.cos(u0)
        rows = [("dx", x0, dx, f"nudge Δx = {dx:.3g}"),
                ("du", u0, du, f"Δu = {du:.3g}\nlinear: u′(x0)·Δx = {_factor(du_dx)} × "
                               f"{_factor(dx)} = {du_dx * dx:.3g}"),
                ("dy", y0, dy, f"Δy = {dy:.3g}\nlinear: y′(u0)·Δu = {_factor(dy_du)} × "
                               f"{_factor(du)} = {dy_du * du:.3g}")]
        half = 0.8 * max(abs(dx), abs(du), abs(dy))  # one scale for the three lines
        decimals = max(0, int(np.ceil(-np.log10(2 * half))) + 2)  # the same on every label
        self.clear()
        self.still = None  # the view moves with the nudge: everything is redrawn
        length = self.axes[0].get_position().width * self.figure.get_figwidth() * 72  # points
        for ax, (name, value, delta, note) in zip(self.axes, rows, strict=True):
            ax.set_xlim(value + delta / 2 - half, value + delta / 2 + half)
            if abs(delta) / (2 * half) * length > HEAD:  # an arrow longer than its head
                self.add(ax.annotate(
                    "", (value + delta, 0), (value, 0), gid=f"signed:{name}={delta:+.6g}",
                    arrowprops={"arrowstyle": "-|>", "color": SECANT_COLOR, "lw": 3,
                                "shrinkA": 0, "shrinkB": 0, "mutation_scale": 18}))
            else:
                note = note.replace("\n", " (too small to draw here)\n", 1)
            self.add(*ax.plot([value], [0], "o", color="k", ms=6, zorder=3,
                              gid=f"point:{name[1]}0"))
            self.add(*ax.plot([value + delta], [0], "o", mfc="white", color="k", ms=6, zorder=3))
            # each end's value below it, on the side away from the other end
            for where, side in [(value, -1), (value + delta, 1)]:
                outward = side if delta >= 0 else -side
                self.add(ax.annotate(f"{where + 0.0:.{decimals}f}", (where, 0),
                                     xytext=(6 * outward, -8),
                                     textcoords="offset points", va="top", fontsize=9,
                                     ha="left" if outward > 0 else "right"))
            self.add(ax.text(1.04, 0.5, note, transform=ax.transAxes, va="center", fontsize=10))
        upper_lower = [(self.axes[0], self.axes[1], (x0, x0 + dx), (u0, u0 + du)),
                       (self.axes[1], self.axes[2], (u0, u0 + du), (y0, y0 + dy))]
        for upper, lower, (a, b), (c, d) in upper_lower:
            for start, end in [(a, c), (b, d)]:
                self.add(self.figure.add_artist(ConnectionPatch(
                    (start, 0), (end, 0), "data", "data", axesA=upper, axesB=lower, color="0.6",
                    lw=1, ls="--")))
        self.title.set_text(
            f"x0 = {x0:.2f}: stretched ×{_factor(du_dx)}, then ×{_factor(dy_du)}, so "
            f"dy/dx = {_factor(du_dx)} × {_factor(dy_du)} = {du_dx * dy_du:.3f}\n"
            f"(the nudge itself: Δy/Δx = {dy / dx:.3f}; the three lines share one scale, "
            f"{2 * half:.3g} wide)")
        self.moving.append(self.title)
        return self


def graph(root, step: int | None = None, show_grad: bool = False,
          backward_step: int | None = None) -> Figure:
    """The computational graph of an engine.Value: inputs on the left, root on the right.

    Each box shows a node's value; each edge its local derivative d(node)/d(input). With step,
    only the first `step` operations have been computed (the forward pass so far, the latest
    in orange). With show_grad, each box also shows d(root)/d(node) (after backward()).
    With backward_step, the backward pass so far: the root and the next backward_step nodes
    in reverse topological order have their final gradient (the latest in green).
    """
    return Graph(root).update(root, step, show_grad, backward_step).figure


BOX_FONT, BOX_PAD = 11, 0.5  # a graph box's font size (points) and padding (of the font size)


class Graph(Live):
    """The figure of graph(), kept by an explorer: the layout is made once for a graph's shape;
    update(root, ...) writes the values of a graph of that shape (e.g. the same formula at other
    inputs) into its boxes and edge labels.

    Boxes are tagged ``node:<name>`` and arrows ``edge:<from>-><to>`` (their ``gid``); each
    arrow is placed relative to the boxes it joins, so it starts and ends on them whatever
    their size.
    """

    def __init__(self, root):
        self.order = order = engine.topological_order(root)
        depth = {}
        for node in order:
            depth[node] = 1 + max((depth[p] for p in node.inputs), default=-1)
        columns = {}
        for node in order:
            columns.setdefault(depth[node], []).append(node)
        self.where = [(2.6 * depth[node], 1.8 * (len(columns[depth[node]]) - 1) / 2
                       - 1.8 * columns[depth[node]].index(node)) for node in order]
        index = {node: i for i, node in enumerate(order)}
        self.edges = [(index[parent], i, position) for i, node in enumerate(order)
                      for position, parent in enumerate(node.inputs)]
        self.label_at = self._label_places()
        width = 2.6 * max(columns) + 2.4
        height = 1.8 * max(len(col) for col in columns.values()) + 1.4
        self.figure, self.ax = _subplots(
            figsize=(min(2.2 + 1.9 * len(columns), 12), 1.2 + 0.75 * height / 1.5))
        self.figure.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.84)
        ax = self.ax
        ax.set_xlim(-1.2, width - 1.2)
        ax.set_ylim(-height / 2, height / 2)
        ax.axis("off")
        super().__init__()

    def _label_places(self) -> dict:
        """Where along each edge (0: its start, 1: its end) its label goes: halfway, in the gap
        between the columns, unless another edge's label, or a crossing of two edges, is there
        already: then nearer one end."""
        places, taken = {}, self._crossings()
        for edge in self.edges:
            (x1, y1), (x2, y2) = self.where[edge[0]], self.where[edge[1]]
            for along in (0.5, 0.3, 0.7, 0.2, 0.8):
                x, y = x1 + along * (x2 - x1), y1 + along * (y2 - y1)
                if all(abs(x - u) >= 0.6 or abs(y - v) >= 0.35 for u, v in taken):
                    break
            places[edge] = along
            taken.append((x, y))
        return places

    def _crossings(self) -> list:
        """The points where two edges cross (not at a shared end)."""
        points = []
        for i, (a, b, _) in enumerate(self.edges):
            for c, d, _ in self.edges[i + 1:]:
                if {a, b} & {c, d}:
                    continue
                (x1, y1), (x2, y2) = self.where[a], self.where[b]
                (x3, y3), (x4, y4) = self.where[c], self.where[d]
                det = (x2 - x1) * (y4 - y3) - (y2 - y1) * (x4 - x3)
                if det == 0:
                    continue
                s = ((x3 - x1) * (y4 - y3) - (y3 - y1) * (x4 - x3)) / det
                r = ((x3 - x1) * (y2 - y1) - (y3 - y1) * (x2 - x1)) / det
                if 0 < s < 1 and 0 < r < 1:
                    points.append((x1 + s * (x2 - x1), y1 + s * (y2 - y1)))
        return points

    def update(self, root, step: int | None = None, show_grad: bool = False,
               backward_step: int | None = None) -> "Graph":
        """Show root's graph (the shape this figure was made for) at a step of the forward
        pass, or of the backward pass; see graph()."""
        order = engine.topological_order(root)
        if [len(n.inputs) for n in order] != [len(n.inputs) for n in self.order]:
            raise ValueError("this figure was made for a graph of another shape: make a new one")
        operations = [node for node in order if node.inputs]
        done = set(operations if step is None else operations[:step])
        latest = operations[step - 1] if step else None
        if backward_step is not None:
            show_grad = True
            graded = set(order[::-1][:backward_step + 1])
            newest = order[::-1][backward_step]
        else:
            graded, newest = set(order), None
        self.clear()
        ax, boxes = self.ax, []
        for node, where in zip(order, self.where, strict=True):
            known = not node.inputs or node in done
            # (+ 0.0 turns a -0.0, e.g. 0 × (−1), into the 0 a learner expects)
            lines = [_node_name(node), f"= {node.data + 0.0:.4g}" if known else "= ?"]
            if show_grad:
                lines.append(f"grad {node.grad + 0.0:.4g}" if node in graded else "grad ?")
            color = "#ffd8a8" if node is latest else ("#d0ebff" if known else "#f1f3f5")
            if newest is not None:
                color = "#b2f2bb" if node is newest else (
                    "#d0ebff" if node in graded else "#f1f3f5")
            boxes.append(self.add(ax.text(
                *where, "\n".join(lines), ha="center", va="center", fontsize=BOX_FONT,
                gid=f"node:{_short_name(node)}", zorder=3,
                bbox={"boxstyle": f"round,pad={BOX_PAD}", "fc": color, "ec": "0.4"})))
        for parent, child, position in self.edges:
            node, local = order[child], order[child].local[position]
            (x1, y1), (x2, y2) = self.where[parent], self.where[child]
            # from the middle of the parent's right side to the middle of the child's left:
            # the text's edge, moved out by the box's padding (BOX_PAD of the font size)
            self.add(ax.annotate(
                "", (0, 0.5), (1, 0.5), xycoords=boxes[child], textcoords=boxes[parent],
                gid=f"edge:{_short_name(order[parent])}->{_short_name(node)}",
                arrowprops={"arrowstyle": "-|>", "color": "0.45", "lw": 1.3,
                            "shrinkA": BOX_PAD * BOX_FONT, "shrinkB": BOX_PAD * BOX_FONT}))
            if node in done or step is None:
                along = self.label_at[(parent, child, position)]
                self.add(ax.text(
                    x1 + along * (x2 - x1), y1 + along * (y2 - y1), f"{local + 0.0:.3g}",
                    ha="center", va="center",
                    fontsize=10, color=DERIV_COLOR, fontweight="bold", zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": DERIV_COLOR,
                          "lw": 0.6}))
        title = ("boxes: values flowing forward; green edge labels: local derivatives "
                 "d(node)/d(input)")
        if step is not None:
            progress = f"forward pass, step {step} of {len(operations)}"
            if latest is not None:
                progress += f": computed {_node_name(latest)} = {latest.data + 0.0:.4g}"
            title = f"{progress}\n{title}"
        if newest is not None:
            title = (f"backward pass, step {backward_step} of {len(order) - 1}: "
                     f"grad of {newest.label or newest.op} = {newest.grad + 0.0:.4g} is final\n"
                     "its grad = Σ over the nodes it feeds: local derivative on the edge × "
                     "their grad")
        ax.set_title(title, fontsize=11)
        self.still = None  # boxes change size with their text: redraw it all
        return self


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



def _factor(value: float) -> str:
    """A number as a factor in a product: 3 × (−0.628), not 3 × -0.628."""
    return f"({value:.3g})" if value < 0 else f"{value:.3g}"


def _short_name(node) -> str:
    """A node's name for a tag: its label, or its operation."""
    return node.label or node.op or f"{node.data:.3g}"
