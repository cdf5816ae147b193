"""Tests for helpers/captions.py: every sentence's sum *and* its pairing are torch's.

Which input meets which tap comes from autograd (tests/oracle.py ``autograd_pairs``) or from torch's
scatter of one-hot inputs through a numbered kernel (``torch_taps``), never from helpers.
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
from oracle import CASES, SEED_K, SEED_X, torch_tconv  # noqa: E402


pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")


from helpers import captions as D  # noqa: E402
from oracle import autograd_pairs, close_pairs, parse_sum  # noqa: E402



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




@pytest.mark.parametrize("case", CASES + [dict(groups=2)])
def test_terms_text_pairs_each_input_with_its_tap(case):
    """Not just the sum: the k-th product is x[e]·K[tap that e meets here], in element order (autograd)."""
    groups = case.get("groups", 1)
    x = example_input(2, 2, 3)
    w = example_kernel(2, 2 // groups, 2) + np.arange(2 * (2 // groups) * 4).reshape(2, 2 // groups, 2, 2) * 0.5
    y = torch_tconv(x, w, **case)
    for oc, r, c in itertools.product(range(y.shape[0]), range(y.shape[1]), range(y.shape[2])):
        value, pairs = parse_sum(D.terms_text(x, w, oc, r, c, y[oc, r, c], **case))
        assert value == pytest.approx(y[oc, r, c], abs=0.005)
        close_pairs(pairs, autograd_pairs(x, w, oc, r, c, **case))


def test_seed_readout_pairs_by_autograd():
    # 01's sentence: 28 = 0·2 + 1·2 + 2·7 + 3·4 — x[0,0] meets the bottom-right tap, not the top-left
    assert autograd_pairs(SEED_X, SEED_K, 0, 1, 1) == [(0, 2), (1, 2), (2, 7), (3, 4)]
    assert parse_sum(D.terms_text(SEED_X, SEED_K, 0, 1, 1, 28))[1] == [(0, 2), (1, 2), (2, 7), (3, 4)]


def torch_conv_matrix(K, n, s, p):
    eye = torch.eye(n * n, dtype=T).reshape(n * n, 1, n, n)
    return F.conv2d(eye, tt(K)[None, None], stride=s, padding=p).reshape(n * n, -1).T.numpy()


@pytest.mark.parametrize("n, k, s, p", [(3, 2, 1, 0), (4, 3, 2, 1), (5, 3, 3, 2)])
def test_matrix_sentence_names_the_right_inputs(n, k, s, p):
    K = example_kernel(1, 1, k)[0, 0] + np.arange(k * k).reshape(k, k)
    C = torch_conv_matrix(K, n, s, p)
    m = int(np.sqrt(C.shape[0]))
    for pick in range(C.shape[0]):
        text = D.matrix_sentence(C, pick, m)
        import re
        mm = re.search(r"Y\[(\d+), (\d+)\] = (.+?)\. Column", text)
        assert (int(mm[1]), int(mm[2])) == divmod(pick, m)
        got = [(float(a), int(j)) for a, j in re.findall(r"(-?[\d.]+)·x(\d+)", mm[3])]
        assert got == [(C[pick, j], j) for j in np.flatnonzero(C[pick])]


@pytest.mark.parametrize("f", [1, 2, 3, 4])
@pytest.mark.parametrize("method", ["bilinear", "random"])
def test_upsample_caption_formula_evaluates_to_the_output_size(f, method):
    from helpers import operations
    img = np.zeros((64, 64))
    out, info = operations.upsample_image(img, f, method)
    text = D.upsample_caption(64, f, info).replace("\u00a0", " ")
    import re
    mm = re.search(r"\((\d+) − 1\)·(\d+) − 2·(\d+) \+ (\d+)(?: \+ (\d+))? = (\d+)", text)
    n, s, p, k, op, total = (int(v) if v else 0 for v in mm.groups())
    y = F.conv_transpose2d(torch.zeros(1, 1, n, n, dtype=T), torch.zeros(1, 1, k, k, dtype=T), stride=s, padding=p,
                           output_padding=op)
    assert (n - 1) * s - 2 * p + k + op == total == y.shape[-1] == 64 * f
    assert f"stride {s}" in text and s == f


def test_shape_verdict():
    # nn.Conv2d(k=5, s=3, p=2) maps 16 → 6; ConvTranspose2d(6) gives 16 back only with output_padding 0
    m = F.conv2d(torch.zeros(1, 1, 16, 16), torch.zeros(1, 1, 5, 5), stride=3, padding=2).shape[-1]
    back = F.conv_transpose2d(torch.zeros(1, 1, m, m), torch.zeros(1, 1, 5, 5), stride=3, padding=2).shape[-1]
    assert D.shape_verdict(16, back, 0) == (True, "✓ the shape comes back")
    ok, text = D.shape_verdict(17, back, 1)
    assert not ok and text == "✗ 16 ≠ 17: set output_padding to 1"


def _torch_upsample_facts(n, f, method, k, p, op):
    """Counts computed with torch alone: copies per cell (conv_transpose2d of ones), and for nearest+conv
    the distinct input pixels each output's 3×3 window reads (one channel per input pixel) and its taps."""
    if method == "nearest+conv":
        eye = torch.eye(n, dtype=T)[None]                                     # (1, n channels, n)
        big = F.interpolate(eye.transpose(0, 1), scale_factor=f, mode="nearest")   # (n, 1, n·f)
        reach = F.conv1d(big, torch.ones(1, 1, 3, dtype=T), padding=1)[:, 0] > 0     # (n, n·f)
        seen1 = reach.sum(0)
        taps1 = F.conv1d(torch.ones(1, 1, n * f, dtype=T), torch.ones(1, 1, 3, dtype=T), padding=1)[0, 0]
        return torch.outer(seen1, seen1).numpy(), torch.outer(taps1, taps1).numpy()
    ones = F.conv_transpose2d(torch.ones(1, 1, n, n, dtype=T), torch.ones(1, 1, k, k, dtype=T), stride=f,
                              padding=p, output_padding=op)[0, 0]
    return ones.round().int().numpy(), None


