"""Write the notebooks' slide metadata so that every key press in the slideshow changes the slide.

jupyterlab-slideshow (the lecture slideshow) steps through the cells one at a time: Space, PageDown or →
moves to the next cell. A cell without ``slideshow.slide_type`` continues its slide and is shown with it
from the start, so stepping onto it changes nothing the class can see; a cell marked with the classic
Notebook's "-" is never shown at all. So the rules are:

- the first cell starts the title slide, and the other cells of the title slide are code (the imports):
  they are ``skip``, not shown in the slideshow (they still run with Run All, and a reader sees them);
- every other cell that continues a slide (no slide type, or "-") is a ``fragment``: it appears with the
  key press that reaches it;
- "slide", "subslide", "notes", "skip" and "fragment" stay as they are.

    python tools/slide_metadata.py notebooks/*.ipynb notebooks/zh/*.ipynb   # rewrites in place, prints what changed

`make notebooks` runs it (after writing solutions.ipynb); tests/test_slides.py checks the rules and walks the
slideshow, failing on any key press that leaves the slide as it was.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import nbformat

STARTS = ("slide", "subslide")


def slide_type(cell) -> str | None:
    return cell.metadata.get("slideshow", {}).get("slide_type")


def wanted(nb) -> list[str | None]:
    """The slide type each cell of ``nb`` should have under the rules above."""
    kinds = [slide_type(cell) for cell in nb.cells]
    result = []
    on_title = True
    for index, (cell, kind) in enumerate(zip(nb.cells, kinds)):
        if index > 0 and kind in STARTS:
            on_title = False
        if index == 0:
            result.append(kind if kind in STARTS else "slide")
        elif kind in (None, "-"):
            result.append("skip" if on_title and cell.cell_type == "code" else "fragment")
        else:
            result.append(kind)
    return result


def fix(path: Path) -> int:
    """Apply the rules to one notebook in place; return how many cells changed."""
    nb = nbformat.read(path, as_version=4)
    changed = 0
    for cell, kind in zip(nb.cells, wanted(nb)):
        if slide_type(cell) != kind:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = kind
            changed += 1
    if changed:
        nbformat.write(nb, path)
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    for path in parser.parse_args(argv).notebooks:
        print(f"{path}: {fix(path)} cells changed")


if __name__ == "__main__":
    main()
