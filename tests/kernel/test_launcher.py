"""The README's run command, `.venv/bin/python start.py`, as on a fresh machine with no display
and (in CI, and wherever this runs as root) as root: it starts, prints the start page's address,
serves the repository as the root, and stops."""

import contextlib
import os
import pathlib
import re
import signal
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
START_PAGE = "notebooks/00_start_here.ipynb"
URL = re.compile(r"(http://127\.0\.0\.1:\d+)/lab/tree/" + re.escape(START_PAGE) +
                 r"\?token=(\w+)")


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8", "replace")


def test_start_py_runs_headless_and_as_root_and_opens_the_start_page(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env |= {"JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
            "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
            "JUPYTER_DATA_DIR": str(tmp_path / "data"),
            "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces")}
    log_path = tmp_path / "start.log"
    with open(log_path, "w") as log:
        # from another folder, as the README's command is often run: the repository is the root
        server = subprocess.Popen([sys.executable, str(ROOT / "start.py"), "--ip=127.0.0.1"],
                                  cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        deadline, match = time.monotonic() + 90, None
        while match is None and time.monotonic() < deadline:
            assert server.poll() is None, f"start.py exited:\n{log_path.read_text()[-3000:]}"
            match = URL.search(log_path.read_text())
            time.sleep(0.3)
        output = log_path.read_text()
        assert match, f"no start page address printed within 90 s:\n{output[-3000:]}"
        assert "Running as root is not recommended" not in output
        assert "No display here, so no browser opens" in output
        base, token = match.groups()
        status, page = _get(match.group(0))  # the address a learner pastes into a browser
        assert status == 200 and "JupyterLab" in page
        # the repository is the root: the start page, README.md and calclib/ are all in reach
        for path in [START_PAGE, "README.md", "calclib/engine.py"]:
            status, _ = _get(f"{base}/api/contents/{path}?content=0&token={token}")
            assert status == 200, path
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert "received signal 15, stopping" in log_path.read_text()

