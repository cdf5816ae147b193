"""Tests for helpers/operations.py: every result is compared with torch (float64).

Property tests draw random shapes and every parameter in all the forms torch accepts
(int, (h, w), length-1 tuple); accept/reject parity tests draw invalid combinations too and require
that torch refuses exactly when we raise ValueError.  Literal numbers from the seed post
(/work/shared/seed/) and the worked cases T1-T10 (/work/shared/reference/teaching-notes.md) are
checked against torch as well, so a wrong literal cannot make a test pass.

Deliberate divergences from torch (kept out of the parity strategies or accounted for there):
* inputs with an empty spatial axis or zero channels: torch accepts some of them when the batch
  or channel axis is also empty (and then returns odd shapes, e.g. conv2d of a (1, 0, 3, 3) input
  with a (1, 0, 2, 2) weight returns (1, 0, 2, 2)); we always refuse them;
* empty batches: for N = 0 torch skips its dilation and output_padding checks (dilation=0 or
  output_padding=1 with stride=1 are accepted); we refuse them for every N, so the parity tests
  judge an N = 0 call by what torch does with the same call on one sample;
* mixed dtypes: torch refuses float32 input with a float64 weight, we promote.
"""
from __future__ import annotations

import itertools
import re
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from helpers import operations as ops

from conftest import PROFILE as _PROFILE, prop, tt  # noqa: E402  (profiles, thread count: tests/conftest.py)


RNG_SEED = 20240913
TOL = dict(rtol=1e-10, atol=1e-10)


# ---------------------------------------------------------------- torch wrappers

_t = tt   # conftest: float64 tensor, None stays None


def torch_ct(x, w, b=None, **kw):
    """torch.nn.functional.conv_transpose2d on NumPy float64 arrays."""
    return F.conv_transpose2d(_t(x), _t(w), _t(b), **kw).numpy()


def torch_conv(x, w, b=None, **kw):
    with warnings.catch_warnings():  # padding='same' with an even kernel warns about a copy
        warnings.simplefilter("ignore", UserWarning)
        return F.conv2d(_t(x), _t(w), _t(b), **kw).numpy()


def outcome(fn, *args, **kw):
    """(result, None) or (None, exception).  torch refuses with RuntimeError or ValueError, and with
    IndexError for some all-empty weights (e.g. shape (1, 0, 0, 0))."""
    try:
        return fn(*args, **kw), None
    except (RuntimeError, ValueError, IndexError) as e:
        return None, e


def torch_outcome(fn, x, w, b=None, **kw):
    """``outcome`` of a torch call, except that an empty batch (N = 0) counts as refused when torch
    refuses the same call on one sample (torch skips some checks when there is no data)."""
    result, err = outcome(fn, x, w, b, **kw)
    if err is None and x.ndim == 4 and x.shape[0] == 0:
        _, err_one = outcome(fn, np.ones((1,) + x.shape[1:]), w, b, **kw)
        if err_one is not None:
            return None, err_one
    return result, err


