"""Write the printable cheat sheet: the cells of 11_summary.ipynb tagged "cheatsheet", with their stored outputs.

    python tools/cheatsheet.py                     # -> build/cheatsheet.html     (make cheatsheet)
    python tools/cheatsheet.py --lang zh           # -> build/cheatsheet-zh.html  (make cheatsheet-zh)
    python tools/cheatsheet.py -o /tmp/sheet.html

``--lang zh`` builds the Chinese sheet from notebooks/zh/11_summary.ipynb (``lang="zh-CN"``, Chinese
title and footer, the usual Simplified Chinese system fonts named first in the CSS).

One self-contained HTML file laid out for A4 paper (two columns, print CSS): markdown as HTML, text
outputs as preformatted text, PNG pictures as data URIs, SVG pictures inline, display formulas drawn
by Matplotlib's mathtext as inline SVG. Nothing in it is fetched from anywhere. The outputs are the
notebook's committed (executed) outputs, so every number is the one the notebook computed.
"""
from __future__ import annotations

import argparse
import html
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbconvert.filters.markdown_mistune import markdown2html_mistune

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `helpers` from this checkout

from helpers.fonts import SVG_CJK_FAMILIES  # noqa: E402

TAG = "cheatsheet"


@dataclass(frozen=True)
class Edition:
    """One language's sheet: where its notebook is, where the page goes, and the page's own words."""
    notebook: Path
    output: Path
    lang: str               # the <html lang> attribute
    title: str
    footer: str             # {path}: the notebook, relative to the repository
    navigation: str         # a regex for the start of the notebook's navigation line (dropped on paper)
    fonts: str              # CSS font-family of the body text
    mono: str               # CSS font-family of code and text outputs


_CJK = ", ".join(f'"{family}"' for family in SVG_CJK_FAMILIES)   # Noto Sans CJK SC, …, Microsoft YaHei
EDITIONS = {
    "en": Edition(ROOT / "notebooks" / "11_summary.ipynb", ROOT / "build" / "cheatsheet.html", "en",
                  "ConvTranspose2d cheat sheet",
                  "Generated from {path}; every number was computed there and checked against PyTorch.",
                  r"\[← Previous", '"DejaVu Sans", Arial, sans-serif', '"DejaVu Sans Mono", monospace'),
    "zh": Edition(ROOT / "notebooks" / "zh" / "11_summary.ipynb", ROOT / "build" / "cheatsheet-zh.html", "zh-CN",
                  "ConvTranspose2d 速查表",
                  "由 {path} 生成；其中每个数字都在该 notebook 里算出，并与 PyTorch 的结果核对过。",
                  r"\[← 上一篇", f"{_CJK}, sans-serif", f'"DejaVu Sans Mono", {_CJK}, monospace'),
}

CSS = """
@page { size: A4; margin: 9mm; }
* { box-sizing: border-box; }
body { font-family: FONTS; font-size: 8.6pt; line-height: 1.25; color: #111; margin: 0; }
.sheet { column-count: 2; column-gap: 6mm; }
h1 { font-size: 14pt; margin: 0 0 2mm; column-span: all; }
h2 { font-size: 10.5pt; margin: 2.5mm 0 1mm; color: #0b3d6b; break-after: avoid; }
h3 { font-size: 9pt; margin: 1.5mm 0 0.5mm; break-after: avoid; }
p { margin: 0.8mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0; break-inside: avoid; }
th, td { border: 0.3mm solid #888; padding: 0.4mm 1mm; text-align: left; vertical-align: top; }
th { background: #e8eef5; }
code { font-family: MONO; font-size: 0.95em; }
pre { font-family: MONO; font-size: 6pt; background: #f4f4f4; padding: 1mm;
      margin: 0.8mm 0; white-space: pre-wrap; break-inside: avoid; }
.picture { break-inside: avoid; margin: 0.8mm 0; text-align: center; }
.picture img, .picture svg { max-width: 100%; height: auto; max-height: 56mm; }
.math { text-align: center; margin: 1mm 0; }
.math svg { max-width: 100%; height: auto; }
a { color: #0b3d6b; text-decoration: none; }
.source { column-span: all; font-size: 7pt; color: #333; margin-top: 2mm; }
"""

