"""Tests for helpers/explorers/window.py's ``SlidingWindowExplorer`` (08), both views at every state:
(a) the scatter, (b) the zero-inserted, padded input under the flipped kernel. Every input 1..4 × kernel
1..4 × stride 1..3 × every output_padding × every padding × output cells {first, centre, last} (every cell
for a few configurations): the output, the padded input, the flipped kernel and the frames against torch.
Its sentence, step by step, and the stepping: tests/test_animation.py."""
from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from helpers.explorers import SlidingWindowExplorer, example_input, example_kernel

from conftest import T, tt  # noqa: E402
from oracle import NS, cells_grid, classes, frames, group_cells, torch_accepts, torch_taps, torch_tconv  # noqa: E402

pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")


def torch_zero_inserted_padded(n, k, s, p, op):
    """The direct convolution's input, built with torch: a 1×1 transposed conv inserts the zeros."""
    x = tt(example_input(1, n, n))[None]
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
    x = example_input(1, n, n)
    K = example_kernel(1, 1, k)
    y = torch_tconv(x, K, stride=s, padding=p, output_padding=op)[0]
    np.testing.assert_array_equal(e.output, y)
    svg = ET.fromstring(e.svg)
    np.testing.assert_array_equal(cells_grid(group_cells(svg, "ya", "v"), "Y (a)"), y)
    # (b) shows the window sums so far: torch's values up to this step's cell, the later cells empty (read as 0)
    reached = np.arange(y.size).reshape(y.shape) <= v["position"]
    np.testing.assert_array_equal(cells_grid(group_cells(svg, "yb", "v"), "Y (b)"), np.where(reached, y, 0))
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
            x, K = example_input(1, n, n), example_kernel(1, 1, k)
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



def test_padding_clamps_when_output_padding_shrinks_the_output():
    q = SlidingWindowExplorer(input_size=1, kernel_size=4, stride=3, output_padding=2, padding=2)
    q.sliders["output_padding"].value = 0         # full 4: padding at most 1
    assert q.params["padding"] == 1 and q.message == ""
    q.sliders["stride"].value = 1                 # output_padding must stay below stride
    assert q.output_padding == 0 and q.sliders["output_padding"].max == 0
    check_equivalent_state(q, [])
