"""Tests for helpers/explorers/shape.py's ``ShapeExplorer`` (05): Conv2d then ConvTranspose2d on one axis.

Swept over sizes {1, 2, 3, 5, 8, 16, 17, 18, 70} × kernel 1..7 × stride 1..5 × padding 0..4 × dilation 1..3
× every output_padding, moved as the browser moves the controls: every size, family table and verdict
against ``nn.Conv2d`` / ``nn.ConvTranspose2d``, and every state torch refuses shown as a sentence.
"""
from __future__ import annotations

import functools
import itertools
import re
from html import escape, unescape

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from helpers.explorers import ShapeExplorer
from helpers.explorers.shape import RANGES

pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")

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
                    assert escape(e.message) in e.svg
                    assert "Traceback" not in e.svg and "Error" not in e.message
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
                check_shape_html(e.svg, n, m, back, k, s, p, d)
    print(f"ShapeExplorer sweep: {states} states ({invalid} where torch refuses)")
    assert states > 10000 and invalid > 0



def test_shape_explorer_says_which_layer_refuses():
    """n=1, k=1, s=5, p=3: Conv2d gives m=2 (torch), the transposed convolution back has nothing left."""
    assert nn.Conv2d(1, 1, 1, stride=5, padding=3)(torch.zeros(1, 1, 1, 1)).shape[-1] == 2
    with pytest.raises(RuntimeError):
        nn.ConvTranspose2d(1, 1, 1, stride=5, padding=3)(torch.zeros(1, 1, 2, 2))
    e = ShapeExplorer(size=1, kernel_size=1, stride=5, padding=3)
    assert e.output is None
    assert "Conv2d accepts" in e.message and "m = 2" in e.message
    assert "ConvTranspose2d back" in e.message and "padding=3 is too large for the transposed convolution" in e.message


def test_05_refusal_names_the_parameter_that_causes_it():
    """Kernel 3 fits a length-5 input, only dilation 3 makes it span 7 > 5, so the message names
    dilation (not "a smaller kernel")."""
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


@pytest.mark.parametrize("name", sorted(RANGES))
def test_constructor_refuses_a_value_outside_its_control(name):
    """New behaviour (helpers/explorers/shape.py): a constructor value torch accepts but the control cannot
    show (e.g. ``size=71``) is refused with the control's range; the ipywidgets explorer widened the slider
    instead. The largest value each control offers is still accepted."""
    lo, hi = RANGES[name]
    top = {"output_padding": dict(stride=5, output_padding=4)}.get(name, {name: hi})
    ShapeExplorer(**top)
    beyond = {"output_padding": dict(stride=5, dilation=1, output_padding=5)}.get(name, {name: hi + 1})
    with pytest.raises(ValueError, match=name):
        ShapeExplorer(**beyond)
    assert ShapeExplorer(**top).sliders[name].max == hi


def test_output_padding_follows_stride_and_dilation():
    e = ShapeExplorer(stride=3, output_padding=2)
    assert e.sliders["output_padding"].max == 2
    e.sliders["stride"].value = 1
    assert e.output_padding == 0 and e.sliders["output_padding"].max == 0
    e.sliders["dilation"].value = 3
    assert e.sliders["output_padding"].max == 2 and e.output_padding == 0