@pytest.mark.parametrize("f", [1, 2, 3, 4])
@pytest.mark.parametrize("method", ["bilinear", "random", "nearest+conv"])
def test_upsample_caption_claims_hold_at_every_explorer_setting(f, method):
    """Sweep over every UpsampleExplorer setting: each claim of the caption against torch's counts."""
    import re
    from helpers.explorers import UpsampleExplorer
    e = UpsampleExplorer(factor=f, method=method)
    text = e.sentence.replace("\u00a0", " ")
    n = e.image_array.shape[0]
    mm = re.search(r"kernel (\d+)×\d+, stride (\d+), padding (\d+)(?:, output_padding (\d+))?", text)
    k, s, p, op = (int(v) if v else 0 for v in mm.groups()) if mm else (3, 1, 1, 0)
    counts, taps = _torch_upsample_facts(n, f, method, k, p, op)
    interior = counts[k:-k, k:-k]
    if method == "nearest+conv":
        inner = counts[taps == 9]
        assert (taps[3:-3, 3:-3] == 9).all()
        if (m := re.search(r"sees the same number of input pixels \((\d+)\)", text)):
            assert inner.min() == inner.max() == int(m[1])
        else:
            m = re.search(r"see between (\d+) and (\d+) input pixels", text)
            assert m and (inner.min(), inner.max()) == (int(m[1]), int(m[2])) and inner.min() < inner.max()
            flat = F.conv2d(torch.ones(1, 1, n * f, n * f, dtype=T), torch.rand(1, 1, 3, 3, dtype=T), padding=1)
            assert np.ptp(flat[0, 0, 1:-1, 1:-1].numpy()) < 1e-12          # "a flat image stays flat"
        return
    if "overlap unevenly" in text:
        assert counts.max() >= 2 and interior.min() < interior.max()
    if (m := re.search(r"\((\d+) to (\d+) per cell\)", text)):
        assert (counts.min(), counts.max()) == (int(m[1]), int(m[2]))
    if "never overlap" in text:
        assert counts.max() == 1
    if "gaps" in text:
        assert counts.min() == 0
    else:
        assert counts.min() > 0
    if (m := re.search(r"every cell away from the border gets (\d+) copies \(the border fewer, down to (\d+)", text)):
        assert interior.min() == interior.max() == int(m[1]) and counts.min() == int(m[2]) < int(m[1])
    if (m := re.search(r"each pixel gets exactly (\d+) copy", text)):
        assert counts.min() == counts.max() == int(m[1])
    if counts.max() <= 1:
        assert "overlap" not in text.replace("never overlap", "")
    if method == "bilinear" and f > 1:
        from test_explorers_upsample import d2l_bilinear_kernel
        w = F.conv_transpose2d(torch.ones(1, 1, n, n, dtype=T), d2l_bilinear_kernel(k)[None, None], stride=f,
                               padding=p)[0, 0].numpy()
        np.testing.assert_allclose(w[k:-k, k:-k], 1, atol=1e-12)
        assert f"as little as {D.fmt(w.min())})" in text and w.min() < 1
    # every setting says something checked above
    assert any(x in text for x in ("overlap unevenly", "never overlap", "away from the border", "exactly",
                                   "copies the image", "bilinear kernel blends"))


