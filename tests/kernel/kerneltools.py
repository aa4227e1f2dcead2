"""Real Jupyter kernels, driven the way JupyterLab and nbclient drive them: the plumbing of the
kernel tier (tests/kernel/).

- `Kernel`: a kernel started with jupyter_client. `execute` runs a cell (an execute_request);
  `change` changes a widget as the browser does (a comm_msg on the shell channel, no cell); each
  waits until the kernel reports idle for its message. Like a front end, it mirrors every
  widget's state from the comm messages the kernel publishes.
- `run_notebook`: a notebook top to bottom with nbclient, as `jupyter nbconvert --execute` runs
  it (widget state stored, a per-cell timeout), each cell timed; the kernel can be kept for more.

Time appears only as bounds that turn a hang into a failure, never in what a test asserts.
"""

import ast
import contextlib
import dataclasses
import pathlib
import queue
import re
import time

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

TESTS = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = TESTS.parent / "notebooks"
NOTEBOOK_NAMES = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
HANG = 120  # s: a kernel that owes a message and sends nothing for this long has hung
# nbclient's per-cell timeout. Every cell takes seconds; a cell that lasts this long was not
# slow but stuck: nbclient, after a lost wake-up on its shell socket, waits exactly its timeout
# and then carries on as if nothing happened (test_headless.py), so the tests check for it.
CELL_TIMEOUT = 60
EXPLORER_CELL = re.compile(r"\bwidgets\.\w+_explorer\(")


def build_explorer_source() -> str:
    """tests/conftest.py's build_explorer, as source to run in a kernel (not that file, which
    switches matplotlib to Agg for the test run: not what a learner's kernel does)."""
    source = (TESTS / "conftest.py").read_text()
    node = next(n for n in ast.parse(source).body
                if isinstance(n, ast.FunctionDef) and n.name == "build_explorer")
    return ast.get_source_segment(source, node)


def explorer_names() -> list:
    """The explorers in calclib.widgets: its public functions named *_explorer."""
    from calclib import widgets

    return sorted(n for n in dir(widgets) if n.endswith("_explorer") and not n.startswith("_"))


def saved_pictures(client: NotebookClient) -> int:
    """Widgets in nbclient's stored widget state that carry a PNG (an Output showing one, or an
    Image): what a notebook executed headless shows of its explorers."""
    count = 0
    for comm_id, state in client.widget_state.items():
        if state.get("_model_name") == "OutputModel":
            count += any("image/png" in output.get("data", {})
                         for output in state.get("outputs", ()))
        elif state.get("_model_name") == "ImageModel":
            count += bool(client.widget_buffers.get(comm_id) or state.get("value"))
    return count


@dataclasses.dataclass
class Reply:
    """What the kernel published for one message, until it went idle."""
    stdout: str = ""
    stderr: str = ""
    errors: list = dataclasses.field(default_factory=list)  # "ename: evalue" of each traceback
    pictures: int = 0  # PNGs shown: display_data, or an Output's outputs set from the kernel