def rand(rng, shape):
    """Random float64 values with no exact zeros, so every product matters."""
    return rng.uniform(0.5, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def _pair(v):
    """torch's reading of a hyper-parameter spelling (independent of helpers.shapes.as_pair)."""
    if isinstance(v, int):
        return v, v
    v = tuple(v)
    return (v[0], v[0]) if len(v) == 1 else v


def one_sample(x):
    """The first sample of a batch (a fresh random one for an N = 0 batch), or x if unbatched."""
    if x.ndim == 3:
        return x
    return x[0] if x.shape[0] else rand(np.random.default_rng(0), x.shape[1:])


# ---------------------------------------------------------------- strategies

def spelled(draw, h, w):
    """One of the forms torch accepts for the pair (h, w): int, (v,), (h, w) or [h, w]."""
    if h == w:
        return draw(st.sampled_from([h, (h,), (h, w), [h, w]]))
    return draw(st.sampled_from([(h, w), [h, w]]))


def axis_pair(draw, lo, hi):
    h = draw(st.integers(lo, hi))
    w = h if draw(st.booleans()) else draw(st.integers(lo, hi))
    return h, w


@st.composite
def transpose_cases(draw, max_groups=3):
    """A valid conv_transpose2d call: (x, weight, bias, kwargs) with kwargs in mixed forms."""
    g = draw(st.integers(1, max_groups))
    cg_in, cg_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = axis_pair(draw, 1, 4)
    h, wd = axis_pair(draw, 1, 5)
    s = axis_pair(draw, 1, 3)
    d = axis_pair(draw, 1, 3)
    # output_padding < max(stride, dilation), per axis; equal on both axes half the time
    op_h = draw(st.integers(0, max(s[0], d[0]) - 1))
    op_w = op_h if (op_h < max(s[1], d[1]) and draw(st.booleans())) else draw(st.integers(0, max(s[1], d[1]) - 1))
    full = [(h - 1) * s[0] + d[0] * (kh - 1) + 1, (wd - 1) * s[1] + d[1] * (kw - 1) + 1]
    pmax = [(full[0] + op_h - 1) // 2, (full[1] + op_w - 1) // 2]
    p_h = draw(st.integers(0, min(pmax[0], 4)))
    p_w = p_h if (p_h <= pmax[1] and draw(st.booleans())) else draw(st.integers(0, min(pmax[1], 4)))
    n = draw(st.sampled_from([None, 0, 1, 2, 3]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    x = rand(rng, (g * cg_in, h, wd) if n is None else (n, g * cg_in, h, wd))
    w = rand(rng, (g * cg_in, cg_out, kh, kw))
    b = rand(rng, (g * cg_out,)) if draw(st.booleans()) else None
    kwargs = dict(stride=spelled(draw, *s), padding=spelled(draw, p_h, p_w),
                  output_padding=spelled(draw, op_h, op_w), groups=g, dilation=spelled(draw, *d))
    return x, w, b, kwargs


@st.composite
def conv_cases(draw):
    """A valid conv2d call: (x, weight, bias, kwargs)."""
    g = draw(st.integers(1, 3))
    cg_in, cg_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = axis_pair(draw, 1, 4)
    s = axis_pair(draw, 1, 3)
    d = axis_pair(draw, 1, 3)
    if draw(st.booleans()):
        padding = draw(st.sampled_from(["same", "valid"])) if s == (1, 1) else "valid"
        p = (0, 0)
    else:
        p = axis_pair(draw, 0, 3)
        padding = spelled(draw, *p)
    span = (d[0] * (kh - 1) + 1, d[1] * (kw - 1) + 1)
    lo_h, lo_w = max(1, span[0] - 2 * p[0]), max(1, span[1] - 2 * p[1])
    if padding == "same":
        lo_h, lo_w = 1, 1
    h, wd = draw(st.integers(lo_h, lo_h + 5)), draw(st.integers(lo_w, lo_w + 5))
    n = draw(st.sampled_from([None, 0, 1, 2]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rand(rng, (g * cg_in, h, wd) if n is None else (n, g * cg_in, h, wd))
    w = rand(rng, (g * cg_out, cg_in, kh, kw))
    b = rand(rng, (g * cg_out,)) if draw(st.booleans()) else None
    kwargs = dict(stride=spelled(draw, *s), padding=padding, dilation=spelled(draw, *d), groups=g)
    return x, w, b, kwargs


def _param(draw, lo, hi):
    """Any spelling of a 2-D hyper-parameter, including invalid ones (bad values, wrong length)."""
    kind = draw(st.sampled_from(["int", "int", "one", "two", "two", "three", "empty"]))
    v = lambda: draw(st.integers(lo, hi))  # noqa: E731
    if kind == "int":
        return v()
    if kind == "one":
        return (v(),)
    if kind == "two":
        return (v(), v())
    if kind == "three":
        return (v(), v(), v())
    return ()


def _resize_axis(rng, a, axis, size):
    """a with axis ``axis`` cut or extended (with random values) to ``size``."""
    shape = list(a.shape)
    shape[axis] = size
    out = rand(rng, tuple(shape))
    keep = tuple(slice(0, min(size, a.shape[axis])) if k == axis else slice(None) for k in range(a.ndim))
    out[keep] = a[keep]
    return out


MUTATIONS = ["x_ndim", "x_channels", "x_empty", "w_ndim", "w_axis0", "w_axis1", "kernel", "groups",
             "bias", "stride", "padding", "dilation", "output_padding"]


@st.composite
def any_call(draw, transposed):
    """A conv_transpose2d / conv2d call that may be invalid in any way torch checks: a valid call with
    0, 1 or 2 random mutations (roughly half the calls stay valid)."""
    x, w, b, kw = draw(transpose_cases() if transposed else conv_cases())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_mut = draw(st.sampled_from([0, 1, 1, 2]))
    names = [m for m in MUTATIONS if transposed or m != "output_padding"]
    for m in draw(st.lists(st.sampled_from(names), min_size=n_mut, max_size=n_mut)):
        if m == "x_ndim":
            x = x[0] if x.ndim >= 3 and x.shape[0] and draw(st.booleans()) else x[None]
        elif m == "x_channels" and x.ndim in (3, 4):
            x = _resize_axis(rng, x, x.ndim - 3, draw(st.integers(1, 5)))
        elif m == "x_empty" and x.ndim >= 3 and (x.ndim == 3 or x.shape[0]):
            x = x[..., :0, :] if draw(st.booleans()) else x[..., :0]
        elif m == "w_ndim":
            w = w[0] if w.shape[0] and draw(st.booleans()) else w[None]
        elif m in ("w_axis0", "w_axis1") and w.ndim == 4:
            w = _resize_axis(rng, w, int(m[-1]), draw(st.integers(0, 4)))
        elif m == "kernel" and w.ndim == 4:
            w = _resize_axis(rng, w, draw(st.sampled_from([2, 3])), draw(st.integers(0, 5)))
        elif m == "groups":
            kw["groups"] = draw(st.integers(-1, 4))
        elif m == "bias":
            shape = draw(st.sampled_from([None, (0,), (1,), (2,), (3,), (4,), (6,), (9,), (1, 3), ()]))
            b = None if shape is None else rand(rng, shape)
        elif m == "padding" and not transposed and draw(st.integers(0, 2)) == 0:
            kw["padding"] = draw(st.sampled_from(["same", "valid", "full"]))
        elif m in kw or m == "output_padding":
            kw[m] = _param(draw, -1, 4)
    return x, w, b, kw


# ================================================================ conv_transpose2d

@prop(250)
@given(transpose_cases())
def test_conv_transpose2d_matches_torch(case):
    x, w, b, kw = case
    expected = torch_ct(x, w, b, **kw)
    got = ops.conv_transpose2d(x, w, b, **kw)
    assert isinstance(got, np.ndarray)
    assert got.shape == expected.shape
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, expected, **TOL)
    # both internal evaluations (the public function picks one by cost), on every case
    for method in ("scatter", "phase"):
        np.testing.assert_allclose(ops._conv_transpose2d(x, w, b, **kw, method=method), expected, **TOL)


def test_conv_transpose2d_method_name_is_checked():
    with pytest.raises(ValueError, match="method"):
        ops._conv_transpose2d(np.ones((1, 2, 2)), np.ones((1, 1, 2, 2)), method="fast")


@pytest.mark.parametrize("shape, k, s, d", [((8, 16, 12, 12), 4, 2, 1), ((2, 3, 4, 5), 7, 1, 1),
                                            ((1, 2, 3, 3), 2, 4, 1), ((1, 2, 5, 4), 3, 1, 3)])
def test_both_evaluations_agree_on_bigger_shapes(shape, k, s, d):
    rng = np.random.default_rng(7)
    x, w = rand(rng, shape), rand(rng, (shape[1], 3, k, k))
    expected = torch_ct(x, w, stride=s, padding=1, dilation=d)
    for method in (None, "scatter", "phase"):
        np.testing.assert_allclose(ops._conv_transpose2d(x, w, stride=s, padding=1, dilation=d, method=method),
                                   expected, **TOL)


@prop(300)
@given(any_call(transposed=True))
def test_conv_transpose2d_accepts_exactly_what_torch_accepts(case):
    assert_same_outcome(ops.conv_transpose2d, torch_ct, case)


def assert_same_outcome(ours, theirs, case):
    """Ours raises ValueError exactly when torch refuses; otherwise both give the same array."""
    x, w, b, kw = case
    expected, torch_err = torch_outcome(theirs, x, w, b, **kw)
    try:
        got, ours_err = ours(x, w, b, **kw), None
    except ValueError as e:
        got, ours_err = None, e
    if torch_err is not None:
        assert ours_err is not None, f"torch refused ({torch_err}) but ours returned shape {got.shape}"
    else:
        assert ours_err is None, f"torch returned {expected.shape} but ours raised: {ours_err}"
        assert got.shape == expected.shape
        np.testing.assert_allclose(got, expected, **TOL)


@pytest.mark.parametrize("transposed", [True, False])
def test_parity_strategy_produces_valid_and_invalid_calls(transposed):
    """Guard against a parity strategy that (silently) only ever produces one outcome."""
    fn = torch_ct if transposed else torch_conv
    quick = settings(parent=_PROFILE, max_examples=200, database=None, phases=[Phase.generate])  # no shrinking
    accepted = find(any_call(transposed), lambda c: torch_outcome(fn, *c[:3], **c[3])[1] is None, settings=quick)
    refused = find(any_call(transposed), lambda c: torch_outcome(fn, *c[:3], **c[3])[1] is not None, settings=quick)
    assert accepted and refused


# ================================================================ conv2d

@prop(200)
@given(conv_cases())
def test_conv2d_matches_torch(case):
    x, w, b, kw = case
    expected = torch_conv(x, w, b, **kw)
    got = ops.conv2d(x, w, b, **kw)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, **TOL)


@prop(300)
@given(any_call(transposed=False))
def test_conv2d_accepts_exactly_what_torch_accepts(case):
    assert_same_outcome(ops.conv2d, torch_conv, case)


@pytest.mark.parametrize("padding, stride, dilation, k", [
    ("same", 1, 1, 3), ("same", 1, 1, 4), ("same", 1, 2, 4), ("same", (1,), (2, 1), (2, 5)),
    ("valid", 1, 1, 3), ("valid", 2, 1, 3), ("valid", (2, 3), (1, 2), (3, 2)),
])
def test_conv2d_padding_strings_match_torch(padding, stride, dilation, k):
    rng = np.random.default_rng(RNG_SEED)
    kh, kw = (k, k) if isinstance(k, int) else k
    x, w = rand(rng, (2, 3, 7, 8)), rand(rng, (4, 3, kh, kw))
    expected = torch_conv(x, w, stride=stride, padding=padding, dilation=dilation)
    np.testing.assert_allclose(ops.conv2d(x, w, stride=stride, padding=padding, dilation=dilation), expected, **TOL)


@pytest.mark.parametrize("padding, stride, word", [("full", 1, "padding"), ("same", 2, "same"),
                                                   ("same", (1, 2), "same"), ("SAME", 1, "padding")])
def test_conv2d_bad_padding_strings_are_refused_like_torch(padding, stride, word):
    x, w = np.ones((1, 1, 5, 5)), np.ones((1, 1, 3, 3))
    with pytest.raises((RuntimeError, ValueError)):
        torch_conv(x, w, stride=stride, padding=padding)
    with pytest.raises(ValueError, match=word):
        ops.conv2d(x, w, stride=stride, padding=padding)


# ================================================================ error messages name the parameter

def _base_transpose():
    rng = np.random.default_rng(RNG_SEED)
    return rand(rng, (2, 4, 3, 3)), rand(rng, (4, 3, 3, 3)), rand(rng, (6,)), \
        dict(stride=2, padding=1, output_padding=1, groups=2, dilation=1)


TRANSPOSE_BREAKAGES = {
    # name: (how to break a valid call, a word the message must contain)
    "stride0": (lambda x, w, b, k: (x, w, b, {**k, "stride": 0}), "stride"),
    "stride-1": (lambda x, w, b, k: (x, w, b, {**k, "stride": (2, -1)}), "stride"),
    "stride3": (lambda x, w, b, k: (x, w, b, {**k, "stride": (2, 2, 2)}), "stride"),
    "stride_empty": (lambda x, w, b, k: (x, w, b, {**k, "stride": ()}), "stride"),
    "padding-1": (lambda x, w, b, k: (x, w, b, {**k, "padding": -1}), "padding"),
    "padding_huge": (lambda x, w, b, k: (x, w, b, {**k, "padding": (1, 4)}), "padding"),
    "output_padding-1": (lambda x, w, b, k: (x, w, b, {**k, "output_padding": -1}), "output_padding"),
    "output_padding=stride": (lambda x, w, b, k: (x, w, b, {**k, "output_padding": (1, 2)}), "output_padding"),
    "output_padding_stride1": (lambda x, w, b, k: (x, w, b, {**k, "stride": 1, "output_padding": 1}),
                               "output_padding"),
    "dilation0": (lambda x, w, b, k: (x, w, b, {**k, "dilation": (1, 0)}), "dilation"),
    "groups0": (lambda x, w, b, k: (x, w, b, {**k, "groups": 0}), "groups"),
    "groups3": (lambda x, w, b, k: (x, w, b, {**k, "groups": 3}), "groups"),
    "bias_long": (lambda x, w, b, k: (x, w, np.ones(7), k), "bias"),
    "bias_2d": (lambda x, w, b, k: (x, w, np.ones((1, 6)), k), "bias"),
    "input_2d": (lambda x, w, b, k: (x[0, 0], w, b, k), "input"),
    "input_5d": (lambda x, w, b, k: (x[None], w, b, k), "input"),
    "input_empty": (lambda x, w, b, k: (x[:, :, :0], w, b, k), "input"),
    "channels": (lambda x, w, b, k: (x[:, :3], w, b, k), "channels"),
    "weight_3d": (lambda x, w, b, k: (x, w[0], b, k), "weight"),
    "weight_empty_kernel": (lambda x, w, b, k: (x, w[:, :, :0], b, k), "weight"),
    "weight_no_outputs": (lambda x, w, b, k: (x, w[:, :0], None, k), "weight"),
}


@pytest.mark.parametrize("name", sorted(TRANSPOSE_BREAKAGES))
def test_conv_transpose2d_error_names_the_parameter(name):
    breaker, word = TRANSPOSE_BREAKAGES[name]
    x, w, b, kw = breaker(*_base_transpose())
    with pytest.raises((RuntimeError, ValueError)):
        torch_ct(x, w, b, **kw)
    with pytest.raises(ValueError, match=word):
        ops.conv_transpose2d(x, w, b, **kw)


def test_conv_transpose2d_base_of_breakages_is_valid():
    x, w, b, kw = _base_transpose()
    np.testing.assert_allclose(ops.conv_transpose2d(x, w, b, **kw), torch_ct(x, w, b, **kw), **TOL)


def _base_conv():
    rng = np.random.default_rng(RNG_SEED)
    return rand(rng, (2, 4, 6, 6)), rand(rng, (6, 2, 3, 3)), rand(rng, (6,)), \
        dict(stride=2, padding=1, dilation=1, groups=2)


CONV_BREAKAGES = {
    "stride0": (lambda x, w, b, k: (x, w, b, {**k, "stride": 0}), "stride"),
    "padding-1": (lambda x, w, b, k: (x, w, b, {**k, "padding": (0, -1)}), "padding"),
    "padding_full": (lambda x, w, b, k: (x, w, b, {**k, "padding": "full"}), "padding"),
    "dilation0": (lambda x, w, b, k: (x, w, b, {**k, "dilation": 0}), "dilation"),
    "dilation_big": (lambda x, w, b, k: (x, w, b, {**k, "dilation": 4}), "kernel"),
    "groups0": (lambda x, w, b, k: (x, w, b, {**k, "groups": 0}), "groups"),
    "groups4": (lambda x, w, b, k: (x, w, b, {**k, "groups": 4}), "groups"),
    "bias": (lambda x, w, b, k: (x, w, np.ones(3), k), "bias"),
    "input_2d": (lambda x, w, b, k: (x[0, 0], w, b, k), "input"),
    "channels": (lambda x, w, b, k: (x[:, :3], w, b, k), "channels"),
    "weight_3d": (lambda x, w, b, k: (x, w[0], b, k), "weight"),
    "weight_empty_kernel": (lambda x, w, b, k: (x, w[:, :, :, :0], b, k), "weight"),
    "kernel_too_big": (lambda x, w, b, k: (x[:, :, :2], w, b, {**k, "padding": 0}), "kernel"),
}


@pytest.mark.parametrize("name", sorted(CONV_BREAKAGES))
def test_conv2d_error_names_the_parameter(name):
    breaker, word = CONV_BREAKAGES[name]
    x, w, b, kw = breaker(*_base_conv())
    with pytest.raises((RuntimeError, ValueError)):
        torch_conv(x, w, b, **kw)
    with pytest.raises(ValueError, match=word):
        ops.conv2d(x, w, b, **kw)


def test_conv2d_base_of_breakages_is_valid():
    x, w, b, kw = _base_conv()
    np.testing.assert_allclose(ops.conv2d(x, w, b, **kw), torch_conv(x, w, b, **kw), **TOL)


@pytest.mark.parametrize("bad", [2.5, (2.5, 1), True, "2", None])
def test_non_integer_hyper_parameters_are_refused(bad):
    """torch refuses floats, bools, strings and None for stride (TypeError); we say which parameter."""
    x, w = np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2))
    with pytest.raises((TypeError, RuntimeError, ValueError)):
        torch_ct(x, w, stride=bad)
    with pytest.raises(ValueError, match="stride"):
        ops.conv_transpose2d(x, w, stride=bad)
    with pytest.raises(ValueError, match="dilation"):
        ops.conv2d(x, w, dilation=bad)


@pytest.mark.parametrize("bad", [1.0, True, (1,)])
def test_non_integer_groups_are_refused(bad):
    x, w = np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2))
    with pytest.raises((TypeError, RuntimeError, ValueError)):
        torch_ct(x, w, groups=bad)
    with pytest.raises(ValueError, match="groups"):
        ops.conv_transpose2d(x, w, groups=bad)
    with pytest.raises(ValueError, match="groups"):
        ops.conv2d(x, w, groups=bad)


