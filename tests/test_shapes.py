"""Tests for helpers/shapes.py: every size is the one torch produces, and we refuse exactly what torch refuses.

torch is run on one spatial axis (a H×1 input with a k×1 kernel), float64, batch of one.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from helpers import shapes

from conftest import prop  # noqa: E402  (profiles, thread count: tests/conftest.py)


def torch_transpose_size(size, k, s=1, p=0, op=0, d=1):
    """H_out of torch's conv_transpose2d on a (1, 1, size, 1) input, or None if torch refuses."""
    try:
        y = F.conv_transpose2d(torch.zeros(1, 1, size, 1, dtype=torch.float64),
                               torch.zeros(1, 1, k, 1, dtype=torch.float64),
                               stride=(s, 1), padding=(p, 0), output_padding=(op, 0), dilation=(d, 1))
    except (RuntimeError, ValueError, IndexError):
        return None
    return y.shape[2]


def torch_conv_size(size, k, s=1, p=0, d=1):
    """H_out of torch's conv2d on a (1, 1, size, 1) input, or None if torch refuses."""
    try:
        y = F.conv2d(torch.zeros(1, 1, size, 1, dtype=torch.float64), torch.zeros(1, 1, k, 1, dtype=torch.float64),
                     stride=(s, 1), padding=(p, 0), dilation=(d, 1))
    except (RuntimeError, ValueError, IndexError):
        return None
    return y.shape[2]


def ours(fn, *args):
    try:
        return fn(*args)
    except ValueError:
        return None


# ================================================================ the two size functions

@prop(400)
@given(st.integers(0, 9), st.integers(0, 6), st.integers(-1, 4), st.integers(-1, 5), st.integers(-1, 4),
       st.integers(-1, 3))
def test_conv_transpose_output_size_is_torchs_and_refuses_like_torch(size, k, s, p, op, d):
    assert ours(shapes.conv_transpose_output_size, size, k, s, p, op, d) == torch_transpose_size(size, k, s, p, op, d)


@prop(300)
@given(st.integers(1, 9), st.integers(1, 5), st.integers(1, 4), st.integers(0, 5), st.integers(1, 3), st.data())
def test_conv_transpose_output_size_valid_region(size, k, s, p, d, data):
    """The same comparison restricted to valid calls, so most examples compute a size."""
    op = data.draw(st.integers(0, max(s, d) - 1))
    expected = torch_transpose_size(size, k, s, p, op, d)
    if expected is None:
        with pytest.raises(ValueError, match="padding"):
            shapes.conv_transpose_output_size(size, k, s, p, op, d)
    else:
        assert shapes.conv_transpose_output_size(size, k, s, p, op, d) == expected


@prop(400)
@given(st.integers(0, 12), st.integers(0, 6), st.integers(-1, 4), st.integers(-1, 4), st.integers(-1, 3))
def test_conv_output_size_is_torchs_and_refuses_like_torch(size, k, s, p, d):
    assert ours(shapes.conv_output_size, size, k, s, p, d) == torch_conv_size(size, k, s, p, d)


@prop(200)
@given(st.integers(1, 12), st.integers(1, 5), st.integers(1, 4), st.integers(0, 4), st.integers(1, 3))
def test_conv_output_size_valid_region(size, k, s, p, d):
    expected = torch_conv_size(size, k, s, p, d)
    if expected is None:
        with pytest.raises(ValueError, match="kernel_size"):
            shapes.conv_output_size(size, k, s, p, d)
    else:
        assert shapes.conv_output_size(size, k, s, p, d) == expected


@pytest.mark.parametrize("fn, args, word", [
    (shapes.conv_transpose_output_size, (3, 3, 0), "stride"),
    (shapes.conv_transpose_output_size, (3, 3, 1, -1), "padding"),
    (shapes.conv_transpose_output_size, (3, 3, 2, 1, 2), "output_padding"),
    (shapes.conv_transpose_output_size, (3, 3, 1, 0, 1), "output_padding"),
    (shapes.conv_transpose_output_size, (3, 3, 2, 1, -1), "output_padding"),
    (shapes.conv_transpose_output_size, (3, 3, 1, 0, 0, 0), "dilation"),
    (shapes.conv_transpose_output_size, (1, 1, 1, 1), "padding"),
    (shapes.conv_transpose_output_size, (0, 3), "size must be at least 1"),
    (shapes.conv_transpose_output_size, (3, 0), "kernel_size"),
    (shapes.conv_output_size, (3, 3, 0), "stride"),
    (shapes.conv_output_size, (3, 3, 1, -1), "padding"),
    (shapes.conv_output_size, (3, 3, 1, 0, 0), "dilation"),
    (shapes.conv_output_size, (2, 3), "kernel_size"),
    (shapes.conv_output_size, (0, 1), "size must be at least 1"),
    (shapes.conv_output_size, (3, 0), "kernel_size"),
])
def test_size_errors_name_the_parameter_and_torch_agrees(fn, args, word):
    torch_fn = torch_transpose_size if fn is shapes.conv_transpose_output_size else torch_conv_size
    assert torch_fn(*args) is None, "torch accepts this call, so it is not an error case"
    with pytest.raises(ValueError, match=word):
        fn(*args)


