"""Memory of a whole-series walk on Binder: 00, then every "Next" link to 10, running each notebook.

Runs in the Binder rehearsal (tools/binder_check.py: an environment built from binder/ only, postBuild,
the server started as mybinder.org starts it) and drives headless Chromium as a student would: open the
badge's notebook, Run All, click "Next", Run All, ... A sampler adds up the resident memory (RSS) of the
Jupyter server and all its children (the kernels) every 0.25 s and keeps the peak. RSS counts pages
shared between kernels (the torch library) once per kernel, so the sum over-states; PSS (shared pages
divided among the processes sharing them) is printed next to it, sampled less often.

  before  the server's default kernel manager: every kernel stays until the student shuts it down
  after   as installed by binder/postBuild (binder/jupyter_server_config.py): at most two kernels

mybinder.org guarantees 450 MB (429 MiB) and restarts the session past its 2 GB limit (README, "Binder's limits").
Run: ``python benchmarks/bench_walk.py [before|after]`` (both by default). Prints a table per walk.
"""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.binder_check import CURRENT, follow_next, rehearsal_server, run_all  # noqa: E402
from tools.labserver import launch_browser, open_notebook  # noqa: E402

MiB = 2**20
DEFAULT_MANAGER = ("--ServerApp.kernel_manager_class="
                   "jupyter_server.services.kernels.kernelmanager.AsyncMappingKernelManager",)


class Sampler(threading.Thread):
    """Peak RSS (every 0.25 s) and peak PSS (every ~2 s) of a process and all its descendants."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peak_rss = self.peak_pss = self.now_rss = 0
        self.stop = threading.Event()

    def processes(self):
        return [self.root, *self.root.children(recursive=True)]

    def total(self, pss: bool = False) -> int:
        total = 0
        for proc in self.processes():
            try:
                total += proc.memory_full_info().pss if pss else proc.memory_info().rss
            except psutil.Error:  # a kernel that just ended
                pass
        return total

    def run(self):
        tick = 0
        while not self.stop.is_set():
            self.now_rss = self.total()
            self.peak_rss = max(self.peak_rss, self.now_rss)
            if tick % 8 == 0:
                self.peak_pss = max(self.peak_pss, self.total(pss=True))
            tick += 1
            time.sleep(0.25)


def walk(label: str, extra_args: tuple[str, ...] = ()) -> dict:
    from playwright.sync_api import sync_playwright
    rows = []
    with rehearsal_server(extra_args) as server, sync_playwright() as p:
        sampler = Sampler(server.proc.pid)
        sampler.start()
        browser = launch_browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        start = time.monotonic()
        open_notebook(page, server.url("lab/tree/notebooks/00_index.ipynb"))
        path = "notebooks/00_index.ipynb"
        while True:
            run_all(page, timeout_ms=300_000)
            rows.append((Path(path).stem, len(server.api("kernels")), sampler.now_rss, sampler.peak_rss))
            if page.locator(f"{CURRENT} .jp-Notebook a", has_text="Next").count() == 0:
                break
            path = follow_next(page)
        seconds = time.monotonic() - start
        time.sleep(1)
        browser.close()
        sampler.stop.set()
        sampler.join()
    print(f"\nwalk {label}: {len(rows)} notebooks in {seconds:.0f} s")
    print(f"{'after Run All of':34} {'kernels':>7} {'RSS now MiB':>12} {'peak MiB':>9}")
    for name, kernels, now, peak in rows:
        print(f"{name:34} {kernels:7d} {now / MiB:12.0f} {peak / MiB:9.0f}")
    print(f"peak server + kernels: RSS {sampler.peak_rss / MiB:.0f} MiB, PSS {sampler.peak_pss / MiB:.0f} MiB "
          f"({'under' if sampler.peak_rss < 1024 * MiB else 'OVER'} Binder's guaranteed 1024 MiB by RSS)")
    return {"rss": sampler.peak_rss, "pss": sampler.peak_pss, "kernels": max(r[1] for r in rows)}


def main():
    which = sys.argv[1:] or ["before", "after"]
    results = {}
    if "before" in which:
        results["before"] = walk("before (default kernel manager, kernels kept)", DEFAULT_MANAGER)
    if "after" in which:
        results["after"] = walk("after (binder/jupyter_server_config.py, at most 2 kernels)")
    print(f"\n{'whole-series walk 00 -> 10':34} {'kernels':>7} {'peak RSS MiB':>13} {'peak PSS MiB':>13}")
    for label, r in results.items():
        print(f"{label:34} {r['kernels']:7d} {r['rss'] / MiB:13.0f} {r['pss'] / MiB:13.0f}")


if __name__ == "__main__":
    main()
