"""The Explorer, controls above a figure, and what the chapters' explorers share.

An ``Explorer`` is controls above a figure. Moving a control calls the figure function from
``plots`` with the controls' values, encodes the figure as a PNG and shows it in place.
The last figure and PNG stay on the explorer (``.figure``, ``.png``; after a refused input,
``.figure`` is None and ``.png`` the last good picture), so tests can check them without a
browser: setting ``explorer.controls["x0"].value`` redraws, as dragging would.

Most explorers keep their figure (a ``plots.Live``, one per dropdown choice) instead of building
a new one at each move: what a slider does not change is drawn once and kept as a picture, and a
move draws only what changed on top of it, in a half to a fifth of the time a new figure takes.
"""

import base64
import contextlib
import functools
import gc
import io
import threading

import ipywidgets as ipw
import numpy as np
import PIL.Image
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

from calclib import plots
from calclib.functions import SURFACES, surface

DPI = 80  # figures 800 pixels wide: crisp in JupyterLab, quick to encode
MESSAGE_LENGTH = 200  # characters in the one-line message above a figure
LABEL_LENGTH = 60  # characters of a typed formula's derivative shown in the legend
# One explorer draws at a time, whichever thread it is in. JupyterLab 4.4 and later send widget
# messages to a kernel subshell (setting commsOverSubshells, "perCommTarget" by default), which
# ipykernel 7 runs in a thread of its own beside the main thread that runs cells (and the widget
# messages ipykernel routes there). matplotlib is not thread-safe: two redraws at once crashed
# the kernel (FreeType given one font from two threads; tests/kernel/test_subshells.py).
_DRAWING = threading.RLock()


