"""Run every benchmark and print one table: calclib against its peers, as ratios, with targets.

    .venv/bin/pip install -r tests/benchmarks/requirements.txt
    .venv/bin/python tests/benchmarks/run.py [engine nn widgets suite browser]

Figures, not pass/fail: a target missed is marked ✗ and the run still completes.
`browser` drives a real JupyterLab in headless Chromium for 3-5 minutes (skipped, with
a row saying so, where there is no Chromium).
"""

import os
import platform
import sys
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_browser
import bench_engine
import bench_nn
import bench_suite
import bench_widgets

SECTIONS = {"engine": bench_engine, "nn": bench_nn, "widgets": bench_widgets, "suite": bench_suite,
            "browser": bench_browser}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    versions = ", ".join(f"{name} {_version(name)}" for name in
                         ["numpy", "matplotlib", "torch", "micrograd"])
    return (f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; {versions}")


def _version(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def table(rows) -> str:
    header = ("what", "calclib", "peer", "ratio", "target", "")
    marks = {True: "✓", False: "✗", None: ""}
    body = [(*row[:5], marks[row[5]]) for row in rows]
    widths = [max(len(str(r[i])) for r in [header, *body]) for i in range(6)]
    lines = [" | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True))
             for r in [header, *body]]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main(names):
    unknown = set(names) - set(SECTIONS)
    if unknown:
        raise SystemExit(f"unknown sections {sorted(unknown)}; choose from {list(SECTIONS)}")
    print(machine(), flush=True)
    rows = []
    for name in names or SECTIONS:
        print(f"running {name} ...", flush=True)
        rows += SECTIONS[name].run()
    print(table(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
