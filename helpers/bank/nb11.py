"""Exercises of 11_summary.ipynb (the end-of-series quiz); texts in texts/<language>/11.toml."""
from __future__ import annotations

import numpy as np

from .. import operations as ops
from .. import shapes
from ..captions import fmt
from ..checker import exercise
from .common import equivalent_pad, interior_axis_overlap, tconv, terms, weight_shape


# ---------------------------------------------------------------- the computations behind the answers

def out_shape_11_1() -> tuple[int, ...]:
    """Output shape of ConvTranspose2d(8, 4, 3, stride=2, padding=1) on (1, 8, 5, 5), from the NumPy reference."""
    return ops.conv_transpose2d(np.zeros((1, 8, 5, 5)), np.zeros((8, 4, 3, 3)), stride=2, padding=1).shape


X_SEED, K_SEED = [[0, 1], [2, 3]], [[4, 7], [2, 2]]   # the seed post's running example


def transpose_matrix_shape(n: int, k: int, stride: int) -> tuple[int, int]:
    """Shape of Cᵀ for a transposed convolution of an n×n input (C: the Conv2d from its output back to n×n)."""
    n_out = shapes.conv_transpose_output_size(n, k, stride)
    C = ops.conv_matrix(np.ones((k, k)), (n_out, n_out), stride=stride)
    assert C.shape[0] == n * n
    return C.T.shape


def even_kernels(stride: int, largest: int) -> list[int]:
    """Kernel sizes 1…largest whose interior overlap is the same on every cell."""
    return [k for k in range(1, largest + 1) if len(interior_axis_overlap(k, stride)) == 1]


def chain_sizes(n: int, layers: int, k: int = 4, stride: int = 2, padding: int = 1) -> list[int]:
    """Side lengths through ``layers`` equal ConvTranspose2d layers, starting at n."""
    sizes = [n]
    for _ in range(layers):
        sizes.append(shapes.conv_transpose_output_size(sizes[-1], k, stride, padding))
    return sizes


_shape1 = out_shape_11_1
_y2 = lambda: tconv(X_SEED, K_SEED, stride=3)                 # noqa: E731
_op3 = lambda: shapes.output_padding_for(64, 3, 2, 1)          # noqa: E731
_ws4 = lambda: weight_shape(6, 9, 2, groups=3)                 # noqa: E731
_ct5 = lambda: transpose_matrix_shape(2, 3, 2)                 # noqa: E731
_pad6 = lambda: equivalent_pad(4, 1, stride=2)                # noqa: E731
_ks7 = lambda: even_kernels(4, 12)                             # noqa: E731
_n8 = lambda: chain_sizes(5, 3)[-1]                            # noqa: E731


def _explain6(t):
    pad, n = _pad6(), ops.zero_insert(np.zeros((2, 2)), 2).shape[0]
    padded = n + 2 * pad
    return t["explain"].format(pad=pad, padded=padded, out=shapes.conv_output_size(padded, 4),
                               out_t=shapes.conv_transpose_output_size(2, 4, 2, 1))


def _explain7(t):
    rows = t["row_sep"].join(t["row"].format(k=k, counts=t["or"].join(map(str, interior_axis_overlap(k, 4))))
                             for k in range(1, 13))
    return t["explain"].format(rows=rows, sizes=fmt(_ks7(), exact=True))


exercise(
    "11.1", "tuple", _shape1,
    lambda t: t["explain"].format(batch=_shape1()[0], c_out=_shape1()[1],
                                  formula=shapes.conv_transpose_formula(5, 3, 2, 1), shape=fmt(_shape1(), exact=True)),
    lambda: [((1, 8) + _shape1()[2:], "in_channels"),
             ((1, 4) + 2 * (shapes.conv_transpose_output_size(5, 3, 2),), "full"),
             ((1, 4) + 2 * (shapes.conv_output_size(5, 3, 2, 1),), "conv")],
)

exercise(
    "11.2", "array", _y2,
    lambda t: t["explain"].format(y=fmt(_y2(), exact=True), terms=terms(X_SEED, K_SEED, 3, 4, stride=3)),
    lambda: [(tconv(X_SEED, K_SEED), "stride1"), (tconv(X_SEED, np.flip(K_SEED), stride=3), "flip")],
)

exercise(
    "11.3", "int", _op3,
    lambda t: t["explain"].format(conv=shapes.conv_output_formula(64, 3, 2, 1),
                                  tconv=shapes.conv_transpose_formula(32, 3, 2, 1, _op3()), op=_op3()),
    lambda: [(_op3() + 1, "too_big"), (0, "zero")],
)

exercise(
    "11.4", "tuple", _ws4,
    lambda t: t["explain"].format(shape=fmt(_ws4(), exact=True), per_group=_ws4()[1],
                                  conv_shape=fmt((9, 6 // 3, 2, 2), exact=True)),
    lambda: [((9, 6 // 3, 2, 2), "conv"), (weight_shape(6, 9, 2), "no_groups"), ((6 // 3,) + _ws4()[1:], "one_group")],
)

exercise(
    "11.5", "tuple", _ct5,
    lambda t: t["explain"].format(n_out=shapes.conv_transpose_output_size(2, 3, 2),
                                  formula=shapes.conv_transpose_formula(2, 3, 2), c_shape=fmt(_ct5()[::-1], exact=True),
                                  shape=fmt(_ct5(), exact=True), rows=_ct5()[0], cols=_ct5()[1]),
    lambda: [(_ct5()[::-1], "c"), (transpose_matrix_shape(2, 3, 1), "stride1")],
)

exercise(
    "11.6", "int", _pad6, _explain6,
    lambda: [(equivalent_pad(4, 0, stride=2), "full"), (1, "p")],
)

exercise(
    "11.7", "set", _ks7, _explain7,
    lambda: [(_ks7()[:1], "first"), (list(range(4, 13)), "no_gaps"), (_ks7()[:-1], "not_the_largest")],
)

exercise(
    "11.8", "int", _n8,
    lambda t: t["explain"].format(steps=" → ".join(map(str, chain_sizes(5, 3)))),
    lambda: [(chain_sizes(5, 1)[-1], "one"), (chain_sizes(5, 3, padding=0)[-1], "no_crop")],
)


# 11.9: two output values with stride, padding, output_padding and dilation together
X9, K9 = [[2, 1], [1, 3]], [[1, 2, 0], [3, 1, 2], [0, 1, 4]]
KW9 = dict(stride=2, padding=1, output_padding=1, dilation=2)
CELLS9 = ((3, 3), (5, 3))


def _cells(y):
    """(Y[3, 3], Y[5, 3]) of the 2-D output ``y``."""
    return tuple(int(round(y[r, c])) for r, c in CELLS9)


def _v9(**changes):
    return _cells(tconv(X9, K9, **(KW9 | changes)))


def _explain9(t):
    y = tconv(X9, K9, **KW9)
    return t["explain"].format(formula=shapes.conv_transpose_formula(2, 3, 2, 1, 1, 2), n=y.shape[0],
                               first=terms(X9, K9, 3, 3, **KW9), second=terms(X9, K9, 5, 3, **KW9))


exercise(
    "11.9", "tuple", _v9, _explain9,
    lambda: [(_cells(tconv(X9, K9, stride=2, dilation=2)), "wrong_side"),   # the full grid, its top row kept
             (_cells(tconv(X9, K9, **KW9).T), "swapped"),
             ((_v9()[0], 0), "zeros"),
             (_cells(tconv(X9, np.flip(K9), **KW9)), "flip")],
)
