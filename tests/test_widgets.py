"""What each explorer shows, without a browser: setting a control's value fires the same
observer dragging would. Every control of every explorer is swept in test_figure_invariants*.py."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from calclib import datasets, optim, plots, widgets
from calclib.functions import SURFACES

PNG = b"\x89PNG"
EXPLORERS = [n for n in dir(widgets) if n.endswith("_explorer") and not n.startswith("_")]


@pytest.mark.parametrize("name", EXPLORERS)
def test_default_view_draws_a_titled_figure(name, make_explorer):
    explorer = make_explorer(name)
    assert explorer.png.startswith(PNG)
    assert explorer.message.value == ""
    figure = explorer.figure
    suptitle = figure.get_suptitle()
    assert suptitle or all(ax.get_title() for ax in figure.axes), "every panel needs a title"
    for ax in figure.axes:
        if ax.axison:  # a graph drawing has no axes to label
            assert ax.get_xlabel() or ax.get_ylabel(), "axes with ticks need labels"


@pytest.mark.parametrize("name", ["slice_explorer", "gradient_explorer"])
def test_choosing_a_surface_fits_the_sliders_to_its_window(name, make_explorer):
    explorer = make_explorer(name)
    for entry, surface in SURFACES.items():
        explorer.controls["surface"].value = entry
        x0, y0 = explorer.controls["x0"], explorer.controls["y0"]
        assert (x0.min, x0.max, y0.min, y0.max) == (*surface.xlim, *surface.ylim)
        assert (x0.value, y0.value) == pytest.approx(surface.start)
        for slider, limit in [(x0, surface.xlim), (y0, surface.ylim)]:
            for value in [*limit, sum(limit) / 2]:
                slider.value = value
                assert explorer.message.value == ""


def test_gradient_title_reports_the_analytic_gradient():
    explorer = widgets.gradient_explorer("bowl x² + y²", 1.0, -0.5)
    assert "(2, -1)" in explorer.figure.axes[0].get_title()


def test_slice_titles_report_both_partials():
    explorer = widgets.slice_explorer("saddle x² − y²", 1.0, 0.5)
    titles = [ax.get_title() for ax in explorer.figure.axes]
    assert any("∂f/∂x at (1.00, 0.50) = 2.000" in t for t in titles)
    assert any("∂f/∂y at (1.00, 0.50) = -1.000" in t for t in titles)


def test_directional_derivative_is_gradient_dot_u():
    explorer = widgets.directional_explorer("bowl x² + y²", angle=90)
    # at the bowl's start (1, 1) the gradient is (2, 2); along u = (0, 1) the rate is 2
    assert "= 2.000" in explorer.figure.axes[1].get_title()


def test_regression_reports_the_gradient_with_its_minus_sign():
    explorer = widgets.regression_explorer(0.0, 0.0)
    x, y = datasets.line()
    expected = f"({-2 * y.mean():.2f}, {-2 * (x * y).mean():.2f})"
    assert expected in explorer.figure.axes[1].get_title()


@pytest.mark.parametrize("x0", [-2.5, 0.0, 1.0, 2.5])
def test_tangent_title_reports_the_true_slope(x0):
    explorer = widgets.tangent_explorer("sin(x)", x0)
    assert f"{np.cos(x0):.3f}" in explorer.figure.axes[0].get_title()


def test_tangent_at_relus_kink_says_there_is_no_single_tangent():
    explorer = widgets.tangent_explorer("ReLU max(x, 0)", 0.0)
    assert "no single tangent" in explorer.figure.axes[0].get_title()


def test_secant_title_reports_the_difference_quotient():
    explorer = widgets.secant_explorer("exp(x)", 0.0, 0.1)
    assert f"{(np.exp(0.1) - 1) / 0.1:.4f}" in explorer.figure.axes[0].get_title()


def test_line_title_reports_the_slope():
    explorer = widgets.line_explorer()
    explorer.controls["m"].value = -2.0
    assert "slope m = -2" in explorer.figure.axes[0].get_title()


@pytest.mark.parametrize(("formula", "words"), [
    ("__import__('os').system('ls')", "not allowed"),
    ("2x", "write multiplication"),
    ("y**2", "unknown name 'y'"),
    ("", "empty"),
])
def test_formula_explorer_shows_one_line_and_keeps_the_last_figure(formula, words):
    explorer = widgets.formula_explorer("x**2")
    good = explorer.png
    explorer.controls["formula"].value = formula
    assert words in explorer.message.value
    assert explorer.png == good and explorer.figure is None
    explorer.controls["formula"].value = "x*sin(x)"
    assert explorer.message.value == ""
    assert explorer.png != good


@pytest.mark.parametrize("formula", ["sqrt(-1)", "log(-1 - x**2)", "sqrt(-1)*x"])
def test_formula_explorer_says_when_f_has_no_real_value_anywhere(formula):
    explorer = widgets.formula_explorer(formula)
    assert "no real value anywhere" in explorer.message.value
    assert "move x0" not in explorer.message.value


def test_formula_explorer_says_when_f_is_too_large_rather_than_undefined():
    explorer = widgets.formula_explorer("exp(exp(exp(x)))", x0=2.5)
    assert "too large for a float at x0 = 2.5" in explorer.message.value


def test_formula_explorer_keeps_a_long_derivative_to_one_line_of_legend():
    explorer = widgets.formula_explorer("*".join(f"(x+{k})" for k in range(1, 30)))
    label = explorer.figure.axes[1].get_legend().get_texts()[0].get_text()
    assert label.endswith("…") and len(label) <= len("f′(x) = ") + widgets.LABEL_LENGTH


def test_formula_explorer_says_where_f_is_undefined():
    explorer = widgets.formula_explorer("log(x)", x0=-1.0)
    assert "not defined at x0 = -1" in explorer.message.value
    explorer.controls["x0"].value = 1.0
    assert explorer.message.value == ""
    assert "1.000" in explorer.figure.axes[0].get_title()  # log'(1) = 1


def test_formula_explorer_uses_sympys_derivative():
    explorer = widgets.formula_explorer("x^3", x0=2.0)
    assert "12.00" in explorer.figure.axes[0].get_title()
    assert "3x^2" in explorer.figure.axes[1].get_legend().get_texts()[0].get_text()


@pytest.mark.parametrize("x0", [-2.0, -0.5, 0.0, 1.5, 2.0])
def test_chain_title_multiplies_the_two_rates(x0):
    explorer = widgets.chain_explorer(x0=x0, dx=0.01)
    product = 2 * x0 * np.cos(x0**2)
    assert f"= {product:.3f}" in explorer.figure.texts[0].get_text()


def test_unknown_curve_or_surface_is_named():
    with pytest.raises(ValueError, match="unknown curve"):
        widgets.tangent_explorer("cosh(x)")
    with pytest.raises(ValueError, match="unknown surface"):
        widgets.gradient_explorer("donut")


def node_text(explorer, name):
    """The text in a graph explorer's box for node `name` (the patch tagged node:<name>)."""
    ax = explorer.figure.axes[0]
    (box,) = [p for p in ax.patches if p.get_gid() == f"node:{name}"]
    centre = (box.get_x() + box.get_width() / 2, box.get_y() + box.get_height() / 2)
    (text,) = [t for t in ax.texts if np.allclose(t.get_position(), centre)]
    return text.get_text()


