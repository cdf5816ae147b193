"""Browser-visible latency: from a key press on an explorer slider to the new pixels on screen.

Starts JupyterLab (tools/labserver.py), opens a notebook in headless Chromium, runs it, then presses
ArrowRight/ArrowLeft on the first slider of the first explorer. In the page, a keydown listener notes
the time of the press; a MutationObserver notes when the picture changes and waits two animation
frames (the new frame has been painted). Target: median ≤ 100 ms over ≥ 20 moves.
The same in the lecture slideshow (jupyterlab-slideshow at 1280×720): PageDown (a clicker's "next")
→ the next slide painted, and a slider move on the explorer slide.
Run: ``python benchmarks/bench_browser.py [notebook]``. Prints a table.
"""
from __future__ import annotations

import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.labserver import LabServer, launch_browser, open_and_run_all  # noqa: E402

INSTALL_PROBE = """el => {
  window.__lat = {t0: null, done: []};
  document.addEventListener('keydown', () => { window.__lat.t0 = performance.now(); }, true);
  const target = el.querySelector('.tconv-grid') || el;
  new MutationObserver(() => {
    const t0 = window.__lat.t0;
    if (t0 === null) return;
    window.__lat.t0 = null;
    requestAnimationFrame(() => requestAnimationFrame(() => window.__lat.done.push(performance.now() - t0)));
  }).observe(target, {subtree: true, childList: true, characterData: true});
}"""


def measure(notebook: str = "03_stride.ipynb", moves: int = 30, **server) -> list[float]:
    from playwright.sync_api import sync_playwright
    with LabServer(**server) as lab, sync_playwright() as p:
        browser = launch_browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        open_and_run_all(page, lab.url(f"notebooks/{notebook}"))
        explorer = page.locator(".tconv-explorer").last
        explorer.scroll_into_view_if_needed()
        samples = slider_latencies(page, explorer, moves)
        browser.close()
    return samples


def slider_latencies(page, explorer, moves: int) -> list[float]:
    """Press arrow keys on the explorer's first slider (back and forth within its range), ``moves``
    times after 3 warm-up moves; return ms from each key press to the new picture painted."""
    explorer.evaluate(INSTALL_PROBE)
    handle = explorer.locator(".widget-slider .noUi-handle").first
    handle.focus()
    lo, hi = (int(float(handle.get_attribute(a))) for a in ("aria-valuemin", "aria-valuemax"))
    value = int(float(handle.get_attribute("aria-valuenow")))
    key = "ArrowRight"
    for i in range(moves + 3):
        if value >= hi:
            key = "ArrowLeft"
        elif value <= lo:
            key = "ArrowRight"
        value += 1 if key == "ArrowRight" else -1
        handle.press(key)
        page.wait_for_function(f"window.__lat.done.length >= {i + 1}", timeout=15_000)
    return page.evaluate("window.__lat.done")[3:]  # the first moves warm caches up


SLIDE_PROBE = """() => {
  window.__slide = {t0: null, done: []};
  document.addEventListener('keydown', e => { if (e.key === 'PageDown') window.__slide.t0 = performance.now(); }, true);
  new MutationObserver(() => {
    const t0 = window.__slide.t0;
    if (t0 === null) return;
    window.__slide.t0 = null;
    requestAnimationFrame(() => requestAnimationFrame(() => window.__slide.done.push(performance.now() - t0)));
  }).observe(document.querySelector('.jp-Deck .jp-Notebook'), {subtree: true, attributeFilter: ['class']});
}"""

ONSCREEN_JS = """() => jupyterapp.shell.currentWidget.content.widgets
  .filter(c => c.node.classList.contains('jp-deck-mod-onscreen')).map(c => c.model.id).join(' ')"""


def measure_slideshow(notebook: str = "03_stride.ipynb", moves: int = 20, **server):
    """(ms from PageDown to the next slide painted, ms from an arrow key to the explorer redrawn) in
    the slideshow at 1280×720. Only presses that change the slide count (PageDown first steps through
    the cells of a slide)."""
    from playwright.sync_api import sync_playwright
    with LabServer(**server) as lab, sync_playwright() as p:
        browser = launch_browser(p)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        open_and_run_all(page, lab.url(f"notebooks/{notebook}"))
        page.locator(".jp-Notebook .jp-Cell").first.click()
        page.locator(".jp-NotebookPanel-toolbar [data-command='deck:toggle']").first.click()
        page.wait_for_function("() => document.body.dataset.jpDeckMode === 'presenting'")
        page.evaluate(SLIDE_PROBE)
        slide_samples, presses = [], 0
        while page.locator(".jp-deck-mod-onscreen .tconv-explorer").count() == 0:
            before, active = page.evaluate(ONSCREEN_JS), page.evaluate(
                "() => jupyterapp.shell.currentWidget.content.activeCellIndex")
            page.evaluate("() => jupyterapp.shell.currentWidget.content.activeCell.node.focus()")
            page.keyboard.press("PageDown")
            presses += 1
            page.wait_for_function(f"window.__slide.done.length >= {presses}", timeout=15_000)
            if page.evaluate("() => jupyterapp.shell.currentWidget.content.activeCellIndex") == active:
                break  # the end of the deck
            if page.evaluate(ONSCREEN_JS) != before:
                slide_samples.append(page.evaluate("window.__slide.done")[-1])
        explorer = page.locator(".jp-deck-mod-onscreen .tconv-explorer").first
        slider_samples = slider_latencies(page, explorer, moves)
        browser.close()
    return slide_samples, slider_samples


def main():
    notebook = sys.argv[1] if len(sys.argv) > 1 else "03_stride.ipynb"
    samples = measure(notebook)
    print(f"{'browser latency (' + notebook + ')':44} {'moves':>5} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    print(f"{'key press → new pixels, Chromium':44} {len(samples):5d} {statistics.median(samples):10.1f} "
          f"{np.percentile(samples, 95):8.1f} {max(samples):8.1f}")
    slides, sliders = measure_slideshow(notebook)
    for label, values in (("slideshow: PageDown → next slide painted", slides),
                          ("slideshow: key press → explorer redrawn", sliders)):
        print(f"{label:44} {len(values):5d} {statistics.median(values):10.1f} "
              f"{np.percentile(values, 95):8.1f} {max(values):8.1f}")


if __name__ == "__main__":
    main()
