"""Write notebooks/solutions.ipynb from the exercise bank (helpers/bank/, texts in helpers/texts/) and execute it.

Usage (from the repository root):

    python tools/make_solutions.py               # write, then execute in place
    python tools/make_solutions.py --no-execute  # write only
    python tools/make_solutions.py --language zh # notebooks/zh/solutions.ipynb, from texts/zh/

The Chinese edition has the same cells, code and slide metadata as the English one (tests/test_editions.py):
its words come from ``WORDS["zh"]`` and texts/zh/NN.toml (English for an entry that lacks), and its
first code cell starts with ``ZH_PREAMBLE`` (``set_language("zh")``).

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
TARGETS = {"en": TARGET, "zh": ROOT / "notebooks" / "zh" / "solutions.ipynb"}
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from execute_notebooks import KERNELSPEC, execute_notebook  # noqa: E402
from exercise_markdown import language  # noqa: E402
from helpers.exercises import NOTEBOOKS, keys, question  # noqa: E402
from helpers.i18n import LANGUAGES  # noqa: E402

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


# The Chinese edition's words (titles as in notebooks/zh/00_index.ipynb's contents).
TITLES_ZH = {
    "01": "基本运算",
    "02": "填充（padding）",
    "03": "步幅（stride）",
    "04": "多通道（multiple channels）",
    "05": "Conv2d 的形状逆运算",
    "06": "输出填充、膨胀与分组",
    "07": "矩阵视角",
    "08": "等价的直接卷积",
    "09": "棋盘效应（checkerboard artifacts）",
    "10": "实践中的上采样",
    "11": "总结与全系列测验",
}

INTRO_ZH = """# 习题解答

每道练习的详细解答，每个 notebook 一节。请先在对应的 notebook 里自己做一遍。

English: [Solutions to the exercises](../solutions.ipynb)"""

INTRO_NOTES_ZH = """每个答案都由练习库（`helpers/bank/`）用 notebook 里同一套 NumPy 参考实现算出来（从不手写），测试套件会逐一
和 PyTorch 的结果核对。

请先在练习所在的 notebook 里动手做：在那里，`check("02.1", your_answer)` 会告诉你对不对，答错时给出提示，但不会直接
泄露答案。等你有了答案，或者实在卡住了，再来这里看解答。"""

WORDS = {
    "en": dict(intro=INTRO, notes=INTRO_NOTES, titles=TITLES, preamble="",
               section="## {nb} · {title}\n\nThe exercises of [{stem}.ipynb]({stem}.ipynb).",
               question="**{key}.** {question}", navigation="[Contents](00_index.ipynb)"),
    "zh": dict(intro=INTRO_ZH, notes=INTRO_NOTES_ZH, titles=TITLES_ZH,
               preamble='from helpers import set_language\nset_language("zh")\n',   # tests/test_editions.py: ZH_PREAMBLE
               section="## {nb} · {title}\n\n[{stem}.ipynb]({stem}.ipynb) 的练习。",
               question="**{key}.** {question}", navigation="[目录](00_index.ipynb)"),
}


def _cell(kind, source, cell_id, slide=None):
    make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    cell = make(source, id=cell_id)
    if slide:  # no slide_type continues the slide (JupyterLab 4, jupyterlab-slideshow; see tools/slide_metadata.py)
        cell.metadata["slideshow"] = {"slide_type": slide}
    return cell


def build(lang: str = "en") -> nbformat.NotebookNode:
    """The (unexecuted) solutions notebook in ``lang`` ("en" or "zh"; the same cells and code either way)."""
    w = WORDS[lang]
    cells = [
        _cell("markdown", w["intro"], "title", slide="slide"),
        _cell("markdown", w["notes"], "title-notes", slide="notes"),
        _cell("code", w["preamble"] + "from helpers.exercises import solution", "setup"),
    ]
    with language(lang):
        for nb in NOTEBOOKS:
            stem = NOTEBOOKS[nb]
            cells.append(_cell("markdown", w["section"].format(nb=nb, title=w["titles"][nb], stem=stem),
                               f"section-{nb}", slide="slide"))
            for key in keys(nb):
                cid = key.replace(".", "-")
                cells.append(_cell("markdown", w["question"].format(key=key, question=question(key)), f"q-{cid}",
                                   slide="subslide"))
                cells.append(_cell("code", f'solution("{key}")', f"s-{cid}"))
    cells.append(_cell("markdown", w["navigation"], "navigation"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-execute", action="store_true", help="write the notebook without running it")
    parser.add_argument("--language", choices=LANGUAGES, default="en",
                        help="en: notebooks/solutions.ipynb (default); zh: notebooks/zh/solutions.ipynb")
    args = parser.parse_args(argv)
    notebook = build(args.language)
    target = TARGETS[args.language]
    nbformat.validate(notebook)
    nbformat.write(notebook, target)
    print(f"wrote {target.relative_to(ROOT)} ({len(notebook.cells)} cells)")
    if not args.no_execute:
        executed = execute_notebook(target)
        executed.metadata.pop("widgets", None)
        nbformat.validate(executed)
        nbformat.write(executed, target)
        print(f"executed {target.relative_to(ROOT)} in place")
    return 0


if __name__ == "__main__":
    sys.exit(main())