def test_graph_explorer_steps_forward_then_backward_with_each_plus_equals():
    explorer = widgets.graph_explorer("x*y + y**2", "x = 3, y = 2")  # v1 = y², v2 = x·y
    step = explorer.controls["step"]
    assert step.max == 2 * 3 + 1  # 3 operations: 0-3 forward, 4 the seed, 5-7 backward
    unknown = []
    for position in range(step.max + 1):
        step.value = position
        title = explorer.figure.get_suptitle()
        assert f"step {position} of 7" in title
        texts = " ".join(t.get_text() for t in explorer.figure.axes[0].texts)
        unknown.append((texts.count("= ?"), texts.count("grad ?")))
        assert ("the forward pass" in title) == (position <= 3)
    assert unknown == [(3, 0), (2, 0), (1, 0), (0, 0), (0, 4), (0, 2), (0, 0), (0, 0)]
    # y is used twice: one += from each use, shown as they arrive (x·y passes first), summed
    step.value = 6
    assert "grad 3\n= 3 + …" in node_text(explorer, "y")
    assert "y.grad += 3 × 1" in explorer.figure.get_suptitle()
    step.value = 7
    assert "grad 7\n= 3 + 4" in node_text(explorer, "y")
    assert "y.grad += 4 × 1" in explorer.figure.get_suptitle()
    assert "grad 2" in node_text(explorer, "x")


