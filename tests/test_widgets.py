"""Tests for helpers/widgets.py: every explorer driven over its slider space, every state checked against torch.

The explorers are driven the way the browser drives them: by assigning slider ``.value``s, which
fires the same callbacks a student's drag does. In every visited state we compare what the
explorer reports (``output``) and what it draws (numbers parsed out of its SVG) with torch, never
with the helpers themselves. States visited (counted by the tests, printed with ``pytest -s``):

* ScatterExplorer: sweep A, every input size 1..5 × kernel 1..4 × stride 1..4 × every padding the
  slider offers (its maximum checked against torch: accepted at the max, refused one above);
  sweep B, input 1..4 × kernel 1..3 × stride 1..3 × dilation 1..3 × every output_padding × padding
  in {0, middle, max}; sweep C, every (in_channels, out_channels, groups) with 1..3 channels ×
  every shown out channel × input {2, 3} × kernel {2, 3} × stride {1, 2} × padding {0, max};
  the copy-by-copy step control over every step of eight configurations; every pickable cell
  of a set of configurations.
* ShapeExplorer: sizes {1, 2, 3, 5, 8, 16, 17, 18, 70} × kernel 1..7 × stride 1..5 ×
  padding 0..4 × dilation 1..3 × every output_padding.
* OverlapExplorer: every input 1..8 × kernel 1..8 × stride 1..8 × padding in {0, 1, max/2, max}.
* MatrixExplorer: every input 2..5 × kernel 1..3 × stride 1..3 × every padding × every output cell.
* SlidingWindowExplorer (08, both views): every input 1..4 × kernel 1..4 × stride 1..3 × every output_padding × every
  padding × output cells {first, centre, last} (every cell for a few configurations).
* UpsampleExplorer: every factor 1..4 × every method.
Plus random walks over every explorer's controls (values in random order, bounds included) that
must never raise, and construction with invalid arguments (ValueError naming the parameter).
"""
from __future__ import annotations

import functools
import itertools
import json
import math
import re
import xml.etree.ElementTree as ET
from html import escape, unescape

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from helpers import operations
from helpers import widgets as W
from helpers.explorers import (MatrixExplorer, OverlapExplorer, ScatterExplorer, ShapeExplorer, SlidingWindowExplorer,
                             UpsampleExplorer)

from conftest import T, tt  # noqa: E402
from helpers.palette import CROP_TEXT, EMPTY_FILL, PALETTE, TAP_PALETTE  # noqa: E402
from oracle import (autograd_pairs, check_scatter_picture, close_pairs, frames, parse_sum,  # noqa: E402
                    stripe_fills, svg_cells, text_of, torch_taps, value_of)

NS = "{http://www.w3.org/2000/svg}"


pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")




def classes(el):
    return (el.get("class") or "").split()


