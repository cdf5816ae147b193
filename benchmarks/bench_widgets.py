"""Kernel-side cost of one explorer move, next to the naive redraw, for every explorer.

"Ours": set one slider value; the observe callback adapts the bounds, recomputes the scatter and
swaps the SVG into the HTML widget (the browser rasterises it). "Naive": what a notebook does without
an explorer design: clear the output and draw a new matplotlib figure of the same state, rendered to
PNG the way the inline backend does (``print_figure(..., bbox_inches="tight")``).
Run: ``python benchmarks/bench_widgets.py`` (or ``make bench``). Prints a table; asserts nothing.
"""
from __future__ import annotations

import itertools
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from IPython.core.pylabtools import print_figure  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers import drawing, widgets  # noqa: E402


def pct(values, q):
    return float(np.percentile(values, q))


def time_moves(explorer, moves):
    """Time each single slider move ``explorer.set(name=value)``; returns milliseconds."""
    out = []
    for name, value in moves:
        t = time.perf_counter()
        explorer.set(**{name: value})
        out.append((time.perf_counter() - t) * 1e3)
        assert not explorer.message, explorer.message
    return out


def time_naive(states, draw):
    """Time drawing a new matplotlib figure of each state and rendering it to PNG; milliseconds."""
    out = []
    for state in states:
        t = time.perf_counter()
        fig = draw(state)
        print_figure(fig, "png", bbox_inches="tight")
        out.append((time.perf_counter() - t) * 1e3)
    return out


def sweep(grid, start):
    """One slider at a time through a grid of values: ``[(name, value), ...]``, only real changes."""
    names = list(grid)
    state, moves = dict(start), []
    for combo in itertools.product(*grid.values()):
        for name, value in zip(names, combo):
            if state.get(name) != value:
                moves.append((name, value))
                state[name] = value
    return moves


def naive_grid_figure(y):
    """The plainest replot: a new figure with the output grid as an image and its numbers."""
    fig, ax = plt.subplots(figsize=(0.5 * y.shape[1] + 1, 0.5 * y.shape[0] + 1))
    ax.imshow(y, cmap="Blues")
    for (r, c), v in np.ndenumerate(y):
        ax.text(c, r, drawing.fmt(v), ha="center", va="center")
    ax.set_xticks([])
    ax.set_yticks([])
    plt.close(fig)
    return fig


def scatter_case():
    controls = ("input_size", "kernel_size", "stride", "padding")
    moves = sweep({"input_size": [2, 3, 4], "kernel_size": [2, 3], "stride": [1, 2, 3], "padding": [0, 1]},
                  {"input_size": 2, "kernel_size": 2, "stride": 1, "padding": 0})
    probe = widgets.ScatterExplorer(controls)
    states = []
    for name, value in moves:
        probe.set(**{name: value})
        x, w = probe._data()
        states.append((x, w, dict(probe.params), probe.output))

    def naive(state):
        x, w, p, _ = state
        return drawing.plot_scatter(x, w, stride=p["stride"], padding=p["padding"], copies=False)

    def plain(state):
        return naive_grid_figure(state[3])

    return ("ScatterExplorer (01–04, 06)", widgets.ScatterExplorer(controls), moves, states,
            {"same picture": naive, "plain grid": plain})


def shape_case():
    moves = sweep({"stride": [2, 3], "size": list(range(10, 30))}, {"size": 16, "stride": 3})
    return "ShapeExplorer (05)", widgets.ShapeExplorer(), moves, None, {}


def _recorded(make, moves):
    """The explorer's output after each move, for drawing the same states the naive way."""
    probe = make()
    states = []
    for name, value in moves:
        probe.set(**{name: value})
        states.append(probe.output)
    return states


def overlap_case():
    moves = sweep({"kernel_size": [2, 3, 4, 5], "stride": [1, 2, 3], "input_size": [3, 5, 8]},
                  {"input_size": 4, "kernel_size": 3, "stride": 2})
    return ("OverlapExplorer (09)", widgets.OverlapExplorer(), moves, _recorded(widgets.OverlapExplorer, moves),
            {"heat map": lambda counts: drawing.plot_heatmap(counts)})


def matrix_case():
    moves = sweep({"input_size": [2, 3, 4, 5], "kernel_size": [1, 2, 3], "stride": [1, 2]},
                  {"input_size": 3, "kernel_size": 2, "stride": 1})
    return ("MatrixExplorer (07)", widgets.MatrixExplorer(), moves, _recorded(widgets.MatrixExplorer, moves),
            {"heat map of C": lambda c: drawing.plot_heatmap(c)})


def equivalent_case():
    moves = sweep({"input_size": [2, 3, 4], "kernel_size": [2, 3], "stride": [1, 2, 3]},
                  {"input_size": 2, "kernel_size": 2, "stride": 2})
    return ("SlidingWindowExplorer (08)", widgets.SlidingWindowExplorer(), moves,
            _recorded(widgets.SlidingWindowExplorer, moves), {"plain grid": naive_grid_figure})


def upsample_case():
    moves = sweep({"method": ["bilinear", "random", "nearest+conv"], "factor": [1, 2, 3, 4]},
                  {"factor": 2, "method": "bilinear"})
    return ("UpsampleExplorer (10)", widgets.UpsampleExplorer(), moves, _recorded(widgets.UpsampleExplorer, moves),
            {"image figure": lambda img: drawing.plot_images([img], ["output"])})


def main():
    cases = [scatter_case(), shape_case()]
    for extra in ("overlap_case", "matrix_case", "equivalent_case", "upsample_case"):
        if extra in globals():
            cases.append(globals()[extra]())
    print(f"{'explorer':30} {'moves':>5} {'median ms':>10} {'p95 ms':>8}   naive way (median ms, ours/naive)")
    for name, ex, moves, states, naives in cases:
        time_moves(ex, moves[:3])  # warm-up
        ours = time_moves(ex, moves)
        line = f"{name:30} {len(ours):5d} {statistics.median(ours):10.2f} {pct(ours, 95):8.2f}  "
        for label, naive in naives.items():
            base = time_naive(states, naive)
            line += f" {label}: {statistics.median(base):.1f} ({statistics.median(ours) / statistics.median(base):.3f}×);"
        print(line if naives else line + " (the picture is an HTML table: no matplotlib equivalent)")


if __name__ == "__main__":
    main()