def engine_column(explorer) -> list:
    """The graph explorer's engine column, a row per input, below its header."""
    (header,) = [t for t in explorer.figure.texts if "engine (backward)" in t.get_text()]
    below = [t for t in explorer.figure.texts if t.get_position()[0] == header.get_position()[0]
             and t.get_position()[1] < header.get_position()[1]]
    return [t.get_text().strip() for t in sorted(below, key=lambda t: -t.get_position()[1])]


def test_graph_explorer_shows_the_gradient_three_ways_and_both_costs():
    explorer = widgets.graph_explorer("sigmoid(w1*x1 + w2*x2 + b)",
                                      "w1 = 0.5, x1 = 1, w2 = -1, x2 = 2, b = 0.1")
    table = " ".join(t.get_text() for t in explorer.figure.texts)
    assert "forward mode (a dual pass per input) 5 × 4 = 20" in table
    assert "reverse mode (forward + backward) 4 + 4 = 8" in table
    step = explorer.controls["step"]
    assert engine_column(explorer) == ["…"] * 5  # no gradient before the backward pass
    step.value = step.max
    numbers = [float(v) for v in engine_column(explorer)]
    s = 1 / (1 + np.exp(-(0.5 * 1 - 1 * 2 + 0.1)))
    slope = s * (1 - s)
    # b, w1, w2, x1, x2: the engine's column against the hand derivative
    assert numbers == pytest.approx([slope, slope * 1, slope * 2, slope * 0.5, slope * -1])
    rows = [t.get_text() for t in explorer.figure.texts if t.get_text().startswith("∂f/∂")]
    assert [row.split()[0] for row in rows] == ["∂f/∂b", "∂f/∂w1", "∂f/∂w2", "∂f/∂x1", "∂f/∂x2"]
    for row in rows:
        sympy_value, central = (float(v) for v in row.split()[1:3])
        assert central == pytest.approx(sympy_value, rel=1e-7, abs=1e-9)


def test_graph_explorer_fits_values_and_slider_to_a_new_formula():
    explorer = widgets.graph_explorer("x*y", "x = 2, y = 3", step=1)
    explorer.controls["formula"].value = "x*z + sin(x)"
    assert explorer.controls["values"].value == "x = 2, z = 1"  # x kept, z new, y gone
    step = explorer.controls["step"]
    assert (step.max, step.value) == (7, 3)  # 3 operations: at the end of the forward pass
    step.value = 7
    explorer.controls["formula"].value = "x*z"
    assert (step.max, step.value) == (3, 3)  # was in the backward pass: at its end
    assert explorer.message.value == ""


@pytest.mark.parametrize(("control", "typed", "words"), [
    ("formula", "x**", "could not read"),
    ("formula", "2 + 3", "has no variables"),
    ("formula", " + ".join(f"sin({k}*x)" for k in range(1, 11)), "at most 25"),
    ("formula", "sin(" * 12 + "x" + ")" * 12, "columns deep"),
    ("formula", "log(x - 5)", "x - 5 = -3 is outside the domain of log"),
    ("values", "x = 1, y = 2 +", "the value of y"),
    ("values", "x = 1, y = sqrt(-1)", "is not a real number"),
    ("values", "x = 1,5", "a decimal point, not a comma"),
    ("values", "x = 2 y = 3", "separate the pairs with commas"),
    ("values", "X = 5", "X is not a variable of f"),
    ("values", "y = 1e-320", "keep numbers between 10^-300 and 10^300"),
    ("values", "y = 1e-400", "is outside 1e-300 to 1e300 in size"),
    ("values", "x = 2, x = 3", "x is given twice"),
    ("values", "x = 1, y = z", "the value of y"),
    ("values", "x = 1, y = 1/0", "the value of y"),
])
def test_graph_explorer_refuses_bad_input_in_one_line_and_keeps_the_picture(control, typed,
                                                                           words):
    explorer = widgets.graph_explorer("x*y", "x = 2, y = 3")
    before = explorer.png
    explorer.controls[control].value = typed
    assert words in explorer.message.value
    assert "\n" not in explorer.message.value
    assert explorer.png == before
    # the boxes are back as drawn, so the slider goes on through a picture that matches them
    assert (explorer.controls["formula"].value, explorer.controls["values"].value) == (
        "x*y", "x = 2, y = 3")
    explorer.controls["step"].value = 2
    assert explorer.message.value == "" and explorer.png != before


