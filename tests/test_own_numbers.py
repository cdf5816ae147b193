"""Tests for ``OwnNumbersExplorer`` (helpers/explorers/scatter.py): the reader's own X and K, typed in two boxes.

* ``parse_rows``: what a student types ("1 2; 3 4", new lines, commas, "−1") becomes the array they
  meant; everything else is refused with a sentence naming the box and why.
* Sweep against torch: for typed arrays (square, rectangular, 1×1, decimals, negatives, the largest
  allowed) × every stride 1..4 × every output_padding × every padding the sliders allow, everything
  drawn equals torch's ``conv_transpose2d`` of the numbers the test typed, and the padding slider
  stops at the largest padding torch accepts.
* In JupyterLab (Chromium): type into the boxes of the last explorer in 01, press Enter, read the
  drawn numbers and compare them to torch; type ragged rows and read the sentence.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from helpers.explorers import OwnNumbersExplorer, parse_rows

from test_explorers_scatter import check_padding_bound, check_scatter_state, data_of  # noqa: E402

T = torch.float64
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "browser"

pytestmark = pytest.mark.usefixtures("plain_cpu_kernels")


def typed(a):
    """How a student types array ``a``: numbers by spaces, rows by '; '."""
    return "; ".join(" ".join(f"{v:g}" for v in row) for row in np.asarray(a))


def torch_out(X, K, **kw):
    return F.conv_transpose2d(torch.tensor(X, dtype=T)[None, None], torch.tensor(K, dtype=T)[None, None],
                              **kw)[0, 0].numpy()


# ---------------------------------------------------------------- what a student types

@pytest.mark.parametrize("text, expected", [
    ("1 2; 3 4", [[1, 2], [3, 4]]),
    ("1,2;3,4", [[1, 2], [3, 4]]),
    ("1 2\n3 4\n", [[1, 2], [3, 4]]),
    ("  −1.5 2 ; 3 -4;", [[-1.5, 2], [3, -4]]),
    ("7", [[7]]),
    ("1 2 3", [[1, 2, 3]]),
])
def test_parse_rows_reads_what_was_typed(text, expected):
    got = parse_rows(text, "X rows", 6)
    assert got.dtype == float
    np.testing.assert_array_equal(got, np.array(expected, dtype=float))


@pytest.mark.parametrize("text, why", [
    ("", "is empty"),
    ("   ;  ", "is empty"),
    ("1 2; 3", "row 2 has 1 number but row 1 has 2 numbers"),
    ("1 two", "'two' in row 1 is not a number"),
    ("1;;2", "row 2 is empty"),
    ("inf 1", "not a finite number"),
    ("1 nan", "not a finite number"),
    ("1000", "outside −999 … 999"),
    ("1 2 3 4 5", "1 rows × 5 columns is more than 4 × 4"),
    ("1; 2; 3; 4; 5", "5 rows × 1 columns is more than 4 × 4"),
])
def test_parse_rows_refuses_with_the_box_and_why(text, why):
    with pytest.raises(ValueError) as err:
        parse_rows(text, "K rows", 4)
    assert str(err.value).startswith("K rows") and why in str(err.value), str(err.value)


# ---------------------------------------------------------------- sweep against torch

ARRAYS = [  # (X, K) as a student might type them
    ([[0, 1], [2, 3]], [[4, 7], [2, 2]]),                      # the seed's numbers
    ([[5]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]]),                 # one element: the kernel itself
    ([[1, 2, 3], [4, 5, 6]], [[1, -1], [0.5, 2]]),              # rectangular, decimals, negatives
    ([[1, -2, 3]], [[2], [1]]),                                 # one row, a column kernel
    (np.arange(36).reshape(6, 6) - 17.5, np.arange(16).reshape(4, 4) / 4 - 2),   # the largest allowed
]


@pytest.mark.parametrize("index", range(len(ARRAYS)))
def test_sweep_matches_torch(index):
    """Every stride × output_padding × padding the sliders offer draws torch's numbers for the typed arrays."""
    X, K = (np.asarray(a, dtype=float) for a in ARRAYS[index])
    e = OwnNumbersExplorer(typed(X), typed(K))
    states = []
    for s in range(1, 5):
        e.set(stride=s, output_padding=0, padding=0)
        assert e.sliders["output_padding"].max == s - 1
        for op in range(0, s):
            e.set(output_padding=op, padding=0)
            check_padding_bound(e)
            for p in range(0, e.sliders["padding"].max + 1):
                e.set(padding=p)
                x, w = data_of(e)
                np.testing.assert_array_equal(x[0], X)          # the numbers the test typed, unchanged
                np.testing.assert_array_equal(w[0, 0], K)
                np.testing.assert_allclose(e.output, torch_out(X, K, stride=s, padding=p, output_padding=op),
                                           atol=1e-12)
                check_scatter_state(e, states)
    assert len(states) >= 12


