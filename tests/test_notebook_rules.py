"""Rules every notebook keeps: no assertion reads the clock (DESIGN.md, Tests 7).

A timing depends on the machine and on whatever else it is doing, so a check on one fails at
random on a loaded CI runner. Notebooks may time things to illustrate a cost (print it, plot
it), but what they assert must be deterministic: counts of passes, operations, graph nodes.

The check reads each code cell with ``ast`` (IPython magic lines, starting with % or !, are
skipped) and follows every value that comes from a clock (``time.perf_counter()`` and the other
``time`` clocks, anything from ``timeit``, ``datetime.now()``) through assignments, augmented
assignments, for-loop targets, in-place additions to containers (``times.append(...)``) and the
return values of functions (a helper ``best_time(...)`` that returns a duration), across cells in
order. Since cells can be re-run in any order, a name that holds a clock value in one cell counts
as holding one everywhere. An ``assert``, an ``assert_*`` call, an ``exercises.check`` or an
``if ...: raise`` that reads such a value is reported with its notebook, cell and line.
"""

import ast
import json
import pathlib
import re

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# Qualified names whose call (or, for the timeit module, any use) gives a time.
CLOCKS = {
    f"time.{name}{suffix}" for name in ["time", "perf_counter", "monotonic", "process_time",
                                        "thread_time"] for suffix in ["", "_ns"]
} | {"time.clock_gettime", "time.clock_gettime_ns", "datetime.datetime.now",
     "datetime.datetime.utcnow", "datetime.datetime.today", "datetime.date.today", "__clock__"}
CLOCK_MODULES = {"timeit"}  # everything in it measures time
MUTATORS = {"append", "extend", "insert", "add", "update", "setdefault", "appendleft"}
MAGIC_ASSIGNMENT = re.compile(r"^(\s*[\w\s,.\[\]]+?=\s*)(%{1,2}|!)(\w*)(.*)$")


def code_cells(notebook):
    """(index, id, Python source) of each code cell; magic lines become harmless Python."""
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = cell["source"]
        source = source if isinstance(source, str) else "".join(source)
        lines = []
        for line in source.splitlines():
            match = MAGIC_ASSIGNMENT.match(line)
            if match:  # t = %timeit -o f(): the value is a timing
                clock = match.group(2).startswith("%") and match.group(3) in {"time", "timeit"}
                lines.append(match.group(1) + ("__clock__()" if clock else "None"))
            elif line.lstrip().startswith(("%", "!")):
                lines.append("")
            else:
                lines.append(line)
        yield index, cell.get("id", "?"), "\n".join(lines)


