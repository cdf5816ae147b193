"""Tests for helpers/figures.py: the numbers, letters and layout of every Matplotlib figure are torch's.

Figures are read back through their text artists: each cell's number has gid "v" and sits in the
cell (its position gives its row and column), letters have gid "tag", counts "cnt". Expected values
come from ``torch.nn.functional`` (float64) or from hand reasoning written next to the assert.
"""
from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pytest
import torch
import torch.nn.functional as F

matplotlib.use("Agg")

from helpers.explorers import example_input, example_kernel  # noqa: E402

from conftest import T, tt  # noqa: E402
from oracle import CASES, SEED_K, SEED_X, torch_full_grid, torch_tconv  # noqa: E402


pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")


from helpers import figures as D  # noqa: E402
from helpers.palette import PALETTE  # noqa: E402
from oracle import LETTERS, torch_taps  # noqa: E402


def axis_grid(ax):
    """The numbers an axis drawn by plot_grid shows, as a 2-D array (one gid "v" text per cell)."""
    cells = {}
    for t in ax.texts:
        if t.get_gid() == "v":
            x, y = t.get_position()
            assert (int(y), int(x)) not in cells
            cells[(int(y), int(x))] = float(t.get_text())
    h = max(r for r, _ in cells) + 1
    w = max(c for _, c in cells) + 1
    assert len(cells) == h * w
    grid = np.zeros((h, w))
    for (r, c), v in cells.items():
        grid[r, c] = v
    return grid


def axis_tags(ax):
    """{(r, c): [letters left to right]} and {(r, c): count text} drawn on an axis."""
    tags, counts = {}, {}
    for t in sorted(ax.texts, key=lambda t: t.get_position()[0]):
        x, y = t.get_position()
        if t.get_gid() == "tag":
            tags.setdefault((int(y), int(x)), []).append(t.get_text())
        elif t.get_gid() == "cnt":
            counts[(int(y), int(x))] = t.get_text()
    return tags, counts



@pytest.mark.parametrize("case", CASES)
def test_plot_scatter_numbers_are_torch(case):
    x = example_input(1, 2, 3)
    w = example_kernel(1, 1, 2)
    fig = D.plot_scatter(x, w, **case)
    axes = fig.axes
    np.testing.assert_array_equal(axis_grid(axes[0]), x[0])
    np.testing.assert_array_equal(axis_grid(axes[1]), w[0, 0])
    for k in range(x.size):   # panel 2 + k: element k's copy alone, on the full grid
        one = np.zeros(x.size)
        one[k] = x.ravel()[k]
        np.testing.assert_array_equal(axis_grid(axes[2 + k]), torch_full_grid(one.reshape(x.shape), w, **case)[0])
    full = axis_grid(axes[-1])
    np.testing.assert_array_equal(full, torch_full_grid(x, w, **case)[0])
    y = torch_tconv(x, w, **case)[0]
    p = case.get("padding", 0)
    np.testing.assert_array_equal(full[p:p + y.shape[0], p:p + y.shape[1]], y)
    assert len(axes) == 2 + x.size + 1


def test_plot_scatter_seed_figure():
    fig = D.plot_scatter(SEED_X, SEED_K, copies=False)
    np.testing.assert_array_equal(axis_grid(fig.axes[-1]), torch_tconv(SEED_X, SEED_K)[0])
    texts = {t.get_text() for t in fig.axes[-1].texts}
    assert {"28", "23", "10"} <= texts
    with pytest.raises(ValueError, match="one input channel"):
        D.plot_scatter(example_input(2, 2, 2), example_kernel(2, 1, 2))


@pytest.mark.parametrize("case", [dict(), dict(groups=2, out_channel=1), dict(stride=2, padding=1, out_channel=1)])
def test_plot_channels_numbers_are_torch(case):
    groups = case.pop("groups", 1)
    oc = case.pop("out_channel", 0)
    x = example_input(2, 2, 2)
    w = example_kernel(2, 2 // groups, 2)
    fig = D.plot_channels(x, w, groups=groups, out_channel=oc, **case)
    per = 1 if groups == 2 else 2
    chans = [oc] if groups == 2 else [0, 1]
    assert len(fig.axes) == 3 * per + 2          # X[c], K[c,o], copies per channel; the note; Y
    axes = np.array(fig.axes[:3 * per]).reshape(per, 3)
    for row, c in enumerate(chans):
        only = np.zeros_like(x)
        only[c] = x[c]
        np.testing.assert_array_equal(axis_grid(axes[row, 0]), x[c])
        np.testing.assert_array_equal(axis_grid(axes[row, 2]), torch_full_grid(only, w, groups=groups, **case)[oc])
    np.testing.assert_array_equal(axis_grid(fig.axes[-1]), torch_full_grid(x, w, groups=groups, **case)[oc])
    # Y sits beside the channel rows, not under them (a slide shows the figure less scaled down)
    y_box, last_copies = fig.axes[-1].get_position(), axes[-1, 2].get_position()
    assert y_box.x0 > last_copies.x1 and y_box.y0 > last_copies.y0 - 1e-9


def test_plot_grid_and_heatmap():
    import matplotlib.pyplot as plt
    y = torch_tconv(SEED_X, SEED_K, stride=2)[0]
    fig, ax = plt.subplots()
    D.plot_grid(ax, y, title="Y")
    np.testing.assert_array_equal(axis_grid(ax), y)
    assert ax.get_title() == "Y"
    plt.close(fig)
    # overlap counts (T8): k=3, s=2 on a 3×3 input, from torch
    counts = F.conv_transpose2d(torch.ones(1, 1, 3, 3, dtype=T), torch.ones(1, 1, 3, 3, dtype=T), stride=2)[0, 0]
    fig = D.plot_heatmap(counts.numpy(), title="overlap")
    ax = fig.axes[0]
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): float(t.get_text()) for t in ax.texts}
    grid = np.zeros(counts.shape)
    for (r, c), v in cells.items():
        grid[r, c] = v
    assert len(cells) == counts.numel()
    np.testing.assert_array_equal(grid, counts.numpy())
    assert grid.max() == 4 and ax.get_title() == "overlap"
    colour = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_color() for t in ax.texts}
    assert colour[(2, 2)] == "black" and colour[(0, 0)] == "white"   # 4 on viridis' yellow, 1 on its purple


