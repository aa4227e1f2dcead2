"""Whole-program timings, each in a fresh Python process: import calclib, every notebook under
nbval, and the README's test command without the browser tests."""

import os
import subprocess
import sys
import time
from pathlib import Path

from timing import median_time, ms

ROOT = Path(__file__).resolve().parents[2]
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]


def seconds(command, env=None) -> float:
    """Wall time of one run of a command in the repository, which must succeed."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}")
    return time.perf_counter() - start


def import_rows():
    python = [sys.executable, "-c"]
    bare = median_time(lambda: seconds([*python, "pass"]), repeats=5)
    rows = []
    for statement in ["import calclib", "from calclib import engine, nn, optim",
                      "from calclib import widgets"]:
        t = median_time(lambda s=statement: seconds([*python, s]), repeats=5) - bare
        bare_package = statement == "import calclib"  # the rest import NumPy (and Matplotlib)
        rows.append((f"import: {statement}", ms(t), f"python startup {ms(bare)} excluded", "",
                     "< 100 ms" if bare_package else "", t < 0.1 if bare_package else None))
    return rows


def notebook_rows():
    rows = []
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        t = seconds([*PYTEST, "-n", "0", f"notebooks/{notebook.name}"])  # no xdist workers
        rows.append((f"notebook: {notebook.stem} under nbval", f"{t:.1f} s",
                     "pytest start included, one process", "", "seconds", t < 30))
    t = seconds([*PYTEST, "--ignore=tests/browser"])
    rows.append(("suite: README test command without browser tests", f"{t:.0f} s",
                 f"{os.cpu_count()} cores", "", "< 60 s", t < 60))
    return rows


def run():
    return import_rows() + notebook_rows()
