"""Build the static HTML edition of the course, to read with no Python and no network.

    .venv/bin/python scripts/build_html.py [OUT]        (OUT: build/html by default)

Every chapter in notebooks/ is executed top to bottom by nbconvert (one kernel per chapter, the
working directory notebooks/, as in JupyterLab) and written as OUT/<chapter>.html with the lab
template; OUT/index.html lists the chapters. Each explorer (an ipywidgets box of sliders above a
picture) is shown as the picture it drew at its default setting, with a line saying that it moves
when the notebook runs: the picture is the PNG in its Output widget, taken from the widget state
nbclient saves, so no widget JavaScript is needed. The pages work offline: MathJax is copied from
the jupyter-server-mathjax package into OUT/mathjax/, and the template's CDN scripts (require.js,
mermaid) are left out. Exits non-zero, naming the chapter and cell, if any chapter fails.
"""

import html
import json
import re
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
CELL_TIMEOUT = 600  # seconds; a chapter's cells take seconds
MATHJAX = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full"
EXPLORER_NOTE = ("▶ A still picture of this explorer at its default setting. Run the notebook "
                 "(in JupyterLab, or on Binder) and its controls move it.")
WIDGET_NOTE = ("▶ An interactive control: it works when the notebook runs (in JupyterLab, or on "
               "Binder).")
# The lab template without what it would fetch from a CDN: require.js (only widget and legacy
# JavaScript outputs use it; there are none left) and mermaid (no diagrams here); and MathJax
# told to use the STIX-Web fonts, the ones jupyter-server-mathjax ships (its default, TeX, is not).
OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script type="text/x-mathjax-config">
MathJax.Hub.Config({"HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web",
                                 imageFont: null}, menuSettings: {zoom: "None"}});
</script>
{{ super() }}
{%- endblock html_head_js_mathjax -%}
"""


def widget_pictures(model_id: str, state: dict) -> list:
    """The PNGs (base64) a widget shows: those in the Output widgets it holds, in order."""
    found, seen = [], set()

    def walk(value):
        if isinstance(value, str) and value.startswith("IPY_MODEL_"):
            visit(value.removeprefix("IPY_MODEL_"))
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    def visit(mid):
        if mid in seen or mid not in state:
            return
        seen.add(mid)
        model = state[mid]
        if model.get("model_name") == "OutputModel":
            for output in model["state"].get("outputs", ()):
                if "image/png" in output.get("data", {}):
                    found.append(output["data"]["image/png"])
        for value in model["state"].values():
            walk(value)

    visit(model_id)
    return found


def _note(text: str) -> dict:
    import nbformat

    return nbformat.v4.new_output(
        "display_data", data={"text/html": f"<p class='calclib-note'><em>{html.escape(text)}"
                                           "</em></p>", "text/plain": text})


def widgets_to_pictures(nb) -> tuple:
    """Replace each widget view by its pictures and a note; drop the saved widget state (the
    template would load widget JavaScript from a CDN for it). Returns (explorers, controls)."""
    import nbformat

    state = nb.metadata.pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    explorers = controls = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                outputs.append(output)
                continue
            pictures = widget_pictures(view["model_id"], state)
            outputs += [nbformat.v4.new_output("display_data", data={"image/png": png,
                                                                     "text/plain": "a figure"})
                        for png in pictures]
            outputs.append(_note(EXPLORER_NOTE if pictures else WIDGET_NOTE))
            explorers += bool(pictures)
            controls += not pictures
        cell.outputs = outputs
    return explorers, controls


def link_chapters_to_pages(nb) -> None:
    """Links between chapters (NN_name.ipynb) point to their pages (NN_name.html)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = re.sub(r"\]\((\d\d_\w+)\.ipynb(#[^)]*)?\)", r"](\1.html\2)",
                                 cell.source)


def title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


def build_chapter(path: Path, out: Path) -> dict:
    """Execute one chapter and write its page; returns what the page holds."""
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import ExecutePreprocessor

    start = time.monotonic()
    nb = nbformat.read(path, as_version=4)
    ExecutePreprocessor(timeout=CELL_TIMEOUT, kernel_name="python3", store_widget_state=True,
                        ).preprocess(nb, {"metadata": {"path": str(NOTEBOOKS)}})
    explorers, controls = widgets_to_pictures(nb)
    link_chapters_to_pages(nb)
    figures = sum("image/png" in output.get("data", {})
                  for cell in nb.cells for output in cell.get("outputs", []))
    name = title(nb, path.stem)
    nb.metadata["title"] = name
    exporter = HTMLExporter(template_name="lab", mathjax_url=MATHJAX, embed_images=True,
                            extra_loaders=[jinja2.DictLoader({"offline.html.j2":
                                                              OFFLINE_TEMPLATE})],
                            template_file="offline.html.j2")
    body, _ = exporter.from_notebook_node(nb)
    (out / f"{path.stem}.html").write_text(body, encoding="utf-8")
    return {"page": f"{path.stem}.html", "notebook": path.name, "title": name,
            "figures": figures, "explorers": explorers, "controls": controls,
            "seconds": round(time.monotonic() - start, 1)}


def write_index(out: Path, chapters: list) -> None:
    items = "\n".join(f"<li><a href='{c['page']}'>{html.escape(c['title'])}</a> "
                      f"<small>({_count(c['figures'], 'figure')}, "
                      f"{_count(c['explorers'], 'explorer')})</small></li>"
                      for c in chapters)
    (out / "index.html").write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>calclib: the course, static edition</title>
<style>body {{font-family: sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.5}}
li {{margin: .4em 0}}</style></head>
<body><h1>calclib: the calculus that makes deep learning work</h1>
<p>The static edition of the course: every chapter run top to bottom, with its output and
figures. Each explorer is shown as a still picture at its default setting; to move its sliders,
run the notebooks (README.md: <em>Run the course</em>, or the Binder link).</p>
<ol start="0">
{items}
</ol></body></html>
""", encoding="utf-8")


def copy_mathjax(out: Path) -> None:
    try:
        import jupyter_server_mathjax
    except ImportError:
        sys.exit("MathJax for offline pages comes from jupyter-server-mathjax: "
                 ".venv/bin/pip install -r requirements-dev.txt")
    source = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(source, out / "mathjax", dirs_exist_ok=True)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def main(argv: list) -> int:
    if argv and argv[0].startswith("-"):  # -h, --help: not a folder to write into
        print(__doc__.strip().splitlines()[2].strip())
        return 0 if argv[0] in ("-h", "--help") else 2
    out = Path(argv[0]).resolve() if argv else ROOT / "build" / "html"
    out.mkdir(parents=True, exist_ok=True)
    copy_mathjax(out)
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    chapters, failures = [], []
    with ProcessPoolExecutor(max_workers=2) as pool:  # a kernel each; 2 cores here
        futures = {path: pool.submit(build_chapter, path, out) for path in paths}
        for path, future in futures.items():
            try:
                chapter = future.result()
            except Exception as err:  # CellExecutionError names the cell and its traceback
                failures.append(f"{path.name}: {type(err).__name__}: {err}")
                print(f"FAILED {path.name}", flush=True)
                continue
            chapters.append(chapter)
            print(f"{chapter['page']}: {chapter['figures']} figures "
                  f"({chapter['explorers']} explorers), {chapter['seconds']} s", flush=True)
    write_index(out, chapters)
    (out / "manifest.json").write_text(json.dumps(chapters, indent=1))
    if failures:
        print("\n\n".join(failures), file=sys.stderr)
        return 1
    print(f"static edition: {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
