"""Tests for helpers/explorers/overlap.py's ``OverlapExplorer`` (09): how many kernel copies land on each
output cell. Every input 1..8 × kernel 1..8 × stride 1..8 × padding in {0, 1, max/2, max}: the counts, the
1-D profile, the framed interior and the verdict, each against torch (``conv_transpose2d`` of ones)."""
from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from html import escape

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from helpers.explorers import OverlapExplorer

from conftest import T  # noqa: E402
from oracle import NS, cells_grid, classes  # noqa: E402

pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")


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
    root = ET.fromstring(e.svg)
    cells = {(int(g.get("data-r")), int(t.get("data-c"))): float(t.text)
             for g in root.iter(NS + "g") if "row" in classes(g) for t in g if "n" in classes(t)}
    np.testing.assert_array_equal(cells_grid(cells, "count"), counts)
    prof = [int(t.text) for t in sorted((t for t in root.iter(NS + "text") if "p" in classes(t)),
                                        key=lambda t: int(t.get("data-c")))]
    np.testing.assert_array_equal(prof, torch_profile(n, k, s, p))
    # the verdict, checked against torch's counts
    verdict = e.sentence
    assert verdict and escape(verdict.split(" — ")[0]) in e.svg
    t, l, h, w = torch_interior(n, k, s, p)
    framed = [(int(r.get("data-top")), int(r.get("data-left")), int(r.get("data-height")), int(r.get("data-width")))
              for r in root.iter(NS + "rect") if "interior" in classes(r)]
    assert framed == ([(t, l, h, w)] if h else []), f"interior framed {framed}, torch says {(t, l, h, w)}"
    assert tuple(e.interior) == ((t, l, h, w) if h else (0, 0, 0, 0)), "the explorer's ``interior``"
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



def test_09_refusal_names_the_parameters_that_cause_it():
    """Padding 1 is refused because input 1, kernel 1, stride 1 give a 1-long full output, which the message
    says (not "between 0 and 0 for this explorer")."""
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


def test_padding_clamps_when_the_full_output_shrinks():
    o = OverlapExplorer(input_size=8, kernel_size=8, stride=8, padding=20)
    o.sliders["input_size"].value = 1             # full grid 8: padding at most 3
    assert o.params["padding"] == 3 and o.sliders["padding"].max == 3 and o.message == ""
    check_overlap_state(o, [])
