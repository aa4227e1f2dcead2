"""The figure invariants (tests/figure_invariants.py): each one fails on a figure broken on
purpose and passes on a good one; then every explorer, at every setting the sweep reaches, is
checked against all six (issue 17), and must redraw at each of them without a message (a
dropdown entry drawing a new picture) and without pyplot.

Every explorer passes every invariant at every setting; a failure names the explorer, the
setting and what is wrong, e.g. "x0=max(2.5): point: point:tangent at (2.5, 12.2) is outside
the axes". (The first run, on the figures before issue 17's fixes, found 24 (explorer,
invariant) failures in 18 explorers; all are fixed.) The explorers are split over this file and
test_figure_invariants_<chapter>.py by notebook, so that pytest-xdist (a file to a worker) runs
them side by side.
"""

import figure_invariants as fi
import ipywidgets as ipw
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from calclib import widgets

# What each explorer's figure draws that needs a tag (figure_invariants' gid conventions):
# a point the text refers to ("point"), a signed quantity drawn as an arrow ("signed"), a graph
# ("node", "edge"). A missing tag is a failure of the invariant that reads it.
REQUIRED_TAGS = {
    "line_explorer": {"signed"},  # the rise m of the slope triangle
    "tangent_explorer": {"point"},  # (x0, f(x0)) and (x0, f'(x0))
    "secant_explorer": {"point"},  # x0 and x0 + h on f
    "formula_explorer": {"point"},  # the tangent point
    "slice_explorer": {"point"},  # (x0, y0) and its slices' points
    "gradient_explorer": {"point", "signed"},  # (x0, y0); the gradient arrow
    "directional_explorer": {"point", "signed"},  # the start; the gradient and u arrows
    "regression_explorer": {"point", "signed"},  # (θ0, θ1); the −∇L arrow
    "chain_explorer": {"signed"},  # the nudges Δx, Δu, Δy
    "graph_explorer": {"node", "edge"},
    "training_explorer": {"point"},  # the snapshot's epoch on the loss curve
    "step_size_explorer": {"point"},  # the iterates
    "momentum_explorer": {"point"},  # each trajectory's end
    "race_explorer": {"point"},  # each trajectory's end
}
TAG_INVARIANT = {"point": "point", "signed": "signs", "node": "overlap", "edge": "overlap"}



def explorers_of(*notebooks):
    """The explorers shown in notebooks whose names start with these prefixes ("00", ...)."""
    return [name for name in fi.explorer_names()
            if fi.notebook_of(name).startswith(notebooks)]


def sweep_failures(explorer, name):
    """{invariant: ["setting: failure", ...]} over every setting of fi.sweep; besides the six
    invariants, "redraw": a setting that drew no figure (the explorer's message says why), or a
    dropdown entry that drew the same picture as the entry before."""
    found, before = {}, None
    for setting in fi.sweep(explorer):
        figure = explorer.figure
        choices = {key: c.value for key, c in explorer.controls.items()
                   if isinstance(c, ipw.Dropdown)}
        if figure is None or explorer.message.value:
            found.setdefault("redraw", []).append(f"{setting}: no figure, the explorer says "
                                                  f"{explorer.message.value!r}")
            continue
        if before is not None and choices != before[0] and explorer.png == before[1]:
            found.setdefault("redraw", []).append(f"{setting}: drew the same picture as before")
        before = choices, explorer.png
        failures = fi.check(figure, fi.prepare(figure, draw=False))  # the explorer just drew it
        for kind in sorted(REQUIRED_TAGS.get(name, ())):
            for failure in fi.require_tags(figure, [kind]):
                failures.setdefault(TAG_INVARIANT[kind], []).append(failure)
        for invariant, lines in failures.items():
            found.setdefault(invariant, []).extend(f"{setting}: {line}" for line in lines)
    return found


def check_explorer(name, make_explorer):
    """The harness: sweep one explorer; no invariant may fail at any setting."""
    found = sweep_failures(make_explorer(name), name)
    # a move is a widget message, not a cell: a figure pyplot held would never be released
    if plt.get_fignums():
        found["redraw"] = [f"left {len(plt.get_fignums())} figures registered with pyplot"]
    report = [f"{name} fails '{invariant}' ({len(lines)} failures), e.g.:\n    " +
              "\n    ".join(lines[:8]) for invariant, lines in sorted(found.items())]
    assert not report, "\n".join(report)


@pytest.mark.parametrize("name", explorers_of("00", "01", "02", "no notebook"))
def test_explorer_figures_keep_the_invariants(name, make_explorer):
    check_explorer(name, make_explorer)


def test_every_explorer_is_checked_and_the_tables_name_real_ones():
    covered = explorers_of("00", "01", "02", "03", "04", "05", "06", "no notebook")
    assert sorted(covered) == sorted(fi.explorer_names())
    assert set(REQUIRED_TAGS) <= set(fi.explorer_names())


