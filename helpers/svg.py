"""SVG pictures for the live explorers: one element builder, one cell painter, one picture per explorer.

Every number drawn here was computed by ``operations`` (``grid_view``, ``landings``,
``contributing_terms``, ``equivalent_conv``, ``conv_matrix_taps``, ``padded_input_kinds``) or passed in
by the caller; every sentence comes from ``captions``; colours and letters from ``palette``. Pictures
are sized by their viewBox: ``width``/``height`` give the natural size (used where the SVG is an
image), and an inline style lets the picture grow with its container (up to 1.5× natural) or shrink on
a narrow page. Every root carries a stable CSS class (``tconv-svg``, ``tconv-overlap``, …).
Introduced in 01_basic_operation.ipynb (``scatter_svg``); each picture's notebook named in its docstring.
"""
from __future__ import annotations

import base64
import io
import json
import re
import textwrap
from html import escape

import numpy as np

from . import operations
from .captions import cell_tip, cropped_tip, fmt, scatter_repeat_note
from .fonts import svg_font_family
from .i18n import tr
from .palette import (CROP_FILL, CROP_TEXT, EMPTY_FILL, INSERTED_FILL, PADDING_FILL, PALETTE, PICK, TEXT, element_color,
                      element_label, stripes, tap_color)
from .shapes import as_pair

__all__ = ["el", "cell", "scatter_svg", "message_html", "shape_chain_html", "count_colors", "overlap_svg", "matrix_svg",
           "equivalent_svg", "image_png", "images_svg", "SVG_FONT", "matrix_step_svg", "DONE_FILL"]

SVG_FONT = "DejaVu Sans, Arial, sans-serif"
GROW = 1.5   # how far past its natural width a picture may grow (projectors, wide slides)
_STYLE = ("text{text-anchor:middle;dominant-baseline:central}"
          "text.leg,text.lbl,text.cap{text-anchor:start;dominant-baseline:auto}"
          "text.lbl{font-weight:bold}"
          f"text.idx{{fill:{CROP_TEXT}}}"
          "text.tag,text.cnt{font-weight:bold}"
          "text.v{stroke:#fff;stroke-width:3px;paint-order:stroke;stroke-linejoin:round}"
          "text.n{fill:#111}text.n.d{fill:#fff}")
_DEFS = ('<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
         '<line x1="0" y1="0" x2="0" y2="6" stroke="#b5b5b5" stroke-width="2"/></pattern>'
         '<pattern id="dots" width="6" height="6" patternUnits="userSpaceOnUse">'
         '<circle cx="3" cy="3" r="1" fill="#9a9a9a"/></pattern>')


# ---------------------------------------------------------------- the builders

def _num(v):
    if isinstance(v, (float, np.floating)):
        return f"{float(v):.1f}".rstrip("0").rstrip(".")
    return str(int(v)) if isinstance(v, np.integer) else str(v)


def _attrs(**attrs) -> str:
    """``name="value"`` pairs: ``class_`` → ``class``; other ``_`` in names → ``-`` (``font_size``,
    ``data_r``); None values are left out; every value is escaped."""
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        name = "class" if name == "class_" else name.replace("_", "-")
        text = _num(value) if isinstance(value, (int, float, np.integer, np.floating)) else str(value)
        parts.append(f'{name}="{escape(text)}"')
    return " ".join(parts)


def el(tag, text=None, **attrs) -> str:
    """One SVG element as text, attributes as in ``_attrs``; the text (if any) is escaped."""
    head = f"<{tag} {_attrs(**attrs)}" if attrs else f"<{tag}"
    return head + "/>" if text is None else f"{head}>{escape(str(text))}</{tag}>"


def cell(x, y, size, text, cls, r, c, fills=(EMPTY_FILL,), font=None, title=None, labels=(), count=None,
         pattern=None, text_fill=TEXT, data=None, tag_font=None, text_y=None) -> str:
    """One numbered cell: ``<g class=cls data-r data-c>`` with a tooltip, stripes (one per colour in
    ``fills``, each with its letter from ``labels`` along the top), an optional ``pattern`` overlay
    (``"hatch"``/``"dots"``), the border, the number ``text`` and, with ``count`` > ``len(labels)``,
    a ``×count`` badge (many copies on one cell). ``data``: extra ``data-*`` attributes. ``tag_font``: the
    letters' and badge's font size (default a quarter of the cell). ``text_y``: the number's height in the
    cell (default: the middle, a little lower under letters or a badge)."""
    font = _fit(text, size, font or max(11, int(size * 0.42)))
    extra = {f"data_{k}": v for k, v in (data or {}).items()}
    out = [f"<g {_attrs(class_=cls, data_r=r, data_c=c, **extra)}>"]
    if title:
        out.append(el("title", title))
    w = size / max(1, len(fills))
    for k, colour in enumerate(fills):
        out.append(el("rect", x=x + k * w, y=y, width=w + 0.3, height=size, fill=colour, class_="s"))
    if pattern:
        out.append(el("rect", x=x, y=y, width=size, height=size, fill=f"url(#{pattern})"))
    out.append(el("rect", x=x, y=y, width=size, height=size, fill="none", stroke="#666", stroke_width=1))
    tag_font = tag_font or max(10, int(size * 0.24))
    for k, label in enumerate(labels):
        out.append(el("text", label, class_="tag", x=x + (k + 0.5) * w, y=y + tag_font * 0.7, font_size=tag_font,
                      fill=TEXT))
    if count is not None and count > len(labels):
        out.append(el("text", f"×{count}", class_="cnt", x=x + size / 2, y=y + tag_font * 0.7, font_size=tag_font,
                      fill=TEXT))
    ty = size / 2 + (tag_font * 0.25 if labels or count else 0) if text_y is None else text_y
    out.append(el("text", text, class_="v", x=x + size / 2, y=y + ty, font_size=font, fill=text_fill))
    out.append("</g>")
    return "".join(out)


#: Widest digit, minus sign or point of DejaVu Sans, in em (digits 0.636, "−" 0.838 are the widest used).
_NUMBER_EM = 0.64


def _fit(text, size, font):
    """The largest font ≤ ``font`` at which the number ``text`` fits a ``size``-wide cell with 3 px to spare
    on each side (e.g. "-15968016" in a 56-px cell: 10 px, not 23)."""
    width = sum(0.84 if ch == "\u2212" else _NUMBER_EM for ch in str(text)) or 1
    return max(1, min(font, int((size - 6) / width)))


def _fit_size(texts, size, font=10):
    """``size`` widened so that the longest of ``texts`` fits at ``font`` px (``_fit``)."""
    longest = max((sum(0.84 if ch == "\u2212" else _NUMBER_EM for ch in t) for t in texts), default=0)
    return max(size, int(np.ceil(longest * font + 6)))


def _outline(out, x, y, w, h, colour, width=3, dash=None, cls="", data=None):
    extra = {f"data_{k}": v for k, v in (data or {}).items()}
    out.append(el("rect", class_=cls, x=x, y=y, width=w, height=h, fill="none", stroke=colour, stroke_width=width,
                  stroke_dasharray=dash, **extra))


