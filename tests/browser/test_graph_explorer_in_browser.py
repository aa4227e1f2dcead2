"""The graph explorer as a learner uses it: a notebook of its own, opened in JupyterLab in
Chromium and run; a formula and its values typed, the step slider moved to the end of the
backward pass with the keyboard, what the kernel then holds checked by a cell added and run in
the same kernel, and a formula the parser refuses shown as a one-line ⚠ above the kept picture.

The notebook is written to a temporary folder under tests/browser/ (the JupyterLab server
serves the repository; a hidden folder it would refuse to open) and removed afterwards.
"""

import contextlib
import pathlib
import re
import shutil
import tempfile

import nbformat
import pytest
from test_notebooks_in_browser import ALL_CELLS_RUN, CELL_ERRORS, FIGURE_CHANGED, KERNEL_IDLE

ROOT = pathlib.Path(__file__).resolve().parents[2]  # what the JupyterLab server serves

CELLS = ["from calclib import widgets", "explorer = widgets.graph_explorer()", "explorer"]
OK = "graph explorer: kernel-side state checked"
# Run in the same kernel once the slider is at the end of x*y + y**2's backward pass at x = 3,
# y = 2: y is used twice, so its grad is the sum of its two contributions, x = 3 and 2y = 4.
CHECK = f"""\
step = explorer.controls["step"]
assert step.value == step.max == 7, (step.value, step.max)
titles = [t.get_text() for t in explorer.figure.texts if t.get_text().startswith("step ")]
assert len(titles) == 1 and "the backward pass" in titles[0], titles
ax = explorer.figure.axes[0]
boxes = {{}}  # each node's box (a patch tagged node:<name>) and the text at its centre
for box in ax.patches:
    centre = (box.get_x() + box.get_width() / 2, box.get_y() + box.get_height() / 2)
    boxes[box.get_gid()] = " ".join(t.get_text() for t in ax.texts
                                    if abs(t.get_position()[0] - centre[0]) < 1e-9
                                    and abs(t.get_position()[1] - centre[1]) < 1e-9)
assert "grad 7" in boxes["node:y"] and "3 + 4" in boxes["node:y"], boxes
assert "grad 2" in boxes["node:x"], boxes
print({OK!r})
"""
ADD_AND_RUN_CELL = """async (code) => {
    const app = window.jupyterapp;
    const notebook = app.shell.currentWidget.content;
    notebook.activeCellIndex = notebook.widgets.length - 1;
    await app.commands.execute('notebook:insert-cell-below');
    notebook.activeCell.model.sharedModel.setSource(code);
    await app.commands.execute('notebook:run-cell');
    return notebook.widgets.indexOf(notebook.activeCell);
}"""
CELL_RUN = """(index) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cell = panel.content.widgets[index];
    return cell.model.executionCount !== null
        && panel.sessionContext.session.kernel.status === 'idle';
}"""
CELL_STDOUT = """(index) => window.jupyterapp.shell.currentWidget.content.widgets[index]
    .model.outputs.toJSON().filter(o => o.output_type === 'stream' && o.name === 'stdout')
    .map(o => String(o.text)).join('')"""
INPUT_READS = """([input, pattern]) => new RegExp(pattern).test(input.value)"""
HANDLE_AT = """([handle, now, max]) => +handle.getAttribute('aria-valuenow') === now
    && +handle.getAttribute('aria-valuemax') === max"""  # the slider's value and max (e.g. "7.0")
MESSAGE_SHOWS = """([message, text]) => message.innerText.includes(text)"""
CHANGE_TIMEOUT = 15_000  # ms: an upper bound on one change's redraw, never a measure of it


