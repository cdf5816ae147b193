"""Pictures of the scatter: matplotlib figures for the notebooks' static cells, SVG for the live explorers.

Every number drawn here is computed by ``operations`` (``scatter_copies``, ``contributing_terms``,
``equivalent_conv_parts``, ``equivalent_conv``) or passed in by the caller (overlap counts, convolution
matrices, images); this module only adds copies up for display, colours them and lays them out.
Introduced in 01_basic_operation.ipynb; each picture in the notebook named in its docstring.
"""
from __future__ import annotations

import base64
import io
import json
import re
import textwrap
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from typing import NamedTuple

import numpy as np

from .operations import (contributing_terms, conv_transpose2d, equivalent_conv, equivalent_conv_parts,
                         scatter_copies)
from . import shapes
from .shapes import as_pair

__all__ = [
    "fmt",
    "element_color",
    "GridView",
    "grid_view",
    "terms_text",
    "scatter_svg",
    "message_html",
    "shape_chain_html",
    "count_colors",
    "overlap_svg",
    "matrix_svg",
    "equivalent_svg",
    "image_png",
    "images_svg",
    "tap_color",
    "plot_scatter",
    "plot_channels",
    "plot_grid",
    "plot_heatmap",
    "plot_images",
]

# Light, distinct fills; input element n gets PALETTE[n % len]. Dark text stays readable on all.
PALETTE = ["#8ecae6", "#ffb703", "#90be6d", "#f4978e", "#cdb4db", "#f9c74f", "#a3c4f3", "#b5e48c",
           "#ffafcc", "#99d98c", "#fcd5ce", "#bde0fe", "#e9c46a", "#caffbf", "#ffc6ff", "#d0f4de"]
CROP_FILL = "#e6e6e6"
PICK = "#d62828"


