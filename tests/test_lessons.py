"""What notebooks 03, 05 and 06 add to the basics, checked against torch.

* 05's size formulas in its own form (no dilation term): the written arithmetic and its result are torch's;
* the rows and columns ``plot_scatter(..., mark_output_padding=True)`` marks are exactly the ones
  ``output_padding`` adds to torch's output (05 and 06);
* 05's "not the inverse" on a letter F, 03's kernel and stride per axis, 06's ``padding_mode`` refusal and
  ConvTranspose1d/3d examples: what the committed notebooks print is what torch computes now.

Expected values come from torch (float64) or from hand arithmetic written next to the assert.
"""
from __future__ import annotations

import itertools
import json
import math
import re

import matplotlib
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

matplotlib.use("Agg")

from helpers import captions, conv2d, conv_transpose2d, figures  # noqa: E402
from helpers.shapes import conv_transpose_output_size  # noqa: E402

from conftest import NOTEBOOK_DIR, T, tt  # noqa: E402

pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")


def printed(notebook, source_part):
    """The text the committed notebook printed in the one code cell whose source contains ``source_part``."""
    cells = json.loads((NOTEBOOK_DIR / notebook).read_text(encoding="utf-8"))["cells"]
    hits = [c for c in cells if c["cell_type"] == "code" and source_part in "".join(c["source"])]
    assert len(hits) == 1, f"{len(hits)} cells of {notebook} contain {source_part!r}"
    return "".join("".join(o.get("text", "")) for o in hits[0]["outputs"] if o["output_type"] == "stream")


def evaluate(formula):
    """Evaluate the written left-hand side of ``"⌊(16 + 2·2 − 5) / 3⌋ + 1 = 6"`` by hand-rules → (lhs, rhs)."""
    lhs, rhs = formula.rsplit(" = ", 1)
    expr = lhs.replace("·", "*").replace("−", "-").replace("⌊", "((").replace("⌋", ")//1)")
    assert re.fullmatch(r"[\d\s+\-*/()]+", expr), expr
    return int(eval(expr)), int(rhs)  # noqa: S307 - digits and operators only (checked above)


# ---------------------------------------------------------------- 05: the formulas without dilation
SIZES = [(16, 5, 3, 2), (17, 5, 3, 2), (18, 5, 3, 2), (64, 3, 2, 1), (63, 3, 2, 1), (7, 4, 2, 1), (5, 1, 5, 0)]


@pytest.mark.parametrize("n,k,s,p", SIZES)
def test_conv_size_steps_is_torchs_size(n, k, s, p):
    text = captions.conv_size_steps(n, k, stride=s, padding=p)
    m = F.conv2d(torch.zeros(1, 1, n, n, dtype=T), torch.zeros(1, 1, k, k, dtype=T), stride=s, padding=p).shape[-1]
    lhs, rhs = evaluate(text)
    assert lhs == rhs == m
    assert text.startswith(f"⌊({n} + 2·{p} − {k}) / {s}⌋ + 1")   # k itself, no dilation·(k − 1) + 1


@pytest.mark.parametrize("m,k,s,p,op", [(6, 5, 3, 2, 0), (6, 5, 3, 2, 1), (6, 5, 3, 2, 2), (32, 3, 2, 1, 0),
                                        (32, 3, 2, 1, 1), (3, 3, 2, 1, 0), (3, 3, 2, 1, 1), (1, 4, 1, 0, 0)])
def test_transpose_size_steps_is_torchs_size(m, k, s, p, op):
    text = captions.transpose_size_steps(m, k, stride=s, padding=p, output_padding=op)
    n = F.conv_transpose2d(torch.zeros(1, 1, m, m, dtype=T), torch.zeros(1, 1, k, k, dtype=T), stride=s,
                           padding=p, output_padding=op).shape[-1]
    lhs, rhs = evaluate(text)
    assert lhs == rhs == n
    assert ("+ " + str(op) + " =") in text if op else text.endswith(f"+ {k} = {n}")


