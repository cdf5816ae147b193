"""The lecture slideshow (jupyterlab-slideshow, `deck:toggle`) in a real JupyterLab page at 1280×720.

For every numbered notebook of both editions (notebooks/NN_*.ipynb, notebooks/zh/NN_*.ipynb with ids
``zh-…``; test_browser.NOTEBOOKS), as a lecturer would: open it, Run All, select the title cell, press the
notebook toolbar's slideshow button ("Toggle Deck"), then walk the slides with the Space key. On
every slide the text sizes are measured in the browser (prose >= 24 px, code >= 20 px) and so is
any content that does not fit 1280×720; on every explorer slide every control is swept with the arrow
keys and Home/End (each acts on the control only: same slide, same active cell) and every number drawn is
compared with torch for the explorer's state (test_browser.check_explorer: ``data-state`` → torch in
float64 vs ``data-output`` and the picture); then a clicker's PageDown/PageUp on a focused control must
move the deck and leave the control's value alone. The slideshow must log no console error. Screenshots
go to artifacts/slides/ (git-ignored); the slides that overflow are listed in artifacts/slides/overflow.json.

The presenter checks for explorers (150 % zoom with the file browser open; every key in Notebook 7, and
dragging a control's thumb) are at the end.
"""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from test_browser import ACTIVE_CELL_JS, EXPLORER, NOTEBOOKS, notebook_id, press_on_control, sweep
from test_browser import check_explorer as check_drawn
from tools.labserver import open_notebook, run_all

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "slides"
VIEWPORT = {"width": 1280, "height": 720}
PROSE_PX, CODE_PX = 24, 20

def test_every_cell_on_a_slide_appears_with_a_key_press():
    """The slideshow moves one cell per key press. A cell with no slide type is on screen with its slide from
    the start, so pressing onto it changes nothing (81 of 191 presses in 01–05 did that); a cell marked with the
    classic "-" is never shown. So every cell after the first is a slide, sub-slide, fragment, note or skipped,
    and the title slide shows no code (the imports are skipped). Fix with tools/slide_metadata.py."""
    wrong = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "notebooks" / "zh").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        kinds = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
        first_start = next((i for i, k in enumerate(kinds) if i > 0 and k in ("slide", "subslide")), len(kinds))
        bad = [i for i, k in enumerate(kinds) if i > 0 and k not in ("slide", "subslide", "fragment", "notes", "skip")]
        bad += [i for i in range(1, first_start) if nb.cells[i].cell_type == "code" and kinds[i] != "skip"]
        if kinds[0] != "slide" or bad:
            wrong[path.relative_to(ROOT / "notebooks").as_posix()] = sorted(bad)
    assert not wrong, ("run `python tools/slide_metadata.py notebooks/*.ipynb notebooks/zh/*.ipynb`; cells that "
                       f"would not change the slide: {wrong}")


def test_slideshow_styles_are_installed_with_the_project():
    """The lecture-hall sizes come from binder/overrides.json (jupyterlab-fonts' global styles),
    which `make env` and binder/postBuild copy into JupyterLab's settings: nothing is fetched."""
    ours = json.loads((ROOT / "binder" / "overrides.json").read_text(encoding="utf-8"))
    styles = ours["@deathbeds/jupyterlab-fonts:fonts"]["styles"]
    text = json.dumps(styles)
    assert "http" not in text and "@import" not in text, "the slideshow styles must not load anything"
    import sys
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.exists(), f"{installed} is missing: run `make env` (it copies binder/overrides.json)"
    assert json.loads(installed.read_text(encoding="utf-8")) == ours, (
        f"{installed} differs from binder/overrides.json: run `make env` again")


# ---------------------------------------------------------------- in the browser

in_browser = pytest.mark.browser   # conftest skips it, saying why, when Chromium is absent

