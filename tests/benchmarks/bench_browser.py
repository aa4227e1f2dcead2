"""Slider to picture on screen, as the learner feels it: real JupyterLab, headless Chromium.

    .venv/bin/python tests/benchmarks/run.py browser      (3-5 minutes; needs Chromium)
    .venv/bin/python tests/benchmarks/bench_browser.py [EXPLORER ...]  (its own tables only)

A scratch notebook in a temporary folder (not the committed notebooks) puts each explorer in
calclib.widgets on a stage, alone, below a plain-figure reference (line_explorer: a new figure
at every move). Every slider, dropdown and text box is changed MOVES times, and each change is
timed in the page, not through Playwright's round trips:

  start  performance.now() just before the change is dispatched in the page: a keydown
         ArrowRight (or ArrowLeft at the end of the range) on the slider's handle, which is the
         same noUiSlider "slide" event a drag makes and the same view code after it (model.set,
         touch, one comm message); a `change` event on a dropdown after picking the next option;
         a `change` event on the formula box after typing a new formula (what Enter does);
  end    the new <img> in the explorer (found by a MutationObserver set up before the change)
         has fired `load`, `decode()` has resolved, and then the next requestAnimationFrame
         callback has run: the frame that shows it.

Each change starts from rest (the kernel idle for 60 ms); the traffic it causes after the
picture, until the kernel is idle again, is logged but not timed. The kernel's own time for the
same change is measured in the kernel (browser_kernel.py wraps the staged explorer's redraw,
draw and _png, ipywidgets' Widget.set_state, matplotlib's Text.draw, ...), and the page logs
its WebSocket traffic, so each change's time splits into: page to kernel, the kernel's work
(draw; render, with its text and PNG encoding; display), kernel to page, JupyterLab's handling
of the message (output model, DOM replacement), image load, decode, and waiting for the frame.

Then replays of the explorers' PNGs with no drawing (the transport and the page alone; PNG
against JPEG, WebP and 256 colours; an Output against an ipywidgets.Image), a no-op comm round
trip, and a fast drag (moves 16 ms apart: does the kernel fall behind?). With
CALCLIB_BENCH_SHOWS=all, every explorer is also timed with its picture shown the alternative
ways in browser_kernel.SHOWS, in turn with calclib's way. `bench_browser.py --report
FOLDER/records.json` prints a run's tables again.

Figures, not pass/fail. The load average is printed; on a busy machine, read the ratios to the
plain figure measured beside each explorer in the same run.
"""

import importlib.util
import itertools
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from timing import ms

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MOVES = int(os.environ.get("CALCLIB_BENCH_MOVES", "10"))  # changes per control
REFERENCE_MOVES = 4  # plain-figure moves after each explorer
REPLAY_MOVES = 15
DRAG_MOVES, DRAG_EVERY_MS, DRAGS = 60, 16, 2  # a second's drag, twice
# How the picture reaches the screen: calclib's way, and with CALCLIB_BENCH_SHOWS=all (four
# times as long) the ways in browser_kernel.SHOWS too, each explorer in turn.
SHOWS = os.environ.get("CALCLIB_BENCH_SHOWS", "calclib").split(",")
if SHOWS == ["all"]:
    SHOWS = ["calclib", "clear_output + display", "outputs trait", "image widget"]
DRAGGED = ["line_explorer", "race_explorer"]
FORMULAS = ["x*sin(x)", "exp(-x^2)", "sigmoid(x)", "x**3 - 2*x", "log(1 + x**2)"]
VALUES = ["x = 0.5", "x = 1.25", "x = -0.75", "x = 2", "x = 0.3"]  # for the graph's "at" box
TARGET, REFERENCE_RATIO = 100.0, 2.0  # ms; or within 2x the plain figure in a slow spell
TIMEOUT_MS = 20_000

