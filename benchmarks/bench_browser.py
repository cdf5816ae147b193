"""Browser-visible latency of the explorers: from a key press on a focused control to the repainted picture.

Starts JupyterLab (tools/labserver.py) and headless Chromium, opens a notebook and presses ArrowRight/ArrowLeft
on the first explorer's first control that can move (bouncing inside its bounds). In the page, a keydown
listener (capture phase) notes the press's ``event.timeStamp``; a MutationObserver on the picture notes the first
change after it (``mut``), then the first animation frame after that (``raf``: the frame that paints it) and the
next one (``raf2``: the new frame is certainly on screen). Median and max over ``--presses`` presses (default 30,
after 3 warm-up presses), in ms. Settings:

| setting | how |
| --- | --- |
| JupyterLab, kernel idle | Run All, then the presses |
| JupyterLab, cell busy | then a new cell runs ``time.sleep`` (prompt ``[*]``) during the presses |
| JupyterLab, no kernel | then the kernel is shut down ("No Kernel") |
| Notebook 7, kernel idle | /notebooks/…, Run All |
| slideshow 1280×720 | jupyterlab-slideshow presenting, on the first explorer slide |
| before: ipywidgets (kernel round trip) | ``--before DIR``: the same in JupyterLab on a checkout of the series before the explorers moved into the browser (e.g. ``git worktree add /tmp/old 7fac941``): each move went to the kernel and back |

The explorers draw in the ``input`` handler before telling the kernel (helpers/js/controls.js), so idle, busy and
no kernel should all be within two frames (``raf2`` ≤ 33 ms). Numbers only, no assertion (tests never time).

    python benchmarks/bench_browser.py [--notebook 03_stride.ipynb] [--presses 30] [--before /tmp/old]
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.labserver import LabServer, launch_browser, open_and_run_all  # noqa: E402

# The probe: `picture` is the element whose change is the new picture (the live explorer's picture box, or
# the old ipywidgets explorer's HTML output); `control` the focused input or slider handle.
INSTALL_PROBE = """([picture, control]) => {
  const lat = window.__lat = {t0: null, samples: [], pending: false};
  control.addEventListener('keydown', e => { lat.t0 = e.timeStamp; lat.pending = true; }, true);
  new MutationObserver(() => {
    if (!lat.pending) return;
    lat.pending = false;
    const t0 = lat.t0, mut = performance.now() - t0;
    requestAnimationFrame(() => {
      const raf = performance.now() - t0;
      requestAnimationFrame(() => lat.samples.push([mut, raf, performance.now() - t0]));
    });
  }).observe(picture, {subtree: true, childList: true, characterData: true});
}"""

LIVE = {"explorer": ".tconv-explorer.tconv-live", "picture": ".tconv-picture-box",
        "control": ".tconv-control input[type=range]:not([disabled])", "value": "value", "min": "min", "max": "max"}
OLD = {"explorer": ".tconv-explorer", "picture": ".tconv-grid",
       "control": ".widget-slider .noUi-handle", "value": "aria-valuenow", "min": "aria-valuemin",
       "max": "aria-valuemax"}


def presses_on(page, explorer, n: int, kind=LIVE) -> list[tuple[float, float, float]]:
    """``n`` key presses (after 3 warm-ups) on the explorer's first movable control; [(mut, raf, raf2)] in ms."""
    explorer.scroll_into_view_if_needed()
    picture = explorer.locator(kind["picture"]).first
    control = explorer.locator(kind["control"]).first
    explorer.page.evaluate(INSTALL_PROBE, [picture.element_handle(), control.element_handle()])
    control.focus()
    prop = f"(i, a) => +(i.hasAttribute('aria-valuenow') ? i.getAttribute(a) : i[a])"
    lo, hi = (control.evaluate(prop, kind[a]) for a in ("min", "max"))
    key = "ArrowRight"
    for i in range(n + 3):
        value = control.evaluate(prop, kind["value"])
        if value >= hi:
            key = "ArrowLeft"
        elif value <= lo:
            key = "ArrowRight"
        page.keyboard.press(key)
        page.wait_for_function(f"window.__lat.samples.length >= {i + 1}", timeout=30_000)
    return [tuple(s) for s in page.evaluate("window.__lat.samples")[3:]]


