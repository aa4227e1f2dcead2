"""Widget messages on a kernel subshell: one explorer redraw at a time, whichever thread.

JupyterLab 4.4 and later send widget comm messages to a kernel subshell (the setting
commsOverSubshells, "perCommTarget" by default), and ipykernel 7 runs each subshell in a thread
of its own, beside the main thread that runs cells. ipykernel also routes a comm's messages to
the shell that last published on that comm, whatever the message says: the first move of a
control made in a cell is handled in the main thread, the next ones in the subshell's thread.
So one explorer's moves run in two threads, at the same time when they queue up as a drag or a
dropdown change makes them. matplotlib is not thread-safe: two redraws at once gave FreeType one
font from two threads ("FT_Load_Glyph ... invalid outline") and corrupted the heap, and the
kernel aborted (three times in the browser benchmark; the second test's queued moves crashed
it, or drew in both threads at once, in seconds).

Both tests send the messages as JupyterLab does: a comm "update" whose header names the
subshell, which the test creates with a create_subshell_request on the control channel.
- one redraw is held inside the figure function in the subshell's thread while a cell moves
  another control in the main thread: the two figure calls must not overlap (the record of
  their starts and ends is asserted, not any duration);
- moves queued without waiting, as a drag sends them: the kernel must stay alive and every
  move end in a picture, not an error.
"""

import json
import queue
import random

import pytest
from kerneltools import HANG, Kernel, Reply, build_explorer_source

SETUP = """
import json, threading
from IPython.display import display
from calclib import widgets

{build_explorer}

explorer = build_explorer("race_explorer")
display(explorer)
CALLS = []  # ("start" | "end", thread): each call of the figure function, in order
HOLD, HELD = threading.Event(), threading.Event()  # HOLD set: the next subshell call is held
_figure = explorer.draw

def _recorded(**values):
    thread = "main" if threading.current_thread() is threading.main_thread() else "subshell"
    CALLS.append(("start", thread))
    try:
        if thread == "subshell" and HOLD.is_set():
            HOLD.clear()
            HELD.set()
            # Held until a call starts in the main thread, which it does at once if nothing
            # stops it; one drawing at a time stops it until this call ends, which it does
            # after 5 s. (Only the order of the calls is asserted.)
            for _ in range(50):
                if _main_started():
                    break
                threading.Event().wait(0.1)
        return _figure(**values)
    finally:
        CALLS.append(("end", thread))

def _main_started():
    return any(call == ("start", "main") for call in CALLS[CALLS.index(("start", "subshell")):])

explorer.draw = _recorded
print("IDS", json.dumps({{key: c.model_id for key, c in explorer.controls.items()}}))
"""


class SubshellKernel(Kernel):
    """A Kernel with one subshell, to which widget messages go, as JupyterLab sends them."""

    def __init__(self):
        super().__init__()
        info = self.kc.kernel_info(reply=True, timeout=HANG)["content"]
        if "kernel subshells" not in info.get("supported_features", []):
            self.shutdown()
            pytest.skip("this ipykernel has no subshells (ipykernel 7 and later have)")
        request = self.kc.session.msg("create_subshell_request", {})
        self.kc.control_channel.send(request)
        while True:
            reply = self.kc.get_control_msg(timeout=HANG)
            if reply["parent_header"].get("msg_id") == request["header"]["msg_id"]:
                break
        self.subshell = reply["content"]["subshell_id"]

    def send(self, model_id: str, state: dict) -> str:
        """A widget change, to the subshell, not waited for; returns its message id."""
        msg = self.kc.session.msg("comm_msg", {
            "comm_id": model_id,
            "data": {"method": "update", "state": state, "buffer_paths": []}})
        msg["header"]["subshell_id"] = self.subshell
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def run(self, code: str) -> str:
        """A cell on the main shell, not waited for (Kernel.execute would read past, and drop,
        the other messages' replies); returns its message id."""
        return self.kc.execute(code)

    def until_all_idle(self, msg_ids) -> dict:
        """Read IOPub until the kernel has gone idle for every one of msg_ids (subshells answer
        out of order). Returns {msg_id: Reply}: what each printed, and the errors it raised."""
        waiting, replies, silent = set(msg_ids), {m: Reply() for m in msg_ids}, 0
        while waiting:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except queue.Empty:
                if not self.km.is_alive():
                    code = self.km.provisioner.process.poll()
                    raise AssertionError(f"the kernel died (exit code {code}) with "
                                         f"{len(waiting)} of {len(replies)} unanswered"
                                         ) from None
                silent += 1
                if silent >= HANG:
                    raise AssertionError(f"the kernel went silent for {HANG} s with "
                                         f"{len(waiting)} messages unanswered") from None
                continue
            silent = 0
            kind, content = msg["msg_type"], msg["content"]
            self._mirror(kind, content)
            parent = msg["parent_header"].get("msg_id")
            if parent not in replies:
                continue
            if kind == "status" and content["execution_state"] == "idle":
                waiting.discard(parent)
            elif kind == "error":
                replies[parent].errors.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "stream" and content["name"] == "stdout":
                replies[parent].stdout += content["text"]
        return replies