# the slide on screen: its cells, the sizes of its text and what does not fit the window
SLIDE_JS = """() => {
  const panel = jupyterapp.shell.currentWidget, nb = panel.content;
  const cells = nb.widgets.filter(c => c.node.classList.contains('jp-deck-mod-onscreen'));
  const shown = e => e.getClientRects().length > 0 && e.textContent.trim() !== '';
  const sizes = sel => [...new Set(cells.flatMap(c => [...c.node.querySelectorAll(sel)]).filter(shown)
                        .map(e => parseFloat(getComputedStyle(e).fontSize)))].sort((a, b) => a - b);
  const rects = cells.map(c => c.node.getBoundingClientRect()).filter(r => r.height > 0);
  const top = Math.min(...rects.map(r => r.top)), bottom = Math.max(...rects.map(r => r.bottom));
  const wide = cells.flatMap(c => [...c.node.querySelectorAll(
                 '.cm-scroller, .jp-OutputArea-output, .jp-RenderedMarkdown, .tconv-live, .tconv-picture-box')])
               .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
               .map(e => e.scrollWidth - e.clientWidth);
  return {active: nb.activeCellIndex, cells: cells.map(c => nb.widgets.indexOf(c)),
          hscroll: panel.node.scrollWidth - panel.node.clientWidth,
          visible: cells.filter(c => c.node.classList.contains('jp-deck-mod-visible')).map(c => nb.widgets.indexOf(c)),
          ids: cells.map(c => c.model.id), tall: Math.round(bottom - top - window.innerHeight),
          wide: wide.length ? Math.max(...wide) : 0,
          prose: sizes('.jp-RenderedMarkdown p, .jp-RenderedMarkdown li'),
          code: sizes('.jp-InputArea .cm-line'), output: sizes('.jp-RenderedText pre'),
          presenting: document.body.dataset.jpDeckMode === 'presenting'};
}"""


def _page(browser, **context):
    pg = browser.new_context(**context).new_page()
    pg.console_errors, pg.failed_urls = [], []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))
    pg.on("requestfailed", lambda r: pg.failed_urls.append(r.url))
    return pg


def slideshow_errors(page, name):
    """Console errors, leaving out images that the notebook's own text links from the web (e.g. the
    Binder badge of 00_index, unreachable offline): they are not the slideshow's."""
    source = (ROOT / "notebooks" / name).read_text(encoding="utf-8")
    external = [u for u in page.failed_urls if u in source]
    errors = list(page.console_errors)
    for _ in external:
        if "Failed to load resource" in " ".join(errors):
            errors.remove(next(e for e in errors if "Failed to load resource" in e))
    return errors


@pytest.fixture
def page(browser):
    pg = _page(browser, viewport=VIEWPORT)
    yield pg
    pg.context.close()


def start_slideshow(page):
    """What the README tells a lecturer: select the title cell, press the toolbar's slideshow button."""
    page.locator(".jp-Notebook .jp-Cell").first.click()
    page.locator(".jp-NotebookPanel-toolbar [data-command='deck:toggle']").first.click()
    page.wait_for_function("() => document.body.dataset.jpDeckMode === 'presenting'")
    page.wait_for_function("() => jupyterapp.shell.currentWidget.content.widgets"
                           ".some(c => c.node.classList.contains('jp-deck-mod-onscreen'))")


def stop_slideshow(page):
    """Esc ends the slideshow and returns to the notebook (else JupyterLab reopens presenting)."""
    page.evaluate("() => jupyterapp.shell.currentWidget.content.activeCell.node.focus()")
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.body.dataset.jpDeckMode !== 'presenting'")


def next_slide(page, state, key="Space"):
    """Press Space or PageDown (a clicker's "next"; binder/overrides.json binds it), which go through
    subslides too, unlike ArrowRight; False at the end of the deck."""
    page.evaluate("() => jupyterapp.shell.currentWidget.content.activeCell.node.focus()")
    page.keyboard.press(key)
    try:
        page.wait_for_function("a => jupyterapp.shell.currentWidget.content.activeCellIndex !== a",
                               arg=state["active"], timeout=3_000)
    except Exception:  # noqa: BLE001  (playwright's TimeoutError: nothing after the last slide)
        return False
    return True


# -- explorers ----------------------------------------------------------------