_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)   # the "¶" links beside headings
# nbconvert writes headings through ElementTree, which turns every non-ASCII character into &#NNNN;
_CHAR_REF = re.compile(r"&#(\d+);")


def math_svg(tex: str) -> str:
    """A display formula as an inline SVG, drawn by Matplotlib's mathtext (``\\text`` read as ``\\mathrm``)."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure()
    fig.text(0, 0, f"${tex.strip().replace(chr(92) + 'text{', chr(92) + 'mathrm{')}$", fontsize=14)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.02, transparent=True,
                metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]


def markdown_html(source: str) -> str:
    """One markdown cell as HTML; display formulas become inline SVG."""
    parts, last = [], 0
    for m in _DISPLAY_MATH.finditer(source):
        parts.append(markdown2html_mistune(source[last:m.start()]))
        parts.append(f'<div class="math">{math_svg(m.group(1))}</div>')
        last = m.end()
    parts.append(markdown2html_mistune(source[last:]))
    text = _ANCHOR.sub("", "".join(parts))
    return _CHAR_REF.sub(lambda m: chr(int(m.group(1))) if int(m.group(1)) > 127 else m.group(), text)


def output_html(output) -> str:
    """One stored output: text as <pre>, PNG as a data URI, SVG inline (HTML outputs are left out)."""
    if output.output_type == "stream":
        return f"<pre>{html.escape(output.text)}</pre>"
    data = output.get("data", {})
    if "image/svg+xml" in data:
        svg = data["image/svg+xml"]
        return f'<div class="picture">{svg[svg.index("<svg"):]}</div>'
    if "image/png" in data:
        return f'<div class="picture"><img alt="" src="data:image/png;base64,{data["image/png"].strip()}"></div>'
    if "text/plain" in data and output.output_type == "execute_result":
        return f"<pre>{html.escape(data['text/plain'])}</pre>"
    return ""


def build(lang: str = "en") -> str:
    """The cheat sheet of edition ``lang`` ("en", "zh") as one HTML document."""
    edition = EDITIONS[lang]
    notebook = edition.notebook
    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if TAG in c.metadata.get("tags", [])]
    if not cells:
        raise SystemExit(f"{notebook.name} has no cells tagged {TAG!r}")
    body = []
    for cell in cells:
        if cell.cell_type == "markdown":
            source = re.sub(rf"\n*{edition.navigation}.*$", "", cell.source, flags=re.S)   # no navigation on paper
            body.append(markdown_html(source))
        else:
            body.extend(output_html(o) for o in cell.get("outputs", []))
    css = CSS.replace("FONTS", edition.fonts).replace("MONO", edition.mono)
    footer = edition.footer.format(path=notebook.relative_to(ROOT).as_posix())
    return (f"<!DOCTYPE html>\n<html lang=\"{edition.lang}\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(edition.title)}</title><style>{css}</style></head>\n"
            f"<body><div class=\"sheet\">{''.join(body)}</div>"
            f"<p class=\"source\">{html.escape(footer)}</p></body></html>\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=sorted(EDITIONS), default="en",
                        help="which edition: en (notebooks/11_summary.ipynb) or zh (notebooks/zh/11_summary.ipynb)")
    parser.add_argument("-o", "--output", type=Path, help="default: build/cheatsheet.html (zh: build/cheatsheet-zh.html)")
    args = parser.parse_args(argv)
    output = args.output or EDITIONS[args.lang].output
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(build(args.lang), encoding="utf-8")
    print(f"wrote {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


if __name__ == "__main__":
    main()
