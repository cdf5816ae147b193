"""09_checkerboard's explorer: how many kernel copies land on each output cell (``OverlapExplorer``)."""
from __future__ import annotations

import traitlets

from .. import captions, operations, shapes, svg
from ..i18n import tr
from .base import Explorer, View, check_range

__all__ = ["OverlapExplorer"]


def _overlap_profile(n, k, s, p):
    """1-D overlap count ``(W_out,)``: how many of the n windows ``[i·s, i·s + k)`` cover each cell, ``p`` cropped per side."""
    return operations.overlap_count((1, n), (1, k), stride=(1, s), padding=(0, p))[0]


def _padding_message(n, k, s, p):
    """Why padding ``p`` is too large: it crops the whole ``(n − 1)·s + k``-long full output, so the cause
    is the input size, kernel size and stride that make it that short (not a limit of the explorer)."""
    full = (n - 1) * s + k
    return tr("widgets.overlap_padding_too_large", p=p, n=n, k=k, s=s, full=full,
              left=str(full - 2 * p).replace("-", "−"), most=shapes.max_transpose_padding(n, k, s))


class OverlapExplorer(Explorer):
    """How many kernel copies land on each output cell, as input size, kernel size, stride and padding move.

    Draws ``operations.overlap_count`` as a heat map with the count in every cell, the 1-D profile along
    the top and a verdict: even overlap when the kernel size is a multiple of the stride, a checkerboard
    otherwise. ``output`` is the counts array ``(H_out, W_out)``; ``sentence`` the verdict; ``interior``
    the cells away from the border. Controls: input size 1..8, kernel size 1..8, stride 1..8, padding
    0..(largest valid). Introduced in 09_checkerboard.ipynb.
    """

    KIND = "overlap"
    KEYS = CONTROLS = ("input_size", "kernel_size", "stride", "padding")
    css_name = "tconv-overlap-explorer"
    input_size = traitlets.Int(4).tag(sync=True)
    kernel_size = traitlets.Int(3).tag(sync=True)
    stride = traitlets.Int(2).tag(sync=True)
    padding = traitlets.Int(0).tag(sync=True)

    def __init__(self, input_size=4, kernel_size=3, stride=2, padding=0):
        n = check_range("input_size", input_size, 1, 8)
        k = check_range("kernel_size", kernel_size, 1, 8)
        s = check_range("stride", stride, 1, 8)
        pmax = shapes.max_transpose_padding(n, k, s)
        p = shapes.as_int(padding, "padding")
        if p > pmax:   # not this explorer's limit: input size, kernel size and stride leave nothing to crop
            raise ValueError(_padding_message(n, k, s, p))
        p = check_range("padding", p, 0, pmax)
        super().__init__(input_size=n, kernel_size=k, stride=s, padding=p)

    def _control(self, name, state):
        if name == "padding":
            return {"type": "range", "lo": 0,
                    "hi": shapes.max_transpose_padding(state["input_size"], state["kernel_size"], state["stride"])}
        return {"type": "range", "lo": 1, "hi": 8}

    def _adapt(self, state, changed):
        hi = self._control("padding", state)["hi"]
        return {**state, "padding": min(state["padding"], hi)}

    def _range_message(self, name, value, lo, hi, state):
        if name == "padding" and value > hi:   # the sizes set() has applied so far make the full output short
            return _padding_message(state["input_size"], state["kernel_size"], state["stride"], value)
        return super()._range_message(name, value, lo, hi, state)

    def _compute(self, state):
        n, k, s, p = state["input_size"], state["kernel_size"], state["stride"], state["padding"]
        counts = operations.overlap_count(n, k, s, p)
        interior = operations.overlap_interior(n, k, s, p)
        sentence = captions.overlap_verdict(n, k, s, p, counts)
        picture = svg.overlap_svg(counts, _overlap_profile(n, k, s, p), interior, note=sentence)
        return View(picture, output=counts, sentence=sentence, extra={"interior": interior})

    @property
    def interior(self):
        view, _ = self._result()
        return None if view is None else view.extra["interior"]
