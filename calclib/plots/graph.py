"""Computational graphs, drawn: values flowing forward, each edge's local derivative, and
gradients flowing back (chapter 3's forward pass, chapter 4's backward pass).

Taught in notebooks/03_chain_rule.ipynb and notebooks/04_backpropagation.ipynb.

The layout is worked out here, in inches, with no graph-drawing package. Each column holds the
nodes of one depth: a variable is in the first, an operation one column right of its deepest
input, a constant just left of the first operation that uses it. Each node is placed at the
mean height of its inputs, so a chain runs straight, and then each column is spread so that no
two boxes touch. An edge's label (its local derivative) sits in the gap just before the node it
belongs to, and each gap is as wide as its widest label. Boxes are measured with their widest
text (every value and every gradient shown), so nothing moves while the passes are stepped.
"""

import math
import re
import textwrap

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Patch
from matplotlib.text import Text

from calclib import engine
from calclib.expression_graph import natural
from calclib.plots.base import DERIV_COLOR, Live, _number

BOX_FONT, SMALL_FONT = 11, 9  # a box's font size (points); in a graph too wide for it
BOX_PAD, CORNER = 0.5, 0.06  # a box's padding (of its font size); its corners' radius (inches)
TITLE_FONT, NOTE_FONT = 11, 10  # the title's, and the notes' under the graph (monospace)
NOTE_LINE, KEY_HEIGHT = 1.3 * 10 / 72, 0.35  # inches: a line of notes; the colour key
ROW_GAP, LABEL_ROOM = 0.25, 0.3  # inches between boxes in a column; around an edge label
FAN_IN = 0.16  # inches of a box's side for each edge into it
MAX_WIDTH = 12.5  # inches: 1,000 pixels at the explorers' 80 dpi
MIN_WIDTH = 8.0  # inches: room for the title and the notes
MEASURE_DPI = 80  # texts are measured at the explorers' dpi: hinted, they are wider than at 100

# forward: known, just computed, not yet; backward: passing its grad back, receiving a +=
COMPUTED, LATEST, WAITING = "#d0ebff", "#ffd8a8", "#f1f3f5"
PASSING, RECEIVING = "#b2f2bb", "#fff3bf"
EDGE, ACTIVE = "0.45", DERIV_COLOR
KEY = {"just computed": LATEST, "computed": COMPUTED, "not yet": WAITING,
       "passing its grad back": PASSING, "receiving a +=": RECEIVING}


def graph(root, show_grad: bool = False) -> Figure:
    """The computational graph of an engine.Value: inputs on the left, root on the right.

    Each box shows a node's value and each edge its local derivative d(node)/d(input); with
    show_grad, each box also shows its grad, d(root)/d(node) (after root.backward())."""
    return Graph(root, show_grad=show_grad).update(show_grad=show_grad).figure