def fmt(v) -> str:
    """A number as a student would write it: ``28`` not ``28.0``; otherwise at most two decimals,
    rounded half away from zero as by hand (``0.125`` → ``0.13``, ``0.001`` → ``0``, ``2.999`` → ``3``)."""
    v = float(v)
    if abs(v - round(v)) < 1e-9:
        return str(int(round(v))) if round(v) != 0 else "0"
    s = str(Decimal(repr(v)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def element_color(n: int) -> str:
    """Fill colour (hex) of input element number ``n`` (row-major over channels, rows, columns), in every picture."""
    return PALETTE[n % len(PALETTE)]


class GridView(NamedTuple):
    """What one output channel looks like after the first ``upto`` copies have been added.

    ``values`` (rows, cols): their sum on the full grid; ``lands`` (n_elements, rows, cols) bool:
    where each input element's copy lands (whether or not its value is 0); ``partial``
    (C_in, rows, cols): the sum per input channel; top/left/height/width: the visible window.
    """
    values: np.ndarray
    lands: np.ndarray
    partial: np.ndarray
    top: int
    left: int
    height: int
    width: int

    @property
    def visible(self) -> np.ndarray:
        return self.values[self.top:self.top + self.height, self.left:self.left + self.width]


def grid_view(x, weight, stride=1, padding=0, output_padding=0, groups=1, dilation=1,
              out_channel=0, upto=None) -> GridView:
    """Sum the scattered copies for one output channel; x ``(C_in, H, W)``, weight ``(C_in, C_out/g, kH, kW)``.

    ``upto`` counts copies in row-major (channel, row, column) order; None means all of them.
    Introduced in 01_basic_operation.ipynb (behind ``plot_scatter`` and ``ScatterExplorer``).
    """
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    sc = scatter_copies(x, weight, stride, padding, output_padding, groups, dilation)
    ones = scatter_copies(np.ones_like(x), np.ones_like(weight), stride, padding, output_padding, groups, dilation)
    c_out = sc.copies.shape[3]
    if not 0 <= out_channel < c_out:
        raise ValueError(f"out_channel must be between 0 and {c_out - 1}, got {out_channel}.")
    copies = sc.copies[:, :, :, out_channel]                       # (C_in, H, W, rows, cols)
    n = copies.shape[0] * copies.shape[1] * copies.shape[2]
    upto = n if upto is None else int(upto)
    keep = (np.arange(n) < upto).reshape(copies.shape[:3])
    kept = copies * keep[..., None, None]
    lands = (ones.copies[:, :, :, out_channel] != 0).reshape(n, *copies.shape[3:])
    return GridView(kept.sum((0, 1, 2)), lands, kept.sum((1, 2)), sc.top, sc.left, sc.height, sc.width)


def terms_text(x, weight, out_channel, row, col, value, stride=1, padding=0, output_padding=0,
               groups=1, dilation=1) -> str:
    """The sum behind one output cell, e.g. ``28 = 0·2 + 1·2 + 2·7 + 3·4`` (input value · kernel value).

    x ``(C_in, H, W)``, weight ``(C_in, C_out/groups, kH, kW)``; the products come from
    ``operations.contributing_terms``. Introduced in 01_basic_operation.ipynb; used again in
    08_equivalent_convolution.ipynb.
    """
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    terms = contributing_terms(x, weight, out_channel, row, col, stride, padding, output_padding, groups, dilation)
    o = out_channel % weight.shape[1]
    parts = [f"{fmt(x[c, i, j])}·{fmt(weight[c, o, a, b])}" for c, i, j, a, b in terms]
    if not parts:
        return f"{fmt(value)} (no kernel copy reaches this cell)"
    return f"{fmt(value)} = " + " + ".join(parts)


# ---------------------------------------------------------------- SVG (explorers)

SVG_FONT = "DejaVu Sans, Arial, sans-serif"
INSERTED_FILL = "#d6e4f0"   # zeros put between input elements (stride − 1 of them)
PADDING_FILL = "#ededed"    # zeros around the input (k − 1 − padding per side)
_STYLE = ("text{text-anchor:middle;dominant-baseline:central}"
          "text.leg{text-anchor:start;dominant-baseline:auto}"
          "text.lbl{text-anchor:start;font-weight:bold;dominant-baseline:auto}"
          "text.cap{text-anchor:start;dominant-baseline:auto}"
          "text.idx{fill:#666}"
          "text.v{stroke:#fff;stroke-width:3px;paint-order:stroke;stroke-linejoin:round}"
          "text.n{fill:#222}text.n.d{fill:#fff}")
_HATCH = ('<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
          '<line x1="0" y1="0" x2="0" y2="6" stroke="#bbb" stroke-width="2"/></pattern>')



def _svg_grid(out, x0, y0, values, cell, fills=None, cls="", title=None, texts=None, label=None,
              font=None, stroke="#555"):
    """Append one grid of cells to ``out``; ``fills[r][c]`` is a list of colours (stripes)."""
    rows, cols = values.shape
    font = font or max(11, int(cell * 0.42))
    if label:
        out.append(f'<text x="{x0}" y="{y0 - 7}" class="lbl" font-size="15">{escape(label)}</text>')
    for r in range(rows):
        for c in range(cols):
            x, y = x0 + c * cell, y0 + r * cell
            colours = fills[r][c] if fills is not None else ["#ffffff"]
            w = cell / max(1, len(colours))
            tip = f"<title>{escape(title[r][c])}</title>" if title is not None else ""
            out.append(f'<g class="{cls}" data-r="{r}" data-c="{c}">{tip}')
            for k, colour in enumerate(colours):
                out.append(f'<rect x="{x + k * w:.1f}" y="{y}" width="{w + 0.3:.1f}" height="{cell}" fill="{colour}"/>')
            out.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="none" stroke="{stroke}" stroke-width="1"/>')
            text = fmt(values[r, c]) if texts is None else texts[r][c]
            out.append(f'<text x="{x + cell / 2}" y="{y + cell / 2}" font-size="{font}">{text}</text></g>')


def _outline(out, x, y, w, h, colour, width=3, dash=None, cls=""):
    d = f' stroke-dasharray="{dash}"' if dash else ""
    out.append(f'<rect class="{cls}" x="{x}" y="{y}" width="{w}" height="{h}" fill="none" '
               f'stroke="{colour}" stroke-width="{width}"{d}/>')


def _landings(chans, h, w, kh, kw, stride, dilation, rows, cols):
    """For each full-grid cell, the ``(element, c, i, j, a, b)`` whose copy lands there, in element order."""
    (sh, sw), (dh, dw) = as_pair(stride, "stride"), as_pair(dilation, "dilation")
    land = [[[] for _ in range(cols)] for _ in range(rows)]
    for c in chans:
        for i in range(h):
            for j in range(w):
                e = (c * h + i) * w + j
                for a in range(kh):
                    row = land[i * sh + a * dh]
                    for b in range(kw):
                        row[j * sw + b * dw].append((e, c, i, j, a, b))
    return land


def scatter_svg(x, weight, stride=1, padding=0, output_padding=0, groups=1, dilation=1, out_channel=0,
                upto=None, pick=None, max_width=760, view=None) -> str:
    """An SVG picture of the scatter for one output channel, as the explorers show it.

    Left: each input channel X[c] (every element in its own colour) and its kernel K[c, o]. Right: the
    full output grid; each cell is striped with the colours of the copies that land on it and shows
    their sum; the ring that ``padding`` removes is grey and hatched; the visible output is framed.
    ``upto`` shows only the first copies (the newest one outlined); ``pick=(row, col)`` marks one
    visible output cell and the input elements and kernel taps that meet there. ``view``: the
    ``grid_view`` of these arguments if the caller already has it.
    Output cells carry ``class="y"`` and ``data-r``/``data-c`` (visible coordinates, -1 if cropped);
    the ``<svg>`` carries ``data-params`` (JSON of the arguments) for browser tests.
    Introduced in 01_basic_operation.ipynb (``ScatterExplorer``).
    """
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    gv = view if view is not None else grid_view(x, weight, stride, padding, output_padding, groups, dilation,
                                                 out_channel, upto)
    c_in, h, w = x.shape
    cg_in, cg_out = c_in // groups, weight.shape[1]
    grp = out_channel // cg_out
    chans = list(range(grp * cg_in, (grp + 1) * cg_in))
    o = out_channel % cg_out
    kh, kw = weight.shape[2:]
    rows, cols = gv.values.shape
    n = c_in * h * w
    upto = n if upto is None else int(upto)
    land = _landings(chans, h, w, kh, kw, stride, dilation, rows, cols)

    picked_terms = []
    if pick is not None:
        pr, pc = pick
        if not (0 <= pr < gv.height and 0 <= pc < gv.width):
            raise ValueError(f"pick {tuple(pick)} is outside the {gv.height}×{gv.width} output.")
        picked_terms = [t[1:] for t in land[pr + gv.top][pc + gv.left]]

    # Layout: inputs column on the left, output grid on the right; cell sizes fit max_width.
    small = int(np.clip(260 / max(w + kw, 1), 28, 46))
    big = int(np.clip((max_width - 2 * small * max(w, 1) - small * max(kw, 1) - 60) / max(cols, 1), 20, 54))
    gap, top_pad = 22, 30
    left_w = small * (w + kw) + gap * 2
    block_h = small * max(h, kh) + top_pad + 8
    out = []
    # input channels and kernels
    for row_i, c in enumerate(chans):
        y0 = top_pad + row_i * block_h
        fills = [[[element_color(c * h * w + i * w + j) if c * h * w + i * w + j < upto else "#ffffff"]
                  for j in range(w)] for i in range(h)]
        _svg_grid(out, 8, y0, x[c], small, fills, cls="x", label=f"X[{c}]" if c_in > 1 else "X (input)")
        _svg_grid(out, 8 + small * w + gap, y0, weight[c, o], small, cls="k",
                  label=f"K[{c},{o}]" if c_in > 1 or weight.shape[1] > 1 else "K (kernel)")
        for cc, i, j, a, b in picked_terms:
            if cc == c:
                _outline(out, 8 + j * small, y0 + i * small, small, small, PICK, 3, cls="pick")
                _outline(out, 8 + small * w + gap + b * small, y0 + a * small, small, small, PICK, 3, cls="pick")
        if upto < n and c * h * w <= upto - 1 < (c + 1) * h * w:
            i, j = divmod(upto - 1 - c * h * w, w)
            _outline(out, 8 + j * small, y0 + i * small, small, small, "#222", 3, cls="current")
    # output grid
    ox, oy = left_w + 24, top_pad
    font = max(11, int(big * 0.4))
    xs = {(c, i, j): fmt(x[c, i, j]) for c in chans for i in range(h) for j in range(w)}
    ks = {(c, a, b): fmt(weight[c, o, a, b]) for c in chans for a in range(kh) for b in range(kw)}
    memo = {}

    def f(v):
        s = memo.get(v)
        if s is None:
            s = memo[v] = fmt(v)
        return s

    title = f"Y (output {gv.height}×{gv.width}; full grid {rows}×{cols})"
    out.append(f'<text x="{ox}" y="{oy - 7}" class="lbl" font-size="16">{title}</text>')
    cells = []
    for r in range(rows):
        y_ = oy + r * big
        vis_r = gv.top <= r < gv.top + gv.height
        for c in range(cols):
            x_ = ox + c * big
            value = f(gv.values[r, c])
            here = land[r][c]
            vis = vis_r and gv.left <= c < gv.left + gv.width
            if vis:
                vr, vc = r - gv.top, c - gv.left
                if upto == n:
                    tip = (f"Y[{vr},{vc}] = {value} = " + " + ".join(f"{xs[t[1:4]]}·{ks[(t[1], t[4], t[5])]}"
                                                                     for t in here)
                           if here else f"Y[{vr},{vc}] = {value} (no kernel copy reaches this cell)")
                else:
                    tip = f"Y[{vr},{vc}] = {value}"
                colours = [element_color(t[0]) for t in here if t[0] < upto] or ["#ffffff"]
                cells.append(f'<g class="y" data-r="{vr}" data-c="{vc}"><title>{tip}</title>')
            else:
                tip = f"removed by padding={padding} (full-grid value {value})"
                colours = [CROP_FILL]
                cells.append(f'<g class="y cropped" data-r="-1" data-c="-1"><title>{tip}</title>')
            sw = big / len(colours)
            for k, colour in enumerate(colours):
                cells.append(f'<rect x="{x_ + k * sw:.1f}" y="{y_}" width="{sw + 0.3:.1f}" height="{big}" fill="{colour}"/>')
            extra = ' fill="none"' if vis else ' fill="url(#hatch)"'
            cells.append(f'<rect x="{x_}" y="{y_}" width="{big}" height="{big}"{extra} stroke="#777" stroke-width="1"/>'
                         f'<text class="v" x="{x_ + big / 2}" y="{y_ + big / 2}" font-size="{font}" '
                         f'fill="{"#222" if vis else "#888"}">{value}</text></g>')
    out.append("".join(cells))
    _outline(out, ox + gv.left * big, oy + gv.top * big, gv.width * big, gv.height * big, "#111", 3, cls="window")
    if upto < n and upto >= 1:
        k = upto - 1
        rr, cc = np.nonzero(gv.lands[k])
        if rr.size:
            _outline(out, ox + cc.min() * big, oy + rr.min() * big, (cc.max() - cc.min() + 1) * big,
                     (rr.max() - rr.min() + 1) * big, "#222", 3, dash="6,4", cls="current")
    if pick is not None:
        _outline(out, ox + (pick[1] + gv.left) * big, oy + (pick[0] + gv.top) * big, big, big, PICK, 4, cls="pick")
    height = max(top_pad + len(chans) * block_h, oy + rows * big + 10)
    width = int(max(ox + cols * big + 10, ox + _text_w(title, 16) + 10))  # room for the title
    params = json.dumps(dict(x=x.tolist(), weight=weight.tolist(), stride=stride, padding=padding,
                             output_padding=output_padding, groups=groups, dilation=dilation,
                             out_channel=out_channel, upto=upto, pick=list(pick) if pick is not None else None),
                        default=int)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="tconv-svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="{SVG_FONT}" data-params="{escape(params)}">'
            f'<defs>{_HATCH}</defs><style>{_STYLE}g.y:hover rect{{stroke:#d62828;stroke-width:3}}</style>')
    return head + "".join(out) + "</svg>"


def message_html(text: str) -> str:
    """The sentence an explorer shows instead of a grid when the parameters are invalid (every explorer)."""
    return (f'<div class="tconv-message" style="padding:12px;border-left:4px solid {PICK};'
            f'background:#fff5f5;font-size:17px;max-width:760px;font-family:DejaVu Sans, Arial, sans-serif">{escape(text)}</div>')


def shape_chain_html(n, k, s, p, d, op, m, back, family, need) -> str:
    """HTML for ``ShapeExplorer``: ``n → Conv2d → m → ConvTranspose2d → back`` with both formulas substituted.

    Ints: input size n, kernel size k, stride s, padding p, dilation d, output_padding op, and the
    sizes the shapes layer computed: m (Conv2d output), back (ConvTranspose2d of m), family
    (``conv_input_sizes(m, ...)``: [(size, output_padding)]) and need (``output_padding_for(n, ...)``).
    Adds a ✓/✗ verdict and a table of the family. Introduced in 05_shape_inverse.ipynb.
    """
    ok = back == n
    td = 'style="padding:4px 16px;border-bottom:1px solid #ddd;text-align:center"'
    rows = "".join(
        f'<tr style="background:{"#e8f5e9;font-weight:bold" if size == n else "white"}"><td {td}>{size}</td>'
        f"<td {td}>{m}</td><td {td}>{op_}</td><td {td}><code>tconv(y, output_size=({size}, {size}))</code>"
        "</td></tr>" for size, op_ in family)
    head = "".join(f"<th {td}>{h}</th>" for h in ("input size", "Conv2d output", "output_padding", "or"))
    good, bad = '<span style="color:#2a7f62;font-weight:bold">', f'<span style="color:{PICK};font-weight:bold">'
    verdict = (f"{good}✓ the shape comes back</span>" if ok else
               f"{bad}✗ {back} ≠ {n}: set output_padding to {need}</span>")
    return (
        '<div class="tconv-shape-chain" style="font-size:17px;line-height:1.7;'
        'font-family:DejaVu Sans, Arial, sans-serif">'
        f"<div><b>Conv2d</b>: n = {n} → m = {escape(shapes.conv_output_formula(n, k, s, p, d))}</div>"
        f"<div><b>ConvTranspose2d</b>: m = {m} → {escape(shapes.conv_transpose_formula(m, k, s, p, op, d))}"
        f" &nbsp; {verdict}</div>"
        f"<div style='margin-top:8px'>Conv2d maps <b>{len(family)}</b> input size{'s' if len(family) > 1 else ''}"
        f" to m = {m}; output_padding (or <code>output_size=</code>) picks one:</div>"
        '<table class="tconv-family" style="border-collapse:collapse;margin-top:4px;font-size:16px">'
        f"<tr>{head}</tr>{rows}</table></div>")


# ---------------------------------------------------------------- SVG: shared pieces for the newer explorers

def _text_w(text, font):
    """Rough width in pixels of ``text`` at ``font`` px (DejaVu Sans averages ~0.6 em per character)."""
    return len(text) * font * 0.6


def _svg_doc(cls, width, height, body, attrs=""):
    width, height = int(np.ceil(width)), int(np.ceil(height))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="{SVG_FONT}"{attrs}>'
            f'<defs>{_HATCH}</defs><style>{_STYLE}</style>'
            f'<rect class="bg" x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
            + "".join(body) + "</svg>")


