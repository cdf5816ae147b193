"""Tests for helpers/drawing.py: the numbers every figure writes are torch's numbers.

Matplotlib figures are read back through their text artists (each cell's number sits at the cell
centre, so its position gives its row and column); SVGs are parsed as XML. Expected values come from
``torch.nn.functional`` (float64) or from hand reasoning written next to the assert.
"""
from __future__ import annotations

import base64
import io
import itertools
import xml.etree.ElementTree as ET

import matplotlib
import numpy as np
import pytest
import torch
import torch.nn.functional as F

matplotlib.use("Agg")

from helpers import drawing as D  # noqa: E402
from helpers.widgets import example_input, example_kernel  # noqa: E402

from conftest import T, tt  # noqa: E402

NS = "{http://www.w3.org/2000/svg}"
SEED_X = np.array([[[0.0, 1.0], [2.0, 3.0]]])        # the seed post's input
SEED_K = np.array([[[[4.0, 7.0], [2.0, 2.0]]]])      # and kernel


pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")




def torch_tconv(x, w, **kw):
    """conv_transpose2d of one sample (C, H, W) → NumPy (C_out, H', W')."""
    return F.conv_transpose2d(tt(x)[None], tt(w), **kw)[0].numpy()


def torch_full_grid(x, w, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The uncropped grid the pictures draw: torch's padding-0 output, plus the rows/cols that
    output_padding adds beyond it when it exceeds padding (visible rows run p .. p + H_out − 1)."""
    return torch_tconv(x, w, stride=stride, padding=0, output_padding=max(0, output_padding - padding),
                       groups=groups, dilation=dilation)


def axis_grid(ax):
    """The numbers an axis drawn by plot_grid shows, as a 2-D array (cell centres at c + 0.5, r + 0.5)."""
    cells = {}
    for t in ax.texts:
        x, y = t.get_position()
        if abs(x % 1 - 0.5) < 1e-9 and abs(y % 1 - 0.5) < 1e-9:
            cells[(int(y), int(x))] = float(t.get_text())
    h = max(r for r, _ in cells) + 1
    w = max(c for _, c in cells) + 1
    assert len(cells) == h * w
    grid = np.zeros((h, w))
    for (r, c), v in cells.items():
        grid[r, c] = v
    return grid


CASES = [
    dict(),
    dict(padding=1),
    dict(stride=2),
    dict(stride=2, padding=1, output_padding=1),
    dict(stride=3, output_padding=2),
    dict(dilation=2),
    dict(stride=2, dilation=2, padding=1),
]


# ---------------------------------------------------------------- fmt, terms_text

@pytest.mark.parametrize("value, text", [
    (28.0, "28"), (np.float32(7), "7"), (-3, "-3"), (-0.0, "0"), (1e-12, "0"), (0.5, "0.5"), (2.10, "2.1"),
    (1.25, "1.25"), (1 / 3, "0.33"), (2 / 3, "0.67"), (0.125, "0.13"), (-0.125, "-0.13"), (0.001, "0"),
    (-0.001, "0"), (2.999, "3"), (0.5625, "0.56"), (1e6, "1000000"),
])
def test_fmt(value, text):
    assert D.fmt(value) == text


def test_terms_text_seed():
    # the seed post's centre cell: 28 = 0·2 + 1·2 + 2·7 + 3·4, and torch agrees on 28
    assert torch_tconv(SEED_X, SEED_K)[0, 1, 1] == 28
    assert D.terms_text(SEED_X, SEED_K, 0, 1, 1, 28) == "28 = 0·2 + 1·2 + 2·7 + 3·4"
    assert D.terms_text(SEED_X, SEED_K, 0, 0, 0, 0) == "0 = 0·4"
    # stride 2 leaves cells no copy reaches (T3's shape): the text says so
    assert torch_tconv(SEED_X, SEED_K, stride=2, dilation=2)[0, 1, 1] == 0
    assert "no kernel copy reaches" in D.terms_text(SEED_X, SEED_K, 0, 1, 1, 0, stride=2, dilation=2)


@pytest.mark.parametrize("case", CASES + [dict(groups=2)])
def test_terms_text_sums_to_torch(case):
    groups = case.get("groups", 1)
    x = example_input(2, 3, 3)
    w = example_kernel(2, 2 // groups, 2)
    y = torch_tconv(x, w, **case)
    for oc, r, c in itertools.product(range(y.shape[0]), range(y.shape[1]), range(y.shape[2])):
        text = D.terms_text(x, w, oc, r, c, y[oc, r, c], **case)
        head, _, terms = text.partition(" = ")
        assert float(head.split()[0]) == y[oc, r, c]
        total = sum(float(a) * float(b) for a, b in (t.split("·") for t in terms.split(" + "))) if terms else 0.0
        assert total == y[oc, r, c]


# ---------------------------------------------------------------- grid_view

@pytest.mark.parametrize("case", CASES)
def test_grid_view_sums_equal_torch(case):
    x = example_input(2, 3, 3)
    w = example_kernel(2, 2, 3)
    for oc in range(2):
        gv = D.grid_view(x, w, out_channel=oc, **case)
        np.testing.assert_array_equal(gv.visible, torch_tconv(x, w, **case)[oc])
        np.testing.assert_array_equal(gv.values, torch_full_grid(x, w, **case)[oc])
        for c in range(2):   # per input channel: the transposed conv of that channel alone
            only = np.zeros_like(x)
            only[c] = x[c]
            np.testing.assert_array_equal(gv.partial[c], torch_full_grid(only, w, **case)[oc])
        # lands: where each element's copy goes = torch's scatter of a one-hot input with an all-ones kernel
        for k in range(x.size):
            one = np.zeros(x.size)
            one[k] = 1
            expect = torch_full_grid(one.reshape(x.shape), np.ones_like(w), **case)[oc] != 0
            np.testing.assert_array_equal(gv.lands[k], expect)
        # the first `upto` copies = torch on x masked to its first `upto` elements
        for upto in (0, 4, x.size):
            mask = (np.arange(x.size) < upto).reshape(x.shape)
            np.testing.assert_array_equal(D.grid_view(x, w, out_channel=oc, upto=upto, **case).visible,
                                          torch_tconv(x * mask, w, **case)[oc])


def test_grid_view_refuses_bad_channel():
    with pytest.raises(ValueError, match="out_channel"):
        D.grid_view(SEED_X, SEED_K, out_channel=1)


# ---------------------------------------------------------------- matplotlib figures

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
    axes = np.array(fig.axes).reshape(per + 1, 3)
    for row, c in enumerate(chans):
        only = np.zeros_like(x)
        only[c] = x[c]
        np.testing.assert_array_equal(axis_grid(axes[row, 0]), x[c])
        np.testing.assert_array_equal(axis_grid(axes[row, 2]), torch_full_grid(only, w, groups=groups, **case)[oc])
    np.testing.assert_array_equal(axis_grid(axes[-1, 2]), torch_full_grid(x, w, groups=groups, **case)[oc])


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


# ---------------------------------------------------------------- SVG

def svg_root(svg):
    root = ET.fromstring(svg)
    assert root.tag == NS + "svg"
    w, h = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}" and w > 0 and h > 0
    return root


def assert_inside(root):
    """Every rect/text with numeric x, y lies inside the SVG's box (nothing clipped on the right/bottom)."""
    W, H = float(root.get("width")), float(root.get("height"))
    for el in root.iter():
        if el.tag in (NS + "rect", NS + "image"):
            x, y = float(el.get("x", 0)), float(el.get("y", 0))
            assert x + float(el.get("width")) <= W + 1.5 and y + float(el.get("height")) <= H + 1.5, el.attrib


@pytest.mark.parametrize("case", CASES + [dict(groups=2, out_channel=1), dict(upto=3, pick=(1, 1))])
def test_scatter_svg_is_xml_with_torch_numbers(case):
    case = dict(case)
    groups = case.get("groups", 1)
    x = example_input(2, 3, 3)
    w = example_kernel(2, 2 // groups, 2)
    oc = case.get("out_channel", 0)
    upto = case.get("upto")
    root = svg_root(D.scatter_svg(x, w, **case))
    assert_inside(root)
    kw = {k: v for k, v in case.items() if k not in ("out_channel", "upto", "pick")}
    mask = (np.arange(x.size) < (x.size if upto is None else upto)).reshape(x.shape)
    y = torch_tconv(x * mask, w, **kw)[oc]
    cells, cropped = {}, 0
    for g in root.iter(NS + "g"):
        cl = (g.get("class") or "").split()
        if "y" in cl:
            if "cropped" in cl:
                cropped += 1
            else:
                cells[(int(g.get("data-r")), int(g.get("data-c")))] = float(g.find(NS + "text").text)
    assert len(cells) == y.size
    for (r, c), v in cells.items():
        assert v == y[r, c]
    assert cropped == torch_full_grid(x, w, **kw).shape[1] * torch_full_grid(x, w, **kw).shape[2] - y.size


def test_new_svgs_parse_and_fit():
    counts = F.conv_transpose2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 3, 3), stride=2)[0, 0].numpy().astype(int)
    profile = F.conv_transpose1d(torch.ones(1, 1, 4), torch.ones(1, 1, 3), stride=2)[0, 0].numpy().astype(int)
    root = svg_root(D.overlap_svg(counts, profile, (2, 2, 5, 5), note="uneven: a checkerboard"))
    assert_inside(root)
    drawn = {(int(g.get("data-r")), int(t.get("data-c"))): int(t.text)
             for g in root.iter(NS + "g") if g.get("class") == "row" for t in g}
    assert drawn == {(r, c): counts[r, c] for r in range(9) for c in range(9)}
    with pytest.raises(ValueError, match="profile"):
        D.overlap_svg(counts, profile[:-1])
    K = np.array([[1.0, 2.0], [3.0, 4.0]])
    # D2L's kernel2matrix for a 3×3 input (T4): row 0 is [1, 2, 0, 3, 4, 0, 0, 0, 0]
    eye = torch.eye(9, dtype=T).reshape(9, 1, 3, 3)
    C = F.conv2d(eye, tt(K)[None, None]).reshape(9, 4).T.numpy()
    assert C[0].tolist() == [1, 2, 0, 3, 4, 0, 0, 0, 0]
    root = svg_root(D.matrix_svg(C, None, (3, 3), (2, 2), K, pick=1, caption="row 1"))
    assert_inside(root)
    for cls, expected in (("m", C), ("mt", C.T)):
        drawn = np.zeros_like(expected)
        for g in root.iter(NS + "g"):
            if g.get("class") == cls:
                drawn[int(g.get("data-r")), int(g.get("data-c"))] = float(g.find(NS + "text").text)
        np.testing.assert_array_equal(drawn, expected)
    with pytest.raises(ValueError, match="pick"):
        D.matrix_svg(C, pick=4)
    root = svg_root(D.equivalent_svg(SEED_X[0], SEED_K[0, 0], 2, 0, 1, pick=(1, 2), caption="same"))
    assert_inside(root)
    y = torch_tconv(SEED_X, SEED_K, stride=2, output_padding=1)[0]
    for cls in ("ya", "yb"):
        drawn = {(int(g.get("data-r")), int(g.get("data-c"))): float(g.find(NS + "text").text)
                 for g in root.iter(NS + "g") if g.get("class") == cls}
        assert drawn == {(r, c): y[r, c] for r in range(y.shape[0]) for c in range(y.shape[1])}
    with pytest.raises(ValueError, match="padding"):
        D.equivalent_svg(SEED_X[0], SEED_K[0, 0], 1, 2)
    img = np.linspace(0, 1, 64).reshape(8, 8)
    root = svg_root(D.images_svg([img, np.kron(img, np.ones((2, 2)))], ["a", "b"], display=128, caption="c",
                                 frames=[(1, (0, 0, 4, 4))]))
    assert_inside(root)
    assert len(list(root.iter(NS + "image"))) == 2
    with pytest.raises(ValueError, match="one title per image"):
        D.images_svg([img], ["a", "b"])


def test_image_png_roundtrip():
    from PIL import Image
    img = np.array([[0.0, 0.5], [1.0, 2.0]])     # 2.0 is clipped to white
    png = Image.open(io.BytesIO(D.image_png(img)))
    assert png.mode == "L" and png.size == (2, 2)
    assert np.asarray(png).tolist() == [[0, 128], [255, 255]]
    assert base64.b64encode(D.image_png(img))


def test_count_colors_and_message():
    colours = D.count_colors(np.array([[0, 1, 2, 4]]))
    assert colours[0, 0] == "#ffffff"
    lum = [sum(int(h[i:i + 2], 16) for i in (1, 3, 5)) for h in colours[0]]
    assert lum == sorted(lum, reverse=True) and len(set(lum)) == 4      # more copies, darker
    html = D.message_html("padding=3 is too large <b>")
    assert "tconv-message" in html and "&lt;b&gt;" in html
