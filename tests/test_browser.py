"""Every notebook in a real JupyterLab page in Chromium: runs clean, every explorer draws torch's numbers.

Starts JupyterLab on a free port (tools/labserver.py), opens each notebook of both editions
(notebooks/NN_*.ipynb and the Chinese notebooks/zh/NN_*.ipynb, ids ``zh-…``), runs all cells through
the Run menu, asserts no error output, then for every explorer on the page: reads its parameters from
the sliders' own ``aria-valuenow`` (and the dropdown's selected option) — never from the picture —
computes what torch gives for them, and compares every number drawn; checks that every text of the
picture is visible (non-zero size, on screen); presses an arrow key on the first slider; and checks
again. Which slider is which parameter is read from ``helpers`` itself (``control_names``: every
explorer's controls, built in every language), so the checks work whatever language the labels are in.
Screenshots (before/after) go to artifacts/browser/ (git-ignored). Mandatory under CI=true; skipped
with a message locally only when Chromium is absent.
"""
from __future__ import annotations

import base64
import functools
import io
import re
from html import unescape
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from helpers.explorers import example_input, example_kernel
from tools.labserver import open_and_run_all, open_notebook, run_all

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "browser"
# notebooks/NN_*.ipynb, then the Chinese edition's notebooks/zh/NN_*.ipynb, as paths under notebooks/
NOTEBOOKS = (sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
             + sorted(f"zh/{p.name}" for p in (ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb")))
WITHOUT_EXPLORER = {"00_index.ipynb"}


def notebook_id(name):
    """pytest id: ``03_stride.ipynb``, ``zh-03_stride.ipynb``."""
    return name.replace("/", "-")


def shot_stem(name):
    """Screenshot name stem: ``03_stride``, ``zh_03_stride``."""
    return name[:-len(".ipynb")].replace("/", "_")
T = torch.float64

pytestmark = pytest.mark.browser   # conftest skips it, saying why, when Chromium is absent


# what an explorer shows: its HTML/SVG outputs and images, not its sliders
PICTURE_JS = """el => [...el.querySelectorAll('.widget-html-content, img')]
                      .map(e => e.tagName === 'IMG' ? e.src : e.innerHTML).join('|')"""

# Everything the test needs from one explorer, read from the page as a person's browser shows it.
READ_JS = """ex => {
  const kind = [...ex.classList].find(c => c.endsWith('-explorer') && c !== 'tconv-explorer') || '';
  const sliders = [...ex.querySelectorAll('.widget-slider')].map(s => {
    const h = s.querySelector('.noUi-handle');
    return [s.querySelector('.widget-label').textContent.trim(), +h.getAttribute('aria-valuenow'),
            +h.getAttribute('aria-valuemin'), +h.getAttribute('aria-valuemax')];
  });
  const drops = [...ex.querySelectorAll('.widget-dropdown')].map(d =>
    [d.querySelector('.widget-label').textContent.trim(), d.querySelector('select').selectedIndex]);
  const cells = cls => [...ex.querySelectorAll('g.' + cls)].filter(g => !g.classList.contains('cropped'))
    .map(g => [+g.dataset.r, +g.dataset.c, +(g.dataset.ch || -1), (g.querySelector('text.v') || {}).textContent]);
  const counts = [...ex.querySelectorAll('g.row')].flatMap(g =>
    [...g.querySelectorAll('text.n')].map(t => [+g.dataset.r, +t.dataset.c, t.textContent]));
  const vw = window.innerWidth;
  const texts = [...ex.querySelectorAll('.tconv-picture-box svg text, .tconv-picture-box td, .tconv-picture-box th, '
                                        + '.tconv-picture-box div, .tconv-readout, .tconv-formula, .widget-readout')]
    .filter(t => t.textContent.trim())
    .map(t => { const r = t.getBoundingClientRect(); const s = getComputedStyle(t);
                return [t.textContent.trim().slice(0, 30), r.left, r.right, r.width, r.height,
                        s.visibility, +s.opacity, parseFloat(s.fontSize)]; });
  return {kind, sliders, drops, vw,
          x: cells('x'), k: cells('k'), y: cells('y'), ya: cells('ya'), yb: cells('yb'), m: cells('m'),
          counts, texts,
          readout: (ex.querySelector('.tconv-readout') || {}).textContent || '',
          html: (ex.querySelector('.tconv-picture-box .widget-html-content') || {}).innerHTML || '',
          images: [...ex.querySelectorAll('image')].map(i => i.getAttribute('href'))};
}"""

SCATTER_DEFAULTS = dict(input_size=2, kernel_size=2, stride=1, padding=0, output_padding=0, dilation=1,
                        in_channels=1, out_channels=1, groups=1)   # ScatterExplorer's own defaults


def _explorer_classes():
    from helpers import widgets
    seen, todo = [], list(widgets._Explorer.__subclasses__())
    while todo:
        cls = todo.pop(0)
        if cls not in seen:
            seen.append(cls)
            todo += cls.__subclasses__()
    return [cls for cls in seen if cls.__module__ == widgets.__name__]


@functools.cache
def control_names():
    """What the page shows, mapped to what ``helpers`` calls it, built from the explorers themselves:
    ``({css kind: {label: control name}}, {css kind: {control name: [dropdown values in order]}})``
    over every language of ``helpers.i18n`` (each explorer made with its defaults; ScatterExplorer
    with every slider of ``SLIDERS``). A label that means two controls of one kind is an error."""
    import ipywidgets

    from helpers import widgets
    from helpers.i18n import LANGUAGES, get_language, set_language
    every = {widgets.ScatterExplorer: dict(controls=tuple(widgets.SLIDERS))}
    labels, options = {}, {}
    before = get_language()
    try:
        for language in LANGUAGES:
            set_language(language)
            for cls in _explorer_classes():
                try:
                    ex = cls(**every.get(cls, {}))
                except TypeError:   # an explorer that needs arguments is not on any page by default
                    continue
                for name, w in ex._controls().items():
                    known = labels.setdefault(cls.css_name, {})
                    assert known.get(w.description, name) == name, (
                        f"{cls.__name__}: label {w.description!r} ({language}) means both {known[w.description]} and {name}")
                    known[w.description] = name
                    if isinstance(w, ipywidgets.Dropdown):
                        options.setdefault(cls.css_name, {})[name] = list(w._options_values)
    finally:
        set_language(before)
    return labels, options


def test_control_names_come_from_helpers():
    """The map knows every slider of every explorer kind, in both languages, by the names helpers use."""
    from helpers import widgets
    from helpers.i18n import set_language
    labels, options = control_names()
    scatter = labels["tconv-scatter-explorer"]
    assert set(widgets.SLIDERS) | {"out_channel", "step", "row", "col"} <= set(scatter.values())
    set_language("zh")
    try:
        made = widgets.ShapeExplorer()
        shown = {w.description: name for name, w in made._controls().items()}
    finally:
        set_language("en")
    assert all(labels["tconv-shape-explorer"][label] == name for label, name in shown.items())
    assert options["tconv-upsample-explorer"]["method"] == list(widgets.operations.UPSAMPLE_METHODS)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1600})  # tall explorers fit
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.page_errors = errors
    yield pg
    context.close()


def assert_no_errors(page):
    text = page.locator(".jp-Notebook").inner_text()
    assert "Traceback" not in text, "a cell printed a traceback"
    assert "Error displaying widget" not in text
    assert page.locator(".tconv-message").count() == 0, "an explorer shows an error sentence after Run All"


# ---------------------------------------------------------------- torch for what the sliders say

def grid(cells, what):
    """[(r, c, ch, text)] → 2-D array (one channel)."""
    assert cells, f"no {what} cells drawn"
    h, w = max(c[0] for c in cells) + 1, max(c[1] for c in cells) + 1
    assert len(cells) == h * w, f"{what}: drawn cells do not fill a {h}×{w} grid"
    out = np.zeros((h, w))
    for r, c, _, text in cells:
        out[r, c] = float(text)
    return out


def check_scatter(state, values):
    p = dict(SCATTER_DEFAULTS)
    p.update({k: v for k, v in values.items() if k in SCATTER_DEFAULTS})
    oc, step = values.get("out_channel", 0), values["step"]
    x = example_input(p["in_channels"], p["input_size"], p["input_size"])
    w = example_kernel(p["in_channels"], p["out_channels"] // p["groups"], p["kernel_size"])
    # the data the picture scatters is the documented example data, panel by panel
    for r, c, ch, text in state["x"]:
        assert float(text) == x[ch, r, c], f"X[{ch}][{r},{c}]"
    kw = dict(stride=p["stride"], padding=p["padding"], output_padding=p["output_padding"], groups=p["groups"],
              dilation=p["dilation"])
    mask = (np.arange(x.size) < step).reshape(x.shape)
    y = F.conv_transpose2d(torch.tensor(x * mask, dtype=T)[None], torch.tensor(w, dtype=T), **kw)[0, oc].numpy()
    np.testing.assert_allclose(grid(state["y"], "Y"), y, atol=0.00501)
    full = F.conv_transpose2d(torch.tensor(x, dtype=T)[None], torch.tensor(w, dtype=T), **kw)[0, oc].numpy()
    m = re.match(r"Y\[(\d+), (\d+)\] = (-?[\d.]+)", state["readout"])
    assert m and (int(m[1]), int(m[2])) == (values["row"], values["col"]), state["readout"]
    assert float(m[3]) == pytest.approx(full[int(m[1]), int(m[2])], abs=0.00501)


def check_shape(state, v):
    n, k, s, p, d, op = (v[name] for name in ("size", "kernel_size", "stride", "padding", "dilation",
                                              "output_padding"))
    conv = nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)
    m = conv(torch.zeros(1, 1, n, n)).shape[-1]
    back = nn.ConvTranspose2d(1, 1, k, stride=s, padding=p, output_padding=op, dilation=d)(
        torch.zeros(1, 1, m, m)).shape[-1]
    html = unescape(re.sub(r"<[^>]+>", " ", state["html"]))
    assert re.search(rf"n = {n} → m = .*= {m}\b", html), html[:300]
    assert re.search(rf"m = {m} → .*= {back}\b", html), html[:300]
    verdict = re.search(r'class="tconv-verdict" data-ok="([01])"', state["html"])   # not its words: any language
    assert verdict and (verdict[1] == "1") == (back == n), html[:300]
    rows = re.findall(r'<tr class="row"[^>]*><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td>',
                      state["html"])
    assert rows and str(n) in [r[0] for r in rows]
    for size, mm, o in rows:
        size = int(size)
        assert int(mm) == m == conv(torch.zeros(1, 1, size, size)).shape[-1]
        assert nn.ConvTranspose2d(1, 1, k, stride=s, padding=p, output_padding=int(o), dilation=d)(
            torch.zeros(1, 1, m, m)).shape[-1] == size


def check_overlap(state, v):
    n, k, s, p = v["input_size"], v["kernel_size"], v["stride"], v["padding"]
    counts = F.conv_transpose2d(torch.ones(1, 1, n, n, dtype=T), torch.ones(1, 1, k, k, dtype=T), stride=s,
                                padding=p)[0, 0].numpy()
    np.testing.assert_array_equal(grid([(r, c, -1, t) for r, c, t in state["counts"]], "count"), counts)


def check_matrix(state, v):
    n, k, s, p = v["input_size"], v["kernel_size"], v["stride"], v["padding"]
    K = torch.tensor(example_kernel(1, 1, k), dtype=T)
    C = F.conv2d(torch.eye(n * n, dtype=T).reshape(n * n, 1, n, n), K, stride=s, padding=p).reshape(n * n, -1).T
    drawn = np.zeros(C.shape)
    for r, c, _, text in state["m"]:
        drawn[r, c] = float(text)
    np.testing.assert_array_equal(drawn, C.numpy())
    assert v["pick"] < C.shape[0]


def check_equivalent(state, v):
    n, k, s, p, op = v["input_size"], v["kernel_size"], v["stride"], v["padding"], v["output_padding"]
    y = F.conv_transpose2d(torch.tensor(example_input(1, n, n), dtype=T)[None],
                           torch.tensor(example_kernel(1, 1, k), dtype=T), stride=s, padding=p,
                           output_padding=op)[0, 0].numpy()
    np.testing.assert_array_equal(grid(state["ya"], "Y (a)"), y)
    np.testing.assert_array_equal(grid(state["yb"], "Y (b)"), y)
    assert v["position"] < y.size


def check_upsample(state, v, drops):
    from PIL import Image

    from test_widgets import torch_upsample
    from helpers.operations import sample_image
    f, method = v["factor"], drops["method"]
    expected = np.clip(torch_upsample(sample_image(64), f, method).numpy(), 0, 1) * 255
    href = state["images"][1]
    drawn = np.asarray(Image.open(io.BytesIO(base64.b64decode(href.split(",", 1)[1]))), dtype=float)
    assert drawn.shape == (64 * f, 64 * f)
    assert np.abs(drawn - expected).max() <= 0.5 + 1e-9


CHECKS = {"tconv-scatter-explorer": check_scatter, "tconv-shape-explorer": check_shape,
          "tconv-overlap-explorer": check_overlap, "tconv-matrix-explorer": check_matrix,
          "tconv-equivalent-explorer": check_equivalent}


def check_explorer(ex, where):
    """Read the explorer as shown, check every drawn number against torch for the sliders' values, and
    every text visible; return the slider values and dropdown values by control name
    (``{"input_size": 2, …}``, ``{"method": "bilinear"}``), whatever language the labels are in."""
    state = ex.evaluate(READ_JS)
    kind = state["kind"]
    labels, options = control_names()
    names = labels.get(kind, {})
    unknown = [label for label, *_ in state["sliders"] + state["drops"] if label not in names]
    assert not unknown, f"{where}: {kind or 'explorer'} shows controls {unknown} that helpers' explorers do not make"
    values = {names[label]: now for label, now, lo, hi in state["sliders"]}
    for label, now, lo, hi in state["sliders"]:
        assert lo <= now <= hi, f"{where}: slider {label} at {now} outside {lo}..{hi}"
    drops = {names[label]: options[kind][names[label]][index] for label, index in state["drops"]}
    if kind == "tconv-upsample-explorer":
        check_upsample(state, values, drops)
    else:
        assert kind in CHECKS, f"{where}: unknown explorer {kind!r}"
        CHECKS[kind](state, values)
    assert state["texts"], f"{where}: no text found"
    for text, left, right, width, height, visibility, opacity, size in state["texts"]:
        assert width > 0 and height > 0, f"{where}: {text!r} has no size on screen"
        assert visibility == "visible" and opacity > 0, f"{where}: {text!r} is hidden"
        assert left >= -1 and right <= state["vw"] + 1, f"{where}: {text!r} is off screen ({left:.0f}..{right:.0f})"
    return values, drops


@pytest.mark.parametrize("name", NOTEBOOKS, ids=notebook_id)
def test_notebook_runs_and_explorers_draw_torch(lab, page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    open_notebook(page, lab.url(f"notebooks/{name}"))
    if Path(name).name not in WITHOUT_EXPLORER:
        # before anything runs, the stored explorer output shows its still picture, not a widget error
        last = page.locator(".jp-CodeCell .jp-OutputArea-output").last
        last.scroll_into_view_if_needed()
        still = last.evaluate("el => el.matches('.jp-RenderedSVG, .jp-RenderedHTMLCommon') "
                              "|| !!el.querySelector('img, .jp-RenderedSVG, .jp-RenderedHTMLCommon')")
        assert still, f"{name}: the stored explorer output shows no still picture"
        assert "Error displaying widget" not in page.locator(".jp-Notebook").inner_text()
    run_all(page)
    assert_no_errors(page)
    explorers = page.locator(".tconv-explorer")
    if Path(name).name in WITHOUT_EXPLORER:
        return
    assert explorers.count() >= 1, f"{name} should end with an explorer"
    for i in range(explorers.count()):
        ex = explorers.nth(i)
        ex.scroll_into_view_if_needed()
        stem = f"{shot_stem(name)}_{i}"
        ex.screenshot(path=str(SHOTS / f"{stem}_before.png"))
        before, _ = check_explorer(ex, f"{stem} before the move")
        # the first slider is at its maximum in some explorers: move back instead
        handle = ex.locator(".widget-slider .noUi-handle").first
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        picture = ex.evaluate(PICTURE_JS)
        handle.focus()
        handle.press("ArrowLeft" if at_max else "ArrowRight")
        page.wait_for_function(f"([el, b]) => ({PICTURE_JS})(el) !== b", arg=[ex.element_handle(), picture],
                               timeout=15_000)
        ex.screenshot(path=str(SHOTS / f"{stem}_after.png"))
        assert ex.locator(".tconv-message").count() == 0
        after, _ = check_explorer(ex, f"{stem} after the move")
        assert after != before, f"{stem}: no slider value changed"
    assert not page.page_errors, page.page_errors


def test_notebook7_interface(lab, page):
    """Binder users often land in Notebook 7: the first explorer notebook renders and reacts there too."""
    name = "01_basic_operation.ipynb"
    open_and_run_all(page, lab.url(f"notebooks/{name}", ui="notebook"))
    assert_no_errors(page)
    ex = page.locator(".tconv-explorer").first
    ex.scroll_into_view_if_needed()
    ex.screenshot(path=str(SHOTS / "notebook7_01_before.png"))
    before, _ = check_explorer(ex, "Notebook 7 before")
    # arrow keys reach the focused slider in Notebook 7 too (binder/overrides.json keeps Notebook 7's
    # command-mode arrow shortcuts off slider handles; tests/test_slides.py checks this in detail)
    picture = ex.evaluate(PICTURE_JS)
    handle = ex.locator(".widget-slider .noUi-handle").first
    handle.focus()
    handle.press("ArrowRight")
    page.wait_for_function(f"([el, b]) => ({PICTURE_JS})(el) !== b", arg=[ex.element_handle(), picture],
                           timeout=15_000)
    ex.screenshot(path=str(SHOTS / "notebook7_01_after.png"))
    after, _ = check_explorer(ex, "Notebook 7 after")
    assert after["input_size"] != before["input_size"], "the input size did not change"
