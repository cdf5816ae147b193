"""Tests for helpers/svg.py: every number in every panel of every SVG is torch's, and so is every frame.

SVGs are parsed as XML. Expected values come from ``torch.nn.functional`` (float64), from torch's
scatter of one-hot inputs through a numbered kernel (which copy lands where, through which tap:
tests/oracle.py), or from hand reasoning written next to the assert — never from helpers.
"""
from __future__ import annotations

import base64
import io
import itertools
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from helpers import svg as D
from helpers.palette import CROP_TEXT, EMPTY_FILL, PALETTE, TAP_PALETTE
from helpers.explorers import example_input, example_kernel

from conftest import T, tt  # noqa: E402
from oracle import (CASES, NS, SEED_K, SEED_X, check_scatter_picture, classes, frames, letter, parse_svg, stripe_fills, svg_cells, tags,
                    text_of, torch_taps, torch_tconv, value_of)


pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")



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
    # images_svg embeds exactly these pixels, image by image
    from PIL import Image as _I
    big = np.kron(img.clip(0, 1), np.ones((2, 2)))
    root = svg_root(D.images_svg([img, big], ["a", "b"], display=64))
    hrefs = [im.get("href") for im in root.iter(NS + "image")]
    assert [h.split(",")[0] for h in hrefs] == ["data:image/png;base64"] * 2
    decoded = [np.asarray(_I.open(io.BytesIO(base64.b64decode(h.split(",", 1)[1])))) for h in hrefs]
    assert decoded[0].tolist() == [[0, 128], [255, 255]]
    assert decoded[1].tolist() == np.kron(decoded[0], np.ones((2, 2), np.uint8)).tolist()


def test_count_colors_and_message():
    colours = D.count_colors(np.array([[0, 1, 2, 4]]))
    assert colours[0, 0] == "#ffffff"
    lum = [sum(int(h[i:i + 2], 16) for i in (1, 3, 5)) for h in colours[0]]
    assert lum == sorted(lum, reverse=True) and len(set(lum)) == 4      # more copies, darker
    html = D.message_html("padding=3 is too large <b>")
    assert "tconv-message" in html and "&lt;b&gt;" in html


@pytest.mark.parametrize("case", CASES + [dict(groups=2, out_channel=1), dict(upto=3, pick=(1, 1)),
                                          dict(pick=(0, 1), padding=1), dict(groups=2, out_channel=0, pick=(1, 0)),
                                          dict(stride=2, upto=10, pick=(2, 3))])