def _label(out, x, y, text, size=15):
    out.append(el("text", text, class_="lbl", x=x, y=y, font_size=size))


def _title_lines(text, width, font):
    """A bold title's lines at most ``width`` px wide (bold DejaVu Sans: ~0.62 em a character; Chinese by width)."""
    if _WIDE.search(text):
        return _wrap_wide(text, width, font) or [""]
    return textwrap.wrap(text, max(8, int(width / (font * 0.62)))) or [""]


def _title(out, x, y, lines, font):
    """``_title_lines`` as labels, the last one's baseline at ``y``."""
    step = round(font * 1.2)
    for n, line in enumerate(lines):
        _label(out, x, y - step * (len(lines) - 1 - n), line, font)


_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")   # CJK: ~1 em each


def _text_w(text, font):
    """Rough width in pixels of ``text`` at ``font`` px (DejaVu Sans averages ~0.6 em per character; a
    Chinese character or full-width punctuation mark ~1 em)."""
    return (len(text) + len(_WIDE.findall(text)) * 2 / 3) * font * 0.6


_CLOSING = set("，。：；、）》」』！？")   # never at the start of a line (they stay with the word before)
_OPENING = set("（《「『")   # never at the end of an image title's line (images_svg)


def _wrap_wide(text, width, font):
    """Lines of ``text`` (containing Chinese) at most ``width`` px wide: breaks between Chinese characters
    or at spaces, never inside a Latin word, a number or ``Y[1,\u00a02]``."""
    lines, line = [], ""
    for token in re.findall(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[^ \t\n\u2e80-\u9fff"
                            r"\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+|[ \t\n]+", text):
        if line and not token.isspace() and token not in _CLOSING and _text_w(line + token, font) > width:
            lines.append(line.rstrip())
            line = ""
        if not (token.isspace() and not line):
            line += " " if token.isspace() else token
    return lines + [line.rstrip()] if line.strip() else lines


def _svg_doc(cls, width, height, body, attrs="", extra_style=""):
    """The ``<svg>`` root: natural size in width/height, grows with its container up to ``GROW``×."""
    width, height = int(np.ceil(width)), int(np.ceil(height))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
            f'style="width:100%;max-width:{int(width * GROW)}px;height:auto" font-family="{svg_font_family(SVG_FONT)}"{attrs}>'
            f'<defs>{_DEFS}</defs><style>{_STYLE}{extra_style}</style>'
            f'<rect class="bg" x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
            + "".join(body) + "</svg>")


def _caption(out, x, y, text, width, font=16, bold=False):
    """Word-wrap ``text`` into lines at most ``width`` pixels wide, first baseline at ``y + font``.

    Returns the y just below the last line.
    """
    chars = max(16, int(width / (font * 0.6)))
    text = re.sub(r"\[(-?\d+), (-?\d+)\]", "[\\1,\u00a0\\2]", text)  # never break "Y[1, 2]"
    for line in (_wrap_wide(text, width, font) if _WIDE.search(text) else textwrap.wrap(text, chars)) or [""]:
        y += font * 1.3
        out.append(el("text", line, class_="cap", x=x, y=round(y, 1), font_size=font,
                      font_weight="bold" if bold else None))
    return y + font * 0.4


# ---------------------------------------------------------------- the scatter (01–06)