def start_busy_cell(page, seconds=600):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_browser import start_busy_cell as start
    start(page, seconds)


def shut_kernel_down(page):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_browser import shut_kernel_down as stop
    stop(page)


def measure(notebook: str, presses: int, before: Path | None = None) -> dict[str, list]:
    """Every setting's samples, by label."""
    from playwright.sync_api import sync_playwright
    results = {}
    with sync_playwright() as p:
        browser = launch_browser(p)
        with LabServer() as lab:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_and_run_all(page, lab.url(f"notebooks/{notebook}"))
            explorer = page.locator(LIVE["explorer"]).first
            results["JupyterLab, kernel idle"] = presses_on(page, explorer, presses)
            start_busy_cell(page)
            results["JupyterLab, cell busy ([*])"] = presses_on(page, explorer, presses)
            page.evaluate("() => jupyterapp.shell.currentWidget.sessionContext.session.kernel.interrupt()")
            shut_kernel_down(page)
            results["JupyterLab, no kernel"] = presses_on(page, explorer, presses)
            page.close()
            lab.reset()

            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_and_run_all(page, lab.url(f"notebooks/{notebook}", ui="notebook"))
            results["Notebook 7, kernel idle"] = presses_on(page, page.locator(LIVE["explorer"]).first, presses)
            page.close()
            lab.reset()

            page = browser.new_page(viewport={"width": 1280, "height": 720})
            results["slideshow 1280×720, presenting"] = slideshow(page, lab, notebook, presses)
            page.close()
        if before is not None:
            with LabServer(notebooks=Path(before) / "notebooks") as old:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                open_and_run_all(page, old.url(f"notebooks/{notebook}"))
                explorer = page.locator(OLD["explorer"]).last
                results["before: ipywidgets, JupyterLab, kernel idle"] = presses_on(page, explorer, presses, OLD)
                page.close()
        browser.close()
    return results


def slideshow(page, lab, notebook, presses):
    """Presenting (jupyterlab-slideshow), Space to the first explorer slide, then the presses there."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_slides import SLIDE_JS, next_slide, start_slideshow
    open_and_run_all(page, lab.url(f"notebooks/{notebook}"))
    start_slideshow(page)
    onscreen = page.locator(f".jp-deck-mod-onscreen {LIVE['explorer']}")
    while onscreen.count() == 0:
        if not next_slide(page, page.evaluate(SLIDE_JS)):
            raise RuntimeError(f"{notebook}: no slide shows an explorer")
    return presses_on(page, onscreen.first, presses)


def table(results: dict[str, list]) -> str:
    head = (f"{'setting':46} {'presses':>7} {'mut med':>8} {'raf med':>8} {'raf2 med':>9} "
            f"{'mut max':>8} {'raf max':>8} {'raf2 max':>9}")
    lines = [head, "-" * len(head)]
    for label, samples in results.items():
        cols = list(zip(*samples))
        med = [statistics.median(c) for c in cols]
        top = [max(c) for c in cols]
        lines.append(f"{label:46} {len(samples):7d} {med[0]:8.1f} {med[1]:8.1f} {med[2]:9.1f} "
                     f"{top[0]:8.1f} {top[1]:8.1f} {top[2]:9.1f}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notebook", default="03_stride.ipynb")
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--before", type=Path, help="a checkout of the series with the ipywidgets explorers")
    args = parser.parse_args(argv)
    results = measure(args.notebook, max(args.presses, 20), args.before)
    print(f"key press → repainted picture, ms ({args.notebook}; mut = picture changed, raf = first frame after, "
          "raf2 = the next frame)")
    print(table(results))


if __name__ == "__main__":
    main()