def test_scatter_svg_every_panel_is_torch(case):
    """X, K, every output cell (visible and cropped), stripes, letters, tooltips, pick and Play frames."""
    case = dict(case)
    groups = case.get("groups", 1)
    x = example_input(2, 3, 3)
    w = example_kernel(2, 2 // groups, 2) + np.arange(2 * (2 // groups) * 4).reshape(2, 2 // groups, 2, 2) * 0.5
    root = svg_root(D.scatter_svg(x, w, **case))
    assert_inside(root)
    check_scatter_picture(root, x, w, PALETTE, crop_text=CROP_TEXT, empty=EMPTY_FILL, **case)


def test_scatter_svg_every_play_step():
    """During Play the stripes hold exactly the copies added so far (torch on the masked input)."""
    x = example_input(1, 3, 3)
    w = example_kernel(1, 1, 3)
    for upto in range(x.size + 1):
        check_scatter_picture(D.scatter_svg(x, w, stride=2, upto=upto, pick=(1, 1)), x, w, PALETTE, stride=2,
                              upto=upto, pick=(1, 1), empty=EMPTY_FILL)


def test_many_copies_show_a_count():
    """3×3 kernel, stride 1: the centre of a 3×3 input gets 9 copies → "×9", not 9 stripes of 6 px."""
    x = example_input(1, 3, 3)
    w = example_kernel(1, 1, 3)
    root = parse_svg(D.scatter_svg(x, w))
    centre = svg_cells(root, "y")[(2, 2)]
    assert text_of(centre, "cnt") == "×9" and stripe_fills(centre) == [EMPTY_FILL] and tags(centre) == []
    check_scatter_picture(root, x, w, PALETTE, empty=EMPTY_FILL)


def test_svgs_scale_with_their_container():
    """Sized by viewBox: the width attribute is the natural size, the style lets it grow and shrink."""
    for svg in (D.scatter_svg(SEED_X, SEED_K), D.overlap_svg(np.ones((3, 3), int)),
                D.matrix_svg(np.eye(4)), D.equivalent_svg(SEED_X[0], SEED_K[0, 0])):
        root = svg_root(svg)
        style = root.get("style").replace(" ", "")
        assert "width:100%" in style and "height:auto" in style
        assert f"max-width:{int(int(root.get('width')) * 1.5)}px" in style
        assert classes(root) and classes(root)[0].startswith("tconv-")


def test_element_builder_escapes():
    assert D.el("text", "a<b & c", class_="v", data_r=1, x=2.25) == '<text class="v" data-r="1" x="2.2">a&lt;b &amp; c</text>'
    assert D.el("rect", fill='x"y', stroke=None) == '<rect fill="x&quot;y"/>'


# ---------------------------------------------------------------- 08: equivalent_svg, panel by panel

def torch_equivalent_input(x, k, s, p, op):
    xd = F.conv_transpose2d(tt(x)[None, None], torch.ones(1, 1, 1, 1, dtype=T), stride=s)
    where = F.conv_transpose2d(torch.ones(1, 1, *x.shape, dtype=T), torch.ones(1, 1, 1, 1, dtype=T), stride=s)
    q = k - 1 - p
    pad = (q, q + op, q, q + op)
    P = F.pad(xd, pad)[0, 0].numpy()
    kind = np.full(P.shape, "padding", dtype=object)
    kind[q:q + xd.shape[-2], q:q + xd.shape[-1]] = "inserted"
    kind[F.pad(where, pad)[0, 0].numpy() == 1] = "input"
    # which element sits where: scatter the element numbers + 1
    numbers = F.conv_transpose2d(tt(np.arange(x.size).reshape(x.shape) + 1)[None, None],
                                 torch.ones(1, 1, 1, 1, dtype=T), stride=s)
    elem = np.rint(F.pad(numbers, pad)[0, 0].numpy()).astype(int) - 1
    return P, kind, elem


@pytest.mark.parametrize("n, k, s, p, op", [(2, 2, 1, 0, 0), (2, 2, 2, 0, 1), (3, 3, 2, 1, 1), (2, 3, 3, 2, 0),
                                            (3, 2, 2, 1, 0)])
def test_equivalent_svg_every_panel_is_torch(n, k, s, p, op):
    x = example_input(1, n, n)[0]
    K = example_kernel(1, 1, k)[0, 0] + np.arange(k * k).reshape(k, k) * 0.5
    y = torch_tconv(x[None], K[None, None], stride=s, padding=p, output_padding=op)[0]
    P, kind, elem = torch_equivalent_input(x, k, s, p, op)
    Kf = torch.flip(tt(K), dims=(0, 1)).numpy()
    taps = torch_taps((1, n, n), (1, 1, k, k), 0, stride=s, padding=p, output_padding=op)
    for pr, pc in itertools.product(range(y.shape[0]), range(y.shape[1])):
        root = svg_root(D.equivalent_svg(x, K, s, p, op, pick=(pr, pc)))
        for cls, want in (("xa", x), ("ka", K), ("ya", y), ("yb", y), ("kf", Kf), ("p", P)):
            cells = svg_cells(root, cls)
            assert set(cells) == set(itertools.product(range(want.shape[0]), range(want.shape[1]))), cls
            for (r, c), g in cells.items():
                assert value_of(g) == pytest.approx(want[r, c], abs=0.005), (cls, r, c)
        for (r, c), g in svg_cells(root, "p").items():
            assert g.get("data-kind") == kind[r, c]
            if kind[r, c] == "input":
                assert stripe_fills(g) == [PALETTE[elem[r, c] % len(PALETTE)]] and tags(g) == [letter(elem[r, c])]
            else:
                assert stripe_fills(g)[0] not in PALETTE and tags(g) == []
        for (r, c), g in svg_cells(root, "xa").items():
            assert stripe_fills(g) == [PALETTE[(r * n + c) % len(PALETTE)]] and tags(g) == [letter(r * n + c)]
        # the window: the flipped kernel's values written on the cells under it
        marks = {(int(t.get("data-r")), int(t.get("data-c"))): t.text for t in root.iter(NS + "text")
                 if "kf" in classes(t)}
        assert marks == {(a, b): "×" + text_of(svg_cells(root, "kf")[(a, b)]) for a in range(k) for b in range(k)}
        assert all(float(v[1:]) == pytest.approx(Kf[a, b], abs=0.005) for (a, b), v in marks.items())
        # (a)'s frames: the elements and taps that meet at the picked cell (torch's scatter)
        meet = [(e, int(taps[e, pr + p, pc + p])) for e in np.flatnonzero(taps[:, pr + p, pc + p] >= 0)]
        want = sorted([("xa", -1, e // n, e % n) for e, _ in meet] + [("ka", -1, t // k, t % k) for _, t in meet]
                      + [("ya", -1, pr, pc), ("yb", -1, pr, pc)])
        assert frames(root) == want


# ---------------------------------------------------------------- 07: matrix_svg, panel by panel

def torch_conv_matrix(K, n, s, p):
    eye = torch.eye(n * n, dtype=T).reshape(n * n, 1, n, n)
    return F.conv2d(eye, tt(K)[None, None], stride=s, padding=p).reshape(n * n, -1).T.numpy()


@pytest.mark.parametrize("n, k, s, p", [(3, 2, 1, 0), (4, 3, 2, 1), (3, 3, 1, 1)])
def test_matrix_svg_every_panel_is_torch(n, k, s, p):
    from helpers import operations
    K = example_kernel(1, 1, k)[0, 0] + np.arange(k * k).reshape(k, k) * 0.5
    C = torch_conv_matrix(K, n, s, p)
    taps = np.rint(torch_conv_matrix(np.arange(1, k * k + 1).reshape(k, k), n, s, p)).astype(int) - 1
    m = int(np.sqrt(C.shape[0]))
    for pick in range(C.shape[0]):
        root = svg_root(D.matrix_svg(C, operations.conv_matrix_taps(k, (n, n), s, p), (n, n), (m, m), K, pick=pick))
        for cls, want, tap in (("m", C, taps), ("mt", C.T, taps.T)):
            cells = svg_cells(root, cls)
            assert set(cells) == set(zip(*np.nonzero(want)))
            for (r, c), g in cells.items():
                assert value_of(g) == want[r, c]
                assert stripe_fills(g) == [TAP_PALETTE[tap[r, c] % len(TAP_PALETTE)]], (cls, r, c)
        kk = svg_cells(root, "kk")
        assert {rc: value_of(g) for rc, g in kk.items()} == {(a, b): K[a, b] for a in range(k) for b in range(k)}
        assert all(stripe_fills(g) == [TAP_PALETTE[(a * k + b) % len(TAP_PALETTE)]] for (a, b), g in kk.items())
        xi = svg_cells(root, "xi")
        assert {rc: int(text_of(g)) for rc, g in xi.items()} == {(i, j): i * n + j for i in range(n) for j in range(n)}
        for (i, j), g in xi.items():
            tap = taps[pick, i * n + j]
            assert stripe_fills(g) == [TAP_PALETTE[tap % len(TAP_PALETTE)] if tap >= 0 else EMPTY_FILL]
        yi = svg_cells(root, "yi")
        assert {rc: int(text_of(g)) for rc, g in yi.items()} == {(i, j): i * m + j for i in range(m) for j in range(m)}
        # the index labels along C and Cᵀ: columns left to right, rows top to bottom
        idx = [(float(e.get("x")), float(e.get("y")), int(e.text)) for e in root.iter(NS + "text") if "idx" in classes(e)]
        top = min(y for _, y, _ in idx)
        assert [v for _, _, v in sorted(i for i in idx if i[1] == top)] == list(range(C.shape[1])) + list(range(C.shape[0]))
        left = min(x for x, _, _ in idx)
        assert [v for _, _, v in sorted((i for i in idx if i[0] == left), key=lambda i: i[1])] == list(range(C.shape[0]))


# ---------------------------------------------------------------- visual cues, read back from the SVG

def _luminance(hex_colour):
    """WCAG relative luminance of ``#rrggbb`` / ``#rgb``."""
    h = hex_colour.lstrip("#")
    h = "".join(ch * 2 for ch in h) if len(h) == 3 else h
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(h[i:i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _text_fill_rules(root):
    """{class selector: fill} from the SVG's style element, e.g. {"text.n": "#111", "text.n.d": "#fff"}."""
    style = "".join(s.text or "" for s in root.iter(NS + "style"))
    return dict(re.findall(r"(text\.[\w.]+)\{fill:(#[0-9a-fA-F]{3,6})\}", style))


@pytest.mark.parametrize("n, k, s", [(6, 3, 2), (5, 4, 1), (8, 5, 2), (6, 4, 2)])
def test_overlap_counts_are_readable_on_their_cells(n, k, s):
    """Every count's text colour (black, or white on class ``d``) is the more readable of the two on the
    fill of the rectangle under it (WCAG contrast, ≥ 4:1; the ramp's crossover is at 4.4:1): dark red
    cells need white text, orange ones black."""
    from helpers.operations import overlap_count
    counts = overlap_count(n, k, s)
    root = svg_root(D.overlap_svg(counts))
    rules = _text_fill_rules(root)
    rects = [r for r in root.iter(NS + "rect") if r.get("fill", "").startswith("#") and not classes(r)]
    worst = []
    for row in root.iter(NS + "g"):
        if "row" not in classes(row):
            continue
        y = float(re.search(r"translate\(0,([\d.]+)\)", row.get("transform")).group(1))
        for t in row.iter(NS + "text"):
            x = float(t.get("x"))
            under = [r for r in rects if float(r.get("x")) <= x <= float(r.get("x")) + float(r.get("width"))
                     and float(r.get("y")) <= y <= float(r.get("y")) + float(r.get("height"))]
            fill = under[-1].get("fill")                      # the last drawn is on top
            colour = rules["text.n.d"] if "d" in classes(t) else rules["text.n"]
            other = rules["text.n"] if "d" in classes(t) else rules["text.n.d"]
            worst.append((_contrast(colour, fill) - max(0.0, _contrast(other, fill) - 0.3), _contrast(colour, fill),
                          t.text, fill))
    assert len(worst) == counts.size
    assert min(worst)[0] >= 0, f"the other text colour reads better: {min(worst)}"
    assert min(w[1] for w in worst) >= 4.0, min(worst, key=lambda w: w[1])
    assert any(_luminance(w[3]) < 0.1 for w in worst), "the case has dark cells"


def test_shape_family_table_highlights_the_input_size():
    """n = 17, k = 5, s = 3, p = 2: Conv2d maps 16, 17 and 18 to 6; the row of 17 (not the first) is the
    one highlighted, and the verdict is red when the shape does not come back."""
    chain = D.shape_chain_html(17, 5, 3, 2, 1, 0, 6, 16, [(16, 0), (17, 1), (18, 2)], 1)
    rows = re.findall(r'<tr class="row" style="background:([^"]*)"><td [^>]*>(\d+)</td>', chain)
    assert [int(size) for _, size in rows] == [16, 17, 18]
    bold = [int(size) for style, size in rows if "bold" in style]
    assert bold == [17], rows
    verdict = re.search(r'<span class="tconv-verdict" data-ok="(\d)" style="color:(#\w+)', chain)
    assert verdict.group(1) == "0" and verdict.group(2).lower() not in ("#1e7b4f",), verdict.group(0)
    ok = D.shape_chain_html(17, 5, 3, 2, 1, 1, 6, 17, [(16, 0), (17, 1), (18, 2)], 1)
    assert re.search(r'data-ok="1" style="color:#1e7b4f', ok)


def test_zoom_frame_sits_on_the_image_it_names():
    """frames=[(1, (top, left, h, w))]: the red frame is drawn over the second image, at left·scale."""
    images = [np.zeros((4, 4)), np.zeros((8, 8)), np.zeros((2, 2))]
    root = svg_root(D.images_svg(images, ["a", "b", "c"], display=160, frames=[(1, (2, 3, 4, 2))]))
    placed = [(float(i.get("x")), float(i.get("y")), float(i.get("width"))) for i in root.iter(NS + "image")]
    zoom = [r for r in root.iter(NS + "rect") if "zoom" in classes(r)]
    assert len(zoom) == 1
    x, y, w = placed[1]
    scale = w / 8
    assert float(zoom[0].get("x")) == pytest.approx(x + 3 * scale)
    assert float(zoom[0].get("y")) == pytest.approx(y + 2 * scale)
    assert float(zoom[0].get("width")) == pytest.approx(2 * scale)
    assert float(zoom[0].get("height")) == pytest.approx(4 * scale)


def test_upsample_explorer_frames_the_output():
    from helpers.explorers import UpsampleExplorer
    e = UpsampleExplorer()
    root = svg_root(e.svg[e.svg.index("<svg"):])
    placed = [float(i.get("x")) for i in root.iter(NS + "image")]
    zoom = [r for r in root.iter(NS + "rect") if "zoom" in classes(r)]
    assert len(placed) == 3 and len(zoom) == 1
    assert placed[1] <= float(zoom[0].get("x")) < placed[2], "the zoom frame belongs on the output image"


def _legend(svg):
    """[(swatch pattern or None, legend text)] of an equivalent_svg, top to bottom."""
    root = svg_root(svg)
    items = list(root.iter())
    out = []
    for i, node in enumerate(items):
        if node.tag == NS + "text" and "leg" in classes(node):
            before = [r for r in items[max(0, i - 2):i] if r.tag == NS + "rect"]
            pattern = next((re.search(r"url\(#(\w+)\)", r.get("fill")).group(1) for r in before
                            if r.get("fill", "").startswith("url(")), None)
            out.append((pattern, node.text))
    return out


@pytest.mark.parametrize("language", ["en", "zh"])
def test_equivalent_legend_golden(language):
    """The legend of 08's picture, word for word: stride 3 puts 2 zeros between input elements; the
    inserted zeros' swatch is dotted and the padding's hatched (tests/golden/sentences.toml [svg])."""
    from golden import expected
    from helpers import i18n
    i18n.set_language(language)
    try:
        legend = _legend(D.equivalent_svg(np.arange(4.).reshape(2, 2), np.arange(9.).reshape(3, 3), stride=3))
    finally:
        i18n.set_language("en")
    gold = expected("svg")
    assert legend == [(None, gold["legend_input"][language]), ("dots", gold["legend_inserted_stride3"][language]),
                      ("hatch", gold["legend_padding"][language])]


# -- issue 19: the explorers' pictures on their slides, every digit ≥ 18 px ---------------------------------

def _slide_explorers():
    """The explorers of 02 slide 33, 04 slide 36, 06 slide 55, 08 slide 36, 09 slide 40 and 10 slide 52, as
    those cells build them, with the width of the picture's column beside the controls in the slideshow at
    1280×720 (measured 2026-12-07: the scatter's 649–650 px, the others' 691–695 px, 09's ≥ 706)."""
    from helpers.explorers import OverlapExplorer, ScatterExplorer, SlidingWindowExplorer, UpsampleExplorer
    x = torch.tensor([[[0, 1.0], [2.0, 3.0]], [[4, 5], [7, 8]]])
    k = torch.tensor([[[0.0, 1.0], [2.0, 3.0]], [[4, 5], [2, 3]]]).reshape(2, 1, 2, 2)
    w2 = torch.zeros(2, 2, 2, 2)
    w2[:, 0] = k[:, 0]
    w2[:, 1] = torch.tensor([[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]])
    W2 = torch.tensor([[[[0., 1.], [2., 3.]]], [[[4., 5.], [2., 3.]]]])
    return {
        "02": (lambda: ScatterExplorer(controls=("input_size", "kernel_size", "padding"), input_size=3, padding=0), 649),
        "04": (lambda: ScatterExplorer(controls=("in_channels", "out_channels", "stride", "padding"), seed=(x, w2)), 649),
        "06": (lambda: ScatterExplorer(controls=("in_channels", "out_channels", "groups", "stride"), seed=(x, W2),
                                       out_channels=2, groups=2), 649),
        "08": (SlidingWindowExplorer, 690),
        "09": (OverlapExplorer, 706),
        "10": (UpsampleExplorer, 690),
    }


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("deck", ["02", "04", "06", "08", "09", "10"])
def test_explorer_pictures_draw_every_digit_18px_on_their_slide(deck, language):
    """Issue 19: the slideshow shows an explorer's picture 580 px high at most and as wide as its column
    (explorers.css), so at min(580 / height, column / width) of its natural size. Every text with a digit in
    the picture times that scale is ≥ 18 px (before: 08's ×n taps 12 px, 09's labels 11–15 px, 10's titles
    12 px, the scatter's ×8 badge 15 px and headings 16–17.7 px). tests/test_slides.py measures the same in
    the browser, deck by deck."""
    from helpers import i18n
    make, column = _slide_explorers()[deck]
    i18n.set_language(language)
    try:
        root = svg_root(make().svg)
    finally:
        i18n.set_language("en")
    scale = min(580 / float(root.get("height")), column / float(root.get("width")))
    small = []
    for parent in root.iter():
        for t in parent:
            if t.tag != NS + "text" or not re.search(r"\d", "".join(t.itertext())):
                continue
            size = float(t.get("font-size") or parent.get("font-size"))
            if size * scale < 18:
                small.append((round(size * scale, 1), "".join(t.itertext())[:30]))
    assert not small, f"{deck} ({language}) at scale {scale:.3f}: {sorted(small)[:5]}"