def test_non_numeric_input_is_refused():
    with pytest.raises(ValueError, match="input"):
        ops.conv_transpose2d(np.array([[["a"]]]), np.ones((1, 1, 1, 1)))
    with pytest.raises(ValueError, match="weight"):
        ops.conv2d(np.ones((1, 3, 3)), [[[["a"]]]])


def test_float32_in_float32_out_like_torch():
    rng = np.random.default_rng(1)
    x, w = rand(rng, (2, 3, 5, 5)).astype(np.float32), rand(rng, (3, 2, 3, 3)).astype(np.float32)
    expected = F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), stride=2).numpy()
    got = ops.conv_transpose2d(x, w, stride=2)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    got_c = ops.conv2d(x, np.ascontiguousarray(w.transpose(1, 0, 2, 3)), stride=2)
    assert got_c.dtype == np.float32


def test_mixed_dtypes_are_promoted_where_torch_refuses():
    """A documented divergence: float32 input with a float64 weight gives float64 (torch raises)."""
    rng = np.random.default_rng(2)
    x, w = rand(rng, (1, 2, 3, 3)).astype(np.float32), rand(rng, (2, 1, 2, 2))
    with pytest.raises(RuntimeError):
        F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w))
    got = ops.conv_transpose2d(x, w)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, torch_ct(x.astype(np.float64), w), **TOL)


