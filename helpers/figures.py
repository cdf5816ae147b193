"""Matplotlib figures for the notebooks' static cells: grids of numbered cells, heat maps, images.

Every number drawn comes from ``operations`` (``scatter_copies``, ``grid_view``) or from the caller;
colours, letters and the many-copies count come from ``palette``, the same as in the SVGs. Wide
figures wrap their panels onto rows chosen so that a 1280×720 slide (SLIDE_INCHES) shows them as large
as it can; the notebooks draw a scatter with many copies as two figures (``plot_scatter(copies=[…])``)
so that every digit is 18 px or more on the slide (tests/test_slides.py). Introduced in
01_basic_operation.ipynb; each figure's notebook named in its docstring.
"""
from __future__ import annotations

import numpy as np

from . import operations
from .captions import fmt
from .fonts import use_cjk_fonts
from .i18n import tr
from .palette import CROP_FILL, CROP_TEXT, EMPTY_FILL, TEXT, element_label, stripes

__all__ = ["plot_grid", "plot_scatter", "plot_channels", "plot_heatmap", "plot_images", "ROW_CELLS",
           "output_padding_added", "OP_MARK", "plot_pixel_shuffle"]

CELL_INCHES = 0.62   # one grid cell
ROW_CELLS = 14       # at most this many cells side by side before panels wrap to a new row
# A slide (1280×720, jupyterlab-slideshow) shows a figure unscaled up to about 1150×446 px (binder/overrides.json:
# max-height 62vh); inline figures are drawn at 100 dpi. A figure of at most SLIDE_INCHES with digits of at
# least MIN_DIGIT_PT points shows them at 13 × 100 / 72 = 18 px (tests/test_slides.py measures every digit).
SLIDE_INCHES = (11.5, 4.4)
MIN_DIGIT_PT = 13


def _halo():
    from matplotlib import patheffects
    use_cjk_fonts()   # Chinese titles and labels fall back to Noto Sans SC (helpers/fonts.py)
    return [patheffects.withStroke(linewidth=3, foreground="white")]


def _mpl():
    import matplotlib.pyplot as plt
    use_cjk_fonts()
    return plt


def plot_grid(ax, values, elements=None, title=None, cropped=None, window=None, fontsize=14, outline=None,
              count_font=None):
    """Draw ``values`` (rows, cols) as a grid of numbered cells on ``ax``.

    ``elements[r][c]``: the input element numbers whose copies are in the cell (striped in their
    colours with their letters; a ``×n`` count when there are many, see ``palette.stripes``);
    ``cropped`` bool (rows, cols): grey hatched cells; ``window=(top, left, height, width)``: thick
    frame; ``outline``: list of (top, left, h, w, colour). Each cell's number is a text artist with
    gid ``"v"``, its letters ``"tag"``, a count ``"cnt"`` (``count_font`` points; by default 0.7 of
    ``fontsize`` and at least MIN_DIGIT_PT). Introduced in 01_basic_operation.ipynb.
    """
    from matplotlib.patches import Rectangle
    halo = _halo()
    count_font = max(fontsize * 0.7, MIN_DIGIT_PT) if count_font is None else count_font
    values = np.asarray(values)
    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            grey = cropped is not None and cropped[r, c]
            colours, labels, count = ([CROP_FILL], [], 0) if grey else (
                stripes(elements[r][c]) if elements is not None else ([EMPTY_FILL], [], 0))
            w = 1 / len(colours)
            for k, colour in enumerate(colours):
                ax.add_patch(Rectangle((c + k * w, r), w, 1, facecolor=colour, edgecolor="none"))
            ax.add_patch(Rectangle((c, r), 1, 1, facecolor="none", edgecolor="#666", lw=1,
                                   hatch="///" if grey else None))
            for k, label in enumerate(labels):
                ax.text(c + (k + 0.5) * w, r + 0.17, label, ha="center", va="center", fontsize=fontsize * 0.7,
                        color=TEXT, fontweight="bold", gid="tag")
            if count > len(labels):
                ax.text(c + 0.5, r + 0.17, f"×{count}", ha="center", va="center", fontsize=count_font,
                        color=TEXT, fontweight="bold", gid="cnt")
            ax.text(c + 0.5, r + 0.5 + (0.08 if labels or count else 0), fmt(values[r, c]), ha="center",
                    va="center", fontsize=fontsize, color=CROP_TEXT if grey else TEXT, path_effects=halo, gid="v")
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


