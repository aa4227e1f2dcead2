"""Every control of every explorer: each slider at the ends and middle of its range and each
dropdown entry redraws the figure, with no message. (A file of its own so that pytest-xdist
runs it beside test_widgets.py.)"""

import ipywidgets as ipw
import matplotlib.pyplot as plt
import pytest

from calclib import widgets

PNG = b"\x89PNG"
EXPLORERS = [n for n in dir(widgets) if n.endswith("_explorer") and not n.startswith("_")]


def positions(slider):
    """The ends and the middle of a slider's range (in the exponent, for a log slider)."""
    if isinstance(slider, ipw.FloatLogSlider):
        return [slider.base**e for e in (slider.min, (slider.min + slider.max) / 2, slider.max)]
    return [slider.min, (slider.min + slider.max) / 2, slider.max]


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_slider_redraws_at_its_ends_and_middle(name, make_explorer):
    explorer = make_explorer(name)
    for control in explorer.controls.values():
        if not isinstance(control, (ipw.FloatSlider, ipw.FloatLogSlider, ipw.IntSlider)):
            continue
        for value in positions(control):
            before = explorer.png
            control.value = value
            assert explorer.message.value == "", explorer.message.value
            assert explorer.png.startswith(PNG)
            assert explorer.png != before or value == pytest.approx(control.value)
    # a move is a widget message, not a cell: a figure pyplot held would never be released
    assert plt.get_fignums() == [], f"{name} left figures registered with pyplot"


WITH_DROPDOWNS = [f"{n}_explorer" for n in ["tangent", "secant", "slice", "gradient",
                                             "directional", "vanishing", "race", "convolution",
                                             "pooling"]]


@pytest.mark.parametrize("name", WITH_DROPDOWNS)
def test_every_dropdown_entry_draws(name, make_explorer):
    explorer = make_explorer(name)
    dropdowns = [c for c in explorer.controls.values() if isinstance(c, ipw.Dropdown)]
    assert dropdowns
    for dropdown in dropdowns:
        first = dropdown.value
        for entry in [*(o for o in dropdown.options if o != first), first]:
            before = explorer.png
            dropdown.value = entry
            assert explorer.message.value == ""
            assert explorer.png != before, f"{dropdown.description} = {entry!r} drew nothing new"
    assert plt.get_fignums() == [], f"{name} left figures registered with pyplot"