def scatter_svg(x, weight, stride=1, padding=0, output_padding=0, groups=1, dilation=1, out_channel=0,
                upto=None, pick=None, max_width=760, view=None) -> str:
    """An SVG picture of the scatter for one output channel, as the explorers show it.

    Left: each input channel X[c] (every element in its own colour and letter) and its kernel K[c, o].
    Right: the full output grid; each cell is striped with the colours and letters of the copies that
    have landed on it (``operations.landings``; a ``×n`` count when more than ``palette.MAX_STRIPES``)
    and shows their sum; the ring that ``padding`` removes is grey and hatched; the visible output is
    framed. ``upto`` shows only the first copies that reach ``out_channel`` (with ``groups > 1``: of its
    group's input channels; the newest one outlined); ``pick=(row, col)`` marks
    one visible output cell and the input elements and kernel taps that meet there.
    Cells: ``<g class="x|k" data-ch data-r data-c>``; output cells ``<g class="y" data-r data-c data-fr
    data-fc data-from>`` (visible coordinates, -1 if cropped; full-grid coordinates; the element numbers
    whose copies are in the cell); pick frames ``rect.pick`` with ``data-panel``/``data-ch``/``data-r``/
    ``data-c``. The ``<svg>`` carries ``data-params`` (JSON of the arguments). ``view``: the
    ``operations.grid_view`` of these arguments if the caller already has it.
    Introduced in 01_basic_operation.ipynb (``ScatterExplorer``).
    """
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    gv = view if view is not None else operations.grid_view(x, weight, stride, padding, output_padding, groups,
                                                            dilation, out_channel, upto)
    c_in, h, w = x.shape
    cg_in, cg_out = c_in // groups, weight.shape[1]
    grp = out_channel // cg_out
    chans = list(range(grp * cg_in, (grp + 1) * cg_in))
    o = out_channel % cg_out
    kh, kw = weight.shape[2:]
    rows, cols = gv.values.shape
    total, upto = c_in * h * w, gv.upto
    first, n = chans[0] * h * w, cg_in * h * w     # the copies that reach out_channel: elements first .. first + n - 1
    upto_e = first + upto                          # element numbers below this one are added
    land = operations.landings(x.shape, weight.shape, stride, padding, output_padding, groups, dilation, out_channel)
    picked = []
    if pick is not None:
        pr, pc = pick
        if not (0 <= pr < gv.height and 0 <= pc < gv.width):
            raise ValueError(tr("svg.scatter_pick", pick=tuple(pick), h=gv.height, w=gv.width))
        picked = land[pr + gv.top][pc + gv.left]

    small = int(np.clip(260 / max(w + kw, 1), 30, 48))
    big = int(np.clip((max_width - 2 * small * max(w, 1) - small * max(kw, 1) - 60) / max(cols, 1), 24, 56))
    # long numbers (typed values up to ±999 give sums like -15968016) widen the cells to keep 10 px text
    small = _fit_size([fmt(v) for v in np.concatenate([x.ravel(), weight.ravel()])], small)
    big = _fit_size([fmt(v) for v in gv.values.ravel()], big)
    gap, top_pad = 22, 30
    left_w = small * (w + kw) + gap * 2
    block_h = small * max(h, kh) + top_pad + 8
    out = []
    for row_i, c in enumerate(chans):
        y0 = top_pad + row_i * block_h
        kx = 8 + small * w + gap
        _label(out, 8, y0 - 7, f"X[{c}]" if c_in > 1 else tr("svg.scatter_x_title"), 17)
        _label(out, kx, y0 - 7, f"K[{c},{o}]" if c_in > 1 or weight.shape[1] > 1 else tr("svg.scatter_k_title"), 17)
        for i in range(h):
            for j in range(w):
                e = (c * h + i) * w + j
                added = e < upto_e
                out.append(cell(8 + j * small, y0 + i * small, small, fmt(x[c, i, j]), "x", i, j,
                                [element_color(e)] if added else [EMPTY_FILL], labels=[element_label(e)],
                                data={"ch": c, "e": e}))
        for a in range(kh):
            for b in range(kw):
                out.append(cell(kx + b * small, y0 + a * small, small, fmt(weight[c, o, a, b]), "k", a, b,
                                data={"ch": c}))
        for _, cc, i, j, a, b in picked:
            if cc == c:
                _outline(out, 8 + j * small, y0 + i * small, small, small, PICK, 3, cls="pick",
                         data={"panel": "x", "ch": c, "r": i, "c": j})
                _outline(out, kx + b * small, y0 + a * small, small, small, PICK, 3, cls="pick",
                         data={"panel": "k", "ch": c, "r": a, "c": b})
        if upto < n and c * h * w <= upto_e - 1 < (c + 1) * h * w:
            i, j = divmod(upto_e - 1 - c * h * w, w)
            _outline(out, 8 + j * small, y0 + i * small, small, small, "#222", 3, cls="current",
                     data={"panel": "x", "ch": c, "r": i, "c": j})
    ox, oy = left_w + 24, top_pad
    font = max(12, int(big * 0.4))
    badge = max(10, int(big * 0.32))   # the ×n badge (many copies on one cell): larger than the letters
    title = tr("svg.scatter_y_title", h=gv.height, w=gv.width, rows=rows, cols=cols)
    _label(out, ox, oy - 7, title, 18)
    complete = upto == n
    for r in range(rows):
        for c in range(cols):
            value = gv.values[r, c]
            here = [t for t in land[r][c] if t[0] < upto_e]
            fills, labels, count = stripes([t[0] for t in here])
            vis = not gv.cropped[r, c]
            vr, vc = (r - gv.top, c - gv.left) if vis else (-1, -1)
            data = {"fr": r, "fc": c, "from": " ".join(str(t[0]) for t in here)}
            if vis:
                out.append(cell(ox + c * big, oy + r * big, big, fmt(value), "y", vr, vc, fills, font,
                                cell_tip(vr, vc, value, land[r][c], x, weight, out_channel, complete),
                                labels, count, data=data, tag_font=badge if count > len(labels) else None))
            else:
                out.append(cell(ox + c * big, oy + r * big, big, fmt(value), "y cropped", -1, -1, [CROP_FILL], font,
                                cropped_tip(padding, value), [], None, "hatch", CROP_TEXT, data=data))
    _outline(out, ox + gv.left * big, oy + gv.top * big, gv.width * big, gv.height * big, "#111", 3, cls="window")
    if 1 <= upto < n:
        rr, cc = np.nonzero(gv.lands[upto_e - 1])
        if rr.size:
            _outline(out, ox + cc.min() * big, oy + rr.min() * big, (cc.max() - cc.min() + 1) * big,
                     (rr.max() - rr.min() + 1) * big, "#222", 3, dash="6,4", cls="current-copy")
    if pick is not None:
        _outline(out, ox + (pick[1] + gv.left) * big, oy + (pick[0] + gv.top) * big, big, big, PICK, 4, cls="pick",
                 data={"panel": "y", "r": pick[0], "c": pick[1]})
    height = max(top_pad + len(chans) * block_h, oy + rows * big + 10)
    width = max(ox + cols * big + 10, ox + _text_w(title, 18) + 10)
    if total > len(PALETTE):  # colours repeat: say that the letters tell the elements apart
        height = _caption(out, 8, height - 4, scatter_repeat_note(total, len(PALETTE)), width - 16, font=18)
    params = json.dumps(dict(x=x.tolist(), weight=weight.tolist(), stride=stride, padding=padding,
                             output_padding=output_padding, groups=groups, dilation=dilation,
                             out_channel=out_channel, upto=upto, pick=list(pick) if pick is not None else None),
                        default=int)
    return _svg_doc("tconv-svg", width, height, out, attrs=f' data-params="{escape(params)}"',
                    extra_style=f"g.y:hover rect{{stroke:{PICK};stroke-width:3}}")


# ---------------------------------------------------------------- HTML pieces

def message_html(text: str) -> str:
    """The sentence an explorer shows instead of a grid when the parameters are invalid (every explorer)."""
    return (f'<div class="tconv-message" style="padding:12px;border-left:4px solid {PICK};'
            f'background:#fff5f5;font-size:17px;max-width:760px;font-family:{svg_font_family(SVG_FONT)}">{escape(text)}</div>')


def shape_chain_html(n, k, s, p, d, op, m, back, family, need) -> str:
    """HTML for ``ShapeExplorer``: ``n → Conv2d → m → ConvTranspose2d → back`` with both formulas substituted.

    Ints: input size n, kernel size k, stride s, padding p, dilation d, output_padding op, and the
    sizes the shapes layer computed: m (Conv2d output), back (ConvTranspose2d of m), family
    (``conv_input_sizes(m, ...)``: [(size, output_padding)]) and need (``output_padding_for(n, ...)``).
    The verdict (``captions.shape_verdict``) is ``<span class="tconv-verdict" data-ok>``; the family
    table ``table.tconv-family`` has one ``tr.row`` per size. Introduced in 05_shape_inverse.ipynb.
    """
    from . import captions, shapes
    ok, verdict = captions.shape_verdict(n, back, need)
    td = 'style="padding:4px 16px;border-bottom:1px solid #ddd;text-align:center"'
    rows = "".join(
        f'<tr class="row" style="background:{"#e8f5e9;font-weight:bold" if size == n else "white"}"><td {td}>{size}</td>'
        f"<td {td}>{m}</td><td {td}>{op_}</td><td {td}><code>tconv(y, output_size=({size}, {size}))</code>"
        "</td></tr>" for size, op_ in family)
    head = "".join(f"<th {td}>{h}</th>" for h in (tr("svg.chain_input_size"), tr("svg.chain_conv_output"),
                                                      tr("svg.chain_output_padding"), tr("svg.chain_or")))
    colour = "#1e7b4f" if ok else PICK
    return (
        f'<div class="tconv-shape-chain" style="font-size:17px;line-height:1.7;font-family:{svg_font_family(SVG_FONT)}">'
        f"<div><b>Conv2d</b>: n = {n} → m = {escape(shapes.conv_output_formula(n, k, s, p, d))}</div>"
        f"<div><b>ConvTranspose2d</b>: m = {m} → {escape(shapes.conv_transpose_formula(m, k, s, p, op, d))}"
        f' &nbsp; <span class="tconv-verdict" data-ok="{int(ok)}" style="color:{colour};font-weight:bold">'
        f"{escape(verdict)}</span></div>"
        "<div style='margin-top:8px'>"
        + (tr("svg.chain_maps_many", count=len(family), m=m) if len(family) > 1 else
           tr("svg.chain_maps_one", count=len(family), m=m))
        + "</div>"
        '<table class="tconv-family" style="border-collapse:collapse;margin-top:4px;font-size:16px">'
        f"<tr>{head}</tr>{rows}</table></div>")