class Kernel:
    """A python3 kernel started by jupyter_client with its working directory in notebooks/."""

    def __init__(self, cwd=NOTEBOOKS):
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(cwd=str(cwd))
        self.kc = self.km.blocking_client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=HANG)
        self.widgets = {}  # comm_id -> state, mirrored as a front end mirrors it

    def rss_mb(self) -> float:
        """The kernel process's resident memory, read from outside (no cell runs)."""
        status = pathlib.Path(f"/proc/{self.km.provisioner.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024

    def execute(self, code: str) -> Reply:
        """Run code as a cell; fail the test if it raises."""
        msg_id = self.kc.execute(code)
        reply = self._until_idle(msg_id, f"the cell {code[:60]!r}")
        while True:
            shell = self.kc.get_shell_msg(timeout=HANG)
            if shell["parent_header"].get("msg_id") == msg_id:
                break
        if reply.errors:
            raise AssertionError(f"the cell {code[:60]!r} raised {reply.errors}")
        return reply

    def change(self, model_id: str, state: dict) -> Reply:
        """Change a widget as JupyterLab does when a learner moves it: ipywidgets 8's
        {"method": "update", "state": ..., "buffer_paths": []} on the widget's comm."""
        content = {"comm_id": model_id,
                   "data": {"method": "update", "state": state, "buffer_paths": []}}
        msg = self.kc.session.msg("comm_msg", content)
        self.kc.shell_channel.send(msg)
        return self._until_idle(msg["header"]["msg_id"], f"the change {state} of {model_id}")

    def _until_idle(self, msg_id: str, what: str) -> Reply:
        reply = Reply()
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=HANG)
            except queue.Empty:
                raise AssertionError(f"the kernel went silent for {HANG} s, busy with {what}"
                                     ) from None
            kind, content = msg["msg_type"], msg["content"]
            self._mirror(kind, content)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if kind == "status" and content["execution_state"] == "idle":
                return reply
            if kind == "stream":
                setattr(reply, content["name"], getattr(reply, content["name"]) + content["text"])
            elif kind == "error":
                reply.errors.append(f"{content['ename']}: {content['evalue']}")
            elif kind in ("display_data", "execute_result") and "image/png" in content["data"]:
                reply.pictures += 1
            elif kind == "comm_msg" and "image/png" in str(content["data"].get("state", {})
                                                              .get("outputs", "")):
                reply.pictures += 1

    def _mirror(self, kind, content):
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.widgets[content["comm_id"]] = dict(content["data"]["state"])
        elif kind == "comm_msg" and content["data"].get("method") in ("update", "echo_update"):
            self.widgets.setdefault(content["comm_id"], {}).update(content["data"]["state"])

    def shutdown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


@dataclasses.dataclass
class Run:
    """One execution of a notebook by nbclient."""
    name: str
    nb: nbformat.NotebookNode
    client: NotebookClient
    seconds: dict  # cell index -> seconds it took
    error: str | None  # the first failure, as nbclient reports it; None: every cell ran
    close: object = None  # shuts the kept kernel down

    @property
    def hung(self) -> list:
        """Cells that lasted the whole per-cell timeout: stuck, whether or not nbclient noticed."""
        return [index for index, s in self.seconds.items() if s >= CELL_TIMEOUT - 1]

    @property
    def explorer_cells(self) -> list:
        return [i for i, cell in enumerate(self.nb.cells)
                if cell.cell_type == "code" and EXPLORER_CELL.search(cell.source)]

    def pictures(self) -> int:
        return saved_pictures(self.client)

    def execute_cell(self, index: int) -> str | None:
        """Run cell `index` again in the kept kernel; its failure as one line, or None."""
        try:
            self.client.execute_cell(self.nb.cells[index], index)
        except CellExecutionError as err:
            return f"{err.ename}: {err.evalue}"
        return None


def run_notebook(name: str, keep: bool = False) -> Run:
    """Execute notebooks/<name> top to bottom with nbclient: store_widget_state, CELL_TIMEOUT per
    cell, the working directory notebooks/. It stops at the first failing cell, as nbconvert
    does. keep: leave the kernel running (call run.close() when done)."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            store_widget_state=True,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    seconds, error, index = {}, None, None
    stack = contextlib.ExitStack()
    stack.enter_context(client.setup_kernel())
    try:
        client.wait_for_reply(client.kc.kernel_info())
        for index, cell in enumerate(nb.cells):
            start = time.monotonic()
            try:
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            finally:
                if cell.cell_type == "code":
                    seconds[index] = time.monotonic() - start
        client.set_widgets_metadata()
    except CellExecutionError as err:
        error = f"cell {index}: {err.ename}: {err.evalue}"
    except (CellTimeoutError, DeadKernelError) as err:
        error = f"cell {index}: {type(err).__name__}: {str(err).splitlines()[0]}"
    except BaseException:
        stack.close()
        raise
    run = Run(name, nb, client, seconds, error, close=stack.close)
    if not keep:
        run.close()
    return run