def test_typing_into_the_boxes_redraws_and_bad_text_shows_a_sentence():
    e = OwnNumbersExplorer(stride=2, padding=1)
    e.x_rows = "1 2 3; 4 5 6; 7 8 9"                           # what the browser sends after Enter
    e.k_rows = "1 0 -1; 2 0 -2; 1 0 -1"
    np.testing.assert_allclose(e.output, torch_out([[1, 2, 3], [4, 5, 6], [7, 8, 9]],
                                                   [[1, 0, -1], [2, 0, -2], [1, 0, -1]], stride=2, padding=1))
    check_scatter_state(e, [])
    check_padding_bound(e)
    from html import unescape
    from helpers.captions import own_numbers_hint
    assert unescape(e.above).count(own_numbers_hint()) == 1, "how to type, above the formula"
    for box, text, why in [("x_rows", "1 2; 3", "X rows: row 2 has 1 number"),
                           ("k_rows", "1 a", "K rows: 'a' in row 1 is not a number"),
                           ("k_rows", "1 2 3 4 5", "K rows: 1 rows × 5 columns is more than 4 × 4"),
                           ("x_rows", "", "X rows is empty")]:
        good = getattr(e, box)
        e.sliders[box].value = text
        assert e.message.startswith(why) and e.output is None, e.message
        assert e.below == e.above == e.sentence == ""     # nothing stale beside the sentence
        assert "Traceback" not in e.svg and "tconv-message" in e.svg
        e.sliders[box].value = good
        assert e.message == "" and e.output is not None
    # a smaller X lowers the padding bound; the padding clamps to a value torch accepts
    e.set(padding=e.sliders["padding"].max)
    e.x_rows = "3"
    check_padding_bound(e)
    check_scatter_state(e, [])


def test_unusable_text_keeps_the_sliders_where_they_are():
    """New behaviour (helpers/explorers/scatter.py ``OwnNumbersExplorer._control``): while a box holds text
    that cannot be used, nothing needs the numbers moves: padding (and the copies and picked cell) cannot
    grow beyond where they are, stride and output_padding keep their fixed bounds; good text draws the
    state again, clamped to what torch accepts for the new numbers."""
    e = OwnNumbersExplorer("1 2 3; 4 5 6; 7 8 9", "1 1; 1 1", stride=2, padding=1)
    before = e.state
    e.k_rows = "1 2; 3"
    assert e.message.startswith("K rows") and e.state == {**before, "k_rows": "1 2; 3"}, "nothing else moved"
    assert (e.sliders["padding"].min, e.sliders["padding"].max) == (0, 1)
    with pytest.raises(ValueError, match="padding=2 is outside"):
        e.set(padding=2)
    e.set(padding=0)                               # down is fine
    assert e.sliders["padding"].max == 0
    assert (e.sliders["stride"].min, e.sliders["stride"].max) == (1, 4)
    e.set(stride=4, output_padding=3)
    assert e.sliders["output_padding"].max == 3
    e.k_rows = "1 1; 1 1"                          # usable again: drawn, within torch's bounds
    assert e.message == "" and (e.stride, e.output_padding, e.padding) == (4, 3, 0)
    check_scatter_state(e, [])
    check_padding_bound(e)


def test_set_with_bad_text_changes_nothing():
    e = OwnNumbersExplorer("1 2; 3 4", "1 1; 1 1", stride=2)
    before = repr(e), e.svg
    with pytest.raises(ValueError, match="K rows: row 2 has 1 number.*Nothing was changed"):
        e.set(x_rows="9 9 9", k_rows="1 2; 3", stride=3)
    assert (repr(e), e.svg) == before
    with pytest.raises(ValueError, match="x_rows is a text box"):
        e.set(x_rows=[[1, 2]])
    e.set(x_rows="1 2 3", stride=3, output_padding=2)
    np.testing.assert_allclose(e.output, torch_out([[1, 2, 3]], [[1, 1], [1, 1]], stride=3, output_padding=2))


