"""The static HTML edition (scripts/build_html.py, the README's command), read in headless
Chromium with no network: every chapter is there with its title, its figures load, each explorer
is a picture with the line saying it moves when the notebook runs, the math is typeset by the
MathJax shipped beside the pages, and no page asks for anything outside its folder."""

import json
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPLORER_NOTE = "A still picture of this explorer at its default setting"
# an address outside the folder in a place the page would load it from
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|"""
                    r"""@import\s+["']?(?:https?:)?//|import\(\s*["'](?:https?:)?//""",
                    re.IGNORECASE)


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    """The edition, built once (every chapter executed: about a minute and a half here)."""
    out = tmp_path_factory.mktemp("html")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_html.py"), str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, f"the build failed:\n{result.stdout}\n{result.stderr[-5000:]}"
    return out


@pytest.fixture(scope="module")
def offline_page(browser):
    """A page in a context with no network, which also records every request it makes for
    anything but a local file."""
    context = browser.new_context(offline=True)
    asked = []

    def route(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            asked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.asked = asked
    yield page
    context.close()


def test_every_chapter_has_a_page_listed_on_the_index(site):
    manifest = json.loads((site / "manifest.json").read_text())
    assert [c["notebook"] for c in manifest] == [p.name for p in NOTEBOOKS]
    index = (site / "index.html").read_text()
    for chapter in manifest:
        assert (site / chapter["page"]).is_file()
        assert f"href='{chapter['page']}'" in index


def test_no_page_loads_anything_from_the_network(site):
    for path in [*site.glob("*.html"), *(site / "mathjax").rglob("*.js")]:
        found = REMOTE.findall(path.read_text(encoding="utf-8", errors="replace"))
        assert not found, f"{path.relative_to(site)} refers to {found[:3]}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_reads_offline_with_its_figures_and_explorers(site, offline_page, notebook,
                                                              shots):
    chapter = next(c for c in json.loads((site / "manifest.json").read_text())
                   if c["notebook"] == notebook.name)
    page = offline_page
    page.goto((site / chapter["page"]).as_uri(), wait_until="load")
    assert page.title() == chapter["title"]
    assert page.locator("h1").first.inner_text().strip().rstrip("¶").strip() == chapter["title"]
    page.wait_for_function("window.MathJax && MathJax.isReady", timeout=30_000)
    page.evaluate("() => new Promise(done => MathJax.Hub.Queue(done))")  # typesetting done
    images = page.evaluate("""() => [...document.querySelectorAll('.jp-OutputArea img')]
                                    .map(img => img.complete && img.naturalWidth > 100)""")
    assert len(images) == chapter["figures"] > 0, (len(images), chapter)
    assert all(images), f"{sum(not shown for shown in images)} figures did not load"
    notes = page.locator(f"text={EXPLORER_NOTE}")
    assert notes.count() == chapter["explorers"]
    if notebook.name != "00_start_here.ipynb":
        assert chapter["explorers"] >= 1, "each chapter has at least one explorer"
    for i in range(notes.count()):  # the picture right above each explorer's line
        above = notes.nth(i).locator(
            "xpath=ancestor::div[contains(@class, 'jp-OutputArea-child')]"
            "/preceding-sibling::div[1]//img")
        assert above.count() == 1
    outputs = "\n".join(page.locator(".jp-OutputArea").all_inner_texts())
    for sign in ["children=(", "Error displaying widget", "Loading widget", "Traceback"]:
        assert sign not in outputs, f"an output shows {sign!r}"
    assert page.locator(".MathJax, .MathJax_Display").count() > 0, "math was not typeset"
    assert page.locator(".MathJax_Error, .MathJax_Preview:visible").count() == 0
    for link in page.locator("a[href$='.html']").all():  # links to other chapters are pages
        href = link.get_attribute("href")
        if "/" not in href:
            assert (site / href).is_file(), href
    assert not page.asked, f"asked the network for {page.asked[:3]}"
    page.screenshot(path=str(shots / f"static-{notebook.stem}.png"), full_page=False)
