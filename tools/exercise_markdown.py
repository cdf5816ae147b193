"""Write each exercise's question into its notebook as a Markdown cell, from the exercise bank.

Usage (from the repository root):

    python tools/exercise_markdown.py notebooks/04_multi_channel.ipynb ...   # rewrite in place
    python tools/exercise_markdown.py --check notebooks/0*.ipynb              # exit 1 if any would change

Only the "## Exercises" section is touched (up to the next "## " heading). For every exercise the section
checks (`check("NN.k", answer)`), the code cell is preceded by one Markdown cell (a subslide)
"**Exercise NN.k.** <question>", its text taken from helpers/exercise_texts/<language>/NN.toml through
`helpers.exercises.question`, so the notebook and the bank never drift apart. Older layouts are converted:
`print(question("NN.k"))` lines are removed (and cells left empty), label cells such as "**Exercise 04.2**" or
"**06.2**: a blurb" are replaced, and such a label at the end of the section's heading cell is dropped.
Run it after editing an exercise's question, then re-execute the notebook (tools/execute_notebooks.py).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.exercises import question  # noqa: E402

CHECK = re.compile(r'check\(\s*"(\d\d\.\d+)"')
PRINT = re.compile(r'^[ \t]*print\(question\("\d\d\.\d+"\)\)[ \t]*\n?', re.M)
LABEL = re.compile(r"^\*\*(?:Exercise )?(\d\d\.\d+)\.?\*\*(?::[^\n]*)?$")   # "**Exercise 04.2**", "**06.2**: …"
QUESTION = re.compile(r"^\*\*Exercise (\d\d\.\d+)\.\*\* ")                   # a cell this tool writes


def question_markdown(key: str) -> str:
    """The Markdown of exercise ``key``'s question cell."""
    return f"**Exercise {key}.** {question(key)}"


def _section(cells) -> tuple[int, int] | None:
    """(first, end) cell indices of the "## Exercises" section, or None if the notebook has none."""
    start = next((i for i, c in enumerate(cells) if c.cell_type == "markdown"
                  and c.source.lstrip().startswith("## Exercises")), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(cells)) if cells[i].cell_type == "markdown"
                and re.match(r"#{1,2} ", cells[i].source.lstrip())), len(cells))
    return start, end


def _is_notes(cell) -> bool:
    return cell.metadata.get("slideshow", {}).get("slide_type") == "notes"


def render(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``notebook`` with its Exercises section in the one-Markdown-cell-per-question layout (changed in place)."""
    cells = notebook.cells
    bounds = _section(cells)
    if bounds is None:
        return notebook
    start, end = bounds
    head, section, tail = cells[:start + 1], cells[start + 1:end], cells[end:]
    # the heading cell: drop a trailing exercise label ("**Exercise 04.1**") that introduced the first exercise
    paragraphs = head[-1].source.rstrip().split("\n\n")
    if len(paragraphs) > 1 and LABEL.match(paragraphs[-1].strip()):
        head[-1].source = "\n\n".join(paragraphs[:-1])
    kept, old = [], {}
    for cell in section:
        text = cell.source.strip()
        if cell.cell_type == "code":
            cell.source = PRINT.sub("", cell.source).strip("\n")
            if cell.source.strip():
                kept.append(cell)
        elif not _is_notes(cell) and (m := QUESTION.match(text) or LABEL.match(text)):
            old.setdefault(m.group(1), cell)   # replaced below; a written cell keeps its id
        else:
            kept.append(cell)
    out, done = [], set()
    for cell in kept:
        keys = CHECK.findall(cell.source) if cell.cell_type == "code" else []
        for key in keys:
            if key in done:
                continue
            done.add(key)
            previous = old.get(key)
            if previous is not None and QUESTION.match(previous.source.strip()):   # keep its id and metadata
                md = nbformat.v4.new_markdown_cell(question_markdown(key), id=previous.id, metadata=previous.metadata)
            else:
                md = nbformat.v4.new_markdown_cell(question_markdown(key), id=f"q-{key.replace('.', '-')}")
                md.metadata["slideshow"] = {"slide_type": "subslide"}
            out.append(md)
        out.append(cell)
    notebook.cells = head + out + tail
    return notebook


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path in args.notebooks:
        before = nbformat.read(path, as_version=4)
        after = render(nbformat.read(path, as_version=4))
        if [(c.cell_type, c.source, c.metadata) for c in before.cells] == \
                [(c.cell_type, c.source, c.metadata) for c in after.cells]:
            continue
        stale.append(path)
        if not args.check:
            nbformat.validate(after)
            nbformat.write(after, path)
            print(f"rewrote the exercise questions of {path}")
    if args.check and stale:
        print("out of date (run tools/exercise_markdown.py on them):", *map(str, stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
