"""`make site` (tools/build_site.py) and the live explorers of `make slides` (tools/export_slides.py), in
Chromium opened from file:// with every request that is not a file (or the page's own data:/blob: URLs)
blocked.

The site: every page of both editions loads with no console error and no request leaving the folder, has
its navigation, typesets its formulas, and every explorer output is live (helpers/js/host.js) where the
saved module has a view for its kind — else it shows its still picture. Every explorer on every page is
moved (each range control: focus, then ArrowRight/ArrowLeft and End/Home) and after each move the picture
changed (unless Python's picture is the same for both states) and the numbers drawn
(``.tconv-picture-box[data-output]``) equal what the Python explorer of ``helpers.explorers`` gives for the
state the browser shows (the root's ``data-state``); for the scatter kind they are also compared with torch
directly. The first explorer must answer within 1 s of navigation
(median over the pages).

The decks: the same moves on every explorer slide of every English deck, and the slide still fits 1280×720;
PageDown (or PageUp on a last slide) on a focused control moves the deck and leaves the control alone.

Set SITE_NOTEBOOKS=<folder> to build from notebooks executed elsewhere (its zh/ the Chinese edition).
"""
from __future__ import annotations

import json
import math
import os
import re
import statistics
from pathlib import Path

import nbformat
import numpy as np
import pytest

from tools import build_site, export_slides, widget_host, widget_state
from tools.labserver import launch_browser

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path(os.environ.get("SITE_NOTEBOOKS") or ROOT / "notebooks")
SHOTS = ROOT / "artifacts" / "site"
WAIT_MS = 180_000          # for what the page must show; a loaded machine can be that slow
FIRST_LIVE_MS = 1000       # issue 18's budget: the first explorer interactive ≤ 1 s after load (printed)
LOCAL = ("file:", "data:", "blob:")
VIEWS_LINE = re.compile(r"^export const VIEWS = \{([^}]*)\};", re.M)

pytestmark = pytest.mark.export


# ---------------------------------------------------------------- what Python says

def _kinds() -> dict:
    """kind → explorer class (helpers.explorers)."""
    import helpers.explorers as ex
    return {cls.KIND: cls for cls in vars(ex).values()
            if isinstance(cls, type) and issubclass(cls, ex.Explorer) and cls.KIND}


def _python_explorer(kind: str, state: dict, saved: dict):
    """The Python explorer of ``kind`` holding exactly ``state`` (the browser's, already in bounds); a trait the
    view leaves out of its state (e.g. upsample's image) comes from the model's saved state."""
    explorer = _kinds()[kind]()
    # the traits as they are, no re-adapting
    explorer._assign({key: state[key] if key in state else saved[key] for key in explorer.KEYS})
    return explorer


def _python_output(kind: str, explorer):
    """What the browser's view puts in ``data-output`` for ``kind``, from the Python explorer (the same shape as
    the kind's fixture in tools/fixtures/<kind>.py)."""
    if kind == "matrix_step":   # the matrix and the row being multiplied (tools/fixtures/matrix_step.py)
        step = explorer.step
        return {"C": explorer.output, "row": step.row, "cols": list(step.cols), "coeffs": list(step.coeffs),
                "values": list(step.values), "value": step.value,
                "y_so_far": [None if math.isnan(v) else v for v in step.so_far.tolist()]}
    if kind == "matrix_transposed_step":   # a row of Cᵀ times vec(Y) (tools/fixtures/matrix_transposed_step.py)
        step = explorer.step
        return {"C": explorer.output, "row": step.row, "cols": list(step.cols), "coeffs": list(step.coeffs),
                "values": list(step.values), "value": step.value,
                "z_so_far": [None if math.isnan(v) else v for v in step.so_far.tolist()]}
    if kind == "window":   # the whole output and this step's window sum (tools/fixtures/window.py)
        return {"y": explorer.output, "value": explorer.step.value}
    return explorer.output