class ClockFlow:
    """Which names may hold a clock value, and which assertions read one, in one notebook."""

    def __init__(self):
        self.aliases = {}  # name bound by an import -> what it names ("time", "time.time", ...)
        self.tainted = set()  # global names that may hold a time
        self.returns = {}  # function -> True, or a tuple (one bool per item of a returned tuple)
        self.sources = {}  # global name -> the names its value was made from (to follow aliases)
        self.functions = set()  # names bound by def: never containers
        self.problems = []

    # what a name or an expression is
    def qualified(self, node):
        """The dotted name an expression stands for, through the imports, or None."""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            base = self.qualified(node.value)
            return base and f"{base}.{node.attr}"
        return None

    def is_clock(self, node, scope):
        if isinstance(node, ast.Name) and scope.shadows(node.id):
            return False
        name = self.qualified(node)
        return bool(name) and (name in CLOCKS or name.split(".")[0] in CLOCK_MODULES)

    def taint(self, node, scope):
        """Whether an expression may hold a time: a bool, or a tuple of bools for a tuple whose
        items are known one by one (a literal tuple, or a call to a function returning one)."""
        if node is None:
            return False
        if isinstance(node, (ast.Tuple, ast.List)) and not any(
                isinstance(e, ast.Starred) for e in node.elts):
            return tuple(any_true(self.taint(e, scope)) for e in node.elts)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in self.returns and not scope.shadows(node.func.id)
                and not any(any_true(self.taint(a, scope)) for a in node.args)):
            return self.returns[node.func.id]
        return bool(self.clock_reads(node, scope))

    def item_taint(self, node, scope):
        """Whether the items an iterable gives may hold a time: one bool per item of the tuples
        that zip(...) and enumerate(...) give (strict= and start= are plain), else one bool."""
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in {"zip", "enumerate"} and not scope.shadows(node.func.id)
                and not any(isinstance(a, ast.Starred) for a in node.args)):
            items = tuple(any_true(self.taint(a, scope)) for a in node.args)
            return (False, *items[:1]) if node.func.id == "enumerate" else items
        return any_true(self.taint(node, scope))

    def clock_reads(self, node, scope):
        """The names (or clock calls) in an expression through which a time may flow."""
        found = []
        for sub in ast.walk(node):
            if isinstance(sub, (ast.Name, ast.Attribute)) and self.is_clock(sub, scope):
                found.append(self.qualified(sub))
            elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
                if scope.is_tainted(sub.id) or (
                        sub.id in self.returns and any_true(self.returns[sub.id])
                        and not scope.shadows(sub.id)):
                    found.append(sub.id)
        return found

    # statements
    def run(self, statements, scope):
        for statement in statements:
            self.statement(statement, scope)

    def statement(self, node, scope):
        for part in own_parts(node):  # walrus, containers filled in place, and checking calls
            for sub in walk_here(part):
                if isinstance(sub, ast.NamedExpr) and any_true(self.taint(sub.value, scope)):
                    scope.mark(sub.target.id)
                elif (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute)
                      and sub.func.attr in MUTATORS
                      and any(self.clock_reads(a, scope) for a in [*sub.args, *sub.keywords])):
                    self.fill(sub.func.value, scope)
            for call in walk_here(part):
                if isinstance(call, ast.Call) and is_checking_call(call):
                    for argument in [*call.args, *(k.value for k in call.keywords)]:
                        self.check(call, argument, scope, "a check")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if isinstance(node, ast.Import):
                    local = alias.asname or alias.name.split(".")[0]
                    self.aliases[local] = alias.name if alias.asname else local
                else:
                    self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Assign):
            value = self.taint(node.value, scope)
            for target in node.targets:
                self.remember(target, node.value, scope)
                self.assign(target, value, scope)
        elif isinstance(node, ast.AugAssign):  # total += t; a list += [t] is filled in place
            if any_true(self.taint(node.value, scope)):
                self.fill(node.target, scope)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None and any_true(self.taint(node.value, scope)):
                self.assign(node.target, True, scope)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.remember(node.target, node.iter, scope)
            self.assign(node.target, self.item_taint(node.iter, scope), scope)
            self.run(node.body + node.orelse, scope)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self.assign(item.optional_vars,
                                any_true(self.taint(item.context_expr, scope)), scope)
            self.run(node.body, scope)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.function(node, scope)
        elif isinstance(node, ast.Assert):
            self.check(node, node.test, scope, "assert")
        elif isinstance(node, ast.If):
            if any(isinstance(s, ast.Raise) for b in node.body for s in walk_here(b)):
                self.check(node, node.test, scope, "if ...: raise")
            self.run(node.body + node.orelse, scope)
        elif isinstance(node, (ast.While, ast.Try, ast.TryStar)):
            self.run([*node.body, *node.orelse, *getattr(node, "finalbody", []),
                      *(s for h in getattr(node, "handlers", []) for s in h.body)], scope)

    def assign(self, target, value, scope):
        if isinstance(target, ast.Name):
            if any_true(value):
                scope.mark(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = value if isinstance(value, tuple) and len(value) == len(target.elts) \
                else [any_true(value)] * len(target.elts)
            for element, item in zip(target.elts, items, strict=True):
                self.assign(element, item, scope)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, any_true(value), scope)
        elif isinstance(target, (ast.Attribute, ast.Subscript)):  # d[k] = t fills d with a time
            if any_true(value):
                self.fill(target, scope)

    def remember(self, target, value, scope):
        """Note the names a target's value was made from: `for seconds in [fast, slow]` makes
        seconds an alias of fast and slow, so filling seconds with times fills them too."""
        made_from = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
        for name in ast.walk(target):
            if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                scope.record(name.id, made_from)

    def fill(self, target, scope):
        """A time was put into the container target (or added to it): it, and every container
        it may be an alias of, may now hold a time."""
        while isinstance(target, (ast.Attribute, ast.Subscript, ast.Starred)):
            target = target.value
        if not isinstance(target, ast.Name):
            return
        todo, seen = [target.id], set()
        while todo:
            name = todo.pop()
            if name in seen or name in self.functions or name in self.aliases:
                continue
            seen.add(name)
            scope.mark(name)
            todo.extend(scope.sources_of(name))

    def function(self, node, scope):
        inner = Scope(self, node, outer=scope)
        for _ in range(3):  # loops inside may taint a name used above them
            self.run(node.body, inner)
        returns = [self.taint(r.value, inner) for r in ast.walk(node)
                   if isinstance(r, (ast.Return, ast.Yield, ast.YieldFrom))
                   and inner.owns(r)]
        shapes = {len(r) for r in returns if isinstance(r, tuple)}
        if len(shapes) == 1 and all(isinstance(r, tuple) for r in returns):
            signature = tuple(any(r[i] for r in returns) for i in range(shapes.pop()))
        else:
            signature = any(any_true(r) for r in returns)
        if any_true(signature):
            self.returns[node.name] = signature
        self.functions.add(node.name)

    def check(self, node, expression, scope, kind):
        reads = self.clock_reads(expression, scope)
        if reads:
            self.problems.append((node, kind, sorted(set(reads))))