class Graph(Live):
    """The figure of an engine graph, kept by an explorer that steps through its passes.

    Graph(root, widest=None, inputs=None, notes=(), column=(), show_grad=False, key=False):
    widest is the State (from expression_graph.passes) whose text is the widest, to size the
    boxes (the last one: every value and gradient); inputs the variables' Values (other leaves
    are constants, drawn as small white boxes next to the operation using them); notes lines of
    monospace text under the graph, the same at every step (drawn once: text is most of a
    redraw); column the widest lines that update(state, column) will show right of the notes'
    first lines, row by row; show_grad: size the boxes for a grad line without a widest State;
    key: a colour key under the notes. update(state, column) shows one step.
    Raises ValueError for a graph too wide for MAX_WIDTH inches even in SMALL_FONT.

    Boxes are patches of a fixed size (the widest text's), tagged ``node:<name>``; arrows, tagged
    ``edge:<from>-><to>``, run from one box's border to the other's.
    """

    def __init__(self, root, widest=None, inputs=None, notes=(), column=(), show_grad=False,
                 key=False):
        self.root = root
        self.order = order = engine.topological_order(root)
        variables = set(inputs.values()) if inputs is not None else None
        self.constants = {node for node in order if not node.inputs and variables is not None
                          and node not in variables}
        self.uses = {node: 0 for node in order}
        for node in order:
            for parent in node.inputs:
                self.uses[parent] += 1
        self.shared = any(uses > 1 for uses in self.uses.values())
        self.edges = [(parent, node, i) for node in order for i, parent in enumerate(node.inputs)]
        self.figure = Figure(dpi=MEASURE_DPI)
        renderer = FigureCanvasAgg(self.figure).get_renderer()
        show_grad = show_grad or widest is not None
        for self.font in (BOX_FONT, SMALL_FONT):  # smaller type before refusing a wide graph
            self.sizes = sizes = {node: self._box_size(renderer, node, widest, show_grad)
                                  for node in order}
            label_sizes = {edge: self._text_size(renderer, _local(edge), self.font - 1)
                           for edge in self.edges}
            self.column = self._columns()
            self.x, self.y = self._place(sizes, label_sizes)
            graph_width = max(self.x[n] + sizes[n][0] / 2 for n in order) + 0.15
            if graph_width <= MAX_WIDTH:
                break
        else:
            depth = max(self.column.values()) + 1
            raise ValueError(f"this formula's graph is {depth} columns deep and too wide to draw "
                             "readably: try one with fewer operations nested in one another")
        self._attach()
        self.label_at = self._label_places(sizes, label_sizes)
        arcs = [_arc(*self._ends(e), self.bend[e])[:, 1] for e in self.edges] or [[0]]
        top = max(max(self.y[n] + sizes[n][1] / 2 for n in order), max(map(max, arcs))) + 0.15
        bottom = min(min(self.y[n] - sizes[n][1] / 2 for n in order), min(map(min, arcs))) - 0.15
        title_height = 3 * 1.35 * TITLE_FONT / 72 + 0.15
        rows = len(column) or len(notes)
        notes_height = (NOTE_LINE * len(notes) + 0.3 if notes else 0) + (KEY_HEIGHT if key else 0)
        column_at = max((self._text_size(renderer, line, NOTE_FONT, "monospace")[0]
                         for line in notes[:rows]), default=0) + 0.1
        width = max(graph_width, MIN_WIDTH, column_at + 0.6 + max(
            (self._text_size(renderer, line, NOTE_FONT, "monospace")[0] for line in column),
            default=0), *(self._text_size(renderer, line, NOTE_FONT, "monospace")[0] + 0.6
                          for line in notes))
        height = title_height + (top - bottom) + notes_height
        self.figure.set_size_inches(width, height)
        self.ax = self.figure.add_axes((0, notes_height / height, 1, (top - bottom) / height))
        left = -(width - graph_width) / 2  # one inch is one unit, both ways; the graph centred
        self.ax.set_xlim(left, left + width)
        self.ax.set_ylim(bottom, top)
        self.ax.axis("off")
        self.title = self.figure.suptitle(" ", y=1 - 0.08 / height, va="top", fontsize=TITLE_FONT)
        # the notes, a line at a time, so that the column's rows sit exactly beside theirs
        first = notes_height - 0.2
        for i, line in enumerate(notes):
            self.figure.text(0.3 / width, (first - i * NOTE_LINE) / height, line, ha="left",
                             va="top", fontsize=NOTE_FONT, family="monospace")
        self.rows = [self.figure.text((0.3 + column_at) / width, (first - i * NOTE_LINE) / height,
                                      "", ha="left", va="top", fontsize=NOTE_FONT,
                                      family="monospace") for i in range(len(column))]
        if key:
            self.figure.legend(
                [Patch(fc=color, ec="0.4") for color in KEY.values()], list(KEY),
                loc="lower center", ncols=len(KEY), fontsize=9, frameon=False,
                handlelength=1.2, columnspacing=1.2, bbox_to_anchor=(0.5, 0.02 / height))
        self._draw_fixed()
        super().__init__()

    def _draw_fixed(self):
        """The boxes, arrows and labels, made once; update() sets what they show."""
        ax, self.boxes, self.texts, self.arrows, self.labels = self.ax, {}, {}, {}, {}
        for edge in self.edges:
            parent, node, _ = edge
            start, end = self._ends(edge)
            self.arrows[edge] = ax.annotate(
                "", end, start, zorder=2, gid=f"edge:{_short_name(parent)}->{_short_name(node)}",
                arrowprops={"arrowstyle": "-|>", "color": EDGE, "lw": 1.2, "shrinkA": 0,
                            "shrinkB": 0, "connectionstyle": f"arc3,rad={self.bend[edge]}"})
            self.labels[edge] = ax.text(
                *self.label_at[edge], _local(edge), ha="center", va="center",
                fontsize=self.font - 1, color=DERIV_COLOR, fontweight="bold", zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": DERIV_COLOR, "lw": 0.6})
        for node in self.order:
            width, height = self.sizes[node]
            constant = node in self.constants
            self.boxes[node] = ax.add_patch(FancyBboxPatch(
                (self.x[node] - width / 2 + CORNER, self.y[node] - height / 2 + CORNER),
                width - 2 * CORNER, height - 2 * CORNER, boxstyle=f"round,pad={CORNER}",
                fc="white", ec="0.6" if constant else "0.4", zorder=3,
                gid=f"node:{_short_name(node)}"))
            self.texts[node] = ax.text(self.x[node], self.y[node], "", ha="center", va="center",
                                       fontsize=self.font - constant, zorder=4,
                                       color="0.3" if constant else "k")

    # the layout: sizes, columns, heights, where the arrows attach, where the labels go
    def _box_size(self, renderer, node, widest, show_grad) -> tuple:
        lines = self._lines(node, widest, show_grad)
        font = self.font - 1 if node in self.constants else self.font
        width, height = self._text_size(renderer, "\n".join(lines), font)
        pad = 2 * BOX_PAD * font / 72
        # a node of many inputs is as tall as its edges need to arrive apart, labels and all
        return width + pad, max(height + pad, FAN_IN * len(node.inputs))

    def _text_size(self, renderer, text, font, family="sans-serif") -> tuple:
        """A text's width and height in inches."""
        artist = Text(0, 0, text, fontsize=font, ha="center", va="center", family=family)
        artist.set_figure(self.figure)
        box = artist.get_window_extent(renderer)
        return box.width / self.figure.dpi, box.height / self.figure.dpi

    def _columns(self) -> dict:
        column = {}
        for node in self.order:  # inputs first
            column[node] = 1 + max((column[p] for p in node.inputs), default=-1)
        for node in self.constants:  # just before the first operation that uses it
            users = [column[n] for n in self.order if node in n.inputs]
            column[node] = max(0, min(users) - 1)
        return column

    def _place(self, sizes, label_sizes) -> tuple:
        """x (centre of each column) and y (each node) in inches."""
        columns = {}
        for node in self.order:
            columns.setdefault(self.column[node], []).append(node)
        widths = {c: max(sizes[n][0] for n in nodes) for c, nodes in columns.items()}
        gaps = {c: LABEL_ROOM + max([0.45] + [label_sizes[e][0] for e in self.edges
                                              if self.column[e[1]] == c]) for c in columns}
        x, right = {}, 0.15
        for c in sorted(columns):
            centre = right + (gaps[c] if c else 0) + widths[c] / 2
            for node in columns[c]:
                x[node] = centre
            right = centre + widths[c] / 2
        y = {}
        first = sorted((n for n in columns[0] if n not in self.constants),
                       key=lambda n: natural(n.label))  # the variables, a2 above a10
        for c in sorted(columns):  # each node at its inputs' mean height, then spread
            wanted = {n: np.mean([y[p] for p in n.inputs if p in y] or [-first.index(n)])
                      for n in columns[c] if n not in self.constants}
            y.update(_spread(wanted, sizes))
        for c in sorted(columns):  # constants at their users' height, among the others
            constants = [n for n in columns[c] if n in self.constants]
            if constants:
                wanted = {n: y[n] for n in columns[c] if n not in self.constants}
                wanted.update({n: np.mean([y[u] for u in self.order if n in u.inputs])
                               for n in constants})
                y.update(_spread(wanted, sizes))
        return x, y

    def _attach(self):
        """Where each edge leaves its input's box and enters its node's: spread along the
        box's side in the order of the other ends' heights, so that edges do not cross there."""
        self.enter, self.leave = {}, {}
        for node in self.order:
            into = sorted((e for e in self.edges if e[1] is node), key=lambda e: -self.y[e[0]])
            for k, edge in enumerate(into):
                self.enter[edge] = 1 - (k + 1) / (len(into) + 1)
            out = sorted((e for e in self.edges if e[0] is node), key=lambda e: -self.y[e[1]])
            for k, edge in enumerate(out):
                self.leave[edge] = 1 - (k + 1) / (len(out) + 1)

    def _label_places(self, sizes, label_sizes) -> dict:
        """Where each edge's label goes: in the gap just before its node, at the first of a few
        places along the edge where it touches no other label and no other edge (else where it
        touches fewest). Sets self.bend too."""
        self.bend = {edge: self._bend(edge, self._ends(edge), sizes) for edge in self.edges}
        paths = {edge: _arc(*self._ends(edge), self.bend[edge]) for edge in self.edges}
        places, taken = {}, []
        for edge in sorted(self.edges, key=lambda e: (self.column[e[1]], -self.y[e[0]])):
            node = edge[1]
            (x1, _), (x2, _) = self._ends(edge)
            points = paths[edge]
            gap_right = x2
            gap_left = max(x1, x2 - (self.x[node] - sizes[node][0] / 2 - max(
                (self.x[n] + sizes[n][0] / 2 for n in self.order
                 if self.column[n] == self.column[node] - 1), default=x1)))
            width, height = label_sizes[edge]
            others = np.concatenate([paths[e] for e in self.edges if e != edge] or
                                    [np.empty((0, 2))])
            best = None
            room = (gap_left + width / 2 + 0.05, gap_right - width / 2 - 0.05)  # clear of boxes
            if room[0] > room[1]:
                room = ((gap_left + gap_right) / 2,) * 2
            for along in (0.5, 0.35, 0.65, 0.2, 0.8, 0.05, 0.95):
                lx = room[0] + along * (room[1] - room[0])
                lx, ly = points[np.argmin(np.abs(points[:, 0] - lx))]
                box = (lx - width / 2 - 0.04, ly - height / 2 - 0.03,
                       lx + width / 2 + 0.04, ly + height / 2 + 0.03)
                clashes = sum(_overlap(box, other) for other in taken) * 100 + int(
                    ((others[:, 0] > box[0]) & (others[:, 0] < box[2]) & (others[:, 1] > box[1])
                     & (others[:, 1] < box[3])).sum())
                if best is None or clashes < best[0]:
                    best = (clashes, (float(lx), float(ly)), box)
                if clashes == 0:
                    break
            places[edge] = best[1]
            taken.append(best[2])
        return places

    def _bend(self, edge, ends, sizes) -> float:
        """0 for an edge drawn straight; else the least bend (matplotlib's arc3 rad) that takes
        it around the boxes it would pass behind, so that every path can be followed."""
        parent, node, _ = edge
        others = [(self.x[n] - sizes[n][0] / 2 - 0.1, self.y[n] - sizes[n][1] / 2 - 0.1,
                   self.x[n] + sizes[n][0] / 2 + 0.1, self.y[n] + sizes[n][1] / 2 + 0.1)
                  for n in self.order if n is not parent and n is not node
                  and self.column[parent] < self.column[n] < self.column[node]]

        def clear(rad):
            points = _arc(*ends, rad)
            return not any(((points[:, 0] > b[0]) & (points[:, 0] < b[2]) & (points[:, 1] > b[1])
                            & (points[:, 1] < b[3])).any() for b in others)

        up = self.y[parent] >= np.mean([(b[1] + b[3]) / 2 for b in others] or [0.0])
        for size in np.arange(0, 1.21, 0.1):  # bend up from an input above what is in the way
            for rad in (-size, size) if up else (size, -size):
                if clear(rad):
                    return float(rad)
        return 0.0

    def _ends(self, edge) -> tuple:
        """An edge's start and end, in inches: on its boxes' sides."""
        parent, node, _ = edge
        sizes = self.sizes
        start = (self.x[parent] + sizes[parent][0] / 2,
                 self.y[parent] + (self.leave[edge] - 0.5) * sizes[parent][1])
        end = (self.x[node] - sizes[node][0] / 2,
               self.y[node] + (self.enter[edge] - 0.5) * sizes[node][1])
        return start, end

    # what a step shows
    def _lines(self, node, state, show_grad) -> list:
        """A box's text at a state of the passes (None: every value known, no gradient)."""
        if node in self.constants:
            return [node.label or _number(node.data, ".4g")]
        known = state is None or node in state.computed
        value = _number(node.data, ".4g") if known else "?"
        if node.inputs:
            lines = [_node_name(node), f"= {value}"]
        else:
            lines = [f"{node.label} = {value}" if node.label else value]
        if show_grad:
            received = None if state is None else state.grads.get(node)
            if state is None:  # a graph after backward(): its grads as they are
                lines.append(f"grad {_number(node.grad, '.4g')}")
            elif received is None:
                lines.append("grad ?")
            else:
                lines.append(f"grad {_number(sum(received, 0.0), '.4g')}")
                if self.uses[node] > 1:  # the += of each use, as they arrive
                    more = " + …" if len(received) < self.uses[node] else ""
                    lines.append(f"= {_terms(received)}{more}")
        return lines

    def update(self, state=None, show_grad: bool = False, column=(), stopped=None) -> "Graph":
        """Show the graph at a State of expression_graph.passes (None: every value, and with
        show_grad every grad as it is); column: lines of text right of the notes' first lines;
        stopped: why the backward pass could not take the step after `state` (the title says
        so)."""
        backward = state is not None and state.phase == "backward"
        show_grad = show_grad or backward
        receiving = {parent for parent, _ in state.passed} if backward else set()
        current = None if state is None or stopped else state.current
        for node in self.order:
            color = COMPUTED if state is None or node in state.computed else WAITING
            if node is current:
                color = PASSING if backward else LATEST
            elif node in receiving and not stopped:
                color = RECEIVING
            self.boxes[node].set_facecolor("white" if node in self.constants else color)
            self.texts[node].set_text("\n".join(self._lines(node, state, show_grad)))
        for edge, arrow in self.arrows.items():
            active = backward and edge[1] is current
            arrow.arrow_patch.set_color(ACTIVE if active else EDGE)
            arrow.arrow_patch.set_linewidth(2.4 if active else 1.2)
            label = self.labels[edge]
            label.set_visible(state is None or edge[1] in state.computed)  # known with its node
            label.get_bbox_patch().set_linewidth(1.5 if active else 0.6)
        for row, line in zip(self.rows, column, strict=False):
            row.set_text(line)
        self.title.set_text(self._title(state, show_grad, stopped))
        self.moving = [*self.arrows.values(), *self.boxes.values(), *self.texts.values(),
                       *self.labels.values(), self.title, *self.rows]  # the notes stay
        return self

    def _title(self, state, show_grad, stopped=None) -> str:
        """What this step did, in words (numbered as the explorer's slider: 0 to 2F + 1)."""
        key = ("boxes: each node's value; green on each edge: its local derivative "
               "d(node)/d(input)")
        if state is None:
            return key + (";\ngrad: d(output)/d(node), from backward()" if show_grad else "")
        last = 2 * state.of + 1
        if state.of == 0:  # f is a variable itself
            return self._wrap([f"step {state.step + (state.phase == 'backward')} of {last}: f is "
                               f"the variable {_short_name(self.root)} itself; there is no "
                               "operation to compute or to pass a grad back through"], key)
        if state.phase == "forward":
            where = f"step {state.step} of {last}, the forward pass"
            if state.current is None:
                first = (f"{where}: only the inputs are known; each step computes one operation "
                         "whose inputs are known")
            else:
                node = state.current
                first = (f"{where}: computed {_node_name(node)} = {_number(node.data, '.4g')}"
                         " and the local derivatives on its edges")
            return self._wrap([first], key)
        rule = ("a node used twice gets a += from each use: its grad is their sum "
                "(the multivariable chain rule)" if self.shared else
                "each node's grad is final when its turn comes: every node it feeds has passed "
                "back")
        if stopped:
            return self._wrap([stopped], rule)
        where = f"step {state.of + 1 + state.step} of {last}, the backward pass"
        output = _short_name(self.root)
        if state.current is None:
            first = (f"{where} starts: {output}.grad = 1 (d{output}/d{output}); the grads flow "
                     "back, in reverse topological order")
            return self._wrap([first], "at each step a node whose grad is final passes it back:"
                                       " input.grad += local derivative × grad")
        node, grad = state.current, _number(state.grad(state.current), ".4g")
        updates = [f"{_short_name(p)}.grad += " + (
            f"{_factor(local)} × {_factor(state.grad(node))}" if not math.isinf(local) else
            "0 (its local derivative is infinite, but no gradient reaches it)")
            for p, local in zip(node.inputs, node.local, strict=True)
            if p not in self.constants]
        first = f"{where}: {_short_name(node)} passes its grad {grad} back: "
        return self._wrap([first, *(updates or ["to constants only, whose grads are not shown"])],
                          rule)

    def _wrap(self, pieces: list, second: str) -> str:
        """A title: pieces run together on at most two lines (a line breaks only between
        pieces, never inside one), then the line `second`, each as wide as the figure."""
        width = int(self.figure.get_figwidth() * 72 / (0.6 * TITLE_FONT))  # characters
        lines = [pieces[0]]
        for piece in pieces[1:]:
            joiner = "" if lines[-1].endswith(": ") else "; "
            if len(lines[-1]) + len(joiner) + len(piece) <= width:
                lines[-1] += joiner + piece
            else:
                lines.append(piece)
        lines = [part for line in lines for part in _balanced(line, width)]  # a long piece
        if len(lines) > 2:
            lines = [lines[0], textwrap.shorten(lines[1] + "; " + lines[2], width,
                                                placeholder=" …")]
        return "\n".join([*lines, textwrap.shorten(second, width, placeholder=" …")])


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
WORDS = {"sum": "sum", "+": "sum", "prod": "product", "*": "product"}  # of many inputs


def _balanced(text: str, width: int) -> list:
    """text wrapped to lines of at most width characters, as even as can be (no last word
    alone on its line)."""
    lines = math.ceil(len(text) / width)
    return textwrap.wrap(text, min(width, math.ceil(len(text) / lines) + 8))


def _local(edge) -> str:
    """An edge's label: the local derivative d(node)/d(input) (nan: log of a negative base)."""
    local = edge[1].local[edge[2]]
    return "undefined" if math.isnan(local) else _number(local, ".3g")


def _factor(value: float) -> str:
    """A number as a factor of a product: 3 × (−1.52), not 3 × -1.52."""
    text = _number(value, ".4g")
    return f"({text})" if text.startswith("-") else text


def _spread(wanted: dict, sizes: dict) -> dict:
    """Heights for the nodes of one column as near their wanted heights as boxes that do not
    overlap allow (ROW_GAP apart), in the wanted order, then moved together so that on
    average they sit where they were wanted."""
    nodes = sorted(wanted, key=lambda n: -wanted[n])
    y, floor = {}, np.inf
    for node in nodes:
        half = sizes[node][1] / 2
        y[node] = min(wanted[node], floor - half)
        floor = y[node] - half - ROW_GAP
    shift = np.mean([wanted[n] - y[n] for n in nodes])
    return {n: float(y[n] + shift) for n in nodes}


def _arc(start, end, rad, n=60) -> np.ndarray:
    """n points along matplotlib's arc3 connection from start to end: a quadratic Bezier curve
    whose control point is the midpoint moved rad times the length, at a right angle."""
    (x1, y1), (x2, y2) = start, end
    control = ((x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1))
    t = np.linspace(0, 1, n)[:, None]
    return (1 - t) ** 2 * np.array(start) + 2 * (1 - t) * t * np.array(control) \
        + t**2 * np.array(end)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _terms(received) -> str:
    """Contributions as a sum: 0.5 + 2.13 − 1 (a negative term after a minus)."""
    text = _number(received[0], ".3g")
    for term in received[1:]:
        sign = "−" if term < 0 and _number(term, ".3g") != "0" else "+"
        text += f" {sign} {_number(abs(term), '.3g')}"
    return text


def _node_name(node) -> str:
    """What a box says: its label and how it was computed, e.g. "v1 = x · y"."""
    names = [_short_name(p) for p in node.inputs]
    symbols = {"+": " + ", "sum": " + ", "-": " − ", "*": " · ", "prod": " · ", "/": " / "}
    if not node.inputs:
        formula = ""
    elif node.op in WORDS and len(names) > 4:  # a long sum or product: "sum of 8"
        formula = f"{WORDS[node.op]} of {len(names)}"
    elif node.op in symbols:
        formula = symbols[node.op].join(names)
    elif node.op == "neg":
        formula = f"−{names[0]}"
    elif node.op == "**":
        formula = f"{names[0]}^{names[1]}"
    elif node.op.startswith("**"):  # x², y⁻¹, x^0.5
        exponent = node.op[2:]
        if re.fullmatch(r"-?\d+", exponent):
            formula = names[0] + exponent.translate(SUPERSCRIPTS)
        else:
            formula = f"{names[0]}^{exponent.replace('-', '−')}"
    else:
        formula = f"{node.op}({', '.join(names)})"
    if node.label and formula:
        return f"{node.label} = {formula}"
    return node.label or formula


def _short_name(node) -> str:
    """A node's name: its label, or its value."""
    return node.label or _number(node.data, ".3g")
