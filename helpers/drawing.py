"""Pictures of the scatter: matplotlib figures for the notebooks' static cells, SVG for the live explorers.

Everything drawn here comes from ``operations.scatter_copies`` (the copies and where they land);
this module only adds them up for display, colours them and lays them out.
Introduced in 01_basic_operation.ipynb.
"""
from __future__ import annotations

from html import escape
from typing import NamedTuple

import numpy as np

from .operations import contributing_terms, scatter_copies

__all__ = [
    "fmt",
    "element_color",
    "GridView",
    "grid_view",
    "terms_text",
    "scatter_svg",
    "message_html",
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
    """A number as a student would write it: ``28`` not ``28.0``; at most two decimals otherwise."""
    v = float(v)
    if abs(v - round(v)) < 1e-9:
        return str(int(round(v))) if round(v) != 0 else "0"
    return f"{v:.2f}".rstrip("0")


def element_color(n: int) -> str:
    """Fill colour (hex) of input element number ``n`` (row-major over channels, rows, columns)."""
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
    """The sum behind one output cell, e.g. ``28 = 0·2 + 1·2 + 2·7 + 3·4`` (input value · kernel value)."""
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    terms = contributing_terms(x, weight, out_channel, row, col, stride, padding, output_padding, groups, dilation)
    o = out_channel % weight.shape[1]
    parts = [f"{fmt(x[c, i, j])}·{fmt(weight[c, o, a, b])}" for c, i, j, a, b in terms]
    if not parts:
        return f"{fmt(value)} (no kernel copy reaches this cell)"
    return f"{fmt(value)} = " + " + ".join(parts)


# ---------------------------------------------------------------- SVG (explorers)

def _svg_grid(out, x0, y0, values, cell, fills=None, cls="", title=None, texts=None, label=None,
              font=None, stroke="#555"):
    """Append one grid of cells to ``out``; ``fills[r][c]`` is a list of colours (stripes)."""
    rows, cols = values.shape
    font = font or max(9, int(cell * 0.38))
    if label:
        out.append(f'<text x="{x0}" y="{y0 - 6}" class="lbl" font-size="{max(12, font - 1)}">{escape(label)}</text>')
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


def scatter_svg(x, weight, stride=1, padding=0, output_padding=0, groups=1, dilation=1, out_channel=0,
                upto=None, pick=None, max_width=760) -> str:
    """An SVG picture of the scatter for one output channel, as the explorers show it.

    Left: each input channel X[c] (every element in its own colour) and its kernel K[c, o]. Right: the
    full output grid; each cell is striped with the colours of the copies that land on it and shows
    their sum; the ring that ``padding`` removes is grey and hatched; the visible output is framed.
    ``upto`` shows only the first copies (the newest one outlined); ``pick=(row, col)`` marks one
    visible output cell and the input elements and kernel taps that meet there.
    Output cells carry ``class="y"`` and ``data-r``/``data-c`` (visible coordinates, -1 if cropped).
    """
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    gv = grid_view(x, weight, stride, padding, output_padding, groups, dilation, out_channel, upto)
    c_in, h, w = x.shape
    cg_in, cg_out = c_in // groups, weight.shape[1]
    grp = out_channel // cg_out
    chans = list(range(grp * cg_in, (grp + 1) * cg_in))
    o = out_channel % cg_out
    kh, kw = weight.shape[2:]
    rows, cols = gv.values.shape
    n = c_in * h * w
    upto = n if upto is None else int(upto)

    picked_terms = np.zeros((0, 5), dtype=int)
    if pick is not None:
        picked_terms = contributing_terms(x, weight, out_channel, pick[0], pick[1], stride, padding,
                                          output_padding, groups, dilation)

    # Layout: inputs column on the left, output grid on the right; cell sizes fit max_width.
    small = int(np.clip(220 / max(w + kw, 1), 22, 44))
    big = int(np.clip((max_width - 2 * small * max(w, 1) - small * max(kw, 1) - 60) / max(cols, 1), 18, 52))
    gap, top_pad = 18, 26
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
    fills, tips, texts = [], [], []
    in_window = np.zeros((rows, cols), bool)
    in_window[gv.top:gv.top + gv.height, gv.left:gv.left + gv.width] = True
    for r in range(rows):
        frow, trow, xrow = [], [], []
        for c in range(cols):
            hit = [k for k in np.flatnonzero(gv.lands[:, r, c]) if k < upto]
            colours = [element_color(k) for k in hit] or ["#ffffff"]
            if not in_window[r, c]:
                colours = [CROP_FILL]
            frow.append(colours)
            value = gv.values[r, c]
            if in_window[r, c]:
                vr, vc = r - gv.top, c - gv.left
                trow.append(f"Y[{vr},{vc}] = " + (terms_text(x, weight, out_channel, vr, vc, value, stride, padding,
                                                             output_padding, groups, dilation) if upto == n else fmt(value)))
            else:
                trow.append(f"removed by padding={padding} (full-grid value {fmt(value)})")
            xrow.append(fmt(value))
        fills.append(frow)
        tips.append(trow)
        texts.append(xrow)
    font = max(9, int(big * 0.36))
    out.append(f'<text x="{ox}" y="{oy - 6}" class="lbl" font-size="{max(12, font)}">'
               f'Y (output {gv.height}×{gv.width}; full grid {rows}×{cols})</text>')
    for r in range(rows):
        for c in range(cols):
            x_, y_ = ox + c * big, oy + r * big
            vis = in_window[r, c]
            cls = "y" if vis else "y cropped"
            dr, dc = (r - gv.top, c - gv.left) if vis else (-1, -1)
            out.append(f'<g class="{cls}" data-r="{dr}" data-c="{dc}"><title>{escape(tips[r][c])}</title>')
            colours = fills[r][c]
            sw = big / len(colours)
            for k, colour in enumerate(colours):
                out.append(f'<rect x="{x_ + k * sw:.1f}" y="{y_}" width="{sw + 0.3:.1f}" height="{big}" fill="{colour}"/>')
            extra = ' fill="url(#hatch)"' if not vis else ' fill="none"'
            out.append(f'<rect x="{x_}" y="{y_}" width="{big}" height="{big}"{extra} stroke="#777" stroke-width="1"/>')
            colour = "#222" if vis else "#888"
            out.append(f'<text class="v" x="{x_ + big / 2}" y="{y_ + big / 2}" font-size="{font}" fill="{colour}">'
                       f'{texts[r][c]}</text></g>')
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
    width = max(ox + cols * big + 10, ox + 12 * max(12, font) + 10)  # room for the title
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="tconv-svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif">'
            '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#bbb" stroke-width="2"/>'
            '</pattern></defs><style>text{text-anchor:middle;dominant-baseline:central}'
            'text.lbl{text-anchor:start;font-weight:bold;dominant-baseline:auto}'
            'text.v{stroke:#fff;stroke-width:3px;paint-order:stroke;stroke-linejoin:round}'
            'g.y:hover rect{stroke:#d62828;stroke-width:3}</style>')
    return head + "".join(out) + "</svg>"


