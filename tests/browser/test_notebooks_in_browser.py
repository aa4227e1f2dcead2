"""Every notebook, as a learner sees it: opened in JupyterLab in Chromium, run top to bottom,
every widget rendered, every slider, dropdown and text box driving its figure.

Screenshots of each notebook (screen by screen) and of each explorer before and after each move
go to the folder printed at the end of the run, with the timings (timings.json).
"""

import json
import pathlib
import re
import statistics
import time

import ipywidgets as ipw
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MOVES_PER_SLIDER = 3
KERNEL_IDLE = """() => {
    const kernel = window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel;
    return kernel?.status === 'idle';
}"""
ALL_CELLS_RUN = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.widgets.filter(c => c.model.type === 'code');
    const failed = cells.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
    const done = cells.every(c => c.model.executionCount !== null);
    return (done || failed) && panel.sessionContext.session.kernel.status === 'idle';
}"""
CELL_ERRORS = """() => {
    const errors = [];
    window.jupyterapp.shell.currentWidget.content.widgets.forEach((cell, i) => {
        if (cell.model.type !== 'code') return;
        for (const o of cell.model.outputs.toJSON()) {
            if (o.output_type === 'error') errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
            if (o.output_type === 'stream' && o.name === 'stderr')
                errors.push(`cell ${i} wrote to stderr: ${String(o.text).slice(0, 300)}`);
        }
    });
    return errors;
}"""
FIGURE_CHANGED = """([root, before]) => {
    const img = root.querySelector('.widget-output img');
    return img !== null && img.src !== before;
}"""
# What each text box expects, by its description label, in the order the boxes are typed into
# (a formula before the values of its variables): the first text that differs from the box's
# current value, so that the typing is a change that must redraw the figure.
TEXT_INPUTS = {
    "f(x) =": ("x*sin(x)", "x**3 - x"),  # formula_explorer: a formula in x
    "f =": ("x*y + y**2", "x*sin(y)"),  # graph_explorer: a formula in x and y ...
    "at": ("x = 3, y = 2", "x = 2, y = 3"),  # ... and their values, "name = number" pairs
}


def explorers_in(path):
    """The explorers a notebook shows, in order: e.g. ['tangent_explorer', ...]: a cell's last
    line calling one, or naming a variable the cell set to one (an explorer a check builds
    and does not show is not counted)."""
    shown = []
    for cell in json.loads(path.read_text())["cells"]:
        source = "".join(cell["source"]).strip()
        if cell["cell_type"] != "code" or not source:
            continue
        last = source.splitlines()[-1].strip()
        called = re.match(r"widgets\.(\w+_explorer)\(", last)
        named = re.search(rf"^{re.escape(last)} = widgets\.(\w+_explorer)\(", source, re.M)
        if called or named:
            shown.append((called or named).group(1))
    return shown


def expected_controls(names, make_explorer):
    """How many sliders, dropdowns and text boxes those explorers make."""
    counts = {"slider": 0, "dropdown": 0, "text": 0}
    kinds = {ipw.FloatSlider: "slider", ipw.FloatLogSlider: "slider", ipw.IntSlider: "slider",
             ipw.Dropdown: "dropdown", ipw.Text: "text"}
    for name in names:
        for control in make_explorer(name).controls.values():
            counts[kinds[type(control)]] += 1
    return counts


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_its_widgets_work(path, lab_url, page, shots, timings, make_explorer):
    name = path.stem
    # a workspace of its own, reset: only this notebook is open
    page.goto(f"{lab_url}/lab/workspaces/{name}/tree/notebooks/{path.name}?reset")
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    notebook = page.locator(f"#{page.evaluate('window.jupyterapp.shell.currentWidget.id')}")
    start = time.perf_counter()
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_CELLS_RUN, timeout=180_000, polling=100)
    run_all = time.perf_counter() - start
    page.wait_for_timeout(500)  # let the last widget views attach
    _screenshot_notebook(page, notebook, shots / name)

    assert page.evaluate(CELL_ERRORS) == []
    broken = notebook.locator(".jp-OutputArea-output", has_text="Error displaying widget")
    assert broken.count() == 0, broken.first.inner_text()

    names = explorers_in(path)
    roots = notebook.locator(".jp-OutputArea-output > .widget-vbox")
    assert roots.count() == len(names), f"expected {len(names)} explorers: {names}"
    for kind, count in expected_controls(names, make_explorer).items():
        assert notebook.locator(f".jp-OutputArea-output .widget-{kind}").count() == count, kind

    latency = {}
    for index, explorer in enumerate(names):
        root = roots.nth(index)
        root.scroll_into_view_if_needed()
        assert root.locator(".widget-output img").count() == 1, f"{explorer} shows no figure"
        prefix = shots / name / f"{index:02d}-{explorer}"
        latency |= _drive(page, root, prefix, explorer)
        assert "⚠" not in root.locator(".widget-html-content").first.inner_text()

    timings[name] = {"run_all_s": round(run_all, 2),
                                 "latency_ms": {k: round(v, 1) for k, v in latency.items()}}
    page.evaluate("window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")


def _drive(page, root, prefix, explorer):
    """Move every control of one explorer; each move must change its figure. Returns the median
    latency (ms) from the move to the new figure on screen, per control."""
    latency = {}
    root.screenshot(path=f"{prefix}-0-default.png")
    for i in range(root.locator(".widget-slider").count()):
        slider = root.locator(".widget-slider").nth(i)
        label = slider.locator(".widget-label").inner_text().replace("/", "_")  # a file name
        handle = slider.locator(".noUi-handle")
        times = []
        for _ in range(MOVES_PER_SLIDER):
            at_max = float(handle.get_attribute("aria-valuenow")) >= \
                float(handle.get_attribute("aria-valuemax"))
            handle.focus()
            times.append(_timed_change(page, root, lambda h=handle, m=at_max:
                                       h.press("ArrowLeft" if m else "ArrowRight")))
        latency[f"{explorer}/{label}"] = statistics.median(times)
        root.screenshot(path=f"{prefix}-slider-{label}-moved.png")
    for i in range(root.locator(".widget-dropdown select").count()):
        select = root.locator(".widget-dropdown select").nth(i)
        options = select.locator("option").all_inner_texts()
        current = select.input_value()
        choice = next(o for o in (o.replace("\xa0", " ") for o in options) if o != current)
        latency[f"{explorer}/dropdown"] = _timed_change(
            page, root, lambda s=select, c=choice: s.select_option(c))
        root.screenshot(path=f"{prefix}-dropdown-moved.png")
    boxes = _text_boxes(root, explorer)
    for label, box in boxes:
        text = next(t for t in TEXT_INPUTS[label] if t != box.input_value())
        # one box: its latency and screenshot named as ever; several: each named by its label
        name = "text" if len(boxes) == 1 else f"text {label}"
        shot = re.sub(r"\W+", "_", name)  # a file name: "text", "text_f_", "text_at"
        latency[f"{explorer}/{name}"] = _timed_change(
            page, root, lambda b=box, t=text: (b.fill(t), b.press("Enter")))
        message = root.locator(".widget-html-content").first.inner_text()
        assert "⚠" not in message, f"{explorer}: typing {text!r} into {label!r}: {message}"
        root.screenshot(path=f"{prefix}-{shot}-moved.png")
    return latency


def _text_boxes(root, explorer):
    """An explorer's text boxes as (label, input), in the order TEXT_INPUTS types them."""
    boxes = []
    for i in range(root.locator(".widget-text").count()):
        box = root.locator(".widget-text").nth(i)
        label = box.locator(".widget-label").inner_text().strip()
        assert label in TEXT_INPUTS, (f"{explorer}: a text box labelled {label!r}: add what it "
                                      "expects to TEXT_INPUTS")
        boxes.append((label, box.locator("input")))
    return sorted(boxes, key=lambda b: list(TEXT_INPUTS).index(b[0]))


def _timed_change(page, root, act):
    """Do act(); wait until root's figure changes; return the time that took, in ms."""
    before = root.locator(".widget-output img").get_attribute("src")
    start = time.perf_counter()
    act()
    page.wait_for_function(FIGURE_CHANGED, arg=[root.element_handle(), before],
                           timeout=15_000, polling="raf")
    return 1000 * (time.perf_counter() - start)


def _screenshot_notebook(page, notebook, folder):
    """The whole notebook, one screen at a time, from the top."""
    folder.mkdir(parents=True, exist_ok=True)
    scroller = notebook.locator(".jp-WindowedPanel-outer")  # JupyterLab 4's scrolling box
    height, step = scroller.evaluate("el => [el.scrollHeight, el.clientHeight]")
    for screen, top in enumerate(range(0, height, max(step - 100, 100))):
        scroller.evaluate(f"el => el.scrollTo(0, {top})")
        page.wait_for_timeout(100)
        page.screenshot(path=str(folder / f"screen-{screen:02d}.png"))
    scroller.evaluate("el => el.scrollTo(0, 0)")
