"""07_matrix_view's explorers: the convolution as a matrix C, ``vec(Y) = C @ vec(X)`` one row at a time, and the
transposed convolution ``vec(Z) = Cᵀ @ vec(Y)`` one row of Cᵀ at a time."""
from __future__ import annotations

import numpy as np
import traitlets

from .. import captions, operations, shapes, stepping, svg
from ..i18n import tr
from .base import Explorer, Stepping, View, check_range
from .data import example_kernel

__all__ = ["MatrixExplorer", "MatrixStepExplorer", "MatrixTransposedStepExplorer", "arange_grid"]

RANGES = {"input_size": (2, 5), "kernel_size": (1, 3), "stride": (1, 3)}


def arange_grid(n):
    """``arange(n·n)`` as an n×n float grid: the X (and the Y of the transposed step) that 07 draws, for every
    size (08's ``data.one_channel_data`` wraps its values mod 10 instead)."""
    return np.arange(n * n, dtype=float).reshape(n, n)


def padding_range(n, k):
    """Padding from the least that lets a k-kernel fit the padded n-input, to k − 1."""
    return max(0, -(-(k - n) // 2)), k - 1


class MatrixExplorer(Explorer):
    """The convolution as a matrix: ``vec(Y) = C @ vec(X)``, and the transposed convolution as ``Cᵀ``.

    Controls: input size 2..5, kernel size 1..3, stride 1..3, padding (from the least that lets the kernel
    fit to kernel_size − 1), and the output cell to pick (a row of C). The kernel is
    ``example_kernel(1, 1, k)[0, 0]``. Draws C (each non-zero entry shows its kernel value, coloured by
    kernel tap) beside Cᵀ; the picked row of C is the matching column of Cᵀ. ``output`` is C
    ``(H_out·W_out, H·W)``; ``sentence`` spells out the picked row. Introduced in 07_matrix_view.ipynb.
    """

    KIND = "matrix"
    KEYS = CONTROLS = ("input_size", "kernel_size", "stride", "padding", "pick")
    css_name = "tconv-matrix-explorer"
    input_size = traitlets.Int(3).tag(sync=True)
    kernel_size = traitlets.Int(2).tag(sync=True)
    stride = traitlets.Int(1).tag(sync=True)
    padding = traitlets.Int(0).tag(sync=True)
    pick = traitlets.Int(0).tag(sync=True)

    def __init__(self, input_size=3, kernel_size=2, stride=1, padding=0, pick=0):
        n, k, s = (check_range(name, v, *RANGES[name]) for name, v in
                   (("input_size", input_size), ("kernel_size", kernel_size), ("stride", stride)))
        p = check_range("padding", padding, *padding_range(n, k))
        m = shapes.conv_output_size(n, k, s, p) ** 2
        pick = check_range("pick", pick, 0, m - 1)
        super().__init__(input_size=n, kernel_size=k, stride=s, padding=p, pick=pick)

    def _control(self, name, state):
        if name == "padding":
            lo, hi = padding_range(state["input_size"], state["kernel_size"])
            return {"type": "range", "lo": lo, "hi": hi}
        if name == "pick":
            m = shapes.conv_output_size(state["input_size"], state["kernel_size"], state["stride"], state["padding"])
            return {"type": "range", "lo": 0, "hi": m * m - 1}
        lo, hi = RANGES[name]
        return {"type": "range", "lo": lo, "hi": hi}

    def _adapt(self, state, changed):
        lo, hi = padding_range(state["input_size"], state["kernel_size"])
        state = {**state, "padding": min(max(state["padding"], lo), hi)}
        return {**state, "pick": min(state["pick"], self._control("pick", state)["hi"])}

    def _matrix(self, state):
        n, k, s, p = state["input_size"], state["kernel_size"], state["stride"], state["padding"]
        x, K = arange_grid(n), example_kernel(1, 1, k)[0, 0]
        C = operations.conv_matrix(K, (n, n), stride=s, padding=p)
        taps = operations.conv_matrix_taps(k, (n, n), stride=s, padding=p)
        return x, K, C, taps, shapes.conv_output_size(n, k, s, p)

    def _compute(self, state):
        n = state["input_size"]
        _, K, C, taps, m = self._matrix(state)
        sentence = captions.matrix_sentence(C, state["pick"], m)
        return View(svg.matrix_svg(C, taps, (n, n), (m, m), K, pick=state["pick"], caption=sentence),
                    output=C, sentence=sentence)


class MatrixStepExplorer(Stepping, MatrixExplorer):
    """``vec(Y) = C @ vec(X)`` one row at a time: row i of C times vec(X) gives output cell i of Conv2d.

    Same controls, kernel and bounds as ``MatrixExplorer`` (the "output cell (row)" control is the step),
    plus Play and ◀ / ▶ step buttons in the browser. X is ``arange(n·n)`` reshaped n×n (``arange_grid``), Conv2d's
    input, at every size. Each step frames row i of C, the input cells it multiplies (coloured by kernel
    tap) and the output cell it produces; earlier outputs stay filled in. ``step`` is the
    ``stepping.RowStep``, ``output`` is C, ``sentence`` spells the row out. Introduced in 07_matrix_view.ipynb.
    """

    KIND = "matrix_step"
    STEP = "pick"

    def _compute(self, state):
        n = state["input_size"]
        x, K, C, taps, m = self._matrix(state)
        step = stepping.matrix_row_step(C, x.ravel(), state["pick"])
        sentence = captions.matrix_step_sentence(step, m)
        return View(svg.matrix_step_svg(C, x, step, taps, (n, n), (m, m), K, caption=sentence), output=C,
                    sentence=sentence, extra={"step": step})

    @property
    def step(self):
        view, _ = self._result()
        return None if view is None else view.extra["step"]


class MatrixTransposedStepExplorer(MatrixStepExplorer):
    """``vec(Z) = Cᵀ @ vec(Y)`` one row of Cᵀ at a time: the transposed convolution, one output cell per step.

    Same sliders as ``MatrixExplorer`` (C is Conv2d's matrix for input size n, kernel k, stride s, padding p),
    but the step ``pick`` runs over the n·n rows of Cᵀ: row j of Cᵀ is output cell j of
    ``conv_transpose2d(Y, K, stride=s, padding=p, output_padding=(n + 2p − k) mod s)``, whose output is n×n
    again. Y (the transposed convolution's input, m×m) is ``arange(m·m)`` (``arange_grid``); at the default
    state it is notebook 01's ``[[0, 1], [2, 3]]``. Each step frames row j of Cᵀ, the cells of Y it multiplies
    (coloured by the kernel tap that meets them) and the output cell of Z it produces; earlier outputs stay
    filled in. ``step`` is ``stepping.matrix_row_step(Cᵀ, vec(Y), j)``, ``output`` is C (as for the other
    two), ``sentence`` spells the row out. Introduced in 07_matrix_view.ipynb.
    """

    KIND = "matrix_transposed_step"

    def _control(self, name, state):
        if name == "pick":
            return {"type": "range", "lo": 0, "hi": state["input_size"] ** 2 - 1}
        return super()._control(name, state)

    def __init__(self, input_size=3, kernel_size=2, stride=1, padding=0, pick=0):
        n = check_range("input_size", input_size, *RANGES["input_size"])
        pick = check_range("pick", pick, 0, n * n - 1)
        super().__init__(input_size=n, kernel_size=kernel_size, stride=stride, padding=padding)
        self.set(pick=pick)

    def _compute(self, state):
        n = state["input_size"]
        _, K, C, taps, m = self._matrix(state)
        y = arange_grid(m)
        step = stepping.matrix_row_step(C.T, y.ravel(), state["pick"])
        sentence = captions.matrix_transposed_step_sentence(step, n)
        titles = {"x": tr("svg.tstep_y_title"), "y": tr("svg.tstep_z_title"),
                  "vec": tr("svg.tstep_vec_title", last=m * m - 1), "c": tr("svg.tstep_c_title", M=m * m, N=n * n),
                  "out": "vec(Z)", "x_tag": "y", "y_tag": "z"}
        return View(svg.matrix_step_svg(C.T, y, step, taps.T, (m, m), (n, n), K, caption=sentence, titles=titles),
                    output=C, sentence=sentence, extra={"step": step})