def _input_elements(h, w, offset=0):
    return [[[offset + i * w + j] for j in range(w)] for i in range(h)]


def _output_elements(gv, channels=None):
    """[r][c] lists of the element numbers whose copies (the first ``gv.upto`` that reach the channel) land on each cell."""
    n = gv.lands.shape[0]
    keep = np.arange(n) < gv.first + gv.upto
    if channels is not None:
        keep &= np.isin(np.arange(n), channels)
    rows, cols = gv.values.shape
    return [[[int(k) for k in np.flatnonzero(gv.lands[:, r, c] & keep)] for c in range(cols)] for r in range(rows)]


def _panel_rows(widths, budget=ROW_CELLS):
    """Split panel widths (in cells, in order) into rows of at most ``budget`` cells (one panel at least)."""
    rows, row = [], []
    for i, w in enumerate(widths):
        if row and sum(widths[j] for j in row) + w > budget:
            rows.append(row)
            row = []
        row.append(i)
    return rows + [row]


def _scatter_size(layout, widths, heights, extra_h=0.0):
    """(width, height) in inches of plot_scatter's figure for a layout (rows of panel indices)."""
    row_w = max(sum(widths[i] for i in row) for row in layout)
    most = max(len(row) for row in layout)
    row_h = [max(heights[i] for i in row) for row in layout]
    return row_w * CELL_INCHES + 0.5 * most, sum(row_h) * CELL_INCHES + 0.9 * len(layout) + extra_h


def _slide_layout(widths, heights, extra_h=0.0):
    """The wrapping of the panels (rows of panel indices, in order) whose figure a slide shows largest.

    A slide shows a figure scaled by min(1, SLIDE_INCHES / its size); among the wrappings at every row
    budget, the one with the largest such scale, and of those the fewest rows. A figure wider than
    13 in (a laptop page shows it scaled down) is taken only when nothing narrower exists.
    """
    best, best_key = None, None
    for budget in range(max(widths), sum(widths) + 1):
        layout = _panel_rows(widths, budget)
        w, h = _scatter_size(layout, widths, heights, extra_h)
        scale = min(1.0, SLIDE_INCHES[0] / w, SLIDE_INCHES[1] / h)
        key = (w <= 13, round(scale, 3), -len(layout))
        if best_key is None or key > best_key:
            best, best_key = layout, key
    return best