def test_plot_images_shows_the_arrays():
    img = np.linspace(0, 1, 16).reshape(4, 4)
    up = F.conv_transpose2d(tt(img)[None, None], torch.ones(1, 1, 2, 2, dtype=T), stride=2)[0, 0].numpy()
    fig = D.plot_images([img, up], ["input 4×4", "output 8×8"])
    assert [ax.get_title() for ax in fig.axes] == ["input 4×4", "output 8×8"]
    np.testing.assert_array_equal(fig.axes[1].images[0].get_array(), up)
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), img)




@pytest.mark.parametrize("case", [dict(), dict(stride=2, padding=1), dict(dilation=2)])
def test_plot_scatter_letters_and_colours_name_the_copies(case):
    """Each output cell carries the letters of the elements whose copies land there (torch's one-hot scatter)."""
    x = example_input(1, 3, 3)
    w = example_kernel(1, 1, 3)
    fig = D.plot_scatter(x, w, copies=False, **case)
    taps = torch_taps(x.shape, w.shape, 0, **case)
    tags, counts = axis_tags(fig.axes[-1])
    rows, cols = taps.shape[1:]
    p = case.get("padding", 0)
    for r, c in itertools.product(range(rows), range(cols)):
        elems = list(np.flatnonzero(taps[:, r, c] >= 0))
        cropped = not (p <= r < rows - p and p <= c < cols - p)
        if cropped or not elems:
            assert (r, c) not in tags and (r, c) not in counts
        elif len(elems) <= 4:
            assert tags[(r, c)] == [LETTERS[e] for e in elems], (r, c)
        else:
            assert (r, c) not in tags and counts[(r, c)] == f"×{len(elems)}"
    inputs, _ = axis_tags(fig.axes[0])
    assert inputs == {(i, j): [LETTERS[i * 3 + j]] for i in range(3) for j in range(3)}
    colours = {p.get_facecolor()[:3] for p in fig.axes[0].patches if p.get_facecolor()[3] > 0}
    from matplotlib.colors import to_rgb
    assert {to_rgb(c) for c in PALETTE[:8]} <= colours          # 9 elements, 8 colours: all used


def test_wide_figures_wrap_so_digits_stay_readable():
    """03's stride-4 figure was 2,448 px wide, shown at 46 %: now no figure is wider than ~11 inches,
    so at 100 dpi it fits a 1280 px page unscaled and 14 pt digits stay ~19 px."""
    fig = D.plot_scatter(SEED_X, SEED_K, stride=4)
    assert fig.get_size_inches()[0] <= 11.5
    np.testing.assert_array_equal(axis_grid(fig.axes[-1]), torch_tconv(SEED_X, SEED_K, stride=4)[0])
    assert len(fig.axes) == 2 + 4 + 1


def test_plot_scatter_batch_x_names_its_parameter():
    """A 4-D batch x (N, C, H, W) is refused by plot_scatter naming its own parameter, the shape it
    expects and what to pass, never an internal function."""
    import numpy as np
    import pytest

    from helpers.figures import plot_scatter
    with pytest.raises(ValueError, match=r"plot_scatter's x must be .* \(1, H, W\).*pass x\[0\]") as err:
        plot_scatter(np.zeros((1, 1, 2, 2)), np.ones((1, 1, 2, 2)))
    assert "grid_view" not in str(err.value) and "scatter_copies" not in str(err.value)