@pytest.mark.parametrize("kwargs, name", [
    (dict(x="1 2; 3"), "X rows"),
    (dict(weight="a"), "K rows"),
    (dict(stride=0), "stride"),
    (dict(output_padding=1), "output_padding"),
    (dict(padding=2), "padding"),
])
def test_invalid_construction_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        OwnNumbersExplorer(**kwargs)


def test_letters_stay_unique_at_the_largest_input():
    """36 elements (6×6), 8 colours: every input cell's letter differs; the picture says colours repeat."""
    e = OwnNumbersExplorer(typed(np.arange(36).reshape(6, 6)), "1")
    letters = re.findall(r'<g class="x"[^>]*>.*?<text class="tag"[^>]*>([a-z]+)</text>', e.svg)
    assert len(letters) == 36 and len(set(letters)) == 36
    note = " ".join(re.findall(r'<text class="cap"[^>]*>([^<]*)</text>', e.svg))   # its lines, wherever they wrap
    assert "colours repeat, the letters never do" in note


# ---------------------------------------------------------------- in JupyterLab, typed as a reader types

def _live(ex):
    """The live explorer's state (``data-state``) and the numbers it drew (``data-output``)."""
    import json
    output = ex.locator(".tconv-picture-box").get_attribute("data-output")
    return json.loads(ex.get_attribute("data-state")), (json.loads(output) if output else None)


def _type(page, ex, name, text):
    """Type ``text`` into the box ``name`` ("x_rows" or "k_rows"), press Enter, wait for the redraw."""
    before = ex.get_attribute("data-state")
    field = ex.locator(f".tconv-control[data-name={name}] input")
    field.fill(text)
    field.press("Enter")
    page.wait_for_function("([el, b]) => el.dataset.state !== b", arg=[ex.element_handle(), before], timeout=15_000)


def _check_against_torch(ex, X, K):
    """The drawn output equals torch's for the typed X and K and the sliders' values; padding stops where torch does."""
    state, output = _live(ex)
    X, K = np.asarray(X, float), np.asarray(K, float)
    s, p, op = state["stride"], state["padding"], state["output_padding"]
    expected = torch_out(X, K, stride=s, padding=p, output_padding=op)
    np.testing.assert_allclose(np.asarray(output, float), expected, atol=1e-9)
    assert state["step"] == X.size
    pmax = int(ex.locator(".tconv-control[data-name=padding] input").get_attribute("max"))
    torch_out(X, K, stride=s, padding=pmax, output_padding=op)
    with pytest.raises(RuntimeError):
        torch_out(X, K, stride=s, padding=pmax + 1, output_padding=op)
    return state


@pytest.mark.browser
def test_typed_numbers_in_jupyterlab(lab, browser):
    from tools.labserver import open_and_run_all
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        open_and_run_all(page, lab.url("notebooks/01_basic_operation.ipynb"))
        ex = page.locator(".tconv-live.tconv-own-numbers").last
        ex.scroll_into_view_if_needed()
        _check_against_torch(ex, [[0, 1], [2, 3]], [[4, 7], [2, 2]])      # the seed's numbers first
        X, K = [[1, 2, 3], [4, 5, 6]], [[1, 0], [0.5, -1]]
        _type(page, ex, "x_rows", "1 2 3; 4 5 6")
        _type(page, ex, "k_rows", "1, 0; 0.5 −1")
        ex.scroll_into_view_if_needed()
        ex.screenshot(path=str(SHOTS / "own_numbers_typed.png"))
        assert ex.locator(".tconv-message").count() == 0
        before = _check_against_torch(ex, X, K)
        # a slider move redraws with the typed numbers kept
        stride = ex.locator(".tconv-control[data-name=stride] input")
        old = ex.get_attribute("data-state")
        stride.focus()
        stride.press("ArrowRight")
        page.wait_for_function("([el, b]) => el.dataset.state !== b", arg=[ex.element_handle(), old], timeout=15_000)
        after = _check_against_torch(ex, X, K)
        assert after["stride"] == before["stride"] + 1
        # ragged rows: a sentence naming the box, never a traceback; then good text draws again
        _type(page, ex, "x_rows", "1 2; 3")
        message = ex.locator(".tconv-message")
        assert message.count() == 1
        text = message.inner_text()
        assert text.startswith("X rows: row 2 has 1 number but row 1 has 2 numbers"), text
        assert "Traceback" not in page.locator(".jp-Notebook").inner_text()
        assert ex.locator(".tconv-readout").count() == 0                         # no stale sum beside it
        ex.screenshot(path=str(SHOTS / "own_numbers_ragged.png"))
        _type(page, ex, "x_rows", "3")
        _check_against_torch(ex, [[3]], K)
        assert not errors, errors
    finally:
        context.close()