WEBSOCKET_LOG = """(() => {  // every kernel WebSocket message in and out: [time, size]
    const Native = window.WebSocket;
    const log = window.__benchWs = {in: [], out: []};
    const size = d => typeof d === 'string' ? d.length : (d.byteLength ?? d.size ?? 0);
    class Logged extends Native {
        constructor(...args) {
            super(...args);  // listening first: before JupyterLab's own onmessage
            this.addEventListener('message', e => log.in.push([performance.now(), size(e.data)]));
        }
        send(data) { log.out.push([performance.now(), size(data)]); return super.send(data); }
    }
    window.WebSocket = Logged;
})();"""
KERNEL = "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
EXECUTE = """async (code) => {
    const future = __KERNEL__.requestExecute({code, store_history: false});
    const out = [];
    future.onIOPub = msg => {
        const c = msg.content;
        if (msg.header.msg_type === 'stream') out.push(c.text);
        if (msg.header.msg_type === 'error') out.push(`ERROR ${c.ename}: ${c.evalue}`);
    };
    await future.done;
    return out.join('');
}""".replace("__KERNEL__", KERNEL)
ALL_CELLS_RUN = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.widgets.filter(c => c.model.type === 'code');
    const failed = cells.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
    return (failed || cells.every(c => c.model.executionCount !== null))
        && panel.sessionContext.session.kernel.status === 'idle';
}"""
CELL_ERRORS = """() => window.jupyterapp.shell.currentWidget.content.widgets.flatMap(c =>
    c.model.type === 'code' ? c.model.outputs.toJSON().filter(o => o.output_type === 'error')
        .map(o => `${o.ename}: ${o.evalue}`) : [])"""
CONTROLS = """(css) => {
    const box = document.querySelector('.' + css);
    const label = el => el.querySelector('.widget-label')?.textContent || '';
    return [
        ...[...box.querySelectorAll('.widget-slider')].map((el, i) => ['slider', i, label(el)]),
        ...[...box.querySelectorAll('.widget-dropdown')].map((el, i) => ['dropdown', i, label(el)]),
        ...[...box.querySelectorAll('.widget-text')].map((el, i) => ['text', i, label(el)])];
}"""
# One change, timed in the page, from rest: the kernel idle for 60 ms before; after the picture,
# the kernel idle again, so the WebSocket log holds all the traffic the change made.
MEASURE = """async ({css, kind, index, key, value, watch, timeout}) => {
    const kernel = __KERNEL__;
    const box = document.querySelector('.' + css);
    box.scrollIntoView({block: 'nearest'});
    for (let quiet = 0, t0 = performance.now(); quiet < 3 && performance.now() - t0 < 10000;) {
        await new Promise(r => setTimeout(r, 20));
        quiet = kernel.status === 'idle' ? quiet + 1 : 0;
    }
    const ws = window.__benchWs;
    ws.in.length = 0; ws.out.length = 0;
    const t = {};
    let observer, timer;
    const painted = new Promise((resolve, reject) => {
        let seen = false;
        const frame = () => requestAnimationFrame(() => {
            t.frame = performance.now(); clearTimeout(timer); resolve();
        });
        const picture = img => {
            if (seen) return;
            seen = true; t.dom = performance.now(); observer.disconnect();
            t.bytes = img.src.startsWith('data:') ? img.src.length : 0;
            const loaded = () => {
                t.load = performance.now();
                img.decode().catch(() => {}).then(() => { t.decode = performance.now(); frame(); });
            };
            if (img.complete && img.naturalWidth > 0) loaded();
            else img.addEventListener('load', loaded, {once: true});
        };
        observer = new MutationObserver(records => {
            if (watch === 'text') {
                seen = true; t.dom = t.load = t.decode = performance.now();
                observer.disconnect(); frame(); return;
            }
            for (const r of records) {
                if (r.type === 'attributes') {
                    if (r.target.tagName === 'IMG') return picture(r.target);
                    continue;
                }
                for (const n of r.addedNodes) {
                    const img = n.nodeType !== 1 ? null : n.tagName === 'IMG' ? n
                        : n.querySelector('img');
                    if (img) return picture(img);
                }
            }
        });
        const target = watch === 'text' ? box.querySelector('.widget-html-content') : box;
        observer.observe(target, watch === 'text'
            ? {childList: true, subtree: true, characterData: true}
            : {childList: true, subtree: true, attributes: true, attributeFilter: ['src']});
        timer = setTimeout(() => {
            observer.disconnect();
            reject(new Error(`no new picture in .${css} ${timeout} ms after a ${kind} change`));
        }, timeout);
    });
    if (kind === 'slider') {
        const handle = box.querySelectorAll('.widget-slider .noUi-handle')[index];
        const [now, lo, hi] = ['now', 'min', 'max'].map(
            a => +handle.getAttribute('aria-value' + a));
        const room = 1e-6 * (hi - lo);
        t.key = key === 'ArrowRight' ? (now < hi - room ? key : 'ArrowLeft')
                                     : (now > lo + room ? key : 'ArrowRight');
        t.start = performance.now();
        handle.dispatchEvent(new KeyboardEvent('keydown', {key: t.key, bubbles: true,
                                                           cancelable: true}));
    } else if (kind === 'dropdown') {
        const select = box.querySelectorAll('.widget-dropdown select')[index];
        t.start = performance.now();
        select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
        select.dispatchEvent(new Event('change', {bubbles: true}));
    } else {
        const input = box.querySelectorAll('.widget-text input')[index];
        t.start = performance.now();
        input.value = value;
        input.dispatchEvent(new Event('change', {bubbles: true}));
    }
    await painted;
    for (let quiet = 0, t0 = performance.now(); quiet < 3 && performance.now() - t0 < 10000;) {
        await new Promise(r => setTimeout(r, 20));  // what follows the picture: echoes
        quiet = kernel.status === 'idle' ? quiet + 1 : 0;
    }
    return {...t, origin: performance.timeOrigin, wsIn: ws.in.slice(), wsOut: ws.out.slice()};
}""".replace("__KERNEL__", KERNEL)
IDLE = """async () => {  // the kernel idle for 60 ms
    const kernel = __KERNEL__;
    for (let quiet = 0, t0 = performance.now(); quiet < 3 && performance.now() - t0 < 10000;) {
        await new Promise(r => setTimeout(r, 20));
        quiet = kernel.status === 'idle' ? quiet + 1 : 0;
    }
}""".replace("__KERNEL__", KERNEL)
# A fast drag: `moves` keydowns `every` ms apart; every picture that reaches the screen is timed.
DRAG = """async ({css, moves, every}) => {
    const kernel = __KERNEL__;
    const box = document.querySelector('.' + css);
    box.scrollIntoView({block: 'nearest'});
    const handle = box.querySelector('.widget-slider .noUi-handle');
    const [now, lo, hi] = ['now', 'min', 'max'].map(a => +handle.getAttribute('aria-value' + a));
    const key = now - lo < hi - now ? 'ArrowRight' : 'ArrowLeft';
    const frames = [];
    const observer = new MutationObserver(records => {
        for (const r of records) {
            const imgs = r.type === 'attributes' ? [r.target] : [...r.addedNodes].flatMap(n =>
                n.nodeType !== 1 ? [] : n.tagName === 'IMG' ? [n] : [...n.querySelectorAll('img')]);
            for (const img of imgs.filter(i => i.tagName === 'IMG')) {
                const shown = () => img.decode().catch(() => {}).then(() =>
                    requestAnimationFrame(() => frames.push(performance.now())));
                if (img.complete && img.naturalWidth > 0) shown();
                else img.addEventListener('load', shown, {once: true});
            }
        }
    });
    observer.observe(box, {childList: true, subtree: true, attributes: true,
                           attributeFilter: ['src']});
    const keys = [];
    for (let i = 0; i < moves; i++) {
        keys.push(performance.now());
        handle.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true, cancelable: true}));
        await new Promise(r => setTimeout(r, every));
    }
    let last = performance.now();  // then wait for the kernel to be idle and the page still
    while (performance.now() - last < 1000) {
        await new Promise(r => setTimeout(r, 50));
        if (kernel.status !== 'idle' || frames.some(f => f > performance.now() - 300))
            last = performance.now();
    }
    observer.disconnect();
    return {keys, frames, origin: performance.timeOrigin};
}""".replace("__KERNEL__", KERNEL)
RAF_INTERVAL = """async () => {
    const times = [];
    await new Promise(done => {
        const tick = now => {
            times.push(now);
            times.length < 61 ? requestAnimationFrame(tick) : done();
        };
        requestAnimationFrame(tick);
    });
    return times.slice(1).map((t, i) => t - times[i]);
}"""
REPLAYS = [("no-op", "png"), ("clear_output + display", "png"), ("outputs trait", "png"),
           ("image widget", "png"), ("clear_output + display", "jpeg q90"),
           ("image widget", "jpeg q90"), ("image widget", "png 256 colours"),
           ("image widget", "webp lossless fastest")]


def browser_machinery():
    """tests/browser/conftest.py as a module: its JupyterLab and Chromium start-up, shared."""
    spec = importlib.util.spec_from_file_location("browser_conftest",
                                                  ROOT / "tests" / "browser" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def explorer_names():
    from calclib import widgets
    return [n for n in dir(widgets) if n.endswith("_explorer") and not n.startswith("_")]


def scratch_notebook(folder: Path) -> Path:
    """The notebook the benchmark runs: imports browser_kernel, shows the reference and the
    stage. Written to a temporary folder, which JupyterLab serves."""
    cells = [f"import sys\nsys.path.insert(0, {str(HERE)!r})\nimport browser_kernel as bench",
             'bench.stage("line_explorer", label="reference")\nbench.STAGED["reference"]',
             "bench.STAGE"]
    notebook = {"nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                            "language": "python"}},
                "cells": [{"cell_type": "code", "id": f"cell{i}", "metadata": {},
                           "execution_count": None, "outputs": [], "source": source}
                          for i, source in enumerate(cells)]}
    path = folder / "bench.ipynb"
    path.write_text(json.dumps(notebook))
    return path


class Session:
    """The page, its kernel, and every measurement taken, in order."""

    def __init__(self, page, folder):
        self.page, self.folder = page, folder
        self.moves = []  # one dict per timed change
        self.drags = []
        self.failures = []  # changes that showed no new picture within TIMEOUT_MS

    def execute(self, code: str) -> str:
        out = self.page.evaluate(EXECUTE, code)
        if "ERROR" in out:
            raise RuntimeError(f"the kernel refused {code!r}:\n{out}")
        return out.strip()

    def stage(self, code: str, shows="img") -> str:
        css = self.execute(f"print({code})").splitlines()[-1]
        self.page.wait_for_selector(f".{css} {shows}", timeout=TIMEOUT_MS)
        return css

    def change(self, css, kind, index, **options) -> dict | None:
        """One timed change; None (and a failure noted) if no new picture came."""
        from playwright.sync_api import Error

        try:
            return self.page.evaluate(MEASURE, {"css": css, "kind": kind, "index": index,
                                                "key": options.get("key", "ArrowRight"),
                                                "value": options.get("value", ""),
                                                "watch": options.get("watch", "img"),
                                                "timeout": TIMEOUT_MS})
        except Error as err:
            if "bench" not in self.execute("print(*globals())"):
                log = (self.folder / "lab" / "jupyterlab.log").read_text()[-1500:]
                path = self.folder / "kernel-faults.txt"
                faults = path.read_text()  # faulthandler lists the faulting thread first
                start = faults.rfind("Fatal Python error")
                raise RuntimeError(f"the kernel restarted during {css}:\n{log}\n"
                                   f"{path} (from the last fatal error):\n"
                                   f"{faults[max(start, 0):][:3000]}") from err
            message = self.page.evaluate(
                "css => document.querySelector('.' + css + ' .widget-html-content')"
                "?.textContent || ''", css)
            self.failures.append(f"{css} {kind} {index}: {str(err).splitlines()[0]} "
                                 f"{message.strip()[:200]}")
            return None

    def explorer(self, name, show):
        """Every control of one explorer, MOVES changes each."""
        css = self.stage(f"bench.stage({name!r}, {show!r})")
        for kind, index, label in self.page.evaluate(CONTROLS, css):
            key, formulas = "ArrowRight", iter((VALUES if label == "at" else FORMULAS) * MOVES)
            for _ in range(MOVES):
                move = self.change(css, kind, index, key=key, value=next(formulas))
                if move is None:
                    break  # noted in self.failures
                key = move.get("key", key)
                self.moves.append(move | {"explorer": name, "show": show, "kind": kind,
                                          "control": label or f"{kind} {index}"})

    def reference(self, moves=REFERENCE_MOVES):
        key = "ArrowRight"
        for _ in range(moves):
            move = self.change("bench-reference", "slider", 0, key=key)
            if move is None:
                break
            key = move["key"]
            self.moves.append(move | {"explorer": "reference", "show": "calclib",
                                      "kind": "slider", "control": "slope m"})

    def replay(self, kind, form):
        css = self.stage(f"bench.replay({kind!r}, {form!r})",
                         ".widget-html-content" if kind == "no-op" else "img")
        for _ in range(REPLAY_MOVES):
            move = self.change(css, "slider", 0, watch="text" if kind == "no-op" else "img")
            if move is None:
                break
            self.moves.append(move | {"explorer": f"replay: {kind}, {form}", "show": kind,
                                      "kind": "replay", "control": "replay"})

    def drag(self, name, show):
        css = self.stage(f"bench.stage({name!r}, {show!r})")
        self.page.evaluate(IDLE)
        result = self.page.evaluate(DRAG, {"css": css, "moves": DRAG_MOVES,
                                           "every": DRAG_EVERY_MS})
        self.drags.append(result | {"explorer": name, "show": show})

    def kernel_records(self) -> dict:
        path = self.folder / "kernel.json"
        self.execute(f"bench.dump({str(path)!r})")
        return json.loads(path.read_text())


def measure(names=None, shows=SHOWS):
    """Run everything in one JupyterLab and one Chromium; returns the raw records."""
    machinery = browser_machinery()
    names = names or explorer_names()
    folder = Path(tempfile.mkdtemp(prefix="calclib-bench-browser-"))
    notebook = scratch_notebook(folder)
    started = time.perf_counter()
    loads = [_loadavg()]
    with machinery.jupyterlab(folder, folder / "lab") as url, machinery.chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.add_init_script(WEBSOCKET_LOG)
        page.goto(f"{url}/lab/workspaces/bench/tree/{notebook.name}?reset")
        page.wait_for_function("() => window.jupyterapp?.shell.currentWidget?.sessionContext"
                               "?.session?.kernel?.status === 'idle'", timeout=90_000)
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(ALL_CELLS_RUN, timeout=180_000, polling=100)
        errors = page.evaluate(CELL_ERRORS)
        if errors:
            raise RuntimeError(f"the scratch notebook failed: {errors}")
        session = Session(page, folder)
        frame_ms = statistics.median(page.evaluate(RAF_INTERVAL))
        session.reference()  # warm-up, kept: the first reference block
        for name in names:
            for show in shows:  # interleaved, so a slow spell falls on all of them alike
                print(f"  {name}: {show}", flush=True)
                session.explorer(name, show)
                session.reference()
            loads.append(_loadavg())
        for _ in range(DRAGS):
            for show in shows:
                for name in DRAGGED:
                    session.drag(name, show)
        session.execute("bench.collect_pictures()")
        for kind, form in REPLAYS:
            session.replay(kind, form)
        session.reference()
        encodings = json.loads(session.execute("print(bench.json.dumps(bench.ENCODE))"))
        kernel = session.kernel_records()
        context.close()
    loads.append(_loadavg())
    data = {"moves": session.moves, "drags": session.drags, "kernel": kernel,
            "encodings": encodings, "frame_ms": frame_ms, "loads": loads, "names": names,
            "shows": shows, "seconds": time.perf_counter() - started, "folder": str(folder),
            "moves_per_control": MOVES, "failures": session.failures}
    (folder / "records.json").write_text(json.dumps(data))
    return data


def _loadavg() -> list:
    try:
        return Path("/proc/loadavg").read_text().split(" ", 3)[:3]
    except OSError:
        return ["?", "?", "?"]


# --- analysis ---

def breakdown(moves, kernel):
    """Each move's time split where it goes (ms), from the page's and the kernel's records:
    to_kernel  the change in the page to the kernel's set_state (view, WebSocket, server, zmq);
    draw       the explorer's draw function: compute, update the figure's artists;
    render     the explorer's _png: Agg renders what changed, then the PNG is encoded;
    display    putting the PNG in the page, kernel side: calclib's `with output`,
               clear_output(wait=True) and display(Image), or the alternative's way;
    other      the rest of set_state: on_choice, collecting the last figure, traitlets;
    to_page    the redraw done (the picture sent) to the arrival in the page of the largest
               message (the picture);
    page       JupyterLab's handling of it up to the new <img> in the DOM;
    load, decode, paint   up to the next animation frame after the picture decoded;
    rest       everything but draw and render: what the way of showing the picture costs.
    Also the WebSocket traffic the move made, to the page and from it (KB), and the kernel's
    time handling what the browser sent back after the picture (echo: an Output widget sends
    its outputs, PNG and all, back to the kernel after clear_output and after display)."""
    messages = [m for m in kernel["messages"] if m["keys"] in (["value"], ["index"])]
    echoes = [m for m in kernel["messages"] if m["keys"] == ["outputs"]]
    redraws = kernel["redraws"]
    rows = []
    starts = [m["origin"] + m["start"] for m in moves] + [float("inf")]
    for i, move in enumerate(moves):
        start, end = starts[i], move["origin"] + move["frame"]
        message = next((m for m in messages if start - 5 <= m["t_in"] <= end), None)
        redraw = next((r for r in redraws if start - 5 <= r["t_start"] <= end
                       and r["name"] in (move["explorer"], "reference")), None)
        big = [(t, size) for t, size in move["wsIn"] if move["start"] <= t <= move["dom"]]
        arrival = max(big, key=lambda ts: ts[1]) if big else (move["dom"], 0)
        row = dict(move, total=move["frame"] - move["start"],
                   load=move["load"] - move["dom"], decode=move["decode"] - move["load"],
                   paint=move["frame"] - move["decode"], page=move["dom"] - arrival[0],
                   to_page_kb=sum(size for _, size in move["wsIn"]) / 1000,
                   from_page_kb=sum(size for _, size in move["wsOut"]) / 1000,
                   echo_ms=sum(m["ms"] for m in echoes if start <= m["t_in"] < starts[i + 1]))
        if message:
            row["to_kernel"] = message["t_in"] - start
            row["kernel"] = message["ms"]
            sent = redraw["t_start"] + redraw["ms"] if redraw else message["t_in"] + message["ms"]
            row["to_page"] = move["origin"] + arrival[0] - sent
        if redraw:
            row["callback"] = redraw["ms"]
            row["draw"] = redraw.get("draw_ms", 0.0)
            row["render"] = redraw.get("encode_ms", 0.0)
            row["display"] = redraw.get("show_ms", 0.0)
            row["png"] = redraw["png"]
            row["text"], row["texts"] = redraw.get("text_ms", 0.0), redraw.get("text_ms_calls", 0)
            row["png_encode"] = redraw.get("save_ms", 0.0)
            row["rest"] = row["total"] - row["draw"] - row["render"]
            if message:
                row["other"] = message["ms"] - row["draw"] - row["render"] - row["display"]
        elif message:
            row["display"] = message["ms"]
        rows.append(row)
    return rows


def _median(rows, key):
    values = [r[key] for r in rows if key in r]
    return statistics.median(values) if values else float("nan")


def _worst(rows, key="total"):
    return max([r[key] for r in rows if key in r] or [float("nan")])


def grid(header, rows) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True))
             for r in [header, *rows]]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


PARTS = ["to_kernel", "draw", "render", "display", "other", "to_page", "page", "load", "decode",
         "paint"]


def _parts_row(label, rows):
    return [label, len(rows), f"{_median(rows, 'total'):.0f}",
            *[f"{_median(rows, p):.1f}" for p in PARTS],
            f"{_median(rows, 'to_page_kb'):.0f} / {_median(rows, 'from_page_kb'):.0f}",
            f"{_median(rows, 'echo_ms'):.1f}"]


def report(data) -> list:
    """Print the tables; return rows for run.py's table."""
    rows = breakdown(data["moves"], data["kernel"])
    refs = [r for r in rows if r["explorer"] == "reference"]
    reference = _median(refs, "total")
    beside = _reference_blocks(rows)
    shows, names = data["shows"], data["names"]
    per = {(s, n): [r for r in rows if r["explorer"] == n and r["show"] == s]
           for s in shows for n in names}
    per = {key: mine for key, mine in per.items() if mine}
    loads = data["loads"]
    print(f"\nbrowser: {len(rows)} changes in {data['seconds']:.0f} s; load average "
          f"{' '.join(loads[0])} at the start, "
          f"{' '.join(max(loads, key=lambda x: float(x[0])))} at the highest; frames every "
          f"{data['frame_ms']:.1f} ms; plain figure {reference:.0f} ms (median of {len(refs)}); "
          f"records in {data['folder']}")

    # 1. per explorer
    png_encode = data["encodings"].get("png", {})
    header = ["explorer", "changes", *[f"{s}: median / worst (rest)" for s in shows],
              "plain figure", "ratio", "callback", "PNG (encode)"]
    body = []
    for name in names:
        base = per.get((shows[0], name), [])
        if not base:
            continue
        ref = beside.get((shows[0], name), reference)
        size, encode = png_encode.get(name, (float("nan"), float("nan")))
        body.append([name, len(base),
                     *[f"{_median(per.get((s, name), []), 'total'):.0f} / "
                       f"{_worst(per.get((s, name), [])):.0f} "
                       f"({_median(per.get((s, name), []), 'rest'):.0f})" for s in shows],
                     f"{ref:.0f}", f"{_median(base, 'total') / ref:.2f}x",
                     f"{_median(base, 'callback'):.0f}",
                     f"{size / 1000:.0f} KB ({encode:.1f} ms)"])
    print(f"\nchange → picture on screen (ms), each control changed "
          f"{data['moves_per_control']} times from rest; rest = all but draw and render; "
          f"plain figure = the reference's median beside it; ratio, callback for '{shows[0]}'")
    print(grid(header, body))

    # 2. where the time goes
    header = ["explorer / control, shown as", "changes", "total", *PARTS,
              "KB to / from page", "echo ms"]
    body = []
    for name in names:
        for show in shows:
            for kind in ("slider", "dropdown", "text"):
                mine = [r for r in per.get((show, name), []) if r["kind"] == kind]
                if mine:
                    body.append(_parts_row(f"{name} / {kind}, {show}", mine))
    body.append(_parts_row("reference (plain figure), calclib", refs))
    for kind, form in REPLAYS:
        mine = [r for r in rows if r["explorer"] == f"replay: {kind}, {form}"]
        if mine:
            body.append(_parts_row(f"replay, no drawing: {kind}, {form}", mine))
    print("\nwhere the time goes (medians, ms; see breakdown's docstring)")
    print(grid(header, body))

    # 3. inside the callback
    header = ["explorer / control", "callback", "draw", "render", "of which text", "texts drawn",
              "of which PNG encode", "PNG"]
    body = []
    for name in ["reference", *names]:
        show = "calclib" if name == "reference" else shows[0]
        for kind in ("slider", "dropdown", "text"):
            mine = [r for r in (refs if name == "reference" else per.get((show, name), []))
                    if r["kind"] == kind]
            if mine:
                body.append([f"{name} / {kind}", f"{_median(mine, 'callback'):.0f}",
                             f"{_median(mine, 'draw'):.0f}", f"{_median(mine, 'render'):.0f}",
                             f"{_median(mine, 'text'):.0f}", f"{_median(mine, 'texts'):.0f}",
                             f"{_median(mine, 'png_encode'):.1f}",
                             f"{_median(mine, 'png') / 1000:.0f} KB"])
    print(f"\ninside the kernel's callback, '{shows[0]}' (medians, ms): draw = compute and update "
          "artists; render = Agg draws what changed and the PNG is encoded")
    print(grid(header, body))

    # 4. encodings
    header = ["encoding of the explorers' pictures", "size (median)", "encode (median)"]
    body = [[form, f"{statistics.median(s for s, _ in v.values()) / 1000:.0f} KB",
             f"{statistics.median(t for _, t in v.values()):.1f} ms"]
            for form, v in data["encodings"].items()]
    print()
    print(grid(header, body))

    # 5. drags
    body = []
    for drag in data["drags"]:
        keys, frames = drag["keys"], sorted(drag["frames"])
        window = (drag["origin"] + keys[0] - 5, drag["origin"] + max(frames or keys))
        redraws = [r for r in data["kernel"]["redraws"] if r["name"] == drag["explorer"]
                   and r["show"] == drag["show"] and window[0] <= r["t_start"] <= window[1]]
        sent = [m for m in data["kernel"]["messages"] if m["keys"] == ["value"]
                and window[0] <= m["t_in"] <= window[1]]
        body.append([f"{drag['explorer']}, {drag['show']}", len(keys), len(sent), len(redraws),
                     len(frames), f"{frames[-1] - keys[-1]:.0f}" if frames else "-",
                     f"{max(b - a for a, b in itertools.pairwise(frames)):.0f}"
                     if len(frames) > 1 else "-"])
    print(f"\na drag: {DRAG_MOVES} moves {DRAG_EVERY_MS} ms apart (ipywidgets sends a slider's "
          "next value only once the kernel is idle after the last)")
    print(grid(["explorer, shown as", "moves", "reached the kernel", "redraws", "pictures",
                "last move → last picture (ms)", "longest gap (ms)"], body))
    for failure in data.get("failures", []):
        print(f"no new picture: {failure}")

    # 6. for README
    print("\nfor README's benchmark table:")
    for show in shows:
        mine = [per[show, n] for n in names if (show, n) in per]
        medians = [_median(m, "total") for m in mine]
        worsts = [_worst(m) for m in mine]
        ratios = [_median(per[show, n], "total") / beside.get((show, n), reference)
                  for n in names if (show, n) in per]
        callbacks = [_median(m, "callback") for m in mine]
        slow = sum(m >= TARGET for m in medians)
        way = "" if show == "calclib" else f", shown via {show}"
        print(f"| slider → picture on screen, per explorer (median / worst){way}, "
              f"{len(mine)} explorers | {min(medians):.0f}–{max(medians):.0f} ms / "
              f"{min(worsts):.0f}–{max(worsts):.0f} ms | a plain figure, {reference:.0f} ms "
              f"({min(ratios):.1f}–{max(ratios):.1f}x); callback alone "
              f"{min(callbacks):.0f}–{max(callbacks):.0f} ms | < 100 ms "
              f"{'✓' if not slow else f'✗ for {slow}'} |")

    result = []
    for show in shows:
        for name in names:
            mine = per.get((show, name))
            if not mine:
                continue
            median, worst = _median(mine, "total"), _worst(mine)
            ref = beside.get((show, name), reference)
            way = "" if show == "calclib" else f" via {show}"
            result.append((f"browser: {name}, change → picture on screen{way} (median / worst)",
                           f"{ms(median / 1000)} / {ms(worst / 1000)}",
                           f"plain figure {ms(ref / 1000)}; callback "
                           f"{ms(_median(mine, 'callback') / 1000)}", f"{median / ref:.2f}x",
                           "< 100 ms, or ≤ 2x plain", median < TARGET
                           or median <= REFERENCE_RATIO * ref))
    return result