def test_plot_scatter_draws_the_copies_asked_for():
    """``copies=[…]`` draws those elements' copies (torch's one-element scatters); ``inputs``/``total`` leave
    out X, K or Y: a figure with many copies splits over two cells (03, 06, 11)."""
    x = example_input(1, 2, 2)
    w = example_kernel(1, 1, 2)
    first = D.plot_scatter(x, w, stride=2, copies=[0, 1], total=False)
    second = D.plot_scatter(x, w, stride=2, copies=[2, 3], inputs=False)
    assert len(first.axes) == 4 and len(second.axes) == 3
    np.testing.assert_array_equal(axis_grid(first.axes[0]), x[0])
    np.testing.assert_array_equal(axis_grid(first.axes[1]), w[0, 0])
    for ax, k in zip(first.axes[2:] + second.axes[:2], range(4)):
        one = np.zeros(x.size)
        one[k] = x.ravel()[k]
        np.testing.assert_array_equal(axis_grid(ax), torch_full_grid(one.reshape(x.shape), w, stride=2)[0])
        assert ax.get_title().startswith(LETTERS[k] + ":")
    np.testing.assert_array_equal(axis_grid(second.axes[-1]), torch_tconv(x, w, stride=2)[0])
    with pytest.raises(ValueError, match=r"copies .* 0 to 4 − 1.*\[4\]"):
        D.plot_scatter(x, w, copies=[4])
    with pytest.raises(ValueError, match="inputs=False, total=False"):
        D.plot_scatter(x, w, copies=False, inputs=False, total=False)


def _slide_digit_px(fig):
    """The smallest digit of ``fig`` in CSS px on a 1280×720 slide: the PNG as Jupyter writes it (tight box,
    stamped by helpers/fonts.py), at most 1150 px wide and 62vh (446 px, 440 with a margin) tall."""
    import struct

    from IPython.core.pylabtools import print_figure
    png = print_figure(fig, "png", bbox_inches="tight")
    width, height = struct.unpack(">II", png[16:24])
    meta = dict(chunk.split(b"\0", 1) for chunk in _text_chunks(png))
    scale = min(1.0, 1150 / width, 440 / height)
    return float(meta[b"tconv-digit-pt"]) * float(meta[b"tconv-dpi"]) / 72 * scale


def _text_chunks(png):
    import struct
    i = 8
    while i + 8 <= len(png):
        length, kind = struct.unpack(">I", png[i:i + 4])[0], png[i + 4:i + 8]
        if kind == b"tEXt":
            yield png[i + 8:i + 8 + length]
        if kind in (b"IDAT", b"IEND"):
            return
        i += 12 + length


def _twice():
    """09's copies per cell after two k = 3, s = 2 layers (padding 1, output_padding 1): 4×4 → 8×8 → 16×16."""
    ones = torch.ones(1, 1, 3, 3, dtype=T)
    once = F.conv_transpose2d(torch.ones(1, 1, 4, 4, dtype=T), ones, stride=2, padding=1, output_padding=1)
    twice = F.conv_transpose2d(once, ones, stride=2, padding=1, output_padding=1)[0, 0].numpy()
    assert twice.shape == (16, 16)
    return twice


_X22 = np.array([[[0.0, 1.0], [2.0, 3.0]]])
_SLIDE_FIGURES = {   # the figures of 03, 04, 06, 09 and 11 whose digits were under 18 px on their slides
    "03 stride 4, a and b": lambda: D.plot_scatter(_X22, np.array([[[[4.0, 7.0], [2.0, 2.0]]]]), stride=4,
                                                   copies=[0, 1], total=False),
    "03 stride 4, c, d and Y": lambda: D.plot_scatter(_X22, np.array([[[[4.0, 7.0], [2.0, 2.0]]]]), stride=4,
                                                      copies=[2, 3], inputs=False),
    "03 stride 2, a and b": lambda: D.plot_scatter(_X22, np.array([[[[0.0, 1.0], [2.0, 3.0]]]]), stride=2,
                                                   copies=[0, 1], total=False),
    "03 stride (2, 1), c, d and Y": lambda: D.plot_scatter(
        _X22, np.array([[[[4.0, 7.0, 1.0], [2.0, 2.0, 3.0]]]]), stride=(2, 1), padding=(0, 1), copies=[2, 3],
        inputs=False),
    "04 two channels": lambda: D.plot_channels(np.array([[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [7.0, 8.0]]]),
                                               np.array([[[[0.0, 1.0], [2.0, 3.0]]], [[[4.0, 5.0], [2.0, 3.0]]]])),
    "06 groups=2": lambda: D.plot_channels(np.array([[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [7.0, 8.0]]]),
                                           np.array([[[[0.0, 1.0], [2.0, 3.0]]], [[[4.0, 5.0], [2.0, 3.0]]]]),
                                           groups=2, out_channel=1),
    "09 16×16 counts, colours only": lambda: D.plot_heatmap(
        _twice(), title="copies per cell after two k = 3, s = 2 layers (4×4 input → 16×16)", annotate=False),
}


@pytest.mark.parametrize("name", list(_SLIDE_FIGURES))
def test_slide_figures_show_digits_of_18px(name):
    """Issue 19: 03's stride-4 figure showed its digits at 7.5 px on a 1280×720 slide, 04's plot_channels
    at 10 px, the two-row scatters at 15 px, 09's 16×16 map at 17 px (the slide scales a PNG down to fit
    1150×446 px). Every digit of these figures is now 18 px or more there (tests/test_slides.py measures the
    same in the browser)."""
    assert _slide_digit_px(_SLIDE_FIGURES[name]()) >= 18