def plot_scatter(x, weight, stride=1, padding=0, output_padding=0, groups=1, dilation=1, out_channel=0,
                 copies=True, fontsize=17, mark_output_padding=False, inputs=True, total=True):
    """The scatter for one input channel and one output channel as panels in reading order.

    X and K (if ``inputs``), then the scaled copies on the full output grid (``copies``: True for every
    input element's, False for none, or a list of element numbers i·W + j, e.g. ``[0, 1]`` for a and b),
    then (if ``total``) their sum with the padding ring greyed and the visible output framed. x
    ``(1, H, W)``. The panels wrap onto rows so that a slide (SLIDE_INCHES) shows the figure as large as
    possible; a figure with many copies is best split over two cells (``copies=[0, 1], total=False``,
    then ``copies=[2, 3], inputs=False``) so that each is shown with digits of 18 px or more. Returns a
    matplotlib Figure whose axes are in that order. Introduced in 01_basic_operation.ipynb.
    ``mark_output_padding``: outline and hatch the rows/columns that ``output_padding`` adds (patches
    with gid ``"op"``, see ``output_padding_added``) and say which under the grid (05, 06).
    """
    plt = _mpl()
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    if x.ndim == 4:  # a batch as torch takes it: say which sample to pass
        raise ValueError(tr("figures.scatter_batch", shape=x.shape))
    if x.ndim != 3 or x.shape[0] != 1:
        raise ValueError(tr("figures.scatter_channels", shape=x.shape))
    sc = operations.scatter_copies(x, weight, stride, padding, output_padding, groups, dilation)
    gv = operations.grid_view(x, weight, stride, padding, output_padding, groups, dilation, out_channel)
    h, w = x.shape[1:]
    o = out_channel % weight.shape[1]
    rows, cols = gv.values.shape
    if copies is True or copies is False:
        shown = list(range(h * w)) if copies else []
    else:
        shown = [int(k) for k in copies]
        if not all(0 <= k < h * w for k in shown):
            raise ValueError(tr("figures.scatter_copies", copies=list(copies), n=h * w))
    if not (inputs or shown or total):
        raise ValueError(tr("figures.scatter_nothing"))
    widths = [w, weight.shape[3]] * bool(inputs) + [cols] * len(shown) + [cols] * bool(total)
    heights = [h, weight.shape[2]] * bool(inputs) + [rows] * len(shown) + [rows] * bool(total)
    any_crop = gv.cropped.any()
    extra_h = 0.4 * bool(mark_output_padding and total)
    layout = _slide_layout(widths, heights, extra_h)
    row_w = max(sum(widths[i] for i in row) for row in layout)
    row_h = [max(heights[i] for i in row) for row in layout]
    fig = plt.figure(figsize=_scatter_size(layout, widths, heights, extra_h), layout="constrained")
    outer = fig.add_gridspec(len(layout), 1, height_ratios=[r + 1.4 for r in row_h])
    axes = [None] * len(widths)
    for r_i, row in enumerate(layout):
        ratios = [widths[i] for i in row] + [max(row_w - sum(widths[i] for i in row), 0) + 1e-3]
        sub = outer[r_i].subgridspec(1, len(ratios), width_ratios=ratios)
        for k, i in enumerate(row):
            axes[i] = fig.add_subplot(sub[0, k])
    order = list(axes)
    if inputs:
        plot_grid(order.pop(0), x[0], _input_elements(h, w), "X", fontsize=fontsize)
        plot_grid(order.pop(0), weight[0, o], None, "K", fontsize=fontsize)
    for k in shown:
        i, j = divmod(k, w)
        elements = [[[k] if gv.lands[k, r, c] else [] for c in range(cols)] for r in range(rows)]
        plot_grid(order.pop(0), sc.copies[0, i, j, out_channel], elements,
                  f"{element_label(k)}: {fmt(x[0, i, j])} · K", fontsize=fontsize)
    if total:
        cropped = gv.cropped
        plot_grid(order[-1], gv.values, _output_elements(gv), tr("figures.scatter_y_title"),
                  cropped=cropped if any_crop else None,
                  window=(gv.top, gv.left, gv.height, gv.width) if any_crop else None, fontsize=fontsize)
        if any_crop:  # below the grid, where a long note has room (a title would overrun a narrow panel)
            order[-1].text(cols / 2, rows + 0.15, tr("figures.scatter_crop_legend"), ha="center", va="top",
                           fontsize=max(fontsize - 2, MIN_DIGIT_PT), color=CROP_TEXT)
        if mark_output_padding:
            _mark_output_padding(order[-1], gv, x.shape[1:], weight.shape[2:], stride, padding, output_padding,
                                 dilation, fontsize, 0.15 + 0.6 * any_crop)
    plt.close(fig)
    return fig


OP_MARK = "#6a3d9a"   # output_padding's rows/columns: dashed outline + hatch (8.6:1 on white), never a fill


def output_padding_added(x_shape, weight_shape, stride=1, padding=0, output_padding=0, dilation=1):
    """``(rows, cols)``: the output rows and columns (0-based, in the visible output) that
    ``output_padding`` adds, from the sizes with and without it (``shapes.conv_transpose_output_size``
    per axis). x_shape ``(H, W)``, weight_shape ``(kH, kW)``; stride etc. ints or ``(h, w)`` pairs.
    Introduced in 05_shape_inverse.ipynb."""
    from .shapes import as_pair, conv_transpose_output_size
    s, p = as_pair(stride, "stride"), as_pair(padding, "padding")
    op, d = as_pair(output_padding, "output_padding"), as_pair(dilation, "dilation")
    added = []
    for i in range(2):
        without = conv_transpose_output_size(x_shape[i], weight_shape[i], s[i], p[i], 0, d[i])
        with_op = conv_transpose_output_size(x_shape[i], weight_shape[i], s[i], p[i], op[i], d[i])
        added.append(list(range(without, with_op)))
    return added[0], added[1]