def _reference_blocks(rows):
    """(show, explorer) -> the plain figure's median over the reference moves made just before
    and just after that explorer's moves."""
    runs = []  # consecutive moves of one explorer (key) or of the reference (None)
    for row in rows:
        if row["kind"] == "replay":
            continue
        key = None if row["explorer"] == "reference" else (row["show"], row["explorer"])
        if runs and runs[-1][0] == key:
            runs[-1][1].append(row)
        else:
            runs.append((key, [row]))
    blocks = {}
    for i, (key, _) in enumerate(runs):
        if key is not None:
            near = [r for j in (i - 1, i + 1) if 0 <= j < len(runs) and runs[j][0] is None
                    for r in runs[j][1]]
            blocks[key] = _median(near, "total")
    return blocks


def run():
    if browser_machinery().chromium_path() is None:
        return [("browser: change → picture on screen", "skipped", "no Chromium at "
                 "/usr/bin/chromium (or $CALCLIB_CHROMIUM)", "", "< 100 ms", None)]
    return report(measure())


if __name__ == "__main__":  # bench_browser.py [EXPLORER ...] | --report FOLDER/records.json
    import sys

    if sys.argv[1:2] == ["--report"]:
        data = json.loads(Path(sys.argv[2]).read_text())
    else:
        data = measure(sys.argv[1:] or None)
    for row in report(data):
        print(" | ".join(map(str, row)))