def test_graph_explorer_says_where_the_backward_pass_cannot_go_on():
    explorer = widgets.graph_explorer("sqrt(x)*y", "x = 0, y = 1")
    step = explorer.controls["step"]
    step.value = step.max - 1
    assert "stops" not in explorer.figure.get_suptitle()
    step.value = step.max  # sqrt's local derivative at 0 is infinite, and a gradient reaches it
    assert explorer.message.value == ""
    assert "the backward pass stops here: the local derivative of sqrt at 0.0 is infinite" \
           in explorer.figure.get_suptitle().replace("\n", " ")


def test_graph_explorer_marks_a_kink_where_central_differences_disagree():
    explorer = widgets.graph_explorer("relu(w*x + b)", "w = 1, x = 1, b = -1")
    table = " ".join(t.get_text() for t in explorer.figure.texts)
    assert "0.5 *" in table and "a kink here" in table
    smooth = widgets.graph_explorer("relu(w*x + b)", "w = 0.5, x = 2, b = -0.3")  # z = 0.7
    assert "a kink" not in " ".join(t.get_text() for t in smooth.figure.texts)


def test_training_explorer_titles_each_snapshot_with_its_epoch(make_explorer):
    explorer = make_explorer("training_explorer")
    for snapshot, epoch in enumerate([0, 10, 20, 30]):
        explorer.controls["snapshot"].value = snapshot
        assert f"after {epoch} epochs" in explorer.figure.axes[0].get_title()


def test_training_explorer_without_snapshots_says_what_to_pass():
    X, labels = datasets.spirals(n_per_class=5)
    with pytest.raises(ValueError, match="snapshots is empty"):
        widgets.training_explorer(X, labels, [], [])


def test_sigmoid_gradients_vanish_and_big_weights_explode():
    sigmoid = widgets.layer_gradient_norms(12, "sigmoid", 1.0)
    tanh = widgets.layer_gradient_norms(12, "tanh", 1.0)
    relu = widgets.layer_gradient_norms(12, "relu", 4.0)
    assert len(sigmoid) == 13  # 12 hidden layers and the output layer
    assert sigmoid[0] < 1e-5 * sigmoid[-1]
    assert 0.1 < tanh[0] / tanh[-1] < 10
    assert min(relu) > 1e3  # the signal itself grows 4/sqrt(2) times per layer


@pytest.mark.parametrize(("lr", "words"), [(0.1, "slow"), (0.3, "steady"), (0.5, "one step"),
                                           (0.8, "oscillates, converges"), (1.0, "forever"),
                                           (1.1, "diverges")])
def test_step_size_title_names_the_regime(lr, words):
    explorer = widgets.step_size_explorer(lr)
    assert words in explorer.figure.axes[0].get_title()
    assert f"{1 - 2 * lr:.2f}" in explorer.figure.axes[1].get_title()


def test_race_runs_every_optimizer_on_every_surface():
    explorer = widgets.race_explorer()
    for name in widgets.RACE_LR:
        explorer.controls["surface"].value = name
        assert explorer.message.value == ""
        chosen = SURFACES[name]
        assert (explorer.controls["x0"].value, explorer.controls["y0"].value) == chosen.start
        labels = [t.get_text() for t in explorer.figure.axes[1].get_legend().get_texts()]
        assert [label.split(",")[0] for label in labels] == list(widgets.RACERS)
        lrs = widgets.RACE_LR[name]  # each optimizer's own lr is in its label
        assert [label.split(" lr ")[1].split()[0] for label in labels] == [
            f"{lrs[racer]:.2g}" for racer in widgets.RACERS]


def test_race_labels_an_optimizer_that_diverges():
    explorer = widgets.race_explorer("valley x² + 10y²")
    explorer.controls["lr_scale"].value = 10.0
    labels = [t.get_text() for t in explorer.figure.axes[1].get_legend().get_texts()]
    assert "SGD, lr 0.5 (diverged at step" in " ".join(labels)
    assert explorer.message.value == ""


def test_race_marks_the_minima_and_refuses_an_unknown_surface():
    assert len(widgets._minima("Himmelblau")) == 4
    np.testing.assert_allclose(widgets._minima("Beale"), [[3.0, 0.5]], atol=1e-8)
    assert widgets._minima("saddle x² − y²") == []
    with pytest.raises(ValueError, match="the race runs on"):
        widgets.race_explorer("bowl x² + y²")