# ---------------------------------------------------------------- overlap counts (09_checkerboard)

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
    """Where a count's cell is dark enough to need white text: past the ramp's point (0.71) where white
    reads better than #111 (WCAG contrast; both are 4.4:1 there)."""
    return np.asarray(counts, float) / max(float(vmax), 1.0) > 0.71


def _grid_lines(x0, y0, rows, cols, cell_size, colour="#999", width=0.8):
    """All inner and outer lines of a rows×cols grid as one ``<path>``."""
    d = "".join(f"M{x0},{y0 + r * cell_size}h{cols * cell_size}" for r in range(rows + 1))
    d += "".join(f"M{x0 + c * cell_size},{y0}v{rows * cell_size}" for c in range(cols + 1))
    return el("path", d=d, stroke=colour, stroke_width=width, fill="none")


def _count_cells(counts, gx, gy, size, font, vmax):
    """A count map, compactly (it can be 60×60): one rect per run of equal colour, one row group of texts
    per row. Each count is ``<text class="n" data-c>`` inside ``<g class="row" data-r>``; dark cells add ``d``."""
    rows, cols = counts.shape
    fills = count_colors(counts, vmax)
    dark = _dark(counts, vmax)
    xs = [f"{gx + (c + 0.5) * size:.1f}" for c in range(cols)]
    parts = []
    for r in range(rows):
        c = 0
        while c < cols:
            e = c + 1
            while e < cols and fills[r, e] == fills[r, c]:
                e += 1
            parts.append(el("rect", x=gx + c * size, y=gy + r * size, width=(e - c) * size, height=size,
                            fill=fills[r, c]))
            c = e
    parts.append(_grid_lines(gx, gy, rows, cols, size))
    for r in range(rows):
        parts.append(f'<g class="row" data-r="{r}" transform="translate(0,{gy + (r + 0.5) * size})" '
                     f'font-size="{font}">')
        parts.extend(f'<text class="n{" d" if d else ""}" data-c="{c}" x="{xs[c]}">{v}</text>'
                     for c, (v, d) in enumerate(zip(counts[r].tolist(), dark[r].tolist())))
        parts.append("</g>")
    parts.append(el("rect", x=gx, y=gy, width=cols * size, height=rows * size, fill="none", stroke="#333",
                    stroke_width=2))
    return "".join(parts)


def overlap_svg(counts, profile=None, interior=None, note=None, title=None, max_width=860) -> str:
    """The overlap-count map as an SVG heat map with each cell's count written in.

    counts ``(H, W)`` ints (``operations.overlap_count``); ``profile`` ``(W,)``: the 1-D count along
    a row, drawn as bars aligned with the columns on top; ``interior=(top, left, height, width)``
    (``operations.overlap_interior``): framed with a dashed ``rect.interior`` carrying ``data-top``,
    ``data-left``, ``data-height``, ``data-width``; ``note``: the verdict under the title. Each count is
    a ``<text class="n" data-c>`` inside a ``<g class="row" data-r>``; the profile's are
    ``<text class="p" data-c>``. Introduced in 09_checkerboard.ipynb.
    """
    counts = np.asarray(counts)
    if counts.ndim != 2 or counts.size == 0:
        raise ValueError(tr("svg.counts_ndim", shape=counts.shape))
    rows, cols = counts.shape
    vmax = max(4, int(counts.max()))     # fixed floor: 1 copy is mid-orange, never the darkest red
    margin = 20
    # a wide, short picture (cells ≤ 34, text 20): a 1280×720 slide shows it near its natural size, so every
    # count and sentence renders ≥ 18 px; the counts fill 0.6 of a cell
    size = int(np.clip((max_width - 2 * margin) / max(cols, 1), 13, 34))
    font = int(np.clip(size * 0.6, 8, 20))
    text = 20
    width = max(cols * size + 2 * margin, 760)
    gx = (width - cols * size) / 2
    out = []
    title = title or tr("svg.overlap_title", rows=rows, cols=cols)
    y = _caption(out, margin, 6, title, width - 2 * margin, text, bold=True)
    if note:
        y = _caption(out, margin, y, note, width - 2 * margin, text)
    if profile is not None:
        profile = np.asarray(profile)
        if profile.shape != (cols,):
            raise ValueError(tr("svg.profile_shape", cols=cols, shape=profile.shape))
        pmax = max(2, int(profile.max()))
        ph = 88
        y += 4
        out.append(el("text", tr("svg.overlap_profile_title"), class_="leg",
                      x=margin, y=y + text, font_size=text, fill="#444"))
        base = y + ph
        pfont = int(np.clip(size * 0.6, 8, 20))
        pcol = count_colors(profile, vmax)   # same colour for the same number of copies as the map
        for c, v in enumerate(profile):
            h = (ph - 32 - pfont) * v / pmax
            out.append(el("rect", class_="bar", x=round(gx + c * size + 1.5, 1), y=round(base - h, 1),
                          width=size - 3, height=round(h, 1), fill=pcol[c], stroke="#555", stroke_width=1))
            out.append(el("text", int(v), class_="p", data_c=c, x=round(gx + (c + 0.5) * size, 1),
                          y=round(base - h - pfont * 0.7, 1), font_size=pfont))
        out.append(el("line", x1=gx, y1=base, x2=gx + cols * size, y2=base, stroke="#333", stroke_width=1.5))
        y = base + 10
    gy = y + 4
    out.append(_count_cells(counts, gx, gy, size, font, vmax))
    has_interior = interior is not None and interior[2] > 0 and interior[3] > 0
    if has_interior:
        t, l, h, w = interior
        _outline(out, gx + l * size, gy + t * size, w * size, h * size, "#1d3557", 3, dash="8,5", cls="interior",
                 data={"top": t, "left": l, "height": h, "width": w})
    height = gy + rows * size + 6
    if has_interior:
        height = _caption(out, margin, height, tr("svg.overlap_frame_note"), width - 2 * margin, text)
    return _svg_doc("tconv-overlap", width, height + 8, out)


# ---------------------------------------------------------------- the convolution matrix (07_matrix_view)

def _index_grid(out, x0, y0, shape, size, fills, cls, label, marks=None, pick=None, font=None, label_font=15):
    """Cells numbered 0, 1, … row-major (or showing ``marks``) under a bold label; returns the width used.
    ``font``: the numbers' size (default from the cell), ``label_font`` the label's."""
    rows, cols = shape
    font = font or int(np.clip(size * 0.42, 12, 18))
    _label(out, x0, y0 - 8, label, label_font)
    for r in range(rows):
        for c in range(cols):
            k = r * cols + c
            out.append(cell(x0 + c * size, y0 + r * size, size, marks[k] if marks else k, cls, r, c,
                            [fills.get(k, EMPTY_FILL)], font, data={"i": k}))
    if pick is not None:
        r, c = divmod(pick, cols)
        _outline(out, x0 + c * size, y0 + r * size, size, size, PICK, 4, cls="pick")
    return max(cols * size, _text_w(label, label_font))


