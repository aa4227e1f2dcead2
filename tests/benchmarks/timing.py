"""Timing helpers shared by the benchmarks: medians of repeated runs in this process."""

import statistics
import time


def median_time(run, repeats: int = 7) -> float:
    """The median wall time of run() in seconds, after one untimed call."""
    return median_times({"run": run}, repeats)["run"]


def median_times(runs: dict, repeats: int = 21, inner: int = 1) -> dict:
    """{name: median seconds per call} for several runs timed in turn, round after round, so a
    slow spell of the machine falls on all of them alike. Each sample times `inner` calls."""
    for run in runs.values():
        run()  # warm-up
    times = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            for _ in range(inner):
                run()
            times[name].append((time.perf_counter() - start) / inner)
    return {name: statistics.median(ts) for name, ts in times.items()}


def ms(seconds: float) -> str:
    """A duration for a table: milliseconds with sensible digits."""
    milli = 1000 * seconds
    return f"{milli:.3g} ms" if milli < 100 else f"{milli:.0f} ms"
