"""Exercises of 11_summary.ipynb (the end-of-series quiz); texts in texts/<language>/11.toml."""
from __future__ import annotations

import numpy as np

from .. import operations as ops
from .. import shapes
from ..checker import exercise, fmt
from .common import terms


def _tconv(x, k, **kw) -> np.ndarray:
    """One-channel transposed convolution: (H, W), (kH, kW) -> (H', W')."""
    return ops.conv_transpose2d(np.asarray(x, float)[None], np.asarray(k, float)[None, None], **kw)[0]


# ---------------------------------------------------------------- the computations behind the answers

def out_shape_11_1() -> tuple[int, ...]:
    """Output shape of ConvTranspose2d(8, 4, 3, stride=2, padding=1) on (1, 8, 5, 5), from the NumPy reference."""
    return ops.conv_transpose2d(np.zeros((1, 8, 5, 5)), np.zeros((8, 4, 3, 3)), stride=2, padding=1).shape


X_SEED, K_SEED = [[0, 1], [2, 3]], [[4, 7], [2, 2]]   # the seed post's running example


def weight_shape(c_in: int, c_out: int, k: int, groups: int = 1) -> tuple[int, int, int, int]:
    """ConvTranspose2d's weight shape (C_in, C_out/groups, k, k), checked to give C_out channels."""
    shape = (c_in, c_out // groups, k, k)
    assert ops.conv_transpose2d(np.zeros((c_in, 1, 1)), np.zeros(shape), groups=groups).shape[0] == c_out
    return shape


def transpose_matrix_shape(n: int, k: int, stride: int) -> tuple[int, int]:
    """Shape of Cᵀ for a transposed convolution of an n×n input (C: the Conv2d from its output back to n×n)."""
    n_out = shapes.conv_transpose_output_size(n, k, stride)
    C = ops.conv_matrix(np.ones((k, k)), (n_out, n_out), stride=stride)
    assert C.shape[0] == n * n
    return C.T.shape


def equivalent_top_padding(k: int, stride: int, padding: int) -> int:
    """Rows of zeros above the zero-inserted input in the equivalent direct convolution."""
    _, pads, _ = ops.equivalent_conv_parts(np.ones((1, 2, 2)), np.ones((1, 1, k, k)), stride, padding)
    return pads[0]


def interior_counts(k: int, stride: int) -> list[int]:
    """The distinct numbers of copies on interior cells along one axis (a long 1-D input), sorted."""
    counts = ops.overlap_count((1, 6 * k), (1, k), (1, stride))[0]
    return sorted(set(counts[k:-k].tolist()))


def even_kernels(stride: int, largest: int) -> list[int]:
    """Kernel sizes 1…largest whose interior overlap is the same on every cell."""
    return [k for k in range(1, largest + 1) if len(interior_counts(k, stride)) == 1]


def chain_sizes(n: int, layers: int, k: int = 4, stride: int = 2, padding: int = 1) -> list[int]:
    """Side lengths through ``layers`` equal ConvTranspose2d layers, starting at n."""
    sizes = [n]
    for _ in range(layers):
        sizes.append(shapes.conv_transpose_output_size(sizes[-1], k, stride, padding))
    return sizes


_shape1 = out_shape_11_1
_y2 = lambda: _tconv(X_SEED, K_SEED, stride=3)                 # noqa: E731
_op3 = lambda: shapes.output_padding_for(64, 3, 2, 1)          # noqa: E731
_ws4 = lambda: weight_shape(6, 9, 2, groups=3)                 # noqa: E731
_ct5 = lambda: transpose_matrix_shape(2, 3, 2)                 # noqa: E731
_pad6 = lambda: equivalent_top_padding(4, 2, 1)                # noqa: E731
_ks7 = lambda: even_kernels(4, 12)                             # noqa: E731
_n8 = lambda: chain_sizes(5, 3)[-1]                            # noqa: E731


def _explain6(t):
    pad, n = _pad6(), ops.zero_insert(np.zeros((2, 2)), 2).shape[0]
    padded = n + 2 * pad
    return t["explain"].format(pad=pad, padded=padded, out=shapes.conv_output_size(padded, 4),
                               out_t=shapes.conv_transpose_output_size(2, 4, 2, 1))


def _explain7(t):
    rows = t["row_sep"].join(t["row"].format(k=k, counts=t["or"].join(map(str, interior_counts(k, 4))))
                             for k in range(1, 13))
    return t["explain"].format(rows=rows, sizes=fmt(_ks7()))


exercise(
    "11.1", "tuple", _shape1,
    lambda t: t["explain"].format(batch=_shape1()[0], c_out=_shape1()[1],
                                  formula=shapes.conv_transpose_formula(5, 3, 2, 1), shape=fmt(_shape1())),
    lambda: [((1, 8) + _shape1()[2:], "in_channels"),
             ((1, 4) + 2 * (shapes.conv_transpose_output_size(5, 3, 2),), "full"),
             ((1, 4) + 2 * (shapes.conv_output_size(5, 3, 2, 1),), "conv")],
)

exercise(
    "11.2", "array", _y2,
    lambda t: t["explain"].format(y=fmt(_y2()), terms=terms(X_SEED, K_SEED, 3, 4, stride=3)),
    lambda: [(_tconv(X_SEED, K_SEED), "stride1"), (_tconv(X_SEED, np.flip(K_SEED), stride=3), "flip")],
)

exercise(
    "11.3", "int", _op3,
    lambda t: t["explain"].format(conv=shapes.conv_output_formula(64, 3, 2, 1),
                                  tconv=shapes.conv_transpose_formula(32, 3, 2, 1, _op3()), op=_op3()),
    lambda: [(_op3() + 1, "too_big"), (0, "zero")],
)

exercise(
    "11.4", "tuple", _ws4,
    lambda t: t["explain"].format(shape=fmt(_ws4()), per_group=_ws4()[1], conv_shape=fmt((9, 6 // 3, 2, 2))),
    lambda: [((9, 6 // 3, 2, 2), "conv"), (weight_shape(6, 9, 2), "no_groups"), ((6 // 3,) + _ws4()[1:], "one_group")],
)

exercise(
    "11.5", "tuple", _ct5,
    lambda t: t["explain"].format(n_out=shapes.conv_transpose_output_size(2, 3, 2),
                                  formula=shapes.conv_transpose_formula(2, 3, 2), c_shape=fmt(_ct5()[::-1]),
                                  shape=fmt(_ct5()), rows=_ct5()[0], cols=_ct5()[1]),
    lambda: [(_ct5()[::-1], "c"), (transpose_matrix_shape(2, 3, 1), "stride1")],
)

exercise(
    "11.6", "int", _pad6, _explain6,
    lambda: [(equivalent_top_padding(4, 2, 0), "full"), (1, "p")],
)

exercise(
    "11.7", "set", _ks7, _explain7,
    lambda: [(_ks7()[:1], "first"), (list(range(4, 13)), "no_gaps")],
)

exercise(
    "11.8", "int", _n8,
    lambda t: t["explain"].format(steps=" → ".join(map(str, chain_sizes(5, 3)))),
    lambda: [(chain_sizes(5, 1)[-1], "one"), (chain_sizes(5, 3, padding=0)[-1], "no_crop")],
)