def matrix_svg(C, taps=None, input_shape=None, output_shape=None, kernel=None, pick=None, caption=None,
               max_width=720) -> str:
    """The convolution matrix C ``(M, N)`` next to Cᵀ ``(N, M)``, each non-zero entry showing its kernel value.

    ``taps`` ``(M, N)`` ints (``operations.conv_matrix_taps``): which kernel tap (``a·kW + b``) each entry
    is, −1 for zeros (sets the colours, ``palette.tap_color``; default: one colour). With
    ``input_shape``/``output_shape`` (H, W) and ``kernel`` (kH, kW), small grids of X (``g.xi``, cells
    numbered as C's columns), K (``g.kk``) and Y (``g.yi``, numbered as C's rows) are drawn on top.
    ``pick``: an output cell (row of C), framed in C, in Cᵀ (as a column), in Y, and its input window
    coloured in X by tap. Non-zero entries are ``<g class="m">`` (C) and ``<g class="mt">`` (Cᵀ) with
    ``data-r``/``data-c``; zeros are left blank. Introduced in 07_matrix_view.ipynb.
    """
    C = np.asarray(C, dtype=float)
    if C.ndim != 2 or C.size == 0:
        raise ValueError(tr("svg.matrix_ndim", shape=C.shape))
    M, N = C.shape
    taps = np.where(C != 0, 0, -1) if taps is None else np.asarray(taps, dtype=int)
    if taps.shape != C.shape:
        raise ValueError(tr("svg.taps_shape", shape=C.shape, taps_shape=taps.shape))
    if pick is not None and not 0 <= pick < M:
        raise ValueError(tr("svg.pick_row", last=M - 1, pick=pick))
    f = MATRIX_FONT
    margin, lab, gap = 16, 30, 40
    out = []
    y = 38
    left_w = 0
    if input_shape is not None and output_shape is not None:
        # a left column: X, K and Y one under the other (every text at MATRIX_FONT: issue 19)
        s1 = 40
        h, w = input_shape
        ho, wo = output_shape
        if h * w != N or ho * wo != M:
            raise ValueError(tr("svg.matrix_shapes", input_shape=input_shape, output_shape=output_shape, N=N, M=M))
        xfills = {} if pick is None else {int(j): tap_color(taps[pick, j]) for j in np.flatnonzero(C[pick])}
        grid = {"font": f, "label_font": f}
        y0 = y
        widths = [_index_grid(out, margin, y0, (h, w), s1, xfills, "xi", tr("svg.matrix_x_title"), **grid)]
        y0 += h * s1 + 46
        if kernel is not None:
            kernel = np.asarray(kernel, dtype=float)
            kh, kw = kernel.shape
            kf = {t: tap_color(t) for t in range(kh * kw)}
            widths.append(_index_grid(out, margin, y0, (kh, kw), s1, kf, "kk", "K",
                                      marks=[fmt(v) for v in kernel.ravel()], **grid))
            y0 += kh * s1 + 46
        yfills = {pick: "#fde2e2"} if pick is not None else {}
        widths.append(_index_grid(out, margin, y0, (ho, wo), s1, yfills, "yi", tr("svg.matrix_y_title"), pick=pick,
                                  **grid))
        left_w = int(np.ceil(max(widths))) + gap
        left_h = y0 + ho * s1
    else:
        left_h = 0
    m = int(np.clip((max_width - left_w - 2 * margin - 2 * lab - gap) / (N + M), 14, 40))
    mfont = int(np.clip(m * 0.9, 9, 22))
    ifont = int(np.clip(m * 0.9, 8, f))
    cx, cy = margin + left_w + lab, y + lab
    c_title = tr("svg.matrix_c_title", M=M, N=N)
    tx = int(max(cx + N * m + gap + lab, np.ceil(cx + _text_w(c_title, f) + 24)))
    _label(out, cx, y - 8, c_title, f)
    _label(out, tx, y - 8, f"Cᵀ ({N}×{M})", f)
    width = max(tx + M * m + margin, tx + _text_w(f"Cᵀ ({N}×{M})", f) + margin, 560)
    for j in range(N):
        out.append(el("text", j, class_="idx", x=cx + (j + 0.5) * m, y=cy - lab / 2, font_size=ifont))
        out.append(el("text", j, class_="idx", x=tx - lab / 2, y=cy + (j + 0.5) * m, font_size=ifont))
    for i in range(M):
        out.append(el("text", i, class_="idx", x=cx - lab / 2, y=cy + (i + 0.5) * m, font_size=ifont))
        out.append(el("text", i, class_="idx", x=tx + (i + 0.5) * m, y=cy - lab / 2, font_size=ifont))
    out.append(_grid_lines(cx, cy, M, N, m, "#d0d0d0", 1))
    out.append(_grid_lines(tx, cy, N, M, m, "#d0d0d0", 1))
    for i, j in zip(*np.nonzero(C)):
        fill = tap_color(taps[i, j]) if taps[i, j] >= 0 else "#eeeeee"
        for cls, r, c, x_, y_ in (("m", i, j, cx + j * m, cy + i * m), ("mt", j, i, tx + i * m, cy + j * m)):
            out.append(cell(x_, y_, m, fmt(C[i, j]), cls, int(r), int(c), [fill], mfont,
                            data={"tap": int(taps[i, j])}))
    for x_, w_, h_ in ((cx, N, M), (tx, M, N)):
        out.append(el("rect", x=x_, y=cy, width=w_ * m, height=h_ * m, fill="none", stroke="#333", stroke_width=2))
    if pick is not None:
        _outline(out, cx - 2, cy + pick * m, N * m + 4, m, PICK, 4, cls="pick")
        _outline(out, tx + pick * m, cy - 2, m, N * m + 4, PICK, 4, cls="pick")
    height = max(cy + max(M, N) * m, left_h) + 12
    if caption:
        height = _caption(out, margin, height, caption, width - 2 * margin, f)
    return _svg_doc("tconv-matrix", width, height + 8, out)


# ---------------------------------------------------------------- equivalent direct convolution (08)

