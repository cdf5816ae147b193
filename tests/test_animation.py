"""The animated explorers of 07 (C·vec(X) row by row) and 08 (the sliding window): every step against torch.

Sweeps: ``helpers.stepping`` and both explorers over a grid of parameters, every step of every
animation, compared with what torch computes (``F.conv2d`` for C and Conv2d's output,
``F.conv_transpose2d`` for 08's output, the padded input built with torch ops). Controls: the step
control's bounds follow the others and ``step_by`` (what the browser's Play and ◀ / ▶ do) clamps to them,
bad input gets a sentence naming the parameter. In the browser (JupyterLab, conftest's ``lab``/``browser``): step ▶ and Play move the
animation (data-state) and the highlighted output value equals torch's for the state; the same mid-play in
the slideshow at 1280×720. Screenshots go to artifacts/animation/ (git-ignored).
"""
from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from conftest import T, tt
from helpers import stepping
from helpers.explorers import (PLAY_INTERVAL, MatrixStepExplorer, SlidingWindowExplorer, example_input,
                             example_kernel)

NS = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "animation"


def torch_C(K, n, s, p):
    """C with vec(conv2d(X, K)) = C vec(X), column by column from torch (conv2d of each basis image)."""
    k = K.shape[0]
    basis = torch.eye(n * n, dtype=T).reshape(n * n, 1, n, n)
    return F.conv2d(basis, tt(K).reshape(1, 1, k, k), stride=s, padding=p).reshape(n * n, -1).T.numpy()


def torch_padded(x, k, s, p, op):
    """08's prepared input with torch: a 1×1 transposed conv of stride s inserts the zeros, F.pad pads."""
    xd = F.conv_transpose2d(tt(x)[None, None], torch.ones(1, 1, 1, 1, dtype=T), stride=s)
    q = k - 1 - p
    return F.pad(xd, (q, q + op, q, q + op))[0, 0].numpy()


def classes(node):
    return (node.get("class") or "").split()


def svg_cells(root, cls):
    """{(r, c): text of text.v} for every ``<g class=cls>``."""
    out = {}
    for g in root.iter(NS + "g"):
        if cls in classes(g):
            v = next((t.text or "" for t in g.iter(NS + "text") if "v" in classes(t)), "")
            out[(int(g.get("data-r")), int(g.get("data-c")))] = v
    return out


def rects(root, cls):
    return [r for r in root.iter(NS + "rect") if cls in classes(r)]


def caption(root):
    return " ".join(" ".join(t.text for t in root.iter(NS + "text") if "cap" in classes(t) and t.text)
                    .replace("\u00a0", " ").split())


def pairs(text):
    """"4·3 + 7·4" → [(4.0, 3.0), (7.0, 4.0)]."""
    return [(float(a), float(b)) for a, b in re.findall(r"(-?[\d.]+)·(-?[\d.]+)", text)]


# ---------------------------------------------------------------- stepping, against torch

