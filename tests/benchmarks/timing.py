"""Timing helpers shared by the benchmarks: medians of repeated runs in this process."""

import statistics
import time


def median_time(run, repeats: int = 7, warmup: int = 1) -> float:
    """The median wall time of run() in seconds, after `warmup` untimed calls."""
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ms(seconds: float) -> str:
    """A duration for a table: milliseconds with sensible digits."""
    milli = 1000 * seconds
    return f"{milli:.3g} ms" if milli < 100 else f"{milli:.0f} ms"