def _dejavu():
    """DejaVu Sans (the SVG's first font) as matplotlib ships it, to measure text independently of svg.py."""
    from matplotlib import font_manager
    from PIL import ImageFont
    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"), fallback_to_default=False)
    return lambda text, size: ImageFont.truetype(path, size).getlength(text)


@pytest.mark.parametrize("x, k", [
    (" ; ".join(" ".join(["999", "-999"] * 3) for _ in range(6)), "; ".join(["999 999 999 999"] * 4)),
    ("-999 999; 999 -999", "999 -999; -999 999"),
    ("999", "-999"),
])
def test_every_number_fits_its_cell(x, k):
    """Values up to ±999 give sums of 8 digits: each cell's number, measured in DejaVu Sans at the font
    size the SVG gives it, is narrower than its cell (it used to spill over into its neighbours)."""
    import xml.etree.ElementTree as ET
    width_of = _dejavu()
    e = OwnNumbersExplorer(x=x, weight=k)
    assert e.message == ""
    X, K = parse_rows(x, "x", 6), parse_rows(k, "k", 4)
    np.testing.assert_allclose(e.output, torch_out(X, K), atol=1e-9)
    root = ET.fromstring(e.svg)
    ns = root.tag[:-3]
    checked = 0
    for g in root.iter(ns + "g"):
        rects = [r for r in g.findall(ns + "rect") if r.get("stroke") == "#666"]
        texts = [t for t in g.findall(ns + "text") if t.get("class") == "v"]
        if rects and texts and texts[0].text:
            text, size = texts[0].text, float(texts[0].get("font-size"))
            assert size >= 10, (text, size)
            assert width_of(text, size) <= float(rects[0].get("width")) - 2, (text, size, rects[0].get("width"))
            checked += 1
    assert checked == X.size + K.size + e.output.size


@pytest.mark.parametrize("x, k, pick, exact", [
    ("999 0; 0 0", "-999", (0, 0), "\u2212998001 = 999·(\u2212999)"),
    ("-999 0; 0 0", "-999", (0, 0), "998001 = (\u2212999)·(\u2212999)"),
    ("0.125 0.125; 0.375 0.5", "0.5 0.5; 0.5 0.5", (1, 1), "0.5625 = 0.125·0.5 + 0.125·0.5 + 0.375·0.5 + 0.5·0.5"),
    ("0.125", "0.5", (0, 0), "0.0625 = 0.125·0.5"),
])
def test_sums_show_negatives_in_parentheses_and_add_up(x, k, pick, exact):
    """A negative factor is written (−999) with a true minus; rounded terms used to break the sum
    (0.125·0.5 shown as 0.13·0.5 = 0.06): the shown terms must add up exactly to the shown total, which is
    torch's value."""
    from decimal import Decimal
    e = OwnNumbersExplorer(x=x, weight=k)
    e.set(row=pick[0], col=pick[1])
    assert e.sentence == exact
    total, terms = e.sentence.replace("\u2212", "-").split(" = ")
    products = [[Decimal(f.strip("()")) for f in t.split("·")] for t in terms.split(" + ")]
    assert sum(a * b for a, b in products) == Decimal(total)
    X, K = parse_rows(x, "x", 6), parse_rows(k, "k", 4)
    assert float(total) == pytest.approx(float(torch_out(X, K)[pick]), abs=1e-12)
    assert "-" not in e.sentence and "·\u2212" not in e.sentence
