"""After a full run, any cell can be re-run (DESIGN.md): a learner goes back and forth.

Each notebook runs top to bottom (the kernel tier's shared run, see conftest.py), then, in the
same kernel, its code cells run again in reverse order and in seeded random orders. No cell may
raise. CALCLIB_RERUN_ORDERS=20 runs 20 random orders (a long soak); the default is one.
"""

import os
import random

import pytest
from kerneltools import NOTEBOOK_NAMES

ORDERS = int(os.environ.get("CALCLIB_RERUN_ORDERS", "1"))


@pytest.mark.timeout(300 + 150 * ORDERS)
@pytest.mark.parametrize("full_run", NOTEBOOK_NAMES, indirect=True)
def test_cells_rerun_in_any_order(full_run):
    assert full_run.error is None, f"{full_run.name} did not run top to bottom: {full_run.error}"
    cells = full_run.nb.cells
    code = [i for i, cell in enumerate(cells) if cell.cell_type == "code" and cell.source.strip()]
    orders = {"reverse order": code[::-1]}
    for seed in range(ORDERS):
        order = list(code)
        random.Random(seed).shuffle(order)
        orders[f"random order (seed {seed})"] = order

    failures = []
    for label, order in orders.items():
        for index in order:
            failure = full_run.execute_cell(index)
            if failure:
                first_line = cells[index].source.strip().splitlines()[0]
                failures.append(f"{label}: cell {index} (code cell {code.index(index)}, "
                                f"{first_line[:50]!r}) raised {failure}")
    print(f"\n{full_run.name}: {len(code)} code cells re-run in {len(orders)} orders, "
          f"{len(failures)} failures")
    for failure in failures:
        print("  " + failure)
    assert not failures, (f"{full_run.name}: after a full run, re-running cells failed:\n"
                          + "\n".join(failures))