def message_html(text: str) -> str:
    """The sentence an explorer shows instead of a grid when the parameters are invalid."""
    return (f'<div class="tconv-message" style="padding:12px;border-left:4px solid {PICK};'
            f'background:#fff5f5;font-size:15px;max-width:700px">{escape(text)}</div>')


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
    Returns a matplotlib Figure.
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
    plot_grid(axes[-1], gv.values, _output_fills(gv), "Y = sum" + (" (grey: removed by padding)" if any_crop else ""),
              cropped=cropped if any_crop else None, window=(gv.top, gv.left, gv.height, gv.width) if any_crop else None,
              fontsize=fontsize)
    fig.tight_layout()
    plt.close(fig)
    return fig


def plot_channels(x, weight, stride=1, padding=0, output_padding=0, groups=1, dilation=1, out_channel=0,
                  fontsize=13):
    """Per-input-channel scatters that add up: one row per channel (X[c], K[c,o], partial sum), then the total.

    x ``(C_in, H, W)``, weight ``(C_in, C_out/groups, kH, kW)``. Returns a matplotlib Figure.
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
    axes[-1, 1].text(0.5, 0.5, "sum of\nthe rows\nabove →", ha="center", va="center", fontsize=fontsize)
    cropped = np.ones((rows, cols), bool)
    cropped[gv.top:gv.top + gv.height, gv.left:gv.left + gv.width] = False
    plot_grid(axes[-1, 2], gv.values, _output_fills(gv), f"Y[{out_channel}]", cropped=cropped if cropped.any() else None,
              window=(gv.top, gv.left, gv.height, gv.width) if cropped.any() else None, fontsize=fontsize)
    fig.tight_layout()
    plt.close(fig)
    return fig


def plot_heatmap(values, title=None, cmap="viridis", annotate=True, ax=None, fontsize=11, vmin=None, vmax=None):
    """A 2-D array as a colour map with its numbers written in (for overlap counts and matrices)."""
    plt = _mpl()
    values = np.asarray(values, dtype=float)
    fig = None
    if ax is None:
        fig, ax = plt.subplots(figsize=(min(0.5 * values.shape[1] + 1.5, 12), min(0.5 * values.shape[0] + 1, 10)))
    im = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax)
    if annotate:
        mid = (np.nanmax(values) + np.nanmin(values)) / 2 if values.size else 0
        for (r, c), v in np.ndenumerate(values):
            ax.text(c, r, fmt(v), ha="center", va="center", fontsize=fontsize,
                    color="white" if v < mid and cmap == "viridis" else "black")
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title)
    if fig is not None:
        fig.colorbar(im, ax=ax, shrink=0.8)
        fig.tight_layout()
        plt.close(fig)
        return fig
    return im


def plot_images(images, titles, cmap="gray", size=3.2):
    """Images side by side with titles; each image a 2-D ``(H, W)`` or ``(H, W, 3)`` array."""
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
