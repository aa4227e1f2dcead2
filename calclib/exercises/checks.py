"""The checkers behind every exercise: each compares an answer with the true one and says exactly
what differs ("at x = 1.5 your derivative gives 4.1, the true value is 4.75"), and recognises
common mistakes ("that is the forward difference").
"""

import difflib
import html
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy

from calclib import symbolic

RTOL = 1e-6  # answers within this relative tolerance count as right


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: correct is True, False, or None (not answered yet)."""

    correct: bool | None
    message: str

    def __str__(self):
        mark = {True: "✅ Correct.", False: "❌ Not yet.", None: "✏️ Your turn."}[self.correct]
        return f"{mark} {self.message}"

    def _repr_html_(self):
        color = {True: "#1b5e20", False: "#b00020", None: "#0d47a1"}[self.correct]
        return f"<div style='color:{color}; font-size:1.05em'>{html.escape(str(self))}</div>"


def _start(what: str) -> str:
    """what at the start of a sentence: "the slope" -> "The slope"; symbols ("dW's shape",
    "σ′(0)", "x.grad") are left exactly as they are."""
    first = what.split(" ", 1)[0]
    if len(first) > 1 and first.isascii() and first.isalpha() and first.islower():
        return what[0].upper() + what[1:]
    return what


def _mid(what: str) -> str:
    """what in the middle of a sentence: "The slope" -> "the slope"; symbols unchanged."""
    first, _, rest = what.partition(" ")
    if first in {"The", "Your", "A", "An", "This", "Both", "Each"}:
        return f"{first.lower()} {rest}".rstrip()
    return what


def _kind(value) -> str:
    """A learner's value named in words: "None", "a list", "the text '2.7'"."""
    if value is None:
        return "None"
    if isinstance(value, str):
        return f"the text {value!r:.40}"
    name = type(value).__name__
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name} ({value!r:.60})"


def _as_number(value):
    """(float, None) for any real number: int, float, NumPy scalar or 0-d/1-element array,
    SymPy number; else (None, what it is), a phrase to follow "you gave" that names the common
    near-misses ("a Dual, Dual(6.0, 11.0): its derivative part is `.deriv`")."""
    from calclib import dual, engine

    if isinstance(value, dual.Dual):
        return None, (f"a Dual, {value!r}: its derivative (ε) part is `.deriv` "
                      f"({value.deriv:g}), its value part `.value` ({value.value:g})")
    if isinstance(value, engine.Value):
        return None, (f"an engine Value, {value!r:.60}: its value is `.data` ({value.data:g}), "
                      f"its gradient `.grad` ({value.grad:g})")
    if isinstance(value, np.ndarray):
        if value.size != 1:
            return None, f"an array of {value.size} numbers; give one number"
        value = value.reshape(-1)[0]
    if isinstance(value, bool | np.bool_):
        return None, f"{value}, a truth value"
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return None, f"the text {value!r:.40}"
        return None, f"the text {value!r}: remove the quotes to give the number {value}"
    if isinstance(value, complex | np.complexfloating):
        return None, f"{value}, a complex number"
    if isinstance(value, numbers.Real):
        return _finite(float(value))
    if isinstance(value, sympy.Basic):
        if value.free_symbols:
            return None, (f"a formula in {', '.join(sorted(map(str, value.free_symbols)))}; "
                          f"give its value")
        try:
            return _finite(float(value))
        except TypeError:
            return None, f"{value}, not a real number"
    if isinstance(value, list | tuple) and len(value) == 1:
        return None, f"{_kind(value)} of one entry, not the number itself"
    return None, _kind(value)


def _finite(value: float):
    if math.isnan(value):
        return None, "nan (\"not a number\", from e.g. 0/0 or inf − inf)"
    if math.isinf(value):
        return None, f"{value}, an infinite value (a division by 0 or an overflow?)"
    return value, None


