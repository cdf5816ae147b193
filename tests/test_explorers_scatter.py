"""Tests for helpers/explorers/scatter.py's ``ScatterExplorer``: driven over its slider space, every state
checked against torch (``OwnNumbersExplorer``, the same module's text-box explorer: tests/test_own_numbers.py).

The explorer is driven the way the browser drives it: by assigning a control's ``.value`` (the synced
trait), which runs the same ``_adapt`` a student's drag does. In every visited state we compare what the
explorer reports (``output``) and what it draws (numbers parsed out of its SVG, the formula above it and
the readout below it) with torch, never with the helpers themselves. States visited (counted by the
tests, printed with ``pytest -s``): sweep A, every input size 1..5 × kernel 1..4 × stride 1..4 × every
padding the slider offers (its maximum checked against torch: accepted at the max, refused one above);
sweep B, input 1..4 × kernel 1..3 × stride 1..3 × dilation 1..3 × every output_padding × padding in
{0, middle, max}; sweep C, every (in_channels, out_channels, groups) with 1..3 channels × every shown out
channel × input {2, 3} × kernel {2, 3} × stride {1, 2} × padding {0, max}; the copy-by-copy step control
over every step of eight configurations; every pickable cell of a set of configurations.

Shared with tests/test_own_numbers.py and tests/test_zh_helpers.py: ``check_scatter_state``,
``check_padding_bound``, ``scatter_state``, ``data_of``.
"""
from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from html import unescape

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from helpers import i18n
from helpers.explorers import SLIDERS, OwnNumbersExplorer, ScatterExplorer
from helpers.explorers.scatter import COUNT_KEYS

from helpers.palette import CROP_TEXT, EMPTY_FILL, PALETTE  # noqa: E402
from oracle import (NS, cells_grid, check_scatter_picture, classes, close_pairs, torch_accepts,  # noqa: E402
                    torch_taps, torch_tconv)

pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")

ALL = ("input_size", "kernel_size", "stride", "padding", "output_padding", "dilation", "in_channels",
       "out_channels", "groups")


def parse_terms(terms):
    """'0·2 + 1·2 + 2·7' → [(0, 2), (1, 2), (2, 7)] (numbers parsed, never eval'd)."""
    out = []
    for term in terms.replace("\u2212", "-").split(" + "):
        a, b = term.strip().split("·")
        out.append((float(a.strip("()")), float(b.strip("()"))))     # a negative factor reads (−999)
    return out


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
    """ScatterExplorer's readout (``below``) → (row, col, value, [(input value, kernel value), ...])."""
    text = unescape(re.sub(r"<[^>]+>", "", html)).replace("\u2212", "-")
    # the sum, then perhaps a note in parentheses (not a (−2) factor)
    m = re.match(r"Y\[(\d+), (\d+)\] = (-?\d+(?:\.\d+)?)(?: = (.+?))?(?:\s+\((?!-).*)?$", text)
    assert m, f"readout not understood: {text!r}"
    terms = parse_terms(m[4]) if m[4] else []
    if not m[4]:
        assert "no kernel copy reaches this cell" in text, text
    return int(m[1]), int(m[2]), float(m[3]), terms


def parse_formula(html):
    """ScatterExplorer's formula (``above``) → the output size it states (the number after the last '=')."""
    text = unescape(re.sub(r"<[^>]+>", "", html)).replace("\u2212", "-")
    m = re.search(r"= (-?\d+)\s*$", text)
    assert m, f"formula not understood: {text!r}"
    return int(m[1])


def scatter_state(e):
    """The ScatterExplorer state ``e`` draws: its own for a ScatterExplorer, the one its typed numbers
    make for an OwnNumbersExplorer (stride, padding, … and x, weight)."""
    return e._scatter_state(e.state) if isinstance(e, OwnNumbersExplorer) else e.state


def data_of(e):
    """X ``(C_in, H, W)`` and the weight ``(C_in, C_out/groups, kH, kW)`` that ``e`` scatters."""
    return e._data(scatter_state(e))


