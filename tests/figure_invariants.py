"""Checks that a figure a learner sees can be trusted, made on the figure object, not its pixels.

Each check takes a drawn ``matplotlib.figure.Figure`` and a renderer (``prepare(figure)`` draws
it and returns one) and returns a list of failures, each a sentence a person can act on; an
empty list is a pass. ``check(figure)`` runs them all. Used by tests/test_figure_invariants*.py on
every explorer at every setting (issue 17), and by tests/gallery.py.

Words used below
----------------
visible text
    A ``Text`` (titles, axis labels, tick labels, legend entries, annotations, figure texts)
    with a non-blank string, visible itself and through all its parents (figure, axes, axis,
    tick, legend), that matplotlib actually draws: of an axis only the ticks it draws inside
    the view (``Axis._update_ticks``), and no ``Annotation`` whose point lies outside the
    axes when it is clipped (``annotation_clip``). Its box is ``get_window_extent``, or the box
    drawn around it (``bbox=...``) when it has one, in pixels at the figure's dpi.

The conventions (``gid``s) a figure uses to tell the checks what it means
------------------------------------------------------------------------
``node:<name>``
    a box of a graph: a ``Text`` drawn with a ``bbox`` (the box is the drawn patch) or a
    ``Patch``.
``edge:<src>-><dst>``
    an arrow of a graph from node ``<src>`` to node ``<dst>``: an ``Annotation`` with an arrow,
    a ``FancyArrowPatch``/``ConnectionPatch``, a ``FancyArrow`` or a ``Line2D``.
``point:<name>``
    a point the text refers to (a marked point, the tangent point, the current iterate, the
    end of a trajectory): a ``Line2D`` (every data point of it), a collection with offsets
    (every offset), an ``Annotation`` (its ``xy``) or a ``Text`` (its position). Tag markers,
    not whole curves: every point of a tagged artist must be in view.
``signed:<quantity>=<value>``
    an artist drawing a signed quantity: an arrow (``Annotation``, ``FancyArrowPatch``,
    ``FancyArrow``) or a ``Line2D`` from its first point to its last. ``<value>`` is a number
    written with its sign (``signed:dx=+0.01``, ``signed:du=-0.0301``), drawn along x; or two,
    ``<vx>,<vy>`` (``signed:-grad=-2,+1``; ``signed:step=0,-0.3`` for a vertical one).

The invariants
--------------
1. clipped: every visible text's box lies inside the figure's box (1 px of slack).
2. overlap: no two visible texts' boxes overlap by more than 1 px in both directions (a text
   and its own drawn box count as one); a visible text lies inside a node's box or clear of it;
   every ``edge:a->b`` starts within 4 px of node a's box and ends within 4 px of node b's;
   an axes drawn without its axis that holds two or more boxed texts and an arrow is a graph,
   and must tag its boxes ``node:`` and its arrows ``edge:``.
3. empty: every visible axes with its axis on draws at least one data artist inside its view
   (a ``Line2D`` with a finite point in view or a segment crossing it, a collection whose finite
   data meets the view, an image or a patch meeting it, an arrow), or holds a visible text of
   its own (``ax.text``/``ax.annotate``, not a title or label) saying why it is empty.
4. point in view: every point of every visible ``point:`` artist is finite and inside its
   axes (1 px of slack), unless a visible text of the figure says it left: it contains one of
   ``LEFT_VIEW_WORDS``.
5. signs: every visible ``signed:`` artist with a nonzero value points the way each nonzero
   component's sign says, in data coordinates of its axes (a sign-reversed axis reverses
   pixels too), and is at least 1 px long; a zero quantity draws no arrow (an artist tagged
   with value 0 must be invisible or under 1 px long).
6. readable: every visible text's font size is at least ``MIN_POINTS`` = 8 pt at the
   explorers' resolution, 80 dpi: its em, ``fontsize * dpi / 72`` pixels at the figure's dpi,
   is at least ``8 * 80 / 72`` = 8.9 px. So at the explorers' 80 dpi a text needs 8 pt; a
   figure shown at matplotlib-inline's default 100 dpi, 6.4 pt. (The pixels, not the points,
   are what a reader sees: the PNG is shown at one pixel per CSS pixel.)

Which explorers must carry which tags at all is the harness's business (``require_tags``).
"""

