"""What one step of an animation computes: one row of ``C·vec(X)`` (07) or one window position (08).

Plain NumPy in, plain NumPy and ints out; the explorers only show these numbers, and
tests/test_animation.py checks every step against torch. Introduced in 07_matrix_view.ipynb
(``matrix_row_step``) and 08_equivalent_convolution.ipynb (``window_step``).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import operations
from .i18n import tr

__all__ = ["RowStep", "WindowStep", "matrix_row_step", "window_step"]


class RowStep(NamedTuple):
    """Step ``row`` of ``C @ vec(X)``: the input cells ``cols`` (ints, ascending) where row ``row`` of C is
    non-zero, the entries ``coeffs`` of C there, the input values ``values`` they multiply, the output
    ``value`` (their dot product) and ``so_far`` ``(M,)``: the output vector with rows ``0..row`` computed
    and NaN after (rows the animation has not reached)."""
    row: int
    cols: np.ndarray
    coeffs: np.ndarray
    values: np.ndarray
    value: float
    so_far: np.ndarray


def matrix_row_step(C, x, row) -> RowStep:
    """One step of the matrix–vector product: C ``(M, N)``, x ``(N,)`` (vec(X), row-major), row in 0..M−1."""
    C = np.asarray(C, dtype=float)
    x = np.asarray(x, dtype=float).ravel()
    if C.ndim != 2 or C.shape[1] != x.size:
        raise ValueError(tr("stepping.matrix_shape", n=x.size, shape=C.shape))
    row = int(row)
    if not 0 <= row < C.shape[0]:
        raise ValueError(tr("stepping.row_range", last=C.shape[0] - 1, row=row))
    cols = np.flatnonzero(C[row])
    so_far = np.full(C.shape[0], np.nan)
    so_far[:row + 1] = C[:row + 1] @ x
    return RowStep(row, cols, C[row, cols], x[cols], float(C[row, cols] @ x[cols]), so_far)


class WindowStep(NamedTuple):
    """The direct convolution's window at output cell ``(r, c)`` (08): ``padded`` ``(H', W')`` the
    zero-inserted, padded input, ``kinds`` what each of its cells is (``operations.padded_input_kinds``),
    ``flipped`` ``(kH, kW)`` the rotated kernel, ``window`` ``(kH, kW)`` the input values under it,
    ``products`` ``(kH, kW)`` their products, ``value`` their sum (= the transposed convolution at (r, c)),
    ``done`` the number of output cells computed so far (row-major, this one included)."""
    r: int
    c: int
    padded: np.ndarray
    kinds: np.ndarray
    flipped: np.ndarray
    window: np.ndarray
    products: np.ndarray
    value: float
    done: int


def window_step(x, kernel, stride, padding, output_padding, position) -> WindowStep:
    """Step ``position`` (row-major output cell) of the direct convolution that equals
    ``conv_transpose2d(x, kernel, stride, padding, output_padding)``; x ``(H, W)``, kernel ``(kH, kW)``,
    one channel, padding ≤ kH − 1."""
    x = np.asarray(x, dtype=float)
    K = np.asarray(kernel, dtype=float)
    P, wc, Y = operations.equivalent_conv(x[None], K[None, None], stride, padding, output_padding)
    P, Kf, Y = P[0], wc[0, 0], Y[0]
    kinds = operations.padded_input_kinds(x.shape[0], K.shape[0], stride, padding, output_padding)
    position = int(position)
    if not 0 <= position < Y.size:
        raise ValueError(tr("stepping.position_range", last=Y.size - 1, position=position))
    r, c = divmod(position, Y.shape[1])
    kh, kw = Kf.shape
    window = P[r:r + kh, c:c + kw]
    products = window * Kf
    return WindowStep(r, c, P, kinds, Kf, window, products, float(products.sum()), position + 1)
