"""Every notebook in a real JupyterLab page in Chromium: runs clean, every explorer moves by keyboard and draws
torch's numbers, with the kernel idle, busy, or gone.

The explorers are anywidgets that compute and draw in the page (helpers/js/explorers.js, built from
helpers/js/controls.js and views/<kind>.js). Their DOM is the contract read here: the root
``.tconv-explorer.tconv-live`` carries ``data-state`` (the state as JSON), ``data-sentence`` and
``data-message``; each control ``.tconv-control[data-name=<name>]`` holds a range input (min/max = its
bounds; value = the value, or the index into the valid values for groups; ``aria-valuetext`` = the value),
a text box or a select; ``.tconv-picture-box`` carries ``data-output`` (the numbers drawn; for outputs too large
for an attribute, 10's images, its ``tconvOutput`` property) and the picture.

For every explorer the test reads the state from ``data-state`` (and checks that each control shows it),
computes the expected numbers with torch in float64 (never with helpers' NumPy: the data, ``example_input`` /
``example_kernel``, is the only thing taken from helpers), and compares ``data-output`` and every number in the
picture. The keyboard sweep focuses each range input in turn and presses ArrowRight/Left, Home/End and
PageUp/PageDown: each acts on that control only (its value moves as a native range input's does, the focus stays,
the notebook's active cell does not change), and after each key the picture equals torch again. Groups (06)
reach every valid value by keyboard. Tests here:

- ``test_notebook_runs_and_explorers_draw_torch``: both editions, Run All, then the sweep (kernel idle).
- ``test_explorers_without_a_kernel``: both editions, opened WITHOUT running (the committed notebooks carry the
  explorers' saved widget state), the kernel shut down, then the sweep; the only console error allowed is
  jupyterlab-manager's "Could not send widget sync message".
- ``test_explorers_while_a_cell_runs``: one notebook per explorer kind, Run All, then ``time.sleep`` running in
  a new cell (prompt ``[*]``) during the whole sweep.
- ``test_notebook7_interface``: Notebook 7, Run All, the sweep.

Screenshots (before/after) go to artifacts/browser/ (git-ignored). Mandatory under CI=true; skipped with a
message locally only when Chromium is absent.
"""
from __future__ import annotations

