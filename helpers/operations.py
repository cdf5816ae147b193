"""A NumPy reference for ``torch.nn.functional.conv_transpose2d`` and ``conv2d``, written the way the series teaches it.

The transposed convolution is a *scatter*: every input element adds a scaled copy of the kernel
into the output, copies ``stride`` apart, then ``padding`` crops the border and ``output_padding``
extends the bottom/right. Arrays follow torch's layouts:

* input ``(N, C_in, H, W)`` or unbatched ``(C_in, H, W)``;
* transposed weight ``(C_in, C_out/groups, kH, kW)``; conv weight ``(C_out, C_in/groups, kH, kW)``.

Introduced in 01_basic_operation.ipynb; each extra parameter in the notebook named in its docstring.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .shapes import as_int, as_pair, check_conv_params, check_transpose_params, max_transpose_padding

__all__ = [
    "conv_transpose2d",
    "conv2d",
    "Scatter",
    "scatter_copies",
    "contributing_terms",
    "conv_matrix",
    "zero_insert",
    "equivalent_conv_parts",
    "equivalent_conv",
    "overlap_count",
    "bilinear_kernel",
    "trans_conv_naive",
    "UPSAMPLE_METHODS",
    "sample_image",
    "upsample_image",
]


# ---------------------------------------------------------------- validation

def _as_float(a, name):
    try:
        arr = np.asarray(a)
    except Exception:  # pragma: no cover - numpy raises many kinds
        raise ValueError(f"{name} must be an array of numbers.") from None
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
        raise ValueError(f"{name} must be an array of numbers, got dtype {arr.dtype}.")
    return arr.astype(np.result_type(arr.dtype, np.float32), copy=False)


def _batched(x, op_name):
    x = _as_float(x, "input")
    if x.ndim == 3:
        return x[None], True
    if x.ndim == 4:
        return x, False
    raise ValueError(
        f"input must be 3-D (C, H, W) or 4-D (N, C, H, W) for {op_name}, got {x.ndim}-D shape "
        f"{x.shape}. Add a batch and/or channel axis, e.g. x.reshape(1, 1, H, W)."
    )


def _check_weight(w, x, groups, transposed):
    w = _as_float(w, "weight")
    layout = "(C_in, C_out/groups, kH, kW)" if transposed else "(C_out, C_in/groups, kH, kW)"
    if w.ndim != 4:
        raise ValueError(f"weight must be 4-D {layout}, got {w.ndim}-D shape {w.shape}.")
    if groups < 1:
        raise ValueError(f"groups must be at least 1 (got {groups}): it is how many independent channel groups there are.")
    if 0 in w.shape:
        raise ValueError(f"weight must not have an empty axis, got shape {w.shape} with layout {layout}.")
    if w.shape[0] % groups:
        raise ValueError(
            f"groups={groups} must divide weight.shape[0]={w.shape[0]} "
            f"({'C_in' if transposed else 'C_out'} in the layout {layout})."
        )
    c_in = x.shape[1]
    expected = w.shape[0] if transposed else w.shape[1] * groups
    if c_in != expected:
        if transposed:
            hint = (f"the transposed weight's first axis is C_in, so weight {w.shape} expects "
                    f"{expected} input channels (note: the reverse of Conv2d's layout)")
        else:
            hint = f"weight {w.shape} with groups={groups} expects C_in = {w.shape[1]}·{groups} = {expected}"
        raise ValueError(f"input has {c_in} channels but {hint}.")
    if x.shape[2] == 0 or x.shape[3] == 0:
        raise ValueError(f"input height and width must be at least 1, got {x.shape[2]}×{x.shape[3]}.")
    return w


def _check_bias(bias, c_out):
    if bias is None:
        return None
    b = _as_float(bias, "bias")
    if b.shape != (c_out,):
        raise ValueError(f"bias must be 1-D with one value per output channel ({c_out},), got shape {b.shape}.")
    return b


def _transpose_setup(x, weight, bias, stride, padding, output_padding, groups, dilation):
    x, unbatched = _batched(x, "conv_transpose2d")
    s, p = as_pair(stride, "stride"), as_pair(padding, "padding")
    op, d = as_pair(output_padding, "output_padding"), as_pair(dilation, "dilation")
    groups = as_int(groups, "groups")
    check_transpose_params(s, p, op, d)
    w = _check_weight(weight, x, groups, transposed=True)
    c_out = w.shape[1] * groups
    b = _check_bias(bias, c_out)
    k = w.shape[2:]
    full = [(x.shape[2 + i] - 1) * s[i] + d[i] * (k[i] - 1) + 1 for i in range(2)]
    out = [full[i] - 2 * p[i] + op[i] for i in range(2)]
    if min(out) < 1:
        i = int(out[1] < 1 and out[0] >= 1)
        extra = f" (+{op[i]} output_padding)" if op[i] else ""
        raise ValueError(
            f"padding={p[i]} is too large for the output's {('height', 'width')[i]}: the full output is "
            f"{full[i]} long{extra} and padding crops {p[i]} from each side, leaving {out[i]}. "
            f"Use padding at most {max_transpose_padding(x.shape[2 + i], k[i], s[i], op[i], d[i])}."
        )
    return x, unbatched, w, b, s, p, op, d, groups, tuple(full), tuple(out)


# ---------------------------------------------------------------- transposed convolution

def conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 2-D convolution equal to ``torch.nn.functional.conv_transpose2d``.

    x: ``(N, C_in, H, W)`` or ``(C_in, H, W)``; weight: ``(C_in, C_out/groups, kH, kW)``;
    returns ``(N, C_out, H_out, W_out)`` (or without N), in the input's float dtype. Each input
    element scatters ``x[n, c, i, j] · weight[c]`` into the output at ``(i·stride, j·stride)``; the
    full grid is then cropped by ``padding`` on every side and extended by ``output_padding`` at the
    bottom/right. Introduced in 01_basic_operation.ipynb; padding in 02, stride in 03, channels in 04,
    the rest in 06.

    Two vectorised evaluations give the same sums (``_scatter_sum`` is the one the series draws;
    ``_phase_sum`` is faster when its intermediate array is not much larger); see ``_conv_transpose2d``.
    """
    return _conv_transpose2d(x, weight, bias, stride, padding, output_padding, groups, dilation)