def _caption(out, x, y, text, width, font=16, bold=False):
    """Word-wrap ``text`` into lines at most ``width`` pixels wide, first baseline at ``y + font``.

    Returns the y just below the last line.
    """
    chars = max(16, int(width / (font * 0.6)))
    weight = ' font-weight="bold"' if bold else ""
    text = re.sub(r"\[(-?\d+), (-?\d+)\]", "[\\1,\u00a0\\2]", text)  # never break "Y[1, 2]"
    for line in textwrap.wrap(text, chars) or [""]:
        y += font * 1.3
        out.append(f'<text class="cap" x="{x}" y="{y:.1f}" font-size="{font}"{weight}>{escape(line)}</text>')
    return y + font * 0.4


# light yellow → orange → dark red, for counts (0 stays white)
_RAMP = np.array([[255, 247, 236], [253, 212, 158], [252, 141, 89], [215, 48, 31], [127, 0, 0]], float)


def count_colors(counts, vmax=None) -> np.ndarray:
    """Fill colours (hex strings, same shape as ``counts``) of a white → dark-red ramp; 0 is white.

    Introduced in 09_checkerboard.ipynb (``overlap_svg``).
    """
    counts = np.asarray(counts, float)
    vmax = float(vmax if vmax is not None else max(1.0, counts.max(initial=1.0)))
    values, inverse = np.unique(counts, return_inverse=True)   # few distinct counts: colour each once
    t = np.clip(values / vmax, 0, 1) * (len(_RAMP) - 1)
    lo = np.floor(t).astype(int).clip(0, len(_RAMP) - 2)
    f = (t - lo)[..., None]
    rgb = np.rint(_RAMP[lo] * (1 - f) + _RAMP[lo + 1] * f).astype(int)
    hexes = np.array([f"#{r:02x}{g:02x}{b:02x}" for r, g, b in rgb.reshape(-1, 3)], dtype=object)
    hexes[values == 0] = "#ffffff"
    return hexes[inverse.reshape(-1)].reshape(counts.shape)