import itertools
import re

import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import Collection
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, FancyArrowPatch, Patch
from matplotlib.path import Path
from matplotlib.spines import Spine
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

MIN_POINTS = 8.0  # the smallest readable font size, in points at REFERENCE_DPI
REFERENCE_DPI = 80  # the explorers' resolution (calclib.widgets.DPI)
SLACK = 1.0  # pixels a text may reach past the figure or into another text
EDGE_SLACK = 4.0  # pixels between an edge's end and its node's box
LEFT_VIEW_WORDS = ("diverged", "off the plot", "out of view", "left the view",
                   "outside the plot", "beyond the plot")
INVARIANTS = ("clipped", "overlap", "empty", "point", "signs", "readable")


def prepare(figure, draw=True):
    """Draw the figure on an Agg canvas (animated artists too, as an explorer's blitting draws
    them) so every position is current; return the renderer. draw=False: the figure was just
    drawn whole (as an explorer's redraw leaves it), only a renderer of its size is needed."""
    if not draw:
        return RendererAgg(*figure.bbox.size, figure.dpi)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    for artist in figure.findobj(lambda a: a.get_animated()):
        if artist.axes is None or artist.axes.get_visible():
            artist.draw(renderer)
    return renderer


def check(figure, renderer=None) -> dict:
    """All six invariants: {invariant name: [failure, ...]}, only those that failed."""
    renderer = renderer or prepare(figure)
    found = {}
    for name, run in zip(INVARIANTS, CHECKS, strict=True):
        failures = run(figure, renderer)
        if failures:
            found[name] = failures
    return found


# What is drawn -------------------------------------------------------------------------------
def _children(artist):
    """The artists matplotlib draws under this one (an axis: only the ticks in its view)."""
    if isinstance(artist, Axis):
        return [artist.label, artist.offsetText, *_drawn_ticks(artist)]
    if isinstance(artist, Axes) and not _axis_on(artist):  # ax.axis("off"): no axis, spines
        return [a for a in artist.get_children() if not isinstance(a, (Axis, Spine))]
    return artist.get_children()


def _axis_on(ax):
    """Whether an axes draws its axes (a 3-D one keeps its own switch)."""
    return getattr(ax, "_axis3don", ax.axison)


def _drawn_ticks(axis):
    """The ticks an axis draws: those inside its view (as Axis._update_ticks finds them, but
    without moving any label: a 3-D axis places its labels while it draws)."""
    scale = axis.get_transform()  # compare in the axis's scale (log, ...), as matplotlib does
    low, high = sorted(scale.transform(np.asarray(axis.get_view_interval(), float)))
    slack = 1e-10 * max(high - low, 1e-300)
    ticks = []
    for locs, get in [(axis.get_majorticklocs(), axis.get_major_ticks),
                      (axis.get_minorticklocs(), axis.get_minor_ticks)]:
        with np.errstate(divide="ignore", invalid="ignore"):
            scaled = scale.transform(np.asarray(locs, float))
        ticks += [tick for tick, loc in zip(get(len(locs)), scaled, strict=True)
                  if low - slack <= loc <= high + slack]
    return ticks


def _walk(artist, axes=None):
    """(artist, its axes) for every visible artist under this one, itself included."""
    if not artist.get_visible():
        return
    if isinstance(artist, Axes):
        axes = artist
    yield artist, axes
    for child in _children(artist):
        yield from _walk(child, axes)


def visible_texts(figure, renderer) -> list:
    """[(text, box in pixels, where)] for every visible text of the figure."""
    texts = []
    for artist, axes in _walk(figure):
        if not isinstance(artist, Text) or not artist.get_text().strip():
            continue
        if isinstance(artist, Annotation) and not artist._check_xy(renderer):
            continue  # clipped with its point: matplotlib does not draw it
        box = artist.get_window_extent(renderer)
        patch = artist.get_bbox_patch()
        if patch is not None and patch.get_visible():
            box = Bbox.union([box, patch.get_window_extent(renderer)])
        if artist.get_clip_on() and artist.get_clip_box() is not None:
            clip = artist.get_clip_box()
            if not box.overlaps(clip):
                continue
        texts.append((artist, box, _where(artist, axes)))
    return texts


