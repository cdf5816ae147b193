"""The fast evaluations behind ``operations.conv_transpose2d`` and ``operations.conv2d`` (private).

``operations`` says *what* is computed, the way the series teaches it (every input element adds a
scaled kernel copy; a convolution slides a window). This module computes the same sums quickly with
NumPy: the copies are made by one matrix product and added phase by phase (``scatter_sum``), or the
output is gathered per stride phase (``phase_sum``, the sub-pixel view); a small cost model picks the
cheaper. tests/test_operations.py runs both evaluations on every case against torch.
"""
from __future__ import annotations

import numpy as np

class PhasePlan:
    """Where each kernel tap lands, phase by phase, for a transposed convolution.

    Tap ``a`` of input row ``i`` lands on full-grid row ``i·s + a·d = (i + q)·s + r`` with
    ``q, r = divmod(a·d, s)``: on the rows of *phase* ``r``, shifted down by ``q`` rows. The grid
    covers ``hq·s × wq·s`` rows/cols, enough for the full output and for ``padding + H_out``.
    """

    def __init__(self, k, s, d, full, p, out):
        self.s = s
        self.qa, self.ra = np.divmod(np.arange(k[0]) * d[0], s[0])
        self.qb, self.rb = np.divmod(np.arange(k[1]) * d[1], s[1])
        self.Qa, self.Ra = np.unique(self.qa), np.unique(self.ra)
        self.Qb, self.Rb = np.unique(self.qb), np.unique(self.rb)
        rows, cols = max(full[0], p[0] + out[0]), max(full[1], p[1] + out[1])
        self.hq, self.wq = -(-rows // s[0]), -(-cols // s[1])
        self.n_shifts = len(self.Qa) * len(self.Qb)
        self.n_cells = len(self.Ra) * len(self.Rb) * self.n_shifts


# Cost model for choosing the evaluation: multiply-adds (done by BLAS, fast) plus elements
# copied or added by NumPy, each worth about _ELEMENT_COST multiply-adds.
_ELEMENT_COST = 16


def scatter_cost(x_shape, w_shape, g):
    n, c_in, h, wd = x_shape
    copies = n * g * w_shape[1] * w_shape[2] * w_shape[3] * h * wd
    return copies * (c_in // g) + _ELEMENT_COST * 2 * copies  # make every copy, then add it in place


def phase_cost(x_shape, w_shape, g, plan):
    n, c_in, cg_out = x_shape[0], x_shape[1], w_shape[1]
    cells = n * plan.hq * plan.wq
    macs = g * cells * plan.n_cells * (c_in // g) * cg_out
    elements = cells * (c_in * plan.n_shifts + g * cg_out * len(plan.Ra) * len(plan.Rb))
    return macs + _ELEMENT_COST * elements


def scatter_sum(x, w, g, plan):
    """The scatter, vectorised: one matrix product makes every scaled kernel copy, then one add per tap.

    Returns the full grid ``(N, C_out, hq·sh, wq·sw)``. To keep every add on contiguous rows the grid
    is accumulated phase by phase (``acc[r, c]`` holds rows ``r, r+s, ...`` and cols ``c, c+s, ...``)
    and interleaved at the end.
    """
    n, c_in, h, wd = x.shape
    cg_in, cg_out, kh, kw = c_in // g, w.shape[1], w.shape[2], w.shape[3]
    dtype = np.result_type(x.dtype, w.dtype)
    # copies[g, a, b, o, n, i, j] = sum_c w[g, c, o, a, b] * x[n, g, c, i, j]: every scaled copy at once
    wt = w.reshape(g, cg_in, cg_out, kh, kw).transpose(0, 3, 4, 2, 1).reshape(g, kh * kw * cg_out, cg_in)
    xt = x.reshape(n, g, cg_in, h * wd).transpose(1, 2, 0, 3).reshape(g, cg_in, n * h * wd)
    copies = np.matmul(wt.astype(dtype, copy=False), xt.astype(dtype, copy=False)).reshape(g, kh, kw, cg_out, n, h, wd)
    sh, sw = plan.s
    acc = np.zeros((sh, sw, g, cg_out, n, plan.hq, plan.wq), dtype=dtype)
    for a in range(kh):
        qa, ra = plan.qa[a], plan.ra[a]
        for c in range(kw):
            qb, rb = plan.qb[c], plan.rb[c]
            acc[ra, rb, :, :, :, qa:qa + h, qb:qb + wd] += copies[:, a, c]
    return _interleave(acc, range(sh), range(sw), plan)


def phase_sum(x, w, g, plan):
    """The same sums gathered per output phase: one matrix product over shifted copies of the input.

    Output phase ``(r, c)`` at ``(i', j')`` adds ``x[i' − q_a, j' − q_b] · w[a, b]`` over the taps with
    that phase, so stacking the input shifted by every ``q`` turns the whole operation into
    ``weights(phase, o ← c, shift) @ shifted_x`` (the sub-pixel convolution view). Returns the full grid.
    """
    n, c_in, h, wd = x.shape
    cg_in, cg_out, kh, kw = c_in // g, w.shape[1], w.shape[2], w.shape[3]
    dtype = np.result_type(x.dtype, w.dtype)
    Qa, Qb, Ra, Rb, hq, wq = plan.Qa, plan.Qb, plan.Ra, plan.Rb, plan.hq, plan.wq
    xt = x.reshape(n, g, cg_in, h, wd).transpose(1, 2, 0, 3, 4)  # (g, cg_in, n, h, w)
    shifted = np.zeros((g, cg_in, len(Qa), len(Qb), n, hq, wq), dtype=dtype)
    for u, qa in enumerate(Qa):
        hh = min(h, hq - qa)
        for v, qb in enumerate(Qb):
            ww = min(wd, wq - qb)
            shifted[:, :, u, v, :, qa:qa + hh, qb:qb + ww] = xt[..., :hh, :ww]
    wr = w.reshape(g, cg_in, cg_out, kh, kw)
    wb = np.zeros((g, len(Ra), len(Rb), cg_out, cg_in, len(Qa), len(Qb)), dtype=dtype)
    ia, ua = np.searchsorted(Ra, plan.ra), np.searchsorted(Qa, plan.qa)
    ib, ub = np.searchsorted(Rb, plan.rb), np.searchsorted(Qb, plan.qb)
    for a in range(kh):
        for c in range(kw):
            wb[:, ia[a], ib[c], :, :, ua[a], ub[c]] = wr[:, :, :, a, c].transpose(0, 2, 1)
    z = np.matmul(wb.reshape(g, len(Ra) * len(Rb) * cg_out, cg_in * plan.n_shifts),
                  shifted.reshape(g, cg_in * plan.n_shifts, n * hq * wq))
    z = z.reshape(g, len(Ra), len(Rb), cg_out, n, hq, wq).transpose(1, 2, 0, 3, 4, 5, 6)
    return _interleave(z, Ra, Rb, plan)


def _interleave(phases, rows, cols, plan):
    """``phases[u, v]`` ``(g, cg_out, N, hq, wq)`` holds full-grid rows ``rows[u] + k·sh``, cols ``cols[v] + k·sw``.

    Returns the full grid ``(N, g·cg_out, hq·sh, wq·sw)``; phases not listed are zero.
    """
    g, cg_out, n = phases.shape[2:5]
    sh, sw = plan.s
    every_phase = len(rows) == sh and len(cols) == sw
    y = (np.empty if every_phase else np.zeros)((n, g, cg_out, plan.hq, sh, plan.wq, sw), dtype=phases.dtype)
    for u, r in enumerate(rows):
        for v, c in enumerate(cols):
            y[:, :, :, :, r, :, c] = phases[u, v].transpose(2, 0, 1, 3, 4)
    return y.reshape(n, g * cg_out, plan.hq * sh, plan.wq * sw)



def choose(x_shape, w_shape, groups, plan) -> str:
    """``"phase"`` or ``"scatter"``, whichever the cost model says is cheaper."""
    return "phase" if phase_cost(x_shape, w_shape, groups, plan) <= scatter_cost(x_shape, w_shape, groups) else "scatter"


def conv2d_sum(x, w, pads, s, d, groups, oh, ow):
    """``conv2d`` without bias: x ``(N, C_in, H, W)``, w ``(C_out, C_in/g, kH, kW)``,
    pads ``(top, bottom, left, right)``; returns ``(N, C_out, oh, ow)``.

    The padded input is split into stride phases so that every kernel tap reads one contiguous
    window of one phase, and one matrix product per group does all multiply-adds.
    """
    n, c_in, h, wd = x.shape
    k = w.shape[2:]
    ph, pw = h + pads[0] + pads[1], wd + pads[2] + pads[3]
    g, cg_in, cg_out = groups, c_in // groups, w.shape[0] // groups
    dtype = np.result_type(x.dtype, w.dtype)
    # The padded input split into stride phases, channel-major: xq[r, c, g, ci, n, i, j] is padded
    # pixel (i·sh + r, j·sw + c). Tap (a, b) of output (i, j) reads padded pixel (i·sh + a·dh, j·sw + b·dw),
    # i.e. phase divmod(a·dh, sh) shifted by the quotient: a contiguous window of one phase.
    hq, wq = -(-ph // s[0]), -(-pw // s[1])
    xq = np.zeros((s[0], s[1], g, cg_in, n, hq, wq), dtype=dtype)
    xt = x.reshape(n, g, cg_in, h, wd).transpose(1, 2, 0, 3, 4)
    for r in range(s[0]):
        i0 = max(0, -(-(pads[0] - r) // s[0]))         # first phase row inside the input
        row0 = i0 * s[0] + r - pads[0]
        nr = min(len(range(row0, h, s[0])), hq - i0)
        for c in range(s[1]):
            j0 = max(0, -(-(pads[2] - c) // s[1]))
            col0 = j0 * s[1] + c - pads[2]
            nc = min(len(range(col0, wd, s[1])), wq - j0)
            if nr > 0 and nc > 0:
                xq[r, c, :, :, :, i0:i0 + nr, j0:j0 + nc] = xt[..., row0::s[0], col0::s[1]][..., :nr, :nc]
    # patches[g, ci, a, b, n, i, j]: the input value kernel tap (a, b) sees for output (i, j)
    patches = np.empty((g, cg_in, k[0], k[1], n, oh, ow), dtype=dtype)
    for a in range(k[0]):
        qa, ra = divmod(a * d[0], s[0])
        for bb in range(k[1]):
            qb, rb = divmod(bb * d[1], s[1])
            patches[:, :, a, bb] = xq[ra, rb, :, :, :, qa:qa + oh, qb:qb + ow]
    y = np.matmul(w.reshape(g, cg_out, cg_in * k[0] * k[1]).astype(dtype, copy=False),
                  patches.reshape(g, cg_in * k[0] * k[1], n * oh * ow))
    y = np.ascontiguousarray(y.reshape(g * cg_out, n, oh, ow).transpose(1, 0, 2, 3))
    return y