def test_integer_and_list_inputs_are_accepted():
    """Plain Python lists of ints work (the notebooks type small examples by hand)."""
    got = ops.conv_transpose2d([[[0, 1], [2, 3]]], [[[[0, 1], [2, 3]]]])
    np.testing.assert_allclose(got, torch_ct([[[0, 1], [2, 3]]], [[[[0, 1], [2, 3]]]]))


# ================================================================ scatter_copies

@prop(120)
@given(transpose_cases())
def test_scatter_copies_crop_sums_to_torch(case):
    x, w, _, kw = case
    x = one_sample(x)
    sc = ops.scatter_copies(x, w, **kw)
    expected = torch_ct(x, w, **kw)
    assert (sc.height, sc.width) == expected.shape[1:]
    visible = sc.copies.sum((0, 1, 2))[:, sc.top:sc.top + sc.height, sc.left:sc.left + sc.width]
    np.testing.assert_allclose(visible, expected, **TOL)


@prop(80)
@given(transpose_cases())
def test_each_scatter_copy_is_the_scaled_kernel_at_its_place(case):
    """copies[c, i, j] is x[c, i, j]·weight[c] placed with its top-left at (i·sh, j·sw), taps dilation apart,
    only in the output channels of c's group."""
    x, w, _, kw = case
    x = one_sample(x)
    sc = ops.scatter_copies(x, w, **kw)
    sh, sw = _pair(kw["stride"])
    dh, dw = _pair(kw["dilation"])
    g = kw["groups"]
    c_in, h, wd = x.shape
    cg_in, cg_out, kh, kwid = c_in // g, w.shape[1], w.shape[2], w.shape[3]
    for c, i, j in itertools.product(range(c_in), range(h), range(wd)):
        expected = np.zeros(sc.copies.shape[3:])
        grp = c // cg_in
        for o, a, bb in itertools.product(range(cg_out), range(kh), range(kwid)):
            expected[grp * cg_out + o, i * sh + a * dh, j * sw + bb * dw] = x[c, i, j] * w[c, o, a, bb]
        np.testing.assert_allclose(sc.copies[c, i, j], expected, **TOL)


def test_scatter_copies_refuses_a_batch():
    with pytest.raises(ValueError, match="one sample"):
        ops.scatter_copies(np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2)))


def test_seed_multichannel_first_pixel_expansion():
    """Seed post: 0·[[0,1],[2,3]] + 4·[[4,5],[2,3]] = [[16,20],[8,12]] is where pixel (0,0) of both channels lands."""
    x = np.array([[[0, 1.0], [2.0, 3.0]], [[4, 5], [7, 8]]])
    k = np.array([[[0.0, 1.0], [2.0, 3.0]], [[4, 5], [2, 3]]]).reshape(2, 1, 2, 2)
    sc = ops.scatter_copies(x, k)
    first = (sc.copies[0, 0, 0] + sc.copies[1, 0, 0])[0]
    literal = np.array([[16, 20, 0], [8, 12, 0], [0, 0, 0]])
    # independent check of the literal: torch on a one-pixel input holding only x[:, 0, 0]
    only_first = np.zeros_like(x)
    only_first[:, 0, 0] = x[:, 0, 0]
    np.testing.assert_allclose(torch_ct(only_first, k)[0], literal)
    np.testing.assert_allclose(first, literal)


# ================================================================ contributing_terms

@prop(120)
@given(transpose_cases(), st.data())
def test_contributing_terms_sum_to_torch(case, data):
    x, w, b, kw = case
    x = one_sample(x)
    y = torch_ct(x, w, b, **kw)
    o = data.draw(st.integers(0, y.shape[0] - 1))
    r = data.draw(st.integers(0, y.shape[1] - 1))
    c = data.draw(st.integers(0, y.shape[2] - 1))
    terms = ops.contributing_terms(x, w, o, r, c, **kw)
    assert terms.ndim == 2 and terms.shape[1] == 5
    cg_out = w.shape[1]
    total = sum(x[ci, i, j] * w[ci, o % cg_out, a, bb] for ci, i, j, a, bb in terms)
    total += 0.0 if b is None else b[o]
    np.testing.assert_allclose(total, y[o, r, c], **TOL)
    # exactly these terms: autograd of that single output cell is non-zero exactly at their inputs/taps
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(w, requires_grad=True)
    F.conv_transpose2d(xt, wt, **kw)[o, r, c].backward()
    gx = np.zeros_like(x)
    gw = np.zeros_like(w)
    for ci, i, j, a, bb in terms:
        gx[ci, i, j] += w[ci, o % cg_out, a, bb]
        gw[ci, o % cg_out, a, bb] += x[ci, i, j]
    np.testing.assert_allclose(xt.grad.numpy(), gx, **TOL)
    np.testing.assert_allclose(wt.grad.numpy(), gw, **TOL)
    # ordered by (c_in, i, j)
    keys = [tuple(t[:3]) for t in terms]
    assert keys == sorted(keys)


def test_seed_cell_28_is_four_products():
    """Seed post: y[1,1] = 28 = 0·2 + 1·2 + 2·7 + 3·4 for x=[[0,1],[2,3]], k=[[4,7],[2,2]]."""
    x = np.array([[[0.0, 1.0], [2.0, 3.0]]])
    k = np.array([[4.0, 7.0], [2.0, 2.0]]).reshape(1, 1, 2, 2)
    assert torch_ct(x, k)[0, 1, 1] == 28
    terms = ops.contributing_terms(x, k, 0, 1, 1)
    assert len(terms) == 4
    pairs = [(x[c, i, j], k[c, 0, a, b]) for c, i, j, a, b in terms]
    assert pairs == [(0, 2), (1, 2), (2, 7), (3, 4)]
    assert sum(p * q for p, q in pairs) == 28


def test_contributing_terms_cell_outside_output_names_the_cell():
    x, k = np.ones((1, 2, 2)), np.ones((1, 1, 2, 2))
    for o, r, c in [(1, 0, 0), (0, 3, 0), (0, 0, -1)]:
        with pytest.raises(ValueError, match="outside the output"):
            ops.contributing_terms(x, k, o, r, c)


def test_contributing_terms_of_a_padding_cell_uses_the_uncropped_grid():
    """With padding=1 the only visible cell (0,0) is the full grid's centre: still 4 terms (T2)."""
    x = np.array([[[0.0, 1.0], [2.0, 3.0]]])
    k = np.array([[4.0, 7.0], [2.0, 2.0]]).reshape(1, 1, 2, 2)
    terms = ops.contributing_terms(x, k, 0, 0, 0, padding=1)
    assert terms[:, 1:].tolist() == [[0, 0, 1, 1], [0, 1, 1, 0], [1, 0, 0, 1], [1, 1, 0, 0]]


# ================================================================ conv_matrix