def clicker_hands_off(page, explorer, shot):
    """A clicker's PageDown/PageUp on a focused explorer control moves the deck (binder/overrides.json binds
    them to deck:go; the explorer hands the key to its cell), and the control keeps its value. The deck is
    brought back to the explorer's slide afterwards."""
    # a handle, not a locator: the locator's ".jp-deck-mod-onscreen" stops matching once the deck moves
    control = explorer.locator(".tconv-control input[type=range]:not([disabled])").first.element_handle()
    explorer = explorer.element_handle()
    control.focus()
    value = control.evaluate("i => i.value")
    active = page.evaluate(ACTIVE_CELL_JS)
    moved = None
    for key, back, ahead in (("PageDown", "PageUp", True), ("PageUp", "PageDown", False)):
        control.focus()
        page.keyboard.press(key)
        try:
            page.wait_for_function("([a, ahead]) => { const i = jupyterapp.shell.currentWidget.content.activeCellIndex;"
                                   " return ahead ? i > a : i < a; }", arg=[active, ahead], timeout=3_000)
        except Exception:  # noqa: BLE001  (the first or last slide: this key cannot move the deck)
            assert control.evaluate("i => i.value") == value, f"{shot}: {key} moved the control, not the deck"
            continue
        moved = key
        assert control.evaluate("i => i.value") == value, f"{shot}: {key} moved the deck and the control"
        assert page.evaluate("() => document.body.dataset.jpDeckMode") == "presenting"
        page.screenshot(path=str(SHOTS / f"{shot}_clicker_{key}.png"))
        page.evaluate("() => jupyterapp.shell.currentWidget.content.activeCell.node.focus()")
        page.keyboard.press(back)
        page.wait_for_function("a => jupyterapp.shell.currentWidget.content.activeCellIndex === a", arg=active,
                               timeout=5_000)
        break
    assert moved, f"{shot}: neither PageDown nor PageUp on a focused control moved the deck"
    assert explorer.is_visible(), f"{shot}: the deck did not come back to the explorer's slide"
    assert explorer.evaluate("ex => !!ex.closest('.jp-deck-mod-onscreen')"), f"{shot}: not back on the explorer's slide"


def check_explorer(page, explorer, shot):
    """Every drawn number against torch for the state shown (test_browser.check_explorer, every explorer
    kind), then every range control swept by arrows and Home/End: each acts on the control, never on the
    slideshow (same slide, same active cell), and the picture equals torch after each key; then a clicker's
    PageDown/PageUp on a focused control moves the deck instead."""
    explorer.screenshot(path=str(SHOTS / f"{shot}_before.png"))
    check_drawn(explorer, f"{shot} before the keys")
    sweep(page, explorer, shot, presenting=True, keys=("End", "ArrowLeft", "Home", "ArrowRight", "ArrowUp", "ArrowDown"))
    explorer.screenshot(path=str(SHOTS / f"{shot}_after.png"))
    assert page.evaluate("() => document.body.dataset.jpDeckMode") == "presenting"
    assert explorer.is_visible()
    clicker_hands_off(page, explorer, shot)


# -- every slide of every notebook ----------------------------------------------


