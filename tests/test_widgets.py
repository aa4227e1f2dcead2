"""Every explorer's update callback, at the ends and middle of every slider and every dropdown
entry, without a browser: setting a control's value fires the same observer dragging would."""

import ipywidgets as ipw
import numpy as np
import pytest

from calclib import widgets
from calclib.functions import CURVES

PNG = b"\x89PNG"
EXPLORERS = {
    "line": widgets.line_explorer,
    "tangent": widgets.tangent_explorer,
    "secant": widgets.secant_explorer,
    "formula": widgets.formula_explorer,
}


def positions(slider):
    """The ends and the middle of a slider's range (in the exponent, for a log slider)."""
    if isinstance(slider, ipw.FloatLogSlider):
        return [slider.base**e for e in (slider.min, (slider.min + slider.max) / 2, slider.max)]
    return [slider.min, (slider.min + slider.max) / 2, slider.max]


@pytest.mark.parametrize("name", EXPLORERS)
def test_default_view_draws_a_titled_figure(name):
    explorer = EXPLORERS[name]()
    assert explorer.png.startswith(PNG)
    assert explorer.message.value == ""
    assert all(ax.get_title() for ax in explorer.figure.axes)
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in explorer.figure.axes)


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_slider_redraws_at_its_ends_and_middle(name):
    explorer = EXPLORERS[name]()
    for control in explorer.controls.values():
        if not isinstance(control, (ipw.FloatSlider, ipw.FloatLogSlider)):
            continue
        for value in positions(control):
            before = explorer.png
            control.value = value
            assert explorer.message.value == "", explorer.message.value
            assert explorer.png.startswith(PNG)
            assert explorer.png != before or value == pytest.approx(control.value)


@pytest.mark.parametrize("name", ["tangent", "secant"])
def test_every_dropdown_entry_draws(name):
    explorer = EXPLORERS[name]()
    for entry in CURVES:
        before = explorer.png
        explorer.controls["curve"].value = entry
        assert explorer.message.value == ""
        assert explorer.png != before or entry == "sin(x)"


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
    assert explorer.png == good
    explorer.controls["formula"].value = "x*sin(x)"
    assert explorer.message.value == ""
    assert explorer.png != good


def test_formula_explorer_says_where_f_is_undefined():
    explorer = widgets.formula_explorer("log(x)", x0=-1.0)
    assert "not defined at x0 = -1" in explorer.message.value
    explorer.controls["x0"].value = 1.0
    assert explorer.message.value == ""
    assert "1.000" in explorer.figure.axes[0].get_title()  # log'(1) = 1


def test_formula_explorer_uses_sympys_derivative():
    explorer = widgets.formula_explorer("x^3", x0=2.0)
    assert "12.000" in explorer.figure.axes[0].get_title()
    assert "3*x**2" in explorer.figure.axes[1].get_legend().get_texts()[0].get_text()


def test_unknown_curve_is_named():
    with pytest.raises(ValueError, match="unknown curve"):
        widgets.tangent_explorer("cosh(x)")