@st.composite
def matrix_cases(draw):
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    s, p, d = axis_pair(draw, 1, 3), axis_pair(draw, 0, 2), axis_pair(draw, 1, 2)
    span = (d[0] * (kh - 1) + 1, d[1] * (kw - 1) + 1)
    h = draw(st.integers(max(1, span[0] - 2 * p[0]), max(1, span[0] - 2 * p[0]) + 4))
    w = draw(st.integers(max(1, span[1] - 2 * p[1]), max(1, span[1] - 2 * p[1]) + 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rand(rng, (kh, kw)), (h, w), spelled(draw, *s), spelled(draw, *p), spelled(draw, *d), rng


@prop(100)
@given(matrix_cases())
def test_conv_matrix_is_conv2d_and_its_transpose_is_conv_transpose2d(case):
    k, (h, w), s, p, d, rng = case
    C = ops.conv_matrix(k, (h, w), stride=s, padding=p, dilation=d)
    X = rand(rng, (h, w))
    Y_t = torch_conv(X[None, None], k[None, None], stride=s, padding=p, dilation=d)[0, 0]
    assert C.shape == (Y_t.size, h * w)
    np.testing.assert_allclose(C @ X.ravel(), Y_t.ravel(), **TOL)
    # C.T is the transposed convolution, with the output_padding that restores (h, w)
    Y = rand(rng, Y_t.shape)
    # the output_padding is whatever the documented size formula (without it) falls short of (h, w)
    (sh, sw), (ph, pw), (dh, dw) = _pair(s), _pair(p), _pair(d)
    op = (h - ((Y.shape[0] - 1) * sh - 2 * ph + dh * (k.shape[0] - 1) + 1),
          w - ((Y.shape[1] - 1) * sw - 2 * pw + dw * (k.shape[1] - 1) + 1))
    back = torch_ct(Y[None, None], k[None, None], stride=s, padding=p, dilation=d, output_padding=op)[0, 0]
    assert back.shape == (h, w)
    np.testing.assert_allclose(C.T @ Y.ravel(), back.ravel(), **TOL)
    # and C.T @ vec(Y) is autograd's gradient of <conv2d(X), Y> with respect to X
    Xt = torch.tensor(X[None, None], requires_grad=True)
    (F.conv2d(Xt, torch.tensor(k[None, None]), stride=s, padding=p, dilation=d) * torch.tensor(Y)).sum().backward()
    np.testing.assert_allclose(C.T @ Y.ravel(), Xt.grad.numpy().ravel(), **TOL)
    # and C itself is the Jacobian of conv2d
    J = torch.autograd.functional.jacobian(
        lambda t: F.conv2d(t, torch.tensor(k[None, None]), stride=s, padding=p, dilation=d),
        torch.tensor(X[None, None]))
    np.testing.assert_allclose(C, J.reshape(C.shape).numpy(), **TOL)


def test_conv_matrix_refuses_a_non_2d_kernel():
    with pytest.raises(ValueError, match="kernel"):
        ops.conv_matrix(np.ones((1, 2, 2)), (3, 3))


# ================================================================ zero_insert and the equivalent convolution

@pytest.mark.parametrize("stride", [1, 2, 3, (2, 3), (1,), (3, 1)])
def test_zero_insert_matches_torch_conv_transpose_with_a_unit_kernel(stride):
    """Zero insertion is a transposed convolution by a 1×1 kernel of 1 with that stride."""
    X = rand(np.random.default_rng(3), (2, 3, 4))
    expected = torch_ct(X[:, None], np.ones((1, 1, 1, 1)), stride=stride)[:, 0]
    np.testing.assert_array_equal(ops.zero_insert(X, stride), expected)


def test_zero_insert_refuses_stride_0():
    with pytest.raises(ValueError, match="stride"):
        ops.zero_insert(np.ones((2, 2)), 0)


EQUIV_GRID = [(s, p, op, d, k)
              for s in (1, 2, 3) for d in (1, 2) for k in ((1, 1), (2, 3), (3, 3), (4, 2))
              for p in (0, 1, 2, 3) for op in range(max(s, d))]


@pytest.mark.parametrize("s, p, op, d, k", EQUIV_GRID)
def test_equivalent_conv_parts_reproduce_torch(s, p, op, d, k):
    rng = np.random.default_rng(s * 1000 + p * 100 + op * 10 + d)
    x, w = rand(rng, (2, 3, 3, 4)), rand(rng, (3, 2) + k)
    expected, err = outcome(torch_ct, x, w, stride=s, padding=p, output_padding=op, dilation=d)
    if err is not None:  # padding crops everything: ours refuses too
        with pytest.raises(ValueError, match="padding"):
            ops.equivalent_conv_parts(x, w, stride=s, padding=p, output_padding=op, dilation=d)
        return
    xd, (top, bottom, left, right), wc = ops.equivalent_conv_parts(
        x, w, stride=s, padding=p, output_padding=op, dilation=d)
    assert wc.shape == (2, 3) + k
    padded = F.pad(torch.from_numpy(xd), (left, right, top, bottom))  # negative pads crop
    got = F.conv2d(padded, torch.from_numpy(wc), dilation=d).numpy()
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, **TOL)
    # the documented pad amounts: d·(k−1) − p, plus output_padding at the bottom/right
    assert (top, left) == (d * (k[0] - 1) - p, d * (k[1] - 1) - p)
    assert (bottom - top, right - left) == (op, op)


def test_equivalent_conv_parts_unbatched_and_flip():
    x = np.array([[[0.0, 1.0], [2.0, 3.0]]])
    k = np.array([[4.0, 7.0], [2.0, 2.0]]).reshape(1, 1, 2, 2)
    xd, pads, wc = ops.equivalent_conv_parts(x, k, stride=2)
    np.testing.assert_array_equal(xd, [[[0, 0, 1], [0, 0, 0], [2, 0, 3]]])
    np.testing.assert_array_equal(wc[0, 0], [[2, 2], [7, 4]])  # rotated 180°
    assert pads == (1, 1, 1, 1)
    got = torch_conv(np.pad(xd, ((0, 0), (1, 1), (1, 1))), wc)
    np.testing.assert_allclose(got, torch_ct(x, k, stride=2))


# ================================================================ overlap_count

@prop(100)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(1, 5),
       st.integers(1, 3), st.integers(1, 3), st.integers(0, 2), st.integers(0, 2), st.integers(1, 2))
def test_overlap_count_is_conv_transpose_of_ones(h, w, kh, kw, sh, sw, p, op, d):
    kwargs = dict(stride=(sh, sw), padding=p, output_padding=(min(op, max(sh, d) - 1), min(op, max(sw, d) - 1)),
                  dilation=d)
    expected, err = outcome(torch_ct, np.ones((1, 1, h, w)), np.ones((1, 1, kh, kw)), **kwargs)
    if err is not None:
        with pytest.raises(ValueError):
            ops.overlap_count((h, w), (kh, kw), **kwargs)
        return
    got = ops.overlap_count((h, w), (kh, kw), **kwargs)
    assert got.dtype.kind == "i"
    np.testing.assert_array_equal(got, expected[0, 0])


def test_overlap_count_refuses_empty_sizes():
    with pytest.raises(ValueError, match="input_size"):
        ops.overlap_count(0, 3)
    with pytest.raises(ValueError, match="kernel_size"):
        ops.overlap_count((3, 3), (3, 0))


# ================================================================ bilinear_kernel

def d2l_bilinear(kernel_size):
    """D2L's bilinear_kernel (13.10), written independently: factor = (k+1)//2."""
    factor = (kernel_size + 1) // 2
    center = factor - 1 if kernel_size % 2 == 1 else factor - 0.5
    og = np.arange(kernel_size)
    f = 1 - np.abs(og - center) / factor
    return f[:, None] * f[None, :]