def equivalent_svg(x, kernel, stride=1, padding=0, output_padding=0, pick=(0, 0), caption=None,
                   max_width=980, done=None) -> str:
    """Scatter view and equivalent direct convolution of one transposed convolution, side by side.

    x ``(H, W)``, kernel ``(kH, kW)`` (one channel; dilation 1). (a) the scatter: X, K and Y with the
    input elements and kernel taps behind ``Y[pick]`` framed (``rect.pick`` with ``data-panel`` xa/ka,
    ``data-r``/``data-c``); (b) the direct convolution: the zero-inserted, padded input (input elements
    in their colours and letters, inserted zeros white and dotted, padding zeros grey and hatched), the
    flipped kernel written into the window for ``pick`` (``text.kf`` with ``data-r``/``data-c``, tap
    of the flipped kernel) and the same Y. Y cells are ``<g class="ya">`` (a) and ``<g class="yb">``
    (b); padded-input cells ``<g class="p" data-kind=...>``. Needs ``padding ≤ kH − 1``. ``done``: the
    sliding window's step (``stepping.window_step``): the (b) output cells it has already produced,
    row-major before ``pick``, are shaded (``data-done="1"``), as in Dumoulin & Visin's animations, and the
    cells after ``pick`` are left empty (the window has not produced them yet).
    Introduced in 08_equivalent_convolution.ipynb.
    """
    x = np.asarray(x, dtype=float)
    K = np.asarray(kernel, dtype=float)
    if x.ndim != 2 or K.ndim != 2:
        raise ValueError(tr("svg.equivalent_ndim", x_shape=x.shape, k_shape=K.shape))
    if padding > K.shape[0] - 1:
        raise ValueError(tr("svg.equivalent_padding", padding=padding, most=K.shape[0] - 1))
    P, wc, Y = operations.equivalent_conv(x[None], K[None, None], stride, padding, output_padding)
    P, Kf, Y = P[0], wc[0, 0], Y[0]
    kinds = operations.padded_input_kinds(x.shape[0], K.shape[0], stride, padding, output_padding)
    Yt = operations.conv_transpose2d(x[None], K[None, None], stride=stride, padding=padding,
                                     output_padding=output_padding)[0]
    if not np.allclose(Y, Yt):  # cannot happen unless operations is broken; never draw a lie
        raise RuntimeError(tr("svg.equivalent_internal"))
    h, w = x.shape
    kh, kw = K.shape
    ho, wo = Y.shape
    sh, _ = as_pair(stride, "stride")
    pr, pc = pick
    if not (0 <= pr < ho and 0 <= pc < wo):
        raise ValueError(tr("svg.equivalent_pick", pick=pick, h=ho, w=wo))
    # which input element sits in each "input" cell of the padded input (row-major, as in X)
    elem = np.full(P.shape, -1)
    elem[kinds == "input"] = np.arange(h * w)
    cols_a = max(w + kw + 1, wo)
    margin, gap = 16, 48
    # small states: K flipped and Y to the right of the padded input (a wide, short picture, readable on a
    # 1280×720 slide); larger ones: below it, as long as cells would otherwise shrink under 40 px
    wide = (cols_a + P.shape[1] + 1 + max(kw, wo)) * 40 <= max_width - 2 * margin - gap
    cols_b = P.shape[1] + 1 + max(kw, wo) if wide else max(P.shape[1], kw + 1 + wo)
    cs = int(np.clip((max_width - 2 * margin - gap) / (cols_a + cols_b), 24, 48))
    # numbers, tap labels and every text 0.46 of a cell (22 in 48-px cells: ≥ 18 px in 08's slideshow, where
    # the 800-px picture is shown ~690 px wide); titles wrap to their panel's width
    font = int(np.clip(cs * 0.46, 12, 22))
    tf = int(np.clip(cs * 0.46, 15, 22))
    step = round(tf * 1.2)
    ax0 = margin
    bx0 = margin + cols_a * cs + gap
    width = max(bx0 + cols_b * cs + margin, bx0 + _text_w("zero-inserted, padded X (18×18)", 15) + margin)
    out = [el("text", tr("svg.equivalent_a_title"), class_="lbl", x=ax0, y=26, font_size=max(17, tf)),
           el("text", tr("svg.equivalent_b_title"), class_="lbl", x=bx0, y=26, font_size=max(17, tf))]
    p_title = _title_lines(tr("svg.equivalent_x_padded", h=P.shape[0], w=P.shape[1]),
                           ((P.shape[1] + 1) * cs if wide else cols_b * cs) - 16, tf)
    top = 64 + step * (len(p_title) - 1)

    def grid(x0, y0, values, cls, fills=None, labels=None, patterns=None, data=None, shown=None, text_y=None):
        for r in range(values.shape[0]):
            for c in range(values.shape[1]):
                text = fmt(values[r, c]) if shown is None or shown[r][c] else ""
                out.append(cell(x0 + c * cs, y0 + r * cs, cs, text, cls, r, c,
                                [fills[r][c]] if fills else [EMPTY_FILL], font,
                                labels=[labels[r][c]] if labels and labels[r][c] else (),
                                pattern=patterns[r][c] if patterns else None,
                                data=({"kind": data[r][c]} if data else None), text_y=text_y))

    # (a) X, K, then Y
    terms = operations.contributing_terms(x[None], K[None, None], 0, pr, pc, stride, padding, output_padding)
    _label(out, ax0, top - 8, "X", tf)
    grid(ax0, top, x, "xa", [[element_color(i * w + j) for j in range(w)] for i in range(h)],
         [[element_label(i * w + j) for j in range(w)] for i in range(h)])
    kx = ax0 + (w + 1) * cs
    _label(out, kx, top - 8, "K", tf)
    grid(kx, top, K, "ka")
    for _, i, j, a, b in terms:
        _outline(out, ax0 + j * cs, top + i * cs, cs, cs, PICK, 3, cls="pick", data={"panel": "xa", "r": i, "c": j})
        _outline(out, kx + b * cs, top + a * cs, cs, cs, PICK, 3, cls="pick", data={"panel": "ka", "r": a, "c": b})
    ya_title = _title_lines(tr("svg.equivalent_y_scatter", h=ho, w=wo), cols_a * cs + gap - 16, tf)
    ya = top + max(h, kh) * cs + 40 + step * (len(ya_title) - 1)
    _title(out, ax0, ya - 8, ya_title, tf)
    grid(ax0, ya, Yt, "ya")
    _outline(out, ax0 + pc * cs, ya + pr * cs, cs, cs, PICK, 4, cls="pick", data={"panel": "ya", "r": pr, "c": pc})
    bottom_a = ya + ho * cs
    # (b) padded, zero-inserted input with the flipped kernel in the window
    _title(out, bx0, top - 8, p_title, tf)
    fills = [[element_color(elem[r, c]) if kinds[r, c] == "input" else
              INSERTED_FILL if kinds[r, c] == "inserted" else PADDING_FILL for c in range(P.shape[1])]
             for r in range(P.shape[0])]
    labels = [[element_label(elem[r, c]) if kinds[r, c] == "input" else "" for c in range(P.shape[1])]
              for r in range(P.shape[0])]
    patterns = [[{"inserted": "dots", "padding": "hatch"}.get(kinds[r, c]) for c in range(P.shape[1])]
                for r in range(P.shape[0])]
    # the number a little above the middle: the flipped kernel's tap goes under it, bottom right
    grid(bx0, top, P, "p", fills, labels, patterns, kinds.tolist(), text_y=round(cs * 0.42, 1))
    kfont = int(np.clip(cs * 0.46, 10, 22))
    for a in range(kh):
        for b in range(kw):
            xx, yy = bx0 + (pc + b) * cs, top + (pr + a) * cs
            out.append(el("text", f"×{fmt(Kf[a, b])}", class_="kf", data_r=a, data_c=b, x=xx + cs - 3,
                          y=yy + cs - kfont * 0.45, font_size=kfont, fill=PICK, font_weight="bold",
                          style="text-anchor:end"))
    _outline(out, bx0 + pc * cs, top + pr * cs, kw * cs, kh * cs, PICK, 4, cls="window")
    yb_title = _title_lines(tr("svg.equivalent_y_windows"), max(kw, wo) * cs + margin - 4, tf)
    if wide:
        kx_, ky_ = bx0 + (P.shape[1] + 1) * cs, top
        yx, yb = kx_, top + kh * cs + 40 + step * (len(yb_title) - 1)
    else:
        kx_, ky_ = bx0, top + P.shape[0] * cs + 40 + step * (len(yb_title) - 1)
        yx, yb = bx0 + (kw + 1) * cs, ky_
    width = max(width, yx + _text_w(tr("svg.equivalent_y_windows"), 15) + margin)
    _label(out, kx_, ky_ - 8, tr("svg.equivalent_k_flipped"), tf)
    grid(kx_, ky_, Kf, "kf")
    _title(out, yx, yb - 8, yb_title, tf)
    if done is None:
        grid(yx, yb, Y, "yb")
    else:
        # the sums so far: cells the window has not reached yet stay empty
        grid(yx, yb, Y, "yb", [[DONE_FILL if r * wo + c < done - 1 else EMPTY_FILL for c in range(wo)]
                               for r in range(ho)], data=[[("done" if r * wo + c < done - 1 else "todo")
                                                           for c in range(wo)] for r in range(ho)],
             shown=[[r * wo + c < done for c in range(wo)] for r in range(ho)])
    _outline(out, yx + pc * cs, yb + pr * cs, cs, cs, PICK, 4, cls="pick", data={"panel": "yb", "r": pr, "c": pc})
    # the legend under both parts, from the left edge (its lines are long at this size)
    ly = max(top + P.shape[0] * cs, yb + ho * cs, ky_ + kh * cs, bottom_a) + 18
    sw = tf
    for fill, text, pattern in ((element_color(0), tr("svg.legend_input"), None),
                                (INSERTED_FILL, tr("svg.legend_inserted", n=sh - 1), "dots"),
                                (PADDING_FILL, tr("svg.legend_padding"), "hatch")):
        out.append(el("rect", x=ax0, y=ly, width=sw, height=sw, fill=fill, stroke="#666"))
        if pattern:
            out.append(el("rect", x=ax0, y=ly, width=sw, height=sw, fill=f"url(#{pattern})"))
        out.append(el("text", text, class_="leg", x=ax0 + sw + 6, y=ly + sw - 3, font_size=tf))
        width = max(width, ax0 + sw + 6 + _text_w(text, tf) + margin)
        ly += sw + 6
    height = max(bottom_a, ly) + 10
    if caption:
        height = _caption(out, margin, height, caption, width - 2 * margin, tf)
    return _svg_doc("tconv-equivalent", width, height + 8, out)


