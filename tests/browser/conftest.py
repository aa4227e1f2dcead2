"""A real JupyterLab in headless Chromium, for tests of what a learner sees.

The server runs from this environment on 127.0.0.1 (a free port, no token) with its own
temporary config, settings and workspace folders; Chromium is the system one
(/usr/bin/chromium, or $CALCLIB_CHROMIUM), driven by Playwright; nothing is downloaded.
Without Chromium the tests are skipped with a message, unless CALCLIB_REQUIRE_BROWSER=1
(set by .ci/run), which makes that a failure. The start-up itself (jupyterlab(), chromium())
is plain context managers, shared with tests/benchmarks/bench_browser.py.
"""

import contextlib
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-dev-shm-usage"]
LAB_SETTINGS = {  # news and update checks off; every cell kept in the page, none virtualised
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}
REPORT = {"folder": None, "notebooks": {}}


def chromium_path():
    """The system Chromium, or None."""
    candidates = [os.environ.get("CALCLIB_CHROMIUM"), "/usr/bin/chromium",
                  shutil.which("chromium"), shutil.which("chromium-browser")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def _require_browser():
    try:
        import playwright  # noqa: F401
    except ImportError:
        _skip_or_fail("Python Playwright is not installed: pip install -r requirements-dev.txt")
    if chromium_path() is None:
        _skip_or_fail("no Chromium found at /usr/bin/chromium: install it with "
                      "`sudo apt-get install chromium` (Debian/Ubuntu) to run the browser tests")


def _skip_or_fail(message):
    if os.environ.get("CALCLIB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests required (CALCLIB_REQUIRE_BROWSER=1), but {message}")
    pytest.skip(f"browser tests skipped: {message}")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def lab_url(tmp_path_factory):
    """A JupyterLab server serving this repository; stopped, kernels and all, at the end."""
    _require_browser()
    with jupyterlab(ROOT, tmp_path_factory.mktemp("lab")) as url:
        yield url


@contextlib.contextmanager
def jupyterlab(root_dir, home):
    """A JupyterLab server serving root_dir, with its config, settings, workspaces and log in
    the folder home; yields its URL, and stops it, kernels and all, on leaving.
    Shared with tests/benchmarks/bench_browser.py."""
    home = pathlib.Path(home)
    for name, values in LAB_SETTINGS.items():
        path = home / "settings" / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = os.environ | {"JUPYTER_CONFIG_DIR": str(home / "config"),
                        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
                        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
                        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    port = _free_port()
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", "--IdentityProvider.token=", "--ServerApp.password=",
               "--allow-root", "--LabApp.expose_app_in_browser=True",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               f"--ServerApp.root_dir={root_dir}"]
    with open(home / "jupyterlab.log", "w") as log:
        server = subprocess.Popen(command, cwd=root_dir, env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_for_server(url, server, home / "jupyterlab.log")
            yield url
        finally:
            _stop(server)


def _wait_for_server(url, server, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n"
                       f"{log_path.read_text()[-3000:]}")


def _stop(server):
    """Stop the server (it shuts its kernels down), then kill whatever is left of its group."""
    with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


@pytest.fixture(scope="session")
def browser():
    """Headless system Chromium, closed at the end."""
    _require_browser()
    with chromium() as browser:
        yield browser


@contextlib.contextmanager
def chromium():
    """Headless system Chromium driven by Playwright; closed on leaving.
    Shared with tests/benchmarks/bench_browser.py."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def shots():
    """The folder for screenshots and timings, printed at the end of the run."""
    folder = pathlib.Path(os.environ.get("CALCLIB_BROWSER_OUT") or
                          tempfile.mkdtemp(prefix="calclib-browser-"))
    folder.mkdir(parents=True, exist_ok=True)
    REPORT["folder"] = folder
    yield folder
    (folder / "timings.json").write_text(json.dumps(REPORT["notebooks"], indent=2))


@pytest.fixture(scope="session")
def timings():
    """Per notebook: run-all time and slider-to-figure latencies, reported at the end."""
    return REPORT["notebooks"]


def _summary() -> list:
    """Where the screenshots went, and each notebook's timings, as lines to print."""
    if REPORT["folder"] is None:
        return []
    lines = [f"browser tests: screenshots and timings in {REPORT['folder']}"]
    for name, timing in REPORT["notebooks"].items():
        latencies = ", ".join(f"{w} {ms:.0f} ms" for w, ms in timing["latency_ms"].items())
        lines.append(f"  {name}: run all {timing['run_all_s']:.1f} s; slider to new figure "
                     f"(median): {latencies or 'no widgets'}")
    return lines


def pytest_sessionfinish(session):
    """In a pytest-xdist worker: hand the summary to the controller (tests/conftest.py)."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["summary"] = _summary()


def pytest_terminal_summary(terminalreporter):
    for line in _summary():  # without pytest-xdist
        terminalreporter.write_line(line)