@pytest.mark.parametrize("factor", [1, 2, 3, 4, 5, 8])
def test_bilinear_kernel_matches_d2l(factor):
    size = 2 * factor - factor % 2
    got = ops.bilinear_kernel(factor)
    assert got.shape == (size, size)
    np.testing.assert_allclose(got, d2l_bilinear(size), **TOL)


@pytest.mark.parametrize("factor", [2, 3, 4])
def test_bilinear_kernel_upsamples_like_torch_interpolate(factor):
    """Away from the border, conv_transpose2d by the kernel (stride=factor) is bilinear interpolation."""
    k = ops.bilinear_kernel(factor)
    x = rand(np.random.default_rng(factor), (1, 1, 7, 7))
    y = ops.conv_transpose2d(x, k[None, None], stride=factor, padding=(k.shape[0] - factor) // 2)
    z = F.interpolate(torch.from_numpy(x), scale_factor=factor, mode="bilinear", align_corners=False).numpy()
    assert y.shape == z.shape
    np.testing.assert_allclose(y[..., factor:-factor, factor:-factor], z[..., factor:-factor, factor:-factor], **TOL)


def test_bilinear_kernel_refuses_factor_0():
    with pytest.raises(ValueError, match="factor"):
        ops.bilinear_kernel(0)


def test_T9c_bilinear_upsampling():
    k = ops.bilinear_kernel(2)
    lit_k = np.outer([.25, .75, .75, .25], [.25, .75, .75, .25])
    np.testing.assert_allclose(k, lit_k, **TOL)
    np.testing.assert_allclose(d2l_bilinear(4), lit_k, **TOL)
    w = k[None, None]
    ones = ops.conv_transpose2d(np.ones((1, 1, 3, 3)), w, stride=2, padding=1)[0, 0]
    np.testing.assert_allclose(ones, torch_ct(np.ones((1, 1, 3, 3)), w, stride=2, padding=1)[0, 0], **TOL)
    assert ones.shape == (6, 6)
    np.testing.assert_allclose(ones[1:-1, 1:-1], 1.0)
    np.testing.assert_allclose(ones[0, 1:-1], 0.75)
    np.testing.assert_allclose(ones[1:-1, -1], 0.75)
    np.testing.assert_allclose(ones[[0, 0, -1, -1], [0, -1, 0, -1]], 0.5625)
    lit = [[.5625, .9375, 1.3125, 1.125], [1.125, 1.75, 2.25, 1.875],
           [1.875, 2.75, 3.25, 2.625], [1.6875, 2.4375, 2.8125, 2.25]]
    x = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
    np.testing.assert_allclose(torch_ct(x, w, stride=2, padding=1)[0, 0], lit, **TOL)
    np.testing.assert_allclose(ops.conv_transpose2d(x, w, stride=2, padding=1)[0, 0], lit, **TOL)


# ================================================================ trans_conv_naive

@prop(60)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_trans_conv_naive_matches_torch(h, w, kh, kw, seed):
    rng = np.random.default_rng(seed)
    X, K = rand(rng, (h, w)), rand(rng, (kh, kw))
    np.testing.assert_allclose(ops.trans_conv_naive(X, K), torch_ct(X[None, None], K[None, None])[0, 0], **TOL)


# ================================================================ the seed blog post

SEED_X = np.array([[0.0, 1.0], [2.0, 3.0]]).reshape(1, 1, 2, 2)
SEED_K = np.array([[4.0, 7.0], [2.0, 2.0]]).reshape(1, 1, 2, 2)


@pytest.mark.parametrize("kwargs, literal", [
    (dict(padding=0), [[0, 4, 7], [8, 28, 23], [4, 10, 6]]),
    (dict(padding=1), [[28]]),
    (dict(stride=4), [[0, 0, 0, 0, 4, 7], [0, 0, 0, 0, 2, 2], [0, 0, 0, 0, 0, 0],
                      [0, 0, 0, 0, 0, 0], [8, 14, 0, 0, 12, 21], [4, 4, 0, 0, 6, 6]]),
], ids=["seed-padding0", "seed-padding1", "seed-stride4"])
def test_seed_single_channel_prints(kwargs, literal):
    expected = torch_ct(SEED_X, SEED_K, **kwargs)
    np.testing.assert_array_equal(expected[0, 0], literal)  # the literal really is torch's output
    got = ops.conv_transpose2d(SEED_X, SEED_K, **kwargs)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, **TOL)


def test_seed_multichannel_print():
    x = np.array([[[0, 1.0], [2.0, 3.0]], [[4, 5], [7, 8]]]).reshape(1, 2, 2, 2)
    k = np.array([[[0.0, 1.0], [2.0, 3.0]], [[4, 5], [2, 3]]]).reshape(2, 1, 2, 2)
    literal = [[16, 40, 26], [36, 93, 61], [18, 49, 33]]
    expected = torch_ct(x, k)
    assert expected.shape == (1, 1, 3, 3)
    np.testing.assert_array_equal(expected[0, 0], literal)
    got = ops.conv_transpose2d(x, k)
    assert got.shape == (1, 1, 3, 3)
    np.testing.assert_allclose(got, expected, **TOL)


def test_seed_shape_inverse():
    """Seed post: Conv2d(10, 20, 5, padding=2, stride=3) then ConvTranspose2d(20, 10, 5, padding=2, stride=3) on 16×16."""
    rng = np.random.default_rng(RNG_SEED)
    X = rng.random((1, 10, 16, 16))
    wc, bc = rand(rng, (20, 10, 5, 5)), rand(rng, (20,))
    wt, bt = rand(rng, (20, 10, 5, 5)), rand(rng, (10,))
    mid_t = torch_conv(X, wc, bc, padding=2, stride=3)
    out_t = torch_ct(mid_t, wt, bt, padding=2, stride=3)
    assert mid_t.shape == (1, 20, 6, 6) and out_t.shape == X.shape
    mid = ops.conv2d(X, wc, bc, padding=2, stride=3)
    out = ops.conv_transpose2d(mid, wt, bt, padding=2, stride=3)
    np.testing.assert_allclose(mid, mid_t, **TOL)
    np.testing.assert_allclose(out, out_t, rtol=1e-9, atol=1e-9)
    assert out.shape == X.shape


# ================================================================ teaching-notes worked cases T1-T10

def check_literal(x, w, literal, **kw):
    """torch agrees with the literal, and ours agrees with torch."""
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    expected = torch_ct(x, w, **kw)
    np.testing.assert_allclose(expected, np.asarray(literal, dtype=float).reshape(expected.shape), **TOL)
    got = ops.conv_transpose2d(x, w, **kw)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, **TOL)
    return got


D2L_X = [[[[0, 1], [2, 3]]]]
D2L_K = [[[[0, 1], [2, 3]]]]
T1 = [[0, 0, 1], [0, 4, 6], [4, 12, 9]]


def test_T1_basic():
    got = check_literal(D2L_X, D2L_K, T1)
    assert got.shape == (1, 1, 3, 3)


def test_T2_padding_crops():
    got = check_literal(D2L_X, D2L_K, [[4]], padding=1)
    assert got[0, 0, 0, 0] == np.asarray(T1)[1, 1]


def test_T3_stride():
    check_literal(D2L_X, D2L_K, [[0, 0, 0, 1], [0, 0, 2, 3], [0, 2, 0, 3], [4, 6, 6, 9]], stride=2)


