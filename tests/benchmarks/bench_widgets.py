"""Slider responsiveness: for every explorer in calclib.widgets, the time of one update
(compute + draw + encode the PNG), median over positions across each slider's range, and over
the first choice of each option of a dropdown."""

import contextlib
import io
import statistics
import sys
import time
from pathlib import Path

import ipywidgets as ipw
import numpy as np
from timing import ms

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared builder
from conftest import build_explorer

from calclib import widgets

EXPLORERS = [n for n in dir(widgets) if n.endswith("_explorer") and not n.startswith("_")]
TARGET = 0.1  # seconds


def positions(control, n=5):
    """n values spread over a slider's range."""
    if isinstance(control, ipw.FloatLogSlider):
        return list(control.base ** np.linspace(control.min, control.max, n))
    values = np.linspace(control.min, control.max, n)
    return [round(v) for v in values] if isinstance(control, ipw.IntSlider) else list(values)


def callback_times(name):
    """{control: median seconds per redraw} for one explorer."""
    with contextlib.redirect_stdout(io.StringIO()):  # outside a kernel, display() prints
        explorer = build_explorer(name)
        medians = {}
        for label, control in explorer.controls.items():
            if isinstance(control, ipw.Text):
                continue  # typed formulas: timed at the same redraw as the sliders beside them
            if isinstance(control, ipw.Dropdown):
                medians[label] = statistics.median(first_choice_times(name, label))
            else:
                medians[label] = statistics.median(_move_times(control, positions(control)))
        return medians


def first_choice_times(name, label, explorers=3):
    """Each option of a dropdown chosen for the first time, in a few new explorers: some
    explorers keep the figure of an option once drawn, so only a first choice draws it anew."""
    times = []
    for _ in range(explorers):
        control = build_explorer(name).controls[label]
        options = [value for _, value in control.options] if isinstance(
            control.options[0], tuple) else list(control.options)
        times += _move_times(control, [value for value in options if value != control.value])
    return times


def _move_times(control, values):
    """Seconds per redraw as the control is set to each value in turn."""
    start_value, times = control.value, []
    for value in values:
        if value == control.value:
            continue
        start = time.perf_counter()
        control.value = value  # fires the observer: compute, draw, encode, display
        times.append(time.perf_counter() - start)
    control.value = start_value
    return times


def reference_time(explorer, moves=5):
    """Median seconds per redraw of a plain figure (line_explorer: one axes, two lines, a new
    figure every time), timed beside each explorer. This machine's speed drifts by up to 2x
    from minute to minute; the ratio to this reference does not."""
    with contextlib.redirect_stdout(io.StringIO()):
        slope = explorer.controls["m"]
        return statistics.median(_move_times(slope, np.linspace(-3, 3, moves)))


def run():
    rows, slowest = [], ("", 0.0)
    with contextlib.redirect_stdout(io.StringIO()):
        reference = build_explorer("line_explorer")
    for name in EXPLORERS:
        for label, t in callback_times(name).items():
            ref = reference_time(reference)
            rows.append((f"widget: {name} / {label}", ms(t), f"plain figure {ms(ref)}",
                         f"{t / ref:.2f}x", "< 100 ms", t < TARGET))
            if t > slowest[1]:
                slowest = (f"{name} / {label}", t)
    rows.append(("widget: slowest callback", ms(slowest[1]), slowest[0], "", "< 100 ms",
                 slowest[1] < TARGET))
    return rows