def _dark(counts, vmax):
    """Where a count's cell is dark enough to need white text."""
    return np.asarray(counts, float) / max(float(vmax), 1.0) > 0.55


# ---------------------------------------------------------------- overlap counts (09_checkerboard)

def _grid_lines(x0, y0, rows, cols, cell, colour="#999", width=0.8):
    """All inner and outer lines of a rows×cols grid as one ``<path>``."""
    d = "".join(f"M{x0},{y0 + r * cell}h{cols * cell}" for r in range(rows + 1))
    d += "".join(f"M{x0 + c * cell},{y0}v{rows * cell}" for c in range(cols + 1))
    return f'<path d="{d}" stroke="{colour}" stroke-width="{width}" fill="none"/>'


def _count_cells(counts, gx, gy, cell, font, vmax):
    """A count map, compactly: one rect per run of equal colour, one row group of texts per row.

    Each count is ``<text class="n" data-c>`` inside ``<g class="row" data-r>``; dark cells add class ``d``.
    """
    rows, cols = counts.shape
    fills = count_colors(counts, vmax)
    dark = _dark(counts, vmax)
    xs = [f"{gx + (c + 0.5) * cell:.1f}" for c in range(cols)]
    parts = []
    for r in range(rows):
        yy = gy + r * cell
        c = 0
        while c < cols:
            e = c + 1
            while e < cols and fills[r, e] == fills[r, c]:
                e += 1
            parts.append(f'<rect x="{gx + c * cell}" y="{yy}" width="{(e - c) * cell}" height="{cell}" '
                         f'fill="{fills[r, c]}"/>')
            c = e
    parts.append(_grid_lines(gx, gy, rows, cols, cell))
    for r in range(rows):
        parts.append(f'<g class="row" data-r="{r}" transform="translate(0,{gy + (r + 0.5) * cell})" '
                     f'font-size="{font}">')
        parts.extend(f'<text class="n d" data-c="{c}" x="{xs[c]}">{v}</text>' if d else
                     f'<text class="n" data-c="{c}" x="{xs[c]}">{v}</text>'
                     for c, (v, d) in enumerate(zip(counts[r].tolist(), dark[r].tolist())))
        parts.append("</g>")
    parts.append(f'<rect x="{gx}" y="{gy}" width="{cols * cell}" height="{rows * cell}" fill="none" '
                 f'stroke="#333" stroke-width="2"/>')
    return "".join(parts)


def overlap_svg(counts, profile=None, interior=None, note=None, title=None, max_width=860) -> str:
    """The overlap-count map as an SVG heat map with each cell's count written in.

    counts ``(H, W)`` ints (``operations.overlap_count``); ``profile`` ``(W,)``: the 1-D count along
    a row, drawn as bars aligned with the columns on top; ``interior=(top, left, height, width)``:
    the cells far enough from the border, framed with a dashed line; ``note``: a sentence (the
    explorer's verdict) under the title. Each count is a ``<text class="n" data-c>`` inside a
    ``<g class="row" data-r>``; the profile's are ``<text class="p" data-c>``.
    Introduced in 09_checkerboard.ipynb.
    """
    counts = np.asarray(counts)
    if counts.ndim != 2 or counts.size == 0:
        raise ValueError(f"counts must be a non-empty 2-D array (H, W), got shape {counts.shape}.")
    rows, cols = counts.shape
    vmax = max(4, int(counts.max()))     # fixed floor: 1 copy is mid-orange, never the darkest red
    margin = 20
    cell = int(np.clip((max_width - 2 * margin) / max(cols, 1), 13, 48))
    font = int(np.clip(cell * 0.5, 8, 22))
    width = max(cols * cell + 2 * margin, 640)
    gx = (width - cols * cell) / 2
    out = []
    y = 6
    y = _caption(out, margin, y, title or f"Overlap count: how many kernel copies land on each output cell "
                                          f"({rows}×{cols})", width - 2 * margin, 18, bold=True)
    if note:
        y = _caption(out, margin, y, note, width - 2 * margin, 17)
    if profile is not None:
        profile = np.asarray(profile)
        if profile.shape != (cols,):
            raise ValueError(f"profile must have one count per column ({cols},), got shape {profile.shape}.")
        pmax = max(2, int(profile.max()))
        ph = 96
        y += 8
        out.append(f'<text class="lbl" x="{margin}" y="{y + 14}" font-size="14" font-weight="normal" '
                   f'fill="#444">1-D count along a row (the map is this row times this column)</text>')
        base = y + ph
        pfont = int(np.clip(cell * 0.5, 8, 18))
        pcol = count_colors(profile, vmax)   # same colour for the same number of copies as the map
        for c, v in enumerate(profile):
            h = (ph - 24 - pfont) * v / pmax
            out.append(f'<rect class="bar" x="{gx + c * cell + 1.5:.1f}" y="{base - h:.1f}" width="{cell - 3}" '
                       f'height="{h:.1f}" fill="{pcol[c]}" stroke="#555" stroke-width="1"/>'
                       f'<text class="p" data-c="{c}" x="{gx + (c + 0.5) * cell:.1f}" y="{base - h - pfont * 0.7:.1f}" '
                       f'font-size="{pfont}">{int(v)}</text>')
        out.append(f'<line x1="{gx}" y1="{base}" x2="{gx + cols * cell}" y2="{base}" stroke="#333" stroke-width="1.5"/>')
        y = base + 10
    gy = y + 4
    out.append(_count_cells(counts, gx, gy, cell, font, vmax))
    if interior is not None and interior[2] > 0 and interior[3] > 0:
        t, l, h, w = interior
        _outline(out, gx + l * cell, gy + t * cell, w * cell, h * cell, "#1d3557", 3, dash="8,5", cls="interior")
    height = gy + rows * cell + 6
    if interior is not None and interior[2] > 0 and interior[3] > 0:
        height = _caption(out, margin, height, "Dashed frame: the interior, where every input element that "
                          "could reach a cell does reach it.", width - 2 * margin, 15)
    height += 8
    return _svg_doc("tconv-overlap", width, height, out)


# ---------------------------------------------------------------- the convolution matrix (07_matrix_view)

TAP_PALETTE = ["#8ecae6", "#ffb703", "#90be6d", "#f4978e", "#cdb4db", "#f9c74f", "#a3c4f3", "#b5e48c", "#ffafcc"]


def tap_color(t: int) -> str:
    """Fill colour of kernel tap number ``t`` (row-major ``a·kW + b``); introduced in 07_matrix_view.ipynb."""
    return TAP_PALETTE[t % len(TAP_PALETTE)]


def _index_grid(out, x0, y0, shape, cell, fills, cls, label, pick=None, font=None, marks=None):
    """Numbered cells (or ``marks``) under a bold label; returns the width used (grid or label)."""
    rows, cols = shape
    font = font or int(np.clip(cell * 0.42, 10, 18))
    out.append(f'<text class="lbl" x="{x0}" y="{y0 - 8}" font-size="15">{escape(label)}</text>')
    for r in range(rows):
        for c in range(cols):
            k = r * cols + c
            xx, yy = x0 + c * cell, y0 + r * cell
            out.append(f'<g class="{cls}" data-i="{k}"><rect x="{xx}" y="{yy}" width="{cell}" height="{cell}" '
                       f'fill="{fills.get(k, "#ffffff")}" stroke="#666" stroke-width="1"/>'
                       f'<text x="{xx + cell / 2}" y="{yy + cell / 2}" font-size="{font}">'
                       f'{escape(marks[k] if marks else str(k))}</text></g>')
    if pick is not None:
        r, c = divmod(pick, cols)
        _outline(out, x0 + c * cell, y0 + r * cell, cell, cell, PICK, 4, cls="pick")
    return max(cols * cell, _text_w(label, 15))