@pytest.mark.parametrize("trajectories", [{}, {"SGD": np.zeros((0, 2))},
                                          {"SGD": np.zeros((5, 3))}])
def test_paths_refuses_trajectories_that_are_not_point_arrays(trajectories, monkeypatch):
    made = []
    monkeypatch.setattr(plots.base, "Figure", lambda **kw: made.append(kw))
    with pytest.raises(ValueError, match=r"shape \(steps \+ 1, 2\)"):
        plots.paths(SURFACES["Rosenbrock"], trajectories, "title")
    assert made == []  # refused before a figure was made


def test_momentum_explorer_at_zero_momentum_is_gradient_descent():
    explorer = widgets.momentum_explorer(momentum=0.0)
    paths = {line.get_label(): line.get_xydata() for line in explorer.figure.axes[0].get_lines()}
    np.testing.assert_array_equal(paths["gradient descent"], paths["Momentum (μ = 0.00)"])
    np.testing.assert_array_equal(paths["gradient descent"], paths["Nesterov (μ = 0.00)"])
    assert len(paths["gradient descent"]) == 21  # the whole path: 20 steps from the start


@pytest.mark.parametrize("stride, padding", [(1, 0), (2, 1), (3, 2), (2, 2), (1, 2)])
def test_convolution_explorer_gives_the_window_slider_one_step_per_window(stride, padding):
    explorer = widgets.convolution_explorer()
    window = explorer.controls["step"]
    explorer.controls["stride"].value, explorer.controls["padding"].value = stride, padding
    side = (6 + 2 * padding - 3) // stride + 1  # by hand, for the 6×6 image and 3×3 kernel
    assert window.max == side * side - 1
    window.value = window.max
    assert explorer.figure.axes[2].get_title().startswith(f"out[{side - 1}, {side - 1}]")
    assert f"= {side} wide" in explorer.figure.get_suptitle()


@pytest.mark.parametrize("error", [
    OverflowError("int too large to convert to float"), TypeError("bad operand"),
    RecursionError("maximum recursion depth exceeded"), ZeroDivisionError("division by zero"),
    KeyError("Adam"), MemoryError(), ValueError("x0 must be a number\nsecond line")])
def test_any_failure_in_a_redraw_reaches_the_learner_in_one_line(error):
    """A move is a widget message: an exception raised from the callback would vanish."""
    explorer = widgets.line_explorer()
    last_png = explorer.png

    def fail(**values):
        raise error

    explorer.draw = fail
    explorer.controls["m"].value = 0.5  # must not raise
    message = explorer.message.value
    assert message.startswith("<span") and "⚠" in message and "\n" not in message
    assert explorer.png == last_png and explorer.figure is None
    if isinstance(error, ValueError):  # the learner's input refused: their message, as written
        assert "x0 must be a number" in message and "second line" not in message
    else:  # our fault: named by its type
        assert f"could not draw this ({type(error).__name__}" in message
    explorer.draw = plots.line
    explorer.controls["m"].value = 1.0  # the next good move clears the message
    assert explorer.message.value == "" and explorer.png != last_png


def test_a_failure_while_drawing_the_png_is_reported_and_lets_go_of_the_figure():
    """A fault at draw time (inside matplotlib) is caught too, and the canvas keeps nothing."""
    explorer = widgets.line_explorer()
    explorer.draw = lambda **values: _unrenderable_figure()
    explorer.controls["m"].value = 0.5
    assert "could not draw this" in explorer.message.value
    assert explorer._canvas.figure is None


def _unrenderable_figure():
    figure = plots.line(1.0, 0.0)
    figure.axes[0].set_title(r"$\frac{$")  # mathtext fails only when drawn
    return figure


def test_every_figure_is_made_without_pyplot(make_explorer):
    """Explorer and notebook figures alike: nothing but their user may hold them."""
    for name in EXPLORERS:
        make_explorer(name)
    for figure in [plots.line(1, 0), plots.activations(), plots.chain_stretch(1.0, 0.1),
                   plots.step_size(0.3), plots.dense_shapes(), plots.regularizers(),
                   plots.coverage(7, 3, [(1, 0), (2, 1)])]:
        assert isinstance(figure, Figure)
    assert plt.get_fignums() == []