def _mark_output_padding(ax, gv, x_hw, k_hw, stride, padding, output_padding, dilation, fontsize, y_note):
    """Outline (dashed) and hatch the cells ``output_padding`` adds on the full-grid axis ``ax``."""
    from matplotlib.patches import Rectangle
    from .captions import output_padding_note
    rows, cols = output_padding_added(x_hw, k_hw, stride, padding, output_padding, dilation)
    if not rows and not cols:
        return
    t, l, h, w = gv.top, gv.left, gv.height, gv.width
    strips = []
    if rows:   # the new rows: the whole visible width
        strips.append((t + rows[0], l, len(rows), w))
    if cols:   # the new columns: the visible height above the new rows
        strips.append((t, l + cols[0], h - len(rows), len(cols)))
    for top, left, hh, ww in strips:
        ax.add_patch(Rectangle((left, top), ww, hh, facecolor="none", edgecolor=OP_MARK, lw=0,
                               hatch="\\\\", alpha=0.55, gid="op-hatch"))
        ax.add_patch(Rectangle((left + 0.06, top + 0.06), ww - 0.12, hh - 0.12, facecolor="none",
                               edgecolor=OP_MARK, lw=3.5, ls="--", gid="op"))
    ax.text(gv.values.shape[1] / 2, gv.values.shape[0] + y_note, output_padding_note(output_padding_value(
        output_padding), rows, cols), ha="center", va="top", fontsize=max(fontsize - 2, MIN_DIGIT_PT), color=OP_MARK,
        fontweight="bold", gid="op-note")


def output_padding_value(output_padding):
    """``1`` for 1 or (1, 1), ``(1, 0)`` for a pair that differs: how the note names output_padding."""
    from .shapes import as_pair
    op = as_pair(output_padding, "output_padding")
    return op[0] if op[0] == op[1] else op