def matrix_svg(C, taps=None, input_shape=None, output_shape=None, kernel=None, pick=None, caption=None,
               max_width=980) -> str:
    """The convolution matrix C ``(M, N)`` next to Cᵀ ``(N, M)``, each non-zero entry showing its kernel value.

    ``taps`` ``(M, N)`` ints: which kernel tap (``a·kW + b``) each entry is, −1 for zeros (sets the
    colours; default: one colour). With ``input_shape``/``output_shape`` (H, W) and ``kernel``
    (kH, kW), small grids of X (cells numbered as C's columns), K and Y (numbered as C's rows) are
    drawn on top. ``pick``: an output cell (row of C), framed in C, in Cᵀ (as a column), in Y, and
    its input window shaded in X. Non-zero entries are ``<g class="m">`` (C) and ``<g class="mt">``
    (Cᵀ) with ``data-r``/``data-c``; zeros are left blank. Introduced in 07_matrix_view.ipynb.
    """
    C = np.asarray(C, dtype=float)
    if C.ndim != 2 or C.size == 0:
        raise ValueError(f"C must be a non-empty 2-D matrix (M, N), got shape {C.shape}.")
    M, N = C.shape
    taps = np.where(C != 0, 0, -1) if taps is None else np.asarray(taps, dtype=int)
    if taps.shape != C.shape:
        raise ValueError(f"taps must have C's shape {C.shape}, got {taps.shape}.")
    if pick is not None and not 0 <= pick < M:
        raise ValueError(f"pick must be a row of C, between 0 and {M - 1}, got {pick}.")
    margin, lab, gap = 16, 26, 44
    m = int(np.clip((max_width - 2 * margin - 2 * lab - gap) / (N + M), 14, 40))
    mfont = int(np.clip(m * 0.5, 9, 18))
    ifont = int(np.clip(m * 0.42, 8, 13))
    out = []
    y = 30
    width = 2 * margin + 2 * lab + gap + (N + M) * m
    if input_shape is not None and output_shape is not None:
        s1 = 36
        h, w = input_shape
        ho, wo = output_shape
        if h * w != N or ho * wo != M:
            raise ValueError(f"input_shape {input_shape} and output_shape {output_shape} must have N={N} and "
                             f"M={M} cells (C's columns and rows).")
        xfills = {}
        if pick is not None:
            xfills = {j: tap_color(taps[pick, j]) for j in np.flatnonzero(C[pick])}
        x0 = margin
        x0 += _index_grid(out, x0, y, (h, w), s1, xfills, "xi", "X: cell j = column j") + 36
        if kernel is not None:
            kernel = np.asarray(kernel, dtype=float)
            kh, kw = kernel.shape
            kf = {t: tap_color(t) for t in range(kh * kw)}
            x0 += _index_grid(out, x0, y, (kh, kw), s1, kf, "kk", "K", marks=[fmt(v) for v in kernel.ravel()]) + 36
        yfills = {pick: "#fde2e2"} if pick is not None else {}
        x0 += _index_grid(out, x0, y, (ho, wo), s1, yfills, "yi", "Y: cell i = row i", pick=pick)
        width = max(width, x0 + margin)
        y += max(h, ho, kernel.shape[0] if kernel is not None else 0) * s1 + 46
    # C and Cᵀ with index labels
    cx, cy = margin + lab, y + lab
    c_title = f"C ({M}×{N}): rows = output cells, columns = input cells"
    tx = max(cx + N * m + gap + lab, cx + _text_w(c_title, 15) + 24)
    out.append(f'<text class="lbl" x="{cx}" y="{y - 6}" font-size="15">{c_title}</text>')
    out.append(f'<text class="lbl" x="{tx}" y="{y - 6}" font-size="15">Cᵀ ({N}×{M})</text>')
    width = max(width, tx + M * m + margin, tx + _text_w("Cᵀ (25×25)", 15) + margin, 560)
    for j in range(N):
        out.append(f'<text class="idx" x="{cx + (j + 0.5) * m}" y="{cy - lab / 2}" font-size="{ifont}">{j}</text>')
    for i in range(M):
        out.append(f'<text class="idx" x="{cx - lab / 2}" y="{cy + (i + 0.5) * m}" font-size="{ifont}">{i}</text>')
        out.append(f'<text class="idx" x="{tx + (i + 0.5) * m}" y="{cy - lab / 2}" font-size="{ifont}">{i}</text>')
    for j in range(N):
        out.append(f'<text class="idx" x="{tx - lab / 2}" y="{cy + (j + 0.5) * m}" font-size="{ifont}">{j}</text>')
    cells = [_grid_lines(cx, cy, M, N, m, "#d0d0d0", 1), _grid_lines(tx, cy, N, M, m, "#d0d0d0", 1),
             f'<g font-size="{mfont}">']
    for i, j in zip(*np.nonzero(C)):
        fill, text = tap_color(taps[i, j]) if taps[i, j] >= 0 else "#eeeeee", fmt(C[i, j])
        for cls, r, c, x_, y_ in (("m", i, j, cx + j * m, cy + i * m), ("mt", j, i, tx + i * m, cy + j * m)):
            cells.append(f'<g class="{cls}" data-r="{r}" data-c="{c}"><rect x="{x_}" y="{y_}" width="{m}" '
                         f'height="{m}" fill="{fill}" stroke="#999" stroke-width="1"/>'
                         f'<text x="{x_ + m / 2}" y="{y_ + m / 2}">{text}</text></g>')
    cells.append("</g>")
    out.append("".join(cells))
    for x_, w_, h_ in ((cx, N, M), (tx, M, N)):
        out.append(f'<rect x="{x_}" y="{cy}" width="{w_ * m}" height="{h_ * m}" fill="none" stroke="#333" stroke-width="2"/>')
    if pick is not None:
        _outline(out, cx - 2, cy + pick * m, N * m + 4, m, PICK, 4, cls="pick")
        _outline(out, tx + pick * m, cy - 2, m, N * m + 4, PICK, 4, cls="pick")
    height = cy + max(M, N) * m + 12
    if caption:
        height = _caption(out, margin, height, caption, width - 2 * margin, 16)
    return _svg_doc("tconv-matrix", width, height + 8, out)


# ---------------------------------------------------------------- equivalent direct convolution (08)