@in_browser
@pytest.mark.parametrize("name", NOTEBOOKS, ids=notebook_id)
def test_slideshow(lab, page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    stem = ("zh" if name.startswith("zh/") else "") + Path(name).name[:2]   # "03", or "zh03" for zh/03_….ipynb
    open_notebook(page, lab.url(f"notebooks/{name}"))
    run_all(page)
    start_slideshow(page)
    slides, small, explorers_seen, unchanged = [], [], 0, []
    state = page.evaluate(SLIDE_JS)
    while True:
        if slides and (state["cells"], state["visible"]) == (slides[-1]["cells"], slides[-1]["visible"]):
            unchanged.append(state["ids"][0])     # a key press that left the slide as it was
        else:
            slides.append(state)
            first = state["ids"][0]
            page.screenshot(path=str(SHOTS / f"{stem}_{len(slides):02d}_{first}.png"))
            if any(p < PROSE_PX for p in state["prose"]) or any(c < CODE_PX for c in state["code"] + state["output"]):
                small.append((first, state["prose"], state["code"], state["output"]))
            onscreen = page.locator(f".jp-deck-mod-onscreen {EXPLORER}")
            for i in range(onscreen.count()):
                explorers_seen += 1
                check_explorer(page, onscreen.nth(i), f"{stem}_explorer{explorers_seen}")
                state = page.evaluate(SLIDE_JS)
        if not next_slide(page, state, ("Space", "PageDown")[len(slides) % 2]):
            break
        state = page.evaluate(SLIDE_JS)
    assert state["presenting"], "the slideshow stopped on its own"
    assert not unchanged, f"{name}: key presses that changed nothing on the slides starting with {unchanged}"
    errors = slideshow_errors(page, name)
    assert not errors, f"{name}: console errors in the slideshow: {errors}"
    # back: PageUp (a clicker's "previous") and Shift+Space each step back
    for key in ("PageUp", "Shift+Space"):
        before = page.evaluate("() => jupyterapp.shell.currentWidget.content.activeCellIndex")
        page.evaluate("() => jupyterapp.shell.currentWidget.content.activeCell.node.focus()")
        page.keyboard.press(key)
        page.wait_for_function("a => jupyterapp.shell.currentWidget.content.activeCellIndex < a", arg=before,
                               timeout=5_000)
    if name == "00_index.ipynb":
        # JupyterLab remembers a running slideshow: a page opened now starts in it (a second page on
        # the same kernel makes the first log "Comm not found": console errors are checked above)
        other = _page(page.context.browser, viewport=VIEWPORT)
        open_notebook(other, lab.url(f"notebooks/{name}"))
        other.wait_for_function("() => document.body.dataset.jpDeckMode === 'presenting'")
        other.context.close()
    stop_slideshow(page)
    assert page.get_by_role("menuitem", name="Run", exact=True).first.is_visible(), "the menu bar did not come back"
    assert len(slides) >= 3, f"{name}: only {len(slides)} slides were shown"
    if not name.endswith("00_index.ipynb"):
        assert explorers_seen >= 1, f"{name}: no explorer slide was reached with Space"
    assert not small, f"{name}: text below {PROSE_PX} px prose / {CODE_PX} px code on slides {small}"
    # a horizontal scrollbar on the slideshow panel steals height from every slide (the browser shows
    # scrollbars: tools/labserver.py launches Chromium without --hide-scrollbars)
    overflow = {s["ids"][0]: {"too tall px": max(s["tall"], 0), "too wide px": s["wide"], "scrollbar px": s["hscroll"]}
                for s in slides if s["tall"] > 0 or s["wide"] > 0 or s["hscroll"] > 0}
    report = SHOTS / "overflow.json"
    table = json.loads(report.read_text()) if report.exists() else {}
    table[name] = overflow
    report.write_text(json.dumps(table, indent=1, sort_keys=True))
    # every slide fits: on a slide that does not, split it (a sub-slide before a tall output) or let
    # the slideshow's styles in binder/overrides.json wrap or shrink what is too big
    assert not overflow, (f"{name}: these slides do not fit 1280×720 (first cell id: excess in px): "
                          + ", ".join(f"{k}: {v}" for k, v in overflow.items()))


COLLAPSED_JS = """() => jupyterapp.shell.currentWidget.content.widgets.filter(c =>
  c.model.getMetadata('jp-MarkdownHeadingCollapsed') !== undefined || c.model.getMetadata('heading_collapsed') !== undefined
  || (c.headingCollapsed === true)).map(c => c.model.id)"""


def walk(page, key):
    """Press `key` until the deck stops moving; the ids of the cells on screen after each press."""
    seen = []
    while True:
        state = page.evaluate(SLIDE_JS)
        seen.append(tuple(state["ids"]))
        if not next_slide(page, state, key):
            return seen


@in_browser
def test_arrow_keys_step_the_deck_and_never_collapse(lab, page):
    """→ and ↓ go through every slide and sub-slide exactly as Space does, ← and ↑ come back the same way,
    and no key press folds a heading (JupyterLab's ← collapses the heading of a Markdown cell, and autosave
    would write that state into the lecturer's notebook)."""
    name = "01_basic_operation.ipynb"
    open_notebook(page, lab.url(f"notebooks/{name}"))
    run_all(page)
    start_slideshow(page)
    forward = walk(page, "Space")
    assert len(forward) > 5
    for back_key, on_key in (("ArrowLeft", "ArrowRight"), ("ArrowUp", "ArrowDown")):
        backward = walk(page, back_key)
        assert backward == forward[::-1], f"{back_key} did not step back through every slide"
        assert walk(page, on_key) == forward, f"{on_key} did not step through every slide as Space does"
        assert page.evaluate(COLLAPSED_JS) == [], f"{back_key}/{on_key} wrote heading-collapse state"
    stop_slideshow(page)


def test_no_notebook_stores_collapse_state():
    """Collapsed headings or inputs in a committed notebook hide a slide's content from the class."""
    for path in sorted((ROOT / "notebooks").glob("**/*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            flags = {"jp-MarkdownHeadingCollapsed", "heading_collapsed", "collapsed"} & set(cell.metadata)
            hidden = cell.metadata.get("jupyter", {}).get("source_hidden")
            assert not flags and not hidden, f"{path.name}: cell {cell.get('id')} stores {flags or 'source_hidden'}"


# -- explorers for presenters ---------------------------------------------------

# 150 % browser zoom in a 1280×720 window: 853×480 CSS pixels, each 1.5 device pixels
ZOOMED = {"viewport": {"width": 853, "height": 480}, "device_scale_factor": 1.5}

FIT_JS = """ex => {
  const area = ex.closest('.jp-Notebook').getBoundingClientRect();
  const e = ex.getBoundingClientRect();
  const cut = [...ex.querySelectorAll('output, label, input, select, svg, .tconv-above, .tconv-below')].filter(r => {
    const b = r.getBoundingClientRect();
    return b.width > 0 && (b.left < area.left - 1 || b.right > area.right + 1 || b.right > e.right + 1);
  }).map(r => (r.textContent || r.tagName).trim().slice(0, 30));
  return {overflowing: ex.scrollWidth - ex.clientWidth, right: Math.round(e.right - area.right), cut};
}"""


def press_arrows(page, explorer, where):
    """ArrowRight then ArrowLeft (or the reverse at the top) on the first control that can move: one step
    each on that control only (test_browser.press_on_control), and the picture equals torch after each."""
    control = explorer.locator(".tconv-control input[type=range]:not([disabled])").first
    name = control.evaluate("i => i.closest('.tconv-control').dataset.name")
    at_max = control.evaluate("i => +i.value >= +i.max")
    for key in (("ArrowLeft", "ArrowRight") if at_max else ("ArrowRight", "ArrowLeft")):
        press_on_control(page, explorer, name, key, where)
        check_drawn(explorer, f"{where}, {name} after {key}")


ZOOM_CHECKED = ["03_stride.ipynb", "05_shape_inverse.ipynb", "06_output_padding_dilation_groups.ipynb"]


def thumb_centre(control):
    """x of the range input's thumb (an 18 px thumb: Chromium's is 16–20 px), as controls.js reckons it."""
    box = control.bounding_box()
    lo, hi, value = control.evaluate("i => [+i.min, +i.max, +i.value]")
    return box["x"] + 9 + (value - lo) / ((hi - lo) or 1) * (box["width"] - 18)


def click_track(page, control):
    """Click the control's track far from its thumb (a stray click in a lecture); return (value before, after).
    The explorers keep the value (controls.js's guardTrack) and focus the control."""
    box = control.bounding_box()
    before = control.evaluate("i => +i.value")
    x = box["x"] + (box["width"] - 12 if thumb_centre(control) < box["x"] + box["width"] / 2 else 12)
    page.mouse.click(x, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    return before, control.evaluate("i => +i.value")


@in_browser
@pytest.mark.parametrize("name", ZOOM_CHECKED + [f"zh/{n}" for n in ZOOM_CHECKED if f"zh/{n}" in NOTEBOOKS],
                         ids=notebook_id)
def test_explorer_at_150_percent_zoom_with_the_file_browser(lab, browser, name):
    """Every explorer fits the notebook's width with every control and value visible; arrows move it (in the
    Chinese edition too, whose labels have other widths)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _page(browser, **ZOOMED)
    try:
        open_notebook(page, lab.url(f"notebooks/{name}"))
        page.evaluate("() => jupyterapp.commands.execute('filebrowser:activate')")
        page.wait_for_selector("#filebrowser", state="visible")
        run_all(page)
        explorers = page.locator(EXPLORER)
        assert explorers.count() >= 1
        for i in range(explorers.count()):
            ex = explorers.nth(i)
            ex.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"zoom150_{name[:-6].replace('/', '_')}_{i}.png"))
            fit = ex.evaluate(FIT_JS)
            assert fit["overflowing"] <= 1 and fit["right"] <= 1, f"{name} explorer {i} is wider than the notebook: {fit}"
            assert not fit["cut"], f"{name} explorer {i}: cut off at the right: {fit['cut']}"
            press_arrows(page, ex, f"{name} explorer {i} at 150 %")
            control = ex.locator(".tconv-control input[type=range]:not([disabled])").first
            low, high = click_track(page, control)
            assert high == low, f"{name}: one click on the track moved the control from {low} to {high}"
        assert not page.console_errors, page.console_errors
    finally:
        page.context.close()


@in_browser
@pytest.mark.parametrize("name", ["01_basic_operation.ipynb", "05_shape_inverse.ipynb",
                                  "06_output_padding_dilation_groups.ipynb"])
def test_keys_move_explorers_in_notebook7(lab, browser, name):
    """A presenter's clicker and keyboard in Notebook 7: every key (arrows, Home/End, PageUp/PageDown) on a
    focused control acts on that control only, never on the notebook's selection, and the picture equals
    torch after each; dragging the thumb still moves it."""
    page = _page(browser, viewport=VIEWPORT)
    try:
        open_notebook(page, lab.url(f"notebooks/{name}", ui="notebook"))
        run_all(page)
        for i, ex in enumerate(page.locator(EXPLORER).all()):
            assert sweep(page, ex, f"{name} explorer {i} in Notebook 7") > 0
        ex = page.locator(EXPLORER).first
        control = ex.locator(".tconv-control input[type=range]:not([disabled])").first
        control.scroll_into_view_if_needed()
        low, high = click_track(page, control)
        assert high == low, f"{name}: one click on the track moved the control from {low} to {high}"
        # dragging the thumb still works
        held = control.evaluate("i => i.value")
        box = control.bounding_box()
        x, y = thumb_centre(control), box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(box["x"] + (2 if x > box["x"] + box["width"] / 2 else box["width"] - 2), y, steps=8)
        page.mouse.up()
        page.wait_for_function("([i, v]) => i.value !== v", arg=[control.element_handle(), held], timeout=5_000)
        check_drawn(ex, f"{name} in Notebook 7 after a drag")
        # (Notebook 7.6.5 itself logs errors, with or without the slideshow installed: "Cannot read
        # properties of undefined (reading 'schema')", "Command 'filebrowser:open-path' not registered")
    finally:
        page.context.close()


@in_browser
def test_a_1920_screen_at_150_percent_zoom_has_the_tested_layout_one_and_a_half_times_larger(lab, browser):
    """What docs/teaching-guide.md tells a lecturer with a 1920×1080 projector: zoom to 150 %. The page is
    then 1280×720 CSS pixels, each 1.5 screen pixels: prose 36 px and code 30 px on the screen, slides fit."""
    page = _page(browser, viewport=VIEWPORT, device_scale_factor=1.5)
    try:
        open_notebook(page, lab.url("notebooks/01_basic_operation.ipynb"))
        start_slideshow(page)
        ratio = page.evaluate("() => window.devicePixelRatio")
        assert ratio == 1.5 and page.evaluate("() => window.innerWidth") == 1280
        states = [page.evaluate(SLIDE_JS)]            # the first slides, until one shows code
        while not states[-1]["code"] and len(states) < 12 and next_slide(page, states[-1]):
            states.append(page.evaluate(SLIDE_JS))
        prose = [px for state in states for px in state["prose"]]
        code = [px for state in states for px in state["code"]]
        assert prose and code, states
        assert min(prose) * ratio >= 36 and min(code) * ratio >= 30, states
        assert all(state["tall"] <= 0 and state["hscroll"] <= 0 for state in states), states
        stop_slideshow(page)
    finally:
        page.context.close()


# -- every digit readable from the back of the hall ---------------------------------------------------------

DIGIT_PX = 18
# Every digit on the slide on screen, with its size in CSS px: text (HTML: its font size; SVG text: font size ×
# the SVG's scale on screen, getScreenCTM), MathJax digits (font size) and Matplotlib PNGs (helpers/fonts.py
# writes the smallest digit's font size in points and the dpi into the PNG: pt × dpi / 72 × rendered width /
# natural width). A font size, not the ink: digits' ink is about 0.73 of it.
DIGITS_JS = """() => {
  const nb = jupyterapp.shell.currentWidget.content;
  const cells = nb.widgets.filter(c => c.node.classList.contains('jp-deck-mod-onscreen'));
  const out = [];
  const seen = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  const where = e => { const c = e.closest('.jp-Cell'); return c ? nb.widgets.findIndex(w => w.node === c) : -1; };
  for (const cell of cells) {
    const root = cell.node;
    // text nodes with a digit: HTML (font-size) and SVG (font-size × the SVG's scale on screen)
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!/[0-9]/.test(n.data)) continue;
      const e = n.parentElement;
      if (!e || !seen(e) || e.closest('mjx-assistive-mml, .jp-InputPrompt, .jp-OutputPrompt, script, style')) continue;
      let px = parseFloat(getComputedStyle(e).fontSize);
      const svgText = e.closest('svg text') || (e instanceof SVGElement ? e : null);
      if (svgText) { const m = svgText.getScreenCTM(); px *= Math.hypot(m.a, m.b); }
      out.push({kind: svgText ? 'svg' : 'text', px: Math.round(px * 10) / 10, text: n.data.trim().slice(0, 24), cell: where(e)});
    }
    // MathJax 3 CHTML: digits are drawn by CSS on <mjx-c class="mjx-c3X">
    for (const e of root.querySelectorAll('mjx-c')) {
      if (![...e.classList].some(k => /^mjx-c3[0-9]$/.test(k)) || !seen(e)) continue;
      out.push({kind: 'math', px: Math.round(parseFloat(getComputedStyle(e).fontSize) * 10) / 10, text: e.className, cell: where(e)});
    }
    // PNG figures: tconv-digit-pt × dpi / 72 × rendered / natural width (helpers/fonts.py stamps the PNG)
    for (const img of root.querySelectorAll('img')) {
      if (!seen(img) || !img.src.startsWith('data:image/png;base64,')) continue;
      const bin = atob(img.src.slice(22));
      const meta = {};
      for (let i = 8; i + 8 <= bin.length;) {
        const len = ((bin.charCodeAt(i) << 24) | (bin.charCodeAt(i + 1) << 16) | (bin.charCodeAt(i + 2) << 8) | bin.charCodeAt(i + 3)) >>> 0;
        const type = bin.slice(i + 4, i + 8);
        if (type === 'tEXt') { const t = bin.slice(i + 8, i + 8 + len), z = t.indexOf('\0'); meta[t.slice(0, z)] = t.slice(z + 1); }
        if (type === 'IDAT' || type === 'IEND') break;
        i += 12 + len;
      }
      if (!('tconv-digit-pt' in meta)) continue;   // no digit drawn (or not a figure of ours)
      const scale = img.getBoundingClientRect().width / img.naturalWidth;
      const px = parseFloat(meta['tconv-digit-pt']) * parseFloat(meta['tconv-dpi']) / 72 * scale;
      out.push({kind: 'png', px: Math.round(px * 10) / 10, text: `${meta['tconv-digit-pt']}pt ${img.naturalWidth}->${Math.round(img.getBoundingClientRect().width)}px`, cell: where(img)});
    }
  }
  return out;
}"""

DIGIT_NOTEBOOKS = [n for n in NOTEBOOKS if Path(n).name[:2] not in ("00", "07")]   # 07: test_slides_matrix…


def smallest_digits(page, name, stem):
    """Walk the whole deck of ``name`` (Run All, then Space); for each slide the digits under DIGIT_PX."""
    open_notebook(page, page.lab.url(f"notebooks/{name}"))
    run_all(page)
    start_slideshow(page)
    small, shown, n = {}, 0, 0
    state = page.evaluate(SLIDE_JS)
    while True:
        n += 1
        digits = page.evaluate(DIGITS_JS)
        shown += len(digits)
        under = sorted((d for d in digits if d["px"] < DIGIT_PX), key=lambda d: d["px"])
        if under:
            small[f"slide {n} ({state['ids'][0]})"] = [f"{d['kind']} {d['px']} px: {d['text']!r}" for d in under[:4]]
            page.screenshot(path=str(SHOTS / f"digits_{stem}_{n:02d}.png"))
        if not next_slide(page, state):
            break
        state = page.evaluate(SLIDE_JS)
    stop_slideshow(page)
    return small, shown, n


# The English edition at 1280×720; the Chinese one where its layout differs most (01, own numbers; 04); at
# 1920×1080 (an unzoomed larger projector) 09, whose explorer picture grows with the screen. Each case runs
# a whole deck, so the set is chosen to keep the browser tier's time.
DIGIT_CASES = ([pytest.param(n, (1280, 720)) for n in DIGIT_NOTEBOOKS if not n.startswith("zh/")]
               + [pytest.param(n, (1280, 720)) for n in DIGIT_NOTEBOOKS if n in ("zh/01_basic_operation.ipynb",
                                                                                 "zh/04_multi_channel.ipynb")]
               + [pytest.param(n, (1920, 1080)) for n in DIGIT_NOTEBOOKS if n == "09_checkerboard.ipynb"])


@in_browser
@pytest.mark.parametrize("name, viewport", DIGIT_CASES,
                         ids=[f"{notebook_id(c.values[0])}-{c.values[1][0]}x{c.values[1][1]}" for c in DIGIT_CASES])
def test_every_digit_on_every_slide_is_18px(lab, browser, name, viewport):
    """Issue 19: 08's window sums were drawn at 14 px, 09's counts at 12 px, 03's stride-4 figure and 04's
    plot_channels at 4–7 px. Every digit of every slide (prose, code, outputs, explorer pictures, figures) is
    at least 18 px in the slideshow at 1280×720, and still at 1920×1080 (where the explorer pictures, sized
    to the slide's height, grow)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    width, height = viewport
    page = _page(browser, viewport={"width": width, "height": height})
    page.lab = lab
    try:
        stem = f"{width}_" + name[:-6].replace("/", "_")
        small, shown, slides = smallest_digits(page, name, stem)
        assert slides >= 3 and shown > 0, f"{name}: {slides} slides, {shown} digits measured"
        assert not small, (f"{name} at {width}×{height}: digits under {DIGIT_PX} px on {len(small)} of {slides} "
                           "slides: " + "; ".join(f"{k}: {v}" for k, v in small.items()))
    finally:
        page.context.close()


# -- 07's explorer pictures are readable from the back of the hall (issue 19) ---------------------

DIGITS07_JS = """ex => {
  const svg = ex.querySelector('.tconv-picture-box svg');
  if (!svg) return null;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].filter(t => /[0-9]/.test(t.textContent)
                   && t.getClientRects().length > 0)
    .map(t => ({text: t.textContent, px: parseFloat(t.getAttribute('font-size')) * scale,
                box: t.getBoundingClientRect().height}));
  const box = svg.getBoundingClientRect();
  return {scale, min: Math.min(...sizes.map(s => s.px)), smallest: sizes.sort((a, b) => a.px - b.px).slice(0, 3),
          width: box.width, height: box.height};
}"""


@in_browser
@pytest.mark.parametrize("name", ["07_matrix_view.ipynb", "zh/07_matrix_view.ipynb"], ids=notebook_id)
def test_notebook07_explorer_digits_are_18px_in_the_slideshow(lab, page, name):
    """Issue 19: in the slideshow at 1280×720, 07's MatrixExplorer digits rendered 9–10 px with half the slide
    empty. Every digit drawn on each of 07's explorer slides (its rendered font size: the SVG font-size times
    the picture's scale, getBoundingClientRect) must be at least 18 px."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    stem = ("zh" if name.startswith("zh/") else "") + "07"
    open_notebook(page, lab.url(f"notebooks/{name}"))
    run_all(page)
    start_slideshow(page)
    state, seen, small = page.evaluate(SLIDE_JS), 0, []
    while True:
        onscreen = page.locator(f".jp-deck-mod-onscreen {EXPLORER}")
        if onscreen.count():
            page.wait_for_timeout(300)
            for i in range(onscreen.count()):
                seen += 1
                got = onscreen.nth(i).evaluate(DIGITS07_JS)
                page.screenshot(path=str(SHOTS / f"{stem}_digits_explorer{seen}.png"))
                if got is None or got["min"] < DIGIT_PX:
                    small.append((seen, got))
        if not next_slide(page, state):
            break
        state = page.evaluate(SLIDE_JS)
    assert seen >= 3, f"{name}: expected 07's three explorers on slides, saw {seen}"
    assert not small, f"{name}: digits under {DIGIT_PX} px on explorer slides: {small}"