def _plain(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    return value


def _close(a, b) -> bool:
    """Equal structure, numbers equal to 1e-12 (relative) — the browser adds in its own order."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def _torch_scatter(explorer, state):
    """torch's conv_transpose2d of the scatter explorer's data, float64, the channel shown — or None when
    only part of the copies are drawn (Play's step)."""
    import torch
    x, w = explorer._data(state)
    if state["step"] != x.size:
        return None
    y = torch.nn.functional.conv_transpose2d(
        torch.tensor(x[None], dtype=torch.float64), torch.tensor(w, dtype=torch.float64),
        stride=state["stride"], padding=state["padding"], output_padding=state["output_padding"],
        groups=state["groups"], dilation=state["dilation"])
    return y[0, state["out_channel"]].tolist()


def check_explorer(root: dict, where: str) -> str:
    """The browser's numbers (or message) for its state equal Python's (and torch's for scatter), in the
    explorer's language (Python computes its sentences when they are read)."""
    from helpers import i18n
    i18n.set_language(root["lang"])
    try:
        return _check_explorer(root, where)
    finally:
        i18n.set_language("en")


def _python_svg(root: dict) -> str:
    """Python's picture for the browser's state, in the explorer's language."""
    from helpers import i18n
    i18n.set_language(root["lang"])
    try:
        return _python_explorer(root["kind"], json.loads(root["state"]), json.loads(root["saved"])).svg
    finally:
        i18n.set_language("en")


def _check_explorer(root: dict, where: str) -> str:
    state = json.loads(root["state"])
    explorer = _python_explorer(root["kind"], state, json.loads(root["saved"]))
    if root["message"] is not None:
        assert root["message"] == explorer.message, f"{where}: message for {state}"
        return "message"
    drawn = json.loads(root["output"])
    assert explorer.message == "", f"{where}: Python refuses {state}: {explorer.message}"
    expected = _plain(_python_output(root["kind"], explorer))
    assert _close(drawn, expected), f"{where}: output for {state}: {drawn} != {expected}"
    assert root["sentence"] == explorer.sentence, f"{where}: sentence for {state}"
    if root["kind"] == "scatter":
        expected = _torch_scatter(explorer, state)
        if expected is not None:
            assert _close(drawn, expected), f"{where}: torch gives {expected} for {state}, drawn {drawn}"
            return "torch"
    return "python"


def _saved_kinds(nb) -> set[str]:
    """The kinds the notebook's saved module can draw (its VIEWS line)."""
    modules = set(widget_state.saved_modules(nb))
    kinds = set()
    for module in modules:
        found = VIEWS_LINE.search(module)
        if found:
            kinds |= {part.split(":")[0].strip() for part in found.group(1).split(",") if part.strip()}
    return kinds


def _expected_live(nb) -> tuple[int, int]:
    """(widget outputs, of which drawable by the saved module)."""
    models = nb.metadata.get("widgets", {}).get(widget_host.STATE, {}).get("state", {})
    kinds = _saved_kinds(nb)
    total = live = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            view = output.get("data", {}).get(widget_host.VIEW)
            if isinstance(view, dict) and view.get("model_id") in models:
                total += 1
                live += models[view["model_id"]]["state"].get("kind") in kinds
    return total, live


# ---------------------------------------------------------------- in the page

ROOT_JS = """(box) => { const r = box.querySelector('.tconv-live'); const p = r.querySelector('.tconv-picture-box');
  return {state: r.dataset.state, message: r.dataset.message === undefined ? null : r.dataset.message,
          // data-output, or for a large output (an image) the property controls.js keeps it in
          output: p.dataset.output !== undefined ? p.dataset.output :
                  p.tconvOutput !== undefined ? JSON.stringify(p.tconvOutput) : null,
          sentence: r.dataset.sentence || '',
          picture: p.innerHTML, lang: r.lang || 'en', kind: box.dataset.kind, saved: box.dataset.saved}; }"""

# the model's kind trait, from the page's saved widget state, kept on the output box for ROOT_JS
KIND_OF_BOXES = """() => { const saved = JSON.parse(document.querySelector(
    'script[type="application/vnd.jupyter.widget-state+json"]').textContent).state;
  for (const box of document.querySelectorAll('.tconv-widget')) {
    const view = JSON.parse(box.querySelector('script[type="application/vnd.jupyter.widget-view+json"]').textContent);
    const state = saved[view.model_id].state;
    box.dataset.kind = state.kind;
    // the model's other saved traits (e.g. upsample's image, which the view keeps out of data-state)
    box.dataset.saved = JSON.stringify(Object.fromEntries(Object.entries(state).filter(([k, v]) =>
      !k.startsWith('_') && !(v && typeof v === 'object' && '$shared' in v)))); } }"""


def _read(box) -> dict:
    return box.evaluate(ROOT_JS)


class Recorder:
    """Console errors, page errors and requests that tried to leave the folder, per page."""

    def __init__(self, context):
        self.leaving, self.errors = [], []
        context.route("**/*", self._route)

    def _route(self, route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            self.leaving.append(route.request.url)
            route.abort()

    def watch(self, page):
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def check(self, where: str):
        assert not self.leaving, f"{where}: requests leaving the folder: {self.leaving[:5]}"
        assert not self.errors, f"{where}: console errors: {self.errors[:5]}"


def move_every_control(page, box, where: str, after_move=None) -> dict:
    """Every enabled range control of the explorer in ``box``: a step and a jump to an end by keyboard; after
    each move the picture changed and the numbers equal Python's. Returns counts."""
    counts = {"moves": 0, "python": 0, "torch": 0, "message": 0}
    names = box.locator(".tconv-live .tconv-control[data-name]").evaluate_all("rs => rs.map(r => r.dataset.name)")
    for name in names:
        for step_key, end_key in (("ArrowRight", "End"), ("ArrowLeft", "Home")):
            for key in (step_key, end_key):
                control = box.locator(f'.tconv-live .tconv-control[data-name="{name}"] input[type=range]')
                if control.count() == 0 or control.is_disabled():
                    break
                value, lo, hi = control.evaluate("i => [Number(i.value), Number(i.min), Number(i.max)]")
                if (key in ("ArrowRight", "End") and value >= hi) or (key in ("ArrowLeft", "Home") and value <= lo):
                    continue
                before = _read(box)
                control.focus()
                control.press(key)
                after = _read(box)
                label = f"{where}: {name} {key} from {value}"
                assert after["state"] != before["state"], f"{label}: the state did not change"
                if after["picture"] == before["picture"]:   # a move may change nothing drawn (stride of one cell)
                    assert _python_svg(before) == _python_svg(after), f"{label}: the picture did not change"
                counts[check_explorer(after, label)] += 1
                counts["moves"] += 1
                if after_move:
                    after_move(label)
    return counts


# ---------------------------------------------------------------- the site

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    pages = build_site.build(out, source=SOURCE)
    return out, pages


def test_site_has_every_notebook_of_both_editions(site):
    out, pages = site
    for edition, folder in build_site.editions(SOURCE).items():
        for nb in build_site.notebooks(folder):
            assert (out / build_site.page_path(edition, nb)).is_file(), f"no page for {nb}"
    assert len(pages) == sum(len(build_site.notebooks(f)) for f in build_site.editions(SOURCE).values())
    assert (out / "index.html").is_file() and (out / "zh" / "index.html").is_file()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "require.js" not in text and "cdnjs" not in text and "unpkg" not in text, page
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', text):
            assert (page.parent / src.split("?")[0]).is_file(), f"{page.name}: missing {src}"
        for href in re.findall(r'<a [^>]*href="([^"#]+)[^"]*"', text):   # links between pages stay in the site
            if not export_slides.is_external(href):
                assert (page.parent / href).is_file(), f"{page.relative_to(out)}: broken link {href}"
                assert not href.endswith(".ipynb"), f"{page.relative_to(out)}: link to a notebook {href}"


def _page_notebook(out: Path, page: Path):
    for edition, folder in build_site.editions(SOURCE).items():
        for nb in build_site.notebooks(folder):
            if out / build_site.page_path(edition, nb) == page:
                return edition, nb
    raise AssertionError(page)


@pytest.mark.browser
def test_every_page_works_offline_and_every_explorer_moves(site):
    from playwright.sync_api import sync_playwright

    out, pages = site
    totals = {"pages": 0, "explorers": 0, "stills": 0, "moves": 0, "python": 0, "torch": 0, "message": 0}
    first_live = {}
    with sync_playwright() as p:
        browser = launch_browser(p)
        try:
            for page_path in pages:
                edition, notebook = _page_notebook(out, page_path)
                nb = nbformat.read(notebook, as_version=4)
                total, live = _expected_live(nb)
                where = str(page_path.relative_to(out))
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                recorder = Recorder(context)
                page = context.new_page()
                recorder.watch(page)
                page.goto(page_path.as_uri())
                page.wait_for_load_state("load")
                # navigation: contents, previous/next, the other edition
                nav = page.eval_on_selector_all("nav.site-nav.top a", "as => as.map(a => a.getAttribute('href'))")
                assert len(nav) >= 3, f"{where}: navigation {nav}"
                for href in nav:
                    assert (page_path.parent / href.split("#")[0]).is_file(), f"{where}: nav link {href}"
                if total:
                    page.wait_for_function("document.documentElement.hasAttribute('data-host-ready')", timeout=WAIT_MS)
                    assert int(page.evaluate("document.documentElement.dataset.hostReady")) == live, where
                    if live:
                        first_live[where] = float(page.evaluate("document.documentElement.dataset.hostFirstLive"))
                boxes = page.locator(".tconv-widget")
                assert boxes.count() == total, f"{where}: {boxes.count()} widget outputs, the notebook has {total}"
                if total:
                    page.evaluate(KIND_OF_BOXES)
                if any("$" in c.source for c in nb.cells if c.cell_type == "markdown"):
                    page.wait_for_function("window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0 && "
                                           "document.querySelectorAll('.MathJax, .MathJax_Display').length > 0",
                                           timeout=WAIT_MS)
                for i in range(total):
                    box = boxes.nth(i)
                    if box.get_attribute("data-host") != "live":
                        assert box.locator(".tconv-still").count() == 1, f"{where}: explorer {i} shows nothing"
                        totals["stills"] += 1
                        continue
                    box.scroll_into_view_if_needed()
                    if not totals["explorers"]:
                        SHOTS.mkdir(parents=True, exist_ok=True)
                        box.screenshot(path=str(SHOTS / "site_first_explorer.png"))
                    check_explorer(_read(box), f"{where} explorer {i} as loaded")
                    counts = move_every_control(page, box, f"{where} explorer {i}")
                    for k, v in counts.items():
                        totals[k] += v
                    totals["explorers"] += 1
                recorder.check(where)
                totals["pages"] += 1
                context.close()
        finally:
            browser.close()
    # how soon the first explorer answers is printed, never asserted (timings vary with the machine's load;
    # the budget, FIRST_LIVE_MS, is reported against in the README)
    print("site:", totals, "first explorer live (ms after navigation):", first_live,
          f"median {statistics.median(first_live.values()):.0f} ms [≤ {FIRST_LIVE_MS}]" if first_live else "")
    assert totals["pages"] == len(pages)
    assert first_live, "no page reported when its first explorer became live (data-host-first-live)"


# ---------------------------------------------------------------- the slides

@pytest.fixture(scope="module")
def live_decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    paths = sorted(SOURCE.glob("[0-9]*.ipynb"))
    return out, export_slides.export(paths, out), paths


@pytest.mark.browser
def test_every_deck_explorer_moves_offline_and_the_clicker_moves_the_deck(live_decks):
    from playwright.sync_api import sync_playwright

    out, decks, paths = live_decks
    totals = {"decks": 0, "explorers": 0, "stills": 0, "moves": 0, "python": 0, "torch": 0, "message": 0,
              "clicker": 0}
    with sync_playwright() as p:
        browser = launch_browser(p)
        try:
            for deck, notebook in zip(decks, paths):
                nb = nbformat.read(notebook, as_version=4)
                total, live = _expected_live(nb)
                if not total:
                    continue
                where = deck.name
                context = browser.new_context(viewport={"width": 1280, "height": 720})
                recorder = Recorder(context)
                page = context.new_page()
                recorder.watch(page)
                page.goto(deck.as_uri())
                page.wait_for_function("window.Reveal && Reveal.isReady() && "
                                       "document.documentElement.hasAttribute('data-host-ready')", timeout=WAIT_MS)
                assert int(page.evaluate("document.documentElement.dataset.hostReady")) == live, where
                boxes = page.locator(".tconv-widget")
                assert boxes.count() == total, where
                page.evaluate(KIND_OF_BOXES)
                for i in range(total):
                    box = boxes.nth(i)
                    indices = box.evaluate("b => Reveal.getIndices(b.closest('section'))")
                    page.evaluate("([h, v]) => Reveal.slide(h, v)", [indices["h"], indices.get("v") or 0])
                    page.wait_for_function("b => b.closest('section').classList.contains('present')",
                                           arg=box.element_handle(), timeout=WAIT_MS)

                    def fits(label, box=box):
                        # the deck shrinks the picture after each drawing (MutationObserver); give it a frame
                        page.wait_for_function("b => { const s = b.closest('section'); const i = b.querySelector("
                                               "'.tconv-still img'); return (!i || i.complete) && "
                                               "s.scrollHeight <= s.clientHeight + 1; }",
                                               arg=box.element_handle(), timeout=10_000)

                    fits(f"{where} explorer {i} as loaded")
                    if box.get_attribute("data-host") != "live":
                        assert box.locator(".tconv-still").count() == 1, f"{where}: explorer {i} shows nothing"
                        totals["stills"] += 1
                        continue
                    if not totals["explorers"]:
                        SHOTS.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=str(SHOTS / "deck_first_explorer.png"))
                    check_explorer(_read(box), f"{where} explorer {i} as loaded")
                    counts = move_every_control(page, box, f"{where} explorer {i}", after_move=fits)
                    for k, v in counts.items():
                        totals[k] += v
                    # a presenter's clicker: PageDown (PageUp on the last slide) on a focused control moves the deck
                    control = box.locator(".tconv-live .tconv-control input[type=range]:not([disabled])").first
                    if control.count():
                        before = (page.evaluate("Reveal.getIndices()"), _read(box)["state"])
                        key = "PageUp" if page.evaluate("Reveal.isLastSlide()") else "PageDown"
                        control.focus()
                        control.press(key)
                        page.wait_for_function("i => JSON.stringify(Reveal.getIndices()) !== i",
                                               arg=json.dumps(before[0]), timeout=10_000)
                        assert _read(box)["state"] == before[1], f"{where} explorer {i}: {key} moved the control"
                        totals["clicker"] += 1
                    totals["explorers"] += 1
                recorder.check(where)
                totals["decks"] += 1
                context.close()
        finally:
            browser.close()
    print("decks:", totals)
