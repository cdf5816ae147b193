"""Write notebooks/solutions.ipynb from the exercise bank (helpers/bank/, texts in helpers/exercise_texts/) and execute it.

Usage (from the repository root):

    python tools/make_solutions.py               # write, then execute in place
    python tools/make_solutions.py --no-execute  # write only

One section (a slide) per notebook; for each exercise (a subslide) its question in Markdown and a code cell
`solution("NN.k")` that shows the computed answer with its worked explanation. Execution uses
tools/execute_notebooks.py (kernel in notebooks/, widget state stripped, counts renumbered), so the
committed outputs match what `make notebooks` and tests/test_notebooks.py produce.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "notebooks" / "solutions.ipynb"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from execute_notebooks import KERNELSPEC, execute_notebook  # noqa: E402
from helpers.exercises import NOTEBOOKS, keys, question  # noqa: E402

# Section titles, as in the table of contents (notebooks/00_index.ipynb).
TITLES = {
    "01": "The basic operation",
    "02": "Padding",
    "03": "Stride",
    "04": "Multiple channels",
    "05": "The shape inverse of Conv2d",
    "06": "output_padding, dilation and groups",
    "07": "The matrix view",
    "08": "The equivalent direct convolution",
    "09": "Checkerboard artifacts",
    "10": "Upsampling in practice",
    "11": "Summary and end-of-series quiz",
}

INTRO = """# Solutions to the exercises

The worked answer to every exercise, one section per notebook. Try it in its notebook first."""

# Speaker notes for the title slide (few words on a slide; tests/test_slide_text.py).
INTRO_NOTES = """Each answer is computed by the exercise bank (`helpers/bank/`) from the same NumPy reference the notebooks use (never
typed in), and the test suite checks every one of them against PyTorch.

Try an exercise in its notebook first: there, `check("02.1", your_answer)` says whether you are right and
gives a hint if not, without giving the answer away. Come here once you have an answer, or are stuck."""


def _cell(kind, source, cell_id, slide=None):
    make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    cell = make(source, id=cell_id)
    if slide:  # no slide_type continues the slide (JupyterLab 4, jupyterlab-slideshow; see tools/slide_metadata.py)
        cell.metadata["slideshow"] = {"slide_type": slide}
    return cell


def build() -> nbformat.NotebookNode:
    """The (unexecuted) solutions notebook."""
    cells = [
        _cell("markdown", INTRO, "title", slide="slide"),
        _cell("markdown", INTRO_NOTES, "title-notes", slide="notes"),
        _cell("code", "from helpers.exercises import solution", "setup"),
    ]
    for nb in NOTEBOOKS:
        stem = NOTEBOOKS[nb]
        cells.append(_cell("markdown", f"## {nb} · {TITLES[nb]}\n\nThe exercises of [{stem}.ipynb]({stem}.ipynb).",
                           f"section-{nb}", slide="slide"))
        for key in keys(nb):
            cid = key.replace(".", "-")
            cells.append(_cell("markdown", f"**{key}.** {question(key)}", f"q-{cid}", slide="subslide"))
            cells.append(_cell("code", f'solution("{key}")', f"s-{cid}"))
    cells.append(_cell("markdown", "[Contents](00_index.ipynb)", "navigation"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-execute", action="store_true", help="write the notebook without running it")
    args = parser.parse_args(argv)
    notebook = build()
    nbformat.validate(notebook)
    nbformat.write(notebook, TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(notebook.cells)} cells)")
    if not args.no_execute:
        executed = execute_notebook(TARGET)
        executed.metadata.pop("widgets", None)
        nbformat.validate(executed)
        nbformat.write(executed, TARGET)
        print(f"executed {TARGET.relative_to(ROOT)} in place")
    return 0


if __name__ == "__main__":
    sys.exit(main())