def _digits(value: float) -> int:
    """How many significant figures a float was typed with (2.7183 -> 5)."""
    mantissa = repr(abs(value)).lower().split("e")[0].replace(".", "").lstrip("0")
    return max(len(mantissa.rstrip("0")), 1) if "." in repr(value) else len(mantissa)


def _figures_needed(truth: float, rtol: float) -> int:
    return next(n for n in range(1, 18)
                if math.isclose(float(f"{truth:.{n - 1}e}"), truth, rel_tol=rtol, abs_tol=1e-12))


def _shown(value: float) -> str:
    """A number as feedback prints it: a whole number in full (1000000, not 1e+06), any other
    with six significant figures."""
    if value == round(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def _trap(trap, rtol):
    """A trap's (wrong value, mistake, tolerance): a third entry, if given, is its own rtol
    (a trap beside the true value, like e beside an estimate of e, must be exact-ish)."""
    wrong, mistake, *own = trap
    return wrong, mistake, own[0] if own else rtol


def check_number(answer, truth: float, what: str, traps=(), rtol=RTOL,
                 integer: str | None = None, given=()) -> Feedback:
    """A number, compared with truth; traps are (wrong value, what that mistake was) pairs, or
    (wrong value, mistake, rtol) triples; given lists the numbers the question states, which are
    never "close" to the answer. integer, if given, says why the answer is a whole number (said
    to a non-whole answer)."""
    value, problem = _as_number(answer)
    if problem:
        return Feedback(False, f"{_start(_mid(what))} should be a number, like 0.5; "
                               f"you gave {problem}.")
    close = math.isclose(value, truth, rel_tol=rtol, abs_tol=1e-12)
    if close and (integer is None or value == round(value)):
        return Feedback(True, f"{_start(_mid(what))} is {_shown(truth)}.")
    for wrong, mistake, tolerance in map(lambda trap: _trap(trap, rtol), traps):
        if math.isclose(value, wrong, rel_tol=tolerance, abs_tol=1e-12):
            return Feedback(False, f"You gave {_shown(value)}: {mistake}")
    if integer is not None and value != round(value):
        # every digit (repr), not _shown's six: 34.9999999 is not "35, not a whole number"
        return Feedback(False, f"You gave {value!r}, not a whole number: {integer}")
    if truth != 0 and math.isclose(value, -truth, rel_tol=rtol, abs_tol=1e-12):
        return Feedback(False, f"You gave {_shown(value)}: the size is right but the sign is "
                               f"wrong; {_mid(what)} is {_shown(truth)}.")
    if any(math.isclose(value, number, rel_tol=rtol, abs_tol=1e-12) for number in given):
        return Feedback(False, f"You gave {_shown(value)}, a number the question states; "
                               f"{_mid(what)} is worked out from it.")
    if value != round(value) and truth != round(truth):
        digits, needed = _digits(value), _figures_needed(truth, rtol)
        unit = 10 ** (math.floor(math.log10(abs(value))) - digits + 1) if value else 1.0
        if digits < needed and abs(value - truth) <= unit:
            figures = "figure" if digits == 1 else "figures"
            return Feedback(False, f"Close: {value:.{digits}g} agrees with {_mid(what)} to the "
                                   f"{digits} {figures} you gave. Give more digits (at least "
                                   f"{needed} significant figures), e.g. the unrounded result "
                                   f"of your computation.")
    off = value - truth
    off = f"{int(off):+d}" if off == round(off) and abs(off) < 1e15 else f"{off:+.3g}"
    return Feedback(False, f"You gave {_shown(value)}, but {_mid(what)} is not that; "
                           f"you are off by {off}.")


def _call(function, args, wants: str, names=()):
    """Calls the learner's function: (result, None), or (None, a one-line report of what it
    raised), naming the usual Python slips (^ is XOR, a matrix product's shapes)."""
    try:
        return function(*args), None
    except Exception as err:  # the learner's code: report any error in one line
        report = f"Your function raised {type(err).__name__}: {err}"
        if isinstance(err, TypeError) and "^" in str(err):
            report += (". In Python ^ is bitwise XOR, not a power: write x**2, not x^2")
        elif isinstance(err, ValueError) and ("matmul" in str(err) or "aligned" in str(err)):
            shapes = ", ".join(f"{name} is {arg.shape}"
                               for name, arg in zip(names, args, strict=False)
                               if hasattr(arg, "shape"))
            report += (f". A matrix product's shapes don't fit ({shapes}): in A @ B the "
                       f"columns of A must match the rows of B, so a factor needs transposing "
                       f"(e.g. W.T)" if shapes else ". A matrix product's shapes don't fit")
        elif isinstance(err, TypeError) and "positional argument" in str(err):
            report += f". It should take {wants}"
        return None, report + "."


def check_function(answer, truth: Callable, points, what: str, traps=(),
                   original: Callable | None = None) -> Feedback:
    """A Python function of x, compared with truth at each point; traps as in check_number.
    original is the function being differentiated: an answer equal to it is named."""
    if not callable(answer):
        return Feedback(False, f"{_start(_mid(what))} should be a function, like "
                               f"lambda x: 2*x; you gave {_kind(answer)}.")
    given = []
    for x in points:
        result, report = _call(answer, (x,), "one number x")
        if report:
            return Feedback(False, report)
        value, problem = _as_number(result)
        if problem:
            forgot = " (did you forget `return`?)" if result is None else ""
            return Feedback(False, f"At x = {x:g} your function returned {problem}; it must "
                                   f"return a number{forgot}.")
        given.append(value)
    expected = [float(truth(x)) for x in points]
    misses = [(x, g, e) for x, g, e in zip(points, given, expected, strict=True)
              if not math.isclose(g, e, rel_tol=RTOL, abs_tol=1e-9)]
    if not misses:
        return Feedback(True, f"{_start(_mid(what))} matches at "
                              f"x = {', '.join(f'{p:g}' for p in points)}.")
    x, g, e = misses[0]

    def same(f):
        return all(math.isclose(g, float(f(p)), rel_tol=RTOL, abs_tol=1e-9)
                   for p, g in zip(points, given, strict=True))

    traps = list(traps)
    if original is not None:
        traps.insert(0, (original, "that is f itself, not its derivative."))
    traps.append((lambda p: -float(truth(p)), "the sign is flipped everywhere: yours is the "
                                                "negative of the derivative."))
    for wrong, mistake in traps:
        if same(wrong):
            return Feedback(False, f"At x = {x:g} yours gives {g:.6g}, the true value is "
                                   f"{e:.6g}: {mistake}")
    return Feedback(False, f"At x = {x:g} {_mid(what)} gives {g:.6g}, "
                           f"the true value is {e:.6g}.")


def check_formula(answer, truth: str, what: str, traps=(),
                  points=(-1.3, 0.4, 1.0, 2.1), original: str | None = None) -> Feedback:
    """A formula typed as text (read safely), or a SymPy expression in x, compared with the
    formula truth at points; original is the formula being differentiated."""
    if isinstance(answer, sympy.Basic):
        answer = str(answer)
    if not isinstance(answer, str):
        return Feedback(False, f"{_start(_mid(what))} should be a formula in quotes, like "
                               f"\"2*x + 3\"; you gave {_kind(answer)}.")
    try:
        function = symbolic.lambdify(symbolic.parse(answer, variables=("x",)), "x")
    except ValueError as err:
        return Feedback(False, f"Your formula could not be read: {err}.")
    wrong_answers = [(symbolic.lambdify(formula, "x"), mistake) for formula, mistake in traps]
    return check_function(function, symbolic.lambdify(truth, "x"), points, what, wrong_answers,
                          original=None if original is None
                          else symbolic.lambdify(original, "x"))


def _as_numbers(answer):
    """A flat float array from a number, tuple, list or array of real numbers; else (None, why)."""
    if isinstance(answer, str):
        return None, f"the text {answer!r:.40}; give numbers, not text"
    if isinstance(answer, dict | set):
        return None, f"{_kind(answer)}; give the numbers in order, as a tuple"
    items = (np.asarray(answer, dtype=object).reshape(-1)
             if isinstance(answer, list | tuple | np.ndarray) else [answer])
    values = []
    for item in items:
        value, problem = _as_number(item)
        if problem:
            return None, (problem if len(items) == 1 else f"an entry that is {problem}")
        values.append(value)
    return np.array(values), None


def check_vector(answer, truth, names, what: str, traps=(), rtol=RTOL) -> Feedback:
    """A few numbers (a tuple or array), compared entry by entry; names label the entries."""
    given, problem = _as_numbers(answer)
    if given is None or given.size != len(truth):
        why = f"you gave {problem or f'{given.size} number' + 's' * (given.size != 1)}"
        return Feedback(False, f"{_start(_mid(what))} should be {len(truth)} numbers "
                               f"({', '.join(names)}), like (1.0, 2.0); {why}.")
    atol = 1e-12 if rtol == RTOL else rtol
    if np.allclose(given, truth, rtol=rtol, atol=atol):
        return Feedback(True, f"{_start(_mid(what))} is "
                              f"({', '.join(f'{t:.6g}' for t in truth)}).")
    shown = ", ".join(f"{g:.6g}" for g in given)
    for wrong, mistake in traps:
        if np.allclose(given, wrong, rtol=rtol, atol=atol):
            return Feedback(False, f"You gave ({shown}): {mistake}")
    if np.any(np.asarray(truth) != 0) and np.allclose(given, -np.asarray(truth), rtol=rtol,
                                                       atol=atol):
        return Feedback(False, f"You gave ({shown}): every sign is flipped.")
    if len(truth) > 1 and np.allclose(given, np.asarray(truth)[::-1], rtol=rtol, atol=atol):
        return Feedback(False, f"You gave ({shown}): the right numbers in the wrong order; "
                               f"the order is {', '.join(names)}.")
    misses = [f"{n} is {t:.6g}, you gave {g:.6g}"
              for n, g, t in zip(names, given, truth, strict=True)
              if not np.isclose(g, t, rtol=rtol, atol=atol)]
    return Feedback(False, f"Not quite {_mid(what)}: {'; '.join(misses)}.")


def check_gradient(answer, truth: Callable, points, names=("∂f/∂x", "∂f/∂y"), hints=(),
                   original: Callable | None = None) -> Feedback:
    """A Python function of (x, y) returning its partials, compared at each point; the feedback
    names the partial that is wrong and where. hints[i] is advice for a wrong partial i;
    original is the function f: an answer returning f itself is named."""
    if not callable(answer):
        return Feedback(False, "Your answer should be a function of (x, y) returning the "
                               "partials, like lambda x, y: (2*x, 2*y); "
                               f"you gave {_kind(answer)}.")
    for point in points:
        result, report = _call(answer, point, "two numbers (x, y)")
        if report:
            return Feedback(False, report)
        where = ", ".join(f"{c:g}" for c in point)
        expected = np.asarray(truth(*point), dtype=float)
        if result is None:
            return Feedback(False, f"Your function returned None; it must return "
                                   f"{expected.size} numbers ({', '.join(names)}) "
                                   f"(did you forget `return`?).")
        given, problem = _as_numbers(result)
        if problem:
            return Feedback(False, f"At ({where}) your function returned {_kind(result)}, "
                                   f"with {problem}; it must return {expected.size} numbers "
                                   f"({', '.join(names)}).")
        if given.size != expected.size:
            hint = ""
            if (original is not None and given.size == 1
                    and math.isclose(given[0], original(*point), rel_tol=RTOL, abs_tol=1e-9)):
                hint = " That number is f itself; return its partial derivatives."
            return Feedback(False, f"Your function should return {expected.size} numbers "
                                   f"({', '.join(names)}); it returned {given.size}.{hint}")
        if (expected.size == 2 and not np.allclose(given, expected, rtol=RTOL, atol=1e-9)
                and np.allclose(given, expected[::-1], rtol=RTOL, atol=1e-9)):
            return Feedback(False, f"At ({where}) your partials are swapped: return "
                                   f"({', '.join(names)}) in that order.")
        for i, (g, e) in enumerate(zip(given, expected, strict=True)):
            if not math.isclose(g, e, rel_tol=RTOL, abs_tol=1e-9):
                hint = f" {hints[i]}" if i < len(hints) else ""
                sign = " (the sign is flipped)" if e != 0 and math.isclose(g, -e) else ""
                return Feedback(False, f"Your {names[i]} is wrong at ({where}): you gave "
                                       f"{g:.6g}, it is {e:.6g}{sign}.{hint}")
    return Feedback(True, f"Both partials match at {len(points)} points.")


def check_choice(answer, truth, explanations: dict, aliases=None) -> Feedback:
    """One of a few options, in any case; explanations says, for each option, why it is right
    or wrong; aliases maps other words for an option (e.g. "orthogonal") to it."""
    # every spelling, squeezed: "Saddle-point", "saddle_point", "saddlepoint" -> "saddle point"
    names = {option: option for option in explanations} | dict(aliases or {})
    spelled = {"".join(name.lower().replace("-", "").replace("_", "").split()): option
               for name, option in names.items()}
    typed = ("".join(answer.lower().replace("-", "").replace("_", "").split())
             if isinstance(answer, str) else None)
    chosen = spelled.get(typed)
    if chosen not in explanations:
        near = difflib.get_close_matches(typed, spelled, n=1) if typed else []
        guess = f" Did you mean {spelled[near[0]]!r}?" if near else ""
        return Feedback(False, f"Choose one of {', '.join(map(repr, explanations))}, in "
                               f"quotes; you gave {_kind(answer)}.{guess}")
    return Feedback(chosen == truth, explanations[chosen])


def check_step(answer, truth, traps=()) -> Feedback:
    """A function (theta, b, g, lr, mu) -> (theta, b), one optimizer step, checked on a few
    cases; traps are (function, what that mistake is) pairs."""
    if not callable(answer):
        return Feedback(False, f"Your answer should be a function of (theta, b, g, lr, mu); "
                               f"you gave {_kind(answer)}.")
    rng = np.random.default_rng(5)
    cases = [(rng.standard_normal(3), rng.standard_normal(3), rng.standard_normal(3), lr, mu)
             for lr, mu in [(0.1, 0.9), (0.05, 0.5), (0.3, 0.0)]]
    given = []
    for case in cases:  # copies: an in-place answer (b *= mu, as torch does) may mutate them
        copies = tuple(np.copy(value) for value in case[:3]) + case[3:]
        result, report = _call(answer, copies, "five arguments (theta, b, g, lr, mu)",
                               names=("theta", "b", "g", "lr", "mu"))
        if report:
            return Feedback(False, report)
        if not isinstance(result, tuple | list) or len(result) != 2:
            got = (f"{len(result)} values" if isinstance(result, tuple | list)
                   else _kind(result) + " (did you forget `return`?)" * (result is None))
            return Feedback(False, f"Your function returned {got}; it should return two "
                                   f"arrays: (new theta, new b).")
        parts = [_as_numbers(part) for part in result]
        problems = [f"your {name} is {problem}"
                    for name, (_, problem) in zip(("new theta", "new b"), parts, strict=True)
                    if problem]
        if problems:
            return Feedback(False, f"Your function should return two arrays of numbers, "
                                   f"(new theta, new b); {'; '.join(problems)}.")
        if any(values.size != 3 for values, _ in parts):
            return Feedback(False, "Each of new theta and new b should have theta's shape (3,) "
                                   f"here; yours have {parts[0][0].size} and {parts[1][0].size} "
                                   f"entries.")
        given.append(tuple(values for values, _ in parts))

    def agrees(step):
        return all(np.allclose(g, t) for case, out in zip(cases, given, strict=True)
                   for g, t in zip(out, step(*case), strict=True))

    if agrees(truth):
        return Feedback(True, "Your step matches torch.optim.SGD(momentum=mu) on every case.")
    for wrong, mistake in traps:
        if agrees(wrong):
            return Feedback(False, mistake)
    theta, b, g, lr, mu = cases[0]
    want_theta, want_b = truth(*cases[0])
    return Feedback(False, f"With lr = {lr}, μ = {mu}, θ = {theta[0]:.3f}, b = {b[0]:.3f}, "
                           f"g = {g[0]:.3f} (first entries), the new b should be "
                           f"{want_b[0]:.4f} and θ {want_theta[0]:.4f}; yours are "
                           f"{given[0][1][0]:.4f} and {given[0][0][0]:.4f}.")


def check_set(answer, truth: set, what: str, explanations: dict) -> Feedback:
    """Some of a few choices, in any order (a list or set); explanations says, for each
    choice, why it belongs or not."""
    listed = isinstance(answer, list | tuple | set | np.ndarray)
    values, problem = _as_numbers(list(answer)) if listed else (None, _kind(answer))
    if problem:
        return Feedback(False, f"{_start(_mid(what))} should be a list of numbers, like "
                               f"[0.1, 0.2]; you gave {problem}.")
    given = {round(float(x), 12) for x in values}
    if given == truth:
        return Feedback(True, f"{_start(_mid(what))}: {sorted(truth)}.")
    unknown = sorted(given - set(explanations))
    if unknown:
        named = ", ".join(f"{u:g}" if isinstance(u, float) else repr(u) for u in unknown)
        verb = "is not one of the choices" if len(unknown) == 1 else "are not among the choices"
        return Feedback(False, f"{named} {verb}: choose from {sorted(explanations)}.")
    wrong = sorted(given ^ truth)  # wrongly in, or wrongly left out
    return Feedback(False, " ".join(explanations[x] for x in wrong))


def check_array(answer, truth, what: str, traps=()) -> Feedback:
    """An array, compared entry by entry: says if the shape is wrong, or where it differs."""
    truth = np.asarray(truth, dtype=float)
    try:
        given = (None if isinstance(answer, str) or answer is None
                 else np.asarray(answer, dtype=float))
    except (TypeError, ValueError):
        given = None
    if given is None or given.shape != truth.shape:
        shape = (f"is {_kind(answer)}, not an array of numbers" if given is None
                 else f"has shape {given.shape}")
        return Feedback(False, f"{_start(_mid(what))} should be an array of shape "
                               f"{truth.shape}, one number per entry of what it is the "
                               f"gradient of; yours {shape}.")
    if not np.all(np.isfinite(given)):
        return Feedback(False, f"Some entries of your {_mid(what)} are nan or infinite; every "
                               f"entry should be a number.")
    if np.allclose(given, truth, rtol=RTOL, atol=1e-12):
        return Feedback(True, f"{_start(_mid(what))} is {np.round(truth, 6).tolist()}.")
    for wrong, mistake in traps:
        if np.allclose(given, wrong, rtol=RTOL, atol=1e-12):
            return Feedback(False, mistake)
    if np.any(truth != 0) and np.allclose(given, -truth, rtol=RTOL, atol=1e-12):
        return Feedback(False, f"Every entry of {_mid(what)} has the wrong sign.")
    wrong = np.argwhere(~np.isclose(given, truth, rtol=RTOL, atol=1e-12))
    first = tuple(int(i) for i in wrong[0])
    return Feedback(False, f"{len(wrong)} of {truth.size} entries of {what} are off; e.g. at "
                           f"{first} you gave {given[first]:.4g}, it is {truth[first]:.4g}.")
