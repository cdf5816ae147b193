"""Tests for helpers/explorers/matrix.py's ``MatrixExplorer`` (07): the convolution as a matrix C and the
transposed convolution as Cᵀ. Every input 2..5 × kernel 1..3 × stride 1..3 × every padding × every output
cell: C against torch (``conv2d`` of each basis image), Cᵀ against ``conv_transpose2d``, every drawn entry,
tap colour, index and the sentence. ``MatrixStepExplorer`` (the same module, row by row):
tests/test_animation.py."""
from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from helpers.explorers import MatrixExplorer, example_kernel

from conftest import T, tt  # noqa: E402
from helpers.palette import EMPTY_FILL, TAP_PALETTE  # noqa: E402
from oracle import group_cells, stripe_fills, svg_cells, text_of, value_of  # noqa: E402

pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")


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
    K = example_kernel(1, 1, k)[0, 0]
    C = torch_conv_matrix(K, n, s, p)
    np.testing.assert_array_equal(e.output, C)
    m = int(math.isqrt(C.shape[0]))
    # Cᵀ is the transposed convolution (with the output_padding that restores the size)
    Y = rng.integers(-3, 4, (m, m)).astype(float)
    op = (n + 2 * p - k) % s
    back = F.conv_transpose2d(tt(Y)[None, None], tt(K)[None, None], stride=s, padding=p, output_padding=op)[0, 0]
    np.testing.assert_allclose(C.T @ Y.ravel(), back.numpy().ravel())
    svg = ET.fromstring(e.svg)
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



def test_padding_range_follows_the_sizes():
    m = MatrixExplorer(input_size=3, kernel_size=3, padding=0)
    m.sliders["input_size"].value = 2             # a 3-kernel needs padding ≥ 1 on a 2-input
    assert m.params["padding"] == 1 and m.sliders["padding"].min == 1 and m.message == ""
    m.sliders["kernel_size"].value = 1            # a 1-kernel: padding 0 only
    assert m.params["padding"] == 0 and (m.sliders["padding"].min, m.sliders["padding"].max) == (0, 0)
    m.set(input_size=5, kernel_size=2, stride=1, pick=15)
    m.sliders["stride"].value = 3                 # 2×2 outputs: the picked row clamps to the last
    assert m.pick == 3 == m.sliders["pick"].max
    check_matrix_state(m, [], np.random.default_rng(0))
