"""A kernel driven by sliders must not grow (DESIGN.md: explorer figures live only as long as the
explorer needs them; nothing outside the explorer may hold them).

Every explorer in calclib.widgets is built and displayed in a real kernel with the inline
backend, as in JupyterLab. Then:
- code in one cell moves every slider, and reads, before the cell ends, what pyplot and
  matplotlib_inline hold: a figure made with pyplot sits in matplotlib_inline's list until the
  cell's end flushes it (102 moves in one cell left 48 figures there before calclib stopped
  using pyplot);
- every control is moved as the browser moves it (comm messages, no cell in between), first as
  a warm-up, then the same moves again; the first cell afterwards reads what the kernel holds,
  and its memory after a full collection with freed memory handed back (malloc_trim), so that
  the high-water mark of garbage waiting for the cyclic GC does not count as growth. (The first
  repeat still grows the kernel by about 15 MB, matplotlib's caches of text layouts filling
  with the secant explorer's labels; further repeats add under 1 MB each.)

A widget message does run IPython's post_execute hooks, and with them matplotlib_inline's
flush_figures: comm's BaseComm.handle_msg triggers pre_execute and post_execute around each.
So moves from the browser never piled up pyplot figures (the second test passes with pyplot
figures too); moves made by a cell's code did, until the cell ended (the first test).
"""

import itertools
import json
import math

import pytest
from kerneltools import Kernel, Reply, build_explorer_source

MOVES = 40  # per explorer: made once to warm up, then again, measured
RSS_GROWTH_MB = 30
FORMULA_CACHE = 8  # formula_explorer keeps the figures of the last 8 formulas (widgets._kept)
# typed into the formula box: all different (so each is a new figure), and one it refuses
FORMULAS = ["x*sin(x)", "exp(-x^2)", "sigmoid(x)", "log(1 + x**2)", "tanh(x)", "1/x",
            "x**3 - 2*x", "x +* 2"]
# where each slider goes, as a fraction of its range: its ends, its middle, and between
FRACTIONS = [0.0, 1.0, 0.5, 0.25, 0.75, 0.1, 0.9, 0.4, 0.6, 0.05, 0.95, 0.3, 0.7]

SETUP = """
import json
from IPython.display import display
from calclib import widgets

{build_explorer}

NAMES = sorted(n for n in dir(widgets) if n.endswith("_explorer") and not n.startswith("_"))
explorers = {{name: build_explorer(name) for name in NAMES}}
for explorer in explorers.values():
    display(explorer)
print(json.dumps({{name: {{key: control.model_id for key, control in e.controls.items()}}
                  for name, e in explorers.items()}}))
"""

# Each explorer's sliders to their ends and middle, by code in one cell (as a notebook cell, or
# a test, might animate an explorer); read before the cell ends.
MOVES_IN_A_CELL = """
import json
import ipywidgets as ipw
import matplotlib.pyplot as plt
import matplotlib_inline.backend_inline as inline

moves = 0
for explorer in explorers.values():
    for control in explorer.controls.values():
        if isinstance(control, (ipw.FloatSlider, ipw.IntSlider, ipw.FloatLogSlider)):
            start = control.value
            for value in (control.min, control.max, (control.min + control.max) / 2):
                if isinstance(control, ipw.FloatLogSlider):
                    value = control.base ** value
                control.value = round(value) if isinstance(control, ipw.IntSlider) else value
                moves += 1
            control.value = start
print(json.dumps({"moves": moves, "inline_to_draw": len(inline.show._to_draw),
                  "pyplot_fignums": plt.get_fignums()}))
"""

# The kernel's resident memory after a full collection, with the memory freed handed back to
# the system (malloc_trim): what the kernel uses, not the high-water mark of its garbage.
RSS = """
def collected_rss_mb():
    import ctypes, gc, re
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    status = open("/proc/self/status").read()
    return int(re.search(r"VmRSS:\\s+(\\d+) kB", status).group(1)) / 1024
"""

# The first cell after the moves. It reads the state first: a cell's end runs matplotlib_inline's
# flush_figures, which would empty the inline backend's list and release what it held.
INSPECT = """
import gc, json
import matplotlib.figure
import matplotlib.pyplot as plt
import matplotlib_inline.backend_inline as inline
from matplotlib._pylab_helpers import Gcf

held = {"inline_to_draw": len(inline.show._to_draw), "pyplot_fignums": plt.get_fignums(),
        "pyplot_managers": len(Gcf.figs)}
gc.collect()
figures = [o for o in gc.get_objects() if isinstance(o, matplotlib.figure.Figure)]
held["figures"] = len(figures)
held["explorers_last_figures"] = sum(e.figure is not None for e in explorers.values())
held["rss_mb"] = collected_rss_mb()
print(json.dumps(held))
"""