@pytest.fixture
def notebook_file():
    """A notebook of the three cells, in a temporary folder the JupyterLab server serves."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="tmp-graph-explorer-",
                                           dir=ROOT / "tests" / "browser"))
    try:
        notebook = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell(source) for source in CELLS],
            metadata={"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                     "language": "python", "name": "python3"}})
        path = folder / "graph_explorer.ipynb"
        nbformat.write(notebook, path)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def page(browser, notebook_file):  # closed before the notebook's folder is removed
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield context.new_page()
    finally:
        context.close()


def test_graph_explorer_typed_and_stepped_in_jupyterlab(notebook_file, lab_url, page, shots):
    folder = shots / "graph_explorer"
    folder.mkdir(parents=True, exist_ok=True)
    relative = notebook_file.relative_to(ROOT).as_posix()
    page.goto(f"{lab_url}/lab/workspaces/graph-explorer/tree/{relative}?reset")
    page.wait_for_function(KERNEL_IDLE, timeout=90_000)
    try:
        _check_explorer(page, folder)
    finally:
        with contextlib.suppress(Exception):
            page.evaluate("window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")


def _check_explorer(page, folder):
    notebook = page.locator(f"#{page.evaluate('window.jupyterapp.shell.currentWidget.id')}")
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(ALL_CELLS_RUN, timeout=180_000, polling=100)
    assert page.evaluate(CELL_ERRORS) == []

    root = notebook.locator(".jp-OutputArea-output > .widget-vbox")
    root.locator(".widget-output img").wait_for(timeout=30_000)
    assert root.count() == 1
    root.scroll_into_view_if_needed()
    formula, values = _text_box(root, "f ="), _text_box(root, "at")
    handle = root.locator(".widget-slider .noUi-handle")
    message = root.locator(".widget-html-content").first
    assert formula.input_value() == "sin(x*y) + x**2"
    root.screenshot(path=folder / "0-default.png")

    # a new formula: a new figure, values for its variables, the slider fitted to its 3
    # operations (0 to 7), at the end of the forward pass (it was in the forward pass)
    _change(page, root, lambda: (formula.fill("x*y + y**2"), formula.press("Enter")))
    assert "⚠" not in message.inner_text()
    page.wait_for_function(INPUT_READS, arg=[values.element_handle(),
                                             r"^\s*x\s*=\s*[^,=]+,\s*y\s*=\s*[^,=]+$"],
                           timeout=CHANGE_TIMEOUT, polling=100)
    page.wait_for_function(HANDLE_AT, arg=[handle.element_handle(), 3, 7],
                           timeout=CHANGE_TIMEOUT, polling=100)
    root.screenshot(path=folder / "1-formula.png")

    # new values: a new figure
    _change(page, root, lambda: (values.fill("x = 3, y = 2"), values.press("Enter")))
    assert "⚠" not in message.inner_text()
    assert values.input_value() == "x = 3, y = 2"
    root.screenshot(path=folder / "2-values.png")

    # the step slider, from the keyboard, to its maximum: the end of the backward pass
    handle.focus()
    _change(page, root, lambda: handle.press("End"))
    page.wait_for_function(HANDLE_AT, arg=[handle.element_handle(), 7, 7],
                           timeout=CHANGE_TIMEOUT, polling=100)
    assert "⚠" not in message.inner_text()
    root.screenshot(path=folder / "3-last-step.png")

    # what the kernel holds: checked by a cell added and run in the same kernel
    index = page.evaluate(ADD_AND_RUN_CELL, CHECK)
    assert index == len(CELLS)  # the new cell is the last one
    page.wait_for_function(CELL_RUN, arg=index, timeout=60_000, polling=100)
    assert page.evaluate(CELL_ERRORS) == []
    assert OK in page.evaluate(CELL_STDOUT, index)

    # a formula the parser refuses: a one-line ⚠, and the picture stays as it was
    root.scroll_into_view_if_needed()
    before = root.locator(".widget-output img").get_attribute("src")
    formula.fill("x**")
    formula.press("Enter")
    page.wait_for_function(MESSAGE_SHOWS, arg=[message.element_handle(), "⚠"],
                           timeout=CHANGE_TIMEOUT, polling=100)
    page.wait_for_function(KERNEL_IDLE, timeout=CHANGE_TIMEOUT, polling=100)  # all of it sent
    text = message.inner_text().strip()
    assert re.fullmatch(r"⚠ \S[^\n]*", text), text
    assert root.locator(".widget-output img").count() == 1
    assert root.locator(".widget-output img").get_attribute("src") == before
    root.screenshot(path=folder / "4-refused.png")


def _text_box(root, label):
    """The input of root's text box whose description label is exactly label."""
    boxes = root.locator(".widget-text").filter(
        has=root.page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")))
    assert boxes.count() == 1, f"{boxes.count()} text boxes labelled {label!r}"
    return boxes.locator("input")


def _change(page, root, act):
    """Do act(); wait (upper bound CHANGE_TIMEOUT) until root's figure is a new picture."""
    before = root.locator(".widget-output img").get_attribute("src")
    act()
    page.wait_for_function(FIGURE_CHANGED, arg=[root.element_handle(), before],
                           timeout=CHANGE_TIMEOUT, polling="raf")
