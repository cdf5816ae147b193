"""Write each exercise's question into its notebook as a Markdown cell, from the exercise bank.

Usage (from the repository root):

    python tools/exercise_markdown.py notebooks/04_multi_channel.ipynb ...   # rewrite in place
    python tools/exercise_markdown.py --check notebooks/0*.ipynb              # exit 1 if any would change
    python tools/exercise_markdown.py notebooks/zh/04_multi_channel.ipynb     # Chinese: from zh/NN.toml

A notebook in a folder named ``zh`` (notebooks/zh/) is written in Chinese (``--language`` overrides):
its section is "## 练习", its cells "**练习 NN.k.** <question>", the question from texts/zh/NN.toml
(English for an entry that file lacks, as in the notebook itself).

Only the "## Exercises" section is touched (up to the next "## " heading). For every exercise the section
checks (`check("NN.k", answer)`), the code cell is preceded by one Markdown cell (a subslide)
"**Exercise NN.k.** <question>", its text taken from helpers/texts/<language>/NN.toml through
`helpers.exercises.question`, so the notebook and the bank never drift apart. Older layouts are converted:
`print(question("NN.k"))` lines are removed (and cells left empty), label cells such as "**Exercise 04.2**" or
"**06.2**: a blurb" are replaced, and such a label at the end of the section's heading cell is dropped.
Run it after editing an exercise's question, then re-execute the notebook (tools/execute_notebooks.py).
"""
from __future__ import annotations

import argparse
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.exercises import question  # noqa: E402
from helpers.i18n import LANGUAGES, get_language, set_language  # noqa: E402

CHECK = re.compile(r'check\(\s*"(\d\d\.\d+)"')
PRINT = re.compile(r'^[ \t]*print\(question\("\d\d\.\d+"\)\)[ \t]*\n?', re.M)
LABEL = re.compile(r"^\*\*(?:Exercise )?(\d\d\.\d+)\.?\*\*(?::[^\n]*)?$")   # "**Exercise 04.2**", "**06.2**: …"
QUESTION = re.compile(r"^\*\*Exercise (\d\d\.\d+)\.\*\* ")                   # a cell this tool writes
# per language: the section's heading and the word before "NN.k." in a question cell
HEADING = {"en": "## Exercises", "zh": "## 练习"}
EXERCISE = {"en": "Exercise", "zh": "练习"}
QUESTIONS = {lang: re.compile(rf"^\*\*{word} (\d\d\.\d+)\.\*\* ") for lang, word in EXERCISE.items()}


@contextmanager
def language(lang: str):
    """Build texts in ``lang`` inside the block, then switch back to the language before it."""
    before = get_language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def language_of(path: Path) -> str:
    """The language a notebook is written in: "zh" inside a folder named ``zh`` (notebooks/zh/), else "en"."""
    return "zh" if Path(path).resolve().parent.name == "zh" else "en"


def question_markdown(key: str, lang: str = "en") -> str:
    """The Markdown of exercise ``key``'s question cell in ``lang``."""
    with language(lang):
        return f"**{EXERCISE[lang]} {key}.** {question(key)}"


def _section(cells, lang="en") -> tuple[int, int] | None:
    """(first, end) cell indices of the "## Exercises" section ("## 练习" in Chinese), or None if none."""
    start = next((i for i, c in enumerate(cells) if c.cell_type == "markdown"
                  and c.source.lstrip().startswith(HEADING[lang])), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(cells)) if cells[i].cell_type == "markdown"
                and re.match(r"#{1,2} ", cells[i].source.lstrip())), len(cells))
    return start, end


def _is_notes(cell) -> bool:
    return cell.metadata.get("slideshow", {}).get("slide_type") == "notes"


def render(notebook: nbformat.NotebookNode, lang: str = "en") -> nbformat.NotebookNode:
    """``notebook`` with its Exercises section in the one-Markdown-cell-per-question layout (changed in place),
    the questions in ``lang``."""
    cells = notebook.cells
    question_cell = QUESTIONS[lang]
    bounds = _section(cells, lang)
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
        elif not _is_notes(cell) and (m := question_cell.match(text) or LABEL.match(text)):
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
            if previous is not None and question_cell.match(previous.source.strip()):   # keep its id and metadata
                md = nbformat.v4.new_markdown_cell(question_markdown(key, lang), id=previous.id,
                                                   metadata=previous.metadata)
            else:
                md = nbformat.v4.new_markdown_cell(question_markdown(key, lang), id=f"q-{key.replace('.', '-')}")
                md.metadata["slideshow"] = {"slide_type": "subslide"}
            out.append(md)
        out.append(cell)
    notebook.cells = head + out + tail
    return notebook


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook is out of date")
    parser.add_argument("--language", choices=LANGUAGES, default=None,
                        help="the notebooks' language (default: zh inside notebooks/zh/, else en)")
    args = parser.parse_args(argv)
    stale = []
    for path in args.notebooks:
        before = nbformat.read(path, as_version=4)
        after = render(nbformat.read(path, as_version=4), args.language or language_of(path))
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
