"""The speaker notes of a notebook as one page, for the presenter's own screen during a live slideshow.

Usage (from the repository root; `make slides` writes them next to the offline decks):

    python tools/speaker_notes.py                                  # every numbered notebook -> build/slides/
    python tools/speaker_notes.py notebooks/zh/03_stride.ipynb -o /tmp/notes

The slideshow inside JupyterLab (jupyterlab-slideshow) never shows a cell whose slide type is "notes".
``<out>/<stem>.notes.html`` lists the notebook's slides in the order the slideshow shows them, numbered
1, 2, … (and 2.1, 2.2 for the sub-slides below slide 2), each with the words that open it
on screen (its heading, or its first words) and its speaker notes under it. Open it on the laptop, a
tablet or a phone next to the projected slideshow, or print it. Formulas use the MathJax copy in
``<out>/_assets`` (tools/export_slides.py copies it); nothing is loaded from the network.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbconvert.filters.markdown import markdown2html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.exercise_markdown import language_of  # noqa: E402
from tools.export_slides import DEFAULT_OUT, MATHJAX_URL, ROOT, _local_links, copy_assets  # noqa: E402
from tools.slide_metadata import slide_type  # noqa: E402

WORDS_SHOWN = 12   # how many words of a slide without a heading name it


@dataclass
class Slide:
    """One slide or sub-slide: its number as the deck shows it, the words that open it, its notes (Markdown)."""
    number: str
    opening: str = ""
    notes: list[str] = field(default_factory=list)


def _opening(cell) -> str:
    """The words a slide starts with on screen: a Markdown heading, the first words, or the first code line."""
    if cell.cell_type == "markdown":
        for line in cell.source.splitlines():
            if line.lstrip().startswith("#"):
                return line.lstrip("# ").strip()
        text = re.sub(r"[*_`>$|\[\]]|\(\S+?\)", "", cell.source)
        words = text.split()
        return " ".join(words[:WORDS_SHOWN]) + (" …" if len(words) > WORDS_SHOWN else "")
    first = next((line for line in cell.source.splitlines() if line.strip()), "")
    return first.strip()


def slides(nb) -> list[Slide]:
    """The slides of ``nb`` in deck order, each with its speaker notes (cells of slide type "notes")."""
    result: list[Slide] = []
    main, sub = 0, 0
    for cell in nb.cells:
        kind = slide_type(cell)
        if kind == "skip":
            continue
        if kind == "slide" or not result:
            main, sub = main + 1, 0
            result.append(Slide(str(main)))
        elif kind == "subslide":
            sub += 1
            result.append(Slide(f"{main}.{sub}"))
        if kind == "notes":
            result[-1].notes.append(cell.source)
        elif not result[-1].opening and cell.source.strip():
            result[-1].opening = _opening(cell)
    return result


LABELS = {
    "en": {"title": "Speaker notes", "sep": ": ", "slide": "Slide", "none": "(no notes)",
           "how": "The slides of the notebook in the order the slideshow shows them; under each, its notes."},
    "zh": {"title": "演讲者备注", "sep": "：", "slide": "幻灯片", "none": "（无备注）",
           "how": "按放映顺序列出本 notebook 的幻灯片；每张下面是它的备注。"},
}

CSS = """
body { font-family: "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       font-size: 20px; line-height: 1.5; max-width: 50em; margin: 1em auto; padding: 0 1em; color: #111; }
section { border-top: 2px solid #555; padding: 0.3em 0 0.6em; }
h2 { font-size: 22px; margin: 0.2em 0; }
h2 .number { display: inline-block; min-width: 4.5em; color: #0b4f8a; }
.none { color: #555; font-style: italic; }
code { font-size: 0.95em; }
@media print { body { font-size: 12pt; } section { break-inside: avoid; } }
"""


def notes_page(path: Path, decks: set[str] | None = None) -> str:
    """The HTML page of the speaker notes of the notebook at ``path``."""
    language = language_of(path)
    labels = LABELS[language]
    deck = slides(nbformat.read(path, as_version=4))
    title = deck[0].opening if deck else path.stem
    parts = []
    for slide in deck:
        body = "".join(markdown2html(note) for note in slide.notes) or f'<p class="none">{labels["none"]}</p>'
        parts.append(f'<section id="slide-{slide.number}"><h2><span class="number">{labels["slide"]} {slide.number}'
                     f'</span> {html.escape(slide.opening)}</h2>\n{body}</section>')
    lang = "zh-CN" if language == "zh" else "en"
    page = (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{html.escape(title)}{labels["sep"]}{labels["title"]}</title><style>{CSS}</style>'
            '<script type="text/x-mathjax-config">MathJax.Hub.Config({tex2jax: {inlineMath: [["$", "$"]], '
            'displayMath: [["$$", "$$"]], processEscapes: true}, messageStyle: "none"});</script>'
            f'<script src="{MATHJAX_URL}"></script></head><body>'
            f'<h1>{html.escape(title)}{labels["sep"]}{labels["title"]}</h1><p>{labels["how"]}</p>\n' + "\n".join(parts)
            + "</body></html>\n")
    return _local_links(page, decks or {path.stem})


def write_notes(path: Path, out: Path, decks: set[str] | None = None) -> Path:
    """Write ``out/<stem>.notes.html``; returns the file written."""
    target = Path(out) / f"{Path(path).stem}.notes.html"
    target.write_text(notes_page(Path(path), decks), encoding="utf-8")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks (default: notebooks/[0-9]*.ipynb)")
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: build/slides)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    args.out.mkdir(parents=True, exist_ok=True)
    copy_assets(args.out)
    for path in paths:
        print(write_notes(path, args.out, {p.stem for p in paths}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