class Controls:
    """An explorer's controls, moved in turn through their ranges, as the front end sees them."""

    def __init__(self, kernel, model_ids: dict):
        self.kernel, self.model_ids = kernel, model_ids
        self.turns = dict.fromkeys(model_ids, 0)

    def state(self, key) -> dict:
        return self.kernel.widgets[self.model_ids[key]]

    def kind(self, key) -> str:
        return self.state(key)["_model_name"]

    @property
    def dropdowns(self) -> list:
        return [key for key in self.model_ids if self.kind(key) == "DropdownModel"]

    def kept_figures(self) -> int:
        """The most figures this explorer may keep: one plots.Live per choice of its dropdowns
        (per combination of them), or per formula typed (its cache holds 8), and the last
        figure it drew."""
        choices = math.prod(len(self.state(key)["_options_labels"]) for key in self.dropdowns)
        typed = FORMULA_CACHE if any(self.kind(k) == "TextModel" for k in self.model_ids) else 0
        return choices + typed + 1

    def next_state(self, key) -> dict:
        """The next move of control `key`: the browser's message state for it."""
        state, turn = self.state(key), self.turns[key]
        self.turns[key] += 1
        kind = self.kind(key)
        if kind == "DropdownModel":  # the browser sends the chosen index
            return {"index": (turn + 1) % len(state["_options_labels"])}
        if kind == "TextModel":
            return {"value": FORMULAS[turn % len(FORMULAS)]}
        low, high, step = state["min"], state["max"], state["step"]
        position = low + round(FRACTIONS[turn % len(FRACTIONS)] * (high - low) / step) * step
        position = min(max(position, low), high)
        if kind == "IntSliderModel":
            return {"value": round(position)}
        if kind == "FloatLogSliderModel":  # min, max and step are exponents
            return {"value": state["base"] ** position}
        return {"value": round(position, 10)}

    def move(self, key, state=None) -> Reply:
        reply = self.kernel.change(self.model_ids[key], state or self.next_state(key))
        assert not reply.errors, f"moving {key} raised {reply.errors}"
        return reply

    def warm_up(self):
        """Every combination of the dropdowns' choices (whatever an explorer builds once per
        choice and keeps is built here), then the moves the test will make, once."""
        dropdowns = self.dropdowns
        counts = [len(self.state(key)["_options_labels"]) for key in dropdowns]
        for combination in itertools.product(*map(range, counts)):
            for key, index in zip(dropdowns, combination, strict=True):
                if self.state(key)["index"] != index:
                    self.move(key, {"index": index})
        self.moves(MOVES)

    def moves(self, count) -> int:
        """The same count moves each time: the controls in turn, each through its sequence of
        positions (or choices, or formulas); returns how many pictures they showed."""
        self.turns = dict.fromkeys(self.model_ids, 0)
        keys = list(self.model_ids)
        return sum(self.move(keys[i % len(keys)]).pictures for i in range(count))


@pytest.fixture(scope="module")
def kernel():
    kernel = Kernel()
    yield kernel
    kernel.shutdown()


@pytest.fixture(scope="module")
def explorers(kernel):
    """Every explorer in calclib.widgets, built and displayed in the kernel (inline backend):
    their controls, by explorer name."""
    kernel.execute("%matplotlib inline")
    setup = kernel.execute(SETUP.format(build_explorer=build_explorer_source()))
    explorers = {name: Controls(kernel, ids)
                 for name, ids in json.loads(setup.stdout.splitlines()[-1]).items()}
    assert len(explorers) >= 20, sorted(explorers)
    return explorers


@pytest.mark.timeout(300)
def test_moves_made_by_a_cell_leave_nothing_to_pyplot(kernel, explorers):
    """Moves made by code in one cell: what the cell's end would release (matplotlib_inline's
    list of figures to show, pyplot's figures) must hold none of them even before it ends."""
    held = json.loads(kernel.execute(MOVES_IN_A_CELL).stdout.splitlines()[-1])
    print(f"\n{held['moves']} moves made in one cell: the inline backend's list holds "
          f"{held['inline_to_draw']} figures, pyplot {len(held['pyplot_fignums'])}")
    assert held["inline_to_draw"] == 0 and held["pyplot_fignums"] == [], (
        "figures made with pyplot: matplotlib_inline and pyplot hold them until the cell ends")


@pytest.mark.timeout(600)
def test_slider_moves_leave_no_figures_behind(kernel, explorers):
    """Moves sent as the browser sends them, no cell in between, after a warm-up; then the
    first cell reads what the kernel holds, and its memory (both after a full collection)."""
    for controls in explorers.values():
        controls.warm_up()
    before = float(kernel.execute(RSS + "print(collected_rss_mb())").stdout.splitlines()[-1])
    outside_before = kernel.rss_mb()
    pictures = {name: controls.moves(MOVES) for name, controls in explorers.items()}
    outside_after = kernel.rss_mb()
    held = json.loads(kernel.execute(RSS + INSPECT).stdout.splitlines()[-1])
    growth = held["rss_mb"] - before

    bound = sum(controls.kept_figures() for controls in explorers.values())
    print(f"\n{len(explorers)} explorers, {MOVES} moves each after a warm-up; kernel RSS after "
          f"a full collection and malloc_trim: {before:.0f} MB after the warm-up, "
          f"{held['rss_mb']:.0f} MB after the moves ({growth:+.1f} MB); read from outside, "
          "without collecting: "
          f"{outside_before:.0f} -> {outside_after:.0f} MB ({outside_after - outside_before:+.1f})")
    print(f"held by the inline backend's list: {held['inline_to_draw']}, by pyplot: "
          f"{len(held['pyplot_fignums'])} ({held['pyplot_managers']} managers); "
          f"live Figures after gc.collect(): {held['figures']} (bound {bound}, "
          f"{held['explorers_last_figures']} of them the explorers' last figures)")
    print("pictures shown per explorer:", pictures)

    assert all(pictures.values()), f"moves that showed no picture: {pictures}"
    assert held["inline_to_draw"] == 0, (
        f"matplotlib_inline holds {held['inline_to_draw']} figures to show after the next cell")
    assert held["pyplot_fignums"] == [], f"pyplot holds figures {held['pyplot_fignums']}"
    assert held["figures"] <= bound, (
        f"{held['figures']} Figures alive after {MOVES} moves of each explorer; the explorers "
        f"keep at most {bound} (one per dropdown choice or typed formula, and the last drawn)")
    assert growth < RSS_GROWTH_MB, (
        f"the kernel grew {growth:.0f} MB over {MOVES} moves of each explorer")