# ================================================================ formula strings

def _evaluate(formula):
    """Evaluate the left-hand side of a formula string with plain Python arithmetic."""
    lhs = formula.rsplit("=", 1)[0]
    expr = lhs.replace("·", "*").replace("−", "-").replace("⌊", "((").replace("⌋", "))").replace("/", "//")
    assert re.fullmatch(r"[0-9+\-*/() ]+", expr), f"unexpected characters in {lhs!r}"
    return eval(expr)  # noqa: S307 - digits and operators only (checked above)


@prop(200)
@given(st.integers(1, 9), st.integers(1, 5), st.integers(1, 4), st.integers(0, 5), st.integers(1, 3), st.data())
def test_conv_transpose_formula_is_consistent(size, k, s, p, d, data):
    op = data.draw(st.integers(0, max(s, d) - 1))
    expected = torch_transpose_size(size, k, s, p, op, d)
    if expected is None:
        with pytest.raises(ValueError):
            shapes.conv_transpose_formula(size, k, s, p, op, d)
        return
    f = shapes.conv_transpose_formula(size, k, s, p, op, d)
    assert int(f.rsplit("=", 1)[1]) == expected
    assert _evaluate(f) == expected
    numbers = [int(n) for n in re.findall(r"\d+", f.rsplit("=", 1)[0])]
    for v in (size, k, s, p, op, d):
        assert v in numbers
    assert numbers == [size, 1, s, 2, p, d, k, 1, op, 1]  # in the documented order


@prop(200)
@given(st.integers(1, 12), st.integers(1, 5), st.integers(1, 4), st.integers(0, 4), st.integers(1, 3))
def test_conv_output_formula_is_consistent(size, k, s, p, d):
    expected = torch_conv_size(size, k, s, p, d)
    if expected is None:
        with pytest.raises(ValueError):
            shapes.conv_output_formula(size, k, s, p, d)
        return
    f = shapes.conv_output_formula(size, k, s, p, d)
    assert int(f.rsplit("=", 1)[1]) == expected
    assert _evaluate(f) == expected
    numbers = [int(n) for n in re.findall(r"\d+", f.rsplit("=", 1)[0])]
    assert numbers == [size, 2, p, d, k, 1, 1, s, 1]


def test_formula_examples_from_the_docstrings():
    assert shapes.conv_transpose_formula(2, 2) == "(2 − 1)·1 − 2·0 + 1·(2 − 1) + 0 + 1 = 3"
    assert shapes.conv_output_formula(16, 5, 3, 2) == "⌊(16 + 2·2 − 1·(5 − 1) − 1) / 3⌋ + 1 = 6"
    assert torch_transpose_size(2, 2) == 3 and torch_conv_size(16, 5, 3, 2) == 6


# ================================================================ the inverse: conv_input_sizes, output_padding_for

@prop(150)
@given(st.integers(1, 8), st.integers(1, 5), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3))
def test_conv_input_sizes_are_exactly_the_preimages(out, k, s, p, d):
    listed = shapes.conv_input_sizes(out, k, s, p, d)
    sizes = [n for n, _ in listed]
    assert sizes == sorted(set(sizes))
    for n, op in listed:
        assert torch_conv_size(n, k, s, p, d) == out
        # ConvTranspose2d with the same parameters and that output_padding gives n back
        assert torch_transpose_size(out, k, s, p, op, d) == n
    # brute force: nothing else in a generous range maps to `out`
    span = d * (k - 1) + 1
    upper = (out + 2) * s + span + 2 * p + 5
    preimages = [n for n in range(1, upper) if torch_conv_size(n, k, s, p, d) == out]
    assert sizes == preimages
    assert len(sizes) <= s


def test_conv_input_sizes_seed_example():
    """k=5, p=2, s=3: 16, 17 and 18 all give 6 (the seed's shape-inverse example uses 16)."""
    assert [torch_conv_size(n, 5, 3, 2) for n in (15, 16, 17, 18, 19)] == [5, 6, 6, 6, 7]
    assert [torch_transpose_size(6, 5, 3, 2, op) for op in (0, 1, 2)] == [16, 17, 18]
    assert shapes.conv_input_sizes(6, 5, 3, 2) == [(16, 0), (17, 1), (18, 2)]