def plot_channels(x, weight, stride=1, padding=0, output_padding=0, groups=1, dilation=1, out_channel=0,
                  fontsize=17, count_font=17):
    """Per-input-channel scatters that add up: one row per channel (X[c], K[c,o], its copies), and on
    the right, beside the rows, their sum Y[o].

    Axes in order: X[c], K[c,o], copies for each channel, then the note and Y. The rows stack and Y sits
    beside them (not under them), so that a slide (SLIDE_INCHES) shows two channels with digits of 18 px
    or more: values at ``fontsize``, the ``×n`` counts at ``count_font`` points.
    x ``(C_in, H, W)``, weight ``(C_in, C_out/groups, kH, kW)``. Returns a matplotlib Figure.
    Introduced in 04_multi_channel.ipynb.
    """
    plt = _mpl()
    x = np.asarray(x, dtype=float)
    weight = np.asarray(weight, dtype=float)
    gv = operations.grid_view(x, weight, stride, padding, output_padding, groups, dilation, out_channel)
    c_in, h, w = x.shape
    cg_in, cg_out = c_in // groups, weight.shape[1]
    chans = list(range((out_channel // cg_out) * cg_in, (out_channel // cg_out + 1) * cg_in))
    o = out_channel % cg_out
    rows, cols = gv.values.shape
    note_w = 2.6
    row_h = CELL_INCHES * max(rows, h, weight.shape[2]) + 0.75
    fig = plt.figure(figsize=(CELL_INCHES * (w + weight.shape[3] + 2 * cols + note_w) + 2.0, len(chans) * row_h),
                     layout="constrained")
    grid = fig.add_gridspec(len(chans), 5, width_ratios=[w, weight.shape[3], cols, note_w, cols])
    for r_i, c in enumerate(chans):
        axes = [fig.add_subplot(grid[r_i, k]) for k in range(3)]
        plot_grid(axes[0], x[c], _input_elements(h, w, c * h * w), f"X[{c}]", fontsize=fontsize,
                  count_font=count_font)
        plot_grid(axes[1], weight[c, o], None, f"K[{c},{o}]", fontsize=fontsize, count_font=count_font)
        mine = np.arange(c * h * w, (c + 1) * h * w)
        plot_grid(axes[2], gv.partial[c], _output_elements(gv, mine), tr("figures.channels_copies_title", c=c),
                  fontsize=fontsize, count_font=count_font)
    note_ax = fig.add_subplot(grid[:, 3])
    note_ax.axis("off")
    note = tr("figures.channels_sum_label") if len(chans) > 1 else tr("figures.channels_only_label")
    note_ax.text(0.5, 0.5, note, ha="center", va="center", fontsize=fontsize)
    cropped = gv.cropped
    plot_grid(fig.add_subplot(grid[:, 4]), gv.values, _output_elements(gv), f"Y[{out_channel}]",
              cropped=cropped if cropped.any() else None,
              window=(gv.top, gv.left, gv.height, gv.width) if cropped.any() else None, fontsize=fontsize,
              count_font=count_font)
    plt.close(fig)
    return fig


def plot_heatmap(values, title=None, cmap="viridis", annotate=True, ax=None, fontsize=13, vmin=None, vmax=None,
                 xlabel=None, ylabel=None, indices=False):
    """A 2-D array as a colour map with its numbers written in (for overlap counts and matrices).

    Each number is white on dark cells and black on light ones. ``indices``: number the rows and
    columns (0, 1, …) on the left and top; ``xlabel``/``ylabel``: what the columns/rows index (e.g.
    "input cell j"). With ``ax`` draws there and returns the image; otherwise returns a new Figure with
    a colour bar, sized to the array (a wide matrix gets a short figure, no empty band).
    Introduced in 03_stride.ipynb; indices and labels in 07_matrix_view.ipynb.
    """
    plt = _mpl()
    values = np.asarray(values, dtype=float)
    fig = None
    if ax is None:
        rows, cols = values.shape
        extra_w, extra_h = (0.6 if ylabel or indices else 0), (0.6 if xlabel or indices else 0)
        # shrink both ways alike, to a slide's figure area (SLIDE_INCHES), but no cell under 0.25 in when it
        # holds a number (0.15 in when only its colour shows)
        floor = 0.25 if annotate else 0.15
        cell = max(min(0.55, (12 - 1.6) / max(cols, 1), (SLIDE_INCHES[1] - 1.1 - extra_h) / max(rows, 1)),
                   min(floor, (12 - 1.6) / max(cols, 1)))
        fig, ax = plt.subplots(figsize=(cell * cols + 1.6 + extra_w, cell * rows + 1.1 + extra_h))
    im = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax)
    if annotate:
        rgba = im.cmap(im.norm(values))
        light = rgba[..., :3] @ np.array([0.299, 0.587, 0.114]) > 0.5
        for (r, c), v in np.ndenumerate(values):
            ax.text(c, r, fmt(v), ha="center", va="center", fontsize=fontsize,
                    color="black" if light[r, c] else "white")
    if indices:
        tick = MIN_DIGIT_PT
        ax.set_xticks(range(values.shape[1]))
        ax.set_yticks(range(values.shape[0]))
        ax.tick_params(labelsize=tick, length=0, top=True, labeltop=True, bottom=False, labelbottom=False)
        ax.xaxis.set_label_position("top")
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=max(13, min(fontsize, 14)))
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=max(13, min(fontsize, 14)))
    if title:
        ax.set_title(title, fontsize=max(13, fontsize), fontweight="bold" if xlabel and indices else None)
    if fig is not None:
        if indices:   # a colour bar exactly as tall as the matrix: no empty band above or below a wide one
            from mpl_toolkits.axes_grid1 import make_axes_locatable
            bar = fig.colorbar(im, cax=make_axes_locatable(ax).append_axes("right", size=0.25, pad=0.15))
        else:
            bar = fig.colorbar(im, ax=ax, shrink=0.8)
        if values.size and np.all(values == np.round(values)):  # counts: whole-number ticks only
            from matplotlib.ticker import MaxNLocator
            bar.locator = MaxNLocator(integer=True)
            bar.update_ticks()
        bar.ax.tick_params(labelsize=MIN_DIGIT_PT)
        fig.tight_layout()
        plt.close(fig)
        return fig
    return im


