"""05_shape_inverse's explorer: Conv2d then ConvTranspose2d on one axis (``ShapeExplorer``)."""
from __future__ import annotations

import traitlets

from .. import captions, shapes, svg
from ..i18n import tr
from .base import Explorer, View, check_range

__all__ = ["ShapeExplorer"]

#: Each control's fixed bounds; output_padding's top follows stride and dilation.
RANGES = {"size": (1, 70), "kernel_size": (1, 7), "stride": (1, 5), "padding": (0, 4), "dilation": (1, 3),
          "output_padding": (0, 4)}


class ShapeExplorer(Explorer):
    """Conv2d then ConvTranspose2d on one axis: which sizes collide, and how output_padding chooses.

    Controls: input size, kernel size, stride, padding, dilation and output_padding. Shows the chain
    ``n → Conv2d → m → ConvTranspose2d → n'`` with both formulas substituted, and a table of every size
    Conv2d maps to the same ``m`` with the output_padding that gives each back. ``output`` is
    ``{"conv", "transposed", "family", "needed_output_padding"}``. Introduced in 05_shape_inverse.ipynb.
    """

    KIND = "shape"
    KEYS = CONTROLS = ("size", "kernel_size", "stride", "padding", "dilation", "output_padding")
    css_name = "tconv-shape-explorer"
    size = traitlets.Int(16).tag(sync=True)
    kernel_size = traitlets.Int(5).tag(sync=True)
    stride = traitlets.Int(3).tag(sync=True)
    padding = traitlets.Int(2).tag(sync=True)
    dilation = traitlets.Int(1).tag(sync=True)
    output_padding = traitlets.Int(0).tag(sync=True)

    def __init__(self, size=16, kernel_size=5, stride=3, padding=2, dilation=1, output_padding=0):
        # refuse what torch refuses before any control could quietly clamp it
        given = {"size": size, "kernel_size": kernel_size, "stride": stride, "padding": padding,
                 "dilation": dilation, "output_padding": output_padding}
        for name, value in given.items():
            lo = RANGES[name][0]
            if shapes.as_int(value, name) < lo:
                raise ValueError(tr("widgets.at_least", name=name, lo=lo, value=value))
        shapes.check_transpose_params((stride,) * 2, (padding,) * 2, (output_padding,) * 2, (dilation,) * 2)
        shapes.conv_output_size(size, kernel_size, stride, padding, dilation)
        for name, value in given.items():
            check_range(name, value, *RANGES[name])
        super().__init__(**{k: int(v) for k, v in given.items()})

    def _control(self, name, state):
        if name == "output_padding":
            return {"type": "range", "lo": 0, "hi": max(state["stride"], state["dilation"]) - 1}
        return {"type": "range", "lo": RANGES[name][0], "hi": RANGES[name][1]}

    def _adapt(self, state, changed):
        return {**state, "output_padding": min(state["output_padding"], max(state["stride"], state["dilation"]) - 1)}

    def _compute(self, state):
        n, k, s, p, d, op = (state[key] for key in self.KEYS)
        m = shapes.conv_output_size(n, k, s, p, d)
        try:
            back = shapes.conv_transpose_output_size(m, k, s, p, op, d)
        except ValueError as err:  # say which layer refuses: Conv2d took these settings
            raise ValueError(captions.shape_back_refused(n, k, s, p, d, m, str(err))) from None
        family = shapes.conv_input_sizes(m, k, s, p, d)
        need = shapes.output_padding_for(n, k, s, p, d)
        output = {"conv": m, "transposed": back, "family": family, "needed_output_padding": need}
        return View(svg.shape_chain_html(n, k, s, p, d, op, m, back, family, need), output=output,
                    sentence=captions.shape_verdict(n, back, need)[1])
