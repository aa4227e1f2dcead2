"""Richardson extrapolation of difference quotients: the machinery behind numdiff's default step.

Taught (as an idea) in notebooks/01_derivative.ipynb; numdiff.estimate is its public face.

A difference quotient D(h) differs from f'(x) by a series in h**p, h**2p, ... (p = 2 for central
differences, 1 for one-sided ones). Taking D at shrinking steps and eliminating those terms one
by one (Neville's scheme) extrapolates to h -> 0; the disagreement between neighbouring
extrapolations estimates the error (Ridders' method, Numerical Recipes 3rd ed., section 5.7).
Two things no extrapolation can fix are detected here too: a kink (the one-sided slopes
disagree at every step) and an infinite slope (the quotients grow without bound as h shrinks).
"""

import itertools
import warnings

import numpy as np

COLUMNS = 6  # Richardson columns: cancel the error terms in h**p, h**2p, ... up to h**5p
ROUNDING = 10  # f's rounding noise in a quotient: ROUNDING * eps |f(x)| / h
WARN_RTOL = 1e-6  # warn when the error estimate exceeds this fraction of |f'(x)| and f's noise


class AccuracyWarning(RuntimeWarning):
    """numdiff's own error estimate is large: the derivative it returns may be wrong."""


def halving_steps(x, scale, count):
    """Steps h_k = scale / 2**(k+1) as the computer takes them at x: s = (|x| + h) - |x|, so
    that x + s and x - s are exact. Returns (steps, taken): a step that rounds to 0 or to the
    one before it (below the spacing of floats at x) is not taken."""
    magnitude = np.abs(x)
    steps = np.array([(magnitude + scale / 2 ** (k + 1)) - magnitude for k in range(count)])
    newer = np.concatenate([np.ones_like(steps[:1], bool), steps[1:] < steps[:-1]])
    return steps, (steps > 0) & newer


def extrapolate(quotients, nodes, floor):
    """Neville extrapolation to node 0 of quotients D[k] whose error is a series in t, t**2,
    ... (t = nodes[k] = h_k**p, shrinking with k; nan where a step was not taken). floor[k] is
    f's rounding noise at step k. Returns (value, error, noise) per point: the extrapolation
    whose error estimate (its distance from the two it came from and from the next one in its
    column, and never below the noise) is smallest relative to its size; value nan where no
    two neighbouring quotients are finite. The error is never below the distance of a quotient
    at a finer step from the value, beyond that quotient's noise."""
    columns, spreads, floors, ends = [], [], [], []
    column = quotients
    for j in range(1, COLUMNS):
        ends.append(np.arange(j, len(quotients)))  # the finest step each one uses
        finer, coarser = column[1:], column[:-1]
        column = finer + (finer - coarser) / (nodes[:-j] / nodes[j:] - 1)  # cancels the t**j term
        noise = np.broadcast_to(floor[j:], column.shape)
        columns.append(column)
        floors.append(noise)
        following = np.concatenate([column[1:], np.full_like(column[:1], np.inf)])
        spread = np.maximum(np.maximum(abs(column - finer), abs(column - coarser)),
                            abs(column - following))
        spreads.append(np.fmax(spread, noise))
    value, spread, noise = (np.concatenate(a) for a in (columns, spreads, floors))
    relative = spread / np.fmax(np.fmax(np.abs(value), noise), np.finfo(float).tiny)
    relative = np.where(np.isfinite(relative) & np.isfinite(value), relative, np.inf)
    best = np.argmin(relative, axis=0)[None]
    value, spread, noise, relative = (np.take_along_axis(a, best, axis=0)[0]
                                      for a in (value, spread, noise, relative))
    # every quotient at a finer step must lie near the value too, within its rounding noise
    # and its own truncation error (about its change to the next step, where the series in
    # h**p holds): else steps far larger than f's own scale agreed by chance (sin at 6e5)
    end = np.concatenate(ends)[best[0]]
    finer = np.arange(len(quotients) - 1).reshape((-1,) + (1,) * np.ndim(end)) > end
    truncation = 2 * np.abs(quotients[:-1] - quotients[1:]) + floor[:-1] + floor[1:]
    distance = np.abs(quotients[:-1] - value)
    # (1000 floor: f's rounding may be far above eps |f(x)|, as 1 + tanh(x) for x << 0)
    off = finer & (distance > np.maximum(truncation, 1000 * floor[:-1]))
    spread = np.fmax(spread, np.max(np.where(off, distance + truncation, 0.0), axis=0))
    return np.where(np.isfinite(relative), value, np.nan), spread, noise


def kink_gap(ahead, here, behind, steps, taken, eps):
    """The jump between the one-sided slopes at x, where it persists down to the three finest
    steps taken (a kink, like |x| at 0), else 0. For a smooth f the gap
    (f(x+h) - f(x))/h - (f(x) - f(x-h))/h = f''(x) h + ... shrinks with h."""
    with np.errstate(all="ignore"):
        gap = (ahead - 2 * here + behind) / steps
        signal = np.abs(gap) > 100 * ROUNDING * eps * (np.abs(here) + np.abs(ahead)) / steps
    persists = np.ones(np.shape(here), bool)
    last = finest_steps(taken, 3)
    for k0, k1 in itertools.pairwise(last):
        g0, g1 = pick(gap, k0), pick(gap, k1)
        persists &= pick(signal, k0) & pick(signal, k1) & (np.abs(g1) > 0.7 * np.abs(g0))
    return np.where(persists & (last[-1] >= 0), np.nan_to_num(pick(gap, last[-1])), 0.0)