# Each invariant on a figure broken on purpose, and on a good one ----------------------------------
def figure(width=4, height=3, dpi=80):
    fig = Figure(figsize=(width, height), dpi=dpi)
    fig.subplots_adjust(left=0.2, bottom=0.2)  # room for the tick labels and axis labels
    return fig, fig.add_subplot()


def failures(check, fig):
    return check(fig, fi.prepare(fig))


def test_clipped_finds_a_title_past_the_figures_edge():
    fig, ax = figure()
    ax.plot([0, 1], [0, 1])
    ax.set_title("a title", fontsize=10)
    assert failures(fi.check_clipped, fig) == []
    ax.set_title("a title far too long to fit across this small figure at all", fontsize=14)
    assert "reaches outside the figure" in failures(fi.check_clipped, fig)[0]


def test_clipped_ignores_ticks_matplotlib_hides_outside_the_view():
    fig, ax = figure()
    ax.plot([0, 1], [0, 1])
    ax.set_xticks([-100, 0, 1, 100])  # the outer two are not drawn
    ax.set_xlim(0, 1)
    assert failures(fi.check_clipped, fig) == []
    fig.text(0.98, 0.5, "half out", fontsize=10)
    assert len(failures(fi.check_clipped, fig)) == 1


def test_overlap_finds_tick_labels_running_into_each_other_and_into_a_title():
    fig, ax = figure()
    ax.plot([0, 1], [0, 1])
    assert failures(fi.check_overlap, fig) == []
    ax.set_xticks(np.linspace(0, 1, 11), [f"{v:.6f}" for v in np.linspace(0, 1, 11)])
    assert any("overlap by" in f for f in failures(fi.check_overlap, fig))

    fig = Figure(figsize=(4, 4), dpi=80)
    top, bottom = fig.add_subplot(211), fig.add_subplot(212)
    top.plot([0, 1], [0, 1])
    bottom.plot([0, 1], [0, 1])
    fig.subplots_adjust(hspace=0.17)  # 20 px between them: the title runs into the ticks
    bottom.set_title("the lower panel's title")  # under the upper panel's tick labels
    assert any("the lower panel" in f for f in failures(fi.check_overlap, fig))


def graph_figure(detached=False, tagged=True):
    """Two boxes and an arrow between them: a's right edge to b's left edge, or short of both."""
    fig, ax = figure()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 4)
    ax.axis("off")
    for name, x in [("a", 2), ("b", 8)]:
        ax.text(x, 2, name, ha="center", va="center", fontsize=10,
                bbox={"boxstyle": "square,pad=0.5"}, gid=f"node:{name}" if tagged else None)
    start, end = ((3.5, 2), (6.5, 2)) if detached else ((2.3, 2), (7.7, 2))
    ax.annotate("", end, start, arrowprops={"arrowstyle": "-|>"},
                gid="edge:a->b" if tagged else None)
    return fig


def test_overlap_finds_graph_edges_off_their_boxes_and_graphs_without_tags():
    assert failures(fi.check_overlap, graph_figure()) == []
    detached = failures(fi.check_overlap, graph_figure(detached=True))
    assert len(detached) == 2 and "off node 'a'" in detached[0] and "off node 'b'" in detached[1]
    assert "without gids" in failures(fi.check_overlap, graph_figure(tagged=False))[0]


def test_overlap_finds_a_label_running_over_a_box_drawn_as_a_patch():
    from matplotlib.patches import FancyBboxPatch

    fig, ax = figure()
    ax.axis("off")
    ax.add_patch(FancyBboxPatch((0.1, 0.4), 0.3, 0.2, boxstyle="square,pad=0", gid="node:a"))
    ax.text(0.25, 0.5, "a = 1", ha="center", va="center")  # inside its box: fine
    assert failures(fi.check_overlap, fig) == []
    ax.text(0.42, 0.5, "-0.75", ha="center", va="center")  # an edge label half on the box
    assert "runs over node 'a''s box" in failures(fi.check_overlap, fig)[0]


@pytest.mark.filterwarnings("ignore:Data has no positive values")
def test_empty_finds_an_axes_with_nothing_in_its_view_unless_it_says_why():
    fig = Figure(figsize=(6, 3), dpi=80)
    full, empty = fig.add_subplot(121), fig.add_subplot(122)
    full.plot([0, 1], [0, 1])
    empty.semilogy([1, 2], [0.0, 0.0])  # zeros: nothing on a log scale
    found = failures(fi.check_empty, fig)
    assert len(found) == 1 and found[0].startswith("axes 1")
    empty.text(0.5, 0.5, "the error is exactly 0 here", transform=empty.transAxes)
    assert failures(fi.check_empty, fig) == []


def test_empty_counts_a_line_crossing_the_view_without_a_point_in_it():
    fig, ax = figure()
    ax.plot([-10, 10], [-10, 10])
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    assert failures(fi.check_empty, fig) == []
    ax.set_xlim(20, 30)
    assert len(failures(fi.check_empty, fig)) == 1