@pytest.fixture
def kernel():
    kernel = SubshellKernel()
    yield kernel
    kernel.shutdown()


def _setup(kernel) -> dict:
    setup = kernel.execute(SETUP.format(build_explorer=build_explorer_source()))
    return json.loads(next(line for line in setup.stdout.splitlines()
                           if line.startswith("IDS "))[4:])


def _calls(kernel) -> list:
    out = kernel.execute("print('CALLS', json.dumps(CALLS))").stdout
    return [tuple(call) for call in json.loads(out.split("CALLS ", 1)[1])]


def _overlaps(calls) -> list:
    """Pairs of figure calls in different threads that ran at the same time."""
    running, overlaps = set(), []
    for event, thread in calls:
        if event == "start":
            overlaps += [(other, thread) for other in running if other != thread]
            running.add(thread)
        else:
            running.discard(thread)
    return overlaps


@pytest.mark.timeout(300)
def test_a_cell_waits_for_a_redraw_running_on_the_subshell(kernel):
    ids = _setup(kernel)
    # The first move of a control made in a cell is handled in the main thread; the kernel
    # then routes that control's messages to the subshell named in their header.
    first = kernel.send(ids["x0"], {"value": 0.5})
    assert kernel.until_all_idle([first])[first].errors == []
    kernel.execute("CALLS.clear(); HOLD.set()")
    held = kernel.send(ids["x0"], {"value": 0.0})  # its figure call is held in the subshell
    cell = kernel.run("""
print("held in the subshell:", HELD.wait(20))  # False: the move went to the main thread
explorer.controls["y0"].value = 2.0  # a redraw in the main thread, as a cell makes one
print(explorer.message.value or "no message")
""")
    replies = kernel.until_all_idle([held, cell])
    assert replies[held].errors == [] and replies[cell].errors == [], replies
    held_there, message = replies[cell].stdout.strip().splitlines()[-2:]
    calls = _calls(kernel)
    print(f"\nfigure calls, in order: {calls}; {held_there}; the main thread's redraw said: "
          f"{message}")
    if ("start", "subshell") not in calls:
        pytest.skip("the kernel handled the move in the main thread, not the subshell's: "
                    "no two redraws can overlap here")
    assert _overlaps(calls) == [], (
        f"an explorer drew in two threads at once (main shell and subshell): {calls}")
    assert message == "no message", message


@pytest.mark.timeout(300)
def test_moves_queued_on_the_subshell_leave_the_kernel_alive(kernel):
    """150 moves of the race explorer's controls, its dropdown included, queued without waiting
    (before one explorer drew in one thread at a time, the kernel aborted within 50)."""
    ids = _setup(kernel)
    rng = random.Random(0)
    keys = list(ids)
    sent = []
    for _ in range(150):
        key = rng.choice(keys)
        state = kernel.widgets[ids[key]]
        if state["_model_name"] == "DropdownModel":
            change = {"index": rng.randrange(len(state["_options_labels"]))}
        else:
            low, high, step = state["min"], state["max"], state["step"]
            value = low + round(rng.random() * (high - low) / step) * step
            value = min(max(value, low), high)
            if state["_model_name"] == "FloatLogSliderModel":
                value = state["base"] ** value
            elif state["_model_name"] == "IntSliderModel":
                value = round(value)
            change = {"value": value}
        sent.append(kernel.send(ids[key], change))
    replies = kernel.until_all_idle(sent)
    assert kernel.km.is_alive(), "the kernel died"
    raised = {m: r.errors for m, r in replies.items() if r.errors}
    assert not raised, f"moves that raised: {raised}"
    calls = _calls(kernel)
    threads = {thread for _, thread in calls}
    message = kernel.execute("print(repr(explorer.message.value))").stdout.strip()
    print(f"\n{len(sent)} moves queued; figure calls: {len(calls) // 2}, in threads {threads}; "
          f"overlapping: {len(_overlaps(calls))}; the explorer's message: {message}")
    assert _overlaps(calls) == [], "an explorer drew in two threads at once"
    assert message == "''", f"the explorer shows a failure: {message}"