def test_05_prints_no_dilation_term_before_06():
    cells = json.loads((NOTEBOOK_DIR / "05_shape_inverse.ipynb").read_text(encoding="utf-8"))["cells"]
    explorer = next(i for i, c in enumerate(cells) if "ShapeExplorer()" in "".join(c["source"]))
    for c in cells[:explorer]:    # the explorer at the end has a dilation slider; before it, no dilation form
        text = "".join(c["source"]) + "".join("".join(o.get("text", "")) for o in c.get("outputs", []))
        assert "1·(" not in text and "dilation form" not in text


# ---------------------------------------------------------------- 05/06: what output_padding adds, marked
MARK_CASES = [   # (x shape (H, W), kernel (kH, kW), stride, padding, output_padding, dilation)
    ((3, 3), (3, 3), 2, 1, 1, 1),        # 05 and 06's figure
    ((1, 1), (3, 3), 2, 1, 1, 1),        # 06's single element
    ((2, 2), (2, 2), 2, 0, 1, 1),        # op beyond the full grid (zeros)
    ((2, 3), (3, 2), 3, 1, 2, 1),        # two rows and columns
    ((2, 2), (2, 3), (2, 3), (1, 0), (1, 2), 1),   # per axis
    ((2, 2), (2, 2), 1, 0, (0, 1), 2),   # only a column (dilation allows it)
    ((3, 2), (3, 3), 2, 1, 0, 1),        # nothing added
]


def torch_added(xs, ks, stride, padding, op, dilation):
    """Rows/cols torch's output gains with output_padding, and the check that the rest is unchanged."""
    x = torch.arange(1.0, 1 + xs[0] * xs[1], dtype=T).reshape(1, 1, *xs)
    w = torch.arange(1.0, 1 + ks[0] * ks[1], dtype=T).reshape(1, 1, *ks)
    without = F.conv_transpose2d(x, w, stride=stride, padding=padding, dilation=dilation)
    with_op = F.conv_transpose2d(x, w, stride=stride, padding=padding, output_padding=op, dilation=dilation)
    h0, w0 = without.shape[-2:]
    h1, w1 = with_op.shape[-2:]
    assert torch.equal(with_op[..., :h0, :w0], without)   # output_padding only appends at the bottom/right
    return list(range(h0, h1)), list(range(w0, w1))


@pytest.mark.parametrize("case", MARK_CASES)
def test_output_padding_added_is_what_torch_adds(case):
    xs, ks, s, p, op, d = case
    assert figures.output_padding_added(xs, ks, s, p, op, d) == torch_added(xs, ks, s, p, op, d)


def marked_cells(ax, gid):
    """The grid cells (row, col) covered by the rectangles with ``gid`` on one axis."""
    cells = set()
    for patch in ax.patches:
        if patch.get_gid() == gid:
            x0, y0 = patch.get_xy()
            cols = range(round(x0), round(x0 + patch.get_width()))
            rows = range(round(y0), round(y0 + patch.get_height()))
            cells |= set(itertools.product(rows, cols))
    return cells


@pytest.mark.parametrize("case", MARK_CASES)
def test_plot_scatter_marks_exactly_torchs_added_cells(case):
    xs, ks, s, p, op, d = case
    x = np.arange(1.0, 1 + xs[0] * xs[1]).reshape(1, *xs)
    w = np.arange(1.0, 1 + ks[0] * ks[1]).reshape(1, 1, *ks)
    fig = figures.plot_scatter(x, w, stride=s, padding=p, output_padding=op, dilation=d, copies=False,
                               mark_output_padding=True)
    ax = fig.axes[-1]
    rows, cols = torch_added(xs, ks, s, p, op, d)
    ph, pw = (p, p) if isinstance(p, int) else p
    h1, w1 = F.conv_transpose2d(tt(x)[None], tt(w), stride=s, padding=p, output_padding=op,
                                dilation=d).shape[-2:]
    # the full grid puts the visible output at rows ph .., columns pw .. (tests/oracle.py torch_full_grid)
    expected = {(ph + r, pw + c) for r in range(h1) for c in range(w1) if r in rows or c in cols}
    assert marked_cells(ax, "op") == expected
    assert marked_cells(ax, "op-hatch") == expected
    notes = [t.get_text() for t in ax.texts if t.get_gid() == "op-note"]
    if expected:
        assert len(notes) == 1
        for word, idx in (("row", rows), ("column", cols)):
            if idx:
                span = str(idx[0]) if len(idx) == 1 else f"{idx[0]}–{idx[-1]}"
                assert re.search(rf"\b{word}s? {span}\b", notes[0]), notes[0]
            else:
                assert word not in notes[0]
    else:
        assert notes == []