class Explorer(ipw.VBox):
    """Controls above a figure; every change of a control redraws the figure."""

    def __init__(self, draw, controls: dict, on_choice=None):
        """on_choice(explorer), if given, runs when a dropdown or a text box changes, before
        the redraw: e.g. to fit the sliders' ranges to the chosen function."""
        self.draw, self.controls, self.on_choice = draw, controls, on_choice
        self.message = ipw.HTML()  # one-line feedback, e.g. why a typed formula was refused
        self.output = ipw.Output()
        self.figure, self.png = None, b""  # figure: None while the controls make none
        self._canvas, self._canvas_thread = None, None  # the canvas, and the thread it draws in
        self._holding = False
        for control in controls.values():
            control.observe(self._changed, names="value")
        row = ipw.HBox(list(controls.values()), layout=ipw.Layout(flex_flow="row wrap"))
        super().__init__([row, self.message, self.output])
        self.redraw()

    def _changed(self, change):
        with _DRAWING:  # on_choice and the redraw after it, as one
            if self._holding:  # on_choice is moving the sliders: draw once, afterwards
                return
            if self.on_choice is not None and isinstance(change.owner, (ipw.Dropdown, ipw.Text)):
                self._holding = True
                try:
                    self.on_choice(self)
                except Exception as err:  # whatever it is, the learner must see it
                    self.figure = None  # as after any refused input; the last picture stays
                    self._report(err)
                    return
                finally:
                    self._holding = False
            self.redraw()

    def redraw(self):
        """Draw the figure for the controls' current values and show it in place.

        A control's change arrives as a widget message, not a cell: an exception raised here
        would vanish (JupyterLab shows nothing). So every failure is caught and shown as a
        one-line message above the last good picture, which stays.
        """
        with _DRAWING:
            self._redraw()

    def _redraw(self):
        values = {name: control.value for name, control in self.controls.items()}
        self.figure = None  # the last figure: garbage now, so it is freed while young
        with _young_garbage_collection():
            try:
                drawn = self.draw(**values)
            except Exception as err:  # shown to the learner, not swallowed
                self._report(err)
                return
            live = drawn if isinstance(drawn, plots.Live) else None
            figure = live.figure if live else drawn
            try:
                png = self._png(figure, live)
            except Exception as err:  # matplotlib's, never the learner's input
                self._report(err, ours=True)
                return
            self.message.value = ""
            self.figure, self.png = figure, png
        # the figure's own height, kept fixed, so the page does not jump while it redraws
        self.output.layout.height = f"{figure.get_figheight() * DPI + 10:.0f}px"
        # The picture is the Output's state, replaced in one message. Not `with self.output:`
        # display(...): output captured while a cell runs is sent back on the shell channel by a
        # headless client (nbclient, nbconvert) as it waits there for the cell's reply, which can
        # hang it (tests/kernel/test_headless.py); and in JupyterLab each captured message made
        # the page send the whole PNG back to the kernel, which sent it back again.
        self.output.outputs = ({"output_type": "display_data", "metadata": {},
                                "data": {"image/png": base64.b64encode(self.png).decode("ascii"),
                                         "text/plain": repr(figure)}},)

    def _report(self, err: Exception, ours: bool = False):
        """Show why the controls' values could not be drawn, in one line; keep the last PNG.

        A ValueError from the figure function is the learner's input refused, its message
        written for them; anything else (ours=True: a failure while rendering) is a fault of
        ours, named by its type so that it can be reported.
        """
        text = str(err).strip().splitlines()[0] if str(err).strip() else ""
        if ours or not isinstance(err, ValueError):
            text = f"could not draw this ({type(err).__name__}{': ' + text if text else ''})"
        if len(text) > MESSAGE_LENGTH:
            text = text[:MESSAGE_LENGTH - 1] + "…"
        self.message.value = f"<span style='color:#b00020'>⚠ {_escape(text)}</span>"

    def _png(self, figure, live=None) -> bytes:
        """The figure as PNG bytes; live: the plots.Live it belongs to, if it is one.

        Drawn on this explorer's one Agg canvas: its renderer, and the text sizes and math that
        matplotlib caches per renderer, last from redraw to redraw. A Live figure's still parts
        are drawn once and kept as a picture; each later redraw pastes that picture and draws
        only the moving artists on it.
        """
        figure.set_dpi(DPI)
        # A canvas draws in one thread only: its renderer caches math text laid out with the
        # fonts of the thread that drew it (matplotlib keeps one FT2Font per thread), and a
        # font used by two threads at once corrupts memory in FreeType.
        if self._canvas is None or self._canvas_thread != threading.get_ident():
            self._canvas = FigureCanvasAgg(figure)
            self._canvas_thread = threading.get_ident()
        self._canvas.figure = figure
        figure.set_canvas(self._canvas)
        try:
            if live is None:
                self._canvas.draw()
            else:
                for artist in live.moving:
                    artist.set_animated(True)  # left out of the kept picture
                if live.still is None:
                    self._canvas.draw()
                    live.still = self._canvas.copy_from_bbox(figure.bbox)
                else:
                    self._canvas.restore_region(live.still)
                for artist in live.moving:
                    figure.draw_artist(artist)
            buffer = io.BytesIO()
            # RGB: the figure is opaque; zlib level 1: 20-25 ms less per redraw than level 6
            PIL.Image.fromarray(np.asarray(self._canvas.buffer_rgba())).convert("RGB").save(
                buffer, format="png", compress_level=1)
        finally:  # hold on to the renderer, not the figure: it must die young. The figure
            self._canvas.figure = None  # gets a plain canvas of its own back, so nothing it does
            FigureCanvasBase(figure)  # later reaches ours without a figure (a browser test saw
        return buffer.getvalue()  # "'NoneType' object has no attribute '_canvas_callbacks'")


@contextlib.contextmanager
def _young_garbage_collection():
    """Collect the young generations, then pause the cyclic GC while the next figure is drawn.

    A figure is tens of thousands of objects in reference cycles. Left to the automatic GC,
    each one is promoted to the oldest generation while it is drawn, and only a full
    collection, which scans every object in the kernel, frees it: a 40-70 ms pause every few
    redraws. Freed while still young, the last figure costs a few milliseconds.
    """
    gc.collect(1)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _kept(make, maxsize=None):
    """make(*key) -> a plots.Live figure, built the first time a key is chosen and kept (the
    last maxsize keys, or all)."""
    return functools.lru_cache(maxsize=maxsize)(make)


def _slider(description, value, low, high, step):
    return ipw.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                           continuous_update=True, readout_format=".2f")


def _surface_dropdown(name):
    surface(name)  # a clear error for an unknown name
    return ipw.Dropdown(options=list(SURFACES), value=name, description="f(x, y) =")


def _fit_point_sliders(explorer):
    """Give the x0 and y0 sliders the chosen surface's window, and put them at its start."""
    chosen = SURFACES[explorer.controls["surface"].value]
    for name, (low, high), start in [("x0", chosen.xlim, chosen.start[0]),
                                     ("y0", chosen.ylim, chosen.start[1])]:
        slider = explorer.controls[name]
        slider.min, slider.max = min(low, slider.min), max(high, slider.max)  # never min > max
        slider.min, slider.max, slider.value = low, high, start


def _escape(err) -> str:
    return str(err).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