def plot_images(images, titles, cmap="gray", size=3.2, shared=False, vmin=None, vmax=None):
    """Images side by side with titles; each image a 2-D ``(H, W)`` or ``(H, W, 3)`` array.

    By default each 2-D image spans the whole grey range on its own (its darkest pixel black, its
    lightest white), so equal values can look different in two panels. ``shared=True`` puts all
    panels on one scale, from the smallest to the largest value of any of them; ``shared=[(0, 1),
    (2, 3)]`` gives each group of panel indices its own common scale (compare 0 with 1 and 2 with 3).
    ``vmin``/``vmax`` fix the scale of every panel instead. Returns a matplotlib Figure.
    Introduced in 05_shape_inverse.ipynb.
    """
    plt = _mpl()
    scales = [(vmin, vmax)] * len(images)
    groups = [range(len(images))] if shared is True else (shared or [])
    for group in groups:
        gray = [np.asarray(images[i], dtype=float) for i in group]
        if any(g.ndim != 2 for g in gray):
            raise ValueError(tr("figures.shared_ndim"))
        low = min(float(g.min()) for g in gray) if vmin is None else vmin
        high = max(float(g.max()) for g in gray) if vmax is None else vmax
        for i in group:
            scales[i] = (low, high)
    fig, axes = plt.subplots(1, len(images), figsize=(size * len(images), size + 0.4))
    axes = np.atleast_1d(axes)
    # titles (sizes like "32×32") at 18 px on a slide, also when a slide shows a wide figure scaled down
    title_pt = MIN_DIGIT_PT * max(1, size * len(images) / SLIDE_INCHES[0], (size + 0.4) / SLIDE_INCHES[1])
    for ax, img, title, (low, high) in zip(axes, images, titles, scales):
        ax.imshow(np.asarray(img), cmap=cmap, interpolation="nearest", vmin=low, vmax=high)
        ax.set_title(title, fontsize=round(title_pt, 1))
        ax.axis("off")
    fig.tight_layout()
    plt.close(fig)
    return fig


def plot_pixel_shuffle(x, r, fontsize=14):
    """Which channel lands where in ``pixel_shuffle``: the r² input channels of x ``(r², H, W)``,
    each in its colour and letter, then the ``(H·r, W·r)`` output with every cell painted as the
    channel it came from (``upsampling.shuffle_sources``). Returns a matplotlib Figure whose axes
    are the r² channels, then the output. Introduced in 10_upsampling_in_practice.ipynb.
    """
    from .upsampling import pixel_shuffle, shuffle_sources
    plt = _mpl()
    x = np.asarray(x, dtype=float)
    if x.ndim != 3 or x.shape[0] != r * r:
        raise ValueError(tr("figures.pixel_shuffle_shape", r2=r * r, r=r, shape=x.shape))
    n, h, w = x.shape
    y = pixel_shuffle(x, r)[0]
    src = shuffle_sources(n, h, w, r)[0]
    widths = [w] * n + [0.6 * w, w * r]
    fig = plt.figure(figsize=(sum(widths) * CELL_INCHES + 0.4 * n, h * r * CELL_INCHES + 0.9), layout="constrained")
    grid = fig.add_gridspec(1, len(widths), width_ratios=widths)
    axes = [fig.add_subplot(grid[0, k]) for k in range(n)]
    arrow = fig.add_subplot(grid[0, n])
    out = fig.add_subplot(grid[0, n + 1])
    for c, ax in enumerate(axes):
        plot_grid(ax, x[c], [[[c]] * w] * h, tr("figures.pixel_shuffle_channel", c=c), fontsize=fontsize)
        ax.set_ylim(h * r + 0.05, -0.05)      # same cell size as the output: align the tops
    arrow.axis("off")
    arrow.annotate("", xy=(1, 0.5), xytext=(0, 0.5), xycoords="axes fraction",
                   arrowprops=dict(arrowstyle="-|>", lw=2.5, color=TEXT))
    arrow.text(0.5, 0.6, f"r = {r}", ha="center", va="bottom", fontsize=fontsize, transform=arrow.transAxes)
    plot_grid(out, y, [[[int(s)] for s in row] for row in src], tr("figures.pixel_shuffle_title", r=r),
              fontsize=fontsize)
    plt.close(fig)
    return fig