def _where(text, axes):
    """A short name for a text: its string and the axes it belongs to."""
    string = " ".join(text.get_text().split())
    if len(string) > 40:
        string = string[:39] + "…"
    place = f" in axes {axes.get_figure().axes.index(axes)}" if axes is not None else ""
    if axes is not None and axes.get_title():
        place += f" ({axes.get_title()[:30]!r})"
    return f"{string!r}{place}"


def _box(box) -> str:
    return f"x {box.x0:.0f}..{box.x1:.0f}, y {box.y0:.0f}..{box.y1:.0f} px"


def _gid(artist, prefix):
    gid = artist.get_gid()
    return gid[len(prefix):] if isinstance(gid, str) and gid.startswith(prefix) else None


# 1. clipped ----------------------------------------------------------------------------------
def check_clipped(figure, renderer) -> list:
    inside = figure.bbox.padded(SLACK)
    failures = []
    for _, box, where in visible_texts(figure, renderer):
        if not (inside.x0 <= box.x0 and box.x1 <= inside.x1
                and inside.y0 <= box.y0 and box.y1 <= inside.y1):
            failures.append(f"text {where} at {_box(box)} reaches outside the figure "
                            f"(0..{figure.bbox.x1:.0f} × 0..{figure.bbox.y1:.0f} px)")
    return failures


# 2. overlap ----------------------------------------------------------------------------------
def check_overlap(figure, renderer) -> list:
    texts = visible_texts(figure, renderer)
    failures = []
    if texts:
        boxes = np.array([box.extents for _, box, _ in texts])  # x0 y0 x1 y1
        wide = np.minimum(boxes[:, None, 2], boxes[None, :, 2]) - np.maximum(
            boxes[:, None, 0], boxes[None, :, 0])
        high = np.minimum(boxes[:, None, 3], boxes[None, :, 3]) - np.maximum(
            boxes[:, None, 1], boxes[None, :, 1])
        for i, j in zip(*np.nonzero(np.triu((wide > SLACK) & (high > SLACK), 1)), strict=True):
            failures.append(f"text {texts[i][2]} and text {texts[j][2]} overlap by "
                            f"{wide[i, j]:.0f} × {high[i, j]:.0f} px")
    return failures + _check_graphs(figure, renderer, texts)


def _check_graphs(figure, renderer, texts=()) -> list:
    failures, nodes, edges = [], {}, []
    for artist, _ in _walk(figure):
        if (name := _gid(artist, "node:")) is not None:
            nodes[name] = _node_box(artist, renderer)
        elif (name := _gid(artist, "edge:")) is not None:
            edges.append((name, artist))
    for _, box, label in texts:  # a text is inside a node's box, or clear of it
        for name, node in nodes.items():
            wide = min(box.x1, node.x1) - max(box.x0, node.x0)
            high = min(box.y1, node.y1) - max(box.y0, node.y0)
            inside = node.padded(SLACK).contains(box.x0, box.y0) and \
                node.padded(SLACK).contains(box.x1, box.y1)
            if wide > SLACK and high > SLACK and not inside:
                failures.append(f"text {label} runs over node {name!r}'s box by "
                                f"{wide:.0f} × {high:.0f} px")
    for name, artist in edges:
        source, _, target = name.partition("->")
        ends = arrow_ends(artist, renderer)
        if ends is None:
            failures.append(f"edge:{name} is a {type(artist).__name__}, not an arrow")
            continue
        for node, end, which in [(source, ends[0], "starts"), (target, ends[1], "ends")]:
            if node not in nodes:
                failures.append(f"edge:{name} names node {node!r}, but no artist has gid "
                                f"'node:{node}'")
            elif not nodes[node].padded(EDGE_SLACK).contains(*end):
                failures.append(f"edge:{name} {which} at ({end[0]:.0f}, {end[1]:.0f}) px, "
                                f"off node {node!r}'s box {_box(nodes[node])}")
    for ax in figure.axes:
        if ax.get_visible() and not _axis_on(ax) and _looks_like_graph(ax, renderer):
            tagged = [a for a in ax.get_children() if _gid(a, "node:") is not None]
            if not tagged:
                failures.append(f"axes {figure.axes.index(ax)} draws a graph (boxed texts and "
                                "arrows) without gids: tag its boxes 'node:<name>' and its "
                                "arrows 'edge:<src>-><dst>'")
            else:
                loose = [a for a in ax.get_children() if _is_arrow(a)
                         and _gid(a, "edge:") is None and _gid(a, "signed:") is None]
                if loose:
                    failures.append(f"axes {figure.axes.index(ax)}: {len(loose)} arrow(s) of "
                                    "the graph have no 'edge:<src>-><dst>' gid")
    return failures