# ---------------------------------------------------------------- images (10_upsampling_in_practice)

def image_png(image, vmin=0.0, vmax=1.0) -> bytes:
    """A 2-D array ``(H, W)`` as 8-bit grayscale PNG bytes, values clipped to [vmin, vmax] (for ``images_svg``)."""
    from PIL import Image
    a = np.asarray(image, dtype=float)
    if a.ndim != 2:
        raise ValueError(tr("svg.image_ndim", shape=a.shape))
    a = np.clip((a - vmin) / (vmax - vmin), 0, 1)
    buf = io.BytesIO()
    Image.fromarray(np.rint(a * 255).astype(np.uint8), mode="L").save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def images_svg(images, titles, display=256, caption=None, cls="tconv-images", vmin=0.0, vmax=1.0,
               frames=(), title_font=15, caption_font=16, title_lines=2) -> str:
    """Grayscale images side by side, each scaled to ``display`` pixels wide with crisp (unsmoothed) pixels.

    images: 2-D arrays; titles: one string each; ``frames``: ``[(image_index, (top, left, h, w))]``
    rectangles (in that image's pixels) outlined in red; returns an SVG with embedded PNGs (``<image>``).
    ``title_font``/``caption_font``: their sizes; a title wraps to at most ``title_lines`` lines (Chinese
    by width, ``_wrap_wide``). Introduced in 10_upsampling_in_practice.ipynb.
    """
    if len(images) != len(titles):
        raise ValueError(tr("svg.titles_count", images=len(images), titles=len(titles)))
    margin, gap = 16, 24
    out = []
    x = margin
    step = round(title_font * 1.2)
    top = 8 + title_lines * step
    heights = []
    for img, title in zip(images, titles):
        img = np.asarray(img)
        h = display * img.shape[0] / img.shape[1]
        data = base64.b64encode(image_png(img, vmin, vmax)).decode("ascii")
        lines = (_wrap_wide(title, display, title_font) if _WIDE.search(title) else
                 textwrap.wrap(title, max(12, int(display / (title_font * 0.58)))))
        for n in range(len(lines) - 1):   # an opening bracket goes with the word after it
            if lines[n][-1:] in _OPENING:
                lines[n], lines[n + 1] = lines[n][:-1].rstrip(), lines[n][-1] + lines[n + 1]
        for n, line in enumerate(lines[:title_lines]):
            _label(out, x, top - 10 - step * (min(len(lines), title_lines) - 1 - n), line, title_font)
        out.append(el("image", x=x, y=top, width=display, height=round(h, 1), preserveAspectRatio="none",
                      style="image-rendering:pixelated", image_rendering="pixelated",
                      href=f"data:image/png;base64,{data}"))
        out.append(el("rect", x=x, y=top, width=display, height=round(h, 1), fill="none", stroke="#333"))
        scale = display / img.shape[1]
        for index, (ft, fl, fh, fw) in frames:
            if index == len(heights):
                _outline(out, x + fl * scale, top + ft * scale, fw * scale, fh * scale, PICK, 2.5, cls="zoom")
        heights.append(h)
        x += display + gap
    width = x - gap + margin
    height = top + max(heights) + 8
    if caption:
        height = _caption(out, margin, height, caption, width - 2 * margin, caption_font)
    return _svg_doc(cls, width, height + 8, out)


# ---------------------------------------------------------------- C·vec(X) row by row (07_matrix_view)

#: 07's pictures: every heading, index, tag and caption at this size; the numbers in cells at 20–22 (issue 19:
#: ≥ 18 px in the slideshow at 1280×720, where these pictures are drawn at a scale of about 0.9–1)
MATRIX_FONT = 20

DONE_FILL = "#e8f1fb"   # output cells an animation has already computed (pale blue; dark text 16:1)

def _value_grid(out, x0, y0, values, size, cls, label, tags, fills=None, frames=(), done=None, font=None,
                label_font=15, tag_font=None):
    """A grid of numbers (``""`` where NaN: not computed yet) with an index tag per cell; ``fills`` {flat
    index: colour}; ``frames``: flat indices framed in ``PICK``. ``font``, ``label_font``, ``tag_font``: the
    numbers', the label's and the tags' sizes (default from the cell). Returns the width used."""
    rows, cols = values.shape
    font = font or int(np.clip(size * 0.42, 12, 18))
    _label(out, x0, y0 - 8, label, label_font)
    for r in range(rows):
        for c in range(cols):
            k = r * cols + c
            v = values[r, c]
            out.append(cell(x0 + c * size, y0 + r * size, size, "" if np.isnan(v) else fmt(v), cls, r, c,
                            [(fills or {}).get(k, EMPTY_FILL)], font, labels=[f"{tags}{k}"], data={"i": k},
                            tag_font=tag_font))
    for k in frames:
        r, c = divmod(int(k), cols)
        _outline(out, x0 + c * size, y0 + r * size, size, size, PICK, 4, cls="pick", data={"r": r, "c": c})
    return max(cols * size, _text_w(label, label_font))