@pytest.mark.parametrize("k, f", [(k, f) for k in (1, 2, 3, 4) for f in (1, 2, 3, 4)])
def test_upsample_caption_divisibility_beyond_the_explorer(k, f):
    """Kernels other than the explorer's 3×3 (no padding): "is a multiple of stride" only when it is one and
    every interior cell gets the same count, "gaps" exactly when torch's count of copies has a zero, and
    "Stride 1" only at stride 1 (kernel 4, stride 2 once got the stride-1 sentence)."""
    info = dict(method="random", kernel=np.ones((k, k)), padding=0, output_padding=0)
    text = D.upsample_caption(8, f, info)
    counts, _ = _torch_upsample_facts(8, f, "random", k, 0, 0)
    if "is a multiple of stride" in text:
        inner = counts[k:-k, k:-k]
        assert k % f == 0 and inner.min() == inner.max()
    assert (". Stride 1:" in text) == (f == 1 and k > 1), text
    if "is not a multiple of stride" in text:
        assert k % f != 0
    assert ("gaps" in text) == (counts.min() == 0)


# ---------------------------------------------------------------- golden sentences (tests/golden/sentences.toml)

from golden import expected, params, shown  # noqa: E402
from helpers import operations as O  # noqa: E402
from helpers import stepping  # noqa: E402

_X2, _K2 = np.arange(4.).reshape(2, 2), np.array([[1., 2.], [3., 4.]])


def _upsample(f, method):
    _, info = O.upsample_image(np.zeros((8, 8)), f, method)
    return D.upsample_caption(8, f, info)


GOLDEN = {
    "shape_verdict_back": lambda: D.shape_verdict(17, 17, 0)[1],
    "shape_verdict_off": lambda: D.shape_verdict(17, 16, 1)[1],
    "overlap_even": lambda: D.overlap_verdict(6, 4, 2, 0, O.overlap_count(6, 4, 2)),
    "overlap_even_one": lambda: D.overlap_verdict(6, 2, 2, 0, O.overlap_count(6, 2, 2)),
    "overlap_checkerboard": lambda: D.overlap_verdict(6, 3, 2, 0, O.overlap_count(6, 3, 2)),
    "overlap_gaps": lambda: D.overlap_verdict(6, 2, 3, 0, O.overlap_count(6, 2, 3)),
    "overlap_too_small": lambda: D.overlap_verdict(1, 4, 2, 0, O.overlap_count(1, 4, 2)),
    "upsample_random_stride2": lambda: _upsample(2, "random"),
    "upsample_random_stride3": lambda: _upsample(3, "random"),
    "upsample_random_stride1": lambda: _upsample(1, "random"),
    "upsample_bilinear": lambda: _upsample(2, "bilinear"),
    "upsample_nearest": lambda: _upsample(2, "nearest+conv"),
    "output_padding_note": lambda: D.output_padding_note(1, [4], [4, 5]),
    "output_padding_note_rows": lambda: D.output_padding_note(2, [4, 5], []),
    "matrix_sentence": lambda: D.matrix_sentence(O.conv_matrix(_K2, (3, 3)), 1, 2),
    "matrix_step": lambda: D.matrix_step_sentence(
        stepping.matrix_row_step(O.conv_matrix(_K2, (3, 3)), np.arange(9.), 1), 2),
    "matrix_transposed_step": lambda: D.matrix_transposed_step_sentence(
        stepping.matrix_row_step(O.conv_matrix(_K2, (3, 3)).T, np.arange(4.), 4), 3),
    "window_step": lambda: D.window_step_sentence(stepping.window_step(_X2, _K2, 2, 0, 0, 4)),
    "window_step_stride1": lambda: D.window_step_sentence(stepping.window_step(_X2, _K2, 1, 0, 0, 1)),
    "terms_text": lambda: D.terms_text(_X2[None], _K2[None, None], 0, 1, 1, 10.0),
    "cropped_tip": lambda: D.cropped_tip(1, 2.5),
    "nothing_reaches": lambda: D.sum_text(0, []),
    "typed_rows_ragged": lambda: D.typed_rows_problem("X rows", "ragged", row=2, got=1, want=2),
    "typed_rows_too_large": lambda: D.typed_rows_problem("K rows", "too_large", rows=9, cols=3, limit=8),
    "shape_back_refused": lambda: D.shape_back_refused(1, 1, 5, 3, 1, 1, "the reason"),
    "scatter_repeat_note": lambda: D.scatter_repeat_note(9, 8),
    "tile_verdict": lambda: D.tile_verdict((2, 3)),
}


@pytest.mark.parametrize("name, language", params(GOLDEN, "captions"))
def test_golden_sentence(name, language):
    """Every kind of caption, verdict and tooltip, word for word, numbers in place, in both languages."""
    assert shown(GOLDEN[name], language) == expected("captions")[name][language]