def test_plot_scatter_marks_nothing_unless_asked():
    fig = figures.plot_scatter(np.ones((1, 3, 3)), np.ones((1, 1, 3, 3)), stride=2, padding=1, output_padding=1,
                               copies=False)
    assert not [p for p in fig.axes[-1].patches if (p.get_gid() or "").startswith("op")]
    assert not [t for t in fig.axes[-1].texts if t.get_gid() == "op-note"]


# ---------------------------------------------------------------- 05: not the inverse, on a letter F
def letter_f():
    """16×16: a stem in columns 4–6 (rows 2–13), a top bar (rows 2–4, columns 4–12), a middle bar (rows 7–9,
    columns 4–10); as in 05."""
    img = np.zeros((1, 1, 16, 16))
    img[0, 0, 2:14, 4:7] = img[0, 0, 2:5, 4:13] = img[0, 0, 7:10, 4:11] = 1.0
    return img


def test_letter_round_trip_is_torchs_and_not_the_inverse():
    X = letter_f()
    K = np.full((1, 1, 5, 5), 1 / 25)
    down = F.conv2d(tt(X), tt(K), stride=3, padding=2)
    back = F.conv_transpose2d(down, tt(K), stride=3, padding=2)
    np.testing.assert_allclose(conv2d(X, K, stride=3, padding=2), down.numpy(), atol=1e-12)
    np.testing.assert_allclose(conv_transpose2d(down.numpy(), K, stride=3, padding=2), back.numpy(), atol=1e-12)
    assert back.shape == X.shape and not np.allclose(back.numpy(), X)
    text = printed("05_shape_inverse.ipynb", "X_F = np.zeros")
    assert "shapes: (16, 16) → (6, 6) → (16, 16)" in text
    assert f"back from {round(back.min().item(), 3)} to {round(back.max().item(), 3)}" in text
    assert "same values: False" in text
    # by hand: the first window (padding 2) covers X's rows and columns 0–2, where the F has no pixel
    assert down[0, 0, 0, 0].item() == 0.0


# ---------------------------------------------------------------- 03: a kernel size and a stride per axis
PER_AXIS = [dict(kernel=(2, 3), stride=(2, 1), padding=(0, 1)),
            dict(kernel=(3, 1), stride=(1, 3), padding=(1, 0)),
            dict(kernel=(2, 4), stride=(3, 2), padding=(0, 1), output_padding=(2, 1)),
            dict(kernel=(1, 3), stride=(2, 2), padding=0, dilation=(1, 2))]


@pytest.mark.parametrize("case", PER_AXIS)
def test_tuples_per_axis_are_torchs(case):
    x = np.arange(1.0, 7.0).reshape(1, 1, 2, 3)
    w = np.arange(1.0, 1 + case["kernel"][0] * case["kernel"][1]).reshape(1, 1, *case["kernel"])
    kw = {k: v for k, v in case.items() if k != "kernel"}
    expected = F.conv_transpose2d(tt(x), tt(w), **kw).numpy()
    np.testing.assert_allclose(conv_transpose2d(x, w, **kw), expected)
    pair = {k: (v, v) if isinstance(v, int) else v for k, v in kw.items()}
    sizes = tuple(conv_transpose_output_size(x.shape[2 + a], w.shape[2 + a], **{k: v[a] for k, v in pair.items()})
                  for a in range(2))
    assert sizes == expected.shape[-2:]