def matrix_step_svg(C, x, step, taps, input_shape, output_shape, kernel, caption=None, max_width=690,
                    titles=None) -> str:
    """One step of ``vec(Y) = C @ vec(X)``: row ``step.row`` of C times vec(X) gives one output cell.

    C ``(M, N)``, x ``(H, W)`` (Conv2d's input), ``step`` a ``stepping.RowStep``, taps ``(M, N)``
    (``operations.conv_matrix_taps``), kernel ``(kH, kW)``. Top: X (``g.xs``; the cells this row
    multiplies coloured by kernel tap and framed), K (``g.kk``) and Y so far (``g.ys``; blank until
    computed; the current cell framed). Below: vec(X)ᵀ above C's columns (``g.xv``), C (``g.m``,
    ``data-r``/``data-c``, as in ``matrix_svg``) with the current row framed (``rect.row``), and vec(Y)
    beside C's rows (``g.yv``); the cell being produced is ``rect.current`` with ``data-r`` (the row),
    ``data-value`` (its value). Introduced in 07_matrix_view.ipynb (``MatrixStepExplorer``).

    ``titles``: the headings and cell tags when the product is another one, e.g. ``vec(Z) = Cᵀ vec(Y)``
    (``MatrixTransposedStepExplorer``): a dict with ``x``, ``y``, ``vec``, ``c``, ``out`` (the heading beside
    the rows) and the tags ``x_tag``, ``y_tag``; default: those of ``C·vec(X)``.
    """
    C = np.asarray(C, dtype=float)
    x = np.asarray(x, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    M, N = C.shape
    (h, w), (ho, wo) = input_shape, output_shape
    if h * w != N or ho * wo != M or x.shape != (h, w):
        raise ValueError(tr("svg.step_shapes", x_shape=x.shape, input_shape=input_shape, output_shape=output_shape,
                            N=N, M=M))
    i = step.row
    f = MATRIX_FONT
    margin, lab, gap = 16, 30, 30
    out = []
    # left column: X, K and Y so far one under the other; right: vec(X)ᵀ, C and vec(Y). Every text at
    # MATRIX_FONT units: the picture is about as wide as tall, so the slideshow draws it at scale ≥ 0.9
    # 54-unit cells for the slides' sizes (up to 3×3); bigger grids leave C its room
    big = max(h, ho, kernel.shape[0]) > 3
    s1, y = (42, 38) if big else (54, 38)
    gfont, tfont = (18, 14) if big else (22, f)
    xfills = {int(j): tap_color(taps[i, j]) for j in step.cols}
    names = titles or {"x": tr("svg.step_x_title"), "y": tr("svg.step_y_title"),
                       "vec": tr("svg.step_vec_title", last=N - 1), "c": tr("svg.step_c_title", M=M, N=N),
                       "out": "vec(Y)", "x_tag": "x", "y_tag": "y"}
    grid = {"font": gfont, "label_font": f, "tag_font": tfont}
    x_w = _value_grid(out, margin, y, x, s1, "xs", names["x"], names["x_tag"], xfills, frames=step.cols, **grid)
    ky = y + h * s1 + 46
    kf = {t: tap_color(t) for t in range(kernel.size)}
    k_w = _value_grid(out, margin, ky, kernel, s1, "kk", "K", "k", kf, **grid)
    yy = ky + kernel.shape[0] * s1 + 46
    yfills = {k: DONE_FILL for k in range(i)}
    y_w = _value_grid(out, margin, yy, step.so_far.reshape(ho, wo), s1, "ys", names["y"], names["y_tag"],
                      yfills, frames=[i], **grid)
    left_w = int(np.ceil(max(x_w, k_w, y_w)))
    left_h = yy + ho * s1
    bx = margin + left_w + gap
    m = int(np.clip((max_width - bx - margin - lab - gap) / (N + 1), 16, 40))
    mfont = int(np.clip(m * 0.65, 10, 22))
    ifont = int(np.clip(m * 0.65, 10, f))
    cx = bx + lab
    width = cx + margin
    vec_title = names["vec"]
    _label(out, cx, y - 8, vec_title, f)
    for j in range(N):
        out.append(el("text", j, class_="idx", x=cx + (j + 0.5) * m, y=y + ifont * 0.6, font_size=ifont))
    y += ifont + 10
    xv = x.ravel()
    for j in range(N):
        out.append(cell(cx + j * m, y, m, fmt(xv[j]), "xv", 0, j, [xfills.get(j, EMPTY_FILL)], mfont))
    for j in step.cols:
        _outline(out, cx + j * m, y, m, m, PICK, 3, cls="pick", data={"panel": "xv", "c": int(j)})
    cy = y + m + 40
    c_row_title = names["c"]
    # the output column right of C's heading, not over it (a narrow C: Cᵀ with few columns, or a 2×2 X)
    yx = max(cx + N * m + gap, int(cx + _text_w(c_row_title, f) + 16))
    _label(out, cx, cy - 10, c_row_title, f)
    _label(out, yx, cy - 10, names["out"], f)
    # the heading over the output column is wider than the column: room for both
    width = max(width, yx + max(m, _text_w(names["out"], f)) + margin, cx + _text_w(c_row_title, f) + margin,
                cx + _text_w(vec_title, f) + margin)
    for r in range(M):
        out.append(el("text", r, class_="idx", x=cx - lab / 2, y=cy + (r + 0.5) * m, font_size=ifont))
    out.append(_grid_lines(cx, cy, M, N, m, "#d0d0d0", 1))
    for r, j in zip(*np.nonzero(C)):
        out.append(cell(cx + j * m, cy + r * m, m, fmt(C[r, j]), "m", int(r), int(j), [tap_color(taps[r, j])],
                        mfont, data={"tap": int(taps[r, j])}))
    out.append(el("rect", x=cx, y=cy, width=N * m, height=M * m, fill="none", stroke="#333", stroke_width=2))
    yfont = mfont
    for r in range(M):
        v = step.so_far[r]
        out.append(cell(yx, cy + r * m, m, "" if np.isnan(v) else fmt(v), "yv", r, 0,
                        [DONE_FILL if r < i else EMPTY_FILL], yfont))
    out.append(el("text", "=", x=(cx + N * m + yx) / 2, y=cy + (i + 0.5) * m, font_size=20, font_weight="bold",
                  fill=PICK))
    _outline(out, cx - 2, cy + i * m, N * m + 4, m, PICK, 4, cls="row", data={"r": i})
    _outline(out, yx, cy + i * m, m, m, PICK, 4, cls="current", data={"r": i, "value": fmt(step.value)})
    height = max(cy + M * m, left_h) + 12
    if caption:
        height = _caption(out, margin, height, caption, width - 2 * margin, f)
    return _svg_doc("tconv-matrix tconv-matrix-step", width, height + 8, out)