def _conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1,
                      method=None):
    """``conv_transpose2d`` with the evaluation chosen: ``method`` is ``"scatter"``, ``"phase"`` or
    None (the cheaper by an operation count). Tests run both on every case."""
    x, unbatched, w, b, s, p, op, d, g, full, out = _transpose_setup(
        x, weight, bias, stride, padding, output_padding, groups, dilation)
    plan = _PhasePlan(w.shape[2:], s, d, full, p, out)
    if method is None:
        method = "phase" if _phase_cost(x.shape, w.shape, g, plan) <= _scatter_cost(x.shape, w.shape, g) else "scatter"
    if method == "phase":
        y = _phase_sum(x, w, g, plan)
    elif method == "scatter":
        y = _scatter_sum(x, w, g, plan)
    else:
        raise ValueError(f"method must be 'scatter', 'phase' or None, got {method!r}.")
    y = np.ascontiguousarray(y[:, :, p[0]:p[0] + out[0], p[1]:p[1] + out[1]])
    if b is not None:
        y += b.astype(y.dtype, copy=False)[None, :, None, None]
    return y[0] if unbatched else y


class _PhasePlan:
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


def _scatter_cost(x_shape, w_shape, g):
    n, c_in, h, wd = x_shape
    copies = n * g * w_shape[1] * w_shape[2] * w_shape[3] * h * wd
    return copies * (c_in // g) + _ELEMENT_COST * 2 * copies  # make every copy, then add it in place


def _phase_cost(x_shape, w_shape, g, plan):
    n, c_in, cg_out = x_shape[0], x_shape[1], w_shape[1]
    cells = n * plan.hq * plan.wq
    macs = g * cells * plan.n_cells * (c_in // g) * cg_out
    elements = cells * (c_in * plan.n_shifts + g * cg_out * len(plan.Ra) * len(plan.Rb))
    return macs + _ELEMENT_COST * elements


def _scatter_sum(x, w, g, plan):
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


def _phase_sum(x, w, g, plan):
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


class Scatter(NamedTuple):
    """The scattered copies of one sample, on the full (uncropped) output grid.

    ``copies[c, i, j, o]`` is what input element ``x[c, i, j]`` adds to output channel ``o``:
    shape ``(C_in, H, W, C_out, rows, cols)``. The visible output is
    ``copies.sum((0, 1, 2))[:, top:top + height, left:left + width]`` (plus bias), which is exactly
    ``conv_transpose2d``'s result; the cells outside that window are what ``padding`` removes.
    """
    copies: np.ndarray
    top: int
    left: int
    height: int
    width: int


def scatter_copies(x, weight, stride=1, padding=0, output_padding=0, groups=1, dilation=1) -> Scatter:
    """Every input element's scaled kernel copy, placed where it lands, for drawing.

    x: ``(C_in, H, W)`` (one sample), weight ``(C_in, C_out/groups, kH, kW)``. See ``Scatter``.
    Introduced in 01_basic_operation.ipynb.
    """
    xb, unbatched, w, _, s, p, op, d, g, full, out = _transpose_setup(
        x, weight, None, stride, padding, output_padding, groups, dilation)
    if not unbatched:
        raise ValueError(f"scatter_copies draws one sample: pass x as (C, H, W), got shape {xb.shape}.")
    xs = xb[0]
    c_in, h, wd = xs.shape
    cg_in, cg_out, kh, kw = c_in // g, w.shape[1], w.shape[2], w.shape[3]
    rows, cols = max(full[0], p[0] + out[0]), max(full[1], p[1] + out[1])
    copies = np.zeros((c_in, h, wd, g * cg_out, rows, cols), dtype=np.result_type(xs.dtype, w.dtype))
    ii, jj = np.meshgrid(np.arange(h), np.arange(wd), indexing="ij")
    for c in range(c_in):
        o = slice((c // cg_in) * cg_out, (c // cg_in + 1) * cg_out)
        for a in range(kh):
            for bb in range(kw):
                r, q = ii * s[0] + a * d[0], jj * s[1] + bb * d[1]
                copies[c, ii, jj, o, r, q] = (xs[c][..., None] * w[c, :, a, bb])
    return Scatter(copies, p[0], p[1], out[0], out[1])


def contributing_terms(x, weight, out_channel, row, col, stride=1, padding=0, output_padding=0,
                       groups=1, dilation=1) -> np.ndarray:
    """The products that sum to output cell ``y[out_channel, row, col]`` (row/col in the cropped output).

    Returns an int array ``(n_terms, 5)`` of ``[c_in, i, j, a, b]``: input element ``x[c_in, i, j]``
    times kernel tap ``weight[c_in, out_channel % (C_out/groups), a, b]``. Ordered by (c_in, i, j).
    Introduced in 01_basic_operation.ipynb (the "28 = 0·2 + 1·2 + 2·7 + 3·4" readout).
    """
    xb, _, w, _, s, p, op, d, g, full, out = _transpose_setup(
        x, weight, None, stride, padding, output_padding, groups, dilation)
    c_out = w.shape[1] * g
    if not (0 <= out_channel < c_out and 0 <= row < out[0] and 0 <= col < out[1]):
        raise ValueError(
            f"cell (channel {out_channel}, row {row}, col {col}) is outside the output "
            f"({c_out} channels, {out[0]}×{out[1]})."
        )
    c_in, h, wd = xb.shape[1:]
    cg_in, cg_out = c_in // g, w.shape[1]
    grp = out_channel // cg_out
    R, C = row + p[0], col + p[1]
    terms = []
    for c in range(grp * cg_in, (grp + 1) * cg_in):
        for i in range(h):
            a, ra = divmod(R - i * s[0], d[0])
            if ra or not 0 <= a < w.shape[2]:
                continue
            for j in range(wd):
                bb, rb = divmod(C - j * s[1], d[1])
                if rb or not 0 <= bb < w.shape[3]:
                    continue
                terms.append((c, i, j, a, bb))
    return np.array(terms, dtype=int).reshape(-1, 5)


def trans_conv_naive(X, K):
    """The textbook double loop over input elements, for one channel: X ``(H, W)``, K ``(kH, kW)``.

    Kept as an independent check of ``conv_transpose2d`` in tests/test_operations.py
    (no notebook or benchmark calls it).
    """
    X, K = np.asarray(X, dtype=float), np.asarray(K, dtype=float)
    h, w = K.shape
    Y = np.zeros((X.shape[0] + h - 1, X.shape[1] + w - 1))
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            Y[i:i + h, j:j + w] += X[i, j] * K
    return Y


# ---------------------------------------------------------------- ordinary convolution

def _conv_padding(padding, k, d, s):
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0, 0, 0)
        if padding == "same":
            if s != (1, 1):
                raise ValueError(f"padding='same' needs stride 1 (got stride={s}): with a larger stride no padding keeps the size.")
            tot = [d[i] * (k[i] - 1) for i in range(2)]
            return (tot[0] // 2, tot[0] - tot[0] // 2, tot[1] // 2, tot[1] - tot[1] // 2)
        raise ValueError(f"padding must be an int, a pair, 'valid' or 'same', got {padding!r}.")
    ph, pw = as_pair(padding, "padding")
    check_conv_params(s, (ph, pw), d)
    return (ph, ph, pw, pw)


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D cross-correlation equal to ``torch.nn.functional.conv2d``.

    x: ``(N, C_in, H, W)`` or ``(C_in, H, W)``; weight: ``(C_out, C_in/groups, kH, kW)``; padding an int,
    a pair, ``'valid'`` or ``'same'`` (stride 1 only; an odd total goes to the bottom/right, like torch).
    Returns ``(N, C_out, H_out, W_out)`` (or without N). Introduced in 05_shape_inverse.ipynb.
    """
    x, unbatched = _batched(x, "conv2d")
    s, d = as_pair(stride, "stride"), as_pair(dilation, "dilation")
    groups = as_int(groups, "groups")
    check_conv_params(s, (0, 0), d)
    w = _check_weight(weight, x, groups, transposed=False)
    k = w.shape[2:]
    pads = _conv_padding(padding, k, d, s)
    b = _check_bias(bias, w.shape[0])
    n, c_in, h, wd = x.shape
    span = [d[i] * (k[i] - 1) + 1 for i in range(2)]
    ph, pw = h + pads[0] + pads[1], wd + pads[2] + pads[3]
    if ph < span[0] or pw < span[1]:
        raise ValueError(
            f"the kernel ({k[0]}×{k[1]}, spanning {span[0]}×{span[1]} with dilation {d}) is larger than the "
            f"padded input ({ph}×{pw}): use a smaller kernel, less dilation or more padding."
        )
    oh, ow = (ph - span[0]) // s[0] + 1, (pw - span[1]) // s[1] + 1
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
    if b is not None:
        y += b.astype(dtype, copy=False)[None, :, None, None]
    return y[0] if unbatched else y


# ---------------------------------------------------------------- other views of the same operation

def conv_matrix(kernel, input_shape, stride=1, padding=0, dilation=1) -> np.ndarray:
    """The matrix C with ``vec(conv2d(X, K)) = C @ vec(X)`` for one channel.

    kernel ``(kH, kW)``, input_shape ``(H, W)``; returns ``(H_out·W_out, H·W)`` (row-major vec).
    ``C.T @ vec(Y)`` is the transposed convolution of Y with the same parameters.
    Introduced in 07_matrix_view.ipynb.
    """
    kernel = _as_float(kernel, "kernel")
    if kernel.ndim != 2:
        raise ValueError(f"kernel must be 2-D (kH, kW), got shape {kernel.shape}.")
    h, w = (int(v) for v in input_shape)
    eye = np.eye(h * w).reshape(h * w, 1, h, w)
    cols = conv2d(eye, kernel[None, None], stride=stride, padding=padding, dilation=dilation)
    return cols.reshape(h * w, -1).T.copy()


def zero_insert(X, stride) -> np.ndarray:
    """Put ``stride − 1`` zeros between neighbouring elements of X ``(..., H, W)``.

    Returns ``(..., (H−1)·sh+1, (W−1)·sw+1)``. Introduced in 08_equivalent_convolution.ipynb.
    """
    X = _as_float(X, "X")
    sh, sw = as_pair(stride, "stride")
    check_conv_params((sh, sw), (0, 0), (1, 1))
    h, w = X.shape[-2:]
    out = np.zeros(X.shape[:-2] + ((h - 1) * sh + 1, (w - 1) * sw + 1), dtype=X.dtype)
    out[..., ::sh, ::sw] = X
    return out


def equivalent_conv_parts(x, weight, stride=1, padding=0, output_padding=0, dilation=1):
    """The ordinary convolution that equals ``conv_transpose2d`` (groups=1).

    Returns ``(x_dilated, pads, weight_conv)``: the zero-inserted input ``(.., C_in, H', W')``, the
    padding ``(top, bottom, left, right)`` = ``dilation·(k−1) − padding`` on each side (+ output_padding
    at the bottom/right), and the flipped, channel-swapped kernel ``(C_out, C_in, kH, kW)``, so that
    ``conv2d(pad(x_dilated, pads), weight_conv, dilation=dilation)`` equals the transposed convolution.
    A negative pad means cropping. Introduced in 08_equivalent_convolution.ipynb (02_padding.ipynb
    already uses its pads to show that padding crops).
    """
    xb, unbatched, w, _, s, p, op, d, g, full, out = _transpose_setup(
        x, weight, None, stride, padding, output_padding, 1, dilation)
    k = w.shape[2:]
    pads = tuple(int(v) for v in (d[0] * (k[0] - 1) - p[0], d[0] * (k[0] - 1) - p[0] + op[0],
                                  d[1] * (k[1] - 1) - p[1], d[1] * (k[1] - 1) - p[1] + op[1]))
    xd = zero_insert(xb, s)
    wc = np.ascontiguousarray(w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3))
    return (xd[0] if unbatched else xd), pads, wc


def equivalent_conv(x, weight, stride=1, padding=0, output_padding=0, dilation=1):
    """Run the ordinary convolution that equals ``conv_transpose2d`` (groups=1), step by step.

    Returns ``(padded, weight_conv, y)``: the zero-inserted input padded by
    ``dilation·(k − 1) − padding`` (+ output_padding at the bottom/right; cropped where that is
    negative), the flipped, channel-swapped kernel, and ``conv2d(padded, weight_conv, dilation=dilation)``,
    which equals the transposed convolution. Introduced in 08_equivalent_convolution.ipynb.
    """
    xd, pads, wc = equivalent_conv_parts(x, weight, stride, padding, output_padding, dilation)
    t, b, l, r = pads
    grow = [(0, 0)] * (xd.ndim - 2) + [(max(t, 0), max(b, 0)), (max(l, 0), max(r, 0))]
    padded = np.pad(xd, grow)
    h, w = padded.shape[-2:]
    padded = padded[..., max(-t, 0):h - max(-b, 0), max(-l, 0):w - max(-r, 0)]
    return padded, wc, conv2d(padded, wc, dilation=dilation)


def overlap_count(input_size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1) -> np.ndarray:
    """How many kernel copies land on each output cell: ``conv_transpose2d(ones, ones)``.

    input_size and kernel_size are ints or ``(h, w)``; returns an int array ``(H_out, W_out)``.
    Introduced in 03_stride.ipynb; the centre of 09_checkerboard.ipynb.
    """
    h, w = as_pair(input_size, "input_size")
    kh, kw = as_pair(kernel_size, "kernel_size")
    if min(h, w) < 1 or min(kh, kw) < 1:
        raise ValueError(f"input_size and kernel_size must be at least 1, got {(h, w)} and {(kh, kw)}.")
    y = conv_transpose2d(np.ones((1, h, w)), np.ones((1, 1, kh, kw)), stride=stride, padding=padding,
                         output_padding=output_padding, dilation=dilation)
    return np.rint(y[0]).astype(int)


def bilinear_kernel(factor: int) -> np.ndarray:
    """The ``(2·factor − factor % 2)``-square bilinear-interpolation kernel FCN uses to initialise upsampling.

    Returns a 2-D array; with stride=factor and padding=factor//2 (even factor) a transposed
    convolution by it is bilinear upsampling. Introduced in 10_upsampling_in_practice.ipynb.
    """
    factor = as_int(factor, "factor")
    if factor < 1:
        raise ValueError(f"factor must be at least 1 (got {factor}).")
    size = 2 * factor - factor % 2
    center = factor - 1 if size % 2 == 1 else factor - 0.5
    og = np.arange(size)
    filt = 1 - np.abs(og - center) / factor
    return np.outer(filt, filt)


# ---------------------------------------------------------------- upsampling an image

UPSAMPLE_METHODS = ("bilinear", "random", "nearest+conv")


def _generated_image(size):
    yy, xx = np.mgrid[0:size, 0:size] / (size - 1)
    img = 0.25 + 0.35 * xx
    img = np.where((xx - 0.4) ** 2 + (yy - 0.45) ** 2 < 0.08, 0.85, img)
    img = np.where((yy > 0.75) & ((xx * 8).astype(int) % 2 == 0), 0.1, img)
    return img


_IMAGE_CACHE = {}


def sample_image(size: int = 64) -> np.ndarray:
    """A ``(size, size)`` grayscale image in [0, 1] to upsample (no network, ever).

    Grace Hopper's portrait from matplotlib's bundled sample data (cropped square, box-averaged
    down); a generated picture if that file is missing. Never the network.
    Introduced in 10_upsampling_in_practice.ipynb.
    """
    size = as_int(size, "size")
    if size < 2:
        raise ValueError(f"size must be at least 2, got {size}.")
    if size not in _IMAGE_CACHE:
        try:
            from matplotlib import cbook
            from PIL import Image
            with Image.open(cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)) as im:
                im = im.convert("L")
                w, h = im.size
                side = min(w, h)
                top = min(h - side, max(0, (h - side) // 3))
                im = im.crop(((w - side) // 2, top, (w - side) // 2 + side, top + side))
                img = np.asarray(im.resize((size, size), Image.BOX), dtype=float) / 255
        except Exception:
            img = _generated_image(size)
        _IMAGE_CACHE[size] = img
    return _IMAGE_CACHE[size].copy()


def _random_kernel():
    return np.random.default_rng(0).uniform(0.0, 1.0, (3, 3))


def upsample_image(image, factor, method="bilinear"):
    """Upsample a 2-D image by an integer ``factor``; returns ``(output, info)``.

    ``output`` is ``(factor·H, factor·W)``. ``info`` names the layer: for ``"bilinear"`` and
    ``"random"`` a ConvTranspose2d (``kernel``, ``stride`` = factor, ``padding``,
    ``output_padding``, chosen so the size is exactly factor×): the bilinear kernel of size
    ``2f − f % 2`` with padding ``(k − f) / 2``, or a fixed-seed random 3×3 kernel scaled to sum f²;
    for ``"nearest+conv"`` nearest-neighbour resizing then a 3×3 convolution (``kernel``, sum 1,
    ``padding`` 1). Introduced in 10_upsampling_in_practice.ipynb.
    """
    img = np.asarray(image, dtype=float)
    if img.ndim != 2:
        raise ValueError(f"image must be 2-D (H, W), got shape {img.shape}.")
    f = as_int(factor, "factor")
    if f < 1:
        raise ValueError(f"factor must be at least 1, got {factor}.")
    if method not in UPSAMPLE_METHODS:
        raise ValueError(f"method must be one of {list(UPSAMPLE_METHODS)}, got {method!r}.")
    if method == "nearest+conv":
        K = _random_kernel()
        K = K / K.sum()
        big = np.repeat(np.repeat(img, f, axis=0), f, axis=1)
        out = conv2d(big[None], K[None, None], padding=1)[0]
        return out, dict(method=method, kernel=K, padding=1)
    if method == "bilinear":
        K = bilinear_kernel(f)
        k = K.shape[0]
        p, op = (k - f) // 2, 0
    else:
        K = _random_kernel()
        K = K * f * f / K.sum()
        k = 3
        p = max(0, -(-(k - f) // 2))
        op = 2 * p - (k - f)
    out = conv_transpose2d(img[None], K[None, None], stride=f, padding=p, output_padding=op)[0]
    assert out.shape == (f * img.shape[0], f * img.shape[1]), (out.shape, f, k, p, op)
    return out, dict(method=method, kernel=K, stride=f, padding=p, output_padding=op)
