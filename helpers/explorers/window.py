"""08_equivalent_convolution's explorer: the flipped kernel's window sliding over the zero-inserted, padded
input one output cell at a time (``SlidingWindowExplorer``)."""
from __future__ import annotations

import traitlets

from .. import captions, operations, shapes, stepping, svg
from .base import Explorer, Stepping, View, check_range
from .data import one_channel_data

__all__ = ["SlidingWindowExplorer"]

RANGES = {"input_size": (1, 4), "kernel_size": (1, 4), "stride": (1, 3)}


def padding_max(n, k, s, op):
    return min(k - 1, shapes.max_transpose_padding(n, k, s, op))


class SlidingWindowExplorer(Stepping, Explorer):
    """08's direct convolution as an animation, as in Dumoulin & Visin's conv_arithmetic animations.

    Controls: input size 1..4, kernel size 1..4, stride 1..3, output_padding 0..stride − 1, padding
    0..min(kernel_size − 1, largest valid), position (output cell, row-major; the step that Play and ◀ / ▶
    move). Data: ``example_input(1, n, n)[0]`` and ``example_kernel(1, 1, k)[0, 0]``. Each step shows the
    window's input cells with the flipped-kernel tap each meets, the products and the output value; output
    cells already produced are shaded. ``step`` is the ``stepping.WindowStep``, ``output`` the whole output
    (equal to ``conv_transpose2d``), ``sentence`` the window's sum. Introduced in 08_equivalent_convolution.ipynb.
    """

    KIND = "window"
    KEYS = CONTROLS = ("input_size", "kernel_size", "stride", "output_padding", "padding", "position")
    STEP = "position"
    css_name = "tconv-equivalent-explorer"
    input_size = traitlets.Int(2).tag(sync=True)
    kernel_size = traitlets.Int(2).tag(sync=True)
    stride = traitlets.Int(2).tag(sync=True)
    output_padding = traitlets.Int(0).tag(sync=True)
    padding = traitlets.Int(0).tag(sync=True)
    position = traitlets.Int(0).tag(sync=True)

    def __init__(self, input_size=2, kernel_size=2, stride=2, padding=0, output_padding=0, position=0):
        n, k, s = (check_range(name, v, *RANGES[name]) for name, v in
                   (("input_size", input_size), ("kernel_size", kernel_size), ("stride", stride)))
        op = check_range("output_padding", output_padding, 0, s - 1)
        p = check_range("padding", padding, 0, padding_max(n, k, s, op))
        size = shapes.conv_transpose_output_size(n, k, s, p, op)
        position = size * (size // 2) + size // 2 if position is None else position
        position = check_range("position", position, 0, size * size - 1)
        super().__init__(input_size=n, kernel_size=k, stride=s, output_padding=op, padding=p, position=position)

    def _control(self, name, state):
        n, k, s, op = state["input_size"], state["kernel_size"], state["stride"], state["output_padding"]
        if name == "output_padding":
            return {"type": "range", "lo": 0, "hi": s - 1}
        if name == "padding":
            return {"type": "range", "lo": 0, "hi": padding_max(n, k, s, op)}
        if name == "position":
            size = shapes.conv_transpose_output_size(n, k, s, state["padding"], op)
            return {"type": "range", "lo": 0, "hi": size * size - 1}
        lo, hi = RANGES[name]
        return {"type": "range", "lo": lo, "hi": hi}

    def _adapt(self, state, changed):
        for name in ("output_padding", "padding", "position"):
            state = {**state, name: min(state[name], self._control(name, state)["hi"])}
        return state

    def _compute(self, state):
        n, k, s, p, op = (state[key] for key in ("input_size", "kernel_size", "stride", "padding", "output_padding"))
        x, K = one_channel_data(n, k)
        step = stepping.window_step(x, K, s, p, op, state["position"])
        output = operations.equivalent_conv(x[None], K[None, None], s, p, op)[2][0]
        sentence = captions.window_step_sentence(step)
        picture = svg.equivalent_svg(x, K, s, p, op, pick=(step.r, step.c), caption=sentence, done=step.done)
        return View(picture, output=output, sentence=sentence, extra={"step": step})

    @property
    def step(self):
        view, _ = self._result()
        return None if view is None else view.extra["step"]
