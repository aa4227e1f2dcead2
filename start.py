"""Open the course: JupyterLab with this repository as its root and the start page open.

    .venv/bin/python start.py          (on Windows: .venv\\Scripts\\python start.py)

It picks the JupyterLab options a learner would otherwise have to know:
- the repository is the server's root, as on Binder, so `calclib/` and `README.md` are in the
  file browser, and the start page (notebooks/00_start_here.ipynb) opens first;
- run as root (a container, a lab machine, a fresh cloud machine) it adds --allow-root, which
  JupyterLab otherwise demands before it starts;
- with no display (a server, ssh, a container) it opens no browser and prints the start page's
  address, token included, to paste into a browser (JupyterLab prints it too).
A port already in use is no problem: JupyterLab tries the next ones. Any other options are
passed on, e.g. `start.py --port=9000`. Stop it with Ctrl+C (twice, or once and answer y).
Standard library only.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
START_PAGE = "notebooks/00_start_here.ipynb"  # Binder's link opens the same (README.md)


def has_display() -> bool:
    """Whether a browser window can open here: always on Windows and macOS, elsewhere only with
    an X or Wayland display."""
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def command(extra=()) -> list:
    """The JupyterLab command line for this machine."""
    args = [sys.executable, "-m", "jupyterlab",
            f"--ServerApp.root_dir={ROOT}",
            f"--LabApp.default_url=/lab/tree/{START_PAGE}"]
    if is_root():
        args.append("--allow-root")
    if not has_display():
        args.append("--no-browser")
    return args + list(extra)


def main() -> None:
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        sys.exit(f"JupyterLab is not installed for {sys.executable}.\n"
                 "Install the course first (README.md, 'Run the course'):\n"
                 "    python3 -m venv .venv && .venv/bin/pip install -r requirements.txt\n"
                 "then start it with: .venv/bin/python start.py")
    args = command(sys.argv[1:])
    if "--no-browser" in args:
        print("No display here, so no browser opens. When JupyterLab is up, open the address it "
              f"prints, ending in /lab/tree/{START_PAGE}?token=..., in a browser\n"
              "(from another machine: forward the port first, e.g. ssh -L 8888:localhost:8888).",
              flush=True)
    os.chdir(ROOT)
    if sys.platform.startswith("win"):  # no exec on Windows: wait for it instead
        import subprocess

        try:
            sys.exit(subprocess.call(args))
        except KeyboardInterrupt:
            sys.exit(130)
    os.execv(sys.executable, args)  # JupyterLab takes this process over: Ctrl+C reaches it


if __name__ == "__main__":
    main()
