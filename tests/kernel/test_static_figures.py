"""The figures notebooks show as cell results (not explorers, which the quick tier sweeps) keep
the figure invariants (tests/figure_invariants.py) too: checked in the kernel that drew them,
on the Figure objects IPython keeps in Out, after a full run of each notebook.

"clipped" is left out: the inline backend saves a cell's figure with bbox_inches="tight", so a
text past the figure's edge still shows; the other five hold as in an explorer."""

import json
import pathlib

import nbformat
import pytest
from kerneltools import NOTEBOOK_NAMES

TESTS = pathlib.Path(__file__).resolve().parents[1]
CHECK_IN_KERNEL = f"""
import json as _json, sys as _sys
_sys.path.insert(0, {str(TESTS)!r})
import figure_invariants as _invariants
from matplotlib.figure import Figure as _Figure
_found = {{}}
for _count, _value in list(Out.items()):
    if isinstance(_value, _Figure):
        _failures = _invariants.check(_value)
        _failures.pop("clipped", None)
        if _failures:
            _found[_count] = _failures
print(_json.dumps(_found))
"""


@pytest.mark.timeout(600)
@pytest.mark.parametrize("full_run", NOTEBOOK_NAMES, indirect=True)
def test_figures_shown_by_cells_keep_the_invariants(full_run):
    assert full_run.error is None, f"{full_run.name} did not run top to bottom: {full_run.error}"
    cell = nbformat.v4.new_code_cell(CHECK_IN_KERNEL)
    full_run.nb.cells.append(cell)  # nbclient runs cells of its notebook only
    try:
        full_run.client.execute_cell(cell, len(full_run.nb.cells) - 1)
    finally:
        full_run.nb.cells.pop()
    printed = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")
    found = json.loads(printed.strip().splitlines()[-1])
    by_count = {cell.execution_count: i for i, cell in enumerate(full_run.nb.cells)
                if cell.cell_type == "code"}
    report = [f"{full_run.name}, cell {by_count.get(int(count), '?')} (Out[{count}]), "
              f"{invariant}: " + "; ".join(failures[:3])
              for count, found_here in found.items()
              for invariant, failures in found_here.items()]
    assert not report, "\n".join(report)