def _grid_cells(out, x0, y0, values, cell, fills, cls, font, texts=None, kinds=None):
    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            xx, yy = x0 + c * cell, y0 + r * cell
            kind = f' data-kind="{kinds[r][c]}"' if kinds is not None else ""
            hatch = (f'<rect x="{xx}" y="{yy}" width="{cell}" height="{cell}" fill="url(#hatch)"/>'
                     if kinds is not None and kinds[r][c] == "padding" else "")
            text = fmt(values[r, c]) if texts is None else texts[r][c]
            out.append(f'<g class="{cls}" data-r="{r}" data-c="{c}"{kind}><rect x="{xx}" y="{yy}" width="{cell}" '
                       f'height="{cell}" fill="{fills[r][c]}"/>{hatch}<rect x="{xx}" y="{yy}" width="{cell}" '
                       f'height="{cell}" fill="none" stroke="#666" stroke-width="1"/><text class="v" '
                       f'x="{xx + cell / 2}" y="{yy + cell / 2}" font-size="{font}">{text}</text></g>')


def equivalent_svg(x, kernel, stride=1, padding=0, output_padding=0, pick=(0, 0), caption=None,
                   max_width=980) -> str:
    """Scatter view and equivalent direct convolution of one transposed convolution, side by side.

    x ``(H, W)``, kernel ``(kH, kW)`` (one channel; dilation 1). (a) the scatter: X, K and Y with the
    input elements and kernel taps behind ``Y[pick]`` framed; (b) the direct convolution: the
    zero-inserted, padded input (input elements in their colours, inserted zeros blue-grey, padding
    zeros grey and hatched), the flipped kernel written into the window for ``pick`` and the same Y.
    Y cells are ``<g class="ya">`` (a) and ``<g class="yb">`` (b); padded-input cells ``<g class="p"
    data-kind=...>``. Needs ``padding ≤ kH − 1`` (no cropping in the equivalent convolution).
    Introduced in 08_equivalent_convolution.ipynb.
    """
    x = np.asarray(x, dtype=float)
    K = np.asarray(kernel, dtype=float)
    if x.ndim != 2 or K.ndim != 2:
        raise ValueError(f"x and kernel must be 2-D (one channel), got shapes {x.shape} and {K.shape}.")
    xd, pads, _ = equivalent_conv_parts(x[None], K[None, None], stride, padding, output_padding)
    if min(pads) < 0:
        raise ValueError(f"padding={padding} is larger than kernel_size − 1 = {K.shape[0] - 1}: the equivalent "
                         "convolution would have to crop its input; this picture needs padding ≤ kernel_size − 1.")
    t, b, l, r_ = pads
    P, wc, Y = equivalent_conv(x[None], K[None, None], stride, padding, output_padding)
    P, Y = P[0], Y[0]
    Yt = conv_transpose2d(x[None], K[None, None], stride=stride, padding=padding, output_padding=output_padding)[0]
    h, w = x.shape
    kh, kw = K.shape
    ho, wo = Y.shape
    sh, sw = as_pair(stride, "stride")
    pr, pc = pick
    if not (0 <= pr < ho and 0 <= pc < wo):
        raise ValueError(f"pick {pick} is outside the {ho}×{wo} output.")
    kinds = [["padding"] * P.shape[1] for _ in range(P.shape[0])]
    pfill = [[PADDING_FILL] * P.shape[1] for _ in range(P.shape[0])]
    for i in range(xd.shape[1]):
        for j in range(xd.shape[2]):
            kinds[t + i][l + j] = "inserted"
            pfill[t + i][l + j] = INSERTED_FILL
    for i in range(h):
        for j in range(w):
            kinds[t + i * sh][l + j * sw] = "input"
            pfill[t + i * sh][l + j * sw] = element_color(i * w + j)
    Kf = wc[0, 0]
    # layout: one cell size for every grid
    cols_a = max(w + kw + 1, wo)
    cols_b = max(P.shape[1], kw + 1 + wo)
    margin, gap = 16, 48
    cs = int(np.clip((max_width - 2 * margin - gap) / (cols_a + cols_b), 18, 46))
    font = int(np.clip(cs * 0.42, 9, 18))
    ax0 = margin
    bx0 = margin + cols_a * cs + gap
    width = bx0 + cols_b * cs + margin
    out = []
    y0 = 8
    width = max(width, bx0 + _text_w("zero-inserted, padded X (18×18)", 15) + margin)
    out.append(f'<text class="lbl" x="{ax0}" y="{y0 + 18}" font-size="17">(a) Scatter</text>')
    out.append(f'<text class="lbl" x="{bx0}" y="{y0 + 18}" font-size="17">(b) Direct convolution</text>')
    top = y0 + 56
    # (a) X, K, then Y
    terms = _scatter_terms(x, K, stride, padding, output_padding, pr, pc)
    xfill = [[element_color(i * w + j) for j in range(w)] for i in range(h)]
    out.append(f'<text class="lbl" x="{ax0}" y="{top - 8}" font-size="15">X</text>')
    _grid_cells(out, ax0, top, x, cs, xfill, "xa", font)
    kx = ax0 + (w + 1) * cs
    out.append(f'<text class="lbl" x="{kx}" y="{top - 8}" font-size="15">K</text>')
    _grid_cells(out, kx, top, K, cs, [["#ffffff"] * kw for _ in range(kh)], "ka", font)
    for i, j, a, bb in terms:
        _outline(out, ax0 + j * cs, top + i * cs, cs, cs, PICK, 3, cls="pick")
        _outline(out, kx + bb * cs, top + a * cs, cs, cs, PICK, 3, cls="pick")
    ya = top + max(h, kh) * cs + 40
    out.append(f'<text class="lbl" x="{ax0}" y="{ya - 8}" font-size="15">Y = sum of the copies ({ho}×{wo})</text>')
    _grid_cells(out, ax0, ya, Yt, cs, [["#ffffff"] * wo for _ in range(ho)], "ya", font)
    _outline(out, ax0 + pc * cs, ya + pr * cs, cs, cs, PICK, 4, cls="pick")
    bottom_a = ya + ho * cs
    # (b) padded, zero-inserted input with the flipped kernel in the window
    out.append(f'<text class="lbl" x="{bx0}" y="{top - 8}" font-size="15">zero-inserted, padded X '
               f'({P.shape[0]}×{P.shape[1]})</text>')
    _grid_cells(out, bx0, top, P, cs, pfill, "p", font, kinds=kinds)
    kfont = int(np.clip(cs * 0.3, 8, 13))
    for a in range(kh):
        for bb in range(kw):
            xx, yy = bx0 + (pc + bb) * cs, top + (pr + a) * cs
            out.append(f'<text class="kf" x="{xx + cs - 3}" y="{yy + kfont * 0.75}" font-size="{kfont}" '
                       f'fill="{PICK}" font-weight="bold" style="text-anchor:end">×{fmt(Kf[a, bb])}</text>')
    _outline(out, bx0 + pc * cs, top + pr * cs, kw * cs, kh * cs, PICK, 4, cls="window")
    yb = top + P.shape[0] * cs + 40
    out.append(f'<text class="lbl" x="{bx0}" y="{yb - 8}" font-size="15">K flipped</text>')
    _grid_cells(out, bx0, yb, Kf, cs, [["#ffffff"] * kw for _ in range(kh)], "kf", font)
    yx = bx0 + (kw + 1) * cs
    out.append(f'<text class="lbl" x="{yx}" y="{yb - 8}" font-size="15">Y = window sums</text>')
    _grid_cells(out, yx, yb, Y, cs, [["#ffffff"] * wo for _ in range(ho)], "yb", font)
    _outline(out, yx + pc * cs, yb + pr * cs, cs, cs, PICK, 4, cls="pick")
    bottom_b = yb + max(kh, ho) * cs
    # legend under (b)
    ly = bottom_b + 18
    lx = bx0
    for fill, text, hatch in ((element_color(0), "input element", False),
                              (INSERTED_FILL, f"inserted zero (stride − 1 = {sh - 1} between)", False),
                              (PADDING_FILL, "padding zero", True)):
        out.append(f'<rect x="{lx}" y="{ly}" width="18" height="18" fill="{fill}" stroke="#666"/>')
        if hatch:
            out.append(f'<rect x="{lx}" y="{ly}" width="18" height="18" fill="url(#hatch)"/>')
        out.append(f'<text class="leg" x="{lx + 24}" y="{ly + 15}" font-size="14" style="text-anchor:start">'
                   f'{escape(text)}</text>')
        ly += 24
    height = max(bottom_a, ly) + 10
    if caption:
        height = _caption(out, margin, height, caption, width - 2 * margin, 16)
    if not np.allclose(Y, Yt):  # cannot happen unless operations is broken; never draw a lie
        raise RuntimeError("internal check failed: the direct convolution differs from the transposed one.")
    return _svg_doc("tconv-equivalent", width, height + 8, out)


