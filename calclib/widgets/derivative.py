"""The explorers of chapters 0 and 1: a line, tangents, secants, the product rule as a
growing rectangle, and a typed formula's derivative.

Taught in notebooks/00_start_here.ipynb and notebooks/01_derivative.ipynb.
"""

import dataclasses
import re

import ipywidgets as ipw

from calclib import plots, symbolic
from calclib.functions import CURVES, Curve, curve
from calclib.widgets.explorer import LABEL_LENGTH, Explorer, _kept, _slider


def line_explorer(m: float = 1.5, b: float = 0.0) -> Explorer:
    """Sliders for the slope m and intercept b of a line (the warm-up in 00_start_here)."""
    return Explorer(plots.line, {
        "m": _slider("slope m", m, -4, 4, 0.1),
        "b": _slider("intercept b", b, -4, 4, 0.1),
    })


def tangent_explorer(curve: str = "sin(x)", x0: float = 1.0) -> Explorer:
    """Pick a function and slide x0: the tangent at x0 and the point (x0, f'(x0))."""
    low, high = -2.5, 2.5  # the x0 slider's range
    figure = _kept(lambda name: plots.Tangent(_showing(CURVES[name], low, high)))
    return Explorer(lambda curve, x0: figure(curve).update(x0), {
        "curve": _curve_dropdown(curve),
        "x0": _slider("x0", x0, low, high, 0.05),
    })


def secant_explorer(curve: str = "sin(x)", x0: float = 1.0, h: float = 1.0) -> Explorer:
    """Shrink h (log scale) and watch the secant through x0 and x0 + h turn into the tangent."""
    figure = _kept(lambda name: plots.Secant(CURVES[name]))
    return Explorer(lambda curve, x0, h: figure(curve).update(x0, h), {
        "curve": _curve_dropdown(curve),
        "x0": _slider("x0", x0, -2.5, 2.5, 0.05),
        "h": ipw.FloatLogSlider(value=h, base=10, min=-3, max=0, step=0.05, description="h",
                                readout_format=".3f"),
    })


def product_rule_explorer(x0: float = 1.5, dx: float = 0.3) -> Explorer:
    """Slide x and Δx: a rectangle x wide and x² high grows by two strips and a corner."""
    return Explorer(plots.product_rule, {
        "x0": _slider("x", x0, 0.5, 2.0, 0.05),
        "dx": _slider("Δx", dx, 0.01, 0.5, 0.01),
    })


def formula_explorer(formula: str = "x**3 - 2*x", x0: float = 1.0) -> Explorer:
    """Type f(x): see f with its tangent, f' from SymPy, and finite-difference dots on f'."""
    text = ipw.Text(value=formula, description="f(x) =", continuous_update=False,
                    placeholder="e.g. x*sin(x), exp(-x^2), sigmoid(x)",
                    layout=ipw.Layout(width="340px"))
    figure = _kept(_formula_tangent, maxsize=8)
    return Explorer(lambda formula, x0: figure(formula).update(x0),
                    {"formula": text, "x0": _slider("x0", x0, -3, 3, 0.05)})


def _formula_tangent(formula: str) -> plots.Tangent:
    """The tangent figure for a typed formula, differentiated by SymPy."""
    f = symbolic.parse(formula, variables=("x",))
    df = symbolic.derivative(f, "x")
    label = _readable(str(df))  # the legend's f'(x) = ...: one line
    if len(label) > LABEL_LENGTH:
        label = label[:LABEL_LENGTH - 1] + "…"
    return plots.Tangent(Curve(formula, symbolic.lambdify(f, "x"), symbolic.lambdify(df, "x"),
                               label))


def _readable(formula: str) -> str:
    """SymPy's Python syntax as one writes it: "3*x**2 - 2" -> "3x^2 − 2", "tan(x)**2" ->
    "tan(x)^2", "2*x*exp(x)" -> "2x·exp(x)"."""
    formula = formula.replace("**", "^")
    formula = re.sub(r"(?<![\w.^])(\d+(?:\.\d+)?)\*(?=x\b)", r"\1", formula)  # 3*x -> 3x
    return formula.replace("*", "·").replace("-", "−")


def _showing(curve: Curve, low: float, high: float) -> Curve:
    """The curve with its window widened to show x0 anywhere in low..high (exp's stops at 2)."""
    return dataclasses.replace(curve, xlim=(min(curve.xlim[0], low), max(curve.xlim[1], high)))


def _curve_dropdown(name):
    curve(name)  # a clear error for an unknown name
    return ipw.Dropdown(options=list(CURVES), value=name, description="f(x) =")