def _node_box(artist, renderer):
    if isinstance(artist, Text) and artist.get_bbox_patch() is not None:
        return artist.get_bbox_patch().get_window_extent(renderer)
    return artist.get_window_extent(renderer)


def _is_arrow(artist):
    if isinstance(artist, Annotation):
        return artist.arrow_patch is not None and artist.get_visible()
    return isinstance(artist, (FancyArrowPatch, FancyArrow)) and artist.get_visible()


def _looks_like_graph(ax, renderer):
    children = ax.get_children()
    boxed = [a for a in children if isinstance(a, Text) and a.get_visible()
             and a.get_bbox_patch() is not None and a.get_text().strip()]
    return len(boxed) >= 2 and any(_is_arrow(a) for a in children)


def arrow_ends(artist, renderer):
    """(start, end) of an arrow in pixels, or None if the artist is no arrow. The end is the
    point of its path farthest from the start: the tip."""
    if isinstance(artist, Annotation):
        if artist.arrow_patch is None:
            return None
        artist.update_positions(renderer)
        artist = artist.arrow_patch
    if isinstance(artist, FancyArrow):
        x, y, dx, dy = artist._x, artist._y, artist._dx, artist._dy
        start = artist.get_transform().transform([(x, y), (x + dx, y + dy)])
        return start[0], start[1]
    if isinstance(artist, FancyArrowPatch):
        path = artist.get_transform().transform_path(artist.get_path())
        points = path.vertices
        if path.codes is not None:  # a CLOSEPOLY's vertex is a placeholder, often (0, 0)
            points = points[path.codes != Path.CLOSEPOLY]
        points = points[np.isfinite(points).all(axis=1)]
    elif isinstance(artist, Line2D):
        points = artist.get_transform().transform(artist.get_xydata())
        points = points[np.isfinite(points).all(axis=1)]
        return (points[0], points[-1]) if len(points) else None
    else:
        return None
    if not len(points):
        return None
    start = points[0]
    return start, points[np.argmax(np.hypot(*(points - start).T))]


# 3. empty ------------------------------------------------------------------------------------
def check_empty(figure, renderer) -> list:
    failures = []
    for index, ax in enumerate(figure.axes):
        if not ax.get_visible() or not _axis_on(ax):
            continue
        if any(_draws_in_view(a, ax, renderer) for a in ax.get_children()):
            continue
        said = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
        if not said:
            failures.append(f"axes {index} ({ax.get_title()[:50]!r}) draws nothing inside its "
                            f"view x {_limits(ax.get_xlim())}, y {_limits(ax.get_ylim())} and "
                            "says nothing about why")
    return failures


def _limits(limits):
    return f"{limits[0]:.3g}..{limits[1]:.3g}"


def _draws_in_view(artist, ax, renderer):
    if not artist.get_visible() or artist is ax.patch or isinstance(artist, Spine):
        return False
    view = ax.bbox
    if isinstance(artist, Line2D):
        points = artist.get_transform().transform(artist.get_xydata())
        points = points[np.isfinite(points).all(axis=1)]
        if not len(points):
            return False
        if any(view.contains(*p) for p in points):
            return True
        return len(points) > 1 and artist.get_linestyle() not in ("None", "", " ") and \
            Path(points).intersects_bbox(view, filled=False)
    if isinstance(artist, Collection):
        if not len(artist.get_paths()) and not len(artist.get_offsets()):
            return False
        try:
            box = artist.get_window_extent(renderer)
        except Exception:  # a collection matplotlib cannot box draws no data
            return False
        return np.isfinite(box.extents).all() and box.overlaps(view)
    if isinstance(artist, AxesImage):
        return artist.get_window_extent(renderer).overlaps(view)
    if isinstance(artist, Annotation):
        return _is_arrow(artist) and artist._check_xy(renderer)
    if isinstance(artist, Patch):
        box = artist.get_window_extent(renderer)
        return np.isfinite(box.extents).all() and box.overlaps(view)
    return False