def test_conv_input_sizes_is_empty_when_nothing_maps_there():
    # k=1, p=3: even a 1-long input comes out 7 long, so no input gives 1
    assert all(torch_conv_size(n, 1, 1, 3) != 1 for n in range(1, 20))
    assert shapes.conv_input_sizes(1, 1, 1, 3) == []


@pytest.mark.parametrize("args, word", [((0, 3), "output_size"), ((3, 0), "kernel_size"),
                                        ((3, 3, 0), "stride"), ((3, 3, 1, -1), "padding"),
                                        ((3, 3, 1, 0, 0), "dilation")])
def test_conv_input_sizes_errors(args, word):
    with pytest.raises(ValueError, match=word):
        shapes.conv_input_sizes(*args)


def test_flux_64_32_63():
    """Encoder/decoder mismatch: 64 -> Conv(k3 s2 p1) -> 32 -> ConvT(k3 s2 p1) -> 63; output_padding=1 fixes it."""
    assert torch_conv_size(64, 3, 2, 1) == 32 == shapes.conv_output_size(64, 3, 2, 1)
    assert torch_transpose_size(32, 3, 2, 1) == 63 == shapes.conv_transpose_output_size(32, 3, 2, 1)
    assert shapes.output_padding_for(64, 3, 2, 1) == 1
    assert torch_transpose_size(32, 3, 2, 1, 1) == 64
    assert shapes.output_padding_for(63, 3, 2, 1) == 0


@prop(200)
@given(st.integers(1, 15), st.integers(1, 5), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3))
def test_output_padding_for_gives_the_size_back(size, k, s, p, d):
    out = torch_conv_size(size, k, s, p, d)
    if out is None:
        with pytest.raises(ValueError):
            shapes.output_padding_for(size, k, s, p, d)
        return
    op = shapes.output_padding_for(size, k, s, p, d)
    assert 0 <= op < s
    assert torch_transpose_size(out, k, s, p, op, d) == size


# ================================================================ as_pair and the check_* helpers

@pytest.mark.parametrize("value, pair", [(3, (3, 3)), ((3,), (3, 3)), ((2, 5), (2, 5)), ([2, 5], (2, 5)),
                                         (np.int64(4), (4, 4)), ((np.int32(1), 2), (1, 2)),
                                         (np.array([2, 3]), (2, 3)), (np.array(2), (2, 2)), (0, (0, 0)), (-1, (-1, -1))])
def test_as_pair_accepts_torch_spellings(value, pair):
    got = shapes.as_pair(value, "stride")
    assert got == pair and all(type(v) is int for v in got)


@pytest.mark.parametrize("value", [(1, 2, 3), (), [], 2.5, (2.5, 1), (2, 1.0), True, (True, 1), "2", "ab", None,
                                   {"h": 1}, object(), np.array(2.0), np.array([[1, 2]])])
def test_as_pair_errors_name_the_parameter(value):
    with pytest.raises(ValueError, match="^dilation must be"):
        shapes.as_pair(value, "dilation")


def test_as_pair_torch_agrees_on_the_refusals():
    x, w = torch.zeros(1, 1, 4, 4), torch.zeros(1, 1, 2, 2)
    for value in [(1, 2, 3), (), 2.5, (2.5, 1), True, "2", None]:
        with pytest.raises((TypeError, RuntimeError, ValueError)):
            F.conv_transpose2d(x, w, stride=value)


@pytest.mark.parametrize("value", [2, 0, -3, np.int64(5)])
def test_as_int(value):
    assert shapes.as_int(value, "groups") == int(value)


@pytest.mark.parametrize("value", [1.0, True, "1", (1,), None])
def test_as_int_errors(value):
    with pytest.raises(ValueError, match="^groups must be an int"):
        shapes.as_int(value, "groups")


@prop(200)
@given(st.tuples(st.integers(-1, 3), st.integers(-1, 3)), st.tuples(st.integers(-1, 3), st.integers(-1, 3)),
       st.tuples(st.integers(-1, 3), st.integers(-1, 3)), st.tuples(st.integers(-1, 3), st.integers(-1, 3)))
def test_check_transpose_params_refuses_like_torch(s, p, op, d):
    try:
        F.conv_transpose2d(torch.zeros(1, 1, 4, 4), torch.zeros(1, 1, 3, 3), stride=s, padding=p,
                           output_padding=op, dilation=d)
        torch_ok = True
    except RuntimeError as e:
        torch_ok = "Output size is too small" in str(e)  # a size problem, not a parameter problem
    try:
        shapes.check_transpose_params(s, p, op, d)
        ours_ok = True
    except ValueError:
        ours_ok = False
    assert ours_ok == torch_ok


@prop(150)
@given(st.tuples(st.integers(-1, 3), st.integers(-1, 3)), st.tuples(st.integers(-1, 3), st.integers(-1, 3)),
       st.tuples(st.integers(-1, 3), st.integers(-1, 3)))