class Scope:
    """Names of the notebook (outer is None) or of one function body."""

    def __init__(self, flow, function=None, outer=None):
        self.flow, self.function, self.outer = flow, function, outer
        self.tainted = flow.tainted if outer is None else set()
        self.sources = flow.sources if outer is None else {}
        self.local = set() if function is None else local_names(function)

    def shadows(self, name):  # a parameter or local variable hides a global of the same name
        return name in self.local or (self.outer is not None and self.outer.shadows(name))

    def is_tainted(self, name):
        if name in self.tainted:
            return True
        if self.outer is not None and name not in self.local:
            return self.outer.is_tainted(name)
        return False

    def mark(self, name):
        if self.outer is not None and name not in self.local:
            self.outer.mark(name)  # a `global` name
        else:
            self.tainted.add(name)

    def record(self, name, made_from):
        if self.outer is not None and name not in self.local:
            self.outer.record(name, made_from)
        else:
            self.sources.setdefault(name, set()).update(made_from)

    def sources_of(self, name):
        if self.outer is not None and name not in self.local:
            return self.outer.sources_of(name)
        return self.sources.get(name, set())

    def owns(self, node):
        """Whether a return statement belongs to this function, not to one nested in it."""
        for sub in ast.walk(self.function):
            if sub is not self.function and isinstance(
                    sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                if any(n is node for n in ast.walk(sub)):
                    return False
        return True


def local_names(function):
    args = function.args
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    names |= {a.arg for a in [args.vararg, args.kwarg] if a is not None}
    declared = {n for s in ast.walk(function) if isinstance(s, (ast.Global, ast.Nonlocal))
                for n in s.names}
    for sub in ast.walk(function):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
            names.add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)) and sub is not function:
            names.add(sub.name)
    return names - declared


def own_parts(node):
    """The expressions a statement evaluates itself; the statements in its body come one by
    one through ClockFlow.run, and a function's body in its own scope."""
    if isinstance(node, (ast.If, ast.While)):
        return [node.test]
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return [node.iter]
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [item.context_expr for item in node.items]
    if isinstance(node, (ast.Try, ast.TryStar, ast.FunctionDef, ast.AsyncFunctionDef,
                         ast.ClassDef)):
        return []
    return [node]


def walk_here(node):
    """ast.walk, but not into functions or classes defined inside (they run in their own scope)."""
    todo = [node]
    while todo:
        sub = todo.pop()
        yield sub
        if not isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            todo.extend(ast.iter_child_nodes(sub))


def any_true(value):
    return any(value) if isinstance(value, tuple) else bool(value)


def is_checking_call(call):
    """np.testing.assert_allclose(...), self.assertLess(...), exercises.check(...)."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name.startswith("assert"):
        return True
    return (name == "check" and isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name) and func.value.id == "exercises")


def clock_assertions(notebook, name="notebook"):
    """Every assertion of a notebook (a dict, as in the .ipynb file) that reads a clock, as
    readable lines: notebook, cell, line and the assertion's source."""
    cells = []
    for index, cell_id, source in code_cells(notebook):
        try:
            cells.append((index, cell_id, source, ast.parse(source)))
        except SyntaxError as err:
            return [f"{name}: cell {index} (id {cell_id}) is not Python: {err}"]
    flow = ClockFlow()
    while True:  # until no more names turn out to hold a time (they only ever get added)
        before = (set(flow.tainted), dict(flow.returns))
        flow.problems = []
        found = []
        for index, cell_id, source, tree in cells:
            flow.run(tree.body, Scope(flow))
            for node, kind, reads in flow.problems:
                text = ast.get_source_segment(source, node) or ""
                found.append(f"{name}: cell {index} (id {cell_id}), line {node.lineno}: {kind} "
                             f"`{' '.join(text.split())}` reads {', '.join(reads)}, which may "
                             "hold a time (it comes from a clock)")
            flow.problems = []
        if (flow.tainted, flow.returns) == before:
            return list(dict.fromkeys(found))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_notebook_assertion_reads_a_clock(path):
    """Assert counts (passes, operations, graph nodes), and only print or plot timings."""
    problems = clock_assertions(json.loads(path.read_text()), path.name)
    assert not problems, "\n".join(problems)