# 4. the point of interest in view ------------------------------------------------------------
def check_point(figure, renderer) -> list:
    failures = []
    for artist, ax in _walk(figure):
        name = _gid(artist, "point:")
        if name is None:
            continue
        if ax is None:
            failures.append(f"point:{name} is not inside an axes")
            continue
        for x, y in _points(artist, renderer):
            px = ax.transData.transform((x, y)) if np.isfinite([x, y]).all() else None
            if px is None or not ax.bbox.padded(SLACK).contains(*px):
                failures.append(f"point:{name} at ({x:.3g}, {y:.3g}) is outside axes "
                                f"{figure.axes.index(ax)}'s view x {_limits(ax.get_xlim())}, "
                                f"y {_limits(ax.get_ylim())}")
    if failures and says_left_view(figure):
        return []
    return failures


def _points(artist, renderer):
    if isinstance(artist, Line2D):
        return [tuple(p) for p in artist.get_xydata()]
    if isinstance(artist, Collection):
        return [tuple(p) for p in artist.get_offsets()]
    if isinstance(artist, Annotation):
        return [tuple(artist.xy)]
    if isinstance(artist, Text):
        return [tuple(artist.get_position())]
    return []


def says_left_view(figure):
    """Whether a visible text of the figure says that something left the view."""
    for artist, _ in _walk(figure):
        if isinstance(artist, Text):
            words = artist.get_text().lower()
            if any(word in words for word in LEFT_VIEW_WORDS):
                return True
    return False


# 5. directions agree with signs --------------------------------------------------------------
_SIGNED = re.compile(r"^(?P<name>.+)=(?P<values>[^=]+)$")


def parse_signed(text):
    """'dx=+0.01' -> ('dx', (0.01, 0.0)); 'g=-2,+1' -> ('g', (-2.0, 1.0)); None if malformed."""
    match = _SIGNED.match(text)
    if not match:
        return None
    try:
        values = [float(v) for v in match["values"].split(",")]
    except ValueError:
        return None
    if len(values) not in (1, 2):
        return None
    return match["name"], (values[0], values[1] if len(values) == 2 else 0.0)


def check_signs(figure, renderer) -> list:
    failures = []
    for artist, ax in _walk(figure):
        tag = _gid(artist, "signed:")
        if tag is None:
            continue
        parsed = parse_signed(tag)
        if parsed is None:
            failures.append(f"gid 'signed:{tag}' is not 'signed:<quantity>=<value>[,<value>]'")
            continue
        name, value = parsed
        ends = arrow_ends(artist, renderer)
        if ends is None:
            failures.append(f"signed:{tag} is on a {type(artist).__name__}, not an arrow")
            continue
        start, end = np.asarray(ends[0], float), np.asarray(ends[1], float)
        length = float(np.hypot(*(end - start)))
        if value == (0.0, 0.0):
            if length >= 1:
                failures.append(f"signed:{tag}: {name} is 0 but an arrow {length:.0f} px long "
                                "is drawn")
            continue
        if length < 1:
            failures.append(f"signed:{tag}: {name} is nonzero but its arrow is "
                            f"{length:.1f} px long")
            continue
        if ax is not None:  # in data coordinates: a reversed axis reverses the pixels
            start, end = ax.transData.inverted().transform([start, end])
        drawn = end - start
        for k, (axis, want) in enumerate([("x", value[0]), ("y", value[1])]):
            if want != 0 and np.sign(drawn[k]) != np.sign(want):
                failures.append(f"signed:{tag}: {name} has {axis} {want:+g} but is drawn from "
                                f"{start[k]:.4g} to {end[k]:.4g} along {axis}")
    return failures


