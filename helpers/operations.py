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

from . import _fast
from .shapes import as_int, as_pair, check_conv_params, check_transpose_params, max_transpose_padding
from .i18n import tr

__all__ = [
    "conv_transpose2d",
    "conv2d",
    "Scatter",
    "scatter_copies",
    "contributing_terms",
    "landings",
    "nearest_conv_reach",
    "GridView",
    "grid_view",
    "overlap_interior",
    "padded_input_kinds",
    "conv_matrix_taps",
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
    if hasattr(a, "detach") and hasattr(a, "numpy"):
        # a torch tensor, an nn.Parameter or one with requires_grad: its numbers, without the graph
        a = a.detach().cpu().numpy()
    try:
        arr = np.asarray(a)
    except Exception:  # pragma: no cover - numpy raises many kinds
        raise ValueError(tr("operations.not_numbers", name=name)) from None
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
        raise ValueError(tr("operations.not_numbers_dtype", name=name, dtype=arr.dtype))
    return arr.astype(np.result_type(arr.dtype, np.float32), copy=False)


def _batched(x, op_name):
    x = _as_float(x, "input")
    if x.ndim == 3:
        return x[None], True
    if x.ndim == 4:
        return x, False
    raise ValueError(
        tr("operations.batched_ndim", op=op_name, ndim=x.ndim, shape=x.shape)
    )


def _check_weight(w, x, groups, transposed):
    w = _as_float(w, "weight")
    layout = "(C_in, C_out/groups, kH, kW)" if transposed else "(C_out, C_in/groups, kH, kW)"
    if w.ndim != 4:
        raise ValueError(tr("operations.weight_ndim", layout=layout, ndim=w.ndim, shape=w.shape))
    if groups < 1:
        raise ValueError(tr("operations.groups_too_small", groups=groups))
    if 0 in w.shape:
        raise ValueError(tr("operations.weight_empty_axis", shape=w.shape, layout=layout))
    if w.shape[0] % groups:
        raise ValueError(tr("operations.groups_divide", groups=groups, first=w.shape[0],
                            axis="C_in" if transposed else "C_out", layout=layout))
    c_in = x.shape[1]
    expected = w.shape[0] if transposed else w.shape[1] * groups
    if c_in != expected:
        if transposed:
            raise ValueError(tr("operations.channels_transposed", c_in=c_in, shape=w.shape, expected=expected))
        raise ValueError(tr("operations.channels_conv", c_in=c_in, shape=w.shape, groups=groups, per_group=w.shape[1],
                            expected=expected))
    if x.shape[2] == 0 or x.shape[3] == 0:
        raise ValueError(tr("operations.input_empty", h=x.shape[2], w=x.shape[3]))
    return w


def _check_bias(bias, c_out):
    if bias is None:
        return None
    b = _as_float(bias, "bias")
    if b.shape != (c_out,):
        raise ValueError(tr("operations.bias_shape", c_out=c_out, shape=b.shape))
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
        raise ValueError(tr("operations.padding_too_large_op" if op[i] else "operations.padding_too_large",
                            p=p[i], axis=tr("operations.width" if i else "operations.height"), full=full[i], op=op[i],
                            out=out[i], most=max_transpose_padding(x.shape[2 + i], k[i], s[i], op[i], d[i])))
    return _Setup(x, unbatched, w, b, s, p, op, d, groups, tuple(full), tuple(out))


class _Setup(NamedTuple):
    """A transposed convolution's checked arguments: x ``(N, C_in, H, W)`` (batched), whether the
    caller's x was unbatched, weight, bias (or None), the (h, w) pairs stride/padding/output_padding/
    dilation, groups, the full (uncropped) output size and the visible output size."""
    x: np.ndarray
    unbatched: bool
    weight: np.ndarray
    bias: np.ndarray | None
    stride: tuple
    padding: tuple
    output_padding: tuple
    dilation: tuple
    groups: int
    full: tuple
    out: tuple


# ---------------------------------------------------------------- transposed convolution

def conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 2-D convolution equal to ``torch.nn.functional.conv_transpose2d``.

    x: ``(N, C_in, H, W)`` or ``(C_in, H, W)``; weight: ``(C_in, C_out/groups, kH, kW)``;
    returns ``(N, C_out, H_out, W_out)`` (or without N), in the input's float dtype. Each input
    element scatters ``x[n, c, i, j] · weight[c]`` into the output at ``(i·stride, j·stride)``; the
    full grid is then cropped by ``padding`` on every side and extended by ``output_padding`` at the
    bottom/right. Introduced in 01_basic_operation.ipynb; padding in 02, stride in 03, channels in 04,
    the rest in 06.

    The loop this computes (one channel, stride s, no padding) is the one 01 teaches::

        for i in range(H):
            for j in range(W):
                Y[i*s:i*s + kH, j*s:j*s + kW] += X[i, j] * K

    ``trans_conv_naive`` is that loop; the private module ``_fast`` evaluates the same sums quickly.
    """
    return _conv_transpose2d(x, weight, bias, stride, padding, output_padding, groups, dilation)


def _conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1,
                      method=None):
    """``conv_transpose2d`` with the evaluation chosen: ``method`` is ``"scatter"``, ``"phase"`` or
    None (the cheaper by an operation count, see ``_fast``). Tests run both on every case."""
    st = _transpose_setup(x, weight, bias, stride, padding, output_padding, groups, dilation)
    x, w, p, out = st.x, st.weight, st.padding, st.out
    plan = _fast.PhasePlan(w.shape[2:], st.stride, st.dilation, st.full, p, out)
    if method is None:
        method = _fast.choose(x.shape, w.shape, st.groups, plan)
    if method == "phase":
        y = _fast.phase_sum(x, w, st.groups, plan)
    elif method == "scatter":
        y = _fast.scatter_sum(x, w, st.groups, plan)
    else:
        raise ValueError(tr("operations.transpose_method", method=method))
    y = np.ascontiguousarray(y[:, :, p[0]:p[0] + out[0], p[1]:p[1] + out[1]])
    if st.bias is not None:
        y += st.bias.astype(y.dtype, copy=False)[None, :, None, None]
    return y[0] if st.unbatched else y



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
    st = _transpose_setup(x, weight, None, stride, padding, output_padding, groups, dilation)
    if not st.unbatched:
        raise ValueError(tr("operations.scatter_copies_batch", shape=st.x.shape))
    xs, w, s, p, d, g, full, out = st.x[0], st.weight, st.stride, st.padding, st.dilation, st.groups, st.full, st.out
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
    st = _transpose_setup(x, weight, None, stride, padding, output_padding, groups, dilation)
    xb, w, s, p, d, g, out = st.x, st.weight, st.stride, st.padding, st.dilation, st.groups, st.out
    c_out = w.shape[1] * g
    if not (0 <= out_channel < c_out and 0 <= row < out[0] and 0 <= col < out[1]):
        raise ValueError(
            tr("operations.cell_outside", out_channel=out_channel, row=row, col=col, c_out=c_out, h=out[0], w=out[1])
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


def landings(x_shape, weight_shape, stride=1, padding=0, output_padding=0, groups=1, dilation=1,
             out_channel=0) -> list:
    """Which copies land on each cell of the full (uncropped) output grid, for one output channel.

    x_shape ``(C_in, H, W)``, weight_shape ``(C_in, C_out/groups, kH, kW)``. Returns a nested list
    ``[row][col]`` (full-grid coordinates; the visible output starts at ``(padding, padding)``) of
    ``(e, c, i, j, a, b)`` tuples: input element number ``e = (c·H + i)·W + j`` (row-major over
    channels, rows, columns) meets kernel tap ``(a, b)`` there. Each list is in element order. This is
    the scatter loop itself: element ``(i, j)``'s tap ``(a, b)`` lands on ``(i·s + a·d, j·s + b·d)``.
    Introduced in 01_basic_operation.ipynb (the stripes and tooltips of every scatter picture).
    """
    c_in, h, w = (as_int(v, "x_shape") for v in x_shape)
    st = _transpose_setup(np.zeros((c_in, h, w)), np.zeros(tuple(as_int(v, "weight_shape") for v in weight_shape)),
                          None, stride, padding, output_padding, groups, dilation)
    (sh, sw), (dh, dw), p, out = st.stride, st.dilation, st.padding, st.out
    kh, kw = st.weight.shape[2:]
    cg_in, cg_out = c_in // st.groups, st.weight.shape[1]
    if not 0 <= out_channel < cg_out * st.groups:
        raise ValueError(tr("operations.out_channel_range_groups", last=cg_out * st.groups - 1,
                            out_channel=out_channel))
    rows, cols = max(st.full[0], p[0] + out[0]), max(st.full[1], p[1] + out[1])
    land = [[[] for _ in range(cols)] for _ in range(rows)]
    group = out_channel // cg_out
    for c in range(group * cg_in, (group + 1) * cg_in):
        for i in range(h):
            for j in range(w):
                e = (c * h + i) * w + j
                for a in range(kh):
                    for b in range(kw):
                        land[i * sh + a * dh][j * sw + b * dw].append((e, c, i, j, a, b))
    return land


class GridView(NamedTuple):
    """What one output channel looks like after the first ``upto`` copies have been added.

    ``values`` (rows, cols): their sum on the full grid; ``lands`` (n_elements, rows, cols) bool:
    where each input element's copy lands (whether or not its value is 0); ``partial``
    (C_in, rows, cols): the sum per input channel; top/left/height/width: the visible window;
    ``upto``: how many of the copies that reach this output channel are added (element order);
    ``first``: the element number of the first of them (with ``groups > 1`` only the input channels of
    the output channel's group reach it: elements ``first .. first + count - 1``); ``count``: how many reach it.
    """
    values: np.ndarray
    lands: np.ndarray
    partial: np.ndarray
    top: int
    left: int
    height: int
    width: int
    upto: int
    first: int = 0
    count: int | None = None

    @property
    def visible(self) -> np.ndarray:
        return self.values[self.top:self.top + self.height, self.left:self.left + self.width]

    @property
    def cropped(self) -> np.ndarray:
        """Bool (rows, cols): the cells that padding removes."""
        mask = np.ones(self.values.shape, bool)
        mask[self.top:self.top + self.height, self.left:self.left + self.width] = False
        return mask


def grid_view(x, weight, stride=1, padding=0, output_padding=0, groups=1, dilation=1,
              out_channel=0, upto=None) -> GridView:
    """Sum the scattered copies for one output channel; x ``(C_in, H, W)``, weight ``(C_in, C_out/g, kH, kW)``.

    ``upto`` counts the copies that reach ``out_channel`` (those of its group's input channels: all of
    them when ``groups == 1``), in row-major (channel, row, column) order; None means all of them.
    Introduced in 01_basic_operation.ipynb (behind ``plot_scatter`` and ``ScatterExplorer``).
    """
    x = _as_float(x, "x").astype(float, copy=False)
    weight = _as_float(weight, "weight").astype(float, copy=False)
    sc = scatter_copies(x, weight, stride, padding, output_padding, groups, dilation)
    c_out = sc.copies.shape[3]
    if not 0 <= out_channel < c_out:
        raise ValueError(tr("operations.out_channel_range", last=c_out - 1, out_channel=out_channel))
    ones = scatter_copies(np.ones_like(x), np.ones_like(weight), stride, padding, output_padding, groups, dilation)
    copies = sc.copies[:, :, :, out_channel]                       # (C_in, H, W, rows, cols)
    n = copies.shape[0] * copies.shape[1] * copies.shape[2]
    count = n // as_int(groups, "groups")                        # the copies of one group's input channels
    first = (out_channel // weight.shape[1]) * count
    upto = count if upto is None else as_int(upto, "upto")
    if not 0 <= upto <= count:
        raise ValueError(tr("operations.upto_range", n=count, upto=upto))
    keep = (np.arange(n) < first + upto).reshape(copies.shape[:3])   # (other groups' copies are zero here)
    kept = copies * keep[..., None, None]
    lands = (ones.copies[:, :, :, out_channel] != 0).reshape(n, *copies.shape[3:])
    return GridView(kept.sum((0, 1, 2)), lands, kept.sum((1, 2)), sc.top, sc.left, sc.height, sc.width, upto,
                    first, count)


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
                raise ValueError(tr("operations.same_needs_stride_1", stride=s))
            tot = [d[i] * (k[i] - 1) for i in range(2)]
            return (tot[0] // 2, tot[0] - tot[0] // 2, tot[1] // 2, tot[1] - tot[1] // 2)
        raise ValueError(tr("operations.padding_kind", padding=padding))
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
            tr("operations.kernel_too_large", kh=k[0], kw=k[1], sh=span[0], sw=span[1], dilation=d, ph=ph, pw=pw)
        )
    oh, ow = (ph - span[0]) // s[0] + 1, (pw - span[1]) // s[1] + 1
    y = _fast.conv2d_sum(x, w, pads, s, d, groups, oh, ow)
    dtype = y.dtype
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
        raise ValueError(tr("operations.kernel_ndim", shape=kernel.shape))
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
    st = _transpose_setup(x, weight, None, stride, padding, output_padding, 1, dilation)
    xb, unbatched, w, s, p, op, d = st.x, st.unbatched, st.weight, st.stride, st.padding, st.output_padding, st.dilation
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
        raise ValueError(tr("operations.overlap_sizes", input_size=(h, w), kernel_size=(kh, kw)))
    y = conv_transpose2d(np.ones((1, h, w)), np.ones((1, 1, kh, kw)), stride=stride, padding=padding,
                         output_padding=output_padding, dilation=dilation)
    return np.rint(y[0]).astype(int)


def overlap_interior(input_size, kernel_size, stride=1, padding=0) -> tuple:
    """The interior of the overlap map ``(top, left, height, width)`` (visible coordinates; all 0 if none).

    The cells every window that could cover them (for an input extending forever) does exist: full-grid
    index ``t`` with ``k − s ≤ t ≤ n·s − 1`` (window ``i`` covers ``i·s … i·s + k − 1``), shifted by
    padding. There the count no longer changes as the input grows, and repeats with period ``stride``.
    Introduced in 09_checkerboard.ipynb.
    """
    n, k, s, p = (as_int(v, name) for v, name in ((input_size, "input_size"), (kernel_size, "kernel_size"),
                                                  (stride, "stride"), (padding, "padding")))
    size = (n - 1) * s + k - 2 * p
    if size < 1:
        raise ValueError(tr("operations.overlap_padding", p=p, size=size))
    lo, hi = max(k - s - p, 0), min(n * s - 1 - p, size - 1)
    return (lo, lo, hi - lo + 1, hi - lo + 1) if lo <= hi else (0, 0, 0, 0)


def nearest_conv_reach(input_size, factor, kernel_size=3, padding=1) -> tuple:
    """What each output pixel of nearest-neighbour resizing by ``factor`` then a ``kernel_size`` convolution
    (stride 1, ``padding``) reads: ``(inputs, taps)``, int arrays ``(n·f, n·f)``: how many distinct input
    pixels its window touches, and how many kernel taps fall on the image (not on padding).
    Introduced in 10_upsampling_in_practice.ipynb.
    """
    n, f, k, p = (as_int(v, name) for v, name in ((input_size, "input_size"), (factor, "factor"),
                                                  (kernel_size, "kernel_size"), (padding, "padding")))
    m = n * f
    starts = np.arange(m) - p                                     # window of output i: i − p … i − p + k − 1
    cols = starts[:, None] + np.arange(k)[None, :]
    inside = (cols >= 0) & (cols < m)
    seen = np.array([len(set((c[ok] // f).tolist())) for c, ok in zip(cols, inside)])
    taps = inside.sum(axis=1)
    return np.outer(seen, seen), np.outer(taps, taps)


def padded_input_kinds(input_size, kernel_size, stride=1, padding=0, output_padding=0) -> np.ndarray:
    """What each cell of the equivalent convolution's input is: ``"input"``, ``"inserted"`` (a zero put
    between elements) or ``"padding"`` (a zero around them); a ``(H', W')`` array of str, the shape of
    ``equivalent_conv``'s padded input for an ``(input_size, input_size)`` x and padding ≤ kernel_size − 1.
    Introduced in 08_equivalent_convolution.ipynb.
    """
    n, k = as_int(input_size, "input_size"), as_int(kernel_size, "kernel_size")
    xd, (t, b, l, r), _ = equivalent_conv_parts(np.ones((1, n, n)), np.ones((1, 1, k, k)), stride, padding,
                                                output_padding)
    if min(t, b, l, r) < 0:
        raise ValueError(tr("operations.padded_kinds_padding", padding=padding, most=k - 1))
    kinds = np.full((xd.shape[1] + t + b, xd.shape[2] + l + r), "padding", dtype=object)
    kinds[t:t + xd.shape[1], l:l + xd.shape[2]] = np.where(xd[0] == 1, "input", "inserted")
    return kinds


def conv_matrix_taps(kernel_size, input_shape, stride=1, padding=0) -> np.ndarray:
    """Which kernel tap (``a·kW + b``) each entry of ``conv_matrix`` is, −1 where C is structurally zero.

    kernel_size ``(kH, kW)`` or int; returns an int array with C's shape. Introduced in 07_matrix_view.ipynb
    (the tap colours).
    """
    kh, kw = as_pair(kernel_size, "kernel_size")
    numbered = np.arange(1, kh * kw + 1, dtype=float).reshape(kh, kw)
    return np.rint(conv_matrix(numbered, input_shape, stride, padding)).astype(int) - 1


def bilinear_kernel(factor: int) -> np.ndarray:
    """The ``(2·factor − factor % 2)``-square bilinear-interpolation kernel FCN uses to initialise upsampling.

    Returns a 2-D array; with stride=factor and padding=factor//2 (even factor) a transposed
    convolution by it is bilinear upsampling. Introduced in 10_upsampling_in_practice.ipynb.
    """
    factor = as_int(factor, "factor")
    if factor < 1:
        raise ValueError(tr("operations.bilinear_factor", factor=factor))
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
        raise ValueError(tr("operations.sample_size", size=size))
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
        except (ImportError, OSError, ValueError):   # no Pillow, the file missing or unreadable
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
        raise ValueError(tr("operations.upsample_ndim", shape=img.shape))
    f = as_int(factor, "factor")
    if f < 1:
        raise ValueError(tr("operations.upsample_factor", factor=factor))
    if method not in UPSAMPLE_METHODS:
        raise ValueError(tr("operations.upsample_method", methods=list(UPSAMPLE_METHODS), method=method))
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
    if out.shape != (f * img.shape[0], f * img.shape[1]):   # cannot happen unless the recipe above is wrong
        raise RuntimeError(tr("operations.upsample_internal", factor=f, shape=out.shape, k=k, p=p, op=op))
    return out, dict(method=method, kernel=K, stride=f, padding=p, output_padding=op)
