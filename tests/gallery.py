"""Write every explorer's picture at every setting the figure invariants check, and one contact
sheet per notebook, so a person can look at all of them in a minute (issue 17).

    .venv/bin/python tests/gallery.py OUTDIR

OUTDIR/<explorer>/<nn>_<setting>.png is the explorer's own PNG (what a learner sees) at that
setting; OUTDIR/sheet_<notebook>.png tiles them, each labelled with its explorer and setting,
and, in red, the invariants its figure fails (tests/figure_invariants.py).
"""

import io
import pathlib
import re
import sys

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from PIL import Image, ImageDraw, ImageFont

TESTS = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(TESTS), str(TESTS.parent)]

import figure_invariants as fi  # noqa: E402
from conftest import build_explorer  # noqa: E402

TILE = 560  # pixels: the width of a picture on a sheet
COLUMNS = 3
LABEL = 44  # pixels above each picture for its label


def shoot(name, folder):
    """[(setting, PNG bytes, failed invariants)] for one explorer; each PNG also saved."""
    explorer = build_explorer(name)
    folder.mkdir(parents=True, exist_ok=True)
    shots = []
    for index, setting in enumerate(fi.sweep(explorer)):
        failed = (["no figure: " + re.sub("<[^>]+>", "", explorer.message.value)]
                  if explorer.figure is None else
                  sorted(fi.check(explorer.figure, fi.prepare(explorer.figure, draw=False))))
        safe = re.sub(r"[^\w.=,()+-]+", "_", setting)
        (folder / f"{index:02d}_{safe}.png").write_bytes(explorer.png)
        shots.append((setting, explorer.png, failed))
    return shots


def sheet(title, tiles, font, small):
    """One picture: the tiles (label, failed, PNG bytes) in rows of COLUMNS, under a title."""
    pictures = []
    for label, failed, png in tiles:
        picture = Image.open(io.BytesIO(png)).convert("RGB")
        height = round(picture.height * TILE / picture.width)
        pictures.append((label, failed, picture.resize((TILE, height), Image.LANCZOS)))
    rows = [pictures[i:i + COLUMNS] for i in range(0, len(pictures), COLUMNS)]
    heights = [LABEL + max(p.height for _, _, p in row) + 12 for row in rows]
    out = Image.new("RGB", (COLUMNS * (TILE + 12) + 12, 50 + sum(heights)), "white")
    draw = ImageDraw.Draw(out)
    draw.text((12, 12), title, fill="black", font=font)
    top = 50
    for row, height in zip(rows, heights, strict=True):
        for column, (label, failed, picture) in enumerate(row):
            left = 12 + column * (TILE + 12)
            draw.text((left, top), label, fill="black", font=small)
            if failed:
                draw.text((left, top + 20), "fails: " + ", ".join(failed)[:70], fill="#b00020",
                          font=small)
            out.paste(picture, (left, top + LABEL))
            draw.rectangle([left - 1, top + LABEL - 1, left + picture.width, top + LABEL +
                            picture.height], outline="#999999")
        top += height
    return out


def main(outdir):
    outdir = pathlib.Path(outdir)
    path = font_manager.findfont("DejaVu Sans")
    font, small = ImageFont.truetype(path, 22), ImageFont.truetype(path, 15)
    by_notebook = {}
    for name in fi.explorer_names():
        by_notebook.setdefault(fi.notebook_of(name), []).append(name)
    for notebook, names in sorted(by_notebook.items()):
        tiles = []
        for name in names:
            for setting, png, failed in shoot(name, outdir / name):
                tiles.append((f"{name.removesuffix('_explorer')}: {setting}", failed, png))
        sheet(f"{notebook}: {', '.join(names)}", tiles, font, small).save(
            outdir / f"sheet_{notebook}.png")
        print(f"{outdir / f'sheet_{notebook}.png'}: {len(tiles)} pictures")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/gallery.py OUTDIR")
    main(sys.argv[1])