# 6. readable ---------------------------------------------------------------------------------
def check_readable(figure, renderer) -> list:
    least = MIN_POINTS * REFERENCE_DPI / 72  # pixels per em
    failures = []
    for text, _, where in visible_texts(figure, renderer):
        em = text.get_fontsize() * figure.dpi / 72
        if em < least - 1e-9:
            failures.append(f"text {where} is {text.get_fontsize():g} pt at {figure.dpi:g} dpi "
                            f"= {em:.1f} px per em, under {least:.1f} px "
                            f"({MIN_POINTS:g} pt at {REFERENCE_DPI} dpi)")
    return failures


CHECKS = (check_clipped, check_overlap, check_empty, check_point, check_signs, check_readable)


# Which tags a figure must carry ----------------------------------------------------------------
def require_tags(figure, kinds) -> list:
    """A failure for each kind of tag ("point", "signed", "node", "edge") no artist carries."""
    have = {artist.get_gid().partition(":")[0] for artist, _ in _walk(figure)
            if isinstance(artist.get_gid(), str) and ":" in artist.get_gid()}
    return [f"no visible artist tagged '{kind}:…' (the figure draws one: tag it)"
            for kind in kinds if kind not in have]


# The settings an explorer is checked at ----------------------------------------------------------
def positions(slider):
    """A slider's min, middle and max (the middle in the exponent, for a log slider)."""
    import ipywidgets as ipw

    if isinstance(slider, ipw.FloatLogSlider):
        return [slider.base**e for e in (slider.min, (slider.min + slider.max) / 2, slider.max)]
    middle = (slider.min + slider.max) / 2
    return [slider.min, round(middle) if isinstance(slider, ipw.IntSlider) else middle,
            slider.max]


def sweep(explorer, per_choice_ends=()):
    """Move an explorer's controls and yield a name for each setting, after its redraw: the
    defaults; each slider to its min, middle and max, one at a time from the defaults; each
    other entry of each dropdown, with the defaults it brings (on_choice may refit sliders);
    and, for the dropdowns named in per_choice_ends, each slider's min and max under each of
    their entries. Leaves the controls as they were."""
    import ipywidgets as ipw

    sliders = {name: c for name, c in explorer.controls.items()
               if isinstance(c, (ipw.FloatSlider, ipw.FloatLogSlider, ipw.IntSlider))}
    dropdowns = {name: c for name, c in explorer.controls.items()
                 if isinstance(c, ipw.Dropdown)}

    def ends(prefix, which):
        for name, slider in sliders.items():
            default = slider.value
            for where, value in zip(("min", "mid", "max"), positions(slider), strict=True):
                if where in which:
                    slider.value = value
                    yield f"{prefix}{name}={where}({slider.value:.4g})"
            slider.value = default

    yield "default"
    yield from ends("", ("min", "mid", "max"))
    for name, dropdown in dropdowns.items():
        first = dropdown.value
        entries = [o[1] if isinstance(o, tuple) else o for o in dropdown.options]
        for entry in entries:
            if entry != first:
                dropdown.value = entry
                yield f"{name}={entry}"
            if name in per_choice_ends:
                yield from ends(f"{name}={entry},", ("min", "max"))
        dropdown.value = first
    if len(dropdowns) > 1:  # choices that change the picture together (pooling's size x stride)
        firsts = {name: d.value for name, d in dropdowns.items()}
        for entries in itertools.product(*(_entries(d) for d in dropdowns.values())):
            for dropdown, entry in zip(dropdowns.values(), entries, strict=True):
                dropdown.value = entry
            yield ",".join(f"{name}={entry}" for name, entry in zip(dropdowns, entries,
                                                                     strict=True))
        for name, dropdown in dropdowns.items():
            dropdown.value = firsts[name]


def _entries(dropdown) -> list:
    return [o[1] if isinstance(o, tuple) else o for o in dropdown.options]


def explorer_names():
    """The explorers: calclib.widgets' public names ending in _explorer (as test_widgets.py
    finds them)."""
    from calclib import widgets

    return [n for n in dir(widgets) if n.endswith("_explorer") and not n.startswith("_")]


def notebook_of(name):
    """The notebook (file stem) that shows an explorer, or "no notebook"."""
    import pathlib

    notebooks = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
    for path in sorted(notebooks.glob("*.ipynb")):
        if f"widgets.{name}(" in path.read_text(encoding="utf-8"):
            return path.stem
    return "no notebook"
