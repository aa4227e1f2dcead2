"""The explorers of chapter 2: slices of a surface, the gradient field, the directional
derivative, and fitting a line by hand on the loss surface.

Taught in notebooks/02_partial_derivatives_and_gradient.ipynb.
"""

import ipywidgets as ipw

from calclib import datasets, functions, plots
from calclib.functions import SURFACES, surface
from calclib.widgets.explorer import Explorer, _fit_point_sliders, _kept, _slider, _surface_dropdown


def slice_explorer(surface: str = "saddle x² − y²", x0: float | None = None,
                   y0: float | None = None) -> Explorer:
    """A surface cut along x and along y through (x0, y0): the slices' slopes are the partials."""
    return _surface_explorer(plots.Slices, surface, x0, y0)


def gradient_explorer(surface: str = "Himmelblau", x0: float | None = None,
                      y0: float | None = None) -> Explorer:
    """Contours with gradient arrows; drag (x0, y0) and its steepest-ascent arrow follows."""
    return _surface_explorer(plots.GradientField, surface, x0, y0)


def directional_explorer(surface: str = "valley x² + 10y²", angle: float = 30.0) -> Explorer:
    """Turn a direction u around the surface's start point: the rate of change of f along u."""
    figure = _kept(lambda name: plots.Directional(SURFACES[name], *SURFACES[name].start))
    return Explorer(
        lambda surface, angle: figure(surface).update(angle),
        {"surface": _surface_dropdown(surface),
         "angle": ipw.FloatSlider(value=angle, min=0, max=360, step=5, description="angle (°)",
                                  readout_format=".0f")})


def regression_explorer(theta0: float = 0.0, theta1: float = 0.0) -> Explorer:
    """Fit a line by hand: sliders for intercept and slope; the loss surface and -∇L beside it."""
    x, y = datasets.line()
    loss = functions.regression_loss(x, y)
    return Explorer(plots.Regression(x, y).update, {
        "theta0": _slider("θ0", theta0, *loss.xlim, 0.05),
        "theta1": _slider("θ1", theta1, *loss.ylim, 0.05),
    })


def _surface_explorer(live, name, x0, y0):
    """A surface dropdown and (x0, y0) sliders spanning the chosen surface's window, drawing
    live(surface).update(x0, y0): a plots.Live figure kept for each surface."""
    chosen = surface(name)
    x0, y0 = chosen.start[0] if x0 is None else x0, chosen.start[1] if y0 is None else y0
    figure = _kept(live)
    return Explorer(lambda surface, x0, y0: figure(SURFACES[surface]).update(x0, y0), {
        "surface": _surface_dropdown(name),
        "x0": _slider("x0", x0, *chosen.xlim, 0.05),
        "y0": _slider("y0", y0, *chosen.ylim, 0.05),
    }, on_choice=_fit_point_sliders)