def test_check_conv_params_refuses_like_torch(s, p, d):
    try:
        F.conv2d(torch.zeros(1, 1, 9, 9), torch.zeros(1, 1, 2, 2), stride=s, padding=p, dilation=d)
        torch_ok = True
    except RuntimeError:
        torch_ok = False
    try:
        shapes.check_conv_params(s, p, d)
        ours_ok = True
    except ValueError:
        ours_ok = False
    assert ours_ok == torch_ok


def test_check_messages_say_what_is_valid():
    with pytest.raises(ValueError, match=r"output_padding.*0 to 1"):
        shapes.check_transpose_params((2, 2), (0, 0), (2, 0), (1, 1))
    with pytest.raises(ValueError, match=r"stride.*w axis"):
        shapes.check_conv_params((1, 0), (0, 0), (1, 1))
    assert math.isfinite(shapes.conv_output_size(5, 3))  # sanity: a valid call returns a number


@prop(200)
@given(st.integers(1, 8), st.integers(1, 5), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3))
def test_max_transpose_padding_is_the_largest_torch_accepts(size, k, s, op, d):
    if op >= max(s, d):
        return  # output_padding itself is invalid here; covered by the parity tests
    p = shapes.max_transpose_padding(size, k, s, op, d)
    assert torch_transpose_size(size, k, s, p, op, d) is not None
    assert torch_transpose_size(size, k, s, p + 1, op, d) is None


# ---------------------------------------------------------------- floats and bools refused everywhere

ONE_AXIS = [
    (shapes.conv_transpose_output_size, dict(size=4, kernel_size=3, stride=2, padding=1, output_padding=1,
                                             dilation=1)),
    (shapes.conv_output_size, dict(size=4, kernel_size=3, stride=2, padding=1, dilation=1)),
    (shapes.max_transpose_padding, dict(size=4, kernel_size=3, stride=2, output_padding=1, dilation=1)),
    (shapes.output_padding_for, dict(size=4, kernel_size=3, stride=2, padding=1, dilation=1)),
    (shapes.conv_transpose_formula, dict(size=4, kernel_size=3, stride=2, padding=1, output_padding=1,
                                         dilation=1)),
    (shapes.conv_output_formula, dict(size=4, kernel_size=3, stride=2, padding=1, dilation=1)),
    (shapes.conv_input_sizes, dict(output_size=2, kernel_size=3, stride=2, padding=1, dilation=1)),
]


@pytest.mark.parametrize("func, args", ONE_AXIS, ids=[f.__name__ for f, _ in ONE_AXIS])
def test_one_axis_functions_refuse_floats_and_bools_naming_the_parameter(func, args):
    """Every parameter of every one-axis function refuses 2.0 and True like torch (and like conv_transpose2d:
    a size function that returned 9.0 for stride=2.0 would teach a shape torch refuses)."""
    func(**args)  # the int version works
    for name, value in args.items():
        for bad in (float(value), True if value != 1 else False):
            with pytest.raises(ValueError, match=rf"^{name} must be an int"):
                func(**{**args, name: bad})
    # torch refuses the float stride too
    with pytest.raises(TypeError):
        F.conv_transpose2d(torch.zeros(1, 1, 4, 1), torch.zeros(1, 1, 3, 1), stride=2.0)


def test_numpy_integers_still_accepted():
    assert shapes.conv_transpose_output_size(np.int64(4), np.int32(3), stride=np.int64(2)) == 9
    assert type(shapes.conv_transpose_output_size(np.int64(4), 3)) is int


def test_too_much_padding_names_the_transposed_convolution():
    with pytest.raises(ValueError, match="padding=3 is too large for the transposed convolution"):
        shapes.conv_transpose_output_size(2, 1, stride=5, padding=3)


# ---------------------------------------------------------------- golden refusals (tests/golden/sentences.toml)

from golden import expected, params, shown  # noqa: E402

GOLDEN = {
    # a 5-wide kernel over 2 cells needs ceil(3 / 2) = 2 padding, not floor = 1
    "kernel_too_large": lambda: shapes.conv_output_size(2, 5),
    "kernel_too_large_dilated": lambda: shapes.conv_output_size(3, 3, dilation=2),
    "padding_too_large": lambda: shapes.conv_transpose_output_size(2, 2, 1, 2),
    "padding_too_large_output_padding": lambda: shapes.conv_transpose_output_size(2, 2, 2, 3, 1),
    "size_zero": lambda: shapes.conv_output_size(0, 3),
    "output_size_zero": lambda: shapes.conv_input_sizes(0, 3),
}


@pytest.mark.parametrize("name, language", params(GOLDEN, "shapes"))
def test_golden_refusal(name, language):
    """Each refusal a student meets, word for word (the advice's numbers included), in both languages."""
    assert shown(GOLDEN[name], language) == expected("shapes")[name][language]