MATRIX_GRID = [(n, k, s, p) for n, k, s in itertools.product(range(2, 6), range(1, 4), range(1, 4))
               for p in range(max(0, -(-(k - n) // 2)), k)]


@pytest.mark.parametrize(("n", "k", "s", "p"), MATRIX_GRID)
def test_matrix_row_step_every_row(n, k, s, p):
    rng = np.random.default_rng(n * 100 + k * 10 + s + p)
    x = rng.integers(-4, 5, (n, n)).astype(float)
    K = rng.integers(1, 6, (k, k)).astype(float)
    C = torch_C(K, n, s, p)
    y = F.conv2d(tt(x)[None, None], tt(K)[None, None], stride=s, padding=p).flatten().numpy()
    from helpers.operations import conv_matrix
    for row in range(C.shape[0]):
        st = stepping.matrix_row_step(conv_matrix(K, (n, n), stride=s, padding=p), x.ravel(), row)
        assert st.value == pytest.approx(y[row])
        assert st.cols.tolist() == np.flatnonzero(C[row]).tolist()
        np.testing.assert_array_equal(st.coeffs, C[row][st.cols])
        np.testing.assert_array_equal(st.values, x.ravel()[st.cols])
        np.testing.assert_allclose(st.so_far[:row + 1], y[:row + 1])
        assert np.isnan(st.so_far[row + 1:]).all()


WINDOW_GRID = [(n, k, s, op) for n, k, s in itertools.product(range(1, 5), range(1, 5), range(1, 4))
               for op in range(s)]


@pytest.mark.parametrize(("n", "k", "s", "op"), WINDOW_GRID)
def test_window_step_every_position(n, k, s, op):
    rng = np.random.default_rng(n * 100 + k * 10 + s + op)
    x = rng.integers(-4, 5, (n, n)).astype(float)
    K = rng.integers(-3, 6, (k, k)).astype(float)
    flipped = torch.flip(tt(K), dims=(0, 1)).numpy()
    for p in range(k):
        try:
            y = F.conv_transpose2d(tt(x)[None, None], tt(K)[None, None], stride=s, padding=p,
                                   output_padding=op)[0, 0].numpy()
        except RuntimeError:
            continue      # torch refuses (output smaller than 1): the explorer's bounds never get here
        P = torch_padded(x, k, s, p, op)
        for pos in range(y.size):
            st = stepping.window_step(x, K, s, p, op, pos)
            r, c = divmod(pos, y.shape[1])
            assert (st.r, st.c, st.done) == (r, c, pos + 1)
            assert st.value == pytest.approx(y[r, c])
            np.testing.assert_array_equal(st.padded, P)
            np.testing.assert_array_equal(st.flipped, flipped)
            np.testing.assert_array_equal(st.window, P[r:r + k, c:c + k])
            np.testing.assert_allclose(st.products, P[r:r + k, c:c + k] * flipped)


def test_steps_refuse_bad_input_with_a_sentence():
    C = np.ones((4, 9))
    with pytest.raises(ValueError, match="row must be between 0 and 3"):
        stepping.matrix_row_step(C, np.arange(9), 4)
    with pytest.raises(ValueError, match="N = x.size = 8"):
        stepping.matrix_row_step(C, np.arange(8), 0)
    with pytest.raises(ValueError, match="position must be between 0 and 15"):
        stepping.window_step(np.ones((2, 2)), np.ones((2, 2)), 2, 0, 0, 16)


# ---------------------------------------------------------------- the explorers, every step

def check_matrix_step(e):
    v = e.params
    n, k, s, p, i = v["input_size"], v["kernel_size"], v["stride"], v["padding"], v["pick"]
    assert e.message == ""
    x, K = np.arange(n * n, dtype=float).reshape(n, n), example_kernel(1, 1, k)[0, 0]   # 07's X: arange at every size
    C = torch_C(K, n, s, p)
    y = F.conv2d(tt(x)[None, None], tt(K)[None, None], stride=s, padding=p)[0, 0].numpy()
    m = y.shape[1]
    root = ET.fromstring(e.svg)
    drawn = np.zeros(C.shape)
    for (r, c), text in svg_cells(root, "m").items():
        drawn[r, c] = float(text)
    np.testing.assert_array_equal(drawn, C)
    # the highlighted output cell: the row being computed, its value torch's
    (current,) = rects(root, "current")
    assert int(current.get("data-r")) == i
    assert float(current.get("data-value")) == pytest.approx(y.ravel()[i], abs=0.005)
    (row,) = rects(root, "row")
    assert int(row.get("data-r")) == i
    # the input cells it multiplies: framed above C's columns and in X
    framed = sorted(int(r.get("data-c")) for r in rects(root, "pick") if r.get("data-panel") == "xv")
    assert framed == np.flatnonzero(C[i]).tolist()
    xs = {(int(r.get("data-r")), int(r.get("data-c"))) for r in rects(root, "pick") if r.get("data-panel") is None
          and r.get("data-r") is not None}
    assert xs == {divmod(j, n) for j in framed} | {divmod(i, m)}     # X's framed cells and Y's current one
    # Y so far: rows 0..i computed (torch's values), the rest blank
    ys = svg_cells(root, "ys")
    for (r, c), text in ys.items():
        flat = r * m + c
        if flat <= i:
            assert float(text) == pytest.approx(y[r, c], abs=0.005)
        else:
            assert text == ""
    yv = svg_cells(root, "yv")
    assert [yv[(r, 0)] != "" for r in range(C.shape[0])] == [r <= i for r in range(C.shape[0])]
    # the sentence: C's entries times X's values, adding up to torch's output
    text = caption(root)
    assert text == " ".join(e.sentence.split())
    mm = re.search(rf"row {i} of C · vec\(X\) = (.*) = (-?[\d.]+), output cell Y\[(\d+), (\d+)\]", text)
    assert mm, text
    assert (int(mm[3]), int(mm[4])) == divmod(i, m)
    assert float(mm[2]) == pytest.approx(y.ravel()[i], abs=0.005)
    assert pairs(mm[1]) == [(C[i, j], x.ravel()[j]) for j in np.flatnonzero(C[i])]


def test_matrix_step_explorer_every_step_of_every_state():
    e = MatrixStepExplorer()
    states = 0
    for n, k, s, p in MATRIX_GRID:
        e.set(input_size=n, kernel_size=k, stride=s, padding=p, pick=0)
        rows = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), stride=s, padding=p).numel()
        assert (e.sliders["pick"].min, e.sliders["pick"].max) == (0, rows - 1)
        for i in range(rows):
            if i:
                e.step_by(1)
            assert e.sliders["pick"].value == i
            check_matrix_step(e)
            states += 1
        e.step_by(1)        # at the last row: stays there
        assert e.sliders["pick"].value == rows - 1
    print(f"MatrixStepExplorer: {states} steps")
    assert states > 500


def check_window_step(e):
    v = e.params
    n, k, s, p, op, pos = (v[name] for name in ("input_size", "kernel_size", "stride", "padding", "output_padding",
                                               "position"))
    assert e.message == ""
    x, K = example_input(1, n, n)[0], example_kernel(1, 1, k)[0, 0]
    y = F.conv_transpose2d(tt(x)[None, None], tt(K)[None, None], stride=s, padding=p,
                           output_padding=op)[0, 0].numpy()
    np.testing.assert_array_equal(e.output, y)
    P = torch_padded(x, k, s, p, op)
    flipped = torch.flip(tt(K), dims=(0, 1)).numpy()
    r, c = divmod(pos, y.shape[1])
    root = ET.fromstring(e.svg)
    # the output grid of (b): torch's value in every cell the window has reached (this step's included),
    # the cells after it still empty, the cells before this step shaded as done
    yb = {}
    for g in root.iter(NS + "g"):
        if "yb" in classes(g):
            rc = (int(g.get("data-r")), int(g.get("data-c")))
            yb[rc] = g.get("data-kind")
            text = next(t.text for t in g.iter(NS + "text") if "v" in classes(t))
            if rc[0] * y.shape[1] + rc[1] <= pos:
                assert float(text) == y[rc], (rc, text)
            else:
                assert not text, (rc, text)
    assert yb == {(a, b): ("done" if a * y.shape[1] + b < pos else "todo")
                  for a in range(y.shape[0]) for b in range(y.shape[1])}
    # the window: at (r, c) on the prepared input, every flipped tap written in it
    (window,) = rects(root, "window")
    padded = svg_cells(root, "p")
    np.testing.assert_array_equal([[float(padded[(a, b)]) for b in range(P.shape[1])] for a in range(P.shape[0])], P)
    frames = {(f.get("data-panel"), int(f.get("data-r")), int(f.get("data-c"))) for f in rects(root, "pick")}
    assert ("yb", r, c) in frames
    marks = {(int(t.get("data-r")), int(t.get("data-c"))): float(t.text[1:]) for t in root.iter(NS + "text")
             if "kf" in classes(t)}
    assert marks == {(a, b): flipped[a, b] for a in range(k) for b in range(k)}
    # the sentence: window values times flipped taps (input elements only), adding up to torch's value
    text = caption(root)
    assert text == " ".join(e.sentence.split())
    mm = re.search(rf"Step {pos + 1} of {y.size}: window at Y\[{r}, {c}\] = (.*?)(?: = (-?[\d.]+))?[;.]", text)
    assert mm, text
    where = torch_padded(np.ones((n, n)), k, s, p, op)     # 1 exactly where an input element sits
    expected = [(P[r + a, c + b], flipped[a, b]) for a in range(k) for b in range(k) if where[r + a, c + b] == 1]
    assert pairs(mm[1]) == expected
    value = float(mm[2]) if mm[2] else 0.0
    assert value == pytest.approx(y[r, c]) and sum(a * b for a, b in expected) == pytest.approx(y[r, c])
    zeros = k * k - len(expected)
    assert (f"other {zeros} tap" in text) == (zeros > 0)


def test_sliding_window_explorer_every_step_of_every_state():
    e = SlidingWindowExplorer()
    states = 0
    for n, k, s, op in WINDOW_GRID:
        e.set(input_size=n, kernel_size=k, stride=s, output_padding=op, position=0)
        for p in range(e.sliders["padding"].max + 1):
            e.set(padding=p, position=0)
            size = F.conv_transpose2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), stride=s, padding=p,
                                      output_padding=op).numel()
            assert (e.sliders["position"].min, e.sliders["position"].max) == (0, size - 1)
            if n != 2 or k == 4:    # else first, middle and last step (stepping itself is swept fully above)
                for pos in sorted({0, size // 2, size - 1}):
                    e.set(position=pos)
                    check_window_step(e)
                    states += 1
                continue
            for pos in range(size):     # every step, as the step ▶ button makes them (step_by(1))
                if pos:
                    e.step_by(1)
                assert e.sliders["position"].value == pos
                check_window_step(e)
                states += 1
            e.step_by(-1)               # ◀
            assert e.sliders["position"].value == max(size - 2, 0)
    print(f"SlidingWindowExplorer: {states} steps")
    assert states > 800


# ---------------------------------------------------------------- controls and bad input

def test_the_step_control_follows_the_bounds():
    """Play and ◀ / ▶ live in the browser (helpers/js/controls.js) and move the explorer's ``STEP`` control
    at ``PLAY_INTERVAL`` (from ``ctx``); in Python ``step_by`` moves it the same way, clamped to bounds
    that follow the other controls."""
    for e, name in ((MatrixStepExplorer(), "pick"), (SlidingWindowExplorer(), "position")):
        assert e.STEP == name and e.ctx["PLAY_INTERVAL"] == PLAY_INTERVAL >= 600
        e.set(input_size=2)
        top = e.sliders[name].max
        e.step_by(top + 3)
        assert e.sliders[name].value == top
        e.set(input_size=4)
        assert e.sliders[name].max > top and e.sliders[name].value == top
        e.step_by(100)
        assert e.sliders[name].value == e.sliders[name].max
        e.set(input_size=2)
        assert e.sliders[name].value == top, "the step clamps to the smaller range"
        e.step_by(-(top + 5))
        assert e.sliders[name].value == 0
        assert e.step is not None and e.message == ""


@pytest.mark.parametrize(("make", "match"), [
    (lambda: MatrixStepExplorer(input_size=9), "input_size must be between 2 and 5"),
    (lambda: MatrixStepExplorer(pick=4), "pick must be between 0 and 3"),
    (lambda: MatrixStepExplorer(stride=1.5), "stride"),
    (lambda: SlidingWindowExplorer(position=99), "position must be between 0 and 15"),
    (lambda: SlidingWindowExplorer(output_padding=2), "output_padding must be between 0 and 1"),
    (lambda: SlidingWindowExplorer(kernel_size="3"), "kernel_size"),
    (lambda: MatrixStepExplorer().set(pick=7), "pick=7 is outside its slider's current range 0..3"),
    (lambda: SlidingWindowExplorer().set(play=3), "'play' is not a control"),
    (lambda: SlidingWindowExplorer().step_by("two"), "delta"),
])
def test_bad_input_gets_a_sentence_naming_the_parameter(make, match):
    with pytest.raises(ValueError, match=re.escape(match)):
        make()


def test_random_walk_never_shows_an_error():
    rng = np.random.default_rng(12)
    for e in (MatrixStepExplorer(), SlidingWindowExplorer()):
        sliders = list(e.sliders.values())
        for _ in range(300):
            w = sliders[rng.integers(len(sliders))]
            w.value = int(rng.integers(w.min, w.max + 1))
            if rng.random() < 0.3:
                e.step_by(int(rng.integers(-3, 4)))
            assert e.message == "", e.message
            assert "Traceback" not in e.svg


# ---------------------------------------------------------------- in JupyterLab and in the slideshow

from tools.labserver import open_notebook, run_all  # noqa: E402

# what the animated explorer shows now: its state, and the output cell being produced
STATE_JS = """ex => {
  const state = JSON.parse(ex.dataset.state);
  const cur = ex.querySelector('rect.current');
  const pick = ex.querySelector('rect.pick[data-panel="yb"]');
  let value = null, r = null, c = null;
  if (cur) { r = +cur.dataset.r; value = cur.dataset.value; }
  if (pick) { r = +pick.dataset.r; c = +pick.dataset.c;
    const g = ex.querySelector(`g.yb[data-r="${r}"][data-c="${c}"] text.v`); value = g && g.textContent; }
  const play = ex.querySelector('button.tconv-play');
  return {state, r, c, value, done: ex.querySelectorAll('g.yb[data-kind="done"]').length,
          playing: !!play && play.getAttribute('aria-pressed') === 'true',
          caption: [...ex.querySelectorAll('text.cap')].map(t => t.textContent).join(' ')};
}"""


def step_name(state):
    """The control Play and ◀ / ▶ move: 07's output cell (row) ``pick``, 08's output cell ``position``."""
    return "pick" if "pick" in state else "position"


def torch_highlight(seen, step):
    """The value torch gives for the output cell the page highlights, from the explorer's state
    (``data-state``) and the step the picture says it shows."""
    v = seen["state"]
    n, k, s, p = v["input_size"], v["kernel_size"], v["stride"], v["padding"]
    x, K = tt(example_input(1, n, n)), tt(example_kernel(1, 1, k))
    if "pick" in v:        # 07: Conv2d's output, row `step` of C·vec(X), X = arange(n·n) at every size
        assert seen["r"] == step
        x = torch.arange(n * n, dtype=T).reshape(1, n, n)
        return F.conv2d(x[None], K, stride=s, padding=p).flatten()[step].item()
    y = F.conv_transpose2d(x[None], K, stride=s, padding=p, output_padding=v["output_padding"])[0, 0]
    assert (seen["r"], seen["c"]) == divmod(step, y.shape[1])
    assert seen["done"] == step
    return y[seen["r"], seen["c"]].item()


def read(ex):
    """One snapshot of the page: the picture shows the state's step (its caption says so), and the highlighted
    value equals torch's for it. The explorer draws before it tells the kernel, so even mid-play the frame on
    screen and ``data-state`` agree."""
    seen = ex.evaluate(STATE_JS)
    assert seen["value"] not in (None, ""), seen
    step = seen["state"][step_name(seen["state"])]
    assert int(re.search(r"Step (\d+) of", seen["caption"])[1]) - 1 == step, seen
    assert float(seen["value"]) == pytest.approx(torch_highlight(seen, step), abs=0.005), seen
    return seen


def at_step(page, ex, at_least):
    """Wait until the explorer's step is ``at_least`` or more."""
    page.wait_for_function(
        f"([el, n]) => {{ const s = JSON.parse(el.dataset.state); return s[s.pick === undefined ? 'position' : 'pick'] >= n; }}",
        arg=[ex.element_handle(), at_least], timeout=20_000)


def play_and_check(page, ex, shot):
    """step ▶ once, then Play for a few steps (stop mid-play), each time checking the highlighted value;
    ◀ steps back. The buttons work with no kernel round trip, so each click shows its step at once."""
    ex.scroll_into_view_if_needed()
    first = read(ex)
    name = step_name(first["state"])
    ex.locator("button.tconv-forward").click()
    stepped = read(ex)
    assert stepped["state"][name] == first["state"][name] + 1, "step ▶ did not move one step"
    ex.locator("button.tconv-play").click()                       # ▶ play
    assert ex.evaluate(STATE_JS)["playing"], "Play did not start"
    at_step(page, ex, stepped["state"][name] + 2)
    ex.screenshot(path=str(SHOTS / f"{shot}_midplay.png"))
    read(ex)                                                      # mid-play, the frame on screen is torch's
    if ex.evaluate(STATE_JS)["playing"]:                          # (at the last step Play stops by itself)
        ex.locator("button.tconv-play").click()                   # stop
    assert not ex.evaluate(STATE_JS)["playing"]
    page.wait_for_timeout(PLAY_INTERVAL + 500)
    played = read(ex)
    assert played["state"][name] >= stepped["state"][name] + 2
    page.wait_for_timeout(PLAY_INTERVAL + 200)
    assert read(ex)["state"][name] == played["state"][name], "Play kept going after stop"
    ex.locator("button.tconv-back").click()
    assert read(ex)["state"][name] == played["state"][name] - 1, "◀ step did not go back one step"
    assert not ex.evaluate("ex => ex.dataset.message"), "the explorer shows an error sentence"
    return played


ANIMATED = ["07_matrix_view.ipynb", "08_equivalent_convolution.ipynb"]
ANIMATED_EXPLORER = ".tconv-live:is(.tconv-matrix-explorer, .tconv-equivalent-explorer):has(button.tconv-play)"


@pytest.mark.browser
@pytest.mark.parametrize("name", ANIMATED)
def test_play_and_step_in_jupyterlab(lab, browser, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        open_notebook(page, lab.url(f"notebooks/{name}"))
        run_all(page)
        ex = page.locator(ANIMATED_EXPLORER).first
        play_and_check(page, ex, f"lab_{name[:2]}")
        assert not errors, errors
    finally:
        page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", ANIMATED)
def test_play_in_the_slideshow(lab, browser, name):
    from test_slides import SLIDE_JS, VIEWPORT, next_slide, start_slideshow, stop_slideshow
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(viewport=VIEWPORT).new_page()
    try:
        open_notebook(page, lab.url(f"notebooks/{name}"))
        run_all(page)
        start_slideshow(page)
        onscreen = page.locator(f".jp-deck-mod-onscreen {ANIMATED_EXPLORER}")
        state = page.evaluate(SLIDE_JS)
        while onscreen.count() == 0:
            assert next_slide(page, state), f"{name}: no slide shows the animated explorer"
            state = page.evaluate(SLIDE_JS)
        ex = onscreen.first
        assert state["tall"] <= 0 and state["wide"] <= 0, f"the explorer slide does not fit 1280×720: {state}"
        play_and_check(page, ex, f"slides_{name[:2]}")
        page.screenshot(path=str(SHOTS / f"slides_{name[:2]}_page.png"))
        assert page.evaluate("() => document.body.dataset.jpDeckMode") == "presenting"
        stop_slideshow(page)     # else JupyterLab reopens the next notebook presenting
    finally:
        page.context.close()
