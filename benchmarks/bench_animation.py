"""Kernel-side redraw time of one animation step, for 07's and 08's animated explorers.

One step is what the Play control or a step button does: move the step slider by one; the observe
callback recomputes the step (``helpers.stepping``), the sentence and the SVG, and swaps it into the
HTML widget. The Play control waits ``PLAY_INTERVAL`` ms between steps, so playing keeps up as long as
one step (plus the browser's rasterising) stays well below it. Steps are timed over every step of
small, default and largest states. Also prints the SVG size sent to the browser per step.
Run: ``python benchmarks/bench_animation.py`` (or ``make bench``). Prints a table; asserts nothing.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers.explorers import PLAY_INTERVAL, MatrixStepExplorer, SlidingWindowExplorer  # noqa: E402

CASES = [
    ("07 C·vec(X), default (3×3 input, k=2)", MatrixStepExplorer, dict(input_size=3, kernel_size=2), "pick"),
    ("07 C·vec(X), 5×5 input, k=1 (25 steps)", MatrixStepExplorer, dict(input_size=5, kernel_size=1), "pick"),
    ("07 C·vec(X), 5×5 input, k=3, padding 2", MatrixStepExplorer, dict(input_size=5, kernel_size=3, padding=2),
     "pick"),
    ("08 window, default (2×2, k=2, s=2)", SlidingWindowExplorer, dict(), "position"),
    ("08 window, 4×4, k=4, s=3, op=2 (largest)", SlidingWindowExplorer,
     dict(input_size=4, kernel_size=4, stride=3, output_padding=2), "position"),
    ("08 window, 4×4, k=3, s=1", SlidingWindowExplorer, dict(input_size=4, kernel_size=3, stride=1), "position"),
]


def main():
    print(f"Play interval: {PLAY_INTERVAL} ms between steps")
    print(f"{'state':<44}{'steps':>6}{'median ms':>11}{'p90 ms':>9}{'max ms':>9}{'SVG kB':>9}")
    for label, cls, kwargs, name in CASES:
        e = cls(**kwargs)
        slider = e.sliders[name]
        times, sizes = [], []
        for _ in range(3):                           # three passes over every step
            e.set(**{name: 0})
            for _ in range(slider.max):
                t = time.perf_counter()
                e.step_by(1)
                times.append((time.perf_counter() - t) * 1e3)
                sizes.append(len(e.picture.value) / 1e3)
                assert not e.message, e.message
        print(f"{label:<44}{slider.max + 1:>6}{np.median(times):>11.1f}{np.percentile(times, 90):>9.1f}"
              f"{max(times):>9.1f}{np.median(sizes):>9.1f}")


if __name__ == "__main__":
    main()