def check_scatter_state(e, states):
    """Everything the explorer shows in its current state, against torch."""
    states.append(1)
    assert e.message == "", e.message
    v = scatter_state(e)
    x, w = data_of(e)
    kw = dict(stride=v["stride"], padding=v["padding"], output_padding=v["output_padding"], groups=v["groups"],
              dilation=v["dilation"])
    oc = v["out_channel"]
    full = torch_tconv(x, w, **kw)[oc]
    k, total, first = v["step"], *group_copies(x, w, v["groups"], oc)
    assert 0 <= k <= total
    shown = torch_tconv(x * first_copies(x, w, v["groups"], oc, k), w, **kw)[oc]
    np.testing.assert_array_equal(e.output, shown)
    root = ET.fromstring(e.svg)
    grid, cropped = scatter_svg_cells(root)
    np.testing.assert_allclose(grid, shown, rtol=0, atol=0.00501)    # numbers are written with ≤ 2 decimals
    # the picture draws the uncropped grid: torch's padding-0 output (output_padding 0), extended by
    # the output_padding rows/cols that reach beyond it (output rows p .. p + H_out - 1)
    full_h, full_w = torch_tconv(x, w, stride=kw["stride"], groups=kw["groups"], dilation=kw["dilation"]).shape[1:]
    rows, cols = max(full_h, v["padding"] + full.shape[0]), max(full_w, v["padding"] + full.shape[1])
    assert cropped == rows * cols - full.size
    # the formula above the picture: torch's output height
    assert parse_formula(e.above) == full.shape[0]
    # the readout below it: the sum behind the picked cell, term by term
    r, c, value, terms = parse_readout(e.below)
    assert (r, c) == (v["row"], v["col"])
    assert value == pytest.approx(full[r, c], abs=0.00501)
    assert sum(a * b for a, b in terms) == pytest.approx(full[r, c])
    note = (f"grid shows {k} of {total} copies" if v["groups"] == 1 else
            f"grid shows {k} of the {total} copies that reach output channel {oc}, the copies of its group's "
            + ", ".join(f"X[{c}]" for c in range(first // x[0].size, (first + total) // x[0].size)))
    if i18n.get_language() == "en":
        assert (note in unescape(e.below)) == (k < total), f"the partial-grid note: {unescape(e.below)}"
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
    # the bounds of the cell and copy controls: torch's output size and the number of input elements
    sl = e.sliders
    assert (sl["row"].max, sl["col"].max) == (full.shape[0] - 1, full.shape[1] - 1)
    assert sl["step"].max == total, "the step control counts the copies that reach the output channel shown"
    if "out_channel" in sl:                    # (OwnNumbersExplorer has one channel and no such control)
        assert sl["out_channel"].max == w.shape[1] * v["groups"] - 1


def group_copies(x, w, groups, oc):
    """(how many copies reach output channel oc, the element number of the first): torch's own answer,
    read from the gradient of that channel with respect to an all-ones input (the elements it depends on)."""
    ones = torch.ones((1, *x.shape), dtype=torch.float64, requires_grad=True)
    F.conv_transpose2d(ones, torch.ones(w.shape, dtype=torch.float64), groups=groups)[0, oc].sum().backward()
    reach = np.flatnonzero(ones.grad[0].numpy().ravel() != 0)
    assert reach.size and (np.diff(reach) == 1).all(), "one group's elements are contiguous"
    return int(reach.size), int(reach[0])


def first_copies(x, w, groups, oc, k):
    """The 0/1 mask of the first k (input element, input channel) pairs that reach output channel oc."""
    total, first = group_copies(x, w, groups, oc)
    return ((np.arange(x.size) >= first) & (np.arange(x.size) < first + k)).reshape(x.shape)


def check_padding_bound(e):
    """The padding slider's maximum is the largest padding torch accepts in this state."""
    if "padding" not in e.sliders:
        return
    v = scatter_state(e)
    x, w = data_of(e)
    kw = dict(stride=v["stride"], output_padding=v["output_padding"], groups=v["groups"], dilation=v["dilation"])
    pmax = e.sliders["padding"].max
    assert torch_accepts(x, w, padding=pmax, **kw)
    assert not torch_accepts(x, w, padding=pmax + 1, **kw)


def test_scatter_seed_state():
    e = ScatterExplorer()
    assert e.output.tolist() == [[0, 4, 7], [8, 28, 23], [4, 10, 6]]  # torch: x=[[0,1],[2,3]], K=[[4,7],[2,2]]
    states = []
    check_scatter_state(e, states)
    assert "28 = 0·2 + 1·2 + 2·7 + 3·4" in unescape(e.below)
    assert (e.row, e.col, e.step) == (1, 1, 4), "the centre cell picked, every copy added"


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
                    e.sliders["row"].value = int(rng.integers(0, e.sliders["row"].max + 1))
                    e.sliders["col"].value = int(rng.integers(0, e.sliders["col"].max + 1))
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
        x, w = data_of(e)
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
        assert e.sliders["groups"].values == divisors, "the groups control offers exactly the divisors"
        for g in divisors:
            e.sliders["groups"].value = g
            assert e.values["groups"] == g
            for n, k, s in itertools.product((2, 3), (2, 3), (1, 2)):
                e.set(input_size=n, kernel_size=k, stride=s, padding=0)
                for p in sorted({0, e.sliders["padding"].max}):
                    e.sliders["padding"].value = p
                    assert e.sliders["out_channel"].max == cout - 1
                    for oc in range(cout):
                        e.sliders["out_channel"].value = oc
                        check_scatter_state(e, states)
                        x, w = data_of(e)
                        assert x.shape == (cin, n, n) and w.shape == (cin, cout // g, k, k)
    print(f"ScatterExplorer sweep C: {len(states)} states")
    assert len(states) > 300


def test_scatter_groups_snap_to_divisors():
    e = ScatterExplorer(controls=ALL, in_channels=3, out_channels=3)
    assert e.sliders["groups"].max == 3
    with pytest.raises(ValueError, match="groups=2 is outside"):
        e.sliders["groups"].value = 2      # the control refuses what it does not offer, as set() does
    e.groups = 2                           # not a divisor of 3 (the trait set by hand): the explorer moves it
    assert e.values["groups"] in (1, 3) and e.message == ""
    e.set(in_channels=2, out_channels=2, groups=2)
    assert e.values["groups"] == 2
    e.sliders["out_channels"].value = 3     # groups 2 no longer divides: snaps down
    assert e.values["groups"] == 1 and e.sliders["groups"].max == 1 and e.message == ""
    with pytest.raises(ValueError, match="groups=2 is outside"):
        e.set(groups=2)                     # set() refuses what the control does not offer


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
    """The Play/step control: after k copies the grid is the transposed conv of x masked to the first k
    elements that reach the output channel shown."""
    e = ScatterExplorer(controls=ALL, **config)
    x, w = data_of(e)
    total, _ = group_copies(x, w, e.groups, e.out_channel)
    assert e.sliders["step"].max == total and e.step == total
    states = []
    for k in range(0, total + 1):
        e.sliders["step"].value = k
        check_scatter_state(e, states)   # compares with torch on x masked to the first k copies of the group
    assert len(states) == total + 1


def test_groups_steps_count_only_the_copies_of_the_channel_shown():
    """06's groups explorer (issue 19): with groups > 1 an output channel receives only the copies of its
    group's input channels, so the step control, ◀/▶ and Play run over those, every step adds one that
    lands in the channel shown, and the note says so. Every state with groups > 1 (channels 1..3, stride
    1..2, every output channel), every step: the grid equals torch with only the first k (input element,
    input channel) pairs of that channel's group added."""
    e = ScatterExplorer(controls=("in_channels", "out_channels", "groups", "stride"), in_channels=2, out_channels=2)
    states = []
    for cin, cout in itertools.product(range(1, 4), repeat=2):
        for g in (g for g in (2, 3) if cin % g == 0 and cout % g == 0):
            for s in (1, 2):
                e.set(in_channels=cin, out_channels=cout, groups=g, stride=s)
                for oc in range(cout):
                    e.set(out_channel=oc)
                    x, w = data_of(e)
                    total, first = group_copies(x, w, g, oc)
                    assert total == x.size // g and e.sliders["step"].max == total
                    for k in range(total + 1):
                        e.set(step=k)
                        check_scatter_state(e, states)
                        kw = dict(stride=s, groups=g)
                        y = torch_tconv(x * first_copies(x, w, g, oc, k), w, **kw)[oc]
                        np.testing.assert_array_equal(e.output, y)
                        if 1 <= k:   # each step adds a copy that lands in this channel: the grid changes
                            before = torch_tconv(x * first_copies(x, w, g, oc, k - 1), w, **kw)[oc]
                            assert not np.array_equal(y, before) or x.ravel()[first + k - 1] == 0
    print(f"groups > 1: {len(states)} states")
    assert len(states) == 50   # (2, 2, groups 2): 2 strides × 2 channels × 5 steps; (3, 3, groups 3): 2 × 3 × 5


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
    for r in range(e.sliders["row"].max + 1):
        for c in range(e.sliders["col"].max + 1):
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
    assert np.asarray(e.x).tolist() == x.tolist() and np.asarray(e.weight).tolist() == w.tolist()
    states = []
    for s, d in itertools.product(range(1, 5), range(1, 3)):
        e.set(stride=s, dilation=d)
        check_padding_bound(e)
        for p in range(e.sliders["padding"].max + 1):
            e.sliders["padding"].value = p
            check_scatter_state(e, states)
    assert len(states) >= 8


# ---------------------------------------------------------------- bounds and the step control

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
    assert e.sliders["row"].max == 1 and e.sliders["col"].max == 1
    e.set(row=1, col=1)
    e.sliders["input_size"].value = 1             # a 1×1 output: the picked cell follows
    assert (e.row, e.col) == (0, 0) and e.message == ""


def test_step_shows_every_copy_again_when_the_count_of_copies_changes():
    """New behaviour (helpers/explorers/scatter.py ``_adapt``): moving a control that changes the input
    elements (input_size, in_channels, the data) shows every copy again, even when their count stays (the
    ipywidgets explorer kept a partial step when the count did not change); other controls keep it."""
    assert set(COUNT_KEYS) >= {"input_size", "in_channels"}
    e = ScatterExplorer(controls=ALL, input_size=3)
    e.sliders["step"].value = 2
    for name, value in (("kernel_size", 3), ("stride", 2), ("padding", 1), ("dilation", 2), ("out_channels", 2),
                        ("out_channel", 1), ("row", 0)):
        e.sliders[name].value = value
        assert e.step == 2, f"moving {name} kept the copies added"
        check_scatter_state(e, [])
    e.sliders["input_size"].value = 2
    assert e.step == 4 == e.sliders["step"].max
    e.sliders["step"].value = 1
    e.sliders["in_channels"].value = 2
    assert e.step == 8 == e.sliders["step"].max
    check_scatter_state(e, [])
    e.sliders["step"].value = 3
    e.set(in_channels=2)                           # no change, nothing moves
    assert e.step == 3


def test_one_element_shows_its_copy_at_first():
    """With a 1×1 input the 'copies added' slider started at 0: the grid showed zeros, not the copy."""
    x, w = np.full((1, 1, 1), 5.0), np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    e = ScatterExplorer(controls=(), x=x, weight=w)
    assert e.step == 1
    np.testing.assert_array_equal(e.output, torch_tconv(x, w)[0])
    assert ScatterExplorer(input_size=1).step == 1


def test_controls_may_be_one_name():
    """ScatterExplorer(controls="stride") is one slider, not the letters s, t, r, i, d, e (the out channel,
    copies and picked-cell controls are always there)."""
    e = ScatterExplorer(controls="stride", stride=2)
    assert e.controls == ["stride"]
    assert list(e.sliders) == ["stride", "out_channel", "step", "row", "col"]
    assert e.sliders["stride"].value == 2 and e.message == ""
    assert all(e.sliders[name].min == lo and e.sliders[name].max == hi for name, (lo, hi) in SLIDERS.items()
               if name in e.sliders)
    with pytest.raises(ValueError, match="'size'"):
        ScatterExplorer(controls="size")


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


def test_the_state_is_the_synced_traits():
    """What the browser receives: one synced trait per key, the state as plain JSON data."""
    e = ScatterExplorer(controls=("stride", "padding"), input_size=3, stride=2)
    assert e.kind == "scatter" and e.ctx["lang"] == "en"
    synced = set(e.keys)
    assert set(ScatterExplorer.KEYS) | {"kind", "ctx"} <= synced
    assert json.loads(json.dumps(e.state)) == e.state
    assert e.state["controls"] == ["stride", "padding"] and e.state["x"] is None
    assert e.params == e.state
    assert e.values == {**{k: e.state[k] for k in SLIDERS}}


# ---------------------------------------------------------------- the lessons' numbers (issue 19)

def _seed_rule_holds(e, seed_x, seed_w):
    """What ``e`` draws is the seed wherever the seed has the index, the example numbers elsewhere."""
    from helpers.explorers.data import example_input, example_kernel
    x, w = data_of(e)
    want_x = example_input(*x.shape[:2], x.shape[2])
    want_w = example_kernel(w.shape[0], w.shape[1], w.shape[2])
    for want, seed in ((want_x, np.asarray(seed_x, float)), (want_w, np.asarray(seed_w, float))):
        common = tuple(slice(0, min(a, b)) for a, b in zip(want.shape, seed.shape))
        want[common] = seed[common]
    np.testing.assert_array_equal(x, want_x)
    np.testing.assert_array_equal(w, want_w)
    past = any(a > b for a, b in zip(x.shape, np.shape(seed_x))) or any(a > b for a, b in zip(w.shape, np.shape(seed_w)))
    note = i18n.tr("widgets.scatter_seed_note")
    assert (note in unescape(e.above)) == past, "the note says when numbers are not the lesson's"


def _sweep_controls(e, seed_x, seed_w):
    """Every value of every shown control, from the start state: what is drawn equals torch on it."""
    start, states = e.state, []
    for name in e.controls:
        e.set(**{k: v for k, v in start.items() if k in e.controls})
        lo, hi = SLIDERS[name]
        for value in range(lo, hi + 1):
            try:
                e.set(**{name: value})
            except ValueError:
                continue      # outside a bound the other controls set: the slider cannot reach it either
            for oc in range(e.sliders["out_channel"].max + 1):
                e.set(out_channel=oc)
                check_scatter_state(e, states)
                _seed_rule_holds(e, seed_x, seed_w)
    e.set(**{k: v for k, v in start.items() if k in e.controls})
    return states


@pytest.mark.parametrize("edition", ["", "zh"])
def test_04_explorer_starts_at_the_lessons_numbers(edition):
    """04's explorer, built as its notebook cell builds it, draws the seed post's x and k: tconv3(x); at
    out channels 2 its two channels are tconv4's Y4; every control still matches torch on what it draws."""
    from oracle import lesson_explorers
    (e,), ns = lesson_explorers("04_multi_channel.ipynb", edition)
    x, k, w2 = (ns[n].detach().numpy() for n in ("x", "k", "w2"))
    drawn_x, drawn_w = data_of(e)
    np.testing.assert_array_equal(drawn_x, x[0])
    np.testing.assert_array_equal(drawn_w, k)
    np.testing.assert_array_equal(e.output, ns["tconv3"](ns["x"]).detach().numpy()[0, 0])
    assert i18n.tr("widgets.scatter_seed_note") not in unescape(e.above)
    e.set(out_channels=2)
    for oc in range(2):
        e.set(out_channel=oc)
        np.testing.assert_array_equal(e.output, ns["Y4"].detach().numpy()[0, oc])
    e.set(out_channels=1, out_channel=0)
    assert len(_sweep_controls(e, x[0], w2)) >= 10


@pytest.mark.parametrize("edition", ["", "zh"])
def test_06_explorers_start_at_the_lessons_numbers(edition):
    """06's explorers, built as its notebook cells build them: the dilation one draws Xd, Kd at dilation 2
    (the lesson's Y, and with output_padding 1 the lesson's zeros row); the groups one draws X2, W2 at
    groups 2 (Yg, both channels) and at groups 1 its channel 0 is Y1. Every control still matches torch."""
    from oracle import lesson_explorers
    (dil, grp), ns = lesson_explorers("06_output_padding_dilation_groups.ipynb", edition)
    Xd, Kd, X2, W2 = (ns[n] for n in ("Xd", "Kd", "X2", "W2"))
    np.testing.assert_array_equal(data_of(dil)[0], Xd[0].numpy())
    np.testing.assert_array_equal(dil.output, F.conv_transpose2d(Xd, Kd, dilation=2)[0, 0].numpy())
    dil.set(output_padding=1)
    np.testing.assert_array_equal(dil.output, F.conv_transpose2d(Xd, Kd, dilation=2, output_padding=1)[0, 0].numpy())
    dil.set(output_padding=0)
    assert len(_sweep_controls(dil, Xd[0].numpy(), Kd.numpy())) >= 10

    np.testing.assert_array_equal(data_of(grp)[1], W2.numpy())
    yg = F.conv_transpose2d(X2, W2, groups=2).numpy()
    for oc in range(2):
        grp.set(out_channel=oc)
        np.testing.assert_array_equal(grp.output, yg[oc])
    grp.set(out_channel=0, groups=1)
    np.testing.assert_array_equal(grp.output, F.conv_transpose2d(X2, W2).numpy()[0])
    grp.set(groups=2)
    assert len(_sweep_controls(grp, X2.numpy(), W2.numpy())) >= 10


def test_seed_refuses_what_it_cannot_use():
    with pytest.raises(ValueError, match="seed"):
        ScatterExplorer(seed=(np.zeros((1, 2, 3)), np.ones((1, 1, 2, 2))))        # not square
    with pytest.raises(ValueError, match="seed"):
        ScatterExplorer(seed=(np.zeros((2, 2, 2)), np.ones((1, 1, 2, 2))))        # channels differ
    with pytest.raises(ValueError, match="seed"):
        ScatterExplorer(seed=(np.zeros((1, 2, 2)), np.ones((1, 1, 2, 2))), x=np.zeros((1, 2, 2)),
                        weight=np.ones((1, 1, 2, 2)))