def torch_tconv(x, w, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """torch's conv_transpose2d of one sample x (C, H, W); returns a NumPy (C_out, H', W')."""
    return F.conv_transpose2d(tt(x)[None], tt(w), stride=stride, padding=padding, output_padding=output_padding,
                              groups=groups, dilation=dilation)[0].numpy()


def torch_accepts(x, w, **kw):
    try:
        F.conv_transpose2d(tt(x)[None], tt(w), **kw)
        return True
    except RuntimeError:
        return False


def cells_grid(cells, what):
    """{(r, c): value} covering a full rectangle → 2-D array."""
    assert cells, f"no {what} cells drawn"
    h = max(r for r, _ in cells) + 1
    w = max(c for _, c in cells) + 1
    assert len(cells) == h * w, f"{what}: drawn cells do not form a {h}×{w} rectangle"
    grid = np.zeros((h, w))
    for (r, c), v in cells.items():
        grid[r, c] = v
    return grid


def group_cells(svg, cls, text_cls=None):
    """Numbers drawn in ``<g class="cls" data-r data-c>`` cells of an SVG (text or parsed root); empty text is 0."""
    root = ET.fromstring(svg) if isinstance(svg, str) else svg
    cells = {}
    for g in root.iter(NS + "g"):
        if cls not in classes(g) or "cropped" in classes(g):
            continue
        texts = [t for t in g.iter(NS + "text") if text_cls is None or text_cls in classes(t)]
        text = (texts[0].text or "").strip() if texts else ""
        cells[(int(g.get("data-r")), int(g.get("data-c")))] = float(text) if text else 0.0
    return cells


def parse_terms(terms):
    """'0·2 + 1·2 + 2·7' → [(0, 2), (1, 2), (2, 7)] (numbers parsed, never eval'd)."""
    out = []
    for term in terms.replace("\u2212", "-").split(" + "):
        a, b = term.strip().split("·")
        out.append((float(a.strip("()")), float(b.strip("()"))))     # a negative factor reads (−999)
    return out


# ---------------------------------------------------------------- ScatterExplorer

ALL = ("input_size", "kernel_size", "stride", "padding", "output_padding", "dilation", "in_channels",
       "out_channels", "groups")


def scatter_svg_cells(root):
    """(visible grid, number of cropped cells) parsed from a scatter SVG's root element."""
    cells, cropped = {}, 0
    for g in root.iter(NS + "g"):
        cl = classes(g)
        if "y" not in cl:
            continue
        if "cropped" in cl:
            cropped += 1
            assert (g.get("data-r"), g.get("data-c")) == ("-1", "-1")
            continue
        text = [t for t in g.iter(NS + "text") if "v" in classes(t)][0].text
        cells[(int(g.get("data-r")), int(g.get("data-c")))] = float(text)
    return cells_grid(cells, "visible output"), cropped


def parse_readout(html):
    """ScatterExplorer's readout → (row, col, value, [(input value, kernel value), ...])."""
    text = unescape(re.sub(r"<[^>]+>", "", html)).replace("\u2212", "-")
    # the sum, then perhaps a note in parentheses (not a (−2) factor)
    m = re.match(r"Y\[(\d+), (\d+)\] = (-?\d+(?:\.\d+)?)(?: = (.+?))?(?:\s+\((?!-).*)?$", text)
    assert m, f"readout not understood: {text!r}"
    terms = parse_terms(m[4]) if m[4] else []
    if not m[4]:
        assert "no kernel copy reaches this cell" in text, text
    return int(m[1]), int(m[2]), float(m[3]), terms


def check_scatter_state(e, states):
    """Everything the explorer shows in its current state, against torch."""
    states.append(1)
    assert e.message == "", e.message
    v = e.values
    x, w = e._data()
    kw = dict(stride=v["stride"], padding=v["padding"], output_padding=v["output_padding"], groups=v["groups"],
              dilation=v["dilation"])
    oc = e.out_channel.value
    full = torch_tconv(x, w, **kw)[oc]
    k = e.step.value
    mask = (np.arange(x.size) < k).reshape(x.shape)
    shown = torch_tconv(x * mask, w, **kw)[oc]
    np.testing.assert_array_equal(e.output, shown)
    root = ET.fromstring(e.picture.value)
    grid, cropped = scatter_svg_cells(root)
    np.testing.assert_allclose(grid, shown, rtol=0, atol=0.00501)    # numbers are written with ≤ 2 decimals
    # the picture draws the uncropped grid: torch's padding-0 output (output_padding 0), extended by
    # the output_padding rows/cols that reach beyond it (output rows p .. p + H_out - 1)
    full_h, full_w = torch_tconv(x, w, stride=kw["stride"], groups=kw["groups"], dilation=kw["dilation"]).shape[1:]
    rows, cols = max(full_h, v["padding"] + full.shape[0]), max(full_w, v["padding"] + full.shape[1])
    assert cropped == rows * cols - full.size
    # the readout: the sum behind the picked cell, term by term
    r, c, value, terms = parse_readout(e.readout.value)
    assert (r, c) == (e.row.value, e.col.value)
    assert value == pytest.approx(full[r, c], abs=0.00501)
    assert sum(a * b for a, b in terms) == pytest.approx(full[r, c])
    # which input meets which tap: torch's scatter of one-hot inputs through a numbered kernel
    taps = torch_taps(x.shape, w.shape, oc, **kw)
    o = oc % w.shape[1]
    meet = [(x[ec // (x.shape[1] * x.shape[2]), (ec // x.shape[2]) % x.shape[1], ec % x.shape[2]],
             w[ec // (x.shape[1] * x.shape[2]), o, *divmod(int(taps[ec, r + kw["padding"], c + kw["padding"]]), w.shape[3])])
            for ec in np.flatnonzero(taps[:, r + kw["padding"], c + kw["padding"]] >= 0)]
    close_pairs(terms, meet)
    # every panel of the picture: X, K, every output cell, stripes, letters, tooltips, frames
    check_scatter_picture(root, x, w, PALETTE, out_channel=oc, upto=k, pick=(r, c), empty=EMPTY_FILL,
                          crop_text=CROP_TEXT, **kw)
    # the data-params attribute (read by the browser test) describes this very state
    params = json.loads(root.get("data-params"))
    np.testing.assert_array_equal(torch_tconv(params["x"], params["weight"], stride=params["stride"],
                                              padding=params["padding"], output_padding=params["output_padding"],
                                              groups=params["groups"], dilation=params["dilation"])[oc], full)
    assert (params["out_channel"], params["upto"], params["pick"]) == (oc, k, [r, c])


def check_padding_bound(e):
    """The padding slider's maximum is the largest padding torch accepts in this state."""
    if "padding" not in e.sliders:
        return
    v = e.values
    x, w = e._data()
    kw = dict(stride=v["stride"], output_padding=v["output_padding"], groups=v["groups"], dilation=v["dilation"])
    pmax = e.sliders["padding"].max
    assert torch_accepts(x, w, padding=pmax, **kw)
    assert not torch_accepts(x, w, padding=pmax + 1, **kw)


def test_scatter_seed_state():
    e = ScatterExplorer()
    assert e.output.tolist() == [[0, 4, 7], [8, 28, 23], [4, 10, 6]]  # torch: x=[[0,1],[2,3]], K=[[4,7],[2,2]]
    states = []
    check_scatter_state(e, states)
    assert "28 = 0·2 + 1·2 + 2·7 + 3·4" in unescape(e.readout.value)


def test_scatter_sweep_core():
    """Sweep A: input size × kernel × stride × every padding, as the sliders move."""
    e = ScatterExplorer(controls=("input_size", "kernel_size", "stride", "padding"))
    states = []
    rng = np.random.default_rng(1)
    for n in range(1, 6):
        e.sliders["input_size"].value = n
        for k in range(1, 5):
            e.sliders["kernel_size"].value = k
            for s in range(1, 5):
                e.sliders["stride"].value = s
                e.sliders["padding"].value = 0
                check_padding_bound(e)
                for p in range(0, e.sliders["padding"].max + 1):
                    e.sliders["padding"].value = p
                    # a random cell to pick, moved like a student would
                    e.row.value = int(rng.integers(0, e.row.max + 1))
                    e.col.value = int(rng.integers(0, e.col.max + 1))
                    check_scatter_state(e, states)
    print(f"ScatterExplorer sweep A: {len(states)} states")
    assert len(states) > 300


def test_scatter_sweep_output_padding_dilation():
    """Sweep B: output_padding and dilation, with the padding range they imply."""
    e = ScatterExplorer(controls=ALL[:6])
    states = []
    for n, k, s, d in itertools.product(range(1, 5), range(1, 4), range(1, 4), range(1, 4)):
        e.set(input_size=n, kernel_size=k, stride=s, dilation=d, output_padding=0, padding=0)
        op_max = e.sliders["output_padding"].max
        assert op_max == max(s, d) - 1
        x, w = e._data()
        assert torch_accepts(x, w, stride=s, dilation=d, output_padding=op_max)
        assert not torch_accepts(x, w, stride=s, dilation=d, output_padding=op_max + 1)
        for op in range(op_max + 1):
            e.sliders["output_padding"].value = op
            check_padding_bound(e)
            pmax = e.sliders["padding"].max
            for p in sorted({0, pmax // 2, pmax}):
                e.sliders["padding"].value = p
                check_scatter_state(e, states)
    print(f"ScatterExplorer sweep B: {len(states)} states")
    assert len(states) > 400


def test_scatter_sweep_channels_groups():
    """Sweep C: every channel/group combination and every out channel shown."""
    e = ScatterExplorer(controls=ALL)
    states = []
    for cin, cout in itertools.product(range(1, 4), repeat=2):
        e.set(in_channels=cin, out_channels=cout, groups=1)
        divisors = [g for g in range(1, 4) if cin % g == 0 and cout % g == 0]
        assert e.sliders["groups"].max == max(divisors)
        for g in divisors:
            e.sliders["groups"].value = g
            assert e.values["groups"] == g
            for n, k, s in itertools.product((2, 3), (2, 3), (1, 2)):
                e.set(input_size=n, kernel_size=k, stride=s, padding=0)
                for p in sorted({0, e.sliders["padding"].max}):
                    e.sliders["padding"].value = p
                    assert e.out_channel.max == cout - 1
                    for oc in range(cout):
                        e.out_channel.value = oc
                        check_scatter_state(e, states)
                        x, w = e._data()
                        assert x.shape == (cin, n, n) and w.shape == (cin, cout // g, k, k)
    print(f"ScatterExplorer sweep C: {len(states)} states")
    assert len(states) > 300


def test_scatter_groups_snap_to_divisors():
    e = ScatterExplorer(controls=ALL, in_channels=3, out_channels=3)
    assert e.sliders["groups"].max == 3
    e.sliders["groups"].value = 2          # not a divisor of 3: the explorer moves it to a valid one
    assert e.values["groups"] in (1, 3) and e.message == ""
    e.set(in_channels=2, out_channels=2, groups=2)
    assert e.values["groups"] == 2
    e.sliders["out_channels"].value = 3     # groups 2 no longer divides: snaps down
    assert e.values["groups"] == 1 and e.sliders["groups"].max == 1 and e.message == ""


@pytest.mark.parametrize("config", [
    dict(),
    dict(input_size=3, kernel_size=3, stride=2, padding=1),
    dict(input_size=3, kernel_size=2, stride=2, padding=1, output_padding=1),
    dict(input_size=2, kernel_size=2, dilation=2, stride=2),
    dict(input_size=2, kernel_size=2, in_channels=2, out_channels=1),
    dict(input_size=2, kernel_size=2, in_channels=2, out_channels=2, groups=2, out_channel=1),
    dict(input_size=3, kernel_size=2, in_channels=3, out_channels=2, stride=3),
    dict(input_size=4, kernel_size=3, stride=1, padding=2),
])
def test_scatter_every_step(config):
    """The Play/step control: after k copies the grid is the transposed conv of x masked to its first k elements."""
    e = ScatterExplorer(controls=ALL, **config)
    x, _ = e._data()
    assert e.step.max == x.size and e.step.value == x.size
    states = []
    for k in range(0, x.size + 1):
        e.step.value = k
        check_scatter_state(e, states)   # compares with torch on x masked to the first k elements
    assert len(states) == x.size + 1


@pytest.mark.parametrize("config", [
    dict(input_size=2, kernel_size=2),
    dict(input_size=3, kernel_size=3, stride=2, padding=1, output_padding=1),
    dict(input_size=2, kernel_size=3, stride=2, dilation=2, in_channels=2, out_channels=2, groups=2, out_channel=1),
    dict(input_size=5, kernel_size=1, stride=4),
])
def test_scatter_every_pick(config):
    """Every output cell picked: the readout's terms add up to torch's value."""
    e = ScatterExplorer(controls=ALL, **config)
    states = []
    for r in range(e.row.max + 1):
        for c in range(e.col.max + 1):
            e.set(row=r, col=c)
            check_scatter_state(e, states)
    assert len(states) == e.output.size


@pytest.mark.parametrize("x, w", [
    (np.array([[[1.0, -2.0], [0.5, 3.0]]]), np.array([[[[1.0, 0.25], [-1.0, 2.0]]]])),
    (np.arange(6.0).reshape(1, 3, 2), np.ones((1, 2, 2, 1))),          # not square: both axes bound padding
    (np.arange(3.0).reshape(1, 3, 1), np.arange(6.0).reshape(1, 1, 1, 6)),
])
def test_scatter_fixed_data(x, w):
    e = ScatterExplorer(controls=("stride", "padding", "dilation"), x=x, weight=w)
    states = []
    for s, d in itertools.product(range(1, 5), range(1, 3)):
        e.set(stride=s, dilation=d)
        check_padding_bound(e)
        for p in range(e.sliders["padding"].max + 1):
            e.sliders["padding"].value = p
            check_scatter_state(e, states)
    assert len(states) >= 8


# ---------------------------------------------------------------- ShapeExplorer

_CONV, _TCONV = {}, {}


@functools.lru_cache(maxsize=None)
def torch_shape_chain(n, k, s, p, d, op):
    """(m, n') from nn.Conv2d then nn.ConvTranspose2d with these parameters; None where torch refuses.

    Where the transposed output would be 0 long torch returns an empty 0×0 tensor instead of refusing;
    the explorer explains that padding is too large instead, so that counts as refused here too.
    """
    key = (k, s, p, d)
    if key not in _CONV:
        _CONV[key] = nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d, bias=False)
    try:
        with torch.no_grad():
            m = _CONV[key](torch.zeros(1, 1, n, n)).shape[-1]
    except RuntimeError:
        return None, None
    key = (k, s, p, d, op)
    if key not in _TCONV:
        _TCONV[key] = nn.ConvTranspose2d(1, 1, k, stride=s, padding=p, output_padding=op, dilation=d, bias=False)
    try:
        with torch.no_grad():
            back = _TCONV[key](torch.zeros(1, 1, m, m)).shape[-1]
    except RuntimeError:
        return m, None
    return m, (back if back > 0 else None)


def check_shape_html(html, n, m, back, k, s, p, d):
    """The drawn verdict and family table, read from the HTML, against torch."""
    verdict = re.search(r'<span class="tconv-verdict" data-ok="(\d)"[^>]*>(.*?)</span>', html)
    assert verdict, "no verdict drawn"
    text = unescape(verdict[2])
    if back == n:
        assert verdict[1] == "1" and text.startswith("✓")
    else:
        # the output_padding torch needs to give n back
        need = [op for op in range(max(s, d)) if torch_shape_chain(n, k, s, p, d, op)[1] == n]
        assert verdict[1] == "0" and text == f"✗ {back} ≠ {n}: set output_padding to {need[0]}", text
    table = html.split('class="tconv-family"', 1)[1]
    rows = re.findall(r'<tr class="row"[^>]*><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td>', table)
    assert rows, "no family rows drawn"
    for size, mm, op in rows:
        assert int(mm) == m and torch_shape_chain(int(size), k, s, p, d, int(op)) == (m, int(size)), (size, op)
    sizes = [int(r[0]) for r in rows]
    assert n in sizes and sizes == sorted(sizes)
    lo, hi = sizes[0], sizes[-1]
    assert torch_shape_chain(hi + 1, k, s, p, d, 0)[0] != m and (lo == 1 or torch_shape_chain(lo - 1, k, s, p, d, 0)[0] != m)


def test_shape_explorer_sweep():
    e = ShapeExplorer(size=16, kernel_size=5, stride=3, padding=2)
    states = invalid = 0
    sl = e.sliders
    for n in (1, 2, 3, 5, 8, 16, 17, 18, 70):
        sl["size"].value = n
        for k, s, p, d in itertools.product(range(1, 8), range(1, 6), range(0, 5), range(1, 4)):
            sl["kernel_size"].value = k
            sl["stride"].value = s
            sl["padding"].value = p
            sl["dilation"].value = d
            assert sl["output_padding"].max == max(s, d) - 1
            for op in range(max(s, d)):
                sl["output_padding"].value = op
                states += 1
                m, back = torch_shape_chain(n, k, s, p, d, op)
                if m is None or back is None:
                    invalid += 1
                    assert e.message, (n, k, s, p, d, op)
                    assert escape(e.message) in e.picture.value
                    assert "Traceback" not in e.picture.value and "Error" not in e.message
                    assert e.output is None
                    continue
                assert e.message == ""
                assert e.output["conv"] == m and e.output["transposed"] == back
                family = e.output["family"]
                assert n in [size for size, _ in family]
                for size, op_size in family:
                    m_size, back_size = torch_shape_chain(size, k, s, p, d, op_size)
                    assert m_size == m and back_size == size
                # family is complete: the sizes just outside it map elsewhere (or nowhere)
                lo, hi = min(sz for sz, _ in family), max(sz for sz, _ in family)
                assert torch_shape_chain(hi + 1, k, s, p, d, 0)[0] != m
                if lo > 1:
                    assert torch_shape_chain(lo - 1, k, s, p, d, 0)[0] != m
                need = e.output["needed_output_padding"]
                assert dict(family)[n] == need
                check_shape_html(e.picture.value, n, m, back, k, s, p, d)
    print(f"ShapeExplorer sweep: {states} states ({invalid} where torch refuses)")
    assert states > 10000 and invalid > 0


# ---------------------------------------------------------------- OverlapExplorer

def torch_counts(n, k, s, p):
    return np.rint(F.conv_transpose2d(torch.ones(1, 1, n, n, dtype=T), torch.ones(1, 1, k, k, dtype=T),
                                      stride=s, padding=p)[0, 0].numpy()).astype(int)


def torch_profile(n, k, s, p):
    return np.rint(F.conv_transpose1d(torch.ones(1, 1, n, dtype=T), torch.ones(1, 1, k, dtype=T),
                                      stride=s, padding=p)[0, 0].numpy()).astype(int)


def torch_interior(n, k, s, p):
    """The interior, derived from torch alone: the cells whose count stops changing as the input grows.

    Along one axis, add m elements on each side (m·s more cells before) and compare each cell's 1-D
    count with the same cell's count in the larger input; the interior is where they agree (a square:
    the map is this profile times itself). Returns (top, left, height, width), all 0 if there is none."""
    m = k // s + 2
    small = torch_profile(n, k, s, 0)
    big = torch_profile(n + 2 * m, k, s, 0)[m * s:m * s + small.size]
    same = np.flatnonzero(small == big)
    visible = [t - p for t in same if p <= t < small.size - p]
    if not visible:
        return (0, 0, 0, 0)
    assert visible == list(range(visible[0], visible[-1] + 1)), "the interior is one block"
    return (visible[0], visible[0], len(visible), len(visible))


def check_overlap_state(e, states):
    states.append(1)
    assert e.message == ""
    v = e.params
    n, k, s, p = v["input_size"], v["kernel_size"], v["stride"], v["padding"]
    counts = torch_counts(n, k, s, p)
    np.testing.assert_array_equal(e.output, counts)
    root = ET.fromstring(e.picture.value)
    cells = {(int(g.get("data-r")), int(t.get("data-c"))): float(t.text)
             for g in root.iter(NS + "g") if "row" in classes(g) for t in g if "n" in classes(t)}
    np.testing.assert_array_equal(cells_grid(cells, "count"), counts)
    prof = [int(t.text) for t in sorted((t for t in root.iter(NS + "text") if "p" in classes(t)),
                                        key=lambda t: int(t.get("data-c")))]
    np.testing.assert_array_equal(prof, torch_profile(n, k, s, p))
    # the verdict, checked against torch's counts
    verdict = e.sentence
    assert verdict and escape(verdict.split(" — ")[0]) in e.picture.value
    t, l, h, w = torch_interior(n, k, s, p)
    framed = [(int(r.get("data-top")), int(r.get("data-left")), int(r.get("data-height")), int(r.get("data-width")))
              for r in root.iter(NS + "rect") if "interior" in classes(r)]
    assert framed == ([(t, l, h, w)] if h else []), f"interior framed {framed}, torch says {(t, l, h, w)}"
    inner = counts[t:t + h, l:l + w]
    if k % s == 0:
        assert verdict.startswith("even:")
        m = re.search(r"interior cells all get (\d+) cop", verdict)
        assert m
        if h:
            assert np.all(inner == int(m[1]))
    else:
        assert verdict.startswith("uneven:")
        m = re.search(r"vary between (\d+) and (\d+)", verdict)
        vals = inner if inner.size and inner.min() != inner.max() else counts
        if m:
            assert (int(m[1]), int(m[2])) == (vals.min(), vals.max())
        else:
            assert counts.min() == counts.max()


def test_overlap_sweep():
    e = OverlapExplorer()
    sl = e.sliders
    states = []
    for n, k, s in itertools.product(range(1, 9), repeat=3):
        sl["input_size"].value = n
        sl["kernel_size"].value = k
        sl["stride"].value = s
        pmax = sl["padding"].max
        assert pmax == ((n - 1) * s + k - 1) // 2
        one = torch.ones(1, 1, n, n, dtype=T), torch.ones(1, 1, k, k, dtype=T)
        F.conv_transpose2d(*one, stride=s, padding=pmax)
        with pytest.raises(RuntimeError):
            F.conv_transpose2d(*one, stride=s, padding=pmax + 1)
        for p in sorted({0, min(1, pmax), pmax // 2, pmax}):
            sl["padding"].value = p
            check_overlap_state(e, states)
    print(f"OverlapExplorer sweep: {len(states)} states")
    assert len(states) > 1500


def test_overlap_teaching_cases():
    """Distill's examples (T8 in the teaching notes), numbers from torch."""
    e = OverlapExplorer(input_size=3, kernel_size=3, stride=2)
    assert e.output.max() == 4 and e.output.min() == 1
    assert e.sentence.startswith("uneven: kernel 3 is not a multiple of stride 2")
    e.set(kernel_size=4, padding=1)
    assert e.sentence.startswith("even: kernel 4 is a multiple of stride 2 — interior cells all get 4 copies")
    np.testing.assert_array_equal(e.output, torch_counts(3, 4, 2, 1))
    e.set(kernel_size=2, stride=3, padding=0)
    assert "no copy" in e.sentence and e.output.min() == 0


# ---------------------------------------------------------------- MatrixExplorer

def torch_conv_matrix(K, n, s, p):
    """C from torch: column j is conv2d of the j-th basis image."""
    eye = torch.eye(n * n, dtype=T).reshape(n * n, 1, n, n)
    cols = F.conv2d(eye, tt(K)[None, None], stride=s, padding=p)
    return cols.reshape(n * n, -1).T.numpy()


def check_matrix_state(e, states, rng):
    states.append(1)
    assert e.message == ""
    v = e.params
    n, k, s, p, pick = v["input_size"], v["kernel_size"], v["stride"], v["padding"], v["pick"]
    K = W.example_kernel(1, 1, k)[0, 0]
    C = torch_conv_matrix(K, n, s, p)
    np.testing.assert_array_equal(e.output, C)
    m = int(math.isqrt(C.shape[0]))
    # Cᵀ is the transposed convolution (with the output_padding that restores the size)
    Y = rng.integers(-3, 4, (m, m)).astype(float)
    op = (n + 2 * p - k) % s
    back = F.conv_transpose2d(tt(Y)[None, None], tt(K)[None, None], stride=s, padding=p, output_padding=op)[0, 0]
    np.testing.assert_allclose(C.T @ Y.ravel(), back.numpy().ravel())
    svg = ET.fromstring(e.picture.value)
    for cls, expected in (("m", C), ("mt", C.T)):       # non-zero entries are drawn, zeros left blank
        drawn = np.zeros_like(expected)
        for (r, c), value in group_cells(svg, cls).items():
            drawn[r, c] = value
        np.testing.assert_array_equal(drawn, expected)
    taps = np.rint(torch_conv_matrix(np.arange(1, k * k + 1).reshape(k, k), n, s, p)).astype(int) - 1
    for cls, tap in (("m", taps), ("mt", taps.T)):
        for (r, c), g in svg_cells(svg, cls).items():
            assert stripe_fills(g) == [TAP_PALETTE[tap[r, c] % len(TAP_PALETTE)]], f"{cls}[{r},{c}] tap colour"
    kk = svg_cells(svg, "kk")
    assert {rc: value_of(g) for rc, g in kk.items()} == {(a, b): K[a, b] for a in range(k) for b in range(k)}
    assert all(stripe_fills(g) == [TAP_PALETTE[(a * k + b) % len(TAP_PALETTE)]] for (a, b), g in kk.items())
    xi = svg_cells(svg, "xi")
    assert {rc: int(text_of(g)) for rc, g in xi.items()} == {(i, j): i * n + j for i in range(n) for j in range(n)}
    assert all(stripe_fills(g) == [TAP_PALETTE[taps[pick, i * n + j] % len(TAP_PALETTE)]
                                   if taps[pick, i * n + j] >= 0 else EMPTY_FILL] for (i, j), g in xi.items())
    yi = svg_cells(svg, "yi")
    assert {rc: int(text_of(g)) for rc, g in yi.items()} == {(i, j): i * m + j for i in range(m) for j in range(m)}
    # the sentence: row `pick` of C, applied to a random X, is torch's conv output at that cell
    mm = re.search(r"Y\[(\d+), (\d+)\] = ((?:-?[\d.]+·x\d+(?: \+ )?)+)\.", e.sentence)
    assert mm, e.sentence
    r, c = int(mm[1]), int(mm[2])
    assert r * m + c == pick
    X = rng.integers(-3, 4, (n, n)).astype(float)
    found = [(float(a), int(j)) for a, j in re.findall(r"(-?[\d.]+)·x(\d+)", mm[3])]
    assert found == [(C[pick, j], j) for j in np.flatnonzero(C[pick])], "the sentence names row pick's inputs"
    total = sum(a * X.ravel()[j] for a, j in found)
    conv = F.conv2d(tt(X)[None, None], tt(K)[None, None], stride=s, padding=p)[0, 0].numpy()
    assert total == pytest.approx(conv[r, c])


def test_matrix_sweep():
    e = MatrixExplorer()
    sl = e.sliders
    states = []
    rng = np.random.default_rng(2)
    for n, k, s in itertools.product(range(2, 6), range(1, 4), range(1, 4)):
        sl["input_size"].value = n
        sl["kernel_size"].value = k
        sl["stride"].value = s
        lo, hi = sl["padding"].min, sl["padding"].max
        assert hi == k - 1
        assert n + 2 * lo >= k and (lo == 0 or n + 2 * (lo - 1) < k)  # least padding that lets K fit
        for p in range(lo, hi + 1):
            sl["padding"].value = p
            m = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), stride=s, padding=p).shape[-1]
            assert sl["pick"].max == m * m - 1
            for pick in range(m * m):
                sl["pick"].value = pick
                check_matrix_state(e, states, rng)
    print(f"MatrixExplorer sweep: {len(states)} states")
    assert len(states) > 500


# ---------------------------------------------------------------- SlidingWindowExplorer: both views (08)

def torch_zero_inserted_padded(n, k, s, p, op):
    """The direct convolution's input, built with torch: a 1×1 transposed conv inserts the zeros."""
    x = tt(W.example_input(1, n, n))[None]
    ones = torch.ones(1, 1, n, n, dtype=T)
    xd = F.conv_transpose2d(x, torch.ones(1, 1, 1, 1, dtype=T), stride=s)
    where = F.conv_transpose2d(ones, torch.ones(1, 1, 1, 1, dtype=T), stride=s)
    q = k - 1 - p
    pad = (q, q + op, q, q + op)
    P = F.pad(xd, pad)[0, 0].numpy()
    kind = np.full(P.shape, "padding", dtype=object)
    kind[q:q + xd.shape[-2], q:q + xd.shape[-1]] = "inserted"
    inner = F.pad(where, pad)[0, 0].numpy() == 1
    kind[inner] = "input"
    return P, kind


def check_equivalent_state(e, states):
    states.append(1)
    assert e.message == ""
    v = e.params
    n, k, s, p, op = v["input_size"], v["kernel_size"], v["stride"], v["padding"], v["output_padding"]
    x = W.example_input(1, n, n)
    K = W.example_kernel(1, 1, k)
    y = torch_tconv(x, K, stride=s, padding=p, output_padding=op)[0]
    np.testing.assert_array_equal(e.output, y)
    svg = ET.fromstring(e.picture.value)
    np.testing.assert_array_equal(cells_grid(group_cells(svg, "ya", "v"), "Y (a)"), y)
    np.testing.assert_array_equal(cells_grid(group_cells(svg, "yb", "v"), "Y (b)"), y)
    P, kind = torch_zero_inserted_padded(n, k, s, p, op)
    np.testing.assert_array_equal(cells_grid(group_cells(svg, "p", "v"), "padded input"), P)
    kinds = {(int(g.get("data-r")), int(g.get("data-c"))): g.get("data-kind")
             for g in svg.iter(NS + "g") if "p" in classes(g)}
    assert set(kinds) == set(itertools.product(range(P.shape[0]), range(P.shape[1])))
    assert all(kinds[rc] == kind[rc] for rc in kinds)
    flipped = torch.flip(tt(K), dims=(2, 3))[0, 0].numpy()
    np.testing.assert_array_equal(cells_grid(group_cells(svg, "kf", "v"), "flipped kernel"), flipped)
    # torch agrees that this is the same operation
    np.testing.assert_allclose(F.conv2d(tt(P)[None, None], tt(flipped)[None, None])[0, 0].numpy(), y)
    size = y.shape[1]
    r, c = divmod(v["position"], size)
    assert caption_text(svg) == " ".join(e.sentence.split())
    marks = {(int(t.get("data-r")), int(t.get("data-c"))): float(t.text[1:]) for t in svg.iter(NS + "text")
             if "kf" in classes(t)}
    assert marks == {(a, b): flipped[a, b] for a in range(k) for b in range(k)}, "the window shows the flipped kernel"
    taps = torch_taps(x.shape, K.shape, 0, stride=s, padding=p, output_padding=op)
    meet = [(ee, int(taps[ee, r + p, c + p])) for ee in np.flatnonzero(taps[:, r + p, c + p] >= 0)]
    assert frames(svg) == sorted([("xa", -1, ee // n, ee % n) for ee, _ in meet] +
                                 [("ka", -1, tp // k, tp % k) for _, tp in meet] + [("ya", -1, r, c), ("yb", -1, r, c)])


def caption_text(root):
    """The sentence written (word-wrapped) at the bottom of a parsed SVG, as one line."""
    words = " ".join(t.text for t in root.iter(NS + "text") if "cap" in classes(t) and t.text)
    return " ".join(words.replace("\u00a0", " ").split())


def test_equivalent_sweep():
    """Both views of 08's explorer at every state: (a) the scatter, (b) the zero-inserted, padded input
    under the flipped kernel (its sentence is checked step by step in test_animation.py)."""
    e = SlidingWindowExplorer()
    sl = e.sliders
    states = []
    for n, k, s in itertools.product(range(1, 5), range(1, 5), range(1, 4)):
        sl["input_size"].value = n
        sl["kernel_size"].value = k
        sl["stride"].value = s
        assert sl["output_padding"].max == s - 1
        for op in range(s):
            sl["output_padding"].value = op
            pmax = sl["padding"].max
            x, K = W.example_input(1, n, n), W.example_kernel(1, 1, k)
            assert pmax <= k - 1 and torch_accepts(x, K, stride=s, padding=pmax, output_padding=op)
            if pmax < k - 1:
                assert not torch_accepts(x, K, stride=s, padding=pmax + 1, output_padding=op)
            for p in range(pmax + 1):
                sl["padding"].value = p
                last = sl["position"].max
                every = (n, k, s) in {(2, 2, 2), (3, 3, 2), (2, 4, 3)}
                for pos in (range(last + 1) if every else sorted({0, last // 2, last})):
                    sl["position"].value = pos
                    check_equivalent_state(e, states)
    print(f"SlidingWindowExplorer (both views) sweep: {len(states)} states")
    assert len(states) > 500


def test_equivalent_seed_case():
    e = SlidingWindowExplorer(input_size=2, kernel_size=2, stride=1, padding=0, position=4)
    assert e.output.tolist() == [[0, 4, 7], [8, 28, 23], [4, 10, 6]]
    assert "window at Y[1, 1] = 0·2 + 1·2 + 2·7 + 3·4 = 28." in e.sentence


# ---------------------------------------------------------------- UpsampleExplorer

def d2l_bilinear_kernel(k):
    """D2L's bilinear_kernel (chapter_computer-vision/fcn), written out independently."""
    factor = (k + 1) // 2
    center = factor - 1 if k % 2 == 1 else factor - 0.5
    og = (torch.arange(k, dtype=T).reshape(-1, 1), torch.arange(k, dtype=T).reshape(1, -1))
    return (1 - torch.abs(og[0] - center) / factor) * (1 - torch.abs(og[1] - center) / factor)


def torch_upsample(img, f, method):
    x = tt(img)[None, None]
    if method == "bilinear":
        k = 2 * f - f % 2           # FCN's kernel size; (64 − 1)·f − 2p + k = 64·f needs p = (k − f) / 2
        return F.conv_transpose2d(x, d2l_bilinear_kernel(k)[None, None], stride=f, padding=(k - f) // 2)[0, 0]
    K = torch.tensor(np.random.default_rng(0).uniform(0.0, 1.0, (3, 3)), dtype=T)   # the documented recipe
    if method == "random":
        # 3×3 kernel scaled to sum f²; (64 − 1)·f − 2p + 3 + op = 64·f with 0 ≤ op < f
        p, op = {1: (1, 0), 2: (1, 1), 3: (0, 0), 4: (0, 1)}[f]
        return F.conv_transpose2d(x, (K * f * f / K.sum())[None, None], stride=f, padding=p, output_padding=op)[0, 0]
    big = F.interpolate(x, scale_factor=f, mode="nearest")
    return F.conv2d(big, (K / K.sum())[None, None], padding=1)[0, 0]


def test_upsample_every_state():
    e = UpsampleExplorer()
    assert e.image.shape == (64, 64) and 0 <= e.image.min() < e.image.max() <= 1
    states = 0
    for method in operations.UPSAMPLE_METHODS:
        e.sliders["method"].value = method
        for f in range(1, 5):
            e.sliders["factor"].value = f
            states += 1
            assert e.message == ""
            expected = torch_upsample(e.image, f, method).numpy()
            assert e.output.shape == (64 * f, 64 * f)
            np.testing.assert_allclose(e.output, expected, atol=1e-12)
            root = ET.fromstring(e.picture.value)
            images = list(root.iter(NS + "image"))
            assert len(images) == 3
            from PIL import Image
            import base64
            import io
            png = Image.open(io.BytesIO(base64.b64decode(images[1].get("href").split(",", 1)[1])))
            drawn = np.asarray(png, dtype=float)
            assert drawn.shape == (64 * f, 64 * f)
            assert np.abs(drawn - np.clip(expected, 0, 1) * 255).max() <= 0.5 + 1e-9
            assert f"{64 * f}" in e.sentence
    assert states == 12


def test_upsample_checkerboard_claims():
    """On a flat image, bilinear stays flat inside, the random kernel with stride 2 prints a 2-periodic pattern."""
    flat = np.full((16, 16), 0.5)
    bil = torch_upsample(flat, 2, "bilinear").numpy()[4:-4, 4:-4]
    rnd = torch_upsample(flat, 2, "random").numpy()[4:-4, 4:-4]
    ncv = torch_upsample(flat, 2, "nearest+conv").numpy()[4:-4, 4:-4]
    assert np.ptp(bil) < 1e-12 and np.ptp(ncv) < 1e-12 and np.ptp(rnd) > 0.05
    np.testing.assert_allclose(rnd[:-2, :-2], rnd[2:, 2:])
    for method, expected in (("bilinear", bil), ("random", rnd), ("nearest+conv", ncv)):
        out, _ = operations.upsample_image(flat, 2, method)
        np.testing.assert_allclose(out[4:-4, 4:-4], expected, atol=1e-12)
    e = UpsampleExplorer(factor=2, method="random")
    assert "checkerboard" in e.sentence
    e.set(method="nearest+conv")
    assert "no checkerboard" in e.sentence


# ---------------------------------------------------------------- invalid arguments, random walks, bounds

@pytest.mark.parametrize("make, name", [
    (lambda: ScatterExplorer(stride=0), "stride"),
    (lambda: ScatterExplorer(padding=-1), "padding"),
    (lambda: ScatterExplorer(padding=3), "padding"),
    (lambda: ScatterExplorer(output_padding=1), "output_padding"),
    (lambda: ScatterExplorer(dilation=0), "dilation"),
    (lambda: ScatterExplorer(input_size=0), "input.size"),
    (lambda: ScatterExplorer(kernel_size=0), "kernel_size"),
    (lambda: ScatterExplorer(in_channels=3, groups=2), "groups"),
    (lambda: ScatterExplorer(in_channels=0), "in_channels"),
    (lambda: ScatterExplorer(out_channel=1), "out_channel"),
    (lambda: ScatterExplorer(controls=("size",)), "controls"),
    (lambda: ScatterExplorer(stride=1.5), "stride"),
    (lambda: ScatterExplorer(x=np.ones((1, 2, 2))), "weight"),
    (lambda: ScatterExplorer(controls=(), x=np.ones((2, 2, 2)), weight=np.ones((1, 1, 2, 2))), "channels"),
    (lambda: ScatterExplorer(controls=(), x=np.ones((1, 3, 1)), weight=np.ones((1, 1, 1, 1)), padding=1),
     "padding"),
    (lambda: ShapeExplorer(size=0), "size"),
    (lambda: ShapeExplorer(stride=0), "stride"),
    (lambda: ShapeExplorer(dilation=0), "dilation"),
    (lambda: ShapeExplorer(padding=-2), "padding"),
    (lambda: ShapeExplorer(stride=3, output_padding=3), "output_padding"),
    (lambda: ShapeExplorer(size=1, kernel_size=7, padding=0), "kernel_size"),
    (lambda: OverlapExplorer(input_size=9), "input_size"),
    (lambda: OverlapExplorer(kernel_size=0), "kernel_size"),
    (lambda: OverlapExplorer(stride=9), "stride"),
    (lambda: OverlapExplorer(input_size=1, kernel_size=2, padding=1), "padding"),
    (lambda: MatrixExplorer(input_size=1), "input_size"),
    (lambda: MatrixExplorer(kernel_size=4), "kernel_size"),
    (lambda: MatrixExplorer(stride=0), "stride"),
    (lambda: MatrixExplorer(input_size=2, kernel_size=3, padding=0), "padding"),
    (lambda: MatrixExplorer(kernel_size=2, padding=2), "padding"),
    (lambda: MatrixExplorer(pick=4), "pick"),
    (lambda: SlidingWindowExplorer(input_size=5), "input_size"),
    (lambda: SlidingWindowExplorer(stride=2, output_padding=2), "output_padding"),
    (lambda: SlidingWindowExplorer(kernel_size=2, padding=2), "padding"),
    (lambda: SlidingWindowExplorer(position=16), "position"),
    (lambda: UpsampleExplorer(factor=5), "factor"),
    (lambda: UpsampleExplorer(factor=0), "factor"),
    (lambda: UpsampleExplorer(method="bicubic"), "method"),
])
def test_invalid_arguments_name_the_parameter(make, name):
    with pytest.raises(ValueError, match=name):
        make()


def test_set_refuses_out_of_range_and_unknown():
    e = ScatterExplorer()
    with pytest.raises(ValueError, match="padding=5 is outside"):
        e.set(padding=5)
    with pytest.raises(ValueError, match="'groups' is not a control"):
        e.set(groups=2)
    assert e.message == "" and e.output is not None
    # dependency order: the padding range follows the sizes set in the same call
    e.set(padding=3, input_size=5, kernel_size=3)
    assert e.values["padding"] == 3 and e.message == ""
    u = UpsampleExplorer()
    with pytest.raises(ValueError, match="method must be one of"):
        u.set(method="bicubic")


def all_explorers():
    return [
        ScatterExplorer(controls=ALL),
        ShapeExplorer(),
        OverlapExplorer(),
        MatrixExplorer(),
        SlidingWindowExplorer(),
        UpsampleExplorer(),
    ]


def random_walk(e, rng, moves):
    controls = e._controls()
    names = list(controls)
    for _ in range(moves):
        name = names[rng.integers(len(names))]
        w = controls[name]
        if hasattr(w, "options"):
            w.value = w.options[rng.integers(len(w.options))]
        else:
            choice = rng.random()
            value = w.min if choice < 0.2 else w.max if choice < 0.4 else int(rng.integers(w.min, w.max + 1))
            w.value = value          # any exception in a callback propagates here and fails the test
        assert "Traceback" not in e.picture.value
        if isinstance(e, ShapeExplorer):
            assert (e.message == "") == (e.output is not None)
        else:
            assert e.message == "", f"{type(e).__name__} reached an invalid state: {e.message}"


@pytest.mark.parametrize("index", range(6))
def test_random_walk_never_raises(index):
    rng = np.random.default_rng(100 + index)
    e = all_explorers()[index]
    random_walk(e, rng, 60 if index == 5 else 250)
    if isinstance(e, ScatterExplorer):
        check_scatter_state(e, [])
        check_padding_bound(e)


def test_bounds_adapt():
    e = ScatterExplorer(controls=ALL)
    e.set(stride=1, dilation=1)
    assert e.sliders["output_padding"].max == 0
    e.set(stride=3)
    assert e.sliders["output_padding"].max == 2
    e.set(output_padding=2, dilation=1)
    e.sliders["stride"].value = 2                 # output_padding 2 is no longer allowed: clamps to 1
    assert e.values["output_padding"] == 1 and e.message == ""
    e.set(input_size=2, kernel_size=2, stride=1, output_padding=0)
    assert e.sliders["padding"].max == 1          # torch: full 3×3 grid, padding 1 leaves 1×1, padding 2 nothing
    e.set(padding=1)
    e.sliders["kernel_size"].value = 1            # full grid 2×2: padding 1 would leave nothing → clamps to 0
    assert e.values["padding"] == 0 and e.sliders["padding"].max == 0
    assert e.row.max == 1 and e.col.max == 1
    o = OverlapExplorer(input_size=8, kernel_size=8, stride=8, padding=20)
    o.sliders["input_size"].value = 1             # full grid 8: padding at most 3
    assert o.params["padding"] == 3 and o.message == ""
    m = MatrixExplorer(input_size=3, kernel_size=3, padding=0)
    m.sliders["input_size"].value = 2             # a 3-kernel needs padding ≥ 1 on a 2-input
    assert m.params["padding"] == 1 and m.sliders["padding"].min == 1 and m.message == ""
    q = SlidingWindowExplorer(input_size=1, kernel_size=4, stride=3, output_padding=2, padding=2)
    q.sliders["output_padding"].value = 0         # full 4: padding at most 1
    assert q.params["padding"] == 1 and q.message == ""


def test_mimebundle_static_fallback():
    names = {e.css_name for e in all_explorers()}
    assert len(names) == 6
    for e in all_explorers():
        bundle = e._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        static = bundle.get("image/svg+xml") or bundle.get("text/html")
        assert static and "Traceback" not in static
        if "image/svg+xml" in bundle:
            ET.fromstring(bundle["image/svg+xml"])
        assert e.css_class in e.widget._dom_classes
        # stable class names the slideshow styles: one per explorer root, its controls and its picture
        assert e.css_name.startswith("tconv-") and e.css_name.endswith("-explorer") and e.css_name in e.widget._dom_classes
        assert {"tconv-picture-box", e.picture_class} <= set(e.picture._dom_classes)
        assert "tconv-controls" in e.widget.children[0]._dom_classes
        assert e.params and e.output is not None


# ---------------------------------------------------------------- what a student tried

def test_controls_may_be_one_name():
    """ScatterExplorer(controls="stride") is one slider, not the letters s, t, r, i, d, e."""
    e = ScatterExplorer(controls="stride", stride=2)
    assert list(e.sliders) == ["stride"] and e.sliders["stride"].value == 2 and e.message == ""
    with pytest.raises(ValueError, match="'size'"):
        ScatterExplorer(controls="size")


def test_shape_explorer_says_which_layer_refuses():
    """n=1, k=1, s=5, p=3: Conv2d gives m=2 (torch), the transposed convolution back has nothing left."""
    assert nn.Conv2d(1, 1, 1, stride=5, padding=3)(torch.zeros(1, 1, 1, 1)).shape[-1] == 2
    with pytest.raises(RuntimeError):
        nn.ConvTranspose2d(1, 1, 1, stride=5, padding=3)(torch.zeros(1, 1, 2, 2))
    e = ShapeExplorer(size=1, kernel_size=1, stride=5, padding=3)
    assert e.output is None
    assert "Conv2d accepts" in e.message and "m = 2" in e.message
    assert "ConvTranspose2d back" in e.message and "padding=3 is too large for the transposed convolution" in e.message


SET_TRIES = [  # (explorer, a set() call whose later value is out of range once the earlier ones apply)
    (lambda: ScatterExplorer(controls=ALL), dict(output_padding=4, stride=2)),
    (lambda: ScatterExplorer(controls=ALL), dict(input_size=5, kernel_size=3, padding=4, stride=1)),
    (lambda: ShapeExplorer(), dict(size=10, stride=2, output_padding=3)),
    (lambda: OverlapExplorer(), dict(input_size=1, kernel_size=1, stride=1, padding=3)),
    (lambda: MatrixExplorer(), dict(input_size=5, kernel_size=3, stride=1, pick=999)),
    (lambda: SlidingWindowExplorer(), dict(stride=3, output_padding=2, padding=3)),
    (lambda: UpsampleExplorer(), dict(factor=3, method="bicubic")),
]


@pytest.mark.parametrize("index", range(len(SET_TRIES)))
def test_set_is_all_or_nothing(index):
    """A refused ``set`` (``.set(output_padding=4, stride=2)``: output_padding must stay below stride)
    leaves every control, bound, picture and number exactly as before, even when an earlier value fitted."""
    make, values = SET_TRIES[index]
    e = make()
    controls = e._controls()
    before = {n: (w.value, getattr(w, "min", None), getattr(w, "max", None)) for n, w in controls.items()}
    svg_before, params_before = e.svg, dict(e.params)
    with pytest.raises(ValueError, match="Nothing was changed"):
        e.set(**values)
    after = {n: (w.value, getattr(w, "min", None), getattr(w, "max", None)) for n, w in controls.items()}
    assert after == before
    assert e.svg == svg_before and e.params == params_before and e.message == ""


def test_letters_unique_and_colour_repeat_said_in_the_picture():
    """75 input elements (3 channels × 5×5, the most an explorer shows): every letter distinct, no
    digits; the picture says that colours repeat and letters do not."""
    e = ScatterExplorer(controls=ALL, input_size=5, in_channels=3, out_channels=3)
    root = ET.fromstring(e.svg)
    tags_x = [t.text for g in root.iter(f"{NS}g") if "x" in classes(g) for t in g.iter(f"{NS}text")
              if "tag" in classes(t)]
    assert len(tags_x) == 75 and len(set(tags_x)) == 75
    assert all(t.isalpha() for t in tags_x)
    assert len({f for f in PALETTE}) < 75
    caption = " ".join(t.text for t in root.iter(f"{NS}text") if "cap" in classes(t))
    assert "75 input elements, 8 colours: colours repeat, the letters never do" in caption
    small = ScatterExplorer()                        # 4 elements, 4 colours: nothing to say
    assert "colours repeat" not in small.svg


def test_one_element_shows_its_copy_at_first():
    """With a 1×1 input the 'copies added' slider started at 0: the grid showed zeros, not the copy."""
    x, w = np.full((1, 1, 1), 5.0), np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    e = ScatterExplorer(controls=(), x=x, weight=w)
    assert e.step.value == 1
    np.testing.assert_array_equal(e.output, torch_tconv(x, w)[0])
    assert ScatterExplorer(input_size=1).step.value == 1


def test_every_play_control_waits_the_same_interval():
    """01–06's "copies added" Play and 07/08's animations step at one pace, the one benchmarked."""
    plays = [ScatterExplorer().play, W.MatrixStepExplorer().play, SlidingWindowExplorer().play]
    assert [p.interval for p in plays] == [W.PLAY_INTERVAL] * 3 and W.PLAY_INTERVAL >= 600


def test_05_and_09_refusals_name_the_parameter_that_causes_them():
    """05: kernel 3 fits a length-5 input, only dilation 3 makes it span 7 > 5, so the message names
    dilation (not "a smaller kernel"); 09: padding 1 is refused because input 1, kernel 1, stride 1 give a
    1-long full output, which the message says (not "between 0 and 0 for this explorer")."""
    x = torch.zeros(1, 1, 1, 5, dtype=torch.float64)
    F.conv2d(x, torch.zeros(1, 1, 1, 3, dtype=torch.float64))                      # the kernel alone fits
    F.conv2d(x, torch.zeros(1, 1, 1, 3, dtype=torch.float64), dilation=(1, 2))     # and dilation 2 too
    with pytest.raises(RuntimeError):
        F.conv2d(x, torch.zeros(1, 1, 1, 3, dtype=torch.float64), dilation=(1, 3))
    e = ShapeExplorer().set(dilation=3, size=5, kernel_size=3, padding=0)
    assert e.message.startswith("dilation=3") and "dilation at most 2" in e.message
    assert "smaller kernel" not in e.message
    e.set(dilation=1, size=1)                       # here the kernel itself is too large: named as before
    assert e.message.startswith("kernel_size=3")
    one = torch.ones(1, 1, 1, 1, dtype=torch.float64)
    assert F.conv_transpose2d(one, one, padding=0).shape[-1] == 1
    with pytest.raises(RuntimeError):
        F.conv_transpose2d(one, one, padding=1)
    for make in (lambda: OverlapExplorer(input_size=1, kernel_size=1, stride=1, padding=1),
                 lambda: OverlapExplorer().set(input_size=1, kernel_size=1, stride=1, padding=3)):
        with pytest.raises(ValueError) as err:
            make()
        text = str(err.value)
        assert all(f"{name}=1" in text for name in ("input_size", "kernel_size", "stride"))
        assert "at most 0" in text and "for this explorer" not in text and "current range" not in text


# ---------------------------------------------------------------- golden refusals and titles (tests/golden/sentences.toml)

from golden import expected as _golden, params as _golden_params, shown as _shown  # noqa: E402


def _image_titles(e):
    """The titles written above UpsampleExplorer's three images (``text.lbl``), joined by " | "."""
    svg = e.picture.value[e.picture.value.index("<svg"):]
    return " | ".join(t.text for t in ET.fromstring(svg).iter(NS + "text") if "lbl" in (t.get("class") or ""))


GOLDEN = {
    "range_refusal": lambda: W._check_range("stride", 9, 1, 4),
    "not_a_control": lambda: ScatterExplorer().set(colour=3),
    "upsample_titles": lambda: _image_titles(W.UpsampleExplorer()),
    "shape_back_refused": lambda: ShapeExplorer().set(size=1, kernel_size=1, stride=5, padding=3).message,
}


@pytest.mark.parametrize("name, language", _golden_params(GOLDEN, "widgets"))
def test_golden_widget_text(name, language):
    assert _shown(GOLDEN[name], language) == _golden("widgets")[name][language]