def grows_without_bound(quotients, taken, steps, here, eps):
    """True where the quotients at the six finest steps taken grow in size with every halving,
    well beyond f's rounding: a slope that is infinite at x (sqrt or cbrt at 0)."""
    last = finest_steps(taken & np.isfinite(quotients), 6)
    growing = last[0] >= 0
    for k0, k1 in itertools.pairwise(last):
        d0, d1 = np.abs(pick(quotients, k0)), np.abs(pick(quotients, k1))
        noise = ROUNDING * eps * np.abs(here) / pick(steps, k1)
        growing &= (d1 > 1.02 * d0) & (d1 - d0 > 100 * noise)
    return growing


def finest_steps(taken, n):
    """Indices of the n finest taken steps per point, coarsest first (-1 where fewer)."""
    order = np.cumsum(taken, axis=0)
    total = order[-1]
    return [np.where(total >= n, np.argmax(taken & (order == total - n + 1 + m), axis=0), -1)
            for m in range(n)]


def pick(array, index):
    return np.take_along_axis(array, np.maximum(index, 0)[None], axis=0)[0]


def unresolved(quotients, steps, taken, p, floor, ahead, here, behind):
    """True where f changes by over 1% of its size across the two finest steps taken, or the
    four finest quotients are not in the regime where their error shrinks like h**p (successive
    differences shrink in the ratio of the steps' powers, to within 30%) nor agree to within
    f's rounding noise (floor): f varies on a scale no step reaches (x = 1e20 for sin), so no
    extrapolation can be trusted."""
    ks = finest_steps(taken & np.isfinite(quotients), 4)
    d, s, noise = ([pick(a, k) for k in ks] for a in (quotients, steps, floor))
    with np.errstate(all="ignore"):
        lost = ks[0] < 0
        for k in ks[2:]:  # the two finest steps
            up, down = pick(ahead, k), pick(behind, k)
            size = np.fmax(np.fmax(np.abs(up), np.abs(down)), np.abs(here))
            lost |= np.fmax(abs(up - here), abs(here - down)) > 0.01 * size
        for m in (0, 1):
            expected = (s[m]**p - s[m + 1]**p) / (s[m + 1]**p - s[m + 2]**p)
            actual = (d[m] - d[m + 1]) / (d[m + 1] - d[m + 2])
            agree = np.maximum(abs(d[m] - d[m + 1]), abs(d[m + 1] - d[m + 2])) <= 2 * noise[m + 2]
            lost |= ~(agree | ((actual > expected / 1.3) & (actual < expected * 1.3)))
    return lost


def diagnose(value, error, quotients, steps, taken, floor, samples, eps):
    """What no extrapolation can fix, per point: (value, error, cause), cause "spacing" where the
    floats beside a large x are too far apart to resolve f (the error then covers the change of
    the two finest quotients, or is inf where they are not converging), "kink" (the error then
    at least half the jump in slope), "infinite" (value +-inf, error inf), else "".
    quotients: the ones extrapolated per point; samples: f at x + h, x, x - h."""
    ahead, fx, behind = samples
    with np.errstate(all="ignore"):  # nan where a step was dropped or f left its domain
        spaced = ~np.all(taken, axis=0)  # steps were dropped: the floats beside x are far apart
        finest = finest_steps(taken & np.isfinite(quotients), 2)
        change = np.abs(pick(quotients, finest[1]) - pick(quotients, finest[0]))
        p = np.where(np.isfinite(ahead - behind).any(axis=0), 2, 1)  # central, or one-sided
        lost = spaced & unresolved(quotients, steps, taken, p, floor, ahead, fx, behind)
        noisy = 2 * pick(floor, finest[1])  # a change within f's rounding noise
        coarse = spaced & (lost | (np.nan_to_num(change, nan=np.inf) > np.maximum(error, noisy)))
        error = np.where(lost, np.inf, np.where(coarse, np.maximum(change, error), error))
        cause = np.where(coarse, "spacing", "")
        gap = kink_gap(ahead, fx, behind, steps, taken & ~spaced, eps)
        error = np.where(gap != 0, np.maximum(error, np.abs(gap) / 2), error)
        cause = np.where(gap != 0, "kink", cause)
        pole = grows_without_bound(quotients, taken, steps, fx, eps) & ~spaced
        value = np.where(pole, np.sign(value) * np.inf, value)
    return value, np.where(pole, np.inf, error), np.where(pole, "infinite", cause)


WHY = {
    "kink": "f has a kink at x: its one-sided slopes differ at every step, so f'(x) does not "
            "exist (the value is their mean, as a central difference gives)",
    "infinite": "f's slope grows without bound as the step shrinks: an infinite slope at x "
                "(like sqrt or cbrt at 0)",
    "spacing": "x is so large that the floats beside it are too far apart for the steps to "
               "resolve how f varies (f varies on a scale finer than the float spacing at x)",
    "": "f may vary on a scale far smaller than any step tried, have a pole near x, or be "
        "computed in low precision",
}


def warn_if_inaccurate(value, error, noise, cause=None):
    """Warn (AccuracyWarning) where an estimate's error is above WARN_RTOL of its size and
    above f's own rounding noise, which no step can beat, naming the cause when known."""
    with np.errstate(invalid="ignore"):
        suspect = (np.asarray(error) > WARN_RTOL * np.abs(value)) & (np.asarray(error) > noise)
    causes = np.broadcast_to("" if cause is None else cause, np.shape(suspect))
    suspect = suspect | (causes == "kink") | (causes == "infinite")
    if np.any(suspect):
        worst = np.max(np.where(suspect, error, 0.0))
        why = WHY[next((c for c in ("infinite", "kink", "spacing") if np.any(
            suspect & (causes == c))), "")]
        warnings.warn(f"numdiff's error estimate ({worst:.2g}) is large for this derivative: "
                      f"{why}. Check the value another way (symbolic, dual, engine)",
                      AccuracyWarning, stacklevel=3)