# The check itself, on small notebooks made here: it must be able to fail.
def notebook_of(*cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    return notebook


def test_catches_an_assertion_on_a_timing():
    problems = clock_assertions(notebook_of("import time\nt = time.perf_counter(); assert t > 0"))
    assert len(problems) == 1
    assert "cell 0" in problems[0] and "assert t > 0" in problems[0] and "reads t" in problems[0]


def test_catches_a_duration_returned_by_a_helper_and_used_in_a_later_cell():
    helper = '''
import time

def best_time(compute, repeats=3):
    """The fastest of a few runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        compute()
        times.append(time.perf_counter() - start)
    return min(times)
'''
    problems = clock_assertions(notebook_of(
        helper,
        "seconds = []\nfor n in [10, 1000]:\n    seconds.append(best_time(lambda: sum(range(n))))",
        "%matplotlib inline\nratio = seconds[-1] / seconds[0]\nprint(ratio)",
        "assert ratio > 1  # grows with n",
    ))
    assert len(problems) == 1 and "cell 3" in problems[0] and "assert ratio > 1" in problems[0]


@pytest.mark.parametrize("cells", [
    ["from time import perf_counter as clock\nstart = clock()", "elapsed = clock() - start",
     "assert elapsed < 1"],
    ["import timeit\nbest = min(timeit.repeat(lambda: None, number=1, repeat=3))",
     "assert best < 1"],
    ["from datetime import datetime\nnow = datetime.now()", "assert now.year > 2000"],
    ["import time\ntotal = 0.0\nfor _ in range(3):\n    total += time.time()", "assert total"],
    ["import time\nruns = {'a': time.monotonic()}\nfor label, t in runs.items():\n"
     "    assert t > 0, label"],
    ["import time\nt = %timeit -o -q pass", "assert t.best > 0"],
    ["import time\nimport numpy as np\nt = [time.process_time()]",
     "np.testing.assert_array_less(0, t)"],
    ["import time\nfrom calclib import exercises\nanswer = time.time()",
     "exercises.check('00-slope-of-line', answer)"],
    ["import time\n\ndef timed(f):\n    start = time.perf_counter()\n    return f(), "
     "time.perf_counter() - start", "value, seconds = timed(lambda: 3)\nassert seconds < 1"],
    ["import time\nif (took := time.perf_counter()) > 1e9:\n    raise AssertionError(took)"],
    ["import time\nfast, slow = [], []\nfor seconds in [fast, slow]:\n"
     "    seconds.append(time.perf_counter())", "assert fast[0] < slow[0]"],
], ids=["from-import alias", "timeit", "datetime.now", "augmented assignment",
        "for-loop over a dict", "%timeit -o", "assert_* call", "exercises.check",
        "tuple from a helper", "if ...: raise", "list filled through an alias"])
def test_catches_every_way_a_time_can_reach_an_assertion(cells):
    assert len(clock_assertions(notebook_of(*cells))) == 1


def test_a_notebook_that_times_for_show_and_asserts_counts_passes():
    assert clock_assertions(notebook_of(
        "%matplotlib inline\nimport time\nimport timeit\n\nimport numpy as np",
        # a helper that returns both the time and the result: only the time is a time
        "def timed(compute):\n    start = time.perf_counter()\n    result = compute()\n"
        "    return time.perf_counter() - start, result",
        "calls = 0\n\ndef counted(x):\n    global calls\n    calls += 1\n    return x * x",
        "seconds, squares = timed(lambda: [counted(x) for x in range(10)])\n"
        "print(f'{1000 * seconds:.2f} ms')\n"
        "assert calls == 10 and squares[3] == 9",
        "%timeit counted(3)\nbest = min(timeit.repeat(lambda: counted(2), number=1, repeat=3))\n"
        "print(best)\nassert calls >= 10",
    )) == []
