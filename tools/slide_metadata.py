"""Write the notebooks' slide metadata the way JupyterLab 4 and the slideshow read it.

A cell that continues the current slide carries no ``slideshow.slide_type`` (JupyterLab 4's own
"-" choice removes the key). The classic Notebook wrote the string "-" instead; nbconvert accepts
both, but jupyterlab-slideshow (the lecture slideshow, `deck:start`) knows only the missing key and
never shows a cell marked "-". tests/test_slides.py fails while any "-" is left.

    python tools/slide_metadata.py notebooks/*.ipynb     # rewrites in place, prints what changed
"""
from __future__ import annotations

import argparse
from pathlib import Path

import nbformat


def continuation_marks(nb) -> list[int]:
    """Indices of the cells marked with the classic continuation mark ``slide_type: "-"``."""
    return [i for i, cell in enumerate(nb.cells) if cell.metadata.get("slideshow", {}).get("slide_type") == "-"]


def fix(path: Path) -> int:
    """Drop every ``slide_type: "-"`` (and a ``slideshow`` dict left empty) in one notebook; return the count."""
    nb = nbformat.read(path, as_version=4)
    marks = continuation_marks(nb)
    for i in marks:
        meta = nb.cells[i].metadata
        del meta["slideshow"]["slide_type"]
        if not meta["slideshow"]:
            del meta["slideshow"]
    if marks:
        nbformat.write(nb, path)
    return len(marks)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    for path in parser.parse_args(argv).notebooks:
        print(f"{path}: {fix(path)} continuation marks removed")


if __name__ == "__main__":
    main()