def test_03_per_axis_example_prints_torchs_numbers():
    x = torch.tensor([[0.0, 1.0], [2.0, 3.0]], dtype=T).reshape(1, 1, 2, 2)
    w = torch.tensor([[4.0, 7.0, 1.0], [2.0, 2.0, 3.0]], dtype=T).reshape(1, 1, 2, 3)
    y = F.conv_transpose2d(x, w, stride=(2, 1), padding=(0, 1))
    assert y[0, 0].tolist() == [[4, 7], [2, 2], [26, 23], [10, 12]]   # by hand: 3·[2, 3] + 2·[7, 1] + … see 03
    text = printed("03_stride.ipynb", "weight23 = torch.tensor")
    rows = [[float(v) for v in re.findall(r"-?\d+\.", line)] for line in text.splitlines() if "." in line
            and "[" in line]
    assert rows == y[0, 0].tolist()
    assert f"torch: {tuple(y.shape[-2:])}   helpers agree: True" in text
    for line in text.splitlines():
        if line.startswith(("height:", "width:")):
            lhs, rhs = evaluate(line.split(":", 1)[1].strip())
            assert lhs == rhs
    assert "height: (2 − 1)·2 − 2·0 + 1·(2 − 1) + 0 + 1 = 4" in text
    assert "width:  (2 − 1)·1 − 2·1 + 1·(3 − 1) + 0 + 1 = 2" in text


# ---------------------------------------------------------------- 06: padding_mode
def test_padding_mode_refusal_is_torchs_current_message():
    try:
        nn.ConvTranspose2d(1, 1, kernel_size=3, padding=1, padding_mode="reflect")
    except ValueError as err:
        message = str(err)
    else:
        pytest.fail("torch now accepts padding_mode='reflect' for ConvTranspose2d: 06's section is out of date")
    text = printed("06_output_padding_dilation_groups.ipynb", 'for mode in ("zeros", "reflect")')
    assert f"ConvTranspose2d(padding_mode='reflect'): ValueError: {message}" in text
    assert "ConvTranspose2d(padding_mode='zeros'): accepted" in text


@pytest.mark.parametrize("p", [1, 2])
def test_transposed_padding_crops_the_output(p):
    x, w = torch.rand(1, 1, 3, 4, dtype=T), torch.rand(1, 1, 3, 3, dtype=T)
    full = F.conv_transpose2d(x, w, stride=2)
    assert torch.equal(F.conv_transpose2d(x, w, stride=2, padding=p), full[..., p:-p, p:-p])


# ---------------------------------------------------------------- 06: ConvTranspose1d and ConvTranspose3d
@pytest.mark.parametrize("kw", [dict(stride=2), dict(stride=3, padding=1, output_padding=2), dict(dilation=2),
                                dict(stride=2, padding=2, dilation=3, output_padding=1)])
def test_conv_transpose1d_is_the_height_one_2d_case(kw):
    x, w = torch.rand(1, 2, 5, dtype=T), torch.rand(2, 3, 3, dtype=T)
    y = F.conv_transpose1d(x, w, **kw)
    two_d = {k: (1, v) if k in ("stride", "dilation") else (0, v) for k, v in kw.items()}
    np.testing.assert_allclose(conv_transpose2d(x[:, :, None].numpy(), w[:, :, None].numpy(), **two_d)[:, :, 0],
                               y.numpy(), atol=1e-12)
    assert y.shape[-1] == conv_transpose_output_size(5, 3, **kw)


@pytest.mark.parametrize("kw", [dict(), dict(stride=2), dict(stride=(1, 2, 3), padding=(0, 1, 1)),
                                dict(stride=2, output_padding=1, dilation=(1, 2, 1))])
def test_conv_transpose3d_size_per_axis(kw):
    y = F.conv_transpose3d(torch.zeros(1, 1, 2, 3, 4), torch.zeros(1, 1, 2, 3, 2), **kw)
    triple = {k: (v,) * 3 if isinstance(v, int) else v for k, v in kw.items()}
    assert tuple(y.shape[-3:]) == tuple(
        conv_transpose_output_size(n, k, **{name: v[a] for name, v in triple.items()})
        for a, (n, k) in enumerate(zip((2, 3, 4), (2, 3, 2))))