def test_T4_matrix_view_restores_shape_not_values():
    X = np.arange(9.0).reshape(3, 3)
    K = np.array([[1.0, 2.0], [3.0, 4.0]])
    Y = torch_conv(X[None, None], K[None, None])[0, 0]
    np.testing.assert_array_equal(Y, [[27, 37], [57, 67]])
    np.testing.assert_allclose(ops.conv2d(X[None, None], K[None, None])[0, 0], Y)
    back = check_literal(Y[None, None], K[None, None], [[27, 91, 74], [138, 400, 282], [171, 429, 268]])[0, 0]
    C = ops.conv_matrix(K, (3, 3))
    assert C.shape == (4, 9)
    np.testing.assert_allclose(C.T @ Y.ravel(), back.ravel())
    assert back.shape == X.shape and not np.allclose(back, X)


def test_T5_shape_inverse_and_fcn():
    rng = np.random.default_rng(5)
    x = rng.random((1, 10, 16, 16))
    mid = ops.conv2d(x, rand(rng, (20, 10, 5, 5)), padding=2, stride=3)
    assert mid.shape == (1, 20, 6, 6)
    assert ops.conv_transpose2d(mid, rand(rng, (20, 10, 5, 5)), padding=2, stride=3).shape == (1, 10, 16, 16)
    # FCN head: 21 classes, 10×15 -> 320×480 with k=64, p=16, s=32 (depthwise bilinear keeps it cheap)
    feat = rng.random((1, 21, 10, 15))
    w = np.broadcast_to(ops.bilinear_kernel(32), (21, 1, 64, 64)).copy()
    expected = torch_ct(feat, w, padding=16, stride=32, groups=21)
    assert expected.shape == (1, 21, 320, 480)
    got = ops.conv_transpose2d(feat, w, padding=16, stride=32, groups=21)
    assert got.shape == (1, 21, 320, 480)
    np.testing.assert_allclose(got, expected, **TOL)


T6_5x5 = [[1, 2, 1, 2, 1], [2, 4, 2, 4, 2], [1, 2, 1, 2, 1], [2, 4, 2, 4, 2], [1, 2, 1, 2, 1]]


def test_T6_output_padding_ambiguity():
    # Conv k=3, s=2, p=1 maps both 5 and 6 to 3
    for n in (5, 6):
        assert ops.conv2d(np.ones((1, 1, n, n)), np.ones((1, 1, 3, 3)), stride=2, padding=1).shape[-2:] == (3, 3)
        assert torch_conv(np.ones((1, 1, n, n)), np.ones((1, 1, 3, 3)), stride=2, padding=1).shape[-2:] == (3, 3)
    ones, w = np.ones((1, 1, 3, 3)), np.ones((1, 1, 3, 3))
    check_literal(ones, w, T6_5x5, stride=2, padding=1)
    six = check_literal(ones, w, _t6_6x6(), stride=2, padding=1, output_padding=1)[0, 0]
    np.testing.assert_array_equal(six[5], [1, 2, 1, 2, 1, 1])
    np.testing.assert_array_equal(six[:, 5], [1, 2, 1, 2, 1, 1])
    assert (six[5] != 0).all(), "output_padding adds computed values, not zeros"


def _t6_6x6():
    """The 6×6 of T6 by hand: the 5×5 plus a last row/col [1,2,1,2,1,1] (values, not zeros)."""
    m = np.zeros((6, 6))
    m[:5, :5] = T6_5x5
    m[5, :] = [1, 2, 1, 2, 1, 1]
    m[:, 5] = [1, 2, 1, 2, 1, 1]
    return m


def test_T7_output_padding_is_not_zero_fill():
    w = np.arange(9.0).reshape(1, 1, 3, 3)
    check_literal([[[[1.0]]]], w, [[4, 5], [7, 8]], stride=2, padding=1, output_padding=1)


def test_T8_overlap_counts():
    a = np.array([1, 1, 2, 1, 2, 1, 1])
    lit = np.outer(a, a)
    np.testing.assert_array_equal(torch_ct(np.ones((1, 1, 3, 3)), np.ones((1, 1, 3, 3)), stride=2)[0, 0], lit)
    got = ops.overlap_count(3, 3, stride=2)
    np.testing.assert_array_equal(got, lit)
    assert got.max() == 4 and got.min() == 1
    k4 = ops.overlap_count(3, 4, stride=2)
    np.testing.assert_array_equal(k4, torch_ct(np.ones((1, 1, 3, 3)), np.ones((1, 1, 4, 4)), stride=2)[0, 0])
    assert k4.shape == (8, 8)
    np.testing.assert_array_equal(k4[3], [2, 2, 4, 4, 4, 4, 2, 2])
    even = ops.overlap_count(3, 4, stride=2, padding=1)
    np.testing.assert_array_equal(even, torch_ct(np.ones((1, 1, 3, 3)), np.ones((1, 1, 4, 4)), stride=2,
                                                 padding=1)[0, 0])
    assert even.shape == (6, 6)
    assert (even[1:-1, 1:-1] == 4).all()
    assert (even[0, 1:-1] == 2).all() and (even[1:-1, 0] == 2).all()
    assert even[0, 0] == even[-1, -1] == 1


T9_X = [[[[0, 1], [2, 3]], [[1, 1], [1, 1]]]]
T9_W = [[[[0, 1], [2, 3]]], [[[1, 0], [0, 1]]]]  # (2, 1, 2, 2)


def test_T9a_channels_sum():
    check_literal(T9_X, T9_W, [[1, 1, 1], [1, 6, 7], [4, 13, 10]])
    np.testing.assert_allclose(np.array([[1, 1, 1], [1, 6, 7], [4, 13, 10]]) - np.array(T1),
                               [[1, 1, 0], [1, 2, 1], [0, 1, 1]])


def test_T9b_groups_do_not_mix():
    check_literal(T9_X, T9_W, [T1, [[1, 1, 0], [1, 2, 1], [0, 1, 1]]], groups=2)


def test_T10_dilation():
    got = check_literal([[[[1, 2], [3, 4]]]], np.ones((1, 1, 2, 2)),
                        [[1, 2, 1, 2], [3, 4, 3, 4], [1, 2, 1, 2], [3, 4, 3, 4]], dilation=2)
    assert got.shape[-1] == (2 - 1) + 2 * (2 - 1) + 1
    check_literal([[[[1, 2], [3, 4]]]], [[[[1, 2], [3, 4]]]],
                  [[1, 0, 4, 0, 4], [0, 0, 0, 0, 0], [6, 0, 20, 0, 16], [0, 0, 0, 0, 0], [9, 0, 24, 0, 16]],
                  stride=2, dilation=2)


def test_T10_bonus_1d_and_error_case():
    check_literal([[[[1, 2, 4]]]], [[[[1, 0.11]]]], [[1, 2.11, 4.22, 0.44]])
    with pytest.raises(RuntimeError, match="output padding must be smaller"):
        torch_ct(np.ones((1, 1, 3, 3)), np.ones((1, 1, 3, 3)), stride=1, output_padding=1)
    with pytest.raises(ValueError, match="output_padding"):
        ops.conv_transpose2d(np.ones((1, 1, 3, 3)), np.ones((1, 1, 3, 3)), stride=1, output_padding=1)


def test_bilinear_kernel_refuses_a_fractional_factor():
    with pytest.raises(ValueError, match="factor"):
        ops.bilinear_kernel(2.5)