def test_point_finds_a_tagged_point_off_the_plot_unless_a_text_says_so():
    fig, ax = figure()
    ax.plot([0, 1], [0, 1])
    ax.set_xlim(-1, 2)
    ax.set_ylim(-1, 2)
    ax.plot([0.5], [0.5], "o", gid="point:iterate")
    assert failures(fi.check_point, fig) == []
    ax.plot([0.85], [-2.77], "o", gid="point:second iterate")
    assert "(0.85, -2.77) is outside" in failures(fi.check_point, fig)[0]
    ax.set_title("the second iterate is off the plot at (0.85, −2.77)")
    assert failures(fi.check_point, fig) == []


def test_point_finds_a_diverged_point_of_nan():
    fig, ax = figure()
    ax.plot([0, 1], [0, 1])
    ax.plot([np.nan], [1.0], "o", gid="point:end")
    assert len(failures(fi.check_point, fig)) == 1


def arrow_figure(value, start, end, dpi=80):
    fig, ax = figure(dpi=dpi)
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    ax.plot([-1, 1], [0, 0])
    ax.annotate("", end, start, arrowprops={"arrowstyle": "-|>"}, gid=f"signed:dx={value}")
    return fig, ax


def test_signs_finds_an_arrow_pointing_against_its_sign():
    assert failures(fi.check_signs, arrow_figure("+0.5", (0, 0), (0.5, 0))[0]) == []
    assert failures(fi.check_signs, arrow_figure("-0.5", (0, 0), (-0.5, 0))[0]) == []
    backwards = failures(fi.check_signs, arrow_figure("+0.5", (0, 0), (-0.5, 0))[0])
    assert len(backwards) == 1 and "dx has x +0.5" in backwards[0]


def test_signs_reads_a_reversed_axis_in_data_coordinates_and_2d_values():
    fig, ax = arrow_figure("+0.5", (0, 0), (0.5, 0))
    ax.invert_xaxis()  # the arrow points left on the page, towards larger x
    assert failures(fi.check_signs, fig) == []
    fig, ax = figure()
    ax.plot([-1, 1], [-1, 1])
    ax.annotate("", (0.3, -0.4), (0, 0), arrowprops={"arrowstyle": "-|>"},
                gid="signed:-grad=+0.3,+0.4")
    assert "has y +0.4" in failures(fi.check_signs, fig)[0]


def test_signs_finds_an_arrow_drawn_for_zero_and_a_malformed_tag():
    assert "is 0 but an arrow" in failures(
        fi.check_signs, arrow_figure("0", (0, 0), (0.5, 0))[0])[0]
    assert failures(fi.check_signs, arrow_figure("0", (0, 0), (0, 0))[0]) == []
    assert "is not 'signed:" in failures(
        fi.check_signs, arrow_figure("plus", (0, 0), (0.5, 0))[0])[0]


def test_readable_finds_text_under_8_points_at_80_dpi():
    fig, ax = figure()
    ax.plot([0, 1], [0, 1])
    ax.tick_params(labelsize=8)
    assert failures(fi.check_readable, fig) == []
    ax.set_title("small print", fontsize=7)
    found = failures(fi.check_readable, fig)
    assert len(found) == 1 and "7 pt at 80 dpi" in found[0]


def test_readable_scales_with_the_figures_dpi():
    fig, ax = figure(dpi=100)  # matplotlib-inline's default: 6.4 pt is 8.9 px per em
    ax.plot([0, 1], [0, 1])
    ax.set_title("small print", fontsize=7)
    assert failures(fi.check_readable, fig) == []
    fig.set_dpi(72)  # 8 pt at 72 dpi is only 8 px per em
    ax.set_title("small print", fontsize=8)
    assert len(failures(fi.check_readable, fig)) == 1


def test_check_runs_all_six_and_reports_only_what_failed():
    fig, ax = figure()
    ax.plot([0, 1], [0, 1])
    ax.set_xlabel("x")
    assert fi.check(fig) == {}
    ax.set_title("tiny", fontsize=5)
    assert list(fi.check(fig)) == ["readable"]


def test_require_tags_names_the_missing_kind():
    fig, ax = figure()
    ax.plot([0], [0], "o", gid="point:x0")
    fi.prepare(fig)
    assert fi.require_tags(fig, ["point"]) == []
    assert "signed:" in fi.require_tags(fig, ["signed"])[0]


@pytest.mark.parametrize(("formula", "x0"), [("x**20", 3.0), ("exp(x)*1e6", 1.0),
                                             ("exp(exp(x))", 1.0), ("1e-7*x", 0.5),
                                             ("1/x", 0.02), ("relu(x)", 0.0)])
def test_typed_formulas_of_any_scale_keep_the_invariants(formula, x0):
    """The sweep moves sliders and dropdowns, not the text box: formulas whose values are huge
    or tiny (long tick labels, offset texts) are checked here."""
    explorer = widgets.formula_explorer(formula, x0)
    assert explorer.message.value == ""
    assert fi.check(explorer.figure) == {}