def _scatter_terms(x, K, stride, padding, output_padding, r, c):
    """[(i, j, a, b)] with x[i, j]·K[a, b] landing on Y[r, c] (one channel)."""
    return [tuple(int(v) for v in row[1:]) for row in
            contributing_terms(x[None], K[None, None], 0, r, c, stride, padding, output_padding)]


# ---------------------------------------------------------------- images (10_upsampling_in_practice)

def image_png(image, vmin=0.0, vmax=1.0) -> bytes:
    """A 2-D array ``(H, W)`` as 8-bit grayscale PNG bytes, values clipped to [vmin, vmax] (for ``images_svg``)."""
    from PIL import Image
    a = np.asarray(image, dtype=float)
    if a.ndim != 2:
        raise ValueError(f"image must be 2-D (H, W), got shape {a.shape}.")
    a = np.clip((a - vmin) / (vmax - vmin), 0, 1)
    buf = io.BytesIO()
    Image.fromarray(np.rint(a * 255).astype(np.uint8), mode="L").save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def images_svg(images, titles, display=256, caption=None, cls="tconv-images", vmin=0.0, vmax=1.0,
               frames=()) -> str:
    """Grayscale images side by side, each scaled to ``display`` pixels wide with crisp (unsmoothed) pixels.

    images: 2-D arrays; titles: one string each; ``frames``: ``[(image_index, (top, left, h, w))]``
    rectangles (in that image's pixels) outlined in red; returns an SVG with embedded PNGs (``<image>``).
    Introduced in 10_upsampling_in_practice.ipynb.
    """
    if len(images) != len(titles):
        raise ValueError(f"give one title per image: {len(images)} images, {len(titles)} titles.")
    margin, gap = 16, 24
    out = []
    x = margin
    top = 44
    heights = []
    for img, title in zip(images, titles):
        img = np.asarray(img)
        h = display * img.shape[0] / img.shape[1]
        data = base64.b64encode(image_png(img, vmin, vmax)).decode("ascii")
        lines = textwrap.wrap(title, max(12, int(display / (15 * 0.58))))
        for n, line in enumerate(lines[:2]):
            out.append(f'<text class="lbl" x="{x}" y="{top - 10 - 18 * (min(len(lines), 2) - 1 - n)}" '
                       f'font-size="15">{escape(line)}</text>')
        out.append(f'<image x="{x}" y="{top}" width="{display}" height="{h:.1f}" preserveAspectRatio="none" '
                   f'style="image-rendering:pixelated" image-rendering="pixelated" '
                   f'href="data:image/png;base64,{data}"/>')
        out.append(f'<rect x="{x}" y="{top}" width="{display}" height="{h:.1f}" fill="none" stroke="#333"/>')
        scale = display / img.shape[1]
        for index, (ft, fl, fh, fw) in frames:
            if index == len(heights):
                _outline(out, x + fl * scale, top + ft * scale, fw * scale, fh * scale, PICK, 2.5, cls="zoom")
        heights.append(h)
        x += display + gap
    width = x - gap + margin
    height = top + max(heights) + 8
    if caption:
        height = _caption(out, margin, height, caption, width - 2 * margin, 16)
    return _svg_doc(cls, width, height + 8, out)


# ---------------------------------------------------------------- matplotlib (static figures)

def _halo():
    from matplotlib import patheffects
    return [patheffects.withStroke(linewidth=3, foreground="white")]


def _mpl():
    import matplotlib.pyplot as plt
    return plt


def plot_grid(ax, values, fills=None, title=None, cropped=None, window=None, fontsize=14, outline=None):
    """Draw ``values`` (rows, cols) as a grid of numbered cells on ``ax``.

    ``fills[r][c]``: list of colours (stripes); ``cropped`` bool (rows, cols): grey hatched cells;
    ``window=(top, left, height, width)``: thick frame; ``outline``: list of (top, left, h, w, colour).
    Introduced in 01_basic_operation.ipynb (every panel of ``plot_scatter``).
    """
    from matplotlib.patches import Rectangle
    halo = _halo()
    values = np.asarray(values)
    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            colours = fills[r][c] if fills is not None else ["#ffffff"]
            if cropped is not None and cropped[r, c]:
                colours = [CROP_FILL]
            w = 1 / len(colours)
            for k, colour in enumerate(colours):
                ax.add_patch(Rectangle((c + k * w, r), w, 1, facecolor=colour, edgecolor="none"))
            hatch = "///" if cropped is not None and cropped[r, c] else None
            ax.add_patch(Rectangle((c, r), 1, 1, facecolor="none", edgecolor="#666", lw=1, hatch=hatch))
            grey = cropped is not None and cropped[r, c]
            ax.text(c + 0.5, r + 0.5, fmt(values[r, c]), ha="center", va="center", fontsize=fontsize,
                    color="#888" if grey else "#111", path_effects=halo)
    if window is not None:
        t, l, h, w = window
        ax.add_patch(Rectangle((l, t), w, h, facecolor="none", edgecolor="#111", lw=3))
    for t, l, h, w, colour in outline or []:
        ax.add_patch(Rectangle((l, t), w, h, facecolor="none", edgecolor=colour, lw=3, ls="--"))
    ax.set_xlim(-0.05, cols + 0.05)
    ax.set_ylim(rows + 0.05, -0.05)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=fontsize)


def _input_fills(h, w, offset=0):
    return [[[element_color(offset + i * w + j)] for j in range(w)] for i in range(h)]


def _output_fills(gv, upto=None):
    n = gv.lands.shape[0]
    upto = n if upto is None else upto
    rows, cols = gv.values.shape
    return [[[element_color(k) for k in np.flatnonzero(gv.lands[:, r, c]) if k < upto] or ["#ffffff"]
             for c in range(cols)] for r in range(rows)]