@pytest.mark.parametrize("k,s,p,op,d", [(3, 2, 1, 1, 1), (2, 1, 0, 0, 1), (3, 3, 2, 0, 2), (4, 2, 3, 1, 1), (1, 1, 0, 0, 1)])
def test_equivalent_conv_equals_torch(k, s, p, op, d):
    """Padding (or cropping, when d·(k−1) − p < 0) the zero-inserted input and convolving with the
    flipped kernel gives torch's transposed convolution."""
    rng = np.random.default_rng(k * 100 + s * 10 + p)
    x, w = rng.normal(size=(2, 3, 4, 5)), rng.normal(size=(3, 2, k, k))
    padded, wc, y = ops.equivalent_conv(x, w, s, p, op, d)
    expected = torch_ct(x, w, None, stride=s, padding=p, output_padding=op, dilation=d)
    np.testing.assert_allclose(y, expected, **TOL)
    np.testing.assert_allclose(ops.conv2d(padded, wc, dilation=d), expected, **TOL)


# ---------------------------------------------------------------- grid_view (moved from drawing)

from oracle import torch_full_grid as _full_grid, torch_tconv as _tconv1  # noqa: E402

GRID_CASES = [dict(), dict(padding=1), dict(stride=2), dict(stride=2, padding=1, output_padding=1),
              dict(stride=3, output_padding=2), dict(dilation=2), dict(stride=2, dilation=2, padding=1)]


def _example(c, h, w):
    return np.stack([(np.arange(h * w).reshape(h, w) + 4 * i) % 10 for i in range(c)]).astype(float)


# ---------------------------------------------------------------- grid_view

@pytest.mark.parametrize("case", GRID_CASES)
def test_grid_view_sums_equal_torch(case):
    x = _example(2, 3, 3)
    w = np.stack([_example(2, 3, 3) + 1, _example(2, 3, 3)[::-1] + 2])
    for oc in range(2):
        gv = ops.grid_view(x, w, out_channel=oc, **case)
        np.testing.assert_array_equal(gv.visible, _tconv1(x, w, **case)[oc])
        np.testing.assert_array_equal(gv.values, _full_grid(x, w, **case)[oc])
        for c in range(2):   # per input channel: the transposed conv of that channel alone
            only = np.zeros_like(x)
            only[c] = x[c]
            np.testing.assert_array_equal(gv.partial[c], _full_grid(only, w, **case)[oc])
        # lands: where each element's copy goes = torch's scatter of a one-hot input with an all-ones kernel
        for k in range(x.size):
            one = np.zeros(x.size)
            one[k] = 1
            expect = _full_grid(one.reshape(x.shape), np.ones_like(w), **case)[oc] != 0
            np.testing.assert_array_equal(gv.lands[k], expect)
        # the first `upto` copies = torch on x masked to its first `upto` elements
        for upto in (0, 4, x.size):
            mask = (np.arange(x.size) < upto).reshape(x.shape)
            np.testing.assert_array_equal(ops.grid_view(x, w, out_channel=oc, upto=upto, **case).visible,
                                          _tconv1(x * mask, w, **case)[oc])


def test_grid_view_refuses_bad_channel():
    with pytest.raises(ValueError, match="out_channel"):
        ops.grid_view(np.array([[[0.0, 1.0], [2.0, 3.0]]]), np.array([[[[4.0, 7.0], [2.0, 2.0]]]]), out_channel=1)




# ---------------------------------------------------------------- torch tensors with a graph

def test_accepts_parameters_and_tensors_that_require_grad():
    """``conv_transpose2d(x, layer.weight, layer.bias)`` with nn.Parameters and an x that requires grad
    gives the layer's own numbers (not "weight must be an array of numbers")."""
    torch.manual_seed(0)
    layer = torch.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1, bias=True).double()
    x = torch.randn(1, 2, 3, 4, dtype=torch.float64, requires_grad=True)
    expected = layer(x).detach().numpy()
    np.testing.assert_allclose(ops.conv_transpose2d(x, layer.weight, layer.bias, stride=2, padding=1,
                                                    output_padding=1), expected, atol=1e-12)
    # unbatched x and a grid_view of it, straight from the parameter
    gv = ops.grid_view(x[0], layer.weight, stride=2, padding=1, output_padding=1)
    np.testing.assert_allclose(gv.visible, (layer(x) - layer.bias[None, :, None, None]).detach().numpy()[0, 0],
                               atol=1e-12)


# ---------------------------------------------------------------- 01's warm-up row and bias

def _notebook_01_output(marker):
    """The printed text of the code cell of notebooks/01 whose source contains ``marker``."""
    import json
    from pathlib import Path
    nb = json.loads((Path(__file__).resolve().parents[1] / "notebooks" / "01_basic_operation.ipynb").read_text())
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and marker in "".join(c["source"])]
    assert len(cells) == 1, marker
    return "".join("".join(o.get("text", "")) for o in cells[0]["outputs"])


@pytest.mark.parametrize("stride, padding, output_padding", [(1, 0, 0), (2, 0, 1), (3, 1, 2), (2, 1, 0)])
def test_one_row_is_conv_transpose1d(stride, padding, output_padding):
    """A 1-D input is a 2-D input of height 1 (01's warm-up): the reference equals torch's conv_transpose1d."""
    rng = np.random.default_rng(stride * 10 + padding)
    x, k = rng.integers(-5, 6, size=(2, 3)).astype(float), rng.integers(-5, 6, size=(2, 3, 2)).astype(float)
    y1 = F.conv_transpose1d(torch.tensor(x)[None], torch.tensor(k), stride=stride, padding=padding,
                            output_padding=output_padding)[0].numpy()
    y2 = ops.conv_transpose2d(x[:, None], k[:, :, None], stride=(1, stride), padding=(0, padding),
                              output_padding=(0, output_padding))
    np.testing.assert_allclose(y2[:, 0], y1, atol=1e-12)


def test_notebook_01_warm_up_row_and_bias_are_torchs():
    text = _notebook_01_output("torch 1-D")
    y = F.conv_transpose1d(torch.tensor([[[1.0, 2.0, 3.0]]]), torch.tensor([[[4.0, 7.0]]]))[0, 0].tolist()
    shown = re.search(r"reference: \[([^\]]+)\]", text)[1].split()
    assert [float(v) for v in shown] == y == [4, 15, 26, 21]
    text = _notebook_01_output("tconv_b.bias.fill_")
    layer = torch.nn.ConvTranspose2d(1, 1, 2, bias=True)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor([[[[4.0, 7.0], [2.0, 2.0]]]]))
        layer.bias.fill_(10.0)
    x = torch.tensor([[[[0.0, 1.0], [2.0, 3.0]]]])
    with_bias = layer(x)[0, 0].detach()
    added = [float(v) for v in re.findall(r"-?\d+\.?\d*", text.split("centre")[0])]
    assert added == (with_bias - F.conv_transpose2d(x, layer.weight.detach())[0, 0]).flatten().tolist()
    m = re.search(r"centre: ([\d.]+) → ([\d.]+)", text)
    assert (float(m[1]), float(m[2])) == (28.0, with_bias[1, 1].item()) == (28.0, 38.0)


@pytest.mark.parametrize("n, k, s, p", [(6, 3, 2, 0), (6, 4, 2, 1), (5, 2, 3, 0), (3, 5, 1, 2), (1, 3, 2, 0),
                                        (4, 4, 4, 0), (7, 3, 1, 1)])
def test_overlap_interior_by_its_definition(n, k, s, p):
    """A full-grid cell t is interior when every window i (of an input extending forever) covering it,
    i·s ≤ t ≤ i·s + k − 1, is a real input cell 0 ≤ i < n; visible cell = t − p. Counted cell by cell."""
    size = (n - 1) * s + k - 2 * p
    inside = [t - p for t in range(p, p + size)
              if all(0 <= i < n for i in range(-k - 1, n + k + 1) if i * s <= t <= i * s + k - 1)]
    want = (inside[0], inside[0], len(inside), len(inside)) if inside else (0, 0, 0, 0)
    assert ops.overlap_interior(n, k, s, p) == want
