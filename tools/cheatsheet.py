"""Write the printable cheat sheet: the cells of 11_summary.ipynb tagged "cheatsheet", with their stored outputs.

    python tools/cheatsheet.py                     # -> build/cheatsheet.html  (make cheatsheet)
    python tools/cheatsheet.py -o /tmp/sheet.html

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
from pathlib import Path

import nbformat
from nbconvert.filters.markdown_mistune import markdown2html_mistune

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "11_summary.ipynb"
OUTPUT = ROOT / "build" / "cheatsheet.html"
TAG = "cheatsheet"

CSS = """
@page { size: A4; margin: 9mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8.6pt; line-height: 1.25; color: #111; margin: 0; }
.sheet { column-count: 2; column-gap: 6mm; }
h1 { font-size: 14pt; margin: 0 0 2mm; column-span: all; }
h2 { font-size: 10.5pt; margin: 2.5mm 0 1mm; color: #0b3d6b; break-after: avoid; }
h3 { font-size: 9pt; margin: 1.5mm 0 0.5mm; break-after: avoid; }
p { margin: 0.8mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0; break-inside: avoid; }
th, td { border: 0.3mm solid #888; padding: 0.4mm 1mm; text-align: left; vertical-align: top; }
th { background: #e8eef5; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.95em; }
pre { font-family: "DejaVu Sans Mono", monospace; font-size: 6pt; background: #f4f4f4; padding: 1mm;
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
    return _ANCHOR.sub("", "".join(parts))


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


def build(notebook: Path = NOTEBOOK) -> str:
    """The cheat sheet as one HTML document."""
    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if TAG in c.metadata.get("tags", [])]
    if not cells:
        raise SystemExit(f"{notebook.name} has no cells tagged {TAG!r}")
    body = []
    for cell in cells:
        if cell.cell_type == "markdown":
            source = re.sub(r"\n*\[← Previous.*$", "", cell.source, flags=re.S)   # no navigation on paper
            body.append(markdown_html(source))
        else:
            body.extend(output_html(o) for o in cell.get("outputs", []))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>ConvTranspose2d cheat sheet</title><style>{CSS}</style></head>\n"
            f"<body><div class=\"sheet\">{''.join(body)}</div>"
            f"<p class=\"source\">Generated from notebooks/{notebook.name}; every number was computed there and "
            "checked against PyTorch.</p></body></html>\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(build(), encoding="utf-8")
    print(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")


if __name__ == "__main__":
    main()