def test_06_prints_torchs_1d_and_3d_examples():
    y1 = F.conv_transpose1d(torch.tensor([[[1.0, 2.0, 3.0]]]), torch.tensor([[[1.0, 10.0, 100.0]]]), stride=2)
    assert y1[0, 0].tolist() == [1, 10, 102, 20, 203, 30, 300]          # by hand: 100 + 2, 200 + 3
    text1 = printed("06_output_padding_dilation_groups.ipynb", "F.conv_transpose1d(x1, k1, stride=2)")
    assert f"ConvTranspose1d: {y1[0, 0].tolist()}" in text1
    assert f"length: {y1.shape[-1]}   formula: {y1.shape[-1]}" in text1
    assert "helpers (height 1) == torch: True" in text1
    y3 = F.conv_transpose3d(torch.arange(1.0, 9.0).reshape(1, 1, 2, 2, 2), torch.ones(1, 1, 2, 2, 2))[0, 0]
    assert y3[1, 1, 1].item() == sum(range(1, 9)) == 36
    text3 = printed("06_output_padding_dilation_groups.ipynb", "def trans_conv3d")
    assert f"→ {tuple(y3.shape)}" in text3 and f"centre cell: {y3[1, 1, 1].item()}" in text3
    assert "loop == torch: True" in text3 and f"formula per axis: {y3.shape[0]}" in text3
    assert math.prod(y3.shape) == 27


@pytest.mark.parametrize("folder", ["", "zh"])
def test_02_explorer_starts_where_the_padding_can_rise(folder):
    """02's explorer slide says "move padding: the grey ring grows inwards", so its padding must start below
    its largest value (it started at 1, the maximum for a 3×3 input and kernel 2)."""
    import nbformat

    from helpers import explorers, set_language
    nb = nbformat.read(NOTEBOOK_DIR / folder / "02_padding.ipynb", as_version=4)
    source = next(c.source for c in nb.cells if c.cell_type == "code" and "Explorer(" in c.source)
    set_language("zh" if folder else "en")
    try:
        explorer = eval(source, vars(explorers))  # noqa: S307  (the notebook's own one-line cell)
    finally:
        set_language("en")
    slider = explorer.sliders["padding"]
    assert slider.value < slider.max, f"02's explorer starts at padding {slider.value}, its maximum"


def test_divisibility_is_never_called_checkerboard_free():
    """k divisible by s evens the overlap (09) but does not rule out a checkerboard: 10's trained k 4, s 2 decoder
    paints a 2×2 tile on a flat input. The cheat sheet (11) and 09.3's ✓ text once said otherwise."""
    import nbformat

    from helpers import set_language
    from helpers.exercises import check
    for folder in ("", "zh"):
        nb = nbformat.read(NOTEBOOK_DIR / folder / "11_summary.ipynb", as_version=4)
        sheet = "\n".join(c.source for c in nb.cells if "cheatsheet" in c.metadata.get("tags", []))
        assert "Checkerboard-free" not in sheet and "避免棋盘效应：k 能被 s 整除" not in sheet
        assert ("even overlap; weights may still tile" if not folder else "均匀重叠；权重仍可成图案") in sheet
    for language, claim, caveat in (("en", "(no checkerboard)", "can still paint a checkerboard"),
                                    ("zh", "（没有棋盘效应）", "仍可能画出棋盘图案")):
        set_language(language)
        try:
            text = str(check("09.3", 16))
        finally:
            set_language("en")
        assert text.startswith("✓") and claim not in text and caveat in text, text


def test_07_and_11_name_the_rows_and_columns_of_C_alike():
    """C is Conv2d's matrix in both: rows are its output cells i, columns its input cells j. 11 once said
    "row = input cell of X", the reverse of 07's words for the same matrix."""
    import nbformat
    calls = {}
    for name in ("07_matrix_view", "11_summary"):
        nb = nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)
        calls[name] = next(c.source for c in nb.cells if c.cell_type == "code"
                           and re.match(r"plot_heatmap\((views\.)?C,", c.source))
    for source in calls.values():
        assert re.search(r'xlabel=(T\()?"columns: input cells j', source), source   # T(…): in the reader's language
        assert re.search(r'ylabel=(T\()?"rows:(\\n| )output cells i', source), source