def test_a_redraw_frees_the_last_figure_and_leaves_the_garbage_collector_on():
    import gc
    import weakref

    gc.collect()  # start with empty generations: what earlier tests left must not decide it
    explorer = widgets.line_explorer()  # a new figure at every move
    last = weakref.ref(explorer.figure)
    explorer.controls["m"].value = 0.5
    assert last() is None  # freed by the redraw itself, not left for a full collection
    widgets.formula_explorer("x**2").controls["formula"].value = "x +"  # refused: the error path
    assert gc.isenabled()


def _pixels(png: bytes) -> np.ndarray:
    import io

    import PIL.Image

    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _explorer(spec, build):
    """An explorer from a test's spec: a function that makes one, or (name, {control: value})
    for build (the make_explorer fixture)."""
    if callable(spec):
        return spec()
    name, values = spec
    return _moved(build(name), **values)


def _moved(explorer, **values):
    """The explorer after setting these controls."""
    for name, value in values.items():
        explorer.controls[name].value = value
    return explorer


def _drawn_whole(figure) -> np.ndarray:
    """The figure drawn in one pass, every artist in z-order: no kept picture, no blitting."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for artist in figure.findobj():
        artist.set_animated(False)
    figure.set_dpi(widgets.DPI)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(int)


@pytest.mark.parametrize("make, moves, fresh", [
    (widgets.race_explorer,
     [("lr_scale", 3.0), ("surface", "Beale"), ("steps", 60), ("surface", "Rosenbrock"),
      ("x0", 0.5), ("momentum", 0.5)],
     lambda: _moved(widgets.race_explorer("Rosenbrock", lr_scale=3.0, momentum=0.5, steps=60),
                    x0=0.5)),
    (widgets.momentum_explorer, [("lr", 0.095), ("momentum", 0.8), ("lr", 0.03)],
     lambda: widgets.momentum_explorer(lr=0.03, momentum=0.8)),
    (widgets.directional_explorer,
     [("angle", 200.0), ("surface", "Himmelblau"), ("angle", 95.0)],
     lambda: widgets.directional_explorer("Himmelblau", angle=95.0)),
    (widgets.regression_explorer, [("theta0", 3.0), ("theta1", -1.0), ("theta0", 1.0)],
     lambda: widgets.regression_explorer(theta0=1.0, theta1=-1.0)),
    (widgets.conv_gradient_explorer, [("i", 3), ("j", 0), ("i", 2)],
     lambda: widgets.conv_gradient_explorer(i=2, j=0)),
    (widgets.convolution_explorer,
     [("step", 12), ("padding", 1), ("step", 20), ("stride", 2), ("padding", 0), ("stride", 1),
      ("step", 7)],
     lambda: widgets.convolution_explorer(step=7)),
    (widgets.tangent_explorer,
     [("x0", 2.0), ("curve", "tanh(x)"), ("x0", -1.5), ("curve", "sin(x)"), ("x0", 0.3)],
     lambda: widgets.tangent_explorer("sin(x)", x0=0.3)),
    (widgets.formula_explorer, [("x0", -2.0), ("formula", "exp(-x^2)"), ("x0", 0.5)],
     lambda: widgets.formula_explorer("exp(-x^2)", x0=0.5)),
    # near the pole f′(0.02) = -2500 widens f′'s y-limits: the kept picture must be redrawn
    (widgets.formula_explorer, [("formula", "1/x"), ("x0", 2.0), ("x0", 0.02)],
     lambda: widgets.formula_explorer("1/x", x0=0.02)),
    (widgets.secant_explorer, [("h", 0.01), ("x0", -1.0), ("h", 0.3)],
     lambda: widgets.secant_explorer(x0=-1.0, h=0.3)),
    (widgets.slice_explorer,
     [("x0", 0.5), ("surface", "Rosenbrock"), ("y0", 2.5), ("surface", "saddle x² − y²"),
      ("y0", -1.2), ("x0", 1.5)],
     lambda: widgets.slice_explorer("saddle x² − y²", x0=1.5, y0=-1.2)),
    (widgets.gradient_explorer,
     [("x0", 0.5), ("surface", "Beale"), ("y0", 1.0), ("surface", "Himmelblau"), ("y0", -1.0)],
     lambda: widgets.gradient_explorer("Himmelblau", y0=-1.0)),
    (("training_explorer", {}), [("snapshot", 0), ("snapshot", 2)],
     ("training_explorer", {"snapshot": 2})),
    (widgets.pooling_explorer, [("stride", 1), ("size", 3), ("stride", 3), ("size", 2)],
     lambda: widgets.pooling_explorer(size=2, stride=3)),
], ids=["race", "momentum", "directional", "regression", "conv_gradient", "convolution",
        "tangent", "formula", "formula near a pole", "secant", "slices", "gradient", "training",
        "pooling"])
def test_a_kept_figure_redrawn_over_its_picture_matches_a_fresh_one(make, moves, fresh,
                                                                     make_explorer):
    """Explorers that keep their figure redraw only what moved over a picture of the rest. After
    several moves the PNG must be what a new explorer at the same values draws in one pass:
    nothing stale left behind, nothing moving left out, and the same z-order."""
    explorer = _explorer(make, make_explorer)
    for name, value in moves:
        explorer.controls[name].value = value
    kept = _pixels(explorer.png)
    whole = _drawn_whole(_explorer(fresh, make_explorer).figure)
    assert kept.shape == whole.shape
    differ = np.abs(kept - whole).max(axis=2) > 8
    assert differ.mean() < 1e-4, f"{differ.sum()} pixels differ"


def test_a_trajectory_that_leaves_the_plot_and_comes_back_says_where():
    """Newton on Rosenbrock: step 2 goes to (0.85, −2.77), below the plot, then comes back."""
    rosenbrock = SURFACES["Rosenbrock"]
    path = optim.newton(lambda p: rosenbrock.gradient(*p), lambda p: rosenbrock.hessian(*p),
                        rosenbrock.start, 8)
    assert path[2, 1] < rosenbrock.ylim[0] and np.allclose(path[-1], [1, 1])
    figure = plots.paths(rosenbrock, {"Newton": path}, "title")
    labels = [line.get_label() for line in figure.axes[0].get_lines()]
    assert "Newton (off the plot at step 2: (0.848, -2.77), then back)" in labels


def test_a_trajectory_that_ends_off_the_plot_says_from_which_step():
    rosenbrock = SURFACES["Rosenbrock"]
    path = np.array([[0.0, 0.0], [0.5, 0.5], [9.0, 0.0], [20.0, 0.0]])
    figure = plots.paths(rosenbrock, {"runaway": path}, "title")
    labels = [line.get_label() for line in figure.axes[0].get_lines()]
    assert "runaway (off the plot from step 2, ends at (20, 0))" in labels


@pytest.mark.parametrize("batch_size", [1, 5, 25, 50])
def test_minibatch_explorer_labels_every_divergence_alike(batch_size):
    """lr 0.3 is above 2/L of the full-batch loss: every batch size diverges, whether the run
    was cut at 1e8 (small batches) or is still growing at the end (B = 25, 50)."""
    explorer = widgets.minibatch_explorer(batch_size=batch_size, lr=0.3)
    assert "diverged at step" in explorer.figure.axes[0].get_title()


@pytest.mark.parametrize("corner", [(-4.5, -4.5), (-4.5, 4.5), (4.5, -4.5), (4.5, 4.5)])
def test_beale_slices_keep_their_labels_apart_at_the_corners(corner):
    """Beale's slices reach 200000 at the corners: written in full, their tick labels pushed
    the middle panel's y label into the 3-D panel's z label."""
    import figure_invariants as fi

    figure = widgets.slice_explorer("Beale", *corner).figure
    assert fi.check_overlap(figure, fi.prepare(figure)) == []


def test_regression_arrow_is_hidden_near_the_least_squares_point_and_scales_with_the_gradient():
    x, y = datasets.line()
    slope, intercept = np.polyfit(x, y, 1)
    figure = plots.Regression(x, y)
    near = figure.update(intercept + 0.01, slope + 0.01)
    assert not near.ax_l.texts and "too short to draw" in near.ax_l.get_title()
    lengths = []
    for offset in [0.2, 0.4, 3.0, 6.0]:
        arrow = figure.update(intercept + offset, slope).ax_l.texts[0]
        lengths.append(np.hypot(*np.subtract(arrow.xy, arrow.xyann)))
    assert lengths[0] < lengths[1] < lengths[2] == pytest.approx(lengths[3])  # capped


def test_chain_explorer_draws_a_short_nudge_that_is_longer_than_its_head():
    figure = widgets.chain_explorer(x0=2.0, dx=0.3).figure
    tags = [t.get_gid() for ax in figure.axes for t in ax.texts if t.get_gid()]
    assert any(tag.startswith("signed:dy=-") for tag in tags)
    assert not any("too small" in t.get_text() for ax in figure.axes for t in ax.texts)