def plot_scatter(x, weight, stride=1, padding=0, output_padding=0, groups=1, dilation=1, out_channel=0,
                 copies=True, fontsize=14):
    """The scatter for one input channel and one output channel as a row of panels.

    X and K, then (if ``copies``) every input element's scaled copy on the full output grid, then
    their sum with the padding ring greyed and the visible output framed. x ``(1, H, W)``.
    Returns a matplotlib Figure. Introduced in 01_basic_operation.ipynb.
    """
    plt = _mpl()
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    if x.shape[0] != 1:
        raise ValueError(f"plot_scatter draws one input channel; got {x.shape[0]} (use plot_channels).")
    sc = scatter_copies(x, weight, stride, padding, output_padding, groups, dilation)
    gv = grid_view(x, weight, stride, padding, output_padding, groups, dilation, out_channel)
    h, w = x.shape[1:]
    o = out_channel % weight.shape[1]
    rows, cols = gv.values.shape
    n_copy = h * w if copies else 0
    widths = [w, weight.shape[3]] + [cols] * n_copy + [cols]
    fig, axes = plt.subplots(1, len(widths), figsize=(sum(widths) * 0.62 + 0.5 * len(widths), max(rows, h) * 0.62 + 0.9),
                             gridspec_kw={"width_ratios": widths})
    plot_grid(axes[0], x[0], _input_fills(h, w), "X", fontsize=fontsize)
    plot_grid(axes[1], weight[0, o], None, "K", fontsize=fontsize)
    cropped = np.ones((rows, cols), bool)
    cropped[gv.top:gv.top + gv.height, gv.left:gv.left + gv.width] = False
    for k in range(n_copy):
        i, j = divmod(k, w)
        copy = sc.copies[0, i, j, out_channel]
        fills = [[[element_color(k)] if gv.lands[k, r, c] else ["#ffffff"] for c in range(cols)] for r in range(rows)]
        plot_grid(axes[2 + k], copy, fills, f"{fmt(x[0, i, j])} · K", fontsize=fontsize - 2)
    any_crop = cropped.any()
    plot_grid(axes[-1], gv.values, _output_fills(gv), "Y = sum",
              cropped=cropped if any_crop else None, window=(gv.top, gv.left, gv.height, gv.width) if any_crop else None,
              fontsize=fontsize)
    if any_crop:  # below the grid, where a long note has room (a title would overrun a narrow panel)
        axes[-1].text(cols / 2, rows + 0.15, "grey: removed by padding", ha="center", va="top",
                      fontsize=fontsize - 2, color="#555")
    fig.tight_layout()
    plt.close(fig)
    return fig


def plot_channels(x, weight, stride=1, padding=0, output_padding=0, groups=1, dilation=1, out_channel=0,
                  fontsize=13):
    """Per-input-channel scatters that add up: one row per channel (X[c], K[c,o], partial sum), then the total.

    x ``(C_in, H, W)``, weight ``(C_in, C_out/groups, kH, kW)``. Returns a matplotlib Figure.
    Introduced in 04_multi_channel.ipynb.
    """
    plt = _mpl()
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    gv = grid_view(x, weight, stride, padding, output_padding, groups, dilation, out_channel)
    c_in, h, w = x.shape
    cg_in, cg_out = c_in // groups, weight.shape[1]
    chans = list(range((out_channel // cg_out) * cg_in, (out_channel // cg_out + 1) * cg_in))
    o = out_channel % cg_out
    rows, cols = gv.values.shape
    fig, axes = plt.subplots(len(chans) + 1, 3, figsize=(0.62 * (w + weight.shape[3] + cols) + 2.2,
                                                         (len(chans) + 1) * (0.62 * max(rows, h) + 0.8)),
                             gridspec_kw={"width_ratios": [w, weight.shape[3], cols]})
    for r_i, c in enumerate(chans):
        plot_grid(axes[r_i, 0], x[c], _input_fills(h, w, c * h * w), f"X[{c}]", fontsize=fontsize)
        plot_grid(axes[r_i, 1], weight[c, o], None, f"K[{c},{o}]", fontsize=fontsize)
        sub = gv._replace(lands=gv.lands.copy())
        mask = np.zeros(gv.lands.shape[0], bool)
        mask[c * h * w:(c + 1) * h * w] = True
        sub.lands[~mask] = False
        plot_grid(axes[r_i, 2], gv.partial[c], _output_fills(sub), f"channel {c}'s copies", fontsize=fontsize)
    axes[-1, 0].axis("off")
    axes[-1, 1].axis("off")
    note = "sum of\nthe rows\nabove →" if len(chans) > 1 else "the only\nchannel\nin this\ngroup →"
    axes[-1, 1].text(0.5, 0.5, note, ha="center", va="center", fontsize=fontsize)
    cropped = np.ones((rows, cols), bool)
    cropped[gv.top:gv.top + gv.height, gv.left:gv.left + gv.width] = False
    plot_grid(axes[-1, 2], gv.values, _output_fills(gv), f"Y[{out_channel}]", cropped=cropped if cropped.any() else None,
              window=(gv.top, gv.left, gv.height, gv.width) if cropped.any() else None, fontsize=fontsize)
    fig.tight_layout()
    plt.close(fig)
    return fig


def plot_heatmap(values, title=None, cmap="viridis", annotate=True, ax=None, fontsize=13, vmin=None, vmax=None):
    """A 2-D array as a colour map with its numbers written in (for overlap counts and matrices).

    Each number is white on dark cells and black on light ones. With ``ax`` draws there and returns
    the image; otherwise returns a new Figure with a colour bar. Introduced in 03_stride.ipynb.
    """
    plt = _mpl()
    values = np.asarray(values, dtype=float)
    fig = None
    if ax is None:
        fig, ax = plt.subplots(figsize=(min(0.55 * values.shape[1] + 1.6, 12), min(0.55 * values.shape[0] + 1.1, 10)))
    im = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax)
    if annotate:
        rgba = im.cmap(im.norm(values))
        light = rgba[..., :3] @ np.array([0.299, 0.587, 0.114]) > 0.5
        for (r, c), v in np.ndenumerate(values):
            ax.text(c, r, fmt(v), ha="center", va="center", fontsize=fontsize,
                    color="black" if light[r, c] else "white")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=max(13, fontsize))
    if fig is not None:
        bar = fig.colorbar(im, ax=ax, shrink=0.8)
        if values.size and np.all(values == np.round(values)):  # counts: whole-number ticks only
            from matplotlib.ticker import MaxNLocator
            bar.locator = MaxNLocator(integer=True)
            bar.update_ticks()
        fig.tight_layout()
        plt.close(fig)
        return fig
    return im


def plot_images(images, titles, cmap="gray", size=3.2):
    """Images side by side with titles; each image a 2-D ``(H, W)`` or ``(H, W, 3)`` array.

    Returns a matplotlib Figure. Introduced in 05_shape_inverse.ipynb.
    """
    plt = _mpl()
    fig, axes = plt.subplots(1, len(images), figsize=(size * len(images), size + 0.4))
    axes = np.atleast_1d(axes)
    for ax, img, title in zip(axes, images, titles):
        ax.imshow(np.asarray(img), cmap=cmap, interpolation="nearest")
        ax.set_title(title)
        ax.axis("off")
    fig.tight_layout()
    plt.close(fig)
    return fig