import base64
import io
import json
import re
from html import unescape
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from helpers.explorers import example_input, example_kernel
from oracle import torch_upsample
from tools.labserver import open_and_run_all, open_notebook, run_all

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "browser"
# notebooks/NN_*.ipynb, then the Chinese edition's notebooks/zh/NN_*.ipynb, as paths under notebooks/
NOTEBOOKS = (sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
             + sorted(f"zh/{p.name}" for p in (ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb")))
WITHOUT_EXPLORER = {"00_index.ipynb"}
EXPLORER = ".tconv-explorer.tconv-live"
# the one console error a page without a kernel may log: jupyterlab-manager, once per move
NO_KERNEL_ERROR = "Could not send widget sync message"


def notebook_id(name):
    """pytest id: ``03_stride.ipynb``, ``zh-03_stride.ipynb``."""
    return name.replace("/", "-")


def shot_stem(name):
    """Screenshot name stem: ``03_stride``, ``zh_03_stride``."""
    return name[:-len(".ipynb")].replace("/", "_")


T = torch.float64

pytestmark = pytest.mark.browser   # conftest skips it, saying why, when Chromium is absent


# ---------------------------------------------------------------- reading an explorer as the page shows it

# Everything the test needs from one explorer: its state, its controls, the numbers it says it drew, and the
# numbers in the picture itself.
READ_JS = """ex => {
  const plain = v => v == null ? null : ArrayBuffer.isView(v) ? Array.from(v) : Array.isArray(v) ? v.map(plain) : v;
  const kind = [...ex.classList].find(c => c.endsWith('-explorer') && c !== 'tconv-explorer') || '';
  const box = ex.querySelector('.tconv-picture-box');
  const controls = [...ex.querySelectorAll('.tconv-control')].map(c => {
    const i = c.querySelector('input, select');
    const out = c.querySelector('output');
    return {name: c.dataset.name, tag: i.tagName.toLowerCase(), type: i.type || '', min: +i.min, max: +i.max,
            value: i.value, valuetext: i.getAttribute('aria-valuetext'), data: i.dataset.value, disabled: i.disabled,
            suppress: i.hasAttribute('data-lm-suppress-shortcuts'), readout: out ? out.textContent : null};
  });
  const buttons = [...ex.querySelectorAll('button')].map(b => b.hasAttribute('data-lm-suppress-shortcuts'));
  const cells = cls => [...box.querySelectorAll('g.' + cls)].filter(g => !g.classList.contains('cropped'))
    .map(g => [+g.dataset.r, +g.dataset.c, +(g.dataset.ch || -1), (g.querySelector('text.v') || {}).textContent]);
  const counts = [...box.querySelectorAll('g.row')].flatMap(g =>
    [...g.querySelectorAll('text.n')].map(t => [+g.dataset.r, +t.dataset.c, t.textContent]));
  const vw = window.innerWidth;
  const texts = [...ex.querySelectorAll('.tconv-picture-box svg text, .tconv-picture-box td, .tconv-picture-box th, '
                                        + '.tconv-picture-box div, .tconv-above, .tconv-below, output')]
    .filter(t => t.textContent.trim())
    .map(t => { const r = t.getBoundingClientRect(); const s = getComputedStyle(t);
                return [t.textContent.trim().slice(0, 30), r.left, r.right, r.width, r.height,
                        s.visibility, +s.opacity, parseFloat(s.fontSize)]; });
  return {kind, vw, controls, buttons,
          state: ex.dataset.state ? JSON.parse(ex.dataset.state) : null,
          message: ex.dataset.message || null, sentence: ex.dataset.sentence || '',
          // the numbers drawn: data-output, or (too many for an attribute: 10's images) the box's tconvOutput
          output: box && box.dataset.output ? JSON.parse(box.dataset.output) : plain(box ? box.tconvOutput : null),
          x: cells('x'), k: cells('k'), y: cells('y'), ya: cells('ya'), yb: cells('yb'), m: cells('m'),
          counts, texts,
          readout: ((ex.querySelector('.tconv-below') || {}).textContent || '').trim(),
          html: box ? box.innerHTML : '',
          images: [...box.querySelectorAll('image, img')].map(i => i.getAttribute('href') || i.getAttribute('src'))};
}"""


def assert_no_errors(page):
    text = page.locator(".jp-Notebook").inner_text()
    assert "Traceback" not in text, "a cell printed a traceback"
    assert "Error displaying widget" not in text
    assert page.locator(".tconv-message").count() == 0, "an explorer shows an error sentence after Run All"


# ---------------------------------------------------------------- torch for what the state says

SCATTER_DEFAULTS = dict(input_size=2, kernel_size=2, stride=1, padding=0, output_padding=0, dilation=1,
                        in_channels=1, out_channels=1, groups=1)   # ScatterExplorer's own defaults


def grid(cells, what):
    """[(r, c, ch, text)] → 2-D array (one channel)."""
    assert cells, f"no {what} cells drawn"
    h, w = max(c[0] for c in cells) + 1, max(c[1] for c in cells) + 1
    assert len(cells) == h * w, f"{what}: drawn cells do not fill a {h}×{w} grid"
    out = np.zeros((h, w))
    for r, c, _, text in cells:
        out[r, c] = float(text.replace("−", "-"))
    return out


def typed_rows(text):
    """The numbers typed in an own-numbers box ("1 2; 3 4", rows by ';' or new lines, numbers by spaces or commas)."""
    rows = [r.replace(",", " ").split() for r in text.replace("−", "-").replace("\n", ";").strip().strip(";").split(";")]
    return np.array([[float(v) for v in row] for row in rows], dtype=float)


def torch_or_none(call):
    """torch's result, or None where torch refuses the parameters (then the explorer must say why instead)."""
    try:
        return call()
    except RuntimeError:
        return None


def expect_scatter(state):
    """(the visible output grid torch gives for the state's step, the full output, the data (x, w))."""
    p = dict(SCATTER_DEFAULTS)
    p.update({k: state[k] for k in SCATTER_DEFAULTS if k in state})
    if "x_rows" in state:        # 01's own numbers: what the two boxes hold
        x, w = typed_rows(state["x_rows"])[None], typed_rows(state["k_rows"])[None, None]
    elif state.get("x") is not None:
        x, w = np.asarray(state["x"], float), np.asarray(state["weight"], float)
    else:
        x = example_input(p["in_channels"], p["input_size"], p["input_size"])
        w = example_kernel(p["in_channels"], p["out_channels"] // p["groups"], p["kernel_size"])
        if state.get("seed_x") is not None:   # 04/06: the lesson's numbers written over the example ones
            for data, seed in ((x, np.asarray(state["seed_x"], float)), (w, np.asarray(state["seed_weight"], float))):
                common = tuple(slice(0, min(a, b)) for a, b in zip(data.shape, seed.shape))
                data[common] = seed[common]
    oc, step = state.get("out_channel", 0), state["step"]
    kw = dict(stride=p["stride"], padding=p["padding"], output_padding=p["output_padding"], groups=p["groups"],
              dilation=p["dilation"])
    # the copies counted by `step`: the elements of the input channels of output channel oc's group, in
    # (channel, row, column) order (every element when groups = 1)
    per_group = x.shape[0] // p["groups"]
    group = oc // (p["out_channels"] // p["groups"])
    mask = np.zeros(x.shape, bool)
    block = mask[group * per_group:(group + 1) * per_group].reshape(-1)
    block[:step] = True
    mask[group * per_group:(group + 1) * per_group] = block.reshape(per_group, *x.shape[1:])
    y = torch_or_none(lambda: F.conv_transpose2d(torch.tensor(x * mask, dtype=T)[None], torch.tensor(w, dtype=T),
                                                 **kw)[0, oc].numpy())
    full = torch_or_none(lambda: F.conv_transpose2d(torch.tensor(x, dtype=T)[None], torch.tensor(w, dtype=T),
                                                    **kw)[0, oc].numpy())
    return y, full, (x, w)


def check_scatter(seen, state, where):
    y, full, (x, w) = expect_scatter(state)
    if y is None or 0 in y.shape:
        assert seen["message"], f"{where}: torch refuses {state}, the explorer draws anyway"
        return
    assert not seen["message"], f"{where}: torch gives an output for {state}; the explorer says {seen['message']!r}"
    np.testing.assert_allclose(np.asarray(seen["output"], float), y, atol=1e-9, err_msg=f"{where}: data-output")
    # the data the picture scatters, panel by panel
    for r, c, ch, text in seen["x"]:
        assert float(text.replace("−", "-")) == x[max(ch, 0), r, c], f"{where}: X[{ch}][{r},{c}]"
    np.testing.assert_allclose(grid(seen["y"], "Y"), y, atol=0.00501, err_msg=f"{where}: the Y grid drawn")
    m = re.match(r"Y\[(\d+), (\d+)\] = (−?-?[\d.]+)", seen["readout"])
    assert m and (int(m[1]), int(m[2])) == (state["row"], state["col"]), f"{where}: readout {seen['readout']!r}"
    assert float(m[3].replace("−", "-")) == pytest.approx(full[int(m[1]), int(m[2])], abs=0.00501), where


def conv_size(n, k, s, p, d):
    return nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)(torch.zeros(1, 1, n, n)).shape[-1]


def transposed_size(m, k, s, p, op, d):
    return nn.ConvTranspose2d(1, 1, k, stride=s, padding=p, output_padding=op, dilation=d)(
        torch.zeros(1, 1, m, m)).shape[-1]


@torch.no_grad()
def check_shape(seen, state, where):
    n, k, s, p, d, op = (state[name] for name in ("size", "kernel_size", "stride", "padding", "dilation",
                                                  "output_padding"))
    m = torch_or_none(lambda: conv_size(n, k, s, p, d))
    back = None if m is None else torch_or_none(lambda: transposed_size(m, k, s, p, op, d))
    if back is None:
        assert seen["message"], f"{where}: torch refuses {state}, the explorer draws anyway"
        return
    assert not seen["message"], f"{where}: torch gives {back} for {state}; the explorer says {seen['message']!r}"
    back0 = transposed_size(m, k, s, p, 0, d)
    top = (m - 1) * s + d * (k - 1) + 1 - 2 * p + s
    family = [[size, size - back0] for size in range(1, top + 1)
              if torch_or_none(lambda: conv_size(size, k, s, p, d)) == m]
    assert seen["output"] == {"conv": m, "transposed": back, "family": family, "needed_output_padding": n - back0}, (
        f"{where}: data-output {seen['output']} for {state}")
    html = unescape(re.sub(r"<[^>]+>", " ", seen["html"]))
    assert re.search(rf"n = {n} → m = .*= {m}\b", html), f"{where}: {html[:300]}"
    assert re.search(rf"m = {m} → .*= {back}\b", html), f"{where}: {html[:300]}"
    verdict = re.search(r'class="tconv-verdict" data-ok="([01])"', seen["html"])   # not its words: any language
    assert verdict and (verdict[1] == "1") == (back == n), f"{where}: {html[:300]}"
    rows = re.findall(r'<tr class="row"[^>]*><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td>', seen["html"])
    assert [[int(size), int(o)] for size, _, o in rows] == family, f"{where}: the table's rows"
    assert all(int(mm) == m for _, mm, _ in rows)


@torch.no_grad()
def check_overlap(seen, state, where):
    n, k, s, p = state["input_size"], state["kernel_size"], state["stride"], state["padding"]
    counts = torch_or_none(lambda: F.conv_transpose2d(torch.ones(1, 1, n, n, dtype=T), torch.ones(1, 1, k, k, dtype=T),
                                                      stride=s, padding=p)[0, 0].numpy())
    if counts is None or 0 in counts.shape:
        assert seen["message"], f"{where}: torch refuses {state}"
        return
    np.testing.assert_array_equal(np.asarray(seen["output"], float), counts, err_msg=f"{where}: data-output")
    np.testing.assert_array_equal(grid([(r, c, -1, t) for r, c, t in seen["counts"]], "count"), counts,
                                  err_msg=f"{where}: the counts drawn")


def torch_C(n, k, s, p):
    """C with vec(conv2d(X, K)) = C vec(X), column by column from torch (conv2d of each basis image)."""
    K = torch.tensor(example_kernel(1, 1, k), dtype=T)
    return F.conv2d(torch.eye(n * n, dtype=T).reshape(n * n, 1, n, n), K, stride=s, padding=p).reshape(n * n, -1).T


def check_matrix(seen, state, where):
    n, k, s, p = state["input_size"], state["kernel_size"], state["stride"], state["padding"]
    C = torch_C(n, k, s, p).numpy()
    assert not seen["message"], f"{where}: {seen['message']}"
    output = seen["output"]
    transposed = isinstance(output, dict) and "z_so_far" in output
    if isinstance(output, dict):   # 07's step explorers: one row of C (or of Cᵀ) times a vector, the result so far
        K = torch.tensor(example_kernel(1, 1, k), dtype=T)
        if "z_so_far" in output:   # vec(Z) = Cᵀ·vec(Y): Y = arange(m·m), Z = conv_transpose2d(Y, K) back to n×n
            m = int(round(C.shape[0] ** 0.5))
            vec = torch.arange(m * m, dtype=T).reshape(1, 1, m, m)
            result = F.conv_transpose2d(vec, K, stride=s, padding=p, output_padding=(n + 2 * p - k) % s)
            rows, so_far = C.T, output["z_so_far"]
        else:                      # vec(Y) = C·vec(X): X = arange(n·n) at every size
            vec = torch.arange(n * n, dtype=T).reshape(1, 1, n, n)
            result = F.conv2d(vec, K, stride=s, padding=p)
            rows, so_far = C, output["y_so_far"]
        result, v = result.flatten().numpy(), vec.flatten().numpy()
        i = state["pick"]
        assert output["row"] == i, f"{where}: the step shows row {output['row']}, the state says {i}"
        assert output["cols"] == [int(j) for j in np.flatnonzero(rows[i])], f"{where}: the cells row {i} multiplies"
        assert output["coeffs"] == rows[i, output["cols"]].tolist() and output["values"] == v[output["cols"]].tolist(), where
        assert output["value"] == pytest.approx(result[i], abs=1e-9), f"{where}: result[{i}]"
        assert len(so_far) == result.size and so_far[i] is not None, f"{where}: so far {so_far}"
        for j, got in enumerate(so_far):
            if got is not None:
                assert got == pytest.approx(result[j], abs=1e-9), f"{where}: so far [{j}]"
        output = output["C"]
    np.testing.assert_array_equal(np.asarray(output, float), C, err_msg=f"{where}: data-output")
    shown = C.T if transposed else C   # the step explorer of Cᵀ draws Cᵀ
    drawn = np.zeros(shown.shape)
    for r, c, _, text in seen["m"]:
        if text:
            drawn[r, c] = float(text.replace("−", "-"))
    np.testing.assert_array_equal(drawn, shown, err_msg=f"{where}: {'Cᵀ' if transposed else 'C'} drawn")
    assert state["pick"] < shown.shape[0]


def check_window(seen, state, where):
    n, k, s, p, op = (state[name] for name in ("input_size", "kernel_size", "stride", "padding", "output_padding"))
    y = F.conv_transpose2d(torch.tensor(example_input(1, n, n), dtype=T)[None],
                           torch.tensor(example_kernel(1, 1, k), dtype=T), stride=s, padding=p,
                           output_padding=op)[0, 0].numpy()
    assert not seen["message"], f"{where}: {seen['message']}"
    output = seen["output"]
    if isinstance(output, dict):   # {y: the whole output, value: the window's sum at `position`}
        r, c = divmod(state["position"], y.shape[1])
        assert output["value"] == pytest.approx(y[r, c], abs=1e-9), f"{where}: the window's value at Y[{r}, {c}]"
        output = output["y"]
    np.testing.assert_array_equal(np.asarray(output, float), y, err_msg=f"{where}: data-output")
    np.testing.assert_array_equal(grid(seen["ya"], "Y (a)"), y, err_msg=f"{where}: Y (a) drawn")
    # (b): the window's sums appear as the window reaches them; every sum drawn is torch's
    assert len(seen["yb"]) == y.size, f"{where}: Y (b) has {len(seen['yb'])} cells, torch's output {y.size}"
    for r, c, _, text in seen["yb"]:
        if r * y.shape[1] + c <= state["position"]:
            assert text, f"{where}: Y (b)[{r}, {c}] is blank though the window has passed it"
        if text:
            assert float(text.replace("−", "-")) == y[r, c], f"{where}: Y (b)[{r}, {c}] = {text}, torch {y[r, c]}"
    assert state["position"] < y.size


def check_upsample(seen, state, where):
    from PIL import Image
    from helpers.operations import sample_image   # the photo (data; fixed, so not in data-state)
    f, method = state["factor"], state["method"]
    expected = torch_upsample(sample_image(64), f, method).numpy()
    assert not seen["message"], f"{where}: {seen['message']}"
    np.testing.assert_allclose(np.asarray(seen["output"], float), expected, atol=1e-9, err_msg=f"{where}: data-output")
    pngs = [h for h in seen["images"] if h and h.startswith("data:image/png")]
    assert len(pngs) >= 2, f"{where}: the input and the output pictures are missing"
    drawn = np.asarray(Image.open(io.BytesIO(base64.b64decode(pngs[1].split(",", 1)[1]))).convert("L"), dtype=float)
    assert drawn.shape == (64 * f, 64 * f), f"{where}: output picture {drawn.shape}"
    assert np.abs(drawn - np.clip(expected, 0, 1) * 255).max() <= 1.0 + 1e-9, f"{where}: output picture pixels"


CHECKS = {"tconv-scatter-explorer": check_scatter, "tconv-shape-explorer": check_shape,
          "tconv-overlap-explorer": check_overlap, "tconv-matrix-explorer": check_matrix,
          "tconv-equivalent-explorer": check_window, "tconv-upsample-explorer": check_upsample}


def check_explorer(ex, where, *, texts=True):
    """Read the explorer as shown, check that every control shows the state (``data-state``) and every drawn
    number equals torch's for it, and (``texts``) that every text is visible; return what was read."""
    seen = ex.evaluate(READ_JS)
    kind, state = seen["kind"], seen["state"]
    assert state is not None, f"{where}: the explorer has no data-state (not the live explorer?)"
    for c in seen["controls"]:
        assert c["suppress"], f"{where}: control {c['name']} lacks data-lm-suppress-shortcuts"
        if c["type"] == "range":
            assert c["valuetext"] == str(state[c["name"]]) == c["data"] == c["readout"], (
                f"{where}: control {c['name']} shows {c['valuetext']!r}/{c['readout']!r}, the state {state[c['name']]!r}")
            assert c["min"] <= int(c["value"]) <= c["max"], f"{where}: {c['name']} outside its bounds"
        elif c["tag"] == "select":
            assert c["value"] == state[c["name"]], f"{where}: {c['name']} shows {c['value']!r}"
    assert all(seen["buttons"]), f"{where}: a button lacks data-lm-suppress-shortcuts"
    assert kind in CHECKS, f"{where}: unknown explorer {kind!r}"
    CHECKS[kind](seen, state, where)
    if texts and not seen["message"]:
        assert seen["texts"], f"{where}: no text found"
        for text, left, right, width, height, visibility, opacity, size in seen["texts"]:
            assert width > 0 and height > 0, f"{where}: {text!r} has no size on screen"
            assert visibility == "visible" and opacity > 0, f"{where}: {text!r} is hidden"
            assert left >= -1 and right <= seen["vw"] + 1, f"{where}: {text!r} is off screen ({left:.0f}..{right:.0f})"
    return seen


# ---------------------------------------------------------------- the keyboard

ACTIVE_CELL_JS = "() => jupyterapp.shell.currentWidget.content.activeCellIndex"
# the slide on screen while presenting (ids of the cells jupyterlab-slideshow shows)
ONSCREEN_JS = """() => jupyterapp.shell.currentWidget.content.widgets
  .filter(c => c.node.classList.contains('jp-deck-mod-onscreen')).map(c => c.model.id).join(' ')"""
RANGE_JS = """i => ({min: +i.min, max: +i.max, value: +i.value, text: i.getAttribute('aria-valuetext'),
                    focused: document.activeElement === i, disabled: i.disabled})"""

# what each key does to a focused native range input (Chromium: PageUp/PageDown move by a tenth of the
# range, at least one step; the result is clamped and rounded to a step)
SWEEP_KEYS = ("End", "ArrowLeft", "Home", "ArrowRight", "PageUp", "PageDown")


def expected_index(key, value, lo, hi):
    big = max((hi - lo) / 10, 1)
    target = {"ArrowRight": value + 1, "ArrowUp": value + 1, "ArrowLeft": value - 1, "ArrowDown": value - 1,
              "Home": lo, "End": hi, "PageUp": value + big, "PageDown": value - big}[key]
    return int(min(hi, max(lo, lo + np.floor(target - lo + 0.5))))


def press_on_control(page, ex, name, key, where, *, presenting=False):
    """Focus control ``name``'s range input, press ``key``; the key acts on that control only: its value moves
    as a range input's does, the focus stays, the active cell (and, presenting, the slide) stays. Returns the
    value the control shows afterwards (``aria-valuetext``)."""
    control = ex.locator(f".tconv-control[data-name='{name}'] input[type=range]")
    control.focus()
    before = control.evaluate(RANGE_JS)
    active = page.evaluate(ACTIVE_CELL_JS)
    slide = page.evaluate(ONSCREEN_JS) if presenting else None
    page.keyboard.press(key)
    after = control.evaluate(RANGE_JS)
    want = expected_index(key, before["value"], before["min"], before["max"])
    assert after["value"] == want, (f"{where}: {key} on {name} at {before['value']} of {before['min']}..{before['max']}"
                                    f" gave {after['value']}, a range input gives {want}")
    assert after["focused"], f"{where}: {key} on {name} took the focus away from the control"
    assert page.evaluate(ACTIVE_CELL_JS) == active, f"{where}: {key} on {name} changed the notebook's active cell"
    if presenting:
        assert page.evaluate(ONSCREEN_JS) == slide, f"{where}: {key} on {name} changed the slide"
    return after["text"]


def walk_groups(page, ex, where, presenting=False):
    """Home, then ArrowRight up to End on the groups control: the values shown are exactly the valid groups
    (those dividing both channel counts, computed here), each drawn as torch computes it."""
    control = ex.locator(".tconv-control[data-name='groups'] input[type=range]")
    state = ex.evaluate(READ_JS)["state"]
    valid = [g for g in range(1, min(state["in_channels"], state["out_channels"]) + 1)
             if state["in_channels"] % g == 0 and state["out_channels"] % g == 0]
    if len(valid) == 1:
        assert control.evaluate("i => i.disabled"), f"{where}: groups can only be 1, yet its control moves"
        return []
    reached = [int(press_on_control(page, ex, "groups", "Home", where, presenting=presenting))]
    while control.evaluate("i => +i.value < +i.max"):
        reached.append(int(press_on_control(page, ex, "groups", "ArrowRight", where, presenting=presenting)))
        check_explorer(ex, f"{where}, groups {reached[-1]}", texts=False)
    assert reached == valid, f"{where}: the keyboard reaches groups {reached}, the valid values are {valid}"
    return reached


def sweep(page, ex, where, *, presenting=False, keys=SWEEP_KEYS):
    """Every enabled range control of the explorer, each key of ``keys`` in turn, torch checked after each.
    Groups first, from the lesson's channels (06: 3 in, 3 out → 1 and 3): every valid value reached by
    ArrowRight from Home. Returns the number of key presses checked."""
    presses = 0
    ex.scroll_into_view_if_needed()
    names = [c["name"] for c in ex.evaluate(READ_JS)["controls"] if c["type"] == "range"]
    assert names, f"{where}: no range control"
    if "groups" in names:
        presses += len(walk_groups(page, ex, where, presenting))
        if {"in_channels", "out_channels"} <= set(names):   # 3 in, 3 out: groups 2 is invalid, 3 must be reached
            for channels in ("in_channels", "out_channels"):
                press_on_control(page, ex, channels, "End", where, presenting=presenting)
            state = ex.evaluate(READ_JS)["state"]
            if state["in_channels"] == state["out_channels"] == 3:
                assert walk_groups(page, ex, where, presenting) == [1, 3], f"{where}: groups with 3 and 3 channels"
                presses += 2
    for name in names:
        control = ex.locator(f".tconv-control[data-name='{name}'] input[type=range]")
        if control.evaluate("i => i.disabled"):   # one value only (lo == hi): nothing to press
            continue
        for key in keys:
            press_on_control(page, ex, name, key, where, presenting=presenting)
            check_explorer(ex, f"{where}, {name} after {key}", texts=False)
            presses += 1
    if "groups" in names:     # and again with the channels the sweep left
        presses += len(walk_groups(page, ex, where, presenting))
    check_explorer(ex, f"{where} after the sweep")
    return presses


def type_own_numbers(page, ex, where):
    """01's own numbers: type X and K into the text boxes (Tab leaves the box, which commits it: the box's
    ``change`` event), the picture equals torch. (Enter does not commit in JupyterLab: controls.js listens to
    ``change`` only.)"""
    for name, text in (("x_rows", "1 -2; 3 4"), ("k_rows", "2 1; 0 5")):
        box = ex.locator(f".tconv-control[data-name='{name}'] input[type=text]")
        box.focus()
        active = page.evaluate(ACTIVE_CELL_JS)
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        page.keyboard.press("Tab")
        assert page.evaluate(ACTIVE_CELL_JS) == active, f"{where}: typing into {name} changed the active cell"
        assert ex.evaluate(READ_JS)["state"][name] == text, f"{where}: {name} did not take {text!r}"
    check_explorer(ex, f"{where}, own numbers typed")


def explorers_on(page, where):
    explorers = page.locator(EXPLORER)
    assert explorers.count() >= 1, f"{where} should show at least one live explorer"
    return [explorers.nth(i) for i in range(explorers.count())]


def check_and_sweep_all(page, name, tag, **sweep_args):
    """check_explorer then the keyboard sweep on every explorer of the page; screenshots before and after."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    presses = 0
    for i, ex in enumerate(explorers_on(page, name)):
        ex.scroll_into_view_if_needed()
        stem = f"{tag}_{shot_stem(name)}_{i}"
        ex.screenshot(path=str(SHOTS / f"{stem}_before.png"))
        seen = check_explorer(ex, f"{stem} as shown")
        if "x_rows" in seen["state"]:
            type_own_numbers(page, ex, stem)
        presses += sweep(page, ex, stem, **sweep_args)
        ex.screenshot(path=str(SHOTS / f"{stem}_after.png"))
    return presses


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1600})  # tall explorers fit
    pg = context.new_page()
    pg.page_errors, pg.console_errors = [], []
    pg.on("pageerror", lambda exc: pg.page_errors.append(str(exc)))
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    yield pg
    context.close()


def saved_explorers(name):
    """How many explorer outputs the committed notebook shows with saved widget state."""
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    saved = nb["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    views = [o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for c in nb["cells"]
             for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    return sum(1 for v in views if v in saved), len(views)


# ---------------------------------------------------------------- the tests

@pytest.mark.parametrize("name", NOTEBOOKS, ids=notebook_id)
def test_notebook_runs_and_explorers_draw_torch(lab, page, name):
    open_notebook(page, lab.url(f"notebooks/{name}"))
    run_all(page)
    assert_no_errors(page)
    if Path(name).name in WITHOUT_EXPLORER:
        assert page.locator(EXPLORER).count() == 0
        return
    assert check_and_sweep_all(page, name, "lab") > 0
    assert not page.page_errors, page.page_errors
    assert not page.console_errors, page.console_errors


QUIET_KERNEL_JS = """async quiet => {
  const kernel = jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  let last = performance.now();
  kernel.anyMessage.connect(() => { last = performance.now(); });
  while (performance.now() - last < quiet) await new Promise(r => setTimeout(r, 100));
}"""


def shut_kernel_down(page):
    """Shut the notebook's kernel down as Kernel ▸ Shut Down Kernel does; wait for "No Kernel". First the
    page's own start-up talk with the kernel (the debugger asks for its state) is let finish: stopping the
    kernel in the middle of it makes JupyterLab log "Could not restore the debugger state"."""
    page.evaluate(QUIET_KERNEL_JS, 2000)
    page.evaluate("() => jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    page.wait_for_function("() => !jupyterapp.shell.currentWidget.sessionContext.session", timeout=30_000)
    page.wait_for_function("() => /No Kernel/.test(document.querySelector("
                           "'.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-kernelName').textContent)",
                           timeout=30_000)


@pytest.mark.parametrize("name", [n for n in NOTEBOOKS if Path(n).name not in WITHOUT_EXPLORER], ids=notebook_id)
def test_explorers_without_a_kernel(lab, page, name):
    """A rehearsed notebook reopened, never run, its kernel then stopped (mybinder culls idle kernels): every
    explorer is drawn from the saved widget state, moves by keyboard and still draws torch's numbers."""
    live, outputs = saved_explorers(name)
    assert outputs and live == outputs, (f"{name}: {live} of {outputs} explorer outputs have saved widget state; "
                                         "re-execute it with tools/execute_notebooks.py")
    open_notebook(page, lab.url(f"notebooks/{name}"))
    page.wait_for_function(f"n => document.querySelectorAll('{EXPLORER}').length >= n", arg=live, timeout=120_000)
    shut_kernel_down(page)
    assert check_and_sweep_all(page, name, "nokernel") > 0
    assert "Error displaying widget" not in page.locator(".jp-Notebook").inner_text()
    assert not page.page_errors, page.page_errors
    others = [e for e in page.console_errors if NO_KERNEL_ERROR not in e]
    assert not others, f"{name}: console errors besides {NO_KERNEL_ERROR!r}: {others}"


BUSY_PROMPT_JS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')]
  .some(c => c.querySelector('.jp-InputPrompt').textContent.includes('[*]')
             && c.querySelector('.cm-content').textContent.includes('time.sleep'))"""


def start_busy_cell(page, seconds=600):
    """A new last cell running ``time.sleep`` (prompt ``[*]``), as a student's long cell would."""
    page.evaluate(f"""async () => {{
      const panel = jupyterapp.shell.currentWidget, nb = panel.content;
      nb.activeCellIndex = nb.widgets.length - 1;
      await jupyterapp.commands.execute('notebook:insert-cell-below');
      nb.activeCell.model.sharedModel.setSource('import time; time.sleep({seconds})');
      jupyterapp.commands.execute('notebook:run-cell');
    }}""")
    page.wait_for_function(BUSY_PROMPT_JS, timeout=30_000)


# one notebook per explorer kind (01: scatter and own numbers; 06: groups)
BUSY = ["01_basic_operation.ipynb", "05_shape_inverse.ipynb", "06_output_padding_dilation_groups.ipynb",
        "07_matrix_view.ipynb", "08_equivalent_convolution.ipynb", "09_checkerboard.ipynb",
        "10_upsampling_in_practice.ipynb"]


@pytest.mark.parametrize("name", [n for n in BUSY if n in NOTEBOOKS], ids=notebook_id)
def test_explorers_while_a_cell_runs(lab, page, name):
    """With a cell busy (prompt ``[*]``; the kernel's status may still say idle) every explorer still redraws."""
    open_notebook(page, lab.url(f"notebooks/{name}"))
    run_all(page)
    start_busy_cell(page)
    assert check_and_sweep_all(page, name, "busy") > 0
    assert page.evaluate(BUSY_PROMPT_JS), f"{name}: the sleeping cell finished before the sweep did"
    page.evaluate("() => jupyterapp.shell.currentWidget.sessionContext.session.kernel.interrupt()")
    assert not page.page_errors, page.page_errors


def test_notebook7_interface(lab, page):
    """Binder users often land in Notebook 7: explorers render there, move by keyboard, draw torch's numbers."""
    name = "01_basic_operation.ipynb"
    open_and_run_all(page, lab.url(f"notebooks/{name}", ui="notebook"))
    assert_no_errors(page)
    assert check_and_sweep_all(page, name, "notebook7") > 0
    # Notebook 7.6.5 itself raises these on every page, with or without the project's extensions
    own = [e for e in page.page_errors if e not in NOTEBOOK7_OWN_ERRORS]
    assert not own, own


NOTEBOOK7_OWN_ERRORS = ("Cannot read properties of undefined (reading 'schema')",
                        "Command 'filebrowser:open-path' not registered.")


SYNC_PROBE = [
    "import json\nfrom helpers.explorers.shape import ShapeExplorer\ne = ShapeExplorer()\ne",
    "e.set(size=9, stride=2)",
    "print('STATE', json.dumps(e.state, sort_keys=True))",
]
RUN_CELL_JS = """async i => {
  const nb = jupyterapp.shell.currentWidget.content;
  nb.activeCellIndex = i;
  await jupyterapp.commands.execute('notebook:run-cell');
}"""
CELL_TEXT_JS = "i => jupyterapp.shell.currentWidget.content.widgets[i].node.querySelector('.jp-OutputArea').textContent"


def test_the_kernel_and_the_page_agree_after_moves(lab, page):
    """The page draws first and tells the kernel after the frame (coalesced): after a burst of key presses
    (a held arrow key) the Python explorer's state is the page's, key for key; and a ``set`` from a cell
    reaches the page. Fails if a write is lost, sent out of order, or an echo moves the page back."""
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in SYNC_PROBE])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    probe = lab.root / "notebooks" / "sync_probe.ipynb"
    nbformat.write(nb, probe)
    try:
        open_and_run_all(page, lab.url("notebooks/sync_probe.ipynb"))
        ex = page.locator(EXPLORER).first
        state = ex.evaluate(READ_JS)["state"]
        assert (state["size"], state["stride"]) == (9, 2), f"e.set(size=9, stride=2) did not reach the page: {state}"
        size = ex.locator(".tconv-control[data-name='size'] input[type=range]")
        size.focus()
        for _ in range(7):                     # faster than a frame apart: one write per frame, the latest
            page.keyboard.press("ArrowRight")
        for name, key in (("kernel_size", "End"), ("stride", "End"), ("padding", "ArrowRight"),
                          ("dilation", "ArrowRight"), ("output_padding", "End")):
            ex.locator(f".tconv-control[data-name='{name}'] input[type=range]").focus()
            page.keyboard.press(key)
        page.wait_for_timeout(500)
        shown = ex.evaluate(READ_JS)["state"]
        assert shown["size"] == 16 and shown["output_padding"] > 0, shown
        page.evaluate(RUN_CELL_JS, 2)
        page.wait_for_function(f"i => /STATE/.test(({CELL_TEXT_JS})(i))", arg=2, timeout=30_000)
        text = page.evaluate(CELL_TEXT_JS, 2)
        kernel = json.loads(text.split("STATE", 1)[1].strip())
        assert kernel == shown, f"the kernel has {kernel}, the page shows {shown}"
        page.wait_for_timeout(300)
        assert ex.evaluate(READ_JS)["state"] == shown, "the page moved after the kernel heard it (an echo)"
        assert not page.page_errors, page.page_errors
    finally:
        probe.unlink(missing_ok=True)
