"""The kernel's half of bench_browser.py: imported by its scratch notebook, inside JupyterLab.

It builds the explorers one at a time on a stage (a VBox below the reference explorer), times
in the kernel what each control change costs there, and offers the alternatives the benchmark
compares (other ways of putting the same PNG on screen). calclib is not edited: the timers are
wrapped, in this kernel only, around the staged explorer's redraw, draw and _png, around
ipywidgets' Widget.set_state (where every change from the browser lands) and Widget._send, the
Output's `with`, matplotlib's Text.draw and PIL's Image.save.

Times are milliseconds; `t_*` are wall-clock epochs in ms, comparable with the page's
performance.timeOrigin + performance.now() on the same machine.
"""

import ast
import base64
import faulthandler
import io
import json
import pathlib
import signal
import time
import types

import ipywidgets as ipw
import matplotlib.text
import numpy as np
import PIL.Image
from IPython.display import Image, clear_output, display

TESTS = pathlib.Path(__file__).resolve().parents[1]
FAULTS = open("kernel-faults.txt", "w")  # in the scratch folder: the kernel's working folder
faulthandler.enable(FAULTS)  # if the kernel dies, bench_browser.py prints where
faulthandler.register(signal.SIGTERM, FAULTS, chain=True)
MESSAGES = []  # one per comm message from the browser: {model, keys, t_in, ms}
REDRAWS = []  # one per redraw of a staged explorer: {name, show, t_start, ms, png, draw_ms,
#               encode_ms (the _png call), show_ms, text_ms, text_ms_calls, save_ms}
STAGE = ipw.VBox()  # the explorer being measured
STAGED = {}


def _build_explorer_source() -> str:
    """tests/conftest.py's build_explorer, without running that file (it switches matplotlib to
    Agg for the test run, which is not what a learner's kernel does)."""
    source = (TESTS / "conftest.py").read_text()
    node = next(n for n in ast.parse(source).body
                if isinstance(n, ast.FunctionDef) and n.name == "build_explorer")
    return ast.get_source_segment(source, node)


exec(_build_explorer_source())  # defines build_explorer(name)


def _timed_set_state(self, sync_data, _set_state=ipw.Widget.set_state):
    start, t0 = time.time(), time.perf_counter()
    try:
        return _set_state(self, sync_data)
    finally:
        MESSAGES.append({"model": self.model_id, "keys": sorted(sync_data),
                         "t_in": 1000 * start, "ms": 1000 * (time.perf_counter() - t0)})


ipw.Widget.set_state = _timed_set_state

# How a redraw shows its PNG. "calclib" is calclib.widgets' own way, left alone. The others
# suppress it (explorer.output replaced by a stand-in that shows nothing)
# and show the PNG the redraw made their own way. Either way, the time spent showing (the
# Output's `with`, clear_output, display, widget state sent) goes to RECORD["show_ms"].
RECORD = {}  # the timings of the redraw in progress
_quiet = [False]
_depth = [0]


def _showing(function, skip_when_quiet=True):
    def run(*args, **kwargs):
        if _quiet[0] and skip_when_quiet:
            return None
        _depth[0] += 1
        t0 = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _depth[0] -= 1
            if _depth[0] == 0:  # the outermost only: `with output` sends state, for one
                RECORD["show_ms"] = RECORD.get("show_ms", 0.0) + 1000 * (
                    time.perf_counter() - t0)
    return run


ipw.Output.__enter__ = _showing(ipw.Output.__enter__)
ipw.Output.__exit__ = _showing(ipw.Output.__exit__)
ipw.Widget._send = _showing(ipw.Widget._send, skip_when_quiet=False)  # e.g. outputs, value


def _timed_into(key, function):
    """function, its time added to RECORD[key] (outermost calls only) and its calls counted."""
    depth = [0]

    def run(*args, **kwargs):
        depth[0] += 1
        t0 = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                RECORD[key] = RECORD.get(key, 0.0) + 1000 * (time.perf_counter() - t0)
                RECORD[key + "_calls"] = RECORD.get(key + "_calls", 0) + 1
    return run


