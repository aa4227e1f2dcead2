"""The repository: notebooks stripped and openable, Binder in step, README true, lint clean."""

import importlib
import json
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
README = (ROOT / "README.md").read_text()


def requirement_lines(path):
    """The requirement lines of a requirements file, without comments or blank lines."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:2] == ["00_start_here.ipynb", "01_derivative.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    """Strip with: nbstripout notebooks/*.ipynb"""
    notebook = json.loads(path.read_text())
    dirty = [i for i, cell in enumerate(notebook["cells"])
             if cell.get("outputs") or cell.get("execution_count")]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; run nbstripout {path.name}"
    assert "widgets" not in notebook["metadata"], f"{path.name} carries saved widget state"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_opens_without_asking_for_a_kernel(path):
    kernelspec = json.loads(path.read_text())["metadata"].get("kernelspec", {})
    assert kernelspec.get("name") == "python3", f"{path.name} needs the python3 kernelspec"


def test_binder_installs_what_requirements_txt_does():
    assert requirement_lines(ROOT / "binder" / "requirements.txt") == \
        requirement_lines(ROOT / "requirements.txt")
    assert "-e ." in requirement_lines(ROOT / "binder" / "requirements.txt")


def test_binder_python_is_pinned_and_allowed_by_the_package():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-3\.(\d+)", runtime)
    assert match, f"binder/runtime.txt should read like python-3.11, got {runtime!r}"
    minimum = re.search(r'requires-python = ">=3\.(\d+)"', (ROOT / "pyproject.toml").read_text())
    assert int(match.group(1)) >= int(minimum.group(1))


def test_requirements_name_the_course_stack_with_ranges():
    lines = requirement_lines(ROOT / "requirements.txt")
    for package in ["jupyterlab>=4", "ipywidgets>=8", "numpy>=", "sympy>=", "matplotlib>="]:
        assert any(line.startswith(package) and "<" in line for line in lines), package
    assert "-e ." in lines
    assert "-r requirements.txt" in requirement_lines(ROOT / "requirements-dev.txt")


def test_readme_gives_the_two_commands_and_links_every_notebook():
    assert "<!-- run-command -->" in README and "<!-- test-command -->" in README
    assert ".venv/bin/python start.py" in README
    assert "pip install -r requirements-dev.txt" in README
    assert "urlpath=lab/tree/notebooks/00_start_here.ipynb" in README
    start_here = (ROOT / "notebooks" / "00_start_here.ipynb").read_text()
    for path in NOTEBOOKS:
        assert f"(notebooks/{path.name})" in README, f"README's chapter map misses {path.name}"
        if path.name != "00_start_here.ipynb":
            assert f"]({path.name})" in start_here, f"00_start_here does not link {path.name}"


def test_ci_runs_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "<!-- test-command -->" in ci and "mktemp -d" in ci
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111, ".ci/run must be executable"


@pytest.mark.parametrize("module", ["numdiff", "symbolic", "functions", "datasets", "dual",
                                    "engine", "plots", "widgets", "exercises"])
def test_every_module_names_the_notebook_that_teaches_it(module):
    doc = importlib.import_module(f"calclib.{module}").__doc__
    assert re.search(r"notebooks/\d\d_\w+\.ipynb", doc)


def test_import_calclib_loads_nothing_heavy():
    code = ("import sys, calclib; "
            "print(sorted(m for m in ('sympy', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ruff_is_clean_on_code_tests_and_notebooks():
    ruff = shutil.which("ruff", path=pathlib.Path(sys.executable).parent) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed: pip install -r requirements-dev.txt")
    result = subprocess.run([ruff, "check", "calclib", "tests", "notebooks", "scripts",
                             "start.py"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def fenced_command(marker):
    """The first fenced block after the line marker in README.md."""
    after = README.split(marker, 1)[1]
    return after.split("```", 2)[1].split("\n", 1)[1].strip()


def test_run_command_uses_the_launcher_and_binder_opens_the_same_start_page():
    """Locally (start.py) and on Binder: the repository as the root, the start page open."""
    run = fenced_command("<!-- run-command -->")
    assert run.endswith(".venv/bin/python start.py") and "-r requirements.txt" in run
    launcher = (ROOT / "start.py").read_text()
    start_page = re.search(r'START_PAGE = "([^"]+)"', launcher).group(1)
    assert (ROOT / start_page).is_file()
    binder = re.findall(r"mybinder\.org/v2/gh/[^)\s]*", README)
    assert binder and all(link.endswith(f"?urlpath=lab/tree/{start_page}") for link in binder)
    imports = re.findall(r"^\s*(?:import|from) (\w+)", launcher, re.MULTILINE)
    assert set(imports) <= set(sys.stdlib_module_names) | {"jupyterlab"}, imports


def test_readme_gives_the_static_edition_command_and_the_times():
    command = fenced_command("<!-- static-command -->")
    assert "scripts/build_html.py" in command
    assert (ROOT / "scripts" / "build_html.py").is_file()
    assert "## Troubleshooting" in README
    for symptom in ["model not found", "kernel that does not start", "port already in use"]:
        assert symptom in README.split("## Troubleshooting", 1)[1], symptom
    assert re.search(r"install takes about \d+ minutes", README)
    minutes = README.split("| notebook | minutes |", 1)[1]
    for path in NOTEBOOKS:
        assert f"| {path.name[:2]} " in minutes, f"no time given for {path.name}"


def test_readme_layout_names_every_calclib_module():
    layout = README.split("## Layout", 1)[1]
    modules = [p.stem for p in (ROOT / "calclib").glob("*.py") if p.stem != "__init__"]
    missing = [m for m in modules if not re.search(rf"\b{m}\b", layout)]
    assert not missing, f"README's layout does not name {missing}"


def test_license_and_citation_agree_with_pyproject():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'license = { text = "MIT" }' in pyproject
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    citation = (ROOT / "CITATION.cff").read_text()
    version = re.search(r'^version = "([^"]+)"', pyproject, re.MULTILINE).group(1)
    for line in ["cff-version: 1.2.0", "license: MIT", f"version: {version}", "authors:",
                 "title:", "message:"]:
        assert re.search(rf"^{re.escape(line)}", citation, re.MULTILINE), line
