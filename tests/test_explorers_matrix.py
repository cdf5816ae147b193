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


# ---------------------------------------------------------------- every text inside the picture (issue 19)

def _states(pick_count):
    """Every valid (input size, kernel, stride, padding) with every step ``pick`` (``pick_count(n, m)`` of them)."""
    for n, k, s in itertools.product(range(2, 6), range(1, 4), range(1, 4)):
        for p in range(max(0, -(-(k - n) // 2)), k):
            m = (n + 2 * p - k) // s + 1
            for pick in range(pick_count(n, m)):
                yield dict(input_size=n, kernel_size=k, stride=s, padding=p, pick=pick)


def text_overflow(svg):
    """The texts of ``svg`` whose estimated extent (``svg._text_w``: ~0.6 em a character) leaves the viewBox."""
    from helpers.svg import _text_w
    root = ET.fromstring(svg)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    bad = []
    for t in root.iter("{http://www.w3.org/2000/svg}text"):
        text, font = "".join(t.itertext()), float(t.get("font-size"))
        x, y, w = float(t.get("x")), float(t.get("y")), _text_w("".join(t.itertext()), font)
        left = x if (t.get("class") or "") in ("lbl", "leg", "cap") else x - w / 2
        if left < 0 or left + w > width or y - font < 0 or y > height:
            bad.append((text, round(left), round(left + w), width))
    headings = sorted((float(t.get("y")), float(t.get("x")), _text_w(t.text, float(t.get("font-size"))), t.text)
                      for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "lbl")
    for (y1, x1, w1, t1), (y2, x2, _, t2) in zip(headings, headings[1:]):   # headings on one line never overlap
        if y1 == y2 and x1 + w1 > x2:
            bad.append((t1, "overlaps", t2))
    return bad


@pytest.mark.parametrize("kind", ["MatrixExplorer", "MatrixStepExplorer", "MatrixTransposedStepExplorer"])
def test_every_text_stays_inside_the_picture(kind):
    """Issue 19: 07's "vec(Y)" heading was clipped at input size 4–5 (it was wider than the 16-px column); and
    no two headings on one line overlap (C's heading ran into "vec(Y)" over a narrow C)."""
    import helpers.explorers as ex
    e = getattr(ex, kind)()
    steps = (lambda n, m: n * n) if kind == "MatrixTransposedStepExplorer" else (lambda n, m: m * m)
    count = 0
    for state in _states(steps):
        e.set(**state)
        assert text_overflow(e.svg) == [], state
        count += 1
    assert count > 500


def test_the_step_explorers_x_is_arange_at_every_size():
    """Issue 19: X was ``(arange + 4c) mod 10`` (it wrapped at 4×4); 07 tells the reader X = arange."""
    from helpers.explorers import MatrixStepExplorer
    from oracle import svg_cells as cells
    for n in range(2, 6):
        e = MatrixStepExplorer(input_size=n)
        drawn = {rc: float(text_of(g)) for rc, g in cells(ET.fromstring(e.svg), "xs").items()}
        assert drawn == {(r, c): float(r * n + c) for r in range(n) for c in range(n)}, n
        assert "arange" in e.svg    # the picture says what X is


# ---------------------------------------------------------------- vec(Z) = Cᵀ vec(Y), one row of Cᵀ a step

def check_transposed_step(e):
    from oracle import svg_cells as cells
    v = e.params
    n, k, s, p, j = v["input_size"], v["kernel_size"], v["stride"], v["padding"], v["pick"]
    assert e.message == ""
    K = example_kernel(1, 1, k)[0, 0]
    C = torch_conv_matrix(K, n, s, p)
    np.testing.assert_array_equal(e.output, C)
    m = int(math.isqrt(C.shape[0]))
    Y = torch.arange(m * m, dtype=T).reshape(1, 1, m, m)
    Z = F.conv_transpose2d(Y, tt(K)[None, None], stride=s, padding=p, output_padding=(n + 2 * p - k) % s)[0, 0]
    assert Z.shape == (n, n)
    z = Z.numpy().ravel()
    st = e.step
    assert st.row == j and st.value == z[j]
    assert st.cols.tolist() == np.flatnonzero(C[:, j]).tolist()        # the cells of Y that reach Z's cell j
    np.testing.assert_array_equal(st.coeffs, C[st.cols, j])
    np.testing.assert_array_equal(st.so_far[:j + 1], z[:j + 1])
    assert np.isnan(st.so_far[j + 1:]).all()
    root = ET.fromstring(e.svg)
    drawn = np.zeros((n * n, m * m))                                   # Cᵀ drawn: every non-zero, zeros blank
    for (r, c), g in cells(root, "m").items():
        drawn[r, c] = value_of(g)
    np.testing.assert_array_equal(drawn, C.T)
    taps = np.rint(torch_conv_matrix(np.arange(1, k * k + 1).reshape(k, k), n, s, p)).astype(int) - 1
    for (r, c), g in cells(root, "m").items():                         # coloured by the kernel tap that meets it
        assert stripe_fills(g) == [TAP_PALETTE[taps[c, r] % len(TAP_PALETTE)]]
    ys = {rc: value_of(g) for rc, g in cells(root, "xs").items()}      # Y = arange, its cells in this row by tap
    assert ys == {(a, b): float(a * m + b) for a in range(m) for b in range(m)}
    for (a, b), g in cells(root, "xs").items():
        i = a * m + b
        assert stripe_fills(g) == [TAP_PALETTE[taps[i, j] % len(TAP_PALETTE)] if C[i, j] else EMPTY_FILL]
    zs = {rc: text_of(g) for rc, g in cells(root, "ys").items()}       # Z so far: torch's values, then blank
    for (a, b), text in zs.items():
        flat = a * n + b
        assert (float(text) == z[flat]) if flat <= j else not text, (a, b, text)
    mm = re.search(rf"row {j} of Cᵀ · vec\(Y\) = (.*) = (-?[\d.]+), output cell Z\[(\d+), (\d+)\]", e.sentence)
    assert mm, e.sentence
    assert (int(mm[3]), int(mm[4])) == divmod(j, n) and float(mm[2]) == z[j]
    if st.cols.size:
        assert [tuple(map(float, t.split("·"))) for t in mm[1].split(" + ")] == \
            [(C[i, j], float(i)) for i in st.cols]


def test_transposed_step_every_step_of_every_state():
    from helpers.explorers import MatrixTransposedStepExplorer
    e = MatrixTransposedStepExplorer()
    steps = 0
    for n, k, s in itertools.product(range(2, 6), range(1, 4), range(1, 4)):
        for p in range(max(0, -(-(k - n) // 2)), k):
            e.set(input_size=n, kernel_size=k, stride=s, padding=p, pick=0)
            assert (e.sliders["pick"].min, e.sliders["pick"].max) == (0, n * n - 1)   # Cᵀ's rows: Z's cells
            for j in range(n * n):
                if j:
                    e.step_by(1)
                check_transposed_step(e)
                steps += 1
            e.step_by(1)
            assert e.pick == n * n - 1
    assert steps > 900


def test_transposed_step_default_is_notebook_01s_scatter():
    from helpers.explorers import MatrixTransposedStepExplorer
    e = MatrixTransposedStepExplorer(pick=8)
    np.testing.assert_array_equal(e.step.so_far.reshape(3, 3), [[0, 4, 7], [8, 28, 23], [4, 10, 6]])
    assert e.sentence.startswith("Step 9 of 9: row 8 of Cᵀ · vec(Y) = 2·3 = 6")


def test_transposed_step_refuses_bad_input_naming_the_parameter():
    from helpers.explorers import MatrixTransposedStepExplorer
    with pytest.raises(ValueError, match="pick must be between 0 and 8"):
        MatrixTransposedStepExplorer(pick=9)
    with pytest.raises(ValueError, match="input_size must be between 2 and 5"):
        MatrixTransposedStepExplorer(input_size=6)
    e = MatrixTransposedStepExplorer(input_size=4, pick=15)    # 16 output cells at any stride
    e.set(stride=3)
    assert e.pick == 15 and e.sliders["pick"].max == 15
    e.set(input_size=2, kernel_size=1)
    assert e.pick == 3


def test_transposed_step_speaks_chinese():
    from helpers import i18n
    from helpers.explorers import MatrixTransposedStepExplorer
    i18n.set_language("zh")
    try:
        e = MatrixTransposedStepExplorer(pick=4)
        assert "转置卷积的输出格 Z[1, 1]" in e.sentence and "转置卷积的输入" in e.svg
    finally:
        i18n.set_language("en")