# inside the render: text (layout, glyphs, mathtext) and the PNG encoding
matplotlib.text.Text.draw = _timed_into("text_ms", matplotlib.text.Text.draw)
PIL.Image.Image.save = _timed_into("save_ms", PIL.Image.Image.save)


class _Nowhere:
    """Stands in for explorer.output when the picture is shown another way: `with` does nothing
    (an Output's `with` syncs its msg_id to the browser twice per redraw)."""

    def __init__(self):
        self.layout = types.SimpleNamespace(height=None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _png_output(png: bytes) -> dict:
    return {"output_type": "display_data", "metadata": {},
            "data": {"image/png": base64.b64encode(png).decode("ascii"),
                     "text/plain": "<IPython.core.display.Image object>"}}


def _display(explorer):
    """clear_output(wait=True) and display(Image) inside `with output` (calclib's way up to
    November 2026): four messages, and the browser sends each PNG back to the kernel."""
    output = explorer.output

    def show():
        output.layout.height = explorer.output.layout.height or output.layout.height
        with output:
            clear_output(wait=True)
            display(Image(data=explorer.png))
    return show


def _outputs_trait(explorer):
    """The same Output, its `outputs` set from the kernel in one message: no clear_output, no
    msg_id syncs, and no copy of the PNG sent back to the kernel by the browser."""
    output = explorer.output

    def show():
        output.layout.height = explorer.output.layout.height or output.layout.height
        output.outputs = (_png_output(explorer.png),)
    return show


def _image_widget(explorer):
    """An ipywidgets.Image in place of the Output, its value set to each new PNG (sent as a
    binary buffer; the browser swaps the <img> src)."""
    image = ipw.Image(format="png", value=explorer.png)
    explorer.children = (*explorer.children[:-1], image)
    return lambda: setattr(image, "value", explorer.png)


SHOWS = {"calclib": None, "clear_output + display": _display, "outputs trait": _outputs_trait,
         "image widget": _image_widget}


def stage(name: str, show: str = "calclib", label: str | None = None) -> str:
    """Build explorer `name` anew, time its redraws, show it on the stage (alone, unless it is
    the reference). Returns the CSS class its box carries in the page."""
    label = label or name
    explorer = build_explorer(name)  # noqa: F821 (defined by exec above)
    redraw = explorer.redraw

    def timed(method, key):
        def run(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                RECORD[key] = RECORD.get(key, 0.0) + 1000 * (time.perf_counter() - t0)
        return run

    shown = None
    if SHOWS[show] is not None:
        shown = SHOWS[show](explorer)
        explorer.output = _Nowhere()

    def timed_redraw():
        RECORD.clear()
        start, t0 = time.time(), time.perf_counter()
        _quiet[0] = shown is not None
        try:
            redraw()
        finally:
            _quiet[0] = False
        if shown is not None:
            _showing(shown)()
        REDRAWS.append({"name": label, "show": show, "t_start": 1000 * start,
                        "ms": 1000 * (time.perf_counter() - t0), "png": len(explorer.png),
                        **RECORD})
        RECORD.clear()

    explorer.redraw = timed_redraw  # Explorer._changed calls self.redraw()
    explorer.draw = timed(explorer.draw, "draw_ms")
    if hasattr(explorer, "_png"):
        explorer._png = timed(explorer._png, "encode_ms")
    css = "bench-" + "".join(c if c.isalnum() else "-" for c in label)
    explorer.add_class(css)
    if label != "reference":
        for old in STAGE.children:
            old.close()
        STAGE.children = (explorer,)
    STAGED[label] = explorer
    return css


def dump(path: str):
    """Write the kernel's records to path as JSON (read by bench_browser.py at the end)."""
    pathlib.Path(path).write_text(json.dumps({"messages": MESSAGES, "redraws": REDRAWS}))


# --- replays: the same PNGs, no drawing: what putting a picture on screen costs by itself ---

def _rgb(png: bytes) -> np.ndarray:
    return np.asarray(PIL.Image.open(io.BytesIO(png)).convert("RGB"))


def encodings(pixels: np.ndarray) -> dict:
    """{format: (bytes, encode ms)} of one picture, the fastest of 3 encodings."""
    def png(level, palette=False):
        def run():
            image = PIL.Image.fromarray(pixels)
            if palette:
                image = image.quantize(256, method=PIL.Image.Quantize.FASTOCTREE)
            buffer = io.BytesIO()
            image.save(buffer, format="png", compress_level=level)
            return buffer.getvalue()
        return run

    def lossy(form, **options):
        def run():
            buffer = io.BytesIO()
            PIL.Image.fromarray(pixels).save(buffer, format=form, **options)
            return buffer.getvalue()
        return run

    runs = {"png": png(1), "png level 6": png(6), "png 256 colours": png(1, palette=True),
            "jpeg q90": lossy("jpeg", quality=90), "webp lossless fastest": lossy(
                "webp", lossless=True, method=0, quality=0)}
    results = {}
    for name, run in runs.items():
        best = None
        for _ in range(3):
            t0 = time.perf_counter()
            data = run()
            elapsed = 1000 * (time.perf_counter() - t0)
            best = elapsed if best is None else min(best, elapsed)
        results[name] = (data, best)
    return results


REPLAY = {}  # sink name -> (trigger slider, sink widget)
PICTURES = {}  # format -> [bytes, ...]: every staged explorer's last picture, re-encoded
ENCODE = {}  # format -> [(bytes, ms), ...]


def collect_pictures():
    """Every staged explorer's current picture, in each encoding: ENCODE[format][label] =
    (bytes, ms)."""
    for label, explorer in STAGED.items():
        for form, (data, ms) in encodings(_rgb(explorer.png)).items():
            PICTURES.setdefault(form, []).append(data)
            ENCODE.setdefault(form, {})[label] = (len(data), ms)


def _replay_sink(kind, form):
    pictures = PICTURES[form]
    mime = {"jpeg q90": "jpeg", "webp lossless fastest": "webp"}.get(form, "png")
    if kind == "no-op":  # a comm round trip and a text change: no picture at all
        sink = ipw.HTML("0")
        return sink, lambda i: setattr(sink, "value", str(i))
    if kind == "image widget":
        sink = ipw.Image(format=mime, value=pictures[0])
        return sink, lambda i: setattr(sink, "value", pictures[i % len(pictures)])
    sink = ipw.Output(layout=ipw.Layout(height="650px"))
    if kind == "outputs trait":
        def show(i):
            data = base64.b64encode(pictures[i % len(pictures)]).decode("ascii")
            sink.outputs = ({"output_type": "display_data", "metadata": {},
                             "data": {f"image/{mime}": data}},)
        return sink, show

    def show(i):  # clear_output + display
        with sink:
            clear_output(wait=True)
            display(Image(data=pictures[i % len(pictures)], format=mime))
    return sink, show


def replay(kind: str, form: str = "png") -> str:
    """A slider whose every move shows the next staged explorer's picture (no drawing) in a
    sink of the given kind; put on the stage. Returns its CSS class."""
    sink, show = _replay_sink(kind, form)
    trigger = ipw.IntSlider(value=0, min=0, max=10_000, description="replay")
    trigger.observe(lambda change: show(change.new), names="value")
    show(0)
    label = f"replay {kind} {form}"
    css = "bench-" + "".join(c if c.isalnum() else "-" for c in label)
    box = ipw.VBox([ipw.HBox([trigger]), sink])
    box.add_class(css)
    for old in STAGE.children:
        old.close()
    STAGE.children = (box,)
    REPLAY[label] = (trigger, sink)
    return css
